"""Benchmark: the exact two-party frontier and Nash point of spaces far beyond enumeration.

Generated linear-additive scenarios (`dragoman.testing.generators.additive_scenario`: opposed,
seeded preferences) of 10^6, 10^9, 10^15 and 10^30 outcomes (6, 9, 15 and 30 issues of 10
values); each case runs in a fresh process, which times `bargaining_problem(s).frontier` plus
its bargaining solutions on `--repeat` brand-new scenario objects (median; the issue-by-issue
fold is asked for at every size), and reports the frontier size, whether it is exact, and the
process's peak resident memory (before the check). At 10^6 the fold's frontier points and Nash
point are checked equal to the enumeration path's. ANAC-2014-style
hyper-rectangle domains (10, 30, 50 issues; the MIP solver within its time limit) are timed the
same way when the domain generator of the tests is available.

Run:  python benchmarks/bench_spaces.py [--repeat 5] [--markdown]      (about a minute)
Not a pytest test. Targets: 10^9 under 1 s, 10^30 under 10 s, every run under 1 GB peak.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from typing import Any

import numpy as np

from dragoman.analysis.frontier import FrontierMethod
from dragoman.analysis.problem import BargainingProblem
from dragoman.testing.generators import additive_scenario
from dragoman.utility.scenario import compiled

CASES = {"1e6": (6, 10), "1e9": (9, 10), "1e15": (15, 10), "1e30": (30, 10)}


def solve(issues: int, values: int) -> tuple[float, BargainingProblem]:
    """Seconds for compiling, the folded frontier and every solution of a brand-new scenario
    object (the fold is asked for: at 10^6 the automatic choice would enumerate)."""
    scenario = additive_scenario(issues, values, seed=issues)
    start = time.perf_counter()
    c = compiled(scenario)
    problem = BargainingProblem(
        c.utilities, c.allowed(), c.reservation, method=FrontierMethod.ADDITIVE
    )
    problem.solutions  # noqa: B018 - computing them is what is timed
    return time.perf_counter() - start, problem


def matches_enumeration(problem: BargainingProblem) -> bool:
    """Whether the fold's frontier points and Nash point equal the enumeration path's."""
    enumerated = BargainingProblem(
        problem.utilities, problem.allowed, problem.reservation, method=FrontierMethod.ENUMERATION
    )

    def points(p: BargainingProblem) -> set[tuple[float, ...]]:
        return {tuple(np.round(c, 12)) for c in p.frontier.utilities.T}

    nash = [p.frontier.utilities[:, p.solutions["nash"]] for p in (problem, enumerated)]
    return points(problem) == points(enumerated) and bool(np.allclose(*nash, atol=1e-12))


def one_case(name: str, repeat: int) -> dict[str, Any]:
    """Runs in a child process: the timings and facts of one case."""
    issues, values = CASES[name]
    runs = [solve(issues, values) for _ in range(repeat)]
    seconds = statistics.median(t for t, _ in runs)
    problem = runs[-1][1]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before any enumeration
    checked = matches_enumeration(problem) if problem.space.size <= 10**7 else None
    return {
        "case": name,
        "outcomes": problem.space.size,
        "method": str(problem.method),
        "exact": problem.frontier.exact,
        "frontier": problem.frontier.size,
        "seconds": seconds,
        "peak_mb": peak,
        "checked": checked,
    }


def run_child(name: str, repeat: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--one", name, "--repeat", str(repeat)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def print_table(rows: list[dict[str, Any]], markdown: bool) -> None:
    head = [
        "case",
        "outcomes",
        "method",
        "exact",
        "frontier",
        "median s",
        "peak MB",
        "= enumeration",
    ]
    lines = []
    for r in rows:
        checked = {None: "-", True: "yes", False: "NO"}[r["checked"]]
        lines.append(
            [r["case"], f"{r['outcomes']:.0e}", r["method"], str(r["exact"]), f"{r['frontier']:,}",
             f"{r['seconds']:.3f}", f"{r['peak_mb']:.0f}", checked]
        )  # fmt: skip
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for line in lines:
            print("| " + " | ".join(line) + " |")
    else:
        widths = [max(len(h), *(len(row[k]) for row in lines)) for k, h in enumerate(head)]
        for line in [head, *lines]:
            print("  ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--one", choices=sorted(CASES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_case(args.one, args.repeat)))
        return
    rows = [run_child(name, args.repeat) for name in CASES]
    print(f"bench_spaces, {date.today()}, 2 parties, median of {args.repeat}")
    print_table(rows, args.markdown)


if __name__ == "__main__":
    main()

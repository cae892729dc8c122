"""Benchmark: Pareto frontier and Nash point on whole outcome spaces, against NegMAS.

For each size (outcomes) and party count, builds an outcome space of categorical and integer
issues, random linear-additive preferences per party (seeded generator), compiles the whole
space's utilities with `LinearAdditiveUtility.utilities()`, then times `pareto_frontier` and
`nash_point` (on the frontier points, with reservation values). Each (parties, size) runs in its
own subprocess so the peak resident memory reported is that case's alone.

When negmas is importable the same utilities are handed to NegMAS 0.16:
  * `negmas.preferences.ops.pareto_frontier(ufuns, outcomes)`: what a NegMAS user calls with
    utility functions and outcomes (it evaluates every ufun on every outcome in Python, then
    runs `pareto_frontier_numpy`), with `LinearAdditiveUtilityFunction`s equal to ours;
  * `negmas.preferences.ops.pareto_frontier_numpy(points)`: its recommended exact extractor on
    precomputed (outcomes, parties) utilities, the same array dragoman gets.
The frontier utility sets (distinct utility vectors) are checked for equality.

Run:  python benchmarks/bench_analysis.py            (all defaults, ~2.5 minutes on 2 cores)
      python benchmarks/bench_analysis.py --sizes 1e4 1e5 --parties 2 --repeat 3
Not a pytest test.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from machine_info import machine

from dragoman.analysis.pareto import pareto_frontier
from dragoman.analysis.solutions import nash_point
from dragoman.model.outcomes import CategoricalIssue, IntegerIssue, OutcomeSpace, RealIssue
from dragoman.model.preferences import IssueScoring, LinearAdditiveUtility, Preferences
from dragoman.utility.compiled_utility import CompiledUtility

#: Issue cardinalities, taken in order until their product reaches the size (1e4 = 4*5*25*20).
RADICES = (4, 5, 25, 20, 10, 10, 10, 10, 10, 10)
#: A NegMAS run estimated to take longer than this (seconds) is skipped.
NEGMAS_BUDGET_S = 60.0
#: NegMAS timings stop repeating once this many seconds have been spent on one of them.
NEGMAS_SPEND_S = 30.0


# --- the scenario -------------------------------------------------------------------------------
def make_space(size: int) -> OutcomeSpace:
    """Categorical and integer issues (alternating) whose product is `size` or close to it."""
    radices: list[int] = []
    product = 1
    for r in RADICES:
        if product * r > size * 1.5:
            break
        radices.append(r)
        product *= r
    if product < size:
        radices.append(max(2, round(size / product)))
    issues: list[CategoricalIssue | IntegerIssue] = []
    for k, r in enumerate(radices):
        if k % 2 == 0:
            issues.append(CategoricalIssue(name=f"i{k}", values=tuple(f"v{j}" for j in range(r))))
        else:
            issues.append(IntegerIssue(name=f"i{k}", min=0, max=10 * (r - 1), step=10))
    return OutcomeSpace(issues)


def make_preferences(
    space: OutcomeSpace, rng: np.random.Generator, party: int, base: list[np.ndarray]
) -> Preferences:
    """Random linear-additive preferences, partly opposed to party 0's (as in a real conflict).

    Weights are Dirichlet; categorical scores are party 0's `base` scores or, for the others,
    0.6 * (1 - base) + 0.4 * noise, rounded to 0.01 as in hand-written files; integer issues
    are increasing for party 0, decreasing for party 1 and either way for the rest.
    """
    weights = rng.dirichlet(np.ones(len(space.issues)))
    values: dict[str, IssueScoring] = {}
    for issue, b in zip(space.issues, base, strict=True):
        if isinstance(issue, CategoricalIssue):
            raw = b if party == 0 else 0.6 * (1.0 - b) + 0.4 * rng.random(b.size)
            scores = {v: float(s) for v, s in zip(issue.values, np.round(raw, 2), strict=True)}
            values[issue.name] = IssueScoring(scores=scores)
        else:
            rising = party == 0 or (party > 1 and rng.random() < 0.5)
            values[issue.name] = IssueScoring(linear="increasing" if rising else "decreasing")
    named = {i.name: float(w) for i, w in zip(space.issues, weights, strict=True)}
    named[space.issues[-1].name] = 1.0 - sum(float(w) for w in weights[:-1])
    return Preferences(
        weights=named,
        values=values,
        reservation_value=float(np.round(rng.uniform(0.2, 0.4), 2)),
    )


def make_case(
    size: int, parties: int, seed: int
) -> tuple[OutcomeSpace, list[LinearAdditiveUtility]]:
    """The outcome space and each party's compiled utility (one generator, seeded)."""
    rng = np.random.default_rng(seed)
    space = make_space(size)
    base = [rng.random(issue.cardinality) for issue in space.issues]
    return space, [
        CompiledUtility(make_preferences(space, rng, k, base), space) for k in range(parties)
    ]


# --- timing -------------------------------------------------------------------------------------
def median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall time of `repeat` calls after one untimed warm-up call, and the last result."""
    times, result = [], fn()
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def frontier_set(points: np.ndarray) -> set[tuple[float, ...]]:
    """Distinct utility vectors (rows of an (n, parties) array) as a set of tuples."""
    return {tuple(map(float, row)) for row in np.unique(points, axis=0)}


def run_case(size: int, parties: int, repeat: int, seed: int, negmas_mode: str) -> dict[str, Any]:
    """One (size, parties) case in this process: dragoman timings, peak memory, then NegMAS."""
    base_mb = peak_mb()
    start = time.perf_counter()
    space, ufuns = make_case(size, parties, seed)
    u = np.stack([f.utilities() for f in ufuns])
    build_s = time.perf_counter() - start
    reservation = np.array([f.reservation_value for f in ufuns])

    def frontier() -> Any:
        return pareto_frontier(u)

    def nash(idx: np.ndarray) -> Any:
        return nash_point(u[:, idx], reservation)

    def both() -> Any:
        idx = pareto_frontier(u)
        return idx, nash_point(u[:, idx], reservation)

    frontier_s, idx = median_time(frontier, repeat)
    nash_s, _ = median_time(lambda: nash(idx), repeat)
    total_s, _ = median_time(both, repeat)
    out: dict[str, Any] = {
        "size": space.size,
        "parties": parties,
        "repeat": repeat,
        "build_s": build_s,
        "frontier_s": frontier_s,
        "nash_s": nash_s,
        "total_s": total_s,
        "frontier_size": int(idx.size),
        "peak_mb": peak_mb(),
        "base_mb": base_mb,
    }
    variants = [v for v in negmas_mode.split(",") if v]
    if variants:
        out.update(run_negmas(space, ufuns, u, idx, repeat, variants))
    return out


# --- NegMAS -------------------------------------------------------------------------------------
def issue_values(issue: CategoricalIssue | IntegerIssue | RealIssue) -> list[Any]:
    """An issue's values as NegMAS should see them (strings, ints or floats)."""
    if isinstance(issue, CategoricalIssue):
        return list(issue.values)
    if isinstance(issue, IntegerIssue):
        return list(range(issue.min, issue.max + 1, issue.step))
    return [float(v) for v in issue.numeric_values()]


def negmas_ufuns(space: OutcomeSpace, ufuns: list[LinearAdditiveUtility]) -> tuple[Any, list[Any]]:
    """NegMAS issues, all outcomes (same mixed-radix order) and ufuns equal to ours."""
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction

    issues = [make_issue(issue_values(i), name=i.name) for i in space.issues]
    outcome_space = make_os(issues)
    result = []
    for f in ufuns:
        tables = {
            i.name: dict(
                zip(nm.values, map(float, f.preferences.values[i.name].vector(i)), strict=True)
            )
            for i, nm in zip(space.issues, outcome_space.issues, strict=True)
        }
        result.append(
            LinearAdditiveUtilityFunction(
                values=tables, weights=dict(f.preferences.weights), outcome_space=outcome_space
            )
        )
    return outcome_space, result


def negmas_median(fn: Callable[[], Any], repeat: int) -> tuple[float, int, Any]:
    """Median of up to `repeat` timed calls (no warm-up), stopping once 30 s have been spent."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        if sum(times) > NEGMAS_SPEND_S:
            break
    return statistics.median(times), len(times), result


def run_negmas(
    space: OutcomeSpace,
    ufuns: list[LinearAdditiveUtility],
    u: np.ndarray,
    idx: np.ndarray,
    repeat: int,
    variants: list[str],
) -> dict[str, Any]:
    """Time NegMAS's frontier functions on the same utilities; check the frontier sets agree.

    `variants`: "numpy" (pareto_frontier_numpy on the utility array) and/or "ufuns"
    (pareto_frontier on NegMAS ufuns and the list of outcomes).
    """
    from negmas.preferences.ops import pareto_frontier as negmas_frontier
    from negmas.preferences.ops import pareto_frontier_numpy

    ours = frontier_set(u[:, idx].T)
    out: dict[str, Any] = {}
    checks = []
    if "numpy" in variants:
        points = np.ascontiguousarray(u.T)  # NegMAS wants (outcomes, parties)
        seconds, runs, found = negmas_median(lambda: pareto_frontier_numpy(points), repeat)
        out.update(negmas_numpy_s=seconds, negmas_numpy_runs=runs, negmas_count=len(found))
        checks.append(frontier_set(points[np.asarray(found, dtype=np.int64)]) == ours)
    if "ufuns" in variants:
        outcome_space, nufuns = negmas_ufuns(space, ufuns)
        outcomes = list(outcome_space.enumerate())
        seconds, runs, (front, _) = negmas_median(lambda: negmas_frontier(nufuns, outcomes), repeat)
        out.update(negmas_ufuns_s=seconds, negmas_ufuns_runs=runs, negmas_count=len(front))
        checks.append(frontier_set(np.asarray(front, dtype=np.float64)) == ours)
    if checks:
        out["check"] = all(checks)
    return out


# --- driver -------------------------------------------------------------------------------------
def worker(args: argparse.Namespace) -> None:
    """Run one case and print its results as JSON on the last line."""
    size, parties = args.worker
    print(json.dumps(run_case(size, parties, args.repeat, args.seed, args.negmas_mode)))


def spawn(size: int, parties: int, args: argparse.Namespace, negmas_mode: str) -> dict[str, Any]:
    """Run one case in a fresh interpreter, so its peak memory is its own."""
    cmd = [sys.executable, __file__, "--worker", str(size), str(parties)]
    cmd += ["--repeat", str(args.repeat), "--seed", str(args.seed), "--negmas-mode", negmas_mode]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"case {size}x{parties} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def estimate(history: list[tuple[int, float]], size: int) -> float | None:
    """NegMAS time at `size`, extrapolated from the last two measured sizes (at least linear)."""
    if not history:
        return None
    n1, t1 = history[-1]
    growth = 1.0
    if len(history) > 1:
        n0, t0 = history[-2]
        if t0 > 0 and n1 > n0:
            growth = math.log(t1 / t0) / math.log(n1 / n0)
    return float(t1 * (size / n1) ** max(1.0, growth))


def negmas_version() -> str | None:
    """NegMAS's version if it imports (asked in a subprocess: it is slow to import), else None."""
    probe = "import negmas; print(negmas.__version__)"
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    if found.returncode != 0:
        return None
    return found.stdout.strip() or "unknown"


def negmas_plan(
    size: int, args: argparse.Namespace, history: dict[str, list[tuple[int, float]]]
) -> tuple[list[str], dict[str, float | None]]:
    """Which NegMAS variants to run at `size`, and the estimate of each one skipped."""
    run, skipped = [], {}
    for variant in ("numpy", "ufuns"):
        guess = estimate(history[variant], size)
        too_slow = guess is not None and guess > NEGMAS_BUDGET_S
        if size > args.max_negmas_size or too_slow:
            skipped[variant] = guess
        else:
            run.append(variant)
    return run, skipped


def run_all(args: argparse.Namespace, negmas: bool) -> list[dict[str, Any]]:
    """Every (parties, size) case in its own subprocess, smallest first."""
    rows = []
    for parties in args.parties:
        history: dict[str, list[tuple[int, float]]] = {"numpy": [], "ufuns": []}
        for size in sorted(args.sizes):
            variants, skipped = negmas_plan(size, args, history) if negmas else ([], {})
            row = spawn(size, parties, args, ",".join(variants))
            for variant in variants:
                history[variant].append((row["size"], row[f"negmas_{variant}_s"]))
            row["skipped"] = skipped
            rows.append(row)
            print("  " + " | ".join(format_row(row, negmas)), flush=True)
    return rows


COLUMNS = (
    "parties", "outcomes", "build s", "frontier s", "nash s", "frontier+nash s", "frontier size",
    "negmas numpy s", "ratio numpy", "negmas ufuns s", "ratio ufuns", "check", "peak MB",
)  # fmt: skip


def negmas_cell(row: dict[str, Any], variant: str, ours: float) -> tuple[str, str]:
    """Time and ratio cells of one NegMAS variant (ratio = NegMAS time / dragoman time)."""
    key = f"negmas_{variant}_s"
    if key in row:
        runs = row[f"negmas_{variant}_runs"]
        mark = "" if runs == row["repeat"] else f" ({runs} runs)"
        return f"{row[key]:.4g}{mark}", f"{row[key] / ours:.0f}x"
    guess = row.get("skipped", {}).get(variant)
    if guess is None:
        return "skipped", ""
    return f"skipped (~{guess:.0f} s est.)" if guess >= 1 else f"skipped (~{guess:.1g} s est.)", ""


def check_cell(row: dict[str, Any]) -> str:
    """Whether NegMAS found the same frontier utility vectors (it keeps one outcome per vector)."""
    if "check" not in row:
        return ""
    if not row["check"]:
        return "DIFFERENT"
    fewer = row["negmas_count"] != row["frontier_size"]
    return f"same ({row['negmas_count']} outcomes)" if fewer else "same"


def format_row(row: dict[str, Any], negmas: bool) -> list[str]:
    """Table cells of one case."""
    cells = [
        str(row["parties"]),
        f"{row['size']:,}",
        f"{row['build_s']:.3f}",
        f"{row['frontier_s']:.4f}",
        f"{row['nash_s']:.5f}",
        f"{row['total_s']:.4f}",
        str(row["frontier_size"]),
    ]
    if negmas:
        # numpy: same array, frontier only; ufuns: end to end, so ours includes building utilities
        cells += negmas_cell(row, "numpy", row["frontier_s"])
        cells += negmas_cell(row, "ufuns", row["build_s"] + row["frontier_s"])
        cells.append(check_cell(row))
    else:
        cells += ["", "", "", "", ""]
    cells.append(f"{row['peak_mb']:.0f}")
    return cells


def print_table(rows: list[dict[str, Any]], negmas: bool, markdown: bool) -> None:
    """The results as a rich table, and optionally as Markdown."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="dragoman analysis benchmark (medians, seconds)")
    for name in COLUMNS:
        table.add_column(name, justify="right")
    for row in rows:
        table.add_row(*format_row(row, negmas))
    Console(width=200).print(table)
    if markdown:
        print("| " + " | ".join(COLUMNS) + " |")
        print("|" + "---:|" * len(COLUMNS))
        for row in rows:
            print("| " + " | ".join(format_row(row, negmas)) + " |")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = lambda text: int(float(text))  # noqa: E731 - accepts 1e6
    parser.add_argument(
        "--sizes", nargs="+", type=size, default=[10**4, 10**5, 10**6, 10**7], help="outcomes"
    )
    parser.add_argument("--parties", nargs="+", type=int, default=[2, 3], help="party counts")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (median)")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--no-negmas", action="store_true", help="do not run NegMAS")
    parser.add_argument(
        "--max-negmas-size",
        type=size,
        default=10**6,
        help="skip NegMAS above this many outcomes (it is also skipped wherever a run is "
        f"estimated, from the smaller sizes, to take over {NEGMAS_BUDGET_S:.0f} s)",
    )
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    parser.add_argument("--worker", nargs=2, type=size, help=argparse.SUPPRESS)
    parser.add_argument("--negmas-mode", default="", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the table."""
    args = parse_args(argv)
    if args.worker:
        worker(args)
        return
    version = negmas_version()
    negmas = not args.no_negmas and version is not None
    print(machine(version))
    print(f"seed {args.seed}, repeat {args.repeat}, sizes {args.sizes}, parties {args.parties}")
    if not args.no_negmas and not negmas:
        print("negmas does not import: NegMAS columns left empty")
    start = time.perf_counter()
    rows = run_all(args, negmas)
    print_table(rows, negmas, args.markdown)
    print(f"total wall time {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()

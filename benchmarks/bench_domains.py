"""Benchmark: the ANAC domains in GENIUS XML, Dragoman and NegMAS side by side.

For every domain folder under the shared data (`../shared/data/anac`, or DRAGOMAN_SHARED_DATA):
  * load: parse the domain and every profile into a scenario (Dragoman `load_genius`; NegMAS
    `Scenario.from_genius_files(..., ignore_discount=True)`);
  * frontier + Nash: Dragoman compiles every party's utilities over the whole space, then
    `pareto_frontier` and `nash_point` (on the 10^10-outcome 2014 domain: the MIP frontier,
    `large_frontier`, and the Nash point on it); NegMAS `pareto_frontier(ufuns, outcomes)` then
    `nash_points(ufuns, frontier, ranges=...)` with GENIUS's disagreement point, on its own
    reading of the files (no run where its space cannot be enumerated);
  * negotiation: Boulware against Conceder, alternating offers, first two profiles, a budget of
    `--steps` actions (Dragoman: one action per step; NegMAS `SAOMechanism` with steps / 2
    rounds, both parties acting in a round), on utility functions carrying GENIUS's meaning in
    both: the time of one whole negotiation (to agreement or deadline), setting up the agents
    included, and the actions it took (NegMAS: 2 per round).
Ratios are NegMAS time / Dragoman time (above 1: Dragoman faster). One run each (`--repeat`)
after one untimed warm-up load. Frontier points: Dragoman counts outcomes under GENIUS's reading
(ties included); NegMAS distinct utility vectors under its own reading (see genius-semantics.md).

Run:  python benchmarks/bench_domains.py [--markdown] [--steps 1000] [--repeat 1]
Not a pytest test; needs negmas (`pip install -e '.[bench]'`) and highspy for the 2014 domain.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from dragoman.analysis.pareto import pareto_frontier
from dragoman.analysis.problem import bargaining_problem
from dragoman.analysis.solutions import nash_point
from dragoman.io.genius import find_genius_files, load_genius
from dragoman.limits import limit
from dragoman.model.scenario import Scenario
from dragoman.negotiation.protocols.registry import make_protocol
from dragoman.negotiation.session import Session
from dragoman.strategies.seating import build_seats, parse_assignments
from dragoman.utility.compiled_utility import CompiledUtility
from dragoman.utility.scenario import compiled

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
warnings.filterwarnings("ignore")

Row = dict[str, Any]


def timed(call: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median seconds of `repeat` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def anac_root() -> Path:
    """The `anac` data folder (DRAGOMAN_SHARED_DATA names the folder holding it)."""
    base = os.environ.get("DRAGOMAN_SHARED_DATA")
    return (
        Path(base) if base else Path(__file__).resolve().parents[2] / "shared" / "data"
    ) / "anac"


def our_frontier_and_nash(scenario: Scenario) -> int:
    """Frontier + Nash as `analyze` computes them; the number of frontier points."""
    reservation = np.array([u.reservation_value for u in compiled(scenario).utilities])
    if scenario.outcome_space.size > limit("enumeration"):
        result = bargaining_problem(scenario).frontier
        nash_point(result.utilities, reservation)
        return int(result.outcomes.size)
    u = np.stack([utility.utilities() for utility in compiled(scenario).utilities])
    frontier = pareto_frontier(u)
    nash_point(u[:, frontier], reservation)
    return int(frontier.size)


def negmas_frontier_and_nash(theirs: Any) -> int:
    from negmas.preferences.ops import nash_points
    from negmas.preferences.ops import pareto_frontier as frontier_of

    outcomes = list(theirs.outcome_space.enumerate_or_sample())
    points, _ = frontier_of(theirs.ufuns, outcomes)
    ranges = [(float(f.reserved_value), f.minmax(theirs.outcome_space)[1]) for f in theirs.ufuns]
    nash_points(theirs.ufuns, points, ranges=ranges)
    return len(points)


def our_negotiation(scenario: Scenario, steps: int) -> int:
    """Boulware vs Conceder on a fresh copy (so the agents' rankings are built in the timing)."""
    fresh = Scenario.model_validate(scenario.model_dump())
    protocol = make_protocol("alternating")
    a, b = (p.name for p in fresh.negotiators[:2])
    agents = parse_assignments([f"{a}=boulware", f"{b}=conceder"], "agent")
    seats = build_seats(fresh, protocol, agents, {}, [])
    return Session(fresh, protocol, seats, seed=0, total_steps=steps).run().steps


def negmas_negotiation(scenario: Scenario, steps: int) -> int:
    from negmas import BoulwareTBNegotiator, ConcederTBNegotiator, SAOMechanism
    from negmas_bridge import genius_ufuns

    space, ufuns = genius_ufuns(scenario)
    mechanism = SAOMechanism(outcome_space=space, n_steps=steps // 2)
    mechanism.add(BoulwareTBNegotiator(name="boulware"), ufun=ufuns[0])
    mechanism.add(ConcederTBNegotiator(name="conceder"), ufun=ufuns[1])
    return 2 * (mechanism.run().step + 1)


def bench_domain(folder: Path, root: Path, steps: int, repeat: int) -> Row:
    from negmas.inout import Scenario as NegmasScenario

    domain, profiles = find_genius_files(folder)
    row: Row = {"domain": str(folder.relative_to(root)), "profiles": len(profiles)}
    row["load"], scenario = timed(lambda: load_genius(domain, profiles), repeat)
    row["outcomes"] = scenario.outcome_space.size
    row["load_nm"], theirs = timed(
        lambda: NegmasScenario.from_genius_files(domain, profiles, ignore_discount=True), repeat
    )
    row["front"], row["points"] = timed(lambda: our_frontier_and_nash(scenario), repeat)
    if scenario.outcome_space.size <= limit("enumeration"):
        row["front_nm"], row["points_nm"] = timed(lambda: negmas_frontier_and_nash(theirs), repeat)
    pair = load_genius(domain, profiles[:2])
    row["neg"], row["actions"] = timed(lambda: our_negotiation(pair, steps), repeat)
    if all(isinstance(u, CompiledUtility) for u in compiled(pair).utilities):  # not 10^10 outcomes
        row["neg_nm"], row["actions_nm"] = timed(lambda: negmas_negotiation(pair, steps), repeat)
    return row


def ratio(theirs: float | None, ours: float) -> str:
    """NegMAS time / Dragoman time, e.g. "12x" (blank when NegMAS did not run)."""
    if theirs is None:
        return ""
    value = theirs / ours
    return f"{value:.0f}x" if value >= 10 else f"{value:.1f}x"


def seconds(value: float | None) -> str:
    """Seconds with four decimals below 0.1 s, three above; "n/a" when not run."""
    return "n/a" if value is None else f"{value:.4f}" if value < 0.1 else f"{value:.3f}"


def table(rows: list[Row]) -> str:
    """The results as a markdown table."""
    head = (
        "| domain | parties | outcomes | load s | NegMAS load s | ratio | frontier+Nash s | "
        "NegMAS s | ratio | frontier points (ours / NegMAS) | BvC negotiation s (actions) | "
        "NegMAS s (actions) | ratio |"
    )
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        theirs = f"{seconds(r['neg_nm'])} ({r['actions_nm']})" if "neg_nm" in r else "n/a"
        lines.append(
            f"| {r['domain']} | {r['profiles']} | {r['outcomes']:,} | {seconds(r['load'])} | "
            f"{seconds(r['load_nm'])} | {ratio(r['load_nm'], r['load'])} | {seconds(r['front'])} | "
            f"{seconds(r.get('front_nm'))} | {ratio(r.get('front_nm'), r['front'])} | "
            f"{r['points']} / {r.get('points_nm', 'n/a')} | {seconds(r['neg'])} ({r['actions']}) | "
            f"{theirs} | {ratio(r.get('neg_nm'), r['neg'])} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000, help="negotiation step budget")
    parser.add_argument("--repeat", type=int, default=1, help="runs per timing (median)")
    parser.add_argument("--markdown", action="store_true", help="only the markdown table")
    args = parser.parse_args()
    root = anac_root()
    folders = sorted({p.parent for p in root.rglob("*.xml")})
    if not folders:
        sys.exit(f"no ANAC data in {root} (set DRAGOMAN_SHARED_DATA)")
    load_genius(*find_genius_files(folders[0]))  # warm-up: first pydantic validations, imports
    started = time.perf_counter()
    rows = [bench_domain(f, root, args.steps, args.repeat) for f in folders]
    if not args.markdown:
        import negmas

        versions = f"numpy {np.__version__}, negmas {negmas.__version__}"
        print(f"python {platform.python_version()}, {versions}, steps {args.steps}")
    print(table(rows))
    print(f"\nwall time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()

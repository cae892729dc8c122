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

Run:  python benchmarks/bench_analysis.py            (all defaults, ~5-8 minutes on 2 cores)
      python benchmarks/bench_analysis.py --sizes 1e4 1e5 --parties 2 --repeat 3
Not a pytest test.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from dragoman.analysis.pareto import pareto_frontier
from dragoman.analysis.solutions import nash_point
from dragoman.outcomes import CategoricalIssue, IntegerIssue, OutcomeSpace
from dragoman.preferences import IssueScoring, LinearAdditiveUtility, Preferences

#: Issue cardinalities, taken in order until their product reaches the size (1e4 = 4*5*25*20).
RADICES = (4, 5, 25, 20, 10, 10, 10, 10, 10, 10)
#: A NegMAS run estimated to take longer than this (seconds) is skipped.
NEGMAS_BUDGET_S = 60.0


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
        LinearAdditiveUtility(make_preferences(space, rng, k, base), space) for k in range(parties)
    ]


# --- timing -------------------------------------------------------------------------------------
def median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall time of `repeat` calls (time.perf_counter) and the last result."""
    times, result = [], None
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
        "build_s": build_s,
        "frontier_s": frontier_s,
        "nash_s": nash_s,
        "total_s": total_s,
        "frontier_size": int(idx.size),
        "peak_mb": peak_mb(),
        "base_mb": base_mb,
    }
    if negmas_mode != "skip":
        out.update(run_negmas(space, ufuns, u, idx, repeat, negmas_mode))
    return out

"""The exact Pareto frontier of additive utilities, without enumerating the outcome space.

When every party's utility is a sum of independent contributions of "factors" (an issue, or a
group of issues tied by interaction terms, taken as one joint issue), the frontier of the sums
lies inside the sum of the factors' frontiers: if a choice for one factor is dominated within
that factor, replacing it by its dominator dominates the whole outcome. So the frontier is folded
factor by factor: start from the constants, add each factor's non-dominated contributions to
every point kept so far, and keep only the non-dominated sums (one per distinct utility vector).
Back-pointers give one outcome per frontier point. Exact; its cost follows the size of the
frontiers met on the way, not the size of the space (e.g. 10^30 outcomes of 30 issues).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dragoman._arrays import FloatArray, IntArray
from dragoman.analysis.pareto import pareto_frontier

__all__ = [
    "MAX_FOLD_CANDIDATES",
    "FoldTooLargeError",
    "FoldedFrontier",
    "distinct_frontier",
    "fold",
]

#: Most candidate sums (points kept x a factor's values) examined at one step of the fold.
MAX_FOLD_CANDIDATES = 40_000_000


class FoldTooLargeError(ValueError):
    """The frontiers met while folding grew beyond `MAX_FOLD_CANDIDATES` candidates."""


@dataclass(frozen=True)
class FoldedFrontier:
    """The frontier of constant + sum of factor contributions: one choice per point."""

    points: FloatArray  # (parties, m)
    choices: IntArray  # (m, factors): the value (column) chosen in each factor


def distinct_frontier(points: FloatArray) -> IntArray:
    """Positions (ascending) of the non-dominated columns, one per distinct utility vector
    (the first of each group of equal columns)."""
    keep = pareto_frontier(points)
    if keep.size < 2:
        return keep
    _, first = np.unique(points[:, keep], axis=1, return_index=True)
    return np.asarray(keep[np.sort(first)], dtype=np.int64)


def fold(constant: FloatArray, factors: Sequence[FloatArray]) -> FoldedFrontier:
    """The exact frontier of `constant + sum_f factors[f][:, x_f]` over every choice x.

    `constant` is (parties,); each factor is (parties, values). FoldTooLargeError if a step
    would examine more than `MAX_FOLD_CANDIDATES` sums.
    """
    reduced = [distinct_frontier(np.asarray(f, dtype=np.float64)) for f in factors]
    points = np.asarray(constant, dtype=np.float64).reshape(-1, 1)
    steps: list[tuple[IntArray, IntArray]] = []
    for factor, kept in zip(factors, reduced, strict=True):
        table = np.asarray(factor, dtype=np.float64)[:, kept]
        m, v = points.shape[1], table.shape[1]
        if m * v > MAX_FOLD_CANDIDATES:
            raise FoldTooLargeError(
                f"the frontier grew to {m:,} points: {m * v:,} sums at one step of the fold"
            )
        candidates = (points[:, :, None] + table[:, None, :]).reshape(points.shape[0], -1)
        keep = distinct_frontier(candidates)
        steps.append((keep // v, kept[keep % v]))
        points = candidates[:, keep]
    return FoldedFrontier(points, _choices(steps, points.shape[1]))


def _choices(steps: list[tuple[IntArray, IntArray]], m: int) -> IntArray:
    """Walk the back-pointers from the last step: the value chosen in every factor."""
    choices = np.zeros((m, len(steps)), dtype=np.int64)
    at = np.arange(m, dtype=np.int64)
    for f in range(len(steps) - 1, -1, -1):
        parents, values = steps[f]
        choices[:, f] = values[at]
        at = parents[at]
    return choices

"""The exact Pareto frontier of a set of utility vectors.

Utilities come as an (n_parties, n_outcomes) array. A cheap pre-filter first removes every point
dominated by a few known-good points (maximisers of weighted sums); the survivors then go
through an exact method: sort and scan for two parties, a blocked skyline (sorted by utility sum,
compared block against block with numpy) for three or more. Ties are kept: two outcomes with the
same utility vector are both on the frontier.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["dominated_by", "is_dominated", "pareto_frontier"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Pairs compared at once in the blocked skyline (bounds its memory to a few MB).
_BLOCK_PAIRS = 2_000_000
#: How many weighted-sum maximisers the pre-filter uses.
_ANCHORS = 12


def pareto_frontier(utilities: npt.ArrayLike, feasible: npt.ArrayLike | None = None) -> IntArray:
    """Indices (ascending) of the outcomes whose utility vector no other feasible outcome dominates.

    `utilities[i, k]` is party i's utility for outcome k; `feasible` optionally masks the outcomes
    to consider (e.g. those inside every red line). q dominates p when q is at least as good for
    every party and better for one.
    """
    u = np.asarray(utilities, dtype=np.float64)
    if u.ndim != 2:
        raise ValueError(f"utilities must be (parties, outcomes); got shape {u.shape}")
    candidates = (
        np.arange(u.shape[1], dtype=np.int64)
        if feasible is None
        else np.flatnonzero(np.asarray(feasible, dtype=bool)).astype(np.int64)
    )
    if candidates.size == 0:
        return candidates
    points = u[:, candidates] if feasible is not None else u
    survivors = _prefilter(points)
    points, candidates = points[:, survivors], candidates[survivors]
    if u.shape[0] == 1:
        keep = points[0] == points[0].max()
    elif u.shape[0] == 2:
        keep = _frontier_2d(points)
    else:
        keep = _frontier_nd(points)
    return np.sort(candidates[keep])


def is_dominated(point: npt.ArrayLike, others: npt.ArrayLike) -> bool:
    """Whether some column of `others` (parties, k) dominates the utility vector `point`."""
    p = np.asarray(point, dtype=np.float64)[:, None]
    o = np.asarray(others, dtype=np.float64)
    return bool(np.any(np.all(o >= p, axis=0) & np.any(o > p, axis=0)))


def dominated_by(dominators: FloatArray, points: FloatArray) -> BoolArray:
    """For each column of `points`, whether some column of `dominators` dominates it."""
    out = np.zeros(points.shape[1], dtype=bool)
    if dominators.shape[1] == 0 or points.shape[1] == 0:
        return out
    rows = max(1, _BLOCK_PAIRS // max(1, points.shape[1]))
    for start in range(0, dominators.shape[1], rows):
        d = dominators[:, start : start + rows]
        ge = np.ones((d.shape[1], points.shape[1]), dtype=bool)
        gt = np.zeros_like(ge)
        for i in range(points.shape[0]):
            ge &= d[i][:, None] >= points[i][None, :]
            gt |= d[i][:, None] > points[i][None, :]
        out |= np.any(ge & gt, axis=0)
    return out


def _prefilter(points: FloatArray) -> IntArray:
    """Positions of points not dominated by any of a few weighted-sum maximisers."""
    n, m = points.shape
    alive = np.arange(m, dtype=np.int64)
    if m < 64:
        return alive
    directions = [np.ones(n)] + [np.eye(n)[i] + 1e-3 for i in range(n)]
    rng = np.random.default_rng(0)  # fixed directions: the filter only removes dominated points
    directions += list(rng.dirichlet(np.ones(n), size=max(0, _ANCHORS - len(directions))) + 1e-3)
    for weights in directions:
        current = points[:, alive]
        anchor = current[:, int(np.argmax(weights @ current))]
        le = np.ones(alive.size, dtype=bool)
        lt = np.zeros(alive.size, dtype=bool)
        for i in range(n):
            le &= current[i] <= anchor[i]
            lt |= current[i] < anchor[i]
        alive = alive[~(le & lt)]
    return alive


def _frontier_2d(points: FloatArray) -> BoolArray:
    """Exact two-party frontier: sort by u0 then u1 descending, keep each new running maximum."""
    u0, u1 = points[0], points[1]
    order = np.lexsort((-u1, -u0))
    s0, s1 = u0[order], u1[order]
    new_group = np.empty(s0.size, dtype=bool)
    new_group[0] = True
    new_group[1:] = s0[1:] != s0[:-1]
    group = np.cumsum(new_group) - 1
    group_best = s1[new_group]  # first of each u0-group has the group's highest u1
    best_before = np.empty_like(group_best)
    best_before[0] = -np.inf
    best_before[1:] = np.maximum.accumulate(group_best)[:-1]
    keep_sorted = (s1 == group_best[group]) & (s1 > best_before[group])
    keep = np.zeros(s0.size, dtype=bool)
    keep[order[keep_sorted]] = True
    return keep


def _frontier_nd(points: FloatArray) -> BoolArray:
    """Exact n-party frontier by a blocked skyline over points sorted by decreasing sum."""
    m = points.shape[1]
    order = np.argsort(-points.sum(axis=0), kind="stable")
    frontier: list[IntArray] = []
    block = max(256, int(np.sqrt(_BLOCK_PAIRS)))
    for start in range(0, m, block):
        idx = order[start : start + block]
        chunk = points[:, idx]
        alive = ~dominated_by(chunk, chunk)
        if frontier:
            kept = np.concatenate(frontier)
            alive &= ~dominated_by(points[:, kept], chunk)
        frontier.append(idx[alive])
    kept = np.concatenate(frontier)
    # A dominator can share a point's float sum and sort after it: one last exact check.
    kept = kept[~dominated_by(points[:, kept], points[:, kept])]
    keep = np.zeros(m, dtype=bool)
    keep[kept] = True
    return keep

"""The exact Pareto frontier of a set of utility vectors.

Utilities come as an (n_parties, n_outcomes) array. A grid pre-filter first removes, in a few
linear passes, every point that some point of a strictly higher grid cell dominates; the few
survivors then go through an exact method: one sort and a scan of group maxima for two parties,
a sorted, blocked skyline over distinct vectors for three or more. Ties are kept: two outcomes
with the same utility vector are both on the frontier.
"""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt

from dragoman._arrays import BoolArray, FloatArray, IntArray

__all__ = [
    "TIE_DIGITS",
    "TIE_EXACT_ABOVE",
    "dominated_by",
    "is_dominated",
    "pareto_frontier",
    "pareto_frontier_within",
    "tie_keys",
]


#: Pairs compared at once in the blocked skyline (bounds its memory to a few MB).
_BLOCK_PAIRS = 2_000_000
#: Points per block of the n-party skyline (each checked against the frontier so far).
_SKYLINE_BLOCK = 256
#: Most cells of the pre-filter's grid (2 MB of float64 maxima), and points per cell at least.
_GRID_CELLS = 2**18
_POINTS_PER_CELL = 4
#: Magnitude utilities are clipped to for the sort key, so a sum of them stays finite.
_KEY_CLIP = 1e300
#: Decimals to which utilities compare: closer ones are ties (`tie_keys`).
TIE_DIGITS = 12
#: Utilities of this magnitude or more compare as they are (a float has no 12 decimals there).
TIE_EXACT_ABOVE = 1e3


def pareto_frontier(utilities: npt.ArrayLike, feasible: npt.ArrayLike | None = None) -> IntArray:
    """Indices (ascending) of the outcomes whose utility vector no other feasible outcome dominates
    (`pareto_frontier_within` without a time limit)."""
    return pareto_frontier_within(utilities, feasible)[0]


def pareto_frontier_within(
    utilities: npt.ArrayLike, feasible: npt.ArrayLike | None = None, seconds: float | None = None
) -> tuple[IntArray, bool]:
    """(indices ascending, complete): the outcomes whose utility vector no other feasible outcome
    dominates; with `seconds` and three or more parties, those verified when time ran out (each
    a frontier point: the points of largest utility sum are checked first), complete False.

    `utilities[i, k]` is party i's utility for outcome k; `feasible` optionally masks the outcomes
    to consider (e.g. those inside every red line). q dominates p when q is at least as good for
    every party and better for one, utilities compared to `TIE_DIGITS` decimals (`tie_keys`:
    sums of the same terms in another order are ties).
    ValueError if `utilities` is not 2-D or `feasible` does not have one entry per outcome.
    """
    u = np.asarray(utilities, dtype=np.float64)
    if u.ndim != 2:
        raise ValueError(f"utilities must be (parties, outcomes); got shape {u.shape}")
    if np.isnan(u).any():
        raise ValueError("utilities contain NaN: dominance is undefined for them")
    candidates = np.arange(u.shape[1], dtype=np.int64)
    if feasible is not None:
        mask = np.asarray(feasible, dtype=bool)
        if mask.shape != (u.shape[1],):
            raise ValueError(f"feasible must be ({u.shape[1]},), one per outcome; got {mask.shape}")
        candidates = np.flatnonzero(mask).astype(np.int64)
    if candidates.size == 0:
        return candidates, True
    points = tie_keys(u[:, candidates] if feasible is not None else u)
    survivors = _grid_filter(points)
    if survivors is not None and survivors.size < candidates.size:
        points, candidates = points[:, survivors], candidates[survivors]
    if u.shape[0] == 0:
        return candidates, True
    keep: BoolArray
    complete = True
    if u.shape[0] == 1:
        keep = points[0] == points[0].max()
    elif u.shape[0] == 2:
        keep = _frontier_2d(points)
    else:
        deadline = None if seconds is None else time.perf_counter() + seconds
        keep, complete = _frontier_nd(points, deadline)
    return candidates[keep], complete  # candidates ascend and masks keep order


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


def _grid_filter(points: FloatArray) -> IntArray | None:
    """Positions of the points that no point of a strictly higher grid cell dominates.

    Parties 0..n-2 are cut into bins by a monotone map, so a point q in a cell above p's on
    every axis has q_i > p_i there; it dominates p when also q_last >= p_last. Per cell the
    best last-party utility, then a suffix maximum over the grid, gives that test for all
    points at once. None when it does not apply (fewer than two parties, non-finite values).
    """
    n, m = points.shape
    if not np.isfinite(points[-1]).all():  # an empty cell's bound is -inf: ties with -inf
        return None
    axes = n - 1
    cells = min(_GRID_CELLS, m // _POINTS_PER_CELL)
    bins = int(cells ** (1 / axes)) - 1 if axes > 0 else 0
    cell = _cell_of(points[:-1], bins) if bins >= 2 else None
    if cell is None:
        return None
    shape = (bins + 1,) * axes
    best = np.full((bins + 1) ** axes, -np.inf)
    np.maximum.at(best, cell, points[-1])
    above = best.reshape(shape)
    for ax in range(axes):
        above = np.flip(np.maximum.accumulate(np.flip(above, ax), axis=ax), ax)
    bound = np.full(shape, -np.inf)
    bound[(slice(None, -1),) * axes] = above[(slice(1, None),) * axes]
    return np.flatnonzero(points[-1] > bound.ravel()[cell])


def _cell_of(coords: FloatArray, bins: int) -> IntArray | None:
    """Flat grid cell of each point, each axis cut into bins 0..`bins` monotonically in the
    value; None for NaN or infinite values (the exact methods then handle every point)."""
    lo, hi = coords.min(axis=1), coords.max(axis=1)
    if not (np.all(np.isfinite(lo)) and np.all(np.isfinite(hi))):
        return None
    with np.errstate(over="ignore"):
        span = hi - lo
    if not np.all(np.isfinite(span)):
        return None  # overflows (e.g. -1e308 to 1e308)
    cell = np.zeros(coords.shape[1], dtype=np.int64)
    for i in range(coords.shape[0]):
        cell *= bins + 1
        if span[i] > 0:  # (x - lo) / span <= 1 in floats too, so a bin is at most `bins`
            scaled = coords[i] - lo[i]
            scaled /= span[i]
            scaled *= bins
            cell += scaled.astype(np.int64)
    return cell


def tie_keys(points: FloatArray) -> FloatArray:
    """What dominance compares: utilities rounded to `TIE_DIGITS` decimals, so that those equal
    in exact arithmetic compare equal (0.1 + 0.2 is 0.30000000000000004: it would escape
    dominance by 0.3 by one bit); magnitudes of `TIE_EXACT_ABOVE` or more, where such digits
    do not exist, as they are. Each point's keys depend on it alone, and rise with it."""
    keys = points * 10.0**TIE_DIGITS
    np.rint(keys, out=keys)
    keys /= 10.0**TIE_DIGITS
    if points.size and max(points.max(), -points.min()) >= TIE_EXACT_ABOVE:
        keys = np.where(np.abs(points) >= TIE_EXACT_ABOVE, points, keys)
    return keys


def _frontier_2d(points: FloatArray) -> BoolArray:
    """Exact two-party frontier: sort by u0 descending; in each u0 group keep the points at the
    group's highest u1 when that beats every u1 of the groups before (the first group always)."""
    u0, u1 = points[0], points[1]
    order = np.argsort(u0)[::-1]  # one key: equal u0 values end up adjacent
    s0, s1 = u0[order], u1[order]
    new_group = np.empty(s0.size, dtype=bool)
    new_group[0] = True
    np.not_equal(s0[1:], s0[:-1], out=new_group[1:])
    starts = np.flatnonzero(new_group)
    group_best = np.maximum.reduceat(s1, starts)
    best_before = np.empty_like(group_best)
    best_before[0] = -np.inf
    np.maximum.accumulate(group_best[:-1], out=best_before[1:])
    beats = group_best > best_before
    beats[0] = True  # nothing has a higher u0 than the first group
    sizes = np.diff(np.append(starts, s0.size))
    keep_sorted = (s1 == np.repeat(group_best, sizes)) & np.repeat(beats, sizes)
    keep = np.zeros(s0.size, dtype=bool)
    keep[order[keep_sorted]] = True
    return keep


def _frontier_nd(points: FloatArray, deadline: float | None) -> tuple[BoolArray, bool]:
    """Exact n-party frontier: a blocked skyline over the distinct vectors in dominance order.

    Sorting by decreasing (clipped) utility sum, then by each party's utility, puts every
    dominator strictly before what it dominates; equal vectors end up adjacent and are handled
    once, then every copy shares the verdict.
    """
    m = points.shape[1]
    key = np.clip(points, -_KEY_CLIP, _KEY_CLIP).sum(axis=0)
    order = np.lexsort((*(-points[::-1]), -key))
    ordered = points[:, order]
    first = np.ones(m, dtype=bool)
    first[1:] = np.any(ordered[:, 1:] != ordered[:, :-1], axis=0)
    alive, complete = _skyline(ordered[:, first], deadline)
    keep = np.zeros(m, dtype=bool)
    keep[order[alive[np.cumsum(first) - 1]]] = True
    return keep, complete


def _skyline(points: FloatArray, deadline: float | None) -> tuple[BoolArray, bool]:
    """(non-dominated mask, complete) of distinct points sorted so that dominators come first.

    Points being distinct, q dominates p exactly when q >= p for every party, and only an
    earlier q can: each block is checked against the frontier so far, then against itself; so
    when `deadline` passes, the points kept so far are frontier points (complete False).
    """
    m = points.shape[1]
    alive = np.zeros(m, dtype=bool)
    kept = np.empty(0, dtype=np.int64)
    block = _SKYLINE_BLOCK
    for start in range(0, m, block):
        idx = np.arange(start, min(start + block, m), dtype=np.int64)
        idx = idx[~_covered(points[:, kept], points[:, idx])]
        # a point covered only by a removed point is covered by what removed that one
        within = _at_least(points[:, idx], points[:, idx])
        np.fill_diagonal(within, False)  # order: a later point never covers an earlier one
        idx = idx[~np.any(within, axis=0)]
        alive[idx] = True
        kept = np.concatenate([kept, idx])
        if deadline is not None and time.perf_counter() > deadline and start + block < m:
            return alive, False
    return alive, True


def _covered(above: FloatArray, points: FloatArray) -> BoolArray:
    """For each column of `points`, whether some column of `above` is >= it for every party."""
    out = np.zeros(points.shape[1], dtype=bool)
    rows = max(1, _BLOCK_PAIRS // max(1, points.shape[1]))
    for start in range(0, above.shape[1], rows):
        out |= np.any(_at_least(above[:, start : start + rows], points), axis=0)
    return out


def _at_least(above: FloatArray, points: FloatArray) -> BoolArray:
    """(len(above), len(points)) matrix: whether column q of `above` >= column p for all parties."""
    out: BoolArray = np.greater_equal(above[0][:, None], points[0][None, :])
    scratch = np.empty_like(out)
    for i in range(1, points.shape[0]):
        np.greater_equal(above[i][:, None], points[i][None, :], out=scratch)
        out &= scratch
    return out

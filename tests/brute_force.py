"""Slow, obviously-correct references for the analysis layer (test helper, not a test file).

Everything here is written from the definitions, without looking at how `dragoman.analysis`
computes the same thing: dominance by all-pairs comparison, the two-party frontier by a plain
Python sort and scan, bargaining solutions by a Python loop over points with the tie rules of
`dragoman.analysis.solutions` (best score; among tied points, those dominated by another tied point
drop out; then the larger utility sum, then the lower position).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: A score of one point from its utilities and its gains over the reservation values.
Score = Callable[[Sequence[float], Sequence[float]], float]

#: Bound on the (dominators x points) comparisons held in memory at once.
_PAIRS = 2_000_000


#: Decimals to which utilities compare, below this magnitude (above it, as they are).
TIE_DIGITS = 12
TIE_EXACT_ABOVE = 1e3


def tied(utilities: npt.ArrayLike) -> FloatArray:
    """Utilities as dominance compares them: each rounded half to even to 12 decimals, as a
    Python loop; those of magnitude 1,000 or more (and infinities) as they are."""
    u = np.asarray(utilities, dtype=np.float64)
    out = np.empty_like(u)
    scale = 10.0**TIE_DIGITS
    for i, row in enumerate(u.tolist()):
        for k, x in enumerate(row):
            exact = not abs(x) < TIE_EXACT_ABOVE
            out[i, k] = x if exact else float(round(x * scale)) / scale
    return out


def dominated_mask(dominators: npt.ArrayLike, points: npt.ArrayLike) -> BoolArray:
    """For each column of `points`, whether some column of `dominators` dominates it.

    q dominates p when q >= p for every party and q > p for at least one.
    """
    d = np.asarray(dominators, dtype=np.float64)
    p = np.asarray(points, dtype=np.float64)
    out = np.zeros(p.shape[1], dtype=bool)
    if d.shape[1] == 0 or p.shape[1] == 0:
        return out
    width = max(1, _PAIRS // d.shape[1])
    for start in range(0, p.shape[1], width):
        chunk = p[:, start : start + width]
        ge = np.all(d[:, :, None] >= chunk[:, None, :], axis=0)
        gt = np.any(d[:, :, None] > chunk[:, None, :], axis=0)
        out[start : start + width] = np.any(ge & gt, axis=0)
    return out


def candidates_of(n_outcomes: int, feasible: npt.ArrayLike | None) -> IntArray:
    """Outcome indices to consider: all, or those the feasible mask keeps."""
    if feasible is None:
        return np.arange(n_outcomes, dtype=np.int64)
    return np.flatnonzero(np.asarray(feasible, dtype=bool)).astype(np.int64)


def frontier_brute_force(
    utilities: npt.ArrayLike, feasible: npt.ArrayLike | None = None
) -> IntArray:
    """Pareto frontier by comparing every feasible point with every other, O(m^2), as tied."""
    u = np.asarray(utilities, dtype=np.float64)
    candidates = candidates_of(u.shape[1], feasible)
    points = tied(u[:, candidates])
    return np.sort(candidates[~dominated_mask(points, points)])


def frontier_two_party_by_sorting(
    utilities: npt.ArrayLike, feasible: npt.ArrayLike | None = None
) -> IntArray:
    """Two-party frontier by a Python sort and scan, O(m log m).

    Sorted by first utility descending (second descending within ties), a point is on the
    frontier iff its second utility is the best of its first-utility group and strictly above
    every second utility seen for a strictly larger first utility.
    """
    u = np.asarray(utilities, dtype=np.float64)
    if u.shape[0] != 2:
        raise ValueError("two parties only")
    candidates = candidates_of(u.shape[1], feasible).tolist()
    keys = np.zeros_like(u)
    keys[:, candidates] = tied(u[:, candidates])
    first, second = keys[0].tolist(), keys[1].tolist()
    order = sorted(candidates, key=lambda k: (-first[k], -second[k]))
    kept: list[int] = []
    best_above = -np.inf  # best second utility among strictly larger first utilities
    start = 0
    while start < len(order):
        end = start
        while end < len(order) and first[order[end]] == first[order[start]]:
            end += 1
        top = second[order[start]]
        if top > best_above:
            kept += [k for k in order[start:end] if second[k] == top]
        best_above = max(best_above, top)
        start = end
    return np.array(sorted(kept), dtype=np.int64)


# --- bargaining solutions -------------------------------------------------------------------


def dominates(a: Sequence[float], b: Sequence[float]) -> bool:
    """Whether utility vector `a` dominates `b`: at least as good everywhere, better somewhere."""
    return all(x >= y for x, y in zip(a, b, strict=True)) and any(
        x > y for x, y in zip(a, b, strict=True)
    )


def best_point(utilities: npt.ArrayLike, reservation: npt.ArrayLike, score: Score) -> int | None:
    """Position of the individually rational point with the best score, by a Python loop.

    Among the points with the best score, a point dominated by another of them (in utilities
    `tied`) drops out, then one dominated in the utilities themselves; then the larger sum of
    utilities wins, then the lower position. Scores and sums are computed left to right over
    the parties, like numpy's reductions over axis 0.
    """
    u = np.asarray(utilities, dtype=np.float64)
    r = np.asarray(reservation, dtype=np.float64).tolist()
    scored: list[tuple[float, int, list[float]]] = []
    for k, column in enumerate(u.T.tolist()):
        gains = [x - rv for x, rv in zip(column, r, strict=True)]
        if all(g >= 0 for g in gains):
            scored.append((score(column, gains), k, column))
    if not scored:
        return None
    top_score = max(s for s, _, _ in scored)
    best = [(k, c) for s, k, c in scored if s == top_score]
    keys = tied(np.array([c for _, c in best]).T).T.tolist()
    undominated = [
        (k, c)
        for (k, c), key in zip(best, keys, strict=True)
        if not any(dominates(d, key) for d in keys)
    ]
    undominated = [
        (k, c) for k, c in undominated if not any(dominates(d, c) for _, d in undominated)
    ]
    best_sum = max(sum(c) for _, c in undominated)
    return min(k for k, c in undominated if sum(c) == best_sum)


def nash_score(utilities: Sequence[float], gains: Sequence[float]) -> float:
    """Product of gains over the reservation values (Nash 1950)."""
    return functools.reduce(operator.mul, gains)


def utilitarian_score(utilities: Sequence[float], gains: Sequence[float]) -> float:
    """Sum of utilities."""
    return sum(utilities)


def egalitarian_score(utilities: Sequence[float], gains: Sequence[float]) -> float:
    """Smallest gain."""
    return min(gains)


def genius_kalai_score(utilities: Sequence[float], gains: Sequence[float]) -> float:
    """Minus the summed pairwise utility differences (GENIUS's 'Kalai' point)."""
    n = len(utilities)
    spread = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            spread += abs(utilities[i] - utilities[j])
    return -spread


def kalai_smorodinsky_brute_force(
    utilities: npt.ArrayLike, reservation: npt.ArrayLike
) -> int | None:
    """Textbook Kalai–Smorodinsky point: max over rational points of min_i gain_i / ideal gain_i.

    The ideal gain of a party is its best gain over the individually rational points; a party
    whose ideal gain is 0 counts as fully satisfied (ratio 1) everywhere.
    """
    u = np.asarray(utilities, dtype=np.float64)
    r = np.asarray(reservation, dtype=np.float64)
    gains = u - r[:, None]
    rational = np.all(gains >= 0, axis=0)
    if not rational.any():
        return None
    ideal = [float(g) for g in gains[:, rational].max(axis=1)]

    def ratio_score(column: Sequence[float], point_gains: Sequence[float]) -> float:
        return min(g / i if i > 0 else 1.0 for g, i in zip(point_gains, ideal, strict=True))

    return best_point(u, r, ratio_score)


SCORES: dict[str, Score] = {
    "nash": nash_score,
    "utilitarian": utilitarian_score,
    "egalitarian": egalitarian_score,
    "kalai_genius": genius_kalai_score,
}

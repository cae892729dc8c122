"""Quality of an agreement: distances in utility space to the Pareto frontier and to the Nash
point (GENIUS's definitions: Euclidean distance; no agreement counts as the origin). Each
measure is defined once, over many utility vectors at once ((parties, m) arrays: a
tournament assesses every agreement of a scenario in one call); the one-point forms wrap it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from dragoman._arrays import BoolArray, FloatArray

__all__ = [
    "distances_to",
    "frontier_distances",
    "nash_distance",
    "on_frontier",
    "on_frontier_each",
    "pareto_distance",
]

#: Utility vectors compared with the frontier per block (bounds the (m, k) work array).
_BLOCK_ELEMENTS = 4_000_000


def frontier_distances(points: npt.ArrayLike, frontier: npt.ArrayLike) -> FloatArray:
    """Euclidean distance from each utility vector ((parties, m)) to the nearest frontier
    point ((parties, k)); NaN for every vector when the frontier is empty."""

    def nearest(d: FloatArray) -> FloatArray:
        return np.asarray(np.sqrt((d**2).sum(axis=0)).min(axis=1), dtype=np.float64)

    return _against(points, frontier, nearest, np.nan, np.float64)


def on_frontier_each(
    points: npt.ArrayLike, frontier: npt.ArrayLike, tolerance: float = 1e-12
) -> BoolArray:
    """Whether each utility vector ((parties, m)) is a frontier point, to within `tolerance`."""

    def matches(d: FloatArray) -> BoolArray:
        return np.asarray(np.all(np.abs(d) <= tolerance, axis=0).any(axis=1), dtype=bool)

    return _against(points, frontier, matches, False, np.bool_)


Measure = Callable[[FloatArray], npt.NDArray[Any]]


def _against(
    points: npt.ArrayLike, frontier: npt.ArrayLike, measure: Measure, empty: object, dtype: Any
) -> npt.NDArray[Any]:
    """`measure` of the differences (parties, b, k) between blocks of b points and every
    frontier point, joined; `empty` for every point when the frontier is empty."""
    p = np.asarray(points, dtype=np.float64)
    f = np.asarray(frontier, dtype=np.float64)
    if f.size == 0 or p.shape[1] == 0:
        return np.full(p.shape[1], empty, dtype=dtype)
    block = max(1, _BLOCK_ELEMENTS // f.size)
    found = [
        measure(f[:, None, :] - p[:, k : k + block, None]) for k in range(0, p.shape[1], block)
    ]
    return np.concatenate(found).astype(dtype, copy=False)


def distances_to(points: npt.ArrayLike, target: npt.ArrayLike) -> FloatArray:
    """Euclidean distance from each utility vector ((parties, m)) to one ((parties,))."""
    p = np.asarray(points, dtype=np.float64)
    t = np.asarray(target, dtype=np.float64)
    return np.asarray(np.sqrt(((p - t[:, None]) ** 2).sum(axis=0)), dtype=np.float64)


def pareto_distance(point: npt.ArrayLike, frontier: npt.ArrayLike) -> float:
    """Euclidean distance from a utility vector to the nearest frontier point ((parties, k))."""
    return float(frontier_distances(np.asarray(point, dtype=np.float64)[:, None], frontier)[0])


def nash_distance(point: npt.ArrayLike, nash: npt.ArrayLike) -> float:
    """Euclidean distance from a utility vector to the Nash point's utility vector."""
    return float(distances_to(np.asarray(point, dtype=np.float64)[:, None], nash)[0])


def on_frontier(point: npt.ArrayLike, frontier: npt.ArrayLike, tolerance: float = 1e-12) -> bool:
    """Whether a utility vector is a frontier point ((parties, k)), to within `tolerance`."""
    p = np.asarray(point, dtype=np.float64)[:, None]
    return bool(on_frontier_each(p, frontier, tolerance)[0])

"""Quality of an agreement: distances in utility space to the Pareto frontier and to the Nash
point (GENIUS's definitions: Euclidean distance; no agreement counts as the origin)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["nash_distance", "on_frontier", "pareto_distance"]


def pareto_distance(point: npt.ArrayLike, frontier: npt.ArrayLike) -> float:
    """Euclidean distance from a utility vector to the nearest frontier point ((parties, k))."""
    p = np.asarray(point, dtype=np.float64)
    f = np.asarray(frontier, dtype=np.float64)
    if f.size == 0:
        return float("nan")
    return float(np.sqrt(((f - p[:, None]) ** 2).sum(axis=0)).min())


def nash_distance(point: npt.ArrayLike, nash: npt.ArrayLike) -> float:
    """Euclidean distance from a utility vector to the Nash point's utility vector."""
    return float(np.linalg.norm(np.asarray(point, float) - np.asarray(nash, float)))


def on_frontier(point: npt.ArrayLike, frontier: npt.ArrayLike, tolerance: float = 1e-12) -> bool:
    """Whether a utility vector is a frontier point ((parties, k)), to within `tolerance`."""
    p = np.asarray(point, dtype=np.float64)
    f = np.asarray(frontier, dtype=np.float64)
    return bool(np.all(np.abs(f - p[:, None]) <= tolerance, axis=0).any())

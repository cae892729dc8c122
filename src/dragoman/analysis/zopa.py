"""Zone of possible agreement (ZOPA): pure functions on utility arrays.

The zone is the feasible outcomes (inside every red line) that give every party at least its
reservation value. `smallest_concessions` says how far each party alone would have to lower its
reservation value for a zone to open, `uniform_concession` how far all of them together. Which
red lines block the zone is `dragoman.analysis.blocking`.
"""

from __future__ import annotations

import numpy as np

from dragoman._arrays import BoolArray, FloatArray

__all__ = ["smallest_concessions", "uniform_concession", "zone_mask"]


def zone_mask(utilities: FloatArray, reservation: FloatArray, feasible: BoolArray) -> BoolArray:
    """Feasible outcomes giving every party at least its reservation value."""
    zone = feasible.copy()
    for i in range(utilities.shape[0]):
        zone &= utilities[i] >= reservation[i]
    return zone


def smallest_concessions(
    utilities: FloatArray, reservation: FloatArray, feasible: BoolArray
) -> FloatArray:
    """Per party: how much it must lower its reservation value, alone, for a zone to open.

    0 when a zone exists already; inf when no concession by that party alone is enough (the
    others' reservation values or the red lines exclude every outcome).
    """
    n = utilities.shape[0]
    out = np.full(n, np.inf)
    for i in range(n):
        others = feasible.copy()
        for j in range(n):
            if j != i:
                others &= utilities[j] >= reservation[j]
        if others.any():
            out[i] = max(0.0, float(reservation[i] - utilities[i][others].max()))
    return out


def uniform_concession(
    utilities: FloatArray, reservation: FloatArray, feasible: BoolArray
) -> float:
    """The smallest amount by which every party lowering its reservation value opens a zone."""
    if not feasible.any():
        return float("inf")
    shortfall = (reservation[:, None] - utilities[:, feasible]).max(axis=0)
    return max(0.0, float(shortfall.min()))

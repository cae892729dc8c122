"""Zone of possible agreement (ZOPA) and what blocks it.

A constraint is a red line on one issue: (issue position, which of its values are allowed). The
feasible set is the outcomes whose every issue value passes every constraint; the zone is the
feasible outcomes that give every party at least its reservation value. When the zone is empty,
`relaxations` says which constraints, dropped alone (or in pairs), open it, and
`smallest_concessions` how far each party would have to lower its reservation value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt

from dragoman.analysis.solutions import nash_point
from dragoman.model.outcomes import product_mask

__all__ = [
    "Constraint",
    "Relaxation",
    "feasible_mask",
    "relaxations",
    "smallest_concessions",
    "uniform_concession",
    "zone_mask",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Constraint:
    """A red line on one issue: which of that issue's values it allows."""

    issue: int
    allowed: BoolArray


@dataclass(frozen=True)
class Relaxation:
    """The effect of dropping some constraints (numbered) on the zone."""

    dropped: tuple[int, ...]
    zone_size: int
    nash: int | None  # outcome index of the Nash point in the relaxed zone, if any


def feasible_mask(
    radices: Sequence[int], constraints: Sequence[Constraint], skip: Sequence[int] = ()
) -> BoolArray:
    """Outcomes (mixed-radix order) that pass every constraint not numbered in `skip`."""
    allowed = [np.ones(int(r), dtype=bool) for r in radices]
    for k, c in enumerate(constraints):
        if k not in skip:
            allowed[c.issue] &= c.allowed
    return product_mask(allowed)


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


def relaxations(
    utilities: FloatArray,
    reservation: FloatArray,
    radices: Sequence[int],
    constraints: Sequence[Constraint],
    groups: Sequence[tuple[int, ...]] = (),
    max_pairs: int = 200,
) -> list[Relaxation]:
    """The zone after dropping each constraint alone, each group, and (if none opens it) pairs."""
    trials: list[tuple[int, ...]] = [(k,) for k in range(len(constraints))]
    trials += [tuple(g) for g in groups if len(g) > 1]
    results = [_relax(utilities, reservation, radices, constraints, t) for t in trials]
    if not any(r.zone_size for r in results):
        pairs = list(combinations(range(len(constraints)), 2))[:max_pairs]
        results += [_relax(utilities, reservation, radices, constraints, p) for p in pairs]
    return results


def _relax(
    utilities: FloatArray,
    reservation: FloatArray,
    radices: Sequence[int],
    constraints: Sequence[Constraint],
    dropped: tuple[int, ...],
) -> Relaxation:
    zone = zone_mask(utilities, reservation, feasible_mask(radices, constraints, dropped))
    inside = np.flatnonzero(zone)
    nash = nash_point(utilities[:, inside], reservation) if inside.size else None
    return Relaxation(dropped, int(inside.size), None if nash is None else int(inside[nash]))

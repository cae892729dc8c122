"""Bargaining solutions on a set of utility vectors, relative to the reservation values.

Each function takes utilities as (n_parties, n_points) and the reservation values (n_parties,),
considers only individually rational points (every party at or above its reservation value) and
returns the position of the chosen point, or None when there is none. Ties go to the larger
utility sum, then to the lower position, so every solution of a set lies on its Pareto frontier
(except GENIUS's Kalai variant, which is defined on frontier points only). The analysis asks
them of the frontier's points (as `pareto_frontier` counts dominance).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Literal

import numpy as np
import numpy.typing as npt

from dragoman._arrays import FloatArray
from dragoman.analysis.pareto import dominated_by, tie_keys

__all__ = [
    "SOLUTION_NAMES",
    "SOLUTION_RULES",
    "SolutionKey",
    "egalitarian_point",
    "individually_rational",
    "kalai_smorodinsky_point",
    "nash_point",
    "utilitarian_point",
]

Rule = Callable[[npt.ArrayLike, npt.ArrayLike], int | None]


def individually_rational(
    utilities: npt.ArrayLike, reservation: npt.ArrayLike
) -> npt.NDArray[np.bool_]:
    """Which points give every party at least its reservation value."""
    u, r = _inputs(utilities, reservation)
    return np.asarray(np.all(u >= r[:, None], axis=0))


def nash_point(utilities: npt.ArrayLike, reservation: npt.ArrayLike) -> int | None:
    """The Nash bargaining solution: maximises the product of gains over reservation values."""
    u, r = _inputs(utilities, reservation)
    gains = u - r[:, None]
    return _best(np.prod(gains, axis=0), u, r)


def utilitarian_point(utilities: npt.ArrayLike, reservation: npt.ArrayLike) -> int | None:
    """The utilitarian solution: maximises the sum of utilities."""
    u, r = _inputs(utilities, reservation)
    return _best(u.sum(axis=0), u, r)


def egalitarian_point(utilities: npt.ArrayLike, reservation: npt.ArrayLike) -> int | None:
    """The egalitarian solution: maximises the smallest gain over the reservation values."""
    u, r = _inputs(utilities, reservation)
    gains = u - r[:, None]
    return _best(gains.min(axis=0), u, r)


def kalai_smorodinsky_point(
    utilities: npt.ArrayLike,
    reservation: npt.ArrayLike,
    variant: Literal["textbook", "genius"] = "textbook",
) -> int | None:
    """The Kalai–Smorodinsky solution.

    textbook (Kalai & Smorodinsky 1975): maximise min_i (u_i - d_i) / (ideal_i - d_i), where the
    ideal point is each party's best individually rational utility. genius: GENIUS's variant,
    the point minimising the summed pairwise utility differences; pass frontier points only.
    """
    u, r = _inputs(utilities, reservation)
    gains = u - r[:, None]
    rational = np.all(gains >= 0, axis=0)
    if not rational.any():
        return None
    if variant == "genius":
        n = u.shape[0]
        spread = np.zeros(u.shape[1])
        for i in range(n):
            for j in range(i + 1, n):
                spread += np.abs(u[i] - u[j])
        return _best(-spread, u, r)
    ideal_gain = gains[:, rational].max(axis=1)
    scale = np.where(ideal_gain > 0, ideal_gain, 1.0)
    with np.errstate(over="ignore"):  # points below the RVs may overflow; they are not rational
        ratios = np.where(ideal_gain[:, None] > 0, gains / scale[:, None], 1.0)
    return _best(ratios.min(axis=0), u, r)


def _inputs(utilities: npt.ArrayLike, reservation: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    u = np.asarray(utilities, dtype=np.float64)
    r = np.asarray(reservation, dtype=np.float64)
    if u.ndim != 2 or r.shape != (u.shape[0],):
        raise ValueError(
            f"expected utilities (parties, points) and one reservation value per party; "
            f"got {u.shape} and {r.shape}"
        )
    return u, r


def _best(score: FloatArray, u: FloatArray, r: FloatArray) -> int | None:
    """Position of the individually rational point with the best score.

    Ties: tied points dominated by another tied point go first (rounding can make a dominated
    point's score equal), as the frontier counts dominance (`tie_keys`), then even by one bit;
    then the larger utility sum, then the lower position.
    """
    rational = np.flatnonzero(np.all(u >= r[:, None], axis=0))
    if rational.size == 0:
        return None
    s = score[rational]
    top = rational[s == s.max()]
    if top.size > 1:
        keys = tie_keys(u[:, top])
        top = top[~dominated_by(keys, keys)]  # dominated as the frontier counts it
        exact = u[:, top]
        top = top[~dominated_by(exact, exact)]  # then by one bit: a tie goes to the better
    sums = u[:, top].sum(axis=0)
    return int(top[np.flatnonzero(sums == sums.max())[0]])


class SolutionKey(StrEnum):
    """The bargaining solutions the analysis reports, by key."""

    NASH = "nash"
    KALAI_SMORODINSKY = "kalai_smorodinsky"
    KALAI_GENIUS = "kalai_genius"
    UTILITARIAN = "utilitarian"
    EGALITARIAN = "egalitarian"


#: Each solution's name in words (keyed by the plain string of its key).
SOLUTION_NAMES: dict[str, str] = {
    key.value: name
    for key, name in {
        SolutionKey.NASH: "Nash bargaining solution",
        SolutionKey.KALAI_SMORODINSKY: "Kalai–Smorodinsky",
        SolutionKey.KALAI_GENIUS: "Kalai (GENIUS variant: equal utilities)",
        SolutionKey.UTILITARIAN: "Utilitarian (max sum)",
        SolutionKey.EGALITARIAN: "Egalitarian (max-min gain)",
    }.items()
}


def _kalai_genius(utilities: npt.ArrayLike, reservation: npt.ArrayLike) -> int | None:
    return kalai_smorodinsky_point(utilities, reservation, variant="genius")


#: Each solution's rule: (utilities (parties, points), reservation values) -> position or None.
SOLUTION_RULES: dict[str, Rule] = {
    key.value: rule
    for key, rule in {
        SolutionKey.NASH: nash_point,
        SolutionKey.KALAI_SMORODINSKY: kalai_smorodinsky_point,
        SolutionKey.KALAI_GENIUS: _kalai_genius,
        SolutionKey.UTILITARIAN: utilitarian_point,
        SolutionKey.EGALITARIAN: egalitarian_point,
    }.items()
}

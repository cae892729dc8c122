"""Test helper: bargaining problems over arbitrary utility tables (not additive), so the
analysis can be checked against brute force on any utilities at all.

A table becomes utility terms with one box per outcome (worth that outcome's utility), which the
compiled utility tabulates back to exactly the table.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from dragoman.analysis.problem import BargainingProblem
from dragoman.model.outcomes import IntegerIssue, OutcomeSpace
from dragoman.model.preferences import Preferences
from dragoman.utility.compiled_utility import CompiledUtility
from dragoman.utility.terms import Aggregate, Box, UtilityTerms

FloatArray = npt.NDArray[np.float64]


def table_space(radices: Sequence[int]) -> OutcomeSpace:
    """Integer issues i0, i1, ... with the given numbers of values."""
    return OutcomeSpace(
        [IntegerIssue(name=f"i{k}", min=0, max=int(r) - 1) for k, r in enumerate(radices)]
    )


def table_utility(
    values: npt.ArrayLike, space: OutcomeSpace, reservation: float
) -> CompiledUtility:
    """A compiled utility whose table is exactly `values` (one per outcome)."""
    table = np.asarray(values, dtype=np.float64)
    digits = space.enumerate()
    boxes = []
    for k, row in enumerate(digits):
        masks = []
        for axis, radix in enumerate(space.radices):
            mask = np.zeros(int(radix), dtype=bool)
            mask[int(row[axis])] = True
            masks.append(mask)
        boxes.append(Box(float(table[k]), tuple(range(len(space.issues))), tuple(masks)))
    unary = tuple(np.zeros(int(r)) for r in space.radices)
    terms = UtilityTerms(unary, tree=Aggregate(boxes=tuple(boxes)))
    prefs = Preferences(
        weights={"i0": 1.0}, values={"i0": {"linear": "increasing"}}, reservation_value=reservation
    )
    return CompiledUtility(prefs, space, terms=terms)


def table_problem(
    utilities: npt.ArrayLike,
    radices: Sequence[int],
    reservation: npt.ArrayLike,
    allowed: Sequence[npt.NDArray[np.bool_]] | None = None,
) -> BargainingProblem:
    """The bargaining problem of utility tables (parties, outcomes) over the given issues."""
    u = np.asarray(utilities, dtype=np.float64)
    r = np.asarray(reservation, dtype=np.float64)
    space = table_space(radices)
    compiled = [table_utility(u[i], space, float(r[i])) for i in range(u.shape[0])]
    masks = allowed if allowed is not None else [np.ones(int(k), dtype=bool) for k in radices]
    return BargainingProblem(compiled, masks, r)

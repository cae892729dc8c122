"""Additive utilities as factors for the issue-by-issue fold (`dragoman.analysis.additive`).

Each party's raw utility is a constant plus per-issue tables plus boxes (`UtilityTerms.flat`).
Issues tied by a box (of any party) are grouped into one joint issue; each group is a factor
whose values are the group's allowed joint values. The fold's raw frontier is mapped to
utilities, re-evaluated by the compiled utilities themselves (the numbers the engine uses),
and reduced to its non-dominated points again (a cap at 1 can tie points).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dragoman._arrays import BoolArray, Digits, FloatArray
from dragoman.analysis.additive import distinct_frontier, fold
from dragoman.analysis.frontier import Frontier, FrontierMethod
from dragoman.model.outcomes import OutcomeSpace
from dragoman.utility.compiled_utility import CompiledUtility
from dragoman.utility.terms import FlatTerms, NotLinearizableError

__all__ = ["MAX_JOINT_VALUES", "Factor", "additive_factors", "folded_frontier"]

#: Largest joint issue (product of the allowed values of a group of tied issues) the fold takes.
MAX_JOINT_VALUES = 100_000


@dataclass(frozen=True)
class Factor:
    """A group of issues and its allowed joint values, with each party's raw contribution."""

    issues: tuple[int, ...]
    values: Digits  # (joint values, len(issues)): value positions of the group's issues
    table: FloatArray  # (parties, joint values)


def additive_factors(
    utilities: Sequence[CompiledUtility], allowed: Sequence[BoolArray]
) -> tuple[FloatArray, list[Factor]] | str:
    """(constants, factors) for the fold, or why the utilities cannot be folded."""
    try:
        flats = [u.terms.flat() for u in utilities]
    except NotLinearizableError as exc:
        return f"the fold needs sums of terms: {exc}"
    groups = _groups(len(allowed), [u.terms.links() for u in utilities])
    factors = []
    for group in groups:
        joint = math.prod(int(allowed[k].sum()) for k in group)
        if joint > MAX_JOINT_VALUES:
            return (
                f"issues tied by interaction terms form a joint issue of {joint:,} values "
                f"(more than {MAX_JOINT_VALUES:,})"
            )
        factors.append(_factor(group, allowed, flats))
    return np.array([f.constant for f in flats]), factors


def _groups(n_issues: int, links: Sequence[Sequence[frozenset[int]]]) -> list[tuple[int, ...]]:
    """Issues in connected groups (union-find over every party's boxes), in issue order."""
    parent = list(range(n_issues))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for party in links:
        for tied in party:
            first, *rest = sorted(tied)
            for k in rest:
                parent[root(k)] = root(first)
    groups: dict[int, list[int]] = {}
    for k in range(n_issues):
        groups.setdefault(root(k), []).append(k)
    return [tuple(g) for g in sorted(groups.values())]


def _factor(group: tuple[int, ...], allowed: Sequence[BoolArray], flats: list[FlatTerms]) -> Factor:
    """The allowed joint values of `group` and every party's raw contribution to each."""
    grids = np.meshgrid(*(np.flatnonzero(allowed[k]) for k in group), indexing="ij")
    values = np.stack([g.ravel() for g in grids], axis=1).astype(np.int16)
    full = np.zeros((values.shape[0], len(allowed)), dtype=np.int16)
    full[:, list(group)] = values
    rows = []
    for flat in flats:
        row = np.zeros(values.shape[0])
        for k in group:
            row += flat.unary[k][full[:, k]]
        for box in flat.boxes:
            if set(box.axes) <= set(group):
                row += box.values(full)
        rows.append(row)
    return Factor(group, values, np.stack(rows))


def folded_frontier(
    utilities: Sequence[CompiledUtility],
    allowed: Sequence[BoolArray],
    space: OutcomeSpace,
    constants: FloatArray,
    factors: Sequence[Factor],
) -> Frontier:
    """The exact frontier by the fold: one outcome per frontier point."""
    start = time.perf_counter()
    folded = fold(constants, [f.table for f in factors])
    digits = np.zeros((folded.points.shape[1], len(allowed)), dtype=np.int16)
    for j, factor in enumerate(factors):
        digits[:, list(factor.issues)] = factor.values[folded.choices[:, j]]
    values = np.stack([u.utilities_of_digits(digits) for u in utilities])
    keep = distinct_frontier(values) if values.shape[1] else np.zeros(0, dtype=np.int64)
    outcomes = space.index(digits[keep])
    order = np.argsort(outcomes, kind="stable")  # ascending by outcome, as when enumerated
    keep, outcomes = keep[order], outcomes[order]
    return Frontier(
        outcomes=outcomes,
        utilities=values[:, keep],
        exact=True,
        method=FrontierMethod.ADDITIVE,
        note=f"exact: {len(factors)} independent factors folded",
        seconds=time.perf_counter() - start,
        every_outcome=False,
    )

"""Hyper-rectangle preferences compiled against an outcome space: vectorised utilities.

`HyperRectangleUtility` has the interface of `LinearAdditiveUtility` (`table`, `inside`,
`ranking`, `utilities`, `utilities_of_digits`, `acceptable`, `issue_allowed`, ...), so agents,
sessions and the analysis use either alike. Each rectangle becomes per-issue boolean masks over
value positions: a batch of outcomes is evaluated by fancy indexing, the whole space by
broadcasting each box over the space's shape.

Spaces larger than `ENUMERATION_LIMIT` are never tabulated: `table` and `inside` compute the
outcomes asked for, and `ranking` ranks a candidate set (`dragoman.utility.candidates`: a public
deterministic sample plus the party's local optima) instead of every outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
import numpy.typing as npt

from dragoman.model.outcomes import OutcomeSpace, rank_outcomes
from dragoman.model.rectangles import Bound, HyperRectanglePreferences, RectangleFunction
from dragoman.utility.candidates import search_candidates
from dragoman.utility.lazy import (
    ENUMERATION_LIMIT,
    LazyMask,
    LazyTable,
    SpaceTooLargeError,
    acceptable_outcomes,
    allowed_values,
)

__all__ = ["CompiledBox", "CompiledFunction", "HyperRectangleUtility", "compile_function"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class CompiledBox:
    """A rectangle as masks: worth `value` when every `axes[i]` value passes `masks[i]` (or, if
    `exclude`, when at least one fails)."""

    value: float
    axes: tuple[int, ...]
    masks: tuple[BoolArray, ...]
    exclude: bool


@dataclass(frozen=True)
class CompiledFunction:
    """A rectangle function as compiled boxes and nested functions."""

    aggregation: Literal["sum", "max", "min"]
    weight: float
    boxes: tuple[CompiledBox, ...]
    functions: tuple[CompiledFunction, ...]

    def values(self, digits: npt.NDArray[np.integer]) -> FloatArray:
        """Raw value of outcomes given as (n, issues) value positions."""
        terms = [box_values(box, digits) for box in self.boxes]
        terms += [f.weight * f.values(digits) for f in self.functions]
        return _aggregate(self.aggregation, terms, digits.shape[:-1])

    def grid(self, shape: tuple[int, ...]) -> FloatArray:
        """Raw value of every outcome, shaped like the space (one axis per issue)."""
        terms = [_box_grid(box, shape) for box in self.boxes]
        terms += [f.weight * f.grid(shape) for f in self.functions]
        return _aggregate(self.aggregation, terms, shape)


def _aggregate(aggregation: str, terms: Sequence[FloatArray], shape: tuple[int, ...]) -> FloatArray:
    """Sum, max or min of terms broadcastable to `shape`, in one array of that shape."""
    if not terms:  # only a sum may be empty (validated)
        return np.zeros(shape)
    combine = {"sum": np.add, "max": np.maximum, "min": np.minimum}[aggregation]
    total = np.array(np.broadcast_to(terms[0], shape), dtype=np.float64)
    for term in terms[1:]:
        combine(total, term, out=total)
    return total


def box_values(box: CompiledBox, digits: npt.NDArray[np.integer]) -> FloatArray:
    """What the box is worth for each outcome of a batch of digits."""
    inside = np.ones(digits.shape[:-1], dtype=bool)
    for axis, mask in zip(box.axes, box.masks, strict=True):
        inside &= mask[digits[..., axis]]
    return np.where(inside != box.exclude, box.value, 0.0)


def _box_grid(box: CompiledBox, shape: tuple[int, ...]) -> FloatArray:
    """What the box is worth, as an array broadcastable to `shape`."""
    inside = np.ones((1,) * len(shape), dtype=bool)
    for axis, mask in zip(box.axes, box.masks, strict=True):
        view = [1] * len(shape)
        view[axis] = shape[axis]
        inside = inside & mask.reshape(view)
    return np.where(inside != box.exclude, box.value, 0.0)


def bound_mask(bound: Bound, space: OutcomeSpace) -> tuple[int, BoolArray]:
    """The issue position a bound is on and which of its values lie in the range."""
    position = space.issue_position(bound.issue)
    issue = space.issues[position]
    if not issue.is_numeric:
        raise ValueError(f"issue {issue.name!r} is categorical: bounds need a numeric issue")
    grid = issue.numeric_values()
    slack = 1e-9 * max(1.0, abs(bound.min), abs(bound.max))
    return position, (grid >= bound.min - slack) & (grid <= bound.max + slack)


def compile_function(function: RectangleFunction, space: OutcomeSpace) -> CompiledFunction:
    """Masks for every rectangle of `function` (bounds on one issue are intersected)."""
    boxes = []
    for rect in function.rectangles:
        masks: dict[int, BoolArray] = {}
        for bound in rect.bounds:
            position, mask = bound_mask(bound, space)
            masks[position] = masks.get(position, np.ones_like(mask)) & mask
        axes = tuple(sorted(masks))
        exclude = bool(rect.excludes)
        value = rect.utility * rect.weight
        boxes.append(CompiledBox(value, axes, tuple(masks[a] for a in axes), exclude))
    nested = tuple(compile_function(f, space) for f in function.functions)
    return CompiledFunction(function.aggregation, function.weight, tuple(boxes), nested)


class HyperRectangleUtility:
    """Hyper-rectangle preferences compiled against an outcome space (see the module doc)."""

    def __init__(self, preferences: HyperRectanglePreferences, space: OutcomeSpace) -> None:
        self.preferences = preferences
        self.space = space
        self.reservation_value = preferences.reservation_value
        self.discount_factor = preferences.discount_factor
        self.max_utility = preferences.max_utility
        self.function = compile_function(preferences.function, space)
        self.enumerable = space.size <= ENUMERATION_LIMIT
        self.red_line_masks: tuple[tuple[int, BoolArray], ...] = tuple(
            (space.issue_position(r.issue), r.mask(space.issues[space.issue_position(r.issue)]))
            for r in preferences.red_lines
        )

    # --- utilities -------------------------------------------------------------------------
    @cached_property
    def table(self) -> FloatArray | LazyTable:
        """Utility of every outcome (index it by outcome); computed on demand when huge."""
        if not self.enumerable:
            return LazyTable(self.space.size, self.utilities, "the utility of every outcome")
        table = self._whole_space()
        table.flags.writeable = False
        return table

    @cached_property
    def inside(self) -> BoolArray | LazyMask:
        """Whether each outcome respects every red line (index it by outcome)."""
        if not self.enumerable:
            return LazyMask(self.space.size, self.acceptable, "the red-line mask")
        mask = self.acceptable()
        mask.flags.writeable = False
        return mask

    @cached_property
    def candidates(self) -> IntArray:
        """The outcomes `ranking` ranks: all inside the red lines, or, on a huge space, the
        public sample plus this party's local optima (`dragoman.utility.candidates`)."""
        if self.enumerable:
            return np.flatnonzero(self.acceptable()).astype(np.int64)
        return search_candidates(self.space, self.utilities_of_digits, self.issue_allowed())

    @cached_property
    def ranking(self) -> tuple[IntArray, FloatArray]:
        """Candidate outcomes best first, and their utilities (computed once)."""
        outcomes = self.candidates
        values = self.table[outcomes] if self.enumerable else self.utilities(outcomes)
        return rank_outcomes(outcomes, np.asarray(values, dtype=np.float64))

    def utilities(self, outcomes: npt.ArrayLike | None = None) -> FloatArray:
        """Utility of outcome indices `outcomes`, or of the whole space when None."""
        if outcomes is None:
            return self._whole_space()
        return self.utilities_of_digits(self.space.digits(outcomes))

    def utilities_of_digits(self, digits: npt.ArrayLike) -> FloatArray:
        """Utility of outcomes given as (n, issues) value positions: raw / max, capped at 1."""
        raw = self.function.values(np.asarray(digits))
        return np.minimum(raw / self.max_utility, 1.0)

    def _whole_space(self) -> FloatArray:
        if not self.enumerable:
            raise SpaceTooLargeError(self.space.size, "the utility of every outcome")
        raw = self.function.grid(self.space.shape).ravel()
        return np.minimum(raw / self.max_utility, 1.0)

    def utility_range(self) -> tuple[float, float]:
        """Lowest and highest utility: exact when enumerable, else over the candidates."""
        if self.enumerable:
            table = np.asarray(self.table)
            return float(table.min()), float(table.max())
        _, utilities = self.ranking
        if utilities.size == 0:
            return 0.0, 0.0
        return float(utilities[-1]), float(utilities[0])

    # --- red lines -------------------------------------------------------------------------
    def issue_allowed(self, skip: Sequence[int] = ()) -> tuple[BoolArray, ...]:
        """Per issue, which values every red line accepts (red lines numbered in `skip` ignored)."""
        return allowed_values(self.space, self.red_line_masks, skip)

    def acceptable(self, outcomes: npt.ArrayLike | None = None) -> BoolArray:
        """Whether outcomes (indices, or the whole space when None) respect every red line."""
        return acceptable_outcomes(self.space, self.issue_allowed(), outcomes)

"""A party's utility as a sum of terms a solver can take: per-issue tables plus boxes.

raw(x) = constant + Σ_k unary[k][x_k] + Σ_boxes value · [x in box] (or [x outside box] when
`exclude`); utility(x) = min(raw(x) / scale, cap). Linear-additive preferences are unary tables
(interactions are two-issue boxes); hyper-rectangle preferences whose functions all sum are
boxes (one-issue boxes fold into the tables). `max` / `min` aggregations are not sums:
`terms_of` raises `NotLinearizableError` for them, and the analysis falls back to a search.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dragoman.model.kinds import CompiledUtility
from dragoman.model.preferences import LinearAdditiveUtility
from dragoman.utility.rectangles import CompiledFunction, HyperRectangleUtility

__all__ = ["Box", "NotLinearizableError", "UtilityTerms", "terms_of"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


class NotLinearizableError(ValueError):
    """The utility is not a sum of terms (a `max` or `min` aggregation)."""


@dataclass(frozen=True)
class Box:
    """Worth `value` when the value of every issue in `axes` passes its mask (or, if `exclude`,
    when at least one fails)."""

    value: float
    axes: tuple[int, ...]
    masks: tuple[BoolArray, ...]
    exclude: bool


@dataclass(frozen=True)
class UtilityTerms:
    """One party's raw utility as constant + unary tables + boxes, and how raw maps to utility."""

    constant: float
    unary: tuple[FloatArray, ...]
    boxes: tuple[Box, ...]
    scale: float
    cap: float

    def raw(self, digits: npt.NDArray[np.integer]) -> FloatArray:
        """Raw utility of outcomes given as (n, issues) value positions."""
        total = np.full(digits.shape[:-1], self.constant, dtype=np.float64)
        for k, table in enumerate(self.unary):
            total += table[digits[..., k]]
        for box in self.boxes:
            inside = np.ones(digits.shape[:-1], dtype=bool)
            for axis, mask in zip(box.axes, box.masks, strict=True):
                inside &= mask[digits[..., axis]]
            total += np.where(inside != box.exclude, box.value, 0.0)
        return total

    def utility(self, raw: npt.ArrayLike) -> FloatArray:
        """Utility from raw utility: min(raw / scale, cap)."""
        return np.minimum(np.asarray(raw, dtype=np.float64) / self.scale, self.cap)


def terms_of(utility: CompiledUtility) -> UtilityTerms:
    """The terms of a compiled utility (NotLinearizableError for max / min aggregations)."""
    if isinstance(utility, LinearAdditiveUtility):
        return _linear_terms(utility)
    if isinstance(utility, HyperRectangleUtility):
        return _rectangle_terms(utility)
    raise NotLinearizableError(f"no terms for a {type(utility).__name__}")


def _linear_terms(utility: LinearAdditiveUtility) -> UtilityTerms:
    boxes = []
    for inter in utility.interactions:
        for a, b in zip(*np.nonzero(inter.table), strict=True):
            masks = []
            for axis, pos in ((inter.first, a), (inter.second, b)):
                mask = np.zeros(utility.space.radices[axis], dtype=bool)
                mask[pos] = True
                masks.append(mask)
            value = float(inter.table[a, b])
            boxes.append(Box(value, (inter.first, inter.second), tuple(masks), False))
    unary = tuple(np.array(s, dtype=np.float64) for s in utility.issue_scores)
    return UtilityTerms(0.0, unary, tuple(boxes), 1.0, utility.cap)


def _rectangle_terms(utility: HyperRectangleUtility) -> UtilityTerms:
    unary = [np.zeros(int(r)) for r in utility.space.radices]
    boxes: list[Box] = []
    constant = _flatten(utility.function, 1.0, unary, boxes)
    return UtilityTerms(constant, tuple(unary), tuple(boxes), utility.max_utility, 1.0)


def _flatten(
    function: CompiledFunction, factor: float, unary: list[FloatArray], boxes: list[Box]
) -> float:
    """Add `factor` times the function's boxes to `unary` / `boxes`; return its constant part."""
    if function.aggregation != "sum":
        raise NotLinearizableError(f"a '{function.aggregation}' aggregation is not a sum of terms")
    constant = 0.0
    for box in function.boxes:
        value = factor * box.value
        if not box.axes:
            constant += 0.0 if box.exclude else value
        elif len(box.axes) == 1:
            hit = ~box.masks[0] if box.exclude else box.masks[0]
            unary[box.axes[0]] += np.where(hit, value, 0.0)
        elif value != 0.0:
            boxes.append(Box(value, box.axes, box.masks, box.exclude))
    for nested in function.functions:
        constant += _flatten(nested, factor * nested.weight, unary, boxes)
    if not math.isfinite(constant):
        raise NotLinearizableError("the utility is not finite")
    return constant

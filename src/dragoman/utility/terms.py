"""Utility terms: the one numeric form every kind of preferences compiles to.

    raw(x) = constant + sum_k unary[k][x_k] + tree(x)        utility(x) = min(raw(x) / scale, cap)

`unary` holds one table per issue (the separable part: weighted scores of linear-additive
preferences); `tree` the rest: boxes (worth a value when the outcome lies inside, or outside, a
product of per-issue value sets) aggregated by sums, maxima or minima, nested with weights
(interaction bonuses are two-issue boxes; ANAC 2014 hyper-rectangles are boxes in a tree). A
batch of outcomes is evaluated by fancy indexing, the whole space by broadcasting; analysis reads
the same terms to find frontiers without enumeration (`flat` for a solver, the unary tables for
the issue-by-issue fold).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from dragoman._arrays import BoolArray, FloatArray, outer_flat

__all__ = ["Aggregate", "Box", "FlatTerms", "NotLinearizableError", "UtilityTerms"]

Aggregation = Literal["sum", "max", "min"]
_COMBINE = {"sum": np.add, "max": np.maximum, "min": np.minimum}


class NotLinearizableError(ValueError):
    """The utility is not a sum of terms (a `max` or `min` aggregation)."""


@dataclass(frozen=True)
class Box:
    """Worth `value` when every `axes[i]` value passes `masks[i]` (or, if `exclude`, when at
    least one fails); no axes: everywhere (never, if `exclude`)."""

    value: float
    axes: tuple[int, ...]
    masks: tuple[BoolArray, ...]
    exclude: bool = False

    def values(self, digits: npt.NDArray[np.integer]) -> FloatArray:
        """What the box is worth for each outcome of a batch of value positions (each axis
        looked up in place: this is the hot loop of evaluating outcomes on huge spaces)."""
        inside = np.ones(digits.shape[:-1], dtype=bool)
        for axis, mask in zip(self.axes, self.masks, strict=True):
            inside &= mask[digits[..., axis]]
        return (
            np.where(inside, 0.0, self.value) if self.exclude else np.where(inside, self.value, 0.0)
        )

    def grid(self, shape: tuple[int, ...]) -> FloatArray:
        """What the box is worth, as an array broadcastable to `shape`."""
        inside = np.ones((1,) * len(shape), dtype=bool)
        for axis, mask in zip(self.axes, self.masks, strict=True):
            view = [1] * len(shape)
            view[axis] = shape[axis]
            inside = inside & mask.reshape(view)
        return np.where(inside != self.exclude, self.value, 0.0)


@dataclass(frozen=True)
class Aggregate:
    """The sum, maximum or minimum of boxes and of nested aggregates (each times its weight)."""

    aggregation: Aggregation = "sum"
    weight: float = 1.0
    boxes: tuple[Box, ...] = ()
    nested: tuple[Aggregate, ...] = ()

    def values(self, digits: npt.NDArray[np.integer]) -> FloatArray:
        """Value of outcomes given as (..., issues) value positions."""
        return self._combine(
            [box.values(digits) for box in self.boxes]
            + [n.weight * n.values(digits) for n in self.nested],
            digits.shape[:-1],
        )

    def grid(self, shape: tuple[int, ...]) -> FloatArray:
        """Value of every outcome, shaped like the space (one axis per issue)."""
        return self._combine(
            [box.grid(shape) for box in self.boxes]
            + [n.weight * n.grid(shape) for n in self.nested],
            shape,
        )

    def add_to(self, total: FloatArray, terms: Sequence[FloatArray]) -> None:
        """Add this aggregate's terms (already evaluated) into `total` in place."""
        if self.aggregation == "sum":
            for term in terms:
                total += term
        else:
            total += self._combine(terms, total.shape)

    def _combine(self, terms: Sequence[FloatArray], shape: tuple[int, ...]) -> FloatArray:
        if not terms:  # only a sum may be empty (validated)
            return np.zeros(shape)
        total = np.array(np.broadcast_to(terms[0], shape), dtype=np.float64)
        combine = _COMBINE[self.aggregation]
        for term in terms[1:]:
            combine(total, term, out=total)
        return total

    def issues(self) -> frozenset[int]:
        """Every issue position a box of this aggregate (or a nested one) looks at."""
        found = {axis for box in self.boxes for axis in box.axes}
        for n in self.nested:
            found |= n.issues()
        return frozenset(found)

    def links(self) -> list[frozenset[int]]:
        """The sets of issues each box ties together (for grouping issues into joint ones)."""
        found = [frozenset(box.axes) for box in self.boxes]
        for n in self.nested:
            found += n.links()
        return found

    def is_sum(self) -> bool:
        """Whether every aggregation in the tree is a sum (the utility is then additive)."""
        return self.aggregation == "sum" and all(n.is_sum() for n in self.nested)


@dataclass(frozen=True)
class FlatTerms:
    """A sum-only utility flattened: constant + per-issue tables + multi-issue boxes."""

    constant: float
    unary: tuple[FloatArray, ...]
    boxes: tuple[Box, ...]


@dataclass(frozen=True)
class UtilityTerms:
    """One party's raw utility in terms, and how raw maps to utility (see the module doc)."""

    unary: tuple[FloatArray, ...]
    constant: float = 0.0
    tree: Aggregate | None = None
    scale: float = 1.0
    cap: float = math.inf
    _has_unary: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_has_unary", any(t.any() for t in self.unary))

    def raw(self, digits: npt.NDArray[np.integer]) -> FloatArray:
        """Raw utility of outcomes given as (..., issues) value positions."""
        total = np.full(digits.shape[:-1], self.constant, dtype=np.float64)
        if self._has_unary:
            for k, table in enumerate(self.unary):
                total += table[digits[..., k]]
        if self.tree is not None:
            terms = [b.values(digits) for b in self.tree.boxes]
            terms += [n.weight * n.values(digits) for n in self.tree.nested]
            self.tree.add_to(total, terms)
        return total

    def utility(self, digits: npt.NDArray[np.integer]) -> FloatArray:
        """Utility of outcomes given as (..., issues) value positions."""
        return self.of_raw(self.raw(digits))

    def of_raw(self, raw: npt.ArrayLike) -> FloatArray:
        """Utility from raw utility: min(raw / scale, cap)."""
        return self._finished(np.array(raw, dtype=np.float64))

    def _finished(self, u: FloatArray) -> FloatArray:
        """`of_raw` in place, on an array of raw utilities this object owns (no copies of a
        whole space's table)."""
        if self.scale != 1.0:
            u /= self.scale
        if self.cap != math.inf:
            np.minimum(u, self.cap, out=u)
        return u

    def whole(self, shape: tuple[int, ...]) -> FloatArray:
        """Utility of every outcome of a space of `shape`, in mixed-radix order (1-D)."""
        if self._has_unary:
            u: FloatArray = self.unary[0] + self.constant if self.constant else self.unary[0].copy()
            for table in self.unary[1:]:
                u = outer_flat(np.add, u, table)
        else:
            u = np.full(math.prod(shape), self.constant, dtype=np.float64)
        if self.tree is not None:
            shaped = u.reshape(shape)
            terms = [b.grid(shape) for b in self.tree.boxes]
            terms += [n.weight * n.grid(shape) for n in self.tree.nested]
            self.tree.add_to(shaped, terms)
        return self._finished(np.asarray(u, dtype=np.float64))

    def is_sum(self) -> bool:
        """Whether raw utility is a sum of terms (no max / min aggregation)."""
        return self.tree is None or self.tree.is_sum()

    def links(self) -> list[frozenset[int]]:
        """The sets of issues tied together by boxes (empty: the utility is separable)."""
        return [] if self.tree is None else [s for s in self.tree.links() if len(s) > 1]

    def flat(self) -> FlatTerms:
        """Constant, per-issue tables and multi-issue boxes of a sum-only utility (one-issue
        boxes folded into the tables); NotLinearizableError for max / min aggregations."""
        unary = [np.array(t, dtype=np.float64) for t in self.unary]
        boxes: list[Box] = []
        constant = self.constant
        if self.tree is not None:
            constant += _flatten(self.tree, 1.0, unary, boxes)
        if not math.isfinite(constant):
            raise NotLinearizableError("the utility is not finite")
        return FlatTerms(constant, tuple(unary), tuple(boxes))


def _flatten(node: Aggregate, factor: float, unary: list[FloatArray], boxes: list[Box]) -> float:
    """Add `factor` times the node's boxes to `unary` / `boxes`; return its constant part."""
    if node.aggregation != "sum":
        raise NotLinearizableError(f"a '{node.aggregation}' aggregation is not a sum of terms")
    constant = 0.0
    for box in node.boxes:
        value = factor * box.value
        if not box.axes:
            constant += 0.0 if box.exclude else value
        elif len(box.axes) == 1:
            hit = ~box.masks[0] if box.exclude else box.masks[0]
            unary[box.axes[0]] += np.where(hit, value, 0.0)
        elif value != 0.0:
            boxes.append(Box(value, box.axes, box.masks, box.exclude))
    for nested in node.nested:
        constant += _flatten(nested, factor * nested.weight, unary, boxes)
    return constant

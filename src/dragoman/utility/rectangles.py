"""Hyper-rectangle preferences (ANAC 2014 nonlinear GENIUS profiles) compiled: each rectangle a
box of per-issue value masks, the functions an aggregation tree; utility = raw / max_utility,
capped at 1 (GENIUS's `NonlinearUtilitySpace`)."""

from __future__ import annotations

import numpy as np

from dragoman._arrays import BoolArray
from dragoman.model.outcomes import OutcomeSpace
from dragoman.model.rectangles import Bound, HyperRectanglePreferences, RectangleFunction
from dragoman.utility.kinds import compiles
from dragoman.utility.terms import Aggregate, Box, UtilityTerms

__all__ = ["bound_mask", "compile_function", "compile_rectangles"]


@compiles(HyperRectanglePreferences)
def compile_rectangles(preferences: HyperRectanglePreferences, space: OutcomeSpace) -> UtilityTerms:
    """The rectangles as a tree of boxes; raw / max_utility capped at 1."""
    unary = tuple(np.zeros(int(r)) for r in space.radices)
    tree = compile_function(preferences.function, space)
    return UtilityTerms(unary, tree=tree, scale=preferences.max_utility, cap=1.0)


def bound_mask(bound: Bound, space: OutcomeSpace) -> tuple[int, BoolArray]:
    """The issue position a bound is on and which of its values lie in the range."""
    position = space.issue_position(bound.issue)
    issue = space.issues[position]
    if not issue.is_numeric:
        raise ValueError(f"issue {issue.name!r} is categorical: bounds need a numeric issue")
    grid = issue.numeric_values()
    slack = 1e-9 * max(1.0, abs(bound.min), abs(bound.max))
    return position, (grid >= bound.min - slack) & (grid <= bound.max + slack)


def compile_function(function: RectangleFunction, space: OutcomeSpace) -> Aggregate:
    """Masks for every rectangle of `function` (bounds on one issue are intersected)."""
    boxes = []
    for rect in function.rectangles:
        masks: dict[int, BoolArray] = {}
        for bound in rect.bounds:
            position, mask = bound_mask(bound, space)
            masks[position] = masks.get(position, np.ones_like(mask)) & mask
        axes = tuple(sorted(masks))
        value = rect.utility * rect.weight
        boxes.append(Box(value, axes, tuple(masks[a] for a in axes), bool(rect.excludes)))
    nested = tuple(compile_function(f, space) for f in function.functions)
    return Aggregate(function.aggregation, function.weight, tuple(boxes), nested)

"""Hyper-rectangle preferences: the ANAC 2014 "nonlinear" GENIUS profiles, as validated data.

A party's raw utility is an aggregate (sum, max or min) of rectangle terms and of nested
functions; its utility is that raw value divided by `max_utility`, capped at 1 (GENIUS's
`NonlinearUtilitySpace`). A rectangle with `includes` bounds is worth `utility * weight` when
the outcome lies inside every bound (no bounds: everywhere); one with `excludes` bounds is worth
it when the outcome lies outside its box (outside at least one bound), 0 inside. Bounds are
inclusive ranges of issue values (GENIUS: integer issues, matched by index).

The utility layer compiles them into utility terms (`dragoman.utility.rectangles`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Literal

from pydantic import Field, model_validator

from dragoman._words import number
from dragoman.errors import Problem
from dragoman.model.base import Description, Number
from dragoman.model.kinds import PreferencesBase
from dragoman.model.outcomes import AnyIssue

__all__ = [
    "AGGREGATIONS",
    "Bound",
    "HyperRectangle",
    "HyperRectanglePreferences",
    "RectangleFunction",
]

AGGREGATIONS = ("sum", "max", "min")


class Bound(Description):
    """An inclusive range of one numeric issue's values: min <= value <= max."""

    issue: str
    min: Number
    max: Number

    @model_validator(mode="after")
    def _ordered(self) -> Bound:
        if math.isnan(self.min) or math.isnan(self.max):
            raise ValueError("bounds must be numbers (got NaN)")
        if self.max < self.min:
            raise ValueError(
                f"max ({number(self.max)}) is below min ({number(self.min)}): the range is empty"
            )
        return self


class HyperRectangle(Description):
    """A term worth `utility * weight` inside (`includes`) or outside (`excludes`) a box."""

    utility: Number
    weight: Number = 1.0
    includes: tuple[Bound, ...] = ()
    excludes: tuple[Bound, ...] = ()

    @model_validator(mode="after")
    def _one_side(self) -> HyperRectangle:
        if self.includes and self.excludes:
            raise ValueError(
                "give 'includes' or 'excludes', not both (GENIUS keeps only the EXCLUDES bounds)"
            )
        if not math.isfinite(self.utility) or not math.isfinite(self.weight):
            raise ValueError("utility and weight must be finite numbers")
        return self

    @property
    def bounds(self) -> tuple[Bound, ...]:
        """The bounds of the box, whichever side they are on."""
        return self.excludes or self.includes


class RectangleFunction(Description):
    """A GENIUS `ufun`: the aggregate of its rectangles and of its nested functions (each
    nested function's value multiplied by its `weight`)."""

    aggregation: Literal["sum", "max", "min"] = "sum"
    weight: Number = Field(1.0, description="Applied when nested in another function.")
    rectangles: tuple[HyperRectangle, ...] = ()
    functions: tuple[RectangleFunction, ...] = ()

    @model_validator(mode="after")
    def _has_terms(self) -> RectangleFunction:
        if self.aggregation != "sum" and not (self.rectangles or self.functions):
            raise ValueError(f"a '{self.aggregation}' function needs at least one term")
        if not math.isfinite(self.weight):
            raise ValueError("weight must be a finite number")
        return self

    def walk(self) -> list[HyperRectangle]:
        """Every rectangle of this function and of the functions nested in it."""
        found = list(self.rectangles)
        for function in self.functions:
            found.extend(function.walk())
        return found


class HyperRectanglePreferences(PreferencesBase):
    """One party's hyper-rectangle preferences (kind `hyper-rectangles`)."""

    kind: Literal["hyper-rectangles"]
    max_utility: Number = Field(gt=0, description="Raw utilities are divided by this (GENIUS).")
    function: RectangleFunction

    @model_validator(mode="after")
    def _top_weight(self) -> HyperRectanglePreferences:
        if self.function.weight != 1.0:
            raise ValueError(
                "the top-level function's weight is not applied (as in GENIUS): leave it at 1"
            )
        if not math.isfinite(self.max_utility):
            raise ValueError("max_utility must be a finite number")
        return self

    def describe(self) -> str:
        """The preferences in a sentence, for a party's brief."""
        rectangles = self.function.walk()
        return (
            f"{len(rectangles)} hyper-rectangles ({self.function.aggregation}); utility = raw "
            f"value / {number(self.max_utility)}, capped at 1; reservation value "
            f"{number(self.reservation_value)}; discount factor {number(self.discount_factor)}"
        )

    def check(self, issues: Mapping[str, AnyIssue], base: str) -> Iterator[Problem]:
        """Every bound naming an unknown or a categorical issue, with the path of the field."""
        yield from _check_function(self.function, issues, f"{base}.function")


def _check_function(
    function: RectangleFunction,
    issues: Mapping[str, AnyIssue],
    path: str,
) -> Iterator[Problem]:
    for r, rect in enumerate(function.rectangles):
        side = "excludes" if rect.excludes else "includes"
        for b, bound in enumerate(rect.bounds):
            where = f"{path}.rectangles[{r}].{side}[{b}].issue"
            issue = issues.get(bound.issue)
            if issue is None:
                known = ", ".join(sorted(issues)) or "none"
                yield Problem(f"unknown issue {bound.issue!r} (known: {known})", where)
            elif not issue.is_numeric:
                yield Problem(f"issue {bound.issue!r} is categorical: bounds need numbers", where)
    for f, nested in enumerate(function.functions):
        yield from _check_function(nested, issues, f"{path}.functions[{f}]")

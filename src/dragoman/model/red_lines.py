"""Red lines: a party's hard constraints, one issue each, shared by every kind of preferences."""

from __future__ import annotations

import numpy as np
from pydantic import model_validator

from dragoman._arrays import BoolArray
from dragoman._words import number
from dragoman.model.base import Description, IssueValue, Number
from dragoman.model.outcomes import AnyIssue

__all__ = ["RedLine", "Value"]

#: An issue's value as a red line or an interaction names it (text or a number, never true/false).
Value = IssueValue


class RedLine(Description):
    """A hard constraint of one party on one issue: outcomes outside it are never acceptable.

    Give `allowed` (the only acceptable values), `forbidden` (values never acceptable), and/or
    `min` / `max` (numeric issues). A `note` says why, in the scenario's own neutral words.
    """

    issue: str
    allowed: tuple[Value, ...] | None = None
    forbidden: tuple[Value, ...] | None = None
    min: Number | None = None
    max: Number | None = None
    note: str = ""

    @model_validator(mode="after")
    def _something_given(self) -> RedLine:
        if (
            self.allowed is None
            and self.forbidden is None
            and self.min is None
            and self.max is None
        ):
            raise ValueError("a red line needs 'allowed', 'forbidden', 'min' or 'max'")
        if self.allowed is not None and not self.allowed:
            raise ValueError("'allowed' is empty: nothing would be acceptable")
        return self

    def mask(self, issue: AnyIssue) -> BoolArray:
        """Which of the issue's values the red line accepts (the one definition of that)."""
        ok = np.ones(issue.cardinality, dtype=bool)
        if self.allowed is not None:
            ok[:] = False
            ok[[issue.index_of(v) for v in self.allowed]] = True
        if self.forbidden is not None:
            ok[[issue.index_of(v) for v in self.forbidden]] = False
        if self.min is not None or self.max is not None:
            if not issue.is_numeric:
                raise ValueError(f"issue {issue.name!r} is categorical: use allowed/forbidden")
            grid = issue.numeric_values()
            if self.min is not None:
                ok &= grid >= self.min - 1e-12
            if self.max is not None:
                ok &= grid <= self.max + 1e-12
        return ok

    def describe(self) -> str:
        """The constraint in words, e.g. "corridor in {a, b}"."""
        parts = []
        if self.allowed is not None:
            parts.append(f"{self.issue} in {{{', '.join(map(str, self.allowed))}}}")
        if self.forbidden is not None:
            parts.append(f"{self.issue} not in {{{', '.join(map(str, self.forbidden))}}}")
        if self.min is not None:
            parts.append(f"{self.issue} >= {number(self.min)}")
        if self.max is not None:
            parts.append(f"{self.issue} <= {number(self.max)}")
        return " and ".join(parts)

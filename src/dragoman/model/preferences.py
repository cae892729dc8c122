"""Linear-additive preferences (the default kind): issue weights, a score per issue value,
optional pairwise interaction bonuses; plus the reservation value, discount and red lines every
kind has (`dragoman.model.kinds.PreferencesBase`).

This is the validated description (what a scenario file says); the utility layer compiles it
into per-issue tables (`dragoman.utility.linear`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from itertools import pairwise
from typing import Literal

import numpy as np
from pydantic import (
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from dragoman._arrays import FloatArray
from dragoman._words import number, plain
from dragoman.errors import Problem
from dragoman.model.base import Description, Number
from dragoman.model.kinds import PreferencesBase
from dragoman.model.outcomes import AnyIssue
from dragoman.model.red_lines import RedLine, Value

__all__ = [
    "GENIUS_WEIGHT_TOLERANCE",
    "WEIGHT_TOLERANCE",
    "Affine",
    "Interaction",
    "IssueScoring",
    "Preferences",
    "RedLine",
]

#: Weights may miss 1 by this much (rounding in hand-written and GENIUS files, e.g. 1.00005).
WEIGHT_TOLERANCE = 1e-3
#: With `weights_as_written` (GENIUS semantics), weights may miss 1 by this much: the shipped ANAC
#: profiles miss it by up to 0.011 (y2015 Bank_Robbery_util2 sums to 0.989); further is refused.
GENIUS_WEIGHT_TOLERANCE = 0.02


class Affine(Description):
    """A straight line clipped to [0, 1]: clip01(slope * (x - origin) + offset).

    `origin` defaults to the issue's lowest value. It is GENIUS's integer evaluator as written
    (origin = lower bound) and its real `linear` evaluator (origin 0), kept exactly so an
    imported profile exports back to the same numbers.
    """

    slope: Number
    offset: Number
    origin: Number | None = None

    def vector(self, grid: FloatArray) -> FloatArray:
        """Score of each grid value (the grid's first value is the default origin)."""
        origin = grid[0] if self.origin is None else self.origin
        return np.asarray(np.clip(self.slope * (grid - origin) + self.offset, 0.0, 1.0))

    def describe(self) -> str:
        """The line in words, e.g. "clip01(0.08 * (x - min) + 0.3)"."""
        origin = "min" if self.origin is None else f"{number(self.origin)}"
        return f"clip01({number(self.slope)} * (x - {origin}) + {number(self.offset)})"


class IssueScoring(Description):
    """How much a party likes each value of one issue, from 0 (worst) to 1 (best).

    Exactly one of: `scores` (a score per value, categorical issues), `linear` (numeric issues,
    straight line from one end of the range to the other), `points` (numeric issues,
    piecewise-linear through (value, score) points, flat beyond the first and last), `affine`
    (numeric issues, a line clipped to [0, 1], as GENIUS's evaluators).
    """

    scores: dict[str, Number] | None = None
    linear: Literal["increasing", "decreasing"] | None = None
    points: tuple[tuple[Number, Number], ...] | None = None
    affine: Affine | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> IssueScoring:
        kinds = ("scores", "linear", "points", "affine")
        given = [k for k in kinds if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of 'scores', 'linear', 'points' or 'affine'"
                + (f" (got {', '.join(given)})" if given else " (got none)")
            )
        return self

    @field_validator("scores")
    @classmethod
    def _scores_in_range(cls, scores: dict[str, float] | None) -> dict[str, float] | None:
        for value, score in (scores or {}).items():
            if not 0.0 <= score <= 1.0 or math.isnan(score):
                raise ValueError(f"score of {value!r} must be between 0 and 1 (got {plain(score)})")
        return scores

    @field_validator("points")
    @classmethod
    def _points_ok(
        cls, points: tuple[tuple[float, float], ...] | None
    ) -> tuple[tuple[float, float], ...] | None:
        if points is None:
            return None
        if len(points) < 2:
            raise ValueError(
                f"piecewise-linear scoring needs at least 2 points (got {len(points)})"
            )
        xs = [x for x, _ in points]
        if any(b <= a for a, b in pairwise(xs)):
            raise ValueError("points must have strictly increasing values")
        for x, score in points:
            if not 0.0 <= score <= 1.0:
                raise ValueError(
                    f"score at {plain(x)} must be between 0 and 1 (got {plain(score)})"
                )
        return points

    def check(self, issue: AnyIssue, path: str) -> Iterator[Problem]:
        """Faults of this scoring against its issue (unknown values, a missing score, ...)."""
        if self.scores is not None:
            extra = [v for v in self.scores if v not in issue.labels]
            if extra:
                yield Problem(
                    f"unknown values {extra} (issue {issue.name!r} has: {', '.join(issue.labels)})",
                    f"{path}.scores",
                )
        try:
            self.vector(issue)
        except ValueError as exc:
            yield Problem(str(exc), path)

    def describe(self, issue: AnyIssue) -> str:
        """The scoring in words, e.g. "increasing from 0 to 10"."""
        if self.scores is not None:
            return ", ".join(f"{v}: {number(s)}" for v, s in self.scores.items())
        if self.linear is not None:
            return f"{self.linear} from {issue.labels[0]} to {issue.labels[-1]}"
        if self.affine is not None:
            return self.affine.describe()
        return "points " + ", ".join(f"{number(x)}→{number(s)}" for x, s in self.points or ())

    def vector(self, issue: AnyIssue) -> FloatArray:
        """Score of each of the issue's values, in value order."""
        if self.scores is not None:
            missing = [v for v in issue.labels if v not in self.scores]
            if missing:
                raise ValueError(f"no score for values {missing} of issue {issue.name!r}")
            return np.array([self.scores[v] for v in issue.labels], dtype=np.float64)
        if not issue.is_numeric:
            raise ValueError(f"issue {issue.name!r} is categorical: score it with 'scores'")
        grid = issue.numeric_values()
        if self.linear is not None:
            span = grid[-1] - grid[0]
            rising = (grid - grid[0]) / span if span > 0 else np.ones_like(grid)
            return np.asarray(rising if self.linear == "increasing" else 1.0 - rising)
        if self.affine is not None:
            return self.affine.vector(grid)
        assert self.points is not None
        xs, ys = zip(*self.points, strict=True)
        return np.asarray(np.interp(grid, np.array(xs), np.array(ys)), dtype=np.float64)


class Interaction(Description):
    """A bonus (or, if negative, a penalty) added when two issue values occur together."""

    when: dict[str, Value]
    bonus: Number
    note: str = ""

    @field_validator("when")
    @classmethod
    def _two_issues(cls, when: dict[str, Value]) -> dict[str, Value]:
        if len(when) != 2:
            raise ValueError(f"an interaction names exactly two issues (got {len(when)})")
        return when


class Preferences(PreferencesBase):
    """One party's linear-additive preferences: U = sum of weight * score per issue, plus
    interaction bonuses (capped at 1 under GENIUS semantics)."""

    kind: Literal["linear-additive"] = "linear-additive"
    weights_as_written: bool = Field(
        False,
        description="GENIUS semantics (set by the importers): weights are used as written and "
        "may miss 1 by up to 0.02; the utility is capped at 1.",
    )
    weights: dict[str, Number] = Field(description="Issue weights, non-negative, summing to 1.")
    values: dict[str, IssueScoring] = Field(description="Scoring of each issue's values.")
    interactions: tuple[Interaction, ...] = ()

    @field_validator("weights")
    @classmethod
    def _weights_ok(cls, weights: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        if not weights:
            raise ValueError("weights are empty")
        for name, w in weights.items():
            if w < 0 or math.isnan(w):
                raise ValueError(f"weight of {name!r} must be >= 0 (got {plain(w)})")
        total = sum(weights.values())
        as_written = bool(info.data.get("weights_as_written", False))
        tolerance = GENIUS_WEIGHT_TOLERANCE if as_written else WEIGHT_TOLERANCE
        if abs(total - 1.0) > tolerance:
            raise ValueError(f"weights must sum to 1 (got {plain(total)})")
        return weights

    def check(self, issues: Mapping[str, AnyIssue], base: str) -> Iterator[Problem]:
        """Weights, scorings and interactions that name unknown issues or values."""
        for name, weight in self.weights.items():
            if name not in issues:
                yield Problem(_unknown_issue(name, issues), f"{base}.weights.{name}")
            elif weight > 0 and name not in self.values:
                yield Problem(
                    f"issue {name!r} has weight {weight} but no scoring", f"{base}.values"
                )
        for name, scoring in self.values.items():
            if name not in issues:
                yield Problem(_unknown_issue(name, issues), f"{base}.values.{name}")
            else:
                yield from scoring.check(issues[name], f"{base}.values.{name}")
        for j, interaction in enumerate(self.interactions):
            for name, value in interaction.when.items():
                path = f"{base}.interactions[{j}].when.{name}"
                if name not in issues:
                    yield Problem(_unknown_issue(name, issues), path)
                    continue
                try:
                    issues[name].index_of(value)
                except ValueError as exc:
                    yield Problem(str(exc), path)

    def best_utility(self, issues: Mapping[str, AnyIssue]) -> float:
        """Each weight times its issue's best score, plus every positive interaction bonus
        (exact without interactions; capped at 1 under GENIUS semantics)."""
        best = sum(w * float(self.values[k].vector(issues[k]).max())
                   for k, w in self.weights.items() if w > 0 and k in self.values)  # fmt: skip
        best += sum(max(0.0, i.bonus) for i in self.interactions)
        return min(best, 1.0) if self.weights_as_written else best

    def describe_issue(self, issue: AnyIssue) -> str | None:
        """How this party scores `issue`'s values, in words."""
        scoring = self.values.get(issue.name)
        return "indifferent" if scoring is None else scoring.describe(issue)

    def issue_weight(self, issue: AnyIssue) -> float | None:
        """The weight of `issue` (0 when the preferences give it none)."""
        return self.weights.get(issue.name, 0.0)


def _unknown_issue(name: str, issues: Mapping[str, AnyIssue]) -> str:
    return f"unknown issue {name!r} (known: {', '.join(sorted(issues)) or 'none'})"

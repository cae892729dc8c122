"""A party's preferences: linear-additive utility, red lines, reservation value and discount.

`Preferences` is the validated description (what a scenario file says); `LinearAdditiveUtility`
compiles it against an `OutcomeSpace` into per-issue score vectors, so the utility of the whole
space, or of any batch of outcomes, is a handful of numpy operations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from typing import Literal

import numpy as np
import numpy.typing as npt
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from dragoman.model.outcomes import (
    CategoricalIssue,
    IntegerIssue,
    OutcomeSpace,
    RealIssue,
    product_mask,
    rank_outcomes,
)

__all__ = [
    "GENIUS_WEIGHT_TOLERANCE",
    "Affine",
    "Interaction",
    "IssueScoring",
    "LinearAdditiveUtility",
    "Preferences",
    "RedLine",
    "discounted",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
AnyIssue = CategoricalIssue | IntegerIssue | RealIssue
Value = str | int | float

#: Weights may miss 1 by this much (rounding in hand-written and GENIUS files, e.g. 1.00005).
WEIGHT_TOLERANCE = 1e-3
#: With `weights_as_written` (GENIUS semantics), weights may miss 1 by this much: the shipped ANAC
#: profiles miss it by up to 0.011 (y2015 Bank_Robbery_util2 sums to 0.989); further is refused.
GENIUS_WEIGHT_TOLERANCE = 0.02


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Affine(_Strict):
    """A straight line clipped to [0, 1]: clip01(slope * (x - origin) + offset).

    `origin` defaults to the issue's lowest value. It is GENIUS's integer evaluator as written
    (origin = lower bound) and its real `linear` evaluator (origin 0), kept exactly so an
    imported profile exports back to the same numbers.
    """

    slope: float
    offset: float
    origin: float | None = None

    def vector(self, grid: FloatArray) -> FloatArray:
        """Score of each grid value (the grid's first value is the default origin)."""
        origin = grid[0] if self.origin is None else self.origin
        return np.asarray(np.clip(self.slope * (grid - origin) + self.offset, 0.0, 1.0))

    def describe(self) -> str:
        """The line in words, e.g. "clip01(0.08 * (x - min) + 0.3)"."""
        origin = "min" if self.origin is None else f"{self.origin:g}"
        return f"clip01({self.slope:g} * (x - {origin}) + {self.offset:g})"


class IssueScoring(_Strict):
    """How much a party likes each value of one issue, from 0 (worst) to 1 (best).

    Exactly one of: `scores` (a score per value, categorical issues), `linear` (numeric issues,
    straight line from one end of the range to the other), `points` (numeric issues,
    piecewise-linear through (value, score) points, flat beyond the first and last), `affine`
    (numeric issues, a line clipped to [0, 1], as GENIUS's evaluators).
    """

    scores: dict[str, float] | None = None
    linear: Literal["increasing", "decreasing"] | None = None
    points: tuple[tuple[float, float], ...] | None = None
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
                raise ValueError(f"score of {value!r} must be between 0 and 1 (got {score})")
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
                raise ValueError(f"score at {x} must be between 0 and 1 (got {score})")
        return points

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


class RedLine(_Strict):
    """A hard constraint of one party on one issue: outcomes outside it are never acceptable.

    Give `allowed` (the only acceptable values), `forbidden` (values never acceptable), and/or
    `min` / `max` (numeric issues). A `note` says why, in the scenario's own neutral words.
    """

    issue: str
    allowed: tuple[Value, ...] | None = None
    forbidden: tuple[Value, ...] | None = None
    min: float | None = None
    max: float | None = None
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
        """Which of the issue's values the red line accepts."""
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
            parts.append(f"{self.issue} >= {self.min:g}")
        if self.max is not None:
            parts.append(f"{self.issue} <= {self.max:g}")
        return " and ".join(parts)


class Interaction(_Strict):
    """A bonus (or, if negative, a penalty) added when two issue values occur together."""

    when: dict[str, Value]
    bonus: float
    note: str = ""

    @field_validator("when")
    @classmethod
    def _two_issues(cls, when: dict[str, Value]) -> dict[str, Value]:
        if len(when) != 2:
            raise ValueError(f"an interaction names exactly two issues (got {len(when)})")
        return when


class Preferences(_Strict):
    """One party's private preferences over outcomes."""

    kind: Literal["linear-additive"] = "linear-additive"
    weights_as_written: bool = Field(
        False,
        description="GENIUS semantics (set by the importers): weights are used as written and "
        "may miss 1 by up to 0.02; the utility is capped at 1.",
    )
    weights: dict[str, float] = Field(description="Issue weights, non-negative, summing to 1.")
    values: dict[str, IssueScoring] = Field(description="Scoring of each issue's values.")
    reservation_value: float = Field(0.0, description="Utility of no agreement.")
    discount_factor: float = Field(
        1.0, gt=0, le=1, description="Utility at normalised time t is U * d**t."
    )
    red_lines: tuple[RedLine, ...] = ()
    interactions: tuple[Interaction, ...] = ()

    @field_validator("weights")
    @classmethod
    def _weights_ok(cls, weights: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        if not weights:
            raise ValueError("weights are empty")
        for name, w in weights.items():
            if w < 0 or math.isnan(w):
                raise ValueError(f"weight of {name!r} must be >= 0 (got {w})")
        total = sum(weights.values())
        as_written = bool(info.data.get("weights_as_written", False))
        tolerance = GENIUS_WEIGHT_TOLERANCE if as_written else WEIGHT_TOLERANCE
        if abs(total - 1.0) > tolerance:
            raise ValueError(f"weights must sum to 1 (got {total:.6g})")
        return weights


def discounted(utility: npt.ArrayLike, discount_factor: float, time: float) -> FloatArray:
    """Utility at normalised time `time` in [0, 1]: U * d**t (GENIUS's convention)."""
    factor: float = discount_factor ** float(time)
    return np.asarray(utility, dtype=np.float64) * factor


@dataclass(frozen=True)
class _InteractionTable:
    first: int
    second: int
    table: FloatArray  # shape (radix[first], radix[second])


class LinearAdditiveUtility:
    """Preferences compiled against an outcome space: vectorised utilities and red-line masks."""

    def __init__(self, preferences: Preferences, space: OutcomeSpace) -> None:
        self.preferences = preferences
        self.space = space
        self.reservation_value = preferences.reservation_value
        self.discount_factor = preferences.discount_factor
        #: GENIUS caps the utility at 1 (weights as written may sum to a little more than 1)
        self.cap = 1.0 if preferences.weights_as_written else math.inf
        self.issue_scores: tuple[FloatArray, ...] = tuple(
            self._weighted_scores(issue) for issue in space.issues
        )
        self.interactions = tuple(self._interaction(i) for i in preferences.interactions)
        self.red_line_masks: tuple[tuple[int, BoolArray], ...] = tuple(
            (space.issue_position(r.issue), r.mask(space.issues[space.issue_position(r.issue)]))
            for r in preferences.red_lines
        )

    def _weighted_scores(self, issue: AnyIssue) -> FloatArray:
        weight = self.preferences.weights.get(issue.name, 0.0)
        scoring = self.preferences.values.get(issue.name)
        if scoring is None:
            if weight > 0:
                raise ValueError(f"issue {issue.name!r} has a weight but no scoring")
            return np.zeros(issue.cardinality)
        return weight * scoring.vector(issue)

    def _interaction(self, interaction: Interaction) -> _InteractionTable:
        (name_a, value_a), (name_b, value_b) = interaction.when.items()
        a, b = self.space.issue_position(name_a), self.space.issue_position(name_b)
        issue_a, issue_b = self.space.issues[a], self.space.issues[b]
        table = np.zeros((issue_a.cardinality, issue_b.cardinality))
        table[issue_a.index_of(value_a), issue_b.index_of(value_b)] = interaction.bonus
        return _InteractionTable(a, b, table)

    # --- utilities -------------------------------------------------------------------------
    @cached_property
    def table(self) -> FloatArray:
        """Utility of every outcome, computed once (index it by outcome)."""
        table = self._whole_space()
        table.flags.writeable = False
        return table

    @cached_property
    def inside(self) -> BoolArray:
        """Whether each outcome respects every red line (computed once; index it by outcome)."""
        mask = self.acceptable()
        mask.flags.writeable = False
        return mask

    @cached_property
    def ranking(self) -> tuple[npt.NDArray[np.int64], FloatArray]:
        """Outcomes inside this party's red lines, best first, and their utilities.

        Computed once per compiled utility, so negotiations that reuse a scenario pay nothing.
        """
        inside = np.flatnonzero(self.inside).astype(np.int64)
        return rank_outcomes(inside, self.table[inside])

    def utilities(self, outcomes: npt.ArrayLike | None = None) -> FloatArray:
        """Utility of outcome indices `outcomes`, or of the whole space when None."""
        if outcomes is None:
            return self._whole_space()
        return self.utilities_of_digits(self.space.digits(outcomes))

    def utilities_of_digits(self, digits: npt.ArrayLike) -> FloatArray:
        """Utility of outcomes given as (n, issues) value positions."""
        d = np.asarray(digits)
        u = np.zeros(d.shape[:-1], dtype=np.float64)
        for i, scores in enumerate(self.issue_scores):
            u += scores[d[..., i]]
        for inter in self.interactions:
            u += inter.table[d[..., inter.first], d[..., inter.second]]
        return np.minimum(u, self.cap, out=u)

    def _whole_space(self) -> FloatArray:
        u: FloatArray = self.issue_scores[0].copy()
        for scores in self.issue_scores[1:]:
            u = np.add.outer(u, scores).ravel()
        if self.interactions:
            shaped = u.reshape(self.space.shape)
            for inter in self.interactions:
                shaped += _broadcast(inter.table, (inter.first, inter.second), self.space.shape)
        return np.minimum(u, self.cap, out=u)

    def utility_range(self) -> tuple[float, float]:
        """Lowest and highest utility over the whole space (without enumerating it)."""
        if self.interactions:
            u = self._whole_space()
            return float(u.min()), float(u.max())
        low = sum(float(s.min()) for s in self.issue_scores)
        high = sum(float(s.max()) for s in self.issue_scores)
        return min(low, self.cap), min(high, self.cap)

    # --- red lines -------------------------------------------------------------------------
    def issue_allowed(self, skip: Sequence[int] = ()) -> tuple[BoolArray, ...]:
        """Per issue, which values every red line accepts (red lines numbered in `skip` ignored)."""
        allowed = [np.ones(issue.cardinality, dtype=bool) for issue in self.space.issues]
        for k, (position, mask) in enumerate(self.red_line_masks):
            if k not in skip:
                allowed[position] &= mask
        return tuple(allowed)

    def acceptable(self, outcomes: npt.ArrayLike | None = None) -> BoolArray:
        """Whether outcomes (indices, or the whole space when None) respect every red line."""
        allowed = self.issue_allowed()
        if outcomes is None:
            return product_mask(allowed)
        digits = self.space.digits(outcomes)
        ok = np.ones(digits.shape[:-1], dtype=bool)
        for i, mask in enumerate(allowed):
            ok &= mask[digits[..., i]]
        return ok


def _broadcast(table: FloatArray, axes: tuple[int, int], shape: tuple[int, ...]) -> FloatArray:
    """View a 2-D table over issue positions `axes` as an array broadcastable to `shape`."""
    first, second = axes
    t = table if first < second else table.T
    view_shape = [1] * len(shape)
    view_shape[min(axes)], view_shape[max(axes)] = t.shape
    return t.reshape(view_shape)

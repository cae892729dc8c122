"""Issues and the outcome space: mixed-radix indexing over every combination of issue values.

An outcome is one value per issue. Outcomes are numbered 0..size-1 in mixed radix (the last
issue varies fastest), so the whole space is an integer range and any batch of outcomes is an
integer array: nothing in the hot path loops over outcomes in Python. Indices are int64 up to
2**62 outcomes; on larger spaces (e.g. 10**30) they are Python ints (arrays of dtype object), so
no index ever overflows; value positions ("digits", int16) work at any size.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field, field_validator, model_validator

from dragoman._arrays import Digits, FloatArray, OutcomeIds
from dragoman._derived import derived
from dragoman._words import number, unit_for
from dragoman.limits import limit, over, refusal
from dragoman.model.base import Description, Number, Whole
from dragoman.model.wide_index import index_groups, wide_digits, wide_index

__all__ = [
    "MAX_MAGNITUDE",
    "WIDE_SIZE",
    "AnyIssue",
    "CategoricalIssue",
    "IntegerIssue",
    "Issue",
    "OutcomeSpace",
    "RealIssue",
]

#: Numeric issue values lie within ± this (2**53: every whole number is exact as a float).
MAX_MAGNITUDE = 2**53
#: Spaces with more outcomes than this index them with Python ints instead of int64.
WIDE_SIZE = 2**62


class _IssueBase(Description):
    """Fields and behaviour shared by every kind of issue."""

    name: str = Field(min_length=1, description="Identifier used in preferences and red lines.")
    description: str = ""

    @property
    def cardinality(self) -> int:
        """How many values the issue can take."""
        return len(self.labels)

    @property
    def labels(self) -> tuple[str, ...]:
        """Each value as text, in value order."""
        raise NotImplementedError

    @property
    def is_numeric(self) -> bool:
        """Whether values are numbers (so red lines may use min/max)."""
        return False

    def numeric_values(self) -> FloatArray:
        """Values as floats (numeric issues) or their positions 0..k-1 (categorical)."""
        return np.arange(self.cardinality, dtype=np.float64)

    def index_of(self, value: Any) -> int:
        """Position of `value` among the issue's values; ValueError if it is not one of them."""
        raise NotImplementedError

    def value(self, position: int) -> str | int | float:
        """The value at `position`, typed as the issue's kind (text, whole number, real)."""
        return self.labels[position]


class CategoricalIssue(_IssueBase):
    """An issue with named options; if `ordered`, listed from one extreme to the other."""

    kind: Literal["categorical"] = "categorical"
    values: tuple[str, ...] = Field(description="The options, as identifiers.")
    ordered: bool = Field(False, description="Whether the listed order is meaningful.")
    value_labels: dict[str, str] = Field(
        default_factory=dict, description="Optional human-readable text per option."
    )

    @field_validator("values")
    @classmethod
    def _values_ok(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        if not values:
            raise ValueError("an issue needs at least one value (got an empty list)")
        too_many = over("issue_values", len(values))
        if too_many:
            raise ValueError(too_many)
        seen: set[str] = set()
        for value in values:
            if value in seen:
                raise ValueError(f"value {value!r} is listed twice")
            seen.add(value)
        return values

    @model_validator(mode="after")
    def _labels_ok(self) -> CategoricalIssue:
        unknown = set(self.value_labels) - set(self.values)
        if unknown:
            raise ValueError(f"value_labels names unknown values {sorted(unknown)}")
        return self

    @property
    def labels(self) -> tuple[str, ...]:
        return self.values

    def text(self, position: int) -> str:
        """Human-readable text of the value at `position`."""
        value = self.values[position]
        return self.value_labels.get(value, value)

    def index_of(self, value: Any) -> int:
        try:
            return self.values.index(str(value))
        except ValueError:
            known = ", ".join(self.values)
            raise ValueError(
                f"{value!r} is not a value of issue {self.name!r} (values: {known})"
            ) from None


class _NumericIssue(_IssueBase):
    """An issue over a numeric range enumerated on a grid min, min+step, ..., max."""

    unit: str = ""

    @property
    def is_numeric(self) -> bool:
        return True

    def text(self, position: int) -> str:
        """Value at `position` with its unit, in the number the value needs ("1 year")."""
        label = self.labels[position]
        return f"{label} {unit_for(float(self.numeric_values()[position]), self.unit)}".strip()

    def index_of(self, value: Any) -> int:
        grid = self.numeric_values()
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(f"{value!r} is not a number (issue {self.name!r})") from None
        if isinstance(value, bool) or not math.isfinite(number):
            raise ValueError(f"{value!r} is not a finite number (issue {self.name!r})")
        position = int(np.argmin(np.abs(grid - number)))
        if abs(grid[position] - number) > _tolerance(number):
            raise ValueError(
                f"{value!r} is not on the grid of issue {self.name!r} "
                f"({self.labels[0]}..{self.labels[-1]})"
            )
        return position


class IntegerIssue(_NumericIssue):
    """Whole numbers from `min` to `max` inclusive, every `step`."""

    kind: Literal["integer"] = "integer"
    min: Whole
    max: Whole
    step: Whole = Field(1, gt=0)

    @model_validator(mode="after")
    def _range_ok(self) -> IntegerIssue:
        if max(abs(self.min), abs(self.max)) > MAX_MAGNITUDE:
            raise ValueError(
                f"values must lie within ±{MAX_MAGNITUDE:,} (2**53: whole numbers exact as floats)"
            )
        if self.max < self.min:
            raise ValueError(f"max ({self.max}) is below min ({self.min}): the issue is empty")
        if (self.max - self.min) % self.step:
            raise ValueError(f"max - min ({self.max - self.min}) is not a multiple of step")
        count = (self.max - self.min) // self.step + 1
        too_many = over("issue_values", count)
        if too_many:
            raise ValueError(too_many)
        return self

    @property
    def labels(self) -> tuple[str, ...]:
        return derived(
            self, "labels", lambda: tuple(map(str, range(self.min, self.max + 1, self.step)))
        )

    def value(self, position: int) -> int:
        return self.min + position * self.step

    def numeric_values(self) -> FloatArray:
        return np.arange(self.min, self.max + 1, self.step, dtype=np.float64)


class RealIssue(_NumericIssue):
    """A real range, enumerated on the grid min, min+step, ..., max (the step is stated)."""

    kind: Literal["real"] = "real"
    min: Number
    max: Number
    step: Number = Field(gt=0, description="Grid spacing used to enumerate the range.")

    @model_validator(mode="after")
    def _range_ok(self) -> RealIssue:
        if max(abs(self.min), abs(self.max)) > MAX_MAGNITUDE:
            raise ValueError(f"values must lie within ±{MAX_MAGNITUDE:,}")
        if self.max < self.min:
            raise ValueError(f"max ({self.max}) is below min ({self.min}): the issue is empty")
        if self.step < 1e-12 * max(1.0, abs(self.min), abs(self.max)):
            raise ValueError(
                f"step {number(self.step)} is finer than the rounding of values this large: grid "
                "values would not be told apart"
            )
        steps = (self.max - self.min) / self.step
        if not steps < limit("issue_values"):  # also refuses an overflow to infinity
            count = math.floor(steps) + 1 if math.isfinite(steps) else steps
            raise ValueError(refusal("issue_values", count))
        return self

    def _count(self) -> int:
        return int(np.floor((self.max - self.min) / self.step + 1e-9)) + 1

    def numeric_values(self) -> FloatArray:
        return np.asarray(self.min + self.step * np.arange(self._count()), dtype=np.float64)

    @property
    def labels(self) -> tuple[str, ...]:
        return derived(
            self, "labels", lambda: tuple(_label(v, self.step) for v in self.numeric_values())
        )

    def value(self, position: int) -> float:
        return float(self.numeric_values()[position])


def _tolerance(number: float) -> float:
    """How far a number may be from a grid value and still name it (rounding in files)."""
    return 1e-9 * max(1.0, abs(number))


def _label(value: float, step: float) -> str:
    """The shortest text of a grid value that reads back to it (within `_tolerance`, and nearer
    to it than to its neighbours): "0.5", "0.3333333333", never "0.333333" for 1/3."""
    for digits in range(6, 18):
        text = f"{value:.{digits}g}"
        if abs(float(text) - value) <= min(_tolerance(value), step) / 10:
            return text
    return repr(float(value))


#: Any kind of issue (for annotations).
AnyIssue = CategoricalIssue | IntegerIssue | RealIssue
#: Any kind of issue, picked by its `kind` (for pydantic fields).
Issue = Annotated[AnyIssue, Field(discriminator="kind")]


class OutcomeSpace:
    """The Cartesian product of issues, indexed in mixed radix (last issue fastest)."""

    def __init__(self, issues: Sequence[AnyIssue]) -> None:
        if not issues:
            raise ValueError("an outcome space needs at least one issue")
        self.issues = tuple(issues)
        self.names = tuple(issue.name for issue in self.issues)
        self.radices = np.array([issue.cardinality for issue in self.issues], dtype=np.int64)
        # place value of each digit: product of the radices to its right (Python ints: exact)
        places = [1] * len(self.issues)
        for i in range(len(self.issues) - 2, -1, -1):
            places[i] = places[i + 1] * int(self.radices[i + 1])
        self.size = places[0] * int(self.radices[0])
        #: whether indices exceed int64 and are held as Python ints (dtype object)
        self.wide = self.size > WIDE_SIZE
        self.strides = np.array(places, dtype=object if self.wide else np.int64)
        self._groups = index_groups(self.shape) if self.wide else ()

    @property
    def shape(self) -> tuple[int, ...]:
        """Radices as a tuple: the shape of the space as an n-dimensional array."""
        return tuple(int(r) for r in self.radices)

    def issue_position(self, name: str) -> int:
        """Position of the issue called `name`; KeyError naming the known issues otherwise."""
        try:
            return self.names.index(name)
        except ValueError:
            raise KeyError(f"unknown issue {name!r} (issues: {', '.join(self.names)})") from None

    def ids(self, index: npt.ArrayLike) -> OutcomeIds:
        """Outcome indices as an array of the space's index type (int64, or object if wide)."""
        if self.wide:
            return np.asarray(index, dtype=object)
        return np.asarray(index, dtype=np.int64)

    def digits(self, index: npt.ArrayLike) -> Digits:
        """Value positions of outcomes `index` (shape (n,) -> (n, issues)), as int16."""
        idx = self.ids(index)
        if idx.size and (idx.min() < 0 or idx.max() >= self.size):
            raise IndexError(f"outcome index out of range 0..{self.size - 1}")
        if self.wide:
            return wide_digits(idx, self._groups, self.radices)
        out = np.empty((*idx.shape, len(self.issues)), dtype=np.int16)
        for i, (stride, radix) in enumerate(zip(self.strides, self.radices, strict=True)):
            out[..., i] = (idx // stride) % int(radix)
        return out

    def index(self, digits: npt.ArrayLike) -> OutcomeIds:
        """Outcome indices of rows of value positions (inverse of `digits`)."""
        d = np.asarray(digits, dtype=np.int64)
        if d.shape[-1] != len(self.issues):
            raise ValueError(f"expected {len(self.issues)} value positions per outcome")
        if np.any(d < 0) or np.any(d >= self.radices):
            raise IndexError("a value position is outside its issue")
        if self.wide:
            return wide_index(d, self._groups)
        return np.asarray(d @ self.strides, dtype=np.int64)

    def enumerate(self, start: int = 0, stop: int | None = None) -> Digits:
        """Value positions of outcomes start..stop-1 as an (n, issues) int16 array."""
        stop = self.size if stop is None else min(stop, self.size)
        return self.digits(np.arange(start, stop, dtype=np.int64))

    def sample_digits(self, rng: np.random.Generator, n: int) -> Digits:
        """`n` outcomes drawn uniformly (with replacement) as value positions, at any size."""
        columns = [rng.integers(0, int(r), size=n) for r in self.radices]
        return np.stack(columns, axis=1).astype(np.int16)

    def random_outcome(self, rng: np.random.Generator) -> int:
        """One outcome drawn uniformly (one draw of `rng` when indices fit in int64)."""
        if self.wide:
            return int(self.index(self.sample_digits(rng, 1))[0])
        return int(rng.integers(self.size))

    def sample(self, rng: np.random.Generator, n: int, replace: bool = True) -> OutcomeIds:
        """`n` outcome indices drawn uniformly with the given generator."""
        if not replace and n > self.size:
            raise ValueError(f"cannot draw {n} distinct outcomes from {self.size}")
        if self.wide:
            return self.index(self.sample_digits(rng, n))
        if replace:
            return rng.integers(0, self.size, size=n, dtype=np.int64)
        return np.asarray(rng.choice(self.size, size=n, replace=False), dtype=np.int64)

    def outcome_index(self, outcome: Mapping[str, Any]) -> int:
        """Index of an outcome given as {issue name: value}; every issue must be given."""
        missing = [name for name in self.names if name not in outcome]
        extra = [name for name in outcome if name not in self.names]
        if missing or extra:
            problems = []
            if missing:
                problems.append(f"missing issues {missing}")
            if extra:
                problems.append(f"unknown issues {extra}")
            raise ValueError("; ".join(problems))
        digits = [issue.index_of(outcome[issue.name]) for issue in self.issues]
        return int(self.index(np.array(digits))[()])

    def outcome(self, index: int) -> dict[str, str]:
        """Outcome `index` as {issue name: value label}."""
        digits = self.digits(np.array([index], dtype=object if self.wide else np.int64))[0]
        return {
            issue.name: issue.labels[int(d)] for issue, d in zip(self.issues, digits, strict=True)
        }

    def values(self, index: int) -> dict[str, str | int | float]:
        """Outcome `index` as {issue name: value}, each typed as its issue's kind."""
        digits = self.digits(np.array([index], dtype=object if self.wide else np.int64))[0]
        return {
            issue.name: issue.value(int(d)) for issue, d in zip(self.issues, digits, strict=True)
        }

    def describe(self, index: int) -> dict[str, str]:
        """Outcome `index` as {issue name: human-readable value text}."""
        digits = self.digits(np.array([index], dtype=object if self.wide else np.int64))[0]
        return {
            issue.name: issue.text(int(d)) for issue, d in zip(self.issues, digits, strict=True)
        }

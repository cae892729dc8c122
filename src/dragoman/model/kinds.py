"""The kinds of preferences a party may have, and the one interface their compiled forms share.

* `linear-additive` (`Preferences` → `LinearAdditiveUtility`): weights and per-issue scores;
* `hyper-rectangles` (`HyperRectanglePreferences` → `HyperRectangleUtility`): ANAC 2014
  nonlinear GENIUS profiles.

`AnyPreferences` is the field type of a party's preferences: the `kind` key picks the model
(absent means `linear-additive`, so format-1 files stay valid). `CompiledUtility` is what agents,
sessions and the analysis rely on; `compile_preferences` builds the right one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Protocol

import numpy as np
import numpy.typing as npt
from pydantic import Discriminator, Tag, TypeAdapter

from dragoman.model.outcomes import OutcomeSpace
from dragoman.model.preferences import LinearAdditiveUtility, Preferences
from dragoman.model.rectangles import HyperRectanglePreferences
from dragoman.utility.lazy import LazyMask, LazyTable
from dragoman.utility.rectangles import HyperRectangleUtility

__all__ = [
    "PREFERENCE_KINDS",
    "AnyPreferences",
    "CompiledUtility",
    "PreferencesModel",
    "compile_preferences",
    "parse_preferences",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]

PREFERENCE_KINDS = ("linear-additive", "hyper-rectangles")

#: Either kind of preferences model (for annotations).
PreferencesModel = Preferences | HyperRectanglePreferences


def _kind(value: Any) -> str | None:
    """The union's tag: the `kind` key (default `linear-additive`) or attribute."""
    if isinstance(value, dict):
        kind = value.get("kind", "linear-additive")
        return kind if isinstance(kind, str) else None
    return getattr(value, "kind", None)


AnyPreferences = Annotated[
    Annotated[Preferences, Tag("linear-additive")]
    | Annotated[HyperRectanglePreferences, Tag("hyper-rectangles")],
    Discriminator(
        _kind,
        custom_error_type="preferences_kind",
        custom_error_message=(
            f"unknown preferences kind (use one of: {', '.join(PREFERENCE_KINDS)})"
        ),
    ),
]


class CompiledUtility(Protocol):
    """A party's preferences compiled against the outcome space (read-only interface).

    `table` and `inside` are whole-space arrays, or, on spaces too large to enumerate, lazy
    lookups (`LazyTable`, `LazyMask`) indexed the same way; `ranking` ranks the candidate
    outcomes (every outcome inside the red lines, when the space is enumerable).
    """

    @property
    def preferences(self) -> PreferencesModel: ...
    @property
    def space(self) -> OutcomeSpace: ...
    @property
    def reservation_value(self) -> float: ...
    @property
    def discount_factor(self) -> float: ...
    @property
    def red_line_masks(self) -> tuple[tuple[int, BoolArray], ...]: ...
    @property
    def table(self) -> FloatArray | LazyTable: ...
    @property
    def inside(self) -> BoolArray | LazyMask: ...
    @property
    def ranking(self) -> tuple[IntArray, FloatArray]: ...

    def utilities(self, outcomes: npt.ArrayLike | None = None) -> FloatArray:
        """Utility of outcome indices, or of the whole space when None."""
        ...

    def utilities_of_digits(self, digits: npt.ArrayLike) -> FloatArray:
        """Utility of outcomes given as (n, issues) value positions."""
        ...

    def utility_range(self) -> tuple[float, float]:
        """Lowest and highest utility."""
        ...

    def issue_allowed(self, skip: Sequence[int] = ()) -> tuple[BoolArray, ...]:
        """Per issue, which values every red line accepts."""
        ...

    def acceptable(self, outcomes: npt.ArrayLike | None = None) -> BoolArray:
        """Whether outcomes respect every red line."""
        ...


_PREFERENCES_ADAPTER: TypeAdapter[PreferencesModel] = TypeAdapter(AnyPreferences)


def parse_preferences(data: Any) -> PreferencesModel:
    """Preferences of either kind from plain data (e.g. a party's report to mediators);
    pydantic's ValidationError if they are not valid."""
    return _PREFERENCES_ADAPTER.validate_python(data)


def compile_preferences(preferences: PreferencesModel, space: OutcomeSpace) -> CompiledUtility:
    """The compiled utility for a party's preferences, whichever their kind."""
    if isinstance(preferences, HyperRectanglePreferences):
        return HyperRectangleUtility(preferences, space)
    return LinearAdditiveUtility(preferences, space)

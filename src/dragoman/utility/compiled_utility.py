"""A party's preferences compiled against the outcome space: one class for every kind.

`CompiledUtility` holds the kind's utility terms and red-line masks and decides once, by the size
of the space, whether `table` and `inside` are whole-space arrays or lazy look-ups indexed the
same way; `ranking` ranks outcomes best first (exhaustively or over candidates). Agents,
sessions and the analysis use only this interface, whatever the kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

import numpy as np
import numpy.typing as npt

import dragoman.utility.linear
import dragoman.utility.rectangles  # noqa: F401 - the built-in kinds' compile functions
from dragoman._arrays import BoolArray, FloatArray, OutcomeIds
from dragoman.model.kinds import PreferencesBase
from dragoman.model.outcomes import OutcomeSpace
from dragoman.utility.kinds import terms_of_preferences
from dragoman.utility.lazy import LazyMask, LazyTable, SpaceTooLargeError, enumerable
from dragoman.utility.masks import RedLineMask, allowed_values, passes, product_mask, red_line_masks
from dragoman.utility.ranking import rank
from dragoman.utility.terms import UtilityTerms

__all__ = ["CompiledUtility", "compile_preferences"]


def compile_preferences(preferences: PreferencesBase, space: OutcomeSpace) -> CompiledUtility:
    """The compiled utility of a party's preferences, whatever their kind."""
    return CompiledUtility(preferences, space)


class CompiledUtility:
    """Preferences compiled against a space (see the module doc); read-only after building."""

    def __init__(
        self, preferences: PreferencesBase, space: OutcomeSpace, terms: UtilityTerms | None = None
    ) -> None:
        self.preferences = preferences
        self.space = space
        self.terms = terms if terms is not None else terms_of_preferences(preferences, space)
        self.reservation_value = preferences.reservation_value
        self.discount_factor = preferences.discount_factor
        self.red_line_masks: tuple[RedLineMask, ...] = red_line_masks(preferences.red_lines, space)
        self.enumerable = enumerable(space)

    # --- utilities -------------------------------------------------------------------------
    @cached_property
    def table(self) -> FloatArray | LazyTable:
        """Utility of every outcome (index it by outcome); computed on demand when huge."""
        if not self.enumerable:
            return LazyTable(self.space, self.utilities, "the utility of every outcome")
        table = self.terms.whole(self.space.shape)
        table.flags.writeable = False
        return table

    @cached_property
    def inside(self) -> BoolArray | LazyMask:
        """Whether each outcome respects every red line (index it by outcome)."""
        if not self.enumerable:
            return LazyMask(self.space, self.acceptable, "the red-line mask")
        mask = self.acceptable()
        mask.flags.writeable = False
        return mask

    @cached_property
    def ranking(self) -> tuple[OutcomeIds, FloatArray]:
        """Outcomes inside the red lines best first (candidates on huge spaces), with their
        utilities; computed once, so negotiations that reuse a scenario pay nothing."""
        table = np.asarray(self.table) if self.enumerable else None
        return rank(self.space, self.issue_allowed(), self.utilities_of_digits, table)

    def utilities(self, outcomes: npt.ArrayLike | None = None) -> FloatArray:
        """Utility of outcome indices `outcomes`, or of the whole space when None."""
        if outcomes is None:
            if not self.enumerable:
                raise SpaceTooLargeError(self.space.size, "the utility of every outcome")
            return self.terms.whole(self.space.shape)
        return self.utilities_of_digits(self.space.digits(outcomes))

    def utilities_of_digits(self, digits: npt.ArrayLike) -> FloatArray:
        """Utility of outcomes given as (n, issues) value positions."""
        return self.terms.utility(np.asarray(digits))

    def utility_range(self) -> tuple[float, float]:
        """Lowest and highest utility: exact when separable or enumerable, else over the
        ranked candidates."""
        t = self.terms
        if t.tree is None:
            low = t.constant + sum(float(s.min()) for s in t.unary)
            high = t.constant + sum(float(s.max()) for s in t.unary)
            return float(t.of_raw(low)), float(t.of_raw(high))
        if self.enumerable:
            table = np.asarray(self.table)
            return float(table.min()), float(table.max())
        _, utilities = self.ranking
        if utilities.size == 0:
            return 0.0, 0.0
        return float(utilities[-1]), float(utilities[0])

    # --- red lines -------------------------------------------------------------------------
    def issue_allowed(self, skip: Iterable[int] = ()) -> tuple[BoolArray, ...]:
        """Per issue, which values every red line accepts (red lines numbered in `skip` ignored)."""
        return allowed_values(self.space.radices, self.red_line_masks, skip)

    def acceptable(self, outcomes: npt.ArrayLike | None = None) -> BoolArray:
        """Whether outcomes (indices, or the whole space when None) respect every red line."""
        allowed = self.issue_allowed()
        if outcomes is None:
            if not self.enumerable:
                raise SpaceTooLargeError(self.space.size, "the red-line mask of every outcome")
            return product_mask(allowed)
        return passes(self.space.digits(outcomes), allowed)

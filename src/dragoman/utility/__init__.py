"""The utility layer: preferences of every kind compiled to numbers (utility terms), whole
arrays or lazy look-ups by the size of the space, red-line masks, rankings, and the compiled
form of a scenario. Names load lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dragoman._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover - for type checkers; at run time names load lazily
    from dragoman.utility.compiled_utility import CompiledUtility, compile_preferences
    from dragoman.utility.kinds import compiles
    from dragoman.utility.lazy import SpaceTooLargeError, enumerable
    from dragoman.utility.scenario import CompiledScenario, compiled
    from dragoman.utility.terms import Aggregate, Box, UtilityTerms

__getattr__, __dir__ = lazy_exports(__name__, __file__)  # __all__ too

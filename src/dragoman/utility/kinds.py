"""How each kind of preferences compiles to utility terms: a registry of compile functions.

Adding a kind of preferences is one model class (`dragoman.model.kinds.PreferencesBase`) and one
function decorated with `@compiles(ThatClass)` returning its `UtilityTerms`; everything else
(whole arrays or lazy look-ups, red lines, ranking, analysis, negotiation) follows from the terms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from dragoman.errors import DragomanError
from dragoman.model.kinds import PreferencesBase
from dragoman.model.outcomes import OutcomeSpace
from dragoman.utility.terms import UtilityTerms

__all__ = ["Compiler", "compiles", "terms_of_preferences"]

P = TypeVar("P", bound=PreferencesBase)
Compiler = Callable[[P, OutcomeSpace], UtilityTerms]

_COMPILERS: dict[type[PreferencesBase], Callable[..., UtilityTerms]] = {}


def compiles(kind: type[P]) -> Callable[[Compiler[P]], Compiler[P]]:
    """Decorator: register the function compiling preferences of class `kind` to terms."""

    def register(function: Compiler[P]) -> Compiler[P]:
        _COMPILERS[kind] = function
        return function

    return register


def terms_of_preferences(preferences: PreferencesBase, space: OutcomeSpace) -> UtilityTerms:
    """The utility terms of `preferences` over `space`, by the compiler of their kind."""
    for cls in type(preferences).__mro__:
        function = _COMPILERS.get(cls)
        if function is not None:
            return function(preferences, space)
    raise DragomanError(
        f"no compile function for preferences of kind {preferences.kind!r} "
        "(decorate one with dragoman.utility.kinds.compiles)"
    )

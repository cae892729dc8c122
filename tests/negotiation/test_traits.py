"""Strategy traits come from a closed, typed vocabulary, checked at registration."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from dragoman.negotiation.traits import TRAIT_KEYS, Family, Traits, trait_problems
from dragoman.strategies import Agent, register


def test_well_formed_traits_have_no_problem() -> None:
    traits: Traits = {"family": Family.FIXED, "source": "GENIUS", "stochastic": False}
    assert trait_problems(traits) == []
    assert set(TRAIT_KEYS) == set(Traits.__annotations__)


@pytest.mark.parametrize(
    ("traits", "problem"),
    [
        (None, "declares no traits"),
        ("fixed", "traits must be a mapping"),
        ({"family": Family.FIXED, "source": "x"}, "traits lack 'stochastic'"),
        (
            {"family": "fixed", "source": "x", "stochastic": False},
            "trait 'family' must be a Family",
        ),
        (
            {"family": Family.FIXED, "source": 7, "stochastic": False},
            "trait 'source' must be a str",
        ),
        ({"family": Family.FIXED, "source": "x", "stochastic": 0}, "'stochastic' must be a bool"),
        ({"family": Family.FIXED, "source": " ", "stochastic": False}, "trait 'source' is empty"),
        (
            {"family": Family.FIXED, "source": "x", "stochastic": False, "colour": "red"},
            "unknown trait 'colour'",
        ),
    ],
)
def test_each_way_out_of_the_vocabulary_is_named(traits: Any, problem: str) -> None:
    assert any(problem in p for p in trait_problems(traits)), trait_problems(traits)


def test_the_registry_refuses_a_strategy_with_loose_traits() -> None:
    class Loose(Agent):
        name: ClassVar[str] = "loose-for-test"
        traits: ClassVar[Any] = {"family": "whatever", "source": "x", "stochastic": False}

    with pytest.raises(TypeError, match="Loose: trait 'family' must be a Family"):
        register(Loose)

"""The closed vocabulary of strategy metadata (Axelrod's `classifier.py` idea): which family a
strategy belongs to, the source it follows, whether it draws on its random generator, and
whether it is oblivious (its moves depend on the clock and its own preferences alone).

`Traits` is a TypedDict, so mypy checks every strategy's `traits` literal; `trait_problems`
checks the same at run time (the registry refuses a strategy whose traits break it, and the
conformance checks hold `stochastic` against what the strategy does).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, NotRequired, TypedDict

__all__ = ["OPTIONAL_TRAITS", "TRAIT_KEYS", "Family", "Traits", "is_oblivious", "trait_problems"]


class Family(StrEnum):
    """What kind of strategy it is."""

    FIXED = "fixed"  # one position, never conceded (hard-liner)
    TIME_BASED = "time-based"  # concedes as the deadline nears
    IMITATIVE = "imitative"  # mirrors the opponent's concessions (tit for tat)
    RECIPROCAL = "reciprocal"  # concedes as much as the opponent did (MiCRO)
    MODEL_BASED = "model-based"  # learns the opponent's preferences from its offers
    EQUILIBRIUM = "equilibrium"  # plays a game-theoretic equilibrium
    BASELINE = "baseline"  # a yardstick (random offers)
    ANNEALING = "annealing"  # accepts worse texts with a falling probability
    SINGLE_TEXT = "single-text"  # keeps and revises one negotiating text
    WELFARE = "welfare"  # proposes a bargaining solution of reported preferences
    BRIDGING = "bridging"  # proposes texts between the sides' positions
    RELAY = "relay"  # composes nothing, carries proposals
    TEST_DOUBLE = "test double"  # plays a script, for tests (never registered)


class Traits(TypedDict):
    """A strategy's declared metadata: the first three keys required, none other allowed."""

    family: Family
    source: str  # the paper, tool or practice the strategy follows
    stochastic: bool  # draws on the seat's random generator
    #: its moves depend only on the clock and its own preferences, never on what it heard:
    #: it has a `plan` (offers and acceptance thresholds per step), so many negotiations of
    #: such agents run at once as arrays (`dragoman.experiments.batched`); default False
    oblivious: NotRequired[bool]


#: Each trait and the type its value must have.
TRAIT_KEYS: Mapping[str, type] = {
    "family": Family,
    "source": str,
    "stochastic": bool,
    "oblivious": bool,
}
#: Traits a strategy may leave out (they default to False).
OPTIONAL_TRAITS = frozenset({"oblivious"})


def is_oblivious(traits: Mapping[str, Any]) -> bool:
    """Whether the traits declare the strategy oblivious (see `Traits`)."""
    return bool(traits.get("oblivious", False))


def trait_problems(traits: Any) -> list[str]:
    """What is wrong with `traits` as a `Traits` value: missing or unknown keys, wrong types,
    an empty source (an empty list when nothing is)."""
    if traits is None:
        return ["declares no traits"]
    if not isinstance(traits, Mapping):
        return [f"traits must be a mapping of {', '.join(TRAIT_KEYS)}, not {type(traits).__name__}"]
    problems = [
        f"traits lack {key!r}"
        for key in TRAIT_KEYS
        if key not in traits and key not in OPTIONAL_TRAITS
    ]
    problems += [f"unknown trait {key!r}" for key in traits if key not in TRAIT_KEYS]
    for key, kind in TRAIT_KEYS.items():
        if key in traits and not isinstance(traits[key], kind):
            value = traits[key]
            problems.append(f"trait {key!r} must be a {kind.__name__}, not {value!r}")
    if isinstance(traits.get("source"), str) and not traits["source"].strip():
        problems.append("trait 'source' is empty")
    return problems

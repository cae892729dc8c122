"""Numbers in words: a count with its noun in the right number ("1 mediator", "2 mediators"),
and a unit written in the plural in a scenario file made to agree with its value ("1 year").

Every layer words numbers (the model its values, phases their schedules, render its tables),
so the one helper lives here, in the foundation, where every layer may import it.
"""

from __future__ import annotations

__all__ = ["count", "noun", "number", "unit_for"]

#: Plurals that adding "s" does not make.
_IRREGULAR = {"person": "people", "analysis": "analyses", "child": "children"}
_SINGULAR = {plural: singular for singular, plural in _IRREGULAR.items()}
#: Words ending in "s" that are the same in both numbers (never stripped).
_INVARIABLE = frozenset({"series", "species", "news", "means", "%"})


def number(n: float) -> str:
    """A number shown whole: integral values with thousands separators, others with every
    digit of their shortest exact form (0.890596104, never `:g`'s 0.890596)."""
    if float(n).is_integer():
        return f"{int(n):,}"
    return f"{float(n):,}"


def noun(n: float, singular: str, plural: str | None = None) -> str:
    """The noun agreeing with `n`: `singular` for exactly 1 (or -1), else `plural`."""
    if abs(n) == 1:
        return singular
    return plural or _IRREGULAR.get(singular) or _plural(singular)


def count(n: float, singular: str, plural: str | None = None) -> str:
    """`n` and its noun: "1 mediator", "3 mediators", "50,400 outcomes", "1.5 weeks"."""
    return f"{number(n)} {noun(n, singular, plural)}"


def unit_for(value: float, unit: str) -> str:
    """A unit written in the plural ("years", "prisoners per hostage") made to agree with
    `value`: its first word in the singular for exactly 1 ("year", "prisoner per hostage")."""
    if abs(value) != 1 or not unit:
        return unit
    first, space, rest = unit.partition(" ")
    return _singular(first) + space + rest


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + "s"


def _singular(word: str) -> str:
    lower = word.lower()
    if lower in _SINGULAR:
        return _SINGULAR[lower]
    if lower in _INVARIABLE or not lower.endswith("s") or lower.endswith("ss") or len(lower) < 3:
        return word
    if lower.endswith("ies"):
        return word[:-3] + "y"
    if lower.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1]

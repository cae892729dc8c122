"""Numbers in words: a count with its noun in the right number ("1 mediator", "2 mediators"),
and a unit written in the plural in a scenario file made to agree with its value ("1 year").

Every layer words numbers (the model its values, phases their schedules, render its tables),
so the one helper lives here, in the foundation, where every layer may import it.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["count", "noun", "number", "percent", "plain", "shown", "signed", "unit_for"]

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


def plain(n: float) -> str:
    """A number in a message as a person would write it: one that rounding to 12 significant
    digits shortens is the number meant, float arithmetic's noise dropped (-0.07999999999999999
    reads -0.08, 0.1 + 0.2 reads 0.3), shown by `number` (every number written in a file is
    kept: 0.890596104); a longer one, truly computed, is abbreviated by `shown` (-0.053…)."""
    if isinstance(n, int) or not math.isfinite(n):
        return number(n) if isinstance(n, int) else shown(n)
    text = f"{n:.12g}"
    digits = text.split("e")[0].lstrip("-").replace(".", "").lstrip("0")
    return number(float(text)) if len(digits) < 12 else shown(n)


def shown(value: Any, digits: int = 3) -> str:
    """A number on screen, visibly abbreviated: whole numbers in full (thousands separated);
    others rounded to `digits` decimals, with an ellipsis where rounding dropped digits
    (0.630… for 0.6304761904761904); inf as ∞, NaN as n/a, None as –."""
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if math.isnan(value):
        return "n/a"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    text = f"{value:,.{digits}f}"
    return text if float(text.replace(",", "")) == value else text + "…"


def signed(value: float, digits: int = 3) -> str:
    """`shown` with its sign always written (+0.103…, -0.030), for gains and losses."""
    text = shown(value, digits)
    return text if text.startswith("-") or math.isnan(value) else "+" + text


def percent(value: Any, digits: int = 1) -> str:
    """A share as a percentage with `digits` decimals, visibly abbreviated (33.3…%)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "–"
    if math.isnan(value):
        return "n/a"
    text = f"{100 * value:.{digits}f}"
    return text + ("%" if float(text) == 100 * value else "…%")


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

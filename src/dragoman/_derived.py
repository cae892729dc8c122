"""Values derived from an immutable object (a scenario), cached by the object's identity.

A derived value (the outcome space, compiled utilities, a frontier) lives as long as the object
it was derived from and is never copied with it: `model_copy`, a what-if variant or a sampled
profile is a new object, so it derives its own. Nothing derived is stored on the object itself.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, TypeVarTuple

__all__ = ["derived"]

T = TypeVar("T")
Ts = TypeVarTuple("Ts")

#: id(owner) -> (weak reference to the owner, {key: value})
_CACHE: dict[int, tuple[weakref.ref[Any], dict[Hashable, Any]]] = {}


def derived(owner: object, key: Hashable, build: Callable[[*Ts], T], *args: *Ts) -> T:
    """The value `build(*args)` derives from `owner`, computed once per owner object and key
    (the arguments, rather than a closure, keep a look-up that finds the value cheap)."""
    ident = id(owner)
    entry = _CACHE.get(ident)
    if entry is None or entry[0]() is not owner:
        entry = (weakref.ref(owner, _forget(ident)), {})
        _CACHE[ident] = entry
    values = entry[1]
    if key not in values:
        values[key] = build(*args)
    value: T = values[key]
    return value


def _forget(ident: int) -> Callable[[weakref.ref[Any]], None]:
    """The callback dropping an owner's values when the owner goes (only its own entry)."""

    def forget(ref: weakref.ref[Any]) -> None:
        entry = _CACHE.get(ident)
        if entry is not None and entry[0] is ref:
            del _CACHE[ident]

    return forget

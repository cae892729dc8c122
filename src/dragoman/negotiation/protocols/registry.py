"""The protocol registry: names to protocol classes, filled by a decorator, built-ins found by
scanning this package.

`@register_protocol` at a protocol's class is all it takes (OpenSpiel's `pyspiel.register_game`
at the end of a game's module): no central list to edit. The built-in protocols are the modules
of `dragoman.negotiation.protocols`, imported on the first look-up.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from collections.abc import Callable
from typing import TypeVar

from dragoman.errors import ProtocolError
from dragoman.negotiation.session import NegotiationProtocol

__all__ = ["make_protocol", "protocol_class", "protocol_names", "register_protocol"]

#: What is registered: a class whose instances, built with no argument, are protocols.
ProtocolClass = Callable[[], NegotiationProtocol]
P = TypeVar("P", bound=ProtocolClass)

_REGISTRY: dict[str, ProtocolClass] = {}
_PACKAGE = "dragoman.negotiation.protocols"
_discovered = False


def register_protocol(cls: P) -> P:
    """Class decorator: make a protocol available by its `name` (the default of its `name`
    field, the name it writes into every log it runs)."""
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not name:
        raise TypeError(f"{getattr(cls, '__qualname__', cls)} needs a non-empty `name` default")
    if name in _REGISTRY and _REGISTRY[name] is not cls:
        raise TypeError(f"two protocols are named {name!r}")
    _REGISTRY[name] = cls
    return cls


def _discover() -> None:
    """Import every public module of this package once, so their decorators run."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    package = importlib.import_module(_PACKAGE)
    for module in pkgutil.iter_modules(package.__path__):
        if not module.name.startswith("_") and module.name != "registry":
            importlib.import_module(f"{_PACKAGE}.{module.name}")


def protocol_names() -> list[str]:
    """Names of every registered protocol, sorted."""
    _discover()
    return sorted(_REGISTRY)


def protocol_class(name: str) -> ProtocolClass:
    """The protocol class registered as `name`; ProtocolError with a hint when there is none."""
    _discover()
    if name not in _REGISTRY:
        close = difflib.get_close_matches(name, _REGISTRY, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        known = ", ".join(sorted(_REGISTRY))
        raise ProtocolError(f"unknown protocol {name!r} (known: {known}){hint}")
    return _REGISTRY[name]


def make_protocol(name: str) -> NegotiationProtocol:
    """The protocol called `name` with its default settings."""
    return protocol_class(name)()

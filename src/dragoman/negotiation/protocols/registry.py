"""Protocols by name, for the CLI and scenario files."""

from __future__ import annotations

from collections.abc import Callable

from dragoman.errors import ProtocolError
from dragoman.negotiation.protocols.alternating import AlternatingOffers
from dragoman.negotiation.protocols.shuttle import Shuttle
from dragoman.negotiation.protocols.single_text import SingleText
from dragoman.negotiation.session import NegotiationProtocol

__all__ = ["PROTOCOLS", "make_protocol"]

PROTOCOLS: dict[str, Callable[[], NegotiationProtocol]] = {
    "alternating": AlternatingOffers,
    "single-text": SingleText,
    "shuttle": Shuttle,
}


def make_protocol(name: str) -> NegotiationProtocol:
    """The protocol called `name` with its default settings."""
    if name not in PROTOCOLS:
        raise ProtocolError(f"unknown protocol {name!r} (known: {', '.join(PROTOCOLS)})")
    return PROTOCOLS[name]()

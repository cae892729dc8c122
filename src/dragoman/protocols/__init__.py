"""Negotiation protocols, the session that runs them, and the events they record.

Names are imported lazily: strategies import `dragoman.protocols.view` and the session imports
the strategies' base classes, so an eager import here would be circular.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "PROTOCOLS",
    "AlternatingOffers",
    "QueuedSeat",
    "Session",
    "SessionResult",
    "Shuttle",
    "SingleText",
    "make_protocol",
]

_WHERE = {
    "AlternatingOffers": "dragoman.protocols.alternating",
    "SingleText": "dragoman.protocols.single_text",
    "Shuttle": "dragoman.protocols.shuttle",
    "QueuedSeat": "dragoman.protocols.session",
    "Session": "dragoman.protocols.session",
    "SessionResult": "dragoman.protocols.session",
    "PROTOCOLS": "dragoman.protocols.catalogue",
    "make_protocol": "dragoman.protocols.catalogue",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'dragoman.protocols' has no attribute {name!r}")

"""Which events a seat may see: the one rule, for every front end that shows a negotiation to a
person in a seat (the terminal now, the web app later).

A seat sees the messages it sent or that were addressed to it, and the public events: the
start, the rounds and the end. Never another seat's messages (a party's private proposal to
a mediator, what mediators tell each other) and never another party's preferences: the
public events are shown as that seat may see them (`seen_by`): at the start, the strategies
of the other seats are hidden; at the end, only the seat's own utility is given.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from dragoman.negotiation.events import END_KINDS, Event, EventKind

__all__ = ["HIDDEN_STRATEGY", "PUBLIC_KINDS", "seen_by", "visible_to"]

#: Events every seat sees: the start, each round, the end.
PUBLIC_KINDS = frozenset({EventKind.START, EventKind.ROUND, *END_KINDS})
#: What a seat is told of another seat's strategy.
HIDDEN_STRATEGY = "not disclosed"
_OWN_ONLY = ("utilities", "discounted")  # end data keyed by party


def visible_to(seat: str, event: Event) -> bool:
    """Whether `seat` may see `event`: a public event, or a message it sent or received."""
    return event.kind in PUBLIC_KINDS or event.sender == seat or seat in event.receivers


def seen_by(seat: str, event: Event) -> Event | None:
    """`event` as `seat` may see it (None if it may not): public events lose what belongs to
    other seats (their strategies at the start, their utilities at the end)."""
    if not visible_to(seat, event):
        return None
    if event.kind is EventKind.START:
        return _with_data(event, seats=_own_seat(seat, event.data.get("seats") or {}))
    if event.kind in END_KINDS and any(key in event.data for key in _OWN_ONLY):
        own = {
            key: {p: u for p, u in (event.data.get(key) or {}).items() if p == seat}
            for key in _OWN_ONLY
            if key in event.data
        }
        return _with_data(event, **own)
    return event


def _own_seat(seat: str, seats: Any) -> dict[str, Any]:
    return {
        name: spec if name == seat else {"strategy": HIDDEN_STRATEGY, "params": {}}
        for name, spec in dict(seats).items()
    }


def _with_data(event: Event, **changes: Any) -> Event:
    return event._replace(data=MappingProxyType({**event.data, **changes}))

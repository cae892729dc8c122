"""Which events a seat may see, and how much of each: the one rule every front end applies
(the web pages, the API seats, a terminal timeline).

A seat sees the messages it sent or received; the start, round changes and the end, limited to
what it may know (the start without the scenario text, which holds every party's preferences;
an agreement with its own utility only). Nothing else: not the messages between other seats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from dragoman.negotiation.events import END_KINDS, NO_DATA, Event, EventKind

__all__ = ["visible_events", "visible_to"]

#: What a seat may know of the start: the public facts of the session.
_START_KEYS = ("title", "protocol", "seed", "total_steps")
#: Agreement data that holds one entry per party: a seat sees only its own.
_PER_PARTY_KEYS = ("utilities", "discounted")


def visible_to(seat: str, event: Event) -> Event | None:
    """`event` as `seat` may see it, or None if the seat may not see it at all."""
    if event.kind is EventKind.START:
        return event._replace(
            data=_frozen({k: event.data[k] for k in _START_KEYS if k in event.data})
        )
    if event.kind is EventKind.ROUND:
        return event
    if event.kind in END_KINDS:
        return event._replace(data=_frozen(_end_data(seat, event.data)))
    if event.sender == seat or seat in event.receivers:
        return event
    return None


def visible_events(seat: str, events: Iterable[Event]) -> list[Event]:
    """Every event of `events` that `seat` may see, as it may see it, in order."""
    shown = (visible_to(seat, e) for e in events)
    return [e for e in shown if e is not None]


def _end_data(seat: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The end's data with per-party figures cut to the seat's own; an error without its text
    (it may quote another seat's strategy)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in _PER_PARTY_KEYS and isinstance(value, Mapping):
            out[key] = {p: v for p, v in value.items() if p == seat}
        elif key != "error":
            out[key] = value
    return out


def _frozen(data: dict[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(data) if data else NO_DATA

"""Which events a seat may see, and how much of each: the one rule every front end applies
(the terminal seat, the web pages, the API seats).

A seat sees the messages it sent or that were addressed to it, and the public events: the
start, the rounds and the end. Never another seat's messages (a party's private proposal to
a mediator, what mediators tell each other) and never another party's preferences: the
public events are shown as that seat may see them (`seen_by`): the start keeps only the
session's public facts and the seats, with the other seats' strategies hidden (not the
scenario text, which holds every party's preferences); the end keeps only the seat's own
utility, and an error's text only for the seat that erred (it may quote another's strategy).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from dragoman.negotiation.events import END_KINDS, NO_DATA, Event, EventKind

__all__ = ["HIDDEN_STRATEGY", "PUBLIC_KINDS", "seen_by", "visible_events", "visible_to"]

#: Events every seat sees: the start, each round, the end.
PUBLIC_KINDS = frozenset({EventKind.START, EventKind.ROUND, *END_KINDS})
#: What a seat is told of another seat's strategy.
HIDDEN_STRATEGY = "not disclosed"
#: What a seat may know of the start: the public facts of the session (and the seats).
_START_KEYS = ("title", "protocol", "seed", "total_steps")
#: End data that holds one entry per party: a seat sees only its own.
_PER_PARTY_KEYS = ("utilities", "discounted")


def visible_to(seat: str, event: Event) -> bool:
    """Whether `seat` may see `event`: a public event, or a message it sent or received."""
    return event.kind in PUBLIC_KINDS or event.sender == seat or seat in event.receivers


def seen_by(seat: str, event: Event) -> Event | None:
    """`event` as `seat` may see it (None if it may not): public events lose what belongs to
    other seats (the scenario and others' strategies at the start, others' figures at the end)."""
    if not visible_to(seat, event):
        return None
    if event.kind is EventKind.START:
        data = {k: event.data[k] for k in _START_KEYS if k in event.data}
        if "seats" in event.data:
            data["seats"] = _own_seat(seat, event.data.get("seats") or {})
        return _with(event, data)
    if event.kind in END_KINDS:
        return _with(event, _end_data(seat, event.data))
    return event


def visible_events(seat: str, events: Iterable[Event]) -> list[Event]:
    """Every event of `events` that `seat` may see, as it may see it, in order."""
    shown = (seen_by(seat, e) for e in events)
    return [e for e in shown if e is not None]


def _own_seat(seat: str, seats: Any) -> dict[str, Any]:
    return {
        name: spec if name == seat else {"strategy": HIDDEN_STRATEGY, "params": {}}
        for name, spec in dict(seats).items()
    }


def _end_data(seat: str, data: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in _PER_PARTY_KEYS and isinstance(value, Mapping):
            out[key] = {p: v for p, v in value.items() if p == seat}
        elif key != "error" or data.get("seat") == seat:
            out[key] = value
    return out


def _with(event: Event, data: dict[str, Any]) -> Event:
    return event._replace(data=MappingProxyType(data) if data else NO_DATA)

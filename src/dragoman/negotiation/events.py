"""Events: the immutable, serialisable record of everything that happens in a session.

Every offer, relay, response, vote, acceptance, round change and the end is one `Event`. The
event stream is the single source of truth: logs, timelines and metrics are views of it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any, NamedTuple

__all__ = ["END_KINDS", "MESSAGE_KINDS", "NO_DATA", "Event", "EventKind", "Response"]


class Response(StrEnum):
    """A party's answer to an offer or a text."""

    ACCEPT = "accept"
    REJECT = "reject"
    WALK_AWAY = "walk_away"


class EventKind(StrEnum):
    """What an event records."""

    START = "start"
    ROUND = "round"  # a new round begins (after a pause)
    OFFER = "offer"  # a party proposes an outcome
    TEXT = "text"  # a mediator puts a text (a full outcome) forward
    RELAY = "relay"  # a mediator carries another seat's offer or answer on
    ACCEPT = "accept"
    REJECT = "reject"
    CRITIQUE = "critique"  # a party says which change to a text it prefers
    VOTE = "vote"  # a party votes on a candidate text against the current one
    REPORT = "report"  # a party reports (possibly untruthful) preferences to mediators
    CONSULT = "consult"  # mediators share what they heard
    WALK_AWAY = "walk_away"  # a party ends the negotiation
    MESSAGE = "message"  # free text from one seat to another along a channel (no protocol effect)
    AGREEMENT = "agreement"
    BREAKDOWN = "breakdown"
    DEADLINE = "deadline"
    ERROR = "error"


#: Kinds that end a session.
END_KINDS = frozenset(
    {EventKind.AGREEMENT, EventKind.BREAKDOWN, EventKind.DEADLINE, EventKind.ERROR}
)
#: Kinds that are messages between seats (delivered to receivers, subject to channels).
MESSAGE_KINDS = frozenset(
    {
        EventKind.OFFER,
        EventKind.TEXT,
        EventKind.RELAY,
        EventKind.ACCEPT,
        EventKind.REJECT,
        EventKind.CRITIQUE,
        EventKind.VOTE,
        EventKind.REPORT,
        EventKind.CONSULT,
        EventKind.WALK_AWAY,
        EventKind.MESSAGE,
    }
)


#: Shared read-only empty data (most events carry none).
NO_DATA: Mapping[str, Any] = MappingProxyType({})


class Event(NamedTuple):
    """One thing that happened, at a step of a round, from a sender to receivers.

    Immutable (a named tuple); the session hands seats events whose `data` is a read-only
    mapping, so a seat cannot alter the record it was handed.
    """

    step: int
    round: int
    kind: EventKind
    sender: str = ""
    receivers: tuple[str, ...] = ()
    outcome: int | None = None
    data: Mapping[str, Any] = NO_DATA

    def to_dict(self) -> dict[str, Any]:
        """Plain data; `from_dict` reverses it."""
        return {
            "step": self.step,
            "round": self.round,
            "kind": self.kind.value,
            "sender": self.sender,
            "receivers": list(self.receivers),
            "outcome": self.outcome,
            "data": dict(self.data),
        }

    def to_json(self) -> str:
        """One canonical JSON line (sorted keys, no spaces): same event, same bytes.

        Byte for byte what `json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"),
        ensure_ascii=False)` gives, assembled directly (logging is on the hot path).
        """
        data = _canonical_mapping(self.data) if self.data else "{}"
        outcome = "null" if self.outcome is None else str(int(self.outcome))
        return (
            f'{{"data":{data},"kind":"{self.kind.value}","outcome":{outcome},'
            f'"receivers":{_quoted_list(self.receivers)},"round":{int(self.round)},'
            f'"sender":{_quoted(self.sender)},"step":{int(self.step)}}}'
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """The event described by `to_dict`'s output; KeyError/ValueError if malformed."""
        return cls(
            step=int(data["step"]),
            round=int(data["round"]),
            kind=EventKind(data["kind"]),
            sender=str(data.get("sender", "")),
            receivers=tuple(str(r) for r in data.get("receivers", ())),
            outcome=None if data.get("outcome") is None else int(data["outcome"]),
            data=MappingProxyType(dict(data.get("data") or {})),
        )


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _canonical_mapping(data: Mapping[str, Any]) -> str:
    """`_canonical(dict(data))`, with string values (e.g. the scenario text a start event
    carries, the same for every session of a scenario) quoted through the cache."""
    items = []
    for key in sorted(data):
        value = data[key]
        text = _quoted(value) if type(value) is str else _canonical(value)
        items.append(f"{_quoted(key)}:{text}")
    return "{" + ",".join(items) + "}"


@functools.lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    """A string as a JSON literal (names repeat: cached)."""
    return json.dumps(text, ensure_ascii=False)


@functools.lru_cache(maxsize=4096)
def _quoted_list(texts: tuple[str, ...]) -> str:
    """A tuple of strings as a JSON array (receiver lists repeat: cached)."""
    return "[" + ",".join(_quoted(t) for t in texts) + "]"

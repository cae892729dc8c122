"""Events: the immutable, serialisable record of everything that happens in a session.

Every offer, relay, response, vote, acceptance, round change and the end is one `Event`. The
event stream is the single source of truth: logs, timelines and metrics are views of it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

__all__ = ["END_KINDS", "MESSAGE_KINDS", "Event", "EventKind", "Response"]


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
    }
)


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened, at a step of a round, from a sender to receivers."""

    step: int
    round: int
    kind: EventKind
    sender: str = ""
    receivers: tuple[str, ...] = ()
    outcome: int | None = None
    data: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # read-only, so a seat cannot alter the record it was handed
        object.__setattr__(self, "data", MappingProxyType(dict(self.data)))

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
        """One canonical JSON line (sorted keys, no spaces): same event, same bytes."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

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
            data=dict(data.get("data") or {}),
        )

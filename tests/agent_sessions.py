"""Helpers for strategy tests: run a session, read its offers, fingerprint its record, vary a
scenario."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from dragoman import Scenario
from dragoman.negotiation import AlternatingOffers, Session, SessionResult
from dragoman.negotiation.events import EventKind
from dragoman.negotiation.view import SeatView
from dragoman.runs.negotiation import NegotiationResult
from dragoman.strategies import Agent

#: Builds a hand-made view: (scenario, party, step=0, received=(), total_steps=100).
ViewFactory = Callable[..., SeatView]


def with_reservation(scenario: Scenario, party: int, value: float) -> Scenario:
    """`scenario` with the reservation value of its `party`-th party changed."""
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["parties"][party]["preferences"]["reservation_value"] = value
    return Scenario.from_data(data)


def play(scenario: Scenario, seats: dict[str, Agent], **options: Any) -> SessionResult:
    """Run one alternating-offers session (`first`, `seed`, `total_steps` as options)."""
    first = options.pop("first", None)
    options.setdefault("seed", 1)
    return Session(scenario, AlternatingOffers(first=first), seats, **options).run()


def offers_by(result: SessionResult, party: str) -> list[int]:
    """Outcomes `party` offered, in order."""
    return [
        e.outcome
        for e in result.events
        if e.kind == EventKind.OFFER and e.sender == party and e.outcome is not None
    ]


def fingerprint(result: SessionResult | NegotiationResult) -> str:
    """How the session ended, and a digest of every event it recorded (the start's copy of
    the scenario's text left out: editing a source's wording changes no negotiation)."""
    digest = hashlib.sha256()
    for event in result.events:
        if event.kind is EventKind.START:
            event = event._replace(data={k: v for k, v in event.data.items() if k != "scenario"})
        digest.update(event.to_json().encode() + b"\n")
    ended = (result.status.value, result.agreement, result.steps, len(result.events))
    return " ".join(map(str, ended)) + " " + digest.hexdigest()[:16]

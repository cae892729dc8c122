"""Helpers for strategy tests: run a session, read its offers, vary a scenario."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dragoman import Scenario
from dragoman.negotiation import AlternatingOffers, Session, SessionResult
from dragoman.negotiation.events import EventKind
from dragoman.negotiation.view import SeatView
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

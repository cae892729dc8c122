"""Helpers for strategy tests: run a session, read its offers, vary a scenario."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dragoman import Scenario
from dragoman.agents import Agent
from dragoman.protocols import AlternatingOffers, Session, SessionResult
from dragoman.protocols.events import EventKind
from dragoman.protocols.view import SeatView

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

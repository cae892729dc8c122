"""Shared fixtures for strategy tests: scenarios, hand-built seat views, and a count of what
seats read of their inboxes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pytest
from agent_sessions import ViewFactory

from dragoman import Scenario, load_scenario
from dragoman.negotiation.events import Event, EventKind
from dragoman.negotiation.view import Clock, PublicScenario, SeatView
from dragoman.utility.scenario import compiled


@pytest.fixture(scope="session")
def pie() -> Scenario:
    """Alice and Bob split 100 units; each one's utility is its share."""
    return load_scenario("pie-split")


@pytest.fixture
def make_view() -> ViewFactory:
    """A view of `party` at `step`, holding offers `received` as (sender, outcome) pairs."""

    def build(
        scenario: Scenario,
        party: str,
        step: int = 0,
        received: Sequence[tuple[str, int]] = (),
        total_steps: int = 100,
    ) -> SeatView:
        names = [p.name for p in scenario.negotiators]
        clock = Clock()
        clock.step = step
        public = PublicScenario.of(scenario, total_steps)
        view = SeatView(
            party, "party", public, compiled(scenario).utilities[names.index(party)], clock
        )
        for k, (sender, outcome) in enumerate(received):
            view.deliver(Event(k, 0, EventKind.OFFER, sender, (party,), outcome))
        return view

    return build


@pytest.fixture
def rng() -> np.random.Generator:
    """A fixed generator for strategies set up by hand."""
    return np.random.default_rng(0)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many messages (or outcomes received) each read of a seat's inbox returned, in a
    list: `inbox`, `since`, `received_outcomes` and `proposals` are counted."""
    counted: list[int] = []
    inbox = SeatView.inbox

    def whole(view: SeatView) -> tuple[Event, ...]:
        found = inbox.fget(view)  # type: ignore[attr-defined]
        counted.append(len(found))
        return found  # type: ignore[no-any-return]

    def counting(read: Any) -> Any:
        def counted_read(view: SeatView, *args: Any, **kwargs: Any) -> Any:
            found = read(view, *args, **kwargs)
            counted.append(len(found))
            return found

        return counted_read

    monkeypatch.setattr(SeatView, "inbox", property(whole))
    for name in ("since", "received_outcomes", "proposals"):
        monkeypatch.setattr(SeatView, name, counting(getattr(SeatView, name)))
    yield counted

"""The rule of what a seat may see: its own messages and the public events, the latter without
the scenario text, the other seats' strategies or utilities; checked on every event of real
sessions."""

from __future__ import annotations

import pytest

import dragoman
from dragoman.negotiation.events import END_KINDS, Event, EventKind
from dragoman.negotiation.visibility import (
    HIDDEN_STRATEGY,
    PUBLIC_KINDS,
    seen_by,
    visible_events,
    visible_to,
)
from dragoman.runs.negotiation import negotiate


@pytest.fixture(scope="module")
def shuttle_events() -> tuple[dragoman.NegotiationResult, list[str]]:
    gaza = dragoman.load_scenario("gaza-ceasefire-2024")
    what_if = gaza.without_red_lines([("Hamas", "philadelphi_corridor")])
    result = dragoman.negotiate(
        what_if, "shuttle", agents={"Israel": "conceder", "Hamas": "conceder"}, seed=1
    )
    return result, [p.name for p in gaza.parties]


def test_a_seat_sees_its_messages_and_the_public_events(shuttle_events) -> None:  # type: ignore[no-untyped-def]
    result, seats = shuttle_events
    assert result.status == "agreement"
    for seat in seats:
        for event in result.events:
            mine = event.sender == seat or seat in event.receivers
            assert visible_to(seat, event) is (mine or event.kind in PUBLIC_KINDS)
    private = [e for e in result.events if e.sender == "Israel" and e.kind is EventKind.OFFER]
    assert private and not any(visible_to("Hamas", e) for e in private)
    consults = [e for e in result.events if e.kind is EventKind.CONSULT]
    assert consults and not any(visible_to(p, e) for e in consults for p in ("Israel", "Hamas"))


def test_public_events_lose_what_belongs_to_others(shuttle_events) -> None:  # type: ignore[no-untyped-def]
    result, _ = shuttle_events
    start = seen_by("Hamas", result.events[0])
    assert start is not None
    assert start.data["seats"]["Israel"]["strategy"] == HIDDEN_STRATEGY
    assert start.data["seats"]["Hamas"]["strategy"] == "conceder"
    end = seen_by("Hamas", result.events[-1])
    assert end is not None and end.kind in END_KINDS
    assert set(end.data["utilities"]) == {"Hamas"} and set(end.data["discounted"]) == {"Hamas"}
    assert seen_by("US", result.events[-1]).data["utilities"] == {}  # type: ignore[union-attr]
    assert result.events[-1].data["utilities"].keys() == {"Israel", "Hamas"}  # record intact


def _flagship_events() -> tuple[Event, ...]:
    scenario = dragoman.load_scenario("gaza-ceasefire-2024").without_red_lines(
        [("Israel", "philadelphi_corridor")]
    )
    result = negotiate(scenario, "shuttle", mediators={"US": "nash"}, seed=1)
    assert result.status.value == "agreement"
    return result.events


def test_a_seat_sees_only_messages_it_sent_or_received() -> None:
    events = _flagship_events()
    for seat in ("Israel", "Hamas", "US", "Egypt", "Qatar"):
        for e in visible_events(seat, events):
            public = e.kind in (EventKind.START, EventKind.ROUND, EventKind.AGREEMENT)
            assert public or e.sender == seat or seat in e.receivers
    hamas = visible_events("Hamas", events)
    assert not [e for e in hamas if e.sender == "Israel"]  # no channel between the parties
    hidden = [e for e in events if not visible_to("Hamas", e)]
    assert hidden and all(e.sender != "Hamas" and "Hamas" not in e.receivers for e in hidden)


def test_the_start_hides_the_scenario_and_the_end_shows_own_utility_only() -> None:
    events = _flagship_events()
    start = seen_by("Israel", events[0])
    assert start is not None and "scenario" in events[0].data and "scenario" not in start.data
    assert start.data["title"] == events[0].data["title"]
    end = seen_by("Israel", events[-1])
    assert end is not None and set(end.data["utilities"]) == {"Israel"}
    assert set(events[-1].data["utilities"]) == {"Israel", "Hamas"}
    mediator = seen_by("US", events[-1])
    assert mediator is not None and mediator.data["utilities"] == {}


def test_an_error_end_keeps_its_seat_and_its_text_only_for_that_seat() -> None:
    error = Event(3, 0, EventKind.ERROR, data={"seat": "Hamas", "error": "Hamas's strategy broke"})
    seen = seen_by("Israel", error)
    assert seen is not None and dict(seen.data) == {"seat": "Hamas"}
    own = seen_by("Hamas", error)
    assert own is not None and own.data["error"] == "Hamas's strategy broke"


def test_messages_between_other_seats_are_hidden() -> None:
    message = Event(1, 0, EventKind.MESSAGE, "Egypt", ("Qatar",), data={"text": "between us"})
    assert seen_by("Israel", message) is None
    assert seen_by("Qatar", message) == message
    assert seen_by("Egypt", message) == message

"""The rule of what a seat may see: its own messages and the public events, the latter without
the other seats' strategies or utilities; checked on every event of real sessions."""

from __future__ import annotations

import pytest

import dragoman
from dragoman.negotiation.events import END_KINDS, EventKind
from dragoman.negotiation.visibility import HIDDEN_STRATEGY, PUBLIC_KINDS, seen_by, visible_to


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

"""Which events a seat may see: its own messages (sent or received), the start without the
scenario text, round changes, and the end with its own figures only."""

from __future__ import annotations

import dragoman
from dragoman.negotiation.events import Event, EventKind
from dragoman.negotiation.visibility import visible_events, visible_to
from dragoman.runs.negotiation import negotiate


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
    hidden = [e for e in events if visible_to("Hamas", e) is None]
    assert hidden and all(e.sender != "Hamas" and "Hamas" not in e.receivers for e in hidden)


def test_the_start_hides_the_scenario_and_the_end_shows_own_utility_only() -> None:
    events = _flagship_events()
    start = visible_to("Israel", events[0])
    assert start is not None and "scenario" in events[0].data and "scenario" not in start.data
    assert start.data["title"] == events[0].data["title"]
    end = visible_to("Israel", events[-1])
    assert end is not None and set(end.data["utilities"]) == {"Israel"}
    assert set(events[-1].data["utilities"]) == {"Israel", "Hamas"}
    mediator = visible_to("US", events[-1])
    assert mediator is not None and mediator.data["utilities"] == {}


def test_an_error_end_keeps_its_seat_but_not_its_text() -> None:
    error = Event(3, 0, EventKind.ERROR, data={"seat": "Hamas", "error": "Hamas's strategy broke"})
    seen = visible_to("Israel", error)
    assert seen is not None and dict(seen.data) == {"seat": "Hamas"}


def test_messages_between_other_seats_are_hidden() -> None:
    message = Event(1, 0, EventKind.MESSAGE, "Egypt", ("Qatar",), data={"text": "between us"})
    assert visible_to("Israel", message) is None
    assert visible_to("Qatar", message) == message
    assert visible_to("Egypt", message) == message

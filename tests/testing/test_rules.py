"""The session rules the checks apply: a clean session keeps them all, and a log doctored to
break one rule is caught for that rule."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest

from dragoman import load_scenario
from dragoman.negotiation import Event, EventKind, Session, SingleText, Strategy
from dragoman.strategies import make_agent, make_mediator
from dragoman.testing import agent_breaches, same_log, session_breaches


def basin_session(seed: int = 1) -> Session:
    basin = load_scenario("river-basin")
    seats: dict[str, Strategy] = {p.name: make_agent("conceder") for p in basin.negotiators}
    seats["Commission"] = make_mediator("nash")
    session = Session(basin, SingleText(), seats, seed=seed)
    session.run()
    return session


def doctor(session: Session, events: tuple[Event, ...], **changes: object) -> Session:
    assert session.result is not None
    session.result = dataclasses.replace(session.result, events=events, **changes)
    return session


def test_a_clean_session_keeps_every_rule() -> None:
    session = basin_session()
    assert session.result is not None and session.result.status == "agreement"
    assert session_breaches(session) == []
    again, other = basin_session().result, basin_session(seed=2).result
    assert again is not None and other is not None
    assert same_log(session.result, again)
    assert not same_log(session.result, other)


def test_a_second_end_is_caught() -> None:
    session = basin_session()
    events = session.events
    broken = doctor(session, (*events[:-1], Event(1, 0, EventKind.DEADLINE), events[-1]))
    assert any("2 end events" in p for p in session_breaches(broken))


def test_time_running_back_is_caught() -> None:
    session = basin_session()
    events = session.events
    late = events[3]._replace(step=events[-1].step + 1)
    broken = doctor(session, (*events[:3], late, *events[4:]))
    assert any("time went back" in p for p in session_breaches(broken))


def test_a_message_off_the_channels_is_caught() -> None:
    session = basin_session()
    events = session.events
    stray = Event(1, 0, EventKind.OFFER, "Upstream", ("Nobody",), 3)
    broken = doctor(session, (events[0], stray, *events[1:]))
    assert any("to Nobody, who has no channel or no seat" in p for p in session_breaches(broken))


def test_an_inbox_with_a_message_not_addressed_to_it_is_caught() -> None:
    session = basin_session()
    session.views["Upstream"].deliver(Event(1, 0, EventKind.OFFER, "Midstream", ("Downstream",), 3))
    assert "Upstream's inbox differs from the messages addressed to it" in session_breaches(session)


def test_a_party_that_receives_preferences_is_caught() -> None:
    session = basin_session()
    report = MappingProxyType({"preferences": {"weights": {}}})
    leak = Event(1, 0, EventKind.CONSULT, "Commission", ("Upstream",), None, report)
    session.views["Upstream"].deliver(leak)
    events = session.events
    broken = doctor(session, (events[0], leak, *events[1:]))
    assert "Upstream, a party, received preferences" in session_breaches(broken)


def test_an_agreement_without_support_is_caught() -> None:
    session = basin_session()
    assert session.result is not None and session.result.agreement is not None
    other = (session.result.agreement + 1) % session.public.outcome_space.size
    end = session.events[-1]._replace(outcome=other)
    broken = doctor(session, (*session.events[:-1], end), agreement=other)
    problems = session_breaches(broken)
    assert any(f"agreement on {other} without the support of Upstream" in p for p in problems)


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        (EventKind.OFFER, {}, "offered 0 outside its red lines"),
        (EventKind.ACCEPT, {}, "accepted 0 below its RV or beyond its red lines"),
        (EventKind.VOTE, {"approve": True}, "voted for text 0 outside its red lines"),
    ],
)
def test_agent_breaches_name_each_broken_promise(
    kind: EventKind, data: dict[str, object], message: str
) -> None:
    basin = load_scenario("river-basin")  # outcome 0 gives Downstream 20%: below its red line
    event = Event(1, 0, kind, "Downstream", ("Commission",), 0, MappingProxyType(data))
    assert agent_breaches(basin, "Downstream", (event,)) == [message]
    assert agent_breaches(basin, "Upstream", (event,)) == []

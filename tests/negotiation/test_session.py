"""Tests of the session: channels enforced, failing seats, invalid answers, queued seats, rounds."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dragoman import load_scenario
from dragoman.errors import ProtocolError
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import Event, EventKind, Response
from dragoman.negotiation.protocols.alternating import AlternatingOffers
from dragoman.negotiation.protocols.shuttle import Shuttle
from dragoman.negotiation.session import Action, Context, ProtocolRun, QueuedSeat, Request, Session
from dragoman.negotiation.strategy import Agent
from dragoman.negotiation.view import SeatView
from dragoman.strategies.registry import make_agent, make_mediator


class Exploding(Agent):
    """Raises on its first proposal; counts its calls."""

    name: ClassVar[str] = ""

    def __init__(self) -> None:
        self.calls = 0

    def propose(self, view: SeatView) -> int:
        self.calls += 1
        raise RuntimeError("boom")

    def respond(self, view: SeatView, offer: int) -> Response:
        self.calls += 1
        raise RuntimeError("boom")


class Wrong(Agent):
    """Answers with an outcome that does not exist."""

    def propose(self, view: SeatView) -> int:
        return 10**9

    def respond(self, view: SeatView, offer: int) -> Response:
        return Response.REJECT


@dataclass(frozen=True)
class Whisper:
    """A broken protocol: makes Israel address Hamas directly."""

    name: str = "whisper"

    def seats_needed(self, scenario: Scenario) -> tuple[str, ...]:
        return ("Israel", "Hamas")

    def run(self, ctx: Context) -> ProtocolRun:
        offer = yield Request("Israel", Action.PROPOSE)
        ctx.send(EventKind.OFFER, "Israel", ["Hamas"], offer)
        return None


def test_message_on_missing_channel_is_refused_and_never_delivered() -> None:
    gaza = load_scenario("gaza-ceasefire-2024")
    session = Session(
        gaza, Whisper(), {"Israel": make_agent("boulware"), "Hamas": make_agent("boulware")}
    )
    result = session.run()
    assert result.status == "error"
    assert "no channel from Israel to Hamas" in (result.error or "")
    assert session.views["Hamas"].inbox == ()
    assert not any(e.kind == EventKind.OFFER for e in result.events)


def test_context_send_raises_protocol_error() -> None:
    gaza = load_scenario("gaza-ceasefire-2024")
    session = Session(
        gaza, Whisper(), {"Israel": make_agent("boulware"), "Hamas": make_agent("boulware")}
    )
    with pytest.raises(ProtocolError, match="no channel from Hamas to Israel"):
        session.context.send(EventKind.OFFER, "Hamas", ["Israel"], 0)


def test_alternating_refuses_indirect_scenarios_up_front() -> None:
    with pytest.raises(ProtocolError, match="use the shuttle protocol"):
        AlternatingOffers().seats_needed(load_scenario("gaza-ceasefire-2024"))


def test_a_raising_agent_is_called_once_and_ends_the_session_cleanly() -> None:
    pie = load_scenario("pie-split")
    bad = Exploding()
    result = Session(pie, AlternatingOffers(), {"Alice": bad, "Bob": make_agent("linear")}).run()
    assert bad.calls == 1
    assert result.status == "error"
    end = result.events[-1]
    assert end.kind == EventKind.ERROR
    assert end.data["seat"] == "Alice"
    assert "RuntimeError: boom" in end.data["error"]


def test_an_invalid_answer_is_an_error_naming_the_seat() -> None:
    pie = load_scenario("pie-split")
    result = Session(
        pie, AlternatingOffers(), {"Alice": Wrong(), "Bob": make_agent("linear")}
    ).run()
    assert result.status == "error"
    assert result.events[-1].data["seat"] == "Alice"
    assert "outside 0..100" in result.events[-1].data["error"]


def test_seats_must_match_roles_and_names() -> None:
    gaza = load_scenario("gaza-ceasefire-2024")
    seats: dict[str, Any] = {"Israel": make_agent("linear"), "Hamas": make_agent("linear")}
    seats |= {m: make_mediator("relay") for m in ("US", "Egypt")}
    with pytest.raises(ProtocolError, match="no seat for Qatar"):
        Session(gaza, Shuttle(), seats)
    seats["Qatar"] = make_agent("linear")
    with pytest.raises(ProtocolError, match="Qatar is a mediator"):
        Session(gaza, Shuttle(), seats)
    seats["Qatar"] = make_mediator("relay")
    seats["Iran"] = make_agent("linear")
    with pytest.raises(ProtocolError, match="not in the scenario: Iran"):
        Session(gaza, Shuttle(), seats)


def test_queued_seat_waits_and_validates_submissions() -> None:
    pie = load_scenario("pie-split")
    person = QueuedSeat()
    session = Session(pie, AlternatingOffers(), {"Alice": person, "Bob": make_agent("hardliner")})
    assert session.step() is False
    assert session.waiting is not None and session.waiting.seat == "Alice"
    assert session.waiting.action == Action.PROPOSE
    with pytest.raises(ProtocolError, match=r"outside 0\.\.100"):
        session.submit(500)
    session.submit(70)
    assert session.step() is True  # Alice's offer went out
    assert session.events[-1].kind == EventKind.OFFER and session.events[-1].outcome == 70
    while session.step():
        pass
    assert session.waiting is not None and session.waiting.action == Action.COUNTER
    with pytest.raises(ProtocolError, match="must come with a counter-offer"):
        session.submit("reject")
    session.submit("walk_away")
    session.step()
    assert session.result is not None and session.result.status == "breakdown"
    assert session.result.events[-1].data["by"] == "Alice"


def test_rounds_change_at_their_step_budgets() -> None:
    gaza = load_scenario("gaza-ceasefire-2024")
    seats: dict[str, Any] = {"Israel": make_agent("boulware"), "Hamas": make_agent("boulware")}
    seats |= {m: make_mediator("relay") for m in ("US", "Egypt", "Qatar")}
    result = Session(gaza, Shuttle(), seats, seed=1).run()
    rounds = [e for e in result.events if e.kind == EventKind.ROUND]
    # Doha lasts 40 steps, then 10 steps pass without talks, then Cairo runs to the deadline
    assert [(e.step, e.data["venue"], e.data["pause_steps"]) for e in rounds] == [(50, "Cairo", 10)]
    assert result.status == "deadline" and result.steps == 110
    assert all(e.round == 0 for e in result.events if e.step < 40)
    assert not any(40 <= e.step < 50 for e in result.events if e.kind != EventKind.ROUND)
    assert all(e.round == 1 for e in result.events if 50 <= e.step < 110)


@pytest.mark.parametrize("budget", [40, 45, 49])
def test_a_budget_that_ends_in_a_pause_ends_the_talks_at_the_budget(budget: int) -> None:
    """Doha lasts 40 steps and 10 pass before Cairo: a budget of 40 to 49 runs out at the
    round's end or in the pause, so the deadline is at the budget, in round 1, and Cairo
    never begins (the pause used to be added whole: a deadline at step 50 of 40, round 2)."""
    gaza = load_scenario("gaza-ceasefire-2024")
    seats: dict[str, Any] = {"Israel": make_agent("boulware"), "Hamas": make_agent("boulware")}
    seats |= {m: make_mediator("relay") for m in ("US", "Egypt", "Qatar")}
    session = Session(gaza, Shuttle(), seats, seed=1, total_steps=budget)
    result = session.run()
    assert result.status == "deadline" and result.steps == budget
    assert not any(e.kind == EventKind.ROUND for e in result.events)
    assert result.events[-1].step == budget and result.events[-1].round == 0
    assert session.clock.round == 0 and session.clock.step == budget


def test_views_are_read_only_records() -> None:
    pie = load_scenario("pie-split")
    session = Session(
        pie, AlternatingOffers(), {"Alice": make_agent("linear"), "Bob": make_agent("linear")}
    )
    session.run()
    event = session.views["Bob"].inbox[0]
    with pytest.raises(TypeError):
        event.data["outcome"] = 3  # type: ignore[index]
    with pytest.raises(AttributeError):
        event.outcome = 3  # type: ignore[misc]


@settings(max_examples=200, deadline=None)
@given(
    step=st.integers(0, 10**6),
    round_=st.integers(0, 5),
    kind=st.sampled_from(list(EventKind)),
    sender=st.text(max_size=8),
    receivers=st.lists(st.text(max_size=8), max_size=3),
    outcome=st.none() | st.integers(0, 10**12),
    data=st.dictionaries(
        st.text(max_size=5),
        st.none() | st.integers() | st.text(max_size=5) | st.booleans(),
        max_size=3,
    ),
)
def test_fast_json_line_is_canonical_json(
    step: int,
    round_: int,
    kind: EventKind,
    sender: str,
    receivers: list[str],
    outcome: int | None,
    data: dict[str, Any],
) -> None:
    event = Event(step, round_, kind, sender, tuple(receivers), outcome, data)
    expected = json.dumps(
        event.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert event.to_json() == expected
    assert Event.from_dict(json.loads(event.to_json())) == event


@dataclass(frozen=True)
class Overeager:
    """A broken protocol: declares an agreement on Alice's offer without Bob accepting it."""

    name: str = "overeager"

    def seats_needed(self, scenario: Scenario) -> tuple[str, ...]:
        return ("Alice", "Bob")

    def run(self, ctx: Context) -> ProtocolRun:
        offer = yield Request("Alice", Action.PROPOSE)
        ctx.send(EventKind.OFFER, "Alice", ["Bob"], offer)
        return offer


def test_an_agreement_without_every_acceptance_is_refused() -> None:
    pie = load_scenario("pie-split")
    seats: dict[str, Any] = {"Alice": make_agent("linear"), "Bob": make_agent("linear")}
    result = Session(pie, Overeager(), seats).run()
    assert result.status == "error" and result.agreement is None
    assert "without the acceptance of Bob" in (result.error or "")

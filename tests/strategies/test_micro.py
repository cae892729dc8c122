"""MiCRO (de Jonge 2022): concedes one distinct outcome per distinct outcome received."""

from __future__ import annotations

import numpy as np
import pytest
from agent_sessions import ViewFactory, offers_by, play

from dragoman import Scenario, load_scenario, negotiate
from dragoman.negotiation.events import EventKind
from dragoman.strategies import Response, make_agent
from dragoman.testing import ScriptedAgent


def never_ahead(events: tuple, me: str) -> bool:  # type: ignore[type-arg]
    """Whether `me` never had more distinct offers out than it had received, plus its opener."""
    made: set[int] = set()
    received: set[int] = set()
    for e in events:
        if e.kind != EventKind.OFFER:
            continue
        (made if e.sender == me else received).add(e.outcome)
        if len(made) > len(received) + 1:
            return False
    return True


@pytest.mark.parametrize("opponent", ["linear", "boulware", "random", "hardliner", "micro"])
@pytest.mark.parametrize("scenario_name", ["pie-split", "river-basin"])
def test_never_concedes_more_than_the_opponents(opponent: str, scenario_name: str) -> None:
    scenario = load_scenario(scenario_name)
    names = [p.name for p in scenario.negotiators]
    seats = {name: make_agent(opponent) for name in names}
    seats[names[1]] = make_agent("micro")
    result = play(scenario, seats, total_steps=120)
    assert never_ahead(result.events, names[1])


def test_against_a_hardliner_it_stops_after_one_concession(pie: Scenario) -> None:
    result = play(pie, {"Alice": make_agent("hardliner"), "Bob": make_agent("micro")})
    assert set(offers_by(result, "Bob")) == {0, 1}


def test_two_micros_meet_at_the_midpoint(pie: Scenario) -> None:
    result = play(pie, {"Alice": make_agent("micro"), "Bob": make_agent("micro")}, total_steps=400)
    assert result.status == "agreement"
    assert result.agreement is not None
    assert abs(result.agreement - 50) <= 1


def test_repeats_earlier_offers_while_the_opponent_repeats(pie: Scenario) -> None:
    bob = ScriptedAgent(offers=[0, 1, 2, 2, 2, 2, 2, 2])
    result = play(pie, {"Alice": make_agent("micro"), "Bob": bob}, total_steps=40)
    alice = offers_by(result, "Alice")
    assert alice[:3] == [100, 99, 98]
    assert set(alice) == {100, 99, 98, 97}  # the reply to Bob's third distinct offer, then repeats


def test_accepts_what_it_would_propose_next(
    pie: Scenario, make_view: ViewFactory, rng: np.random.Generator
) -> None:
    agent = make_agent("micro")
    view = make_view(pie, "Alice")
    agent.setup(view, rng)
    assert agent.propose(view) == 100  # m = 1
    ready = make_view(pie, "Alice", received=[("Bob", 0)])  # n = 1 >= m: next would be 99
    assert agent.respond(ready, 99) == Response.ACCEPT
    assert agent.respond(ready, 98) == Response.REJECT
    waiting = make_view(pie, "Alice")  # n = 0 < m: the threshold is the lowest proposed, 100
    assert agent.respond(waiting, 99) == Response.REJECT


def test_in_shuttle_talks_it_answers_the_other_sides_relayed_proposals() -> None:
    """Under a relay mediator no party's offer reaches the other directly: MiCRO counts the
    relays of the other side's proposals (not of its own) and meets it near the midpoint."""
    pie = load_scenario("pie-split")
    agents = {"Alice": "micro", "Bob": "micro"}
    result = negotiate(pie, "shuttle", agents=agents, mediators={"M": "relay"}, steps=1500)
    assert result.status == "agreement", result.diagnosis
    assert result.agreement is not None and abs(result.agreement - 50) <= 2
    bob_offers = [
        e.outcome for e in result.events if e.kind == EventKind.OFFER and e.sender == "Bob"
    ]
    assert len(set(bob_offers)) > 40  # it conceded step by step, as the other side did

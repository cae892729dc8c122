"""Invariants of every session, over random scenarios, protocols and agents (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_strategies import scenarios

from dragoman.errors import ProtocolError
from dragoman.model.scenario import Scenario
from dragoman.negotiation.protocols.alternating import AlternatingOffers
from dragoman.negotiation.protocols.shuttle import Shuttle
from dragoman.negotiation.protocols.single_text import SingleText
from dragoman.negotiation.session import Session
from dragoman.strategies.registry import make_agent, make_mediator
from dragoman.testing import session_breaches

AGENTS = [
    "boulware",
    "linear",
    "conceder",
    "time-based:e=0.5",
    "hardliner",
    "random",
    "naive-tft",
    "relative-tft",
    "micro",
    "opponent-model",
    "annealer",
]
MEDIATORS = ["relay", "hill-climber", "hill-climber:temperature=1", "one-text", "nash", "bridging"]


def seated_session(
    scenario: Scenario, protocol: Any, data: st.DataObject, seed: int
) -> Session | None:
    try:
        needed = protocol.seats_needed(scenario)
    except ProtocolError:
        return None
    seats: dict[str, Any] = {}
    for name in needed:
        if scenario.party(name).role == "party":
            seats[name] = make_agent(data.draw(st.sampled_from(AGENTS)))
        else:
            seats[name] = make_mediator(data.draw(st.sampled_from(MEDIATORS)))
    return Session(scenario, protocol, seats, seed=seed)


def check_invariants(scenario: Scenario, session: Session) -> None:
    """Every rule of `dragoman.testing.session_breaches`: one end event, last; time never runs
    back and stays in the budget; messages only on channels, reaching exactly their receivers;
    each view holds its own preferences only and no party receives preferences; an agreement
    only with every party's last word on it; no error."""
    result = session.run()
    assert session_breaches(session) == []
    assert result.steps <= session.public.total_steps


ALL_PROTOCOLS = [AlternatingOffers(), SingleText(), Shuttle()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario=scenarios(),
    data=st.data(),
    protocol=st.sampled_from(ALL_PROTOCOLS),
    seed=st.integers(0, 2**16),
)
def test_invariants_hold(scenario: Scenario, data: st.DataObject, protocol: Any, seed: int) -> None:
    session = seated_session(scenario, protocol, data, seed)
    if session is None:
        return
    check_invariants(scenario, session)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario=scenarios(),
    data=st.data(),
    protocol=st.sampled_from(ALL_PROTOCOLS),
    seed=st.integers(0, 2**16),
)
def test_same_seed_same_log(
    scenario: Scenario, data: st.DataObject, protocol: Any, seed: int
) -> None:
    specs = data.draw(st.lists(st.sampled_from(AGENTS), min_size=3, max_size=3))
    mediators = data.draw(st.lists(st.sampled_from(MEDIATORS), min_size=2, max_size=2))

    def run() -> list[str]:
        try:
            needed = protocol.seats_needed(scenario)
        except ProtocolError:
            return []
        seats: dict[str, Any] = {}
        for k, name in enumerate(needed):
            role = scenario.party(name).role
            seats[name] = (
                make_agent(specs[k % 3]) if role == "party" else make_mediator(mediators[k % 2])
            )
        return [e.to_json() for e in Session(scenario, protocol, seats, seed=seed).run().events]

    assert run() == run()

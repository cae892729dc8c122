"""Invariants of every session, over random scenarios, protocols and agents (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_strategies import scenarios

from dragoman.errors import ProtocolError
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import EventKind
from dragoman.negotiation.protocols.alternating import AlternatingOffers
from dragoman.negotiation.protocols.shuttle import Shuttle
from dragoman.negotiation.protocols.single_text import SingleText
from dragoman.negotiation.session import Session
from dragoman.strategies.registry import make_agent, make_mediator
from dragoman.utility.scenario import compiled

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
    result = session.run()
    events = result.events
    parties = {p.name for p in scenario.negotiators}
    # 1. every message travelled on an existing channel, and reached exactly its receivers
    for name, view in session.views.items():
        for event in view.inbox:
            assert name in event.receivers
            assert scenario.may_send(event.sender, name), (event.sender, name)
            # 2. no party ever receives preferences (only mediators receive reports)
            if name in parties:
                assert '"preferences"' not in event.to_json()  # nowhere, however nested
    for event in events:
        for receiver in event.receivers:
            assert scenario.may_send(event.sender, receiver)
    # 2b. each seat's view holds its own preferences only
    for party, utility in zip(scenario.negotiators, compiled(scenario).utilities, strict=True):
        if party.name in session.views:
            assert session.views[party.name].utility is utility
    for name in session.views:
        if scenario.party(name).role == "mediator":
            assert session.views[name].utility is None
    # 3. an agreement only when every party accepted (or offered) that same outcome last
    if result.status == "agreement":
        assert result.agreement is not None
        for party in parties:
            last = [
                e
                for e in events
                if e.sender == party
                and e.kind in (EventKind.OFFER, EventKind.ACCEPT, EventKind.REJECT)
            ][-1]
            assert last.kind in (EventKind.OFFER, EventKind.ACCEPT)
            assert last.outcome == result.agreement
    # 4. the deadline is respected; exactly one end event, last
    assert result.steps <= session.public.total_steps
    assert all(e.step <= session.public.total_steps for e in events)
    ends = [
        e
        for e in events
        if e.kind in (EventKind.AGREEMENT, EventKind.BREAKDOWN, EventKind.DEADLINE, EventKind.ERROR)
    ]
    assert len(ends) == 1 and ends[0] is events[-1]
    assert result.status != "error", result.error


PROTOCOLS = [AlternatingOffers(), SingleText(), Shuttle()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario=scenarios(),
    data=st.data(),
    protocol=st.sampled_from(PROTOCOLS),
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
    protocol=st.sampled_from(PROTOCOLS),
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

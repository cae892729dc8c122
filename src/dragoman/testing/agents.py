"""The conformance check every agent strategy must pass (PettingZoo's `api_test` idea).

`check_agent(cls)` plays the strategy against a few opponents on a few scenarios, under
alternating offers, a single negotiating text and shuttle talks, and raises AssertionError
listing every breach: an invalid answer or an exception, an offer outside its red lines, an
acceptance below its RV or beyond its red lines, a vote for a text outside its red lines, two
runs with the same seed that differ, a call that changed its view, traits outside the closed
vocabulary or a `stochastic` trait its play contradicts, any rule of the session broken, and,
for a strategy with a lockstep form, any negotiation it plays differently on the batched engine.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from dragoman.io.scenario_file import load_scenario
from dragoman.model.scenario import Scenario
from dragoman.negotiation.protocols.alternating import AlternatingOffers
from dragoman.negotiation.protocols.shuttle import Shuttle
from dragoman.negotiation.protocols.single_text import SingleText
from dragoman.negotiation.session import NegotiationProtocol, Seat
from dragoman.negotiation.strategy import Agent
from dragoman.strategies.registry import make_agent, make_mediator
from dragoman.strategies.seating import DEFAULT_MEDIATOR
from dragoman.testing.lockstep import lockstep_breaches
from dragoman.testing.rules import agent_breaches
from dragoman.testing.scenarios import random_scenario
from dragoman.testing.trials import fail_on, play_twice, trait_breaches
from dragoman.testing.watch import Watch, WatchedAgent

__all__ = ["OPPONENTS", "check_agent"]

#: The strategies the agent under test meets, one per run.
OPPONENTS = ("linear", "boulware", "random")


def _settings(seed: int) -> list[tuple[Scenario, NegotiationProtocol]]:
    """Where the agent plays: bilateral and multilateral, direct and mediated (the single text
    without reports, so the mediator, not knowing the red lines, tries texts beyond them and
    the agent's votes on those are checked; shuttle talks with reports)."""
    basin = load_scenario("river-basin")
    return [
        (load_scenario("pie-split"), AlternatingOffers()),
        (basin, AlternatingOffers()),
        (random_scenario(np.random.default_rng(seed)), AlternatingOffers()),
        (basin, SingleText(reports=False)),
        (random_scenario(np.random.default_rng(seed), mediators=2), Shuttle()),
    ]


def _seats(
    scenario: Scenario,
    protocol: NegotiationProtocol,
    seat: str,
    agent: Callable[[], Agent],
    opponent: str,
) -> dict[str, Seat]:
    """A new `agent()` at `seat`, `opponent` at every other party, the protocol's default
    mediator at every mediator's seat."""
    mediator = DEFAULT_MEDIATOR.get(protocol.name, "relay")
    needed = protocol.seats_needed(scenario)
    seats: dict[str, Seat] = {
        name: make_agent(opponent)
        if scenario.party(name).role == "party"
        else make_mediator(mediator)
        for name in needed
    }
    seats[seat] = agent()
    return seats


def check_agent(cls: type[Agent], seed: int = 0, **params: Any) -> None:
    """Run the conformance checks on agent strategy `cls`; AssertionError lists every breach.

    Built with `params`, else with `cls.example()` if it has one, else with defaults.
    """
    if not (isinstance(cls, type) and issubclass(cls, Agent)):
        raise TypeError(f"check_agent needs an Agent class, not {cls!r}")

    def build() -> Agent:
        agent = cls(**params) if params else cls.example()
        assert isinstance(agent, Agent), f"{cls.__name__}.example() is no agent"
        return WatchedAgent(agent, watch)

    watch = Watch()
    problems: list[str] = []
    for scenario, protocol in _settings(seed):
        names = [p.name for p in scenario.negotiators]
        for k, opponent in enumerate(OPPONENTS):
            seat = names[k % len(names)]
            before = len(watch.problems)
            seats = partial(_seats, scenario, protocol, seat, build, opponent)
            session, found = play_twice(scenario, protocol, seats, seed + k)
            found += watch.problems[before:]
            if session is not None and session.result is not None:
                found += agent_breaches(scenario, seat, session.result.events)
            where = f"{seat} vs {opponent}, {protocol.name} on '{scenario.metadata.title}'"
            problems += [f"{where}: {p}" for p in found]
    problems += trait_breaches(cls, watch)
    problems += lockstep_breaches(cls(**params) if params else cls.example(), seed)
    fail_on(f"{cls.__name__} ({cls.name})", problems)

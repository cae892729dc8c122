"""The conformance check every mediator strategy must pass.

`check_mediator(cls)` seats the mediator at every mediator's seat under a single negotiating
text and under shuttle talks, on the river basin, on the flagship with Israel's corridor red line
dropped (so an agreement is possible), and on random scenarios with mediators of uneven reach,
against a few agent line-ups; AssertionError lists every breach: an invalid text or an
exception, two runs with the same seed that differ, a message on a channel that does not exist,
a call that changed its view, traits outside the closed vocabulary or a `stochastic` trait its
play contradicts, a text composed by a mediator declaring `composes = False`, and any other rule
of the session broken. Whether its texts are good ones (an agreement, inside the parties' red
lines) is a question of quality, not of conformance.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np

from dragoman.io.scenario_file import load_scenario
from dragoman.model.scenario import Scenario
from dragoman.negotiation.protocols.shuttle import Shuttle
from dragoman.negotiation.protocols.single_text import SingleText
from dragoman.negotiation.session import NegotiationProtocol, Seat
from dragoman.negotiation.strategy import Mediator
from dragoman.strategies.registry import make_agent
from dragoman.testing.scenarios import random_scenario
from dragoman.testing.trials import fail_on, play_twice, trait_breaches
from dragoman.testing.watch import Watch, WatchedMediator

__all__ = ["LINE_UPS", "check_mediator", "mediated_scenarios"]

#: The agents at the parties' seats, one line-up per run (repeated when there are more parties).
LINE_UPS = (("boulware", "conceder"), ("random", "linear", "hardliner"))


def mediated_scenarios(seed: int) -> list[Scenario]:
    """Scenarios with mediators: built-in and random, bilateral and multilateral."""
    gaza = load_scenario("gaza-ceasefire-2024")
    return [
        load_scenario("river-basin"),
        gaza.without_red_lines([("Israel", "philadelphi_corridor")]),
        random_scenario(np.random.default_rng(seed), mediators=2),
        random_scenario(np.random.default_rng(seed + 1), parties=3, mediators=2),
    ]


def _seats(
    scenario: Scenario,
    protocol: NegotiationProtocol,
    mediator: Callable[[], Mediator],
    agents: Sequence[str],
) -> dict[str, Seat]:
    """A new `mediator()` at every mediator's seat the protocol needs, `agents` at the parties."""
    needed = protocol.seats_needed(scenario)
    parties = [p.name for p in scenario.negotiators]
    return {
        name: make_agent(agents[parties.index(name) % len(agents)])
        if name in parties
        else mediator()
        for name in needed
    }


def check_mediator(cls: type[Mediator], seed: int = 0, **params: Any) -> None:
    """Run the conformance checks on mediator strategy `cls`; AssertionError lists every breach.

    Built with `params`, else with `cls.example()` if it has one, else with defaults.
    """
    if not (isinstance(cls, type) and issubclass(cls, Mediator)):
        raise TypeError(f"check_mediator needs a Mediator class, not {cls!r}")

    def build() -> Mediator:
        mediator = cls(**params) if params else cls.example()
        assert isinstance(mediator, Mediator), f"{cls.__name__}.example() is no mediator"
        return WatchedMediator(mediator, watch)

    watch = Watch()
    problems: list[str] = []
    protocols: tuple[NegotiationProtocol, ...] = (SingleText(), Shuttle())
    for scenario in mediated_scenarios(seed):
        for protocol in protocols:
            for k, agents in enumerate(LINE_UPS):
                before = len(watch.problems)
                seats = partial(_seats, scenario, protocol, build, agents)
                _, found = play_twice(scenario, protocol, seats, seed + k)
                found += watch.problems[before:]
                where = f"{protocol.name} on '{scenario.metadata.title}' with {', '.join(agents)}"
                problems += [f"{where}: {p}" for p in found]
    problems += trait_breaches(cls, watch)
    fail_on(f"{cls.__name__} ({cls.name})", problems)

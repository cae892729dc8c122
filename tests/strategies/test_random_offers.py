"""The random party: uniform offers it can live with; acceptance with probability p."""

from __future__ import annotations

import numpy as np
import pytest
from agent_sessions import ViewFactory, play, with_reservation

from dragoman import Scenario, load_scenario
from dragoman.negotiation.events import EventKind
from dragoman.strategies import Response, make_agent
from dragoman.strategies.registry import StrategyError
from dragoman.utility.scenario import compiled


def test_offers_are_uniform_over_outcomes_worth_the_reservation_value(
    pie: Scenario, make_view: ViewFactory, rng: np.random.Generator
) -> None:
    scenario = with_reservation(pie, 0, 0.6)
    agent = make_agent("random")
    view = make_view(scenario, "Alice")
    agent.setup(view, rng)
    offers = np.array([agent.propose(view) for _ in range(4000)])
    assert offers.min() >= 60
    counts = np.bincount(offers - 60, minlength=41)
    assert counts.min() > 0.5 * counts.mean()  # 41 outcomes, about 98 draws each


def test_respects_red_lines_and_reservation_value_in_sessions() -> None:
    basin = load_scenario("river-basin")
    downstream = compiled(basin).utilities[2]
    for seed in range(3):
        seats = {p.name: make_agent("random") for p in basin.negotiators}
        result = play(basin, seats, seed=seed)
        for e in result.events:
            if e.sender == "Downstream" and e.kind in (EventKind.OFFER, EventKind.ACCEPT):
                assert downstream.acceptable(np.array([e.outcome]))[0]
                assert downstream.table[e.outcome] >= downstream.reservation_value


@pytest.mark.parametrize(("p", "expected"), [(0.0, Response.REJECT), (1.0, Response.ACCEPT)])
def test_acceptance_probability_extremes(
    pie: Scenario, make_view: ViewFactory, rng: np.random.Generator, p: float, expected: Response
) -> None:
    agent = make_agent("random", p=p)
    view = make_view(pie, "Alice", received=[("Bob", 30)])
    agent.setup(view, rng)
    assert {agent.respond(view, 30) for _ in range(50)} == {expected}


def test_accepts_about_p_of_acceptable_offers_and_none_below_rv(
    pie: Scenario, make_view: ViewFactory, rng: np.random.Generator
) -> None:
    scenario = with_reservation(pie, 0, 0.5)
    agent = make_agent("random", p=0.3)
    view = make_view(scenario, "Alice")
    agent.setup(view, rng)
    accepted = [agent.respond(view, 70) == Response.ACCEPT for _ in range(2000)]
    assert abs(np.mean(accepted) - 0.3) < 0.05
    assert all(agent.respond(view, 40) == Response.REJECT for _ in range(200))


def test_rejects_a_probability_outside_0_1() -> None:
    with pytest.raises(StrategyError, match="probability"):
        make_agent("random:p=1.5")

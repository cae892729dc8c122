"""The annealing party (Klein et al. 2003): votes for worse texts with probability
exp(-loss / T), T falling linearly to zero; final acceptance above a time-based target."""

from __future__ import annotations

import math

import numpy as np
import pytest
from agent_sessions import ViewFactory, play

from dragoman import Scenario, load_scenario
from dragoman.negotiation.view import SeatView
from dragoman.strategies import Response, make_agent
from dragoman.strategies.annealer import Annealer
from dragoman.utility.scenario import compiled


def votes(agent: Annealer, view: SeatView, current: int, candidate: int, n: int) -> float:
    """The share of `n` votes for `candidate` over `current`."""
    return float(np.mean([agent.vote(view, current, candidate) for _ in range(n)]))


def test_always_votes_for_improvements_and_for_a_first_text(
    pie: Scenario, make_view: ViewFactory, rng: np.random.Generator
) -> None:
    agent = Annealer()
    view = make_view(pie, "Alice", step=90)
    agent.setup(view, rng)
    assert agent.vote(view, 40, 60) and agent.vote(view, 60, 60) and agent.vote(view, None, 10)


@pytest.mark.parametrize("step", [0, 50])
def test_votes_for_a_worse_text_with_the_metropolis_probability(
    pie: Scenario, make_view: ViewFactory, rng: np.random.Generator, step: int
) -> None:
    agent = Annealer(temperature=0.2)
    view = make_view(pie, "Alice", step=step)
    agent.setup(view, rng)
    heat = 0.2 * (1 - step / 100)
    expected = math.exp(-0.1 / heat)  # losing 0.1 of utility (60 -> 50)
    assert abs(votes(agent, view, 60, 50, 4000) - expected) < 0.03


def test_cools_to_a_hill_climber(
    pie: Scenario, make_view: ViewFactory, rng: np.random.Generator
) -> None:
    agent = Annealer(temperature=0.2)
    view = make_view(pie, "Alice", step=100)
    agent.setup(view, rng)
    assert votes(agent, view, 60, 59, 200) == 0.0
    frozen = Annealer(temperature=0.0)
    frozen.setup(view, rng)
    assert votes(frozen, make_view(pie, "Alice"), 60, 59, 200) == 0.0


def test_never_votes_for_a_text_beyond_its_red_lines(
    make_view: ViewFactory, rng: np.random.Generator
) -> None:
    basin = load_scenario("river-basin")
    downstream = compiled(basin).utilities[2]
    outside = int(np.flatnonzero(~downstream.acceptable())[0])
    agent = Annealer(temperature=10.0)
    view = make_view(basin, "Downstream")
    agent.setup(view, rng)
    assert votes(agent, view, outside, outside, 50) == 0.0
    assert not agent.vote(view, None, outside)


def test_accepts_only_texts_worth_its_target(pie: Scenario, make_view: ViewFactory) -> None:
    agent = Annealer(e=1.0)
    view = make_view(pie, "Alice", step=30)  # target 0.7
    assert agent.respond(view, 70) == Response.ACCEPT
    assert agent.respond(view, 69) == Response.REJECT


def test_behaves_like_a_linear_conceder_in_alternating_offers(pie: Scenario) -> None:
    result = play(pie, {"Alice": make_agent("annealer"), "Bob": make_agent("linear")})
    assert result.status == "agreement"
    assert result.agreement is not None and abs(result.agreement - 50) <= 1

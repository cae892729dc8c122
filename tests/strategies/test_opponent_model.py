"""Opponent models (frequency, Bayesian) and the time-based party that uses them."""

from __future__ import annotations

import math

import numpy as np
import pytest
from agent_sessions import ViewFactory, offers_by, play

from dragoman import Scenario
from dragoman.strategies import make_agent
from dragoman.strategies.opponent_estimates import (
    bayesian_estimate,
    frequency_estimate,
    weight_hypotheses,
)
from dragoman.strategies.opponent_model import OpponentModelAgent
from dragoman.strategies.registry import StrategyError
from dragoman.utility.scenario import compiled

RISING = {"scores": {f"v{j}": j / 4 for j in range(5)}}
FALLING = {"scores": {f"v{j}": 1 - j / 4 for j in range(5)}}


def three_issues(bob_weights: list[float], steps: int = 200) -> Scenario:
    """Alice likes high values on every issue, equally; Bob low ones, weighted as given."""
    names = ["a", "b", "c"]
    issues = [
        {"name": n, "kind": "categorical", "values": [f"v{j}" for j in range(5)]} for n in names
    ]
    alice = {"weights": dict.fromkeys(names, 1 / 3), "values": dict.fromkeys(names, RISING)}
    bob = {
        "weights": dict(zip(names, bob_weights, strict=True)),
        "values": dict.fromkeys(names, FALLING),
    }
    parties = [{"name": "Alice", "preferences": alice}, {"name": "Bob", "preferences": bob}]
    data = {"metadata": {"title": "3x5"}, "issues": issues, "parties": parties}
    return Scenario.from_data({**data, "deadline_steps": steps})


@pytest.mark.parametrize("heavy", [0, 1, 2])
def test_frequency_model_finds_a_boulware_opponents_heaviest_issue(heavy: int) -> None:
    scenario = three_issues(np.roll([0.55, 0.3, 0.15], heavy).tolist())
    result = play(
        scenario,
        {"Alice": make_agent("opponent-model"), "Bob": make_agent("boulware")},
        total_steps=50,
    )
    estimate = frequency_estimate(scenario.outcome_space, offers_by(result, "Bob"))
    assert int(np.argmax(estimate.weights)) == heavy


def test_an_issue_the_opponent_never_changes_weighs_most() -> None:
    space = three_issues([0.4, 0.3, 0.3]).outcome_space
    offers = space.index(np.array([[0, 1, 2], [0, 3, 1], [0, 2, 4], [0, 4, 0], [0, 0, 3]]))
    for estimate in (frequency_estimate(space, offers), bayesian_estimate(space, offers)):
        assert int(np.argmax(estimate.weights)) == 0
        assert math.isclose(float(estimate.weights.sum()), 1.0)
        assert estimate.values[0][0] == 1.0  # the value always offered scores highest
        assert estimate.values[0][1:].max() < 0.2


def test_estimated_utilities_follow_the_estimate() -> None:
    space = three_issues([0.4, 0.3, 0.3]).outcome_space
    estimate = frequency_estimate(space, [0, 0, 0])
    u = estimate.utilities(space.enumerate())
    assert u.shape == (space.size,)
    assert int(np.argmax(u)) == 0 and math.isclose(float(u.max()), 1.0)


@pytest.mark.parametrize(("issues", "count"), [(1, 1), (3, 6), (5, 120), (7, 7)])
def test_weight_hypotheses_are_rank_based_and_normalised(issues: int, count: int) -> None:
    hypotheses = weight_hypotheses(issues)
    assert hypotheses.shape == (count, issues)
    assert np.allclose(hypotheses.sum(axis=1), 1.0)
    expected = np.arange(issues, 0, -1) / (issues * (issues + 1) / 2)
    assert np.allclose(np.sort(hypotheses, axis=1)[:, ::-1], expected)


@pytest.mark.parametrize("model", ["frequency", "bayesian"])
def test_offers_what_the_model_rates_best_within_its_window(
    make_view: ViewFactory, model: str
) -> None:
    scenario = three_issues([0.55, 0.3, 0.15])
    space, alice = scenario.outcome_space, compiled(scenario).utilities[0]
    received = [("Bob", int(o)) for o in space.index(np.array([[0, 0, 4], [0, 1, 3], [0, 2, 2]]))]
    agent = OpponentModelAgent(model=model, window=0.1)  # Alice's utilities step by 1/12
    view = make_view(scenario, "Alice", step=80, received=received)
    target = agent.target(view)
    offer = agent.propose(view)
    assert target <= alice.table[offer] <= target + agent.window + 1e-12
    estimate = agent.estimates(view)["Bob"]
    window = np.flatnonzero((alice.table >= target) & (alice.table <= target + agent.window))
    assert window.size > 1
    best = estimate.utilities(space.digits(window)).max()
    assert math.isclose(float(estimate.utilities(space.digits([offer]))[0]), float(best))


def test_falls_back_to_the_target_when_the_window_is_empty(make_view: ViewFactory) -> None:
    scenario = three_issues([0.55, 0.3, 0.15])
    view = make_view(scenario, "Alice", step=80, received=[("Bob", 0), ("Bob", 1)])
    agent = OpponentModelAgent(window=0.0)
    assert agent.propose(view) == make_agent("boulware").propose(view)


def test_without_offers_it_behaves_like_its_time_based_target(
    pie: Scenario, make_view: ViewFactory
) -> None:
    view = make_view(pie, "Alice", step=50)
    assert make_agent("opponent-model").propose(view) == make_agent("boulware").propose(view)


def test_rejects_an_unknown_model() -> None:
    with pytest.raises(StrategyError, match="model"):
        make_agent("opponent-model:model=psychic")

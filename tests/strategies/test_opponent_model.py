"""Opponent models (frequency, Bayesian) and the time-based party that uses them."""

from __future__ import annotations

import math

import numpy as np
import pytest
from agent_sessions import ViewFactory, fingerprint, offers_by, play

from dragoman import Scenario, load_scenario
from dragoman.negotiation.events import Event, EventKind
from dragoman.runs.negotiation import negotiate
from dragoman.strategies import make_agent
from dragoman.strategies.opponent_estimates import (
    OfferTally,
    bayesian_estimate,
    frequency_estimate,
    weight_hypotheses,
)
from dragoman.strategies.opponent_model import OpponentModelAgent
from dragoman.strategies.registry import StrategyError
from dragoman.testing.scenarios import random_scenario
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


#: "scenario protocol first-party others seed steps": "status agreement steps events digest",
#: as the code before the agent read only what is new played them (commit fecedad; the
#: digest: `agent_sessions.fingerprint`); "random:N" is `random_scenario` of generator seed N.
EXPECTED = {
    "pie-split alternating opponent-model hardliner 0 2000": (
        "deadline None 2000 2002 c7746c076de7780d"
    ),
    "pie-split alternating opponent-model:model=bayesian hardliner 0 2000": (
        "deadline None 2000 2002 4a5f349a69fb09ec"
    ),
    "pie-split alternating opponent-model:window=0.2 opponent-model:model=bayesian 3 2000": (
        "agreement 48 1757 1759 3da193e2f2dac7a4"
    ),
    "discounted-split alternating opponent-model:model=bayesian,window=0.1 hardliner 1 1000": (
        "deadline None 1000 1002 da1eecba87508981"
    ),
    "river-basin alternating opponent-model:window=0.1 random 7 2000": (
        "agreement 394 1557 1560 190e72537e4e48d0"
    ),
    "river-basin alternating opponent-model:model=bayesian,window=0.1 "
    "opponent-model:model=bayesian,window=0.2 7 2000": "agreement 381 1973 1976 911a3da7a0073a93",
    "river-basin shuttle opponent-model:model=bayesian opponent-model 2 600": (
        "agreement 514 549 708 788fe60b447cd0a7"
    ),
    "gaza-ceasefire-2024 single-text opponent-model:model=bayesian opponent-model 0 600": (
        "deadline None 600 505 a37175431afc6c51"
    ),
    "random:101 alternating opponent-model:model=bayesian,window=0.3 random 1 1500": (
        "agreement 57 810 812 907547d4e9c267bb"
    ),
    "random:105 alternating opponent-model:window=0.3 random 5 1500": (
        "agreement 55 980 982 3075e7d6391e2868"
    ),
}


def _played(case: str) -> str:
    """The fingerprint of the case's negotiation: `first` at the first party's seat, `others`
    at the rest, the protocol's default mediators."""
    name, protocol, first, others, seed, steps = case.split()
    if name.startswith("random:"):
        scenario = random_scenario(np.random.default_rng(int(name.removeprefix("random:"))))
    else:
        scenario = load_scenario(name)
    agents = {p.name: others for p in scenario.negotiators}
    agents[scenario.negotiators[0].name] = first
    return fingerprint(
        negotiate(scenario, protocol, agents=agents, seed=int(seed), steps=int(steps))
    )


@pytest.mark.parametrize("case", list(EXPECTED))
def test_the_results_are_those_of_the_code_before(case: str) -> None:
    assert _played(case) == EXPECTED[case]


@pytest.mark.parametrize("model", ["frequency", "bayesian"])
def test_each_offer_is_read_a_few_times_however_long_the_talks(
    reads: list[int], pie: Scenario, model: str
) -> None:
    agents = {"Alice": f"opponent-model:model={model}", "Bob": "hardliner"}
    result = negotiate(pie, agents=agents, steps=1500)
    assert result.steps == 1500
    delivered = sum(len(e.receivers) for e in result.events)
    # once as a message (`since`), once as an outcome of its sender's (`received_outcomes`)
    assert sum(reads) <= 3 * delivered, (sum(reads), delivered)


@pytest.mark.parametrize("model", ["frequency", "bayesian"])
def test_estimates_read_step_by_step_are_those_read_at_once(
    make_view: ViewFactory, model: str
) -> None:
    scenario = three_issues([0.55, 0.3, 0.15])
    rng = np.random.default_rng(3)
    received = [(str(rng.choice(["Bob", "Carol"])), int(o)) for o in rng.integers(0, 125, 60)]
    agent, view = OpponentModelAgent(model=model), make_view(scenario, "Alice")
    for k, (sender, outcome) in enumerate(received):
        view.deliver(Event(k, 0, EventKind.OFFER, sender, ("Alice",), outcome))
        if k % 7 == 0:
            agent.estimates(view)
    at_once = OpponentModelAgent(model=model).estimates(
        make_view(scenario, "Alice", received=received)
    )
    step_by_step = agent.estimates(view)
    assert list(step_by_step) == list(at_once) == ["Bob", "Carol"]
    for sender, estimate in at_once.items():
        assert np.array_equal(step_by_step[sender].weights, estimate.weights)
        assert all(map(np.array_equal, step_by_step[sender].values, estimate.values))
    # asked about another view (the agent seated again), it reads that one from its start
    again = make_view(scenario, "Alice", received=received[:5])
    fresh = OpponentModelAgent(model=model).estimates(again)
    assert np.array_equal(agent.estimates(again)["Bob"].weights, fresh["Bob"].weights)


def test_a_tally_taken_in_parts_is_the_tally_taken_at_once() -> None:
    space = three_issues([0.4, 0.3, 0.3]).outcome_space
    offers = np.random.default_rng(5).integers(0, space.size, 200)
    parts = OfferTally(space)
    for part in np.array_split(offers, 9):
        parts.add(part)
    whole = OfferTally.of(space, offers)
    assert parts.offers == whole.offers == 200
    assert np.array_equal(parts.kept, whole.kept)
    assert np.array_equal(parts.frequency().weights, frequency_estimate(space, offers).weights)
    assert np.array_equal(parts.bayesian().weights, bayesian_estimate(space, offers).weights)

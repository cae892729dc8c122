"""Mediators find the deal where a zone exists and the parties concede over time: the river
basin (three states, a commission) and a three-party coalition with one red line dropped, both
of which users saw end without agreement under the hill-climber, one-text and bridging
mediators. Every mediator that composes texts agrees under single text and shuttle talks, the
Boulware parties conceding only at the end; the relay, which composes none, carries the
parties' own proposals and agrees in shuttle talks once the parties concede steadily."""

from __future__ import annotations

import pytest

from dragoman import Scenario, load_scenario, negotiate
from dragoman.analysis.problem import bargaining_problem
from dragoman.strategies.registry import mediator_names

COMPOSING = [m for m in mediator_names() if m != "relay"]


def basin() -> Scenario:
    return load_scenario("river-basin")


@pytest.fixture(scope="module", params=["river-basin", "coalition"])
def mediated(request: pytest.FixtureRequest, coalition: Scenario) -> Scenario:
    return basin() if request.param == "river-basin" else coalition


@pytest.mark.parametrize("protocol", ["single-text", "shuttle"])
@pytest.mark.parametrize("mediator", COMPOSING)
def test_every_composing_mediator_agrees(mediated: Scenario, mediator: str, protocol: str) -> None:
    assert bargaining_problem(mediated).zone.exists
    seat = mediated.mediators[0].name
    for seed in range(4):
        result = negotiate(mediated, protocol, mediators={seat: mediator}, seed=seed)
        assert result.status == "agreement", (seed, result.diagnosis)
        assert result.diagnosis == ()


def test_the_relay_agrees_in_shuttle_talks_when_parties_concede(mediated: Scenario) -> None:
    agents = {p.name: "linear" for p in mediated.negotiators}
    seat = mediated.mediators[0].name
    result = negotiate(mediated, "shuttle", agents=agents, mediators={seat: "relay"}, seed=0)
    assert result.status == "agreement", result.diagnosis


@pytest.mark.parametrize("mediator", ["hill-climber", "one-text", "nash"])
def test_the_climbing_mediators_agree_near_the_nash_point(
    mediated: Scenario, mediator: str
) -> None:
    seat = mediated.mediators[0].name
    distances = []
    for seed in range(4):
        result = negotiate(mediated, "single-text", mediators={seat: mediator}, seed=seed)
        assert result.assessment is not None
        distances.append(result.assessment.nash_distance)
    assert max(distances) < 0.1
    if mediator == "nash":  # truthful reports: the Nash point itself
        assert max(distances) < 1e-9

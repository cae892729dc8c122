"""Rubinstein (1982) bargaining: the subgame-perfect split is proposed and accepted at once."""

from __future__ import annotations

import math

import pytest
from agent_sessions import ViewFactory, play

from dragoman import Scenario, load_scenario
from dragoman.negotiation.events import EventKind
from dragoman.strategies import Response, make_agent
from dragoman.strategies.registry import StrategyError
from dragoman.strategies.spe_split import SubgamePerfectSplit
from dragoman.testing import ScriptedAgent

D1, D2 = 0.9, 0.8  # First's and Second's per-period discount factors in discounted-split.yaml
GRID = 1000  # share_for_first runs 0..1000


@pytest.fixture(scope="module")
def split() -> Scenario:
    return load_scenario("discounted-split")


def spe_seats() -> dict[str, SubgamePerfectSplit]:
    return {"First": SubgamePerfectSplit(opponent_delta=D2), "Second": SubgamePerfectSplit(D1)}


def test_two_spe_agents_agree_on_rubinsteins_split_at_the_first_offer(split: Scenario) -> None:
    result = play(split, dict(spe_seats()), first="First")
    messages = [e for e in result.events if e.kind in (EventKind.OFFER, EventKind.ACCEPT)]
    assert [e.kind for e in messages] == [EventKind.OFFER, EventKind.ACCEPT]
    assert result.status == "agreement"
    assert result.agreement == messages[0].outcome
    # Rubinstein 1982: the first proposer gets (1 - d2) / (1 - d1 d2) = 5/7
    share = (1 - D2) / (1 - D1 * D2)
    assert abs(result.utilities["First"] - share) <= 1 / GRID


def test_the_second_mover_gets_its_own_proposer_share(split: Scenario) -> None:
    result = play(split, dict(spe_seats()), first="Second")
    assert result.status == "agreement"
    assert abs(result.utilities["Second"] - (1 - D1) / (1 - D1 * D2)) <= 1 / GRID


def test_responder_threshold_is_its_discounted_proposer_share(
    split: Scenario, make_view: ViewFactory
) -> None:
    # Second accepts iff it gets d2 (1 - d1) / (1 - d1 d2) = 0.08 / 0.28 = 2/7, or more
    second = SubgamePerfectSplit(opponent_delta=D1)
    view = make_view(split, "Second")
    threshold = D2 * (1 - D1) / (1 - D1 * D2)
    at = round(GRID * (1 - threshold))  # the offer giving Second its threshold, on the grid
    assert second.respond(view, at) == Response.ACCEPT
    assert second.respond(view, at + 1) == Response.REJECT


def test_a_greedy_first_offer_is_rejected_and_countered(split: Scenario) -> None:
    first = ScriptedAgent(offers=[800], responses=["accept"])
    result = play(split, {"First": first, "Second": SubgamePerfectSplit(D1)}, first="First")
    assert result.status == "agreement"
    # Second counters with its own proposer share, (1 - d1) / (1 - d1 d2) = 5/14
    assert abs(result.utilities["Second"] - (1 - D1) / (1 - D1 * D2)) <= 1 / GRID


@pytest.mark.parametrize("delta", [0.5, 0.9, 0.99])
def test_equal_patience_gives_the_proposer_one_over_one_plus_delta(
    split: Scenario, make_view: ViewFactory, delta: float
) -> None:
    agent = SubgamePerfectSplit(opponent_delta=delta, delta=delta)
    assert math.isclose(agent.demand(make_view(split, "First")), 1 / (1 + delta))


def test_default_delta_is_the_partys_discount_factor(
    split: Scenario, make_view: ViewFactory
) -> None:
    agent = SubgamePerfectSplit(opponent_delta=D2)
    assert math.isclose(agent.demand(make_view(split, "First")), (1 - D2) / (1 - D1 * D2))


def test_needs_the_opponents_discount_factor() -> None:
    with pytest.raises(StrategyError, match="opponent_delta"):
        make_agent("spe-split")
    with pytest.raises(StrategyError, match="opponent_delta"):
        make_agent("spe-split:opponent_delta=1.5")
    assert isinstance(make_agent("spe-split:opponent_delta=0.8"), SubgamePerfectSplit)

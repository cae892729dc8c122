"""The scripted test double plays exactly its script, and is no registered strategy."""

from __future__ import annotations

import pytest
from agent_sessions import offers_by, play

from dragoman import Scenario, load_scenario
from dragoman.strategies import agent_names, make_agent
from dragoman.strategies.registry import StrategyError
from dragoman.testing import ScriptedAgent


@pytest.fixture(scope="module")
def pie() -> Scenario:
    """Alice and Bob split 100 units; each one's utility is its share."""
    return load_scenario("pie-split")


def test_scripted_agent_plays_its_script_then_repeats_the_last_offer(pie: Scenario) -> None:
    alice = ScriptedAgent(offers=[90, 80], responses=["reject", "reject"])
    result = play(pie, {"Alice": alice, "Bob": make_agent("hardliner")}, total_steps=7)
    assert offers_by(result, "Alice") == [90, 80, 80, 80]
    assert result.status == "deadline"


def test_scripted_agent_answers_in_order_and_rejects_when_out_of_answers(pie: Scenario) -> None:
    bob = ScriptedAgent(offers=[0], responses=["reject", "accept"])
    result = play(pie, {"Alice": ScriptedAgent(offers=[70, 60]), "Bob": bob})
    assert (result.status, result.agreement) == ("agreement", 60)
    walker = ScriptedAgent(responses=["walk_away"])
    result = play(pie, {"Alice": ScriptedAgent(offers=[70]), "Bob": walker})
    assert result.status == "breakdown"


def test_scripted_agent_without_offers_offers_its_best(pie: Scenario) -> None:
    result = play(pie, {"Alice": ScriptedAgent(), "Bob": ScriptedAgent()}, total_steps=8)
    assert set(offers_by(result, "Alice")) == {100}
    assert set(offers_by(result, "Bob")) == {0}


def test_scripted_agent_is_not_a_registered_strategy() -> None:
    assert "scripted" not in agent_names()
    with pytest.raises(StrategyError, match="unknown agent 'scripted'"):
        make_agent("scripted")

"""A deterministic agent keeps what it derives per seat's preferences (an oblivious agent its
plan, tit-for-tat its bounds, the opponent model its tally of each seat's inbox): one instance
seated at both seats (it draws nothing) plays as two instances do, on random scenarios where
the seats differ."""

from __future__ import annotations

import numpy as np
import pytest

from dragoman.runs.negotiation import start_session
from dragoman.strategies.registry import make_agent
from dragoman.testing.scenarios import random_scenario


@pytest.mark.parametrize(
    "name",
    [
        "linear",
        "boulware",
        "hardliner",
        "time-based:e=3",
        "naive-tft",
        "relative-tft",
        "opponent-model",
        "opponent-model:model=bayesian",
    ],
)
def test_one_instance_at_both_seats_plays_as_two(name: str) -> None:
    for seed in range(30):
        scenario = random_scenario(np.random.default_rng(seed))
        a, b = (p.name for p in scenario.negotiators)
        one = make_agent(name)
        shared = start_session(scenario, agents={a: one, b: one}).run()
        apart = start_session(scenario, agents={a: make_agent(name), b: make_agent(name)}).run()
        assert (shared.agreement, shared.steps) == (apart.agreement, apart.steps), seed

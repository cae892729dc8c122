"""Random scenarios for the checks: valid, small, reproducible, and with mediators that every
mediated protocol can seat."""

from __future__ import annotations

import numpy as np
import pytest

from dragoman.negotiation import Shuttle, SingleText
from dragoman.testing import random_scenario
from dragoman.utility.scenario import compiled


def test_random_scenario_is_valid_small_and_reproducible() -> None:
    a = random_scenario(np.random.default_rng(3))
    b = random_scenario(np.random.default_rng(3))
    assert a == b
    assert a.outcome_space.size == 4**3
    assert compiled(a).utilities[0].ranking[0].size > 0
    assert random_scenario(np.random.default_rng(4)) != a


def test_random_scenario_pulls_the_parties_apart_on_the_first_issue() -> None:
    scenario = random_scenario(np.random.default_rng(0), parties=3)
    first, second, third = compiled(scenario).utilities
    low, high = scenario.outcome_space.index([0, 0, 0]), scenario.outcome_space.index([3, 0, 0])
    for utility, rises in ((first, True), (second, False), (third, True)):
        assert (utility.table[high] > utility.table[low]) == rises


@pytest.mark.parametrize("seed", range(8))
def test_random_mediators_reach_every_party_through_the_first(seed: int) -> None:
    scenario = random_scenario(np.random.default_rng(seed), parties=3, mediators=3)
    parties = [p.name for p in scenario.negotiators]
    assert [m.name for m in scenario.mediators] == ["M0", "M1", "M2"]
    assert all(scenario.may_send("M0", p) and scenario.may_send(p, "M0") for p in parties)
    assert all(scenario.may_send(a, b) for a in ("M0", "M1", "M2") for b in ("M0", "M1") if a != b)
    assert SingleText().seats_needed(scenario) == (*parties, "M0")
    assert Shuttle().seats_needed(scenario) == (*parties, "M0", "M1", "M2")


def test_random_mediators_reach_parties_unevenly_over_seeds() -> None:
    reach = {
        random_scenario(np.random.default_rng(seed), mediators=2).may_send("M1", "A")
        for seed in range(12)
    }
    assert reach == {True, False}


def test_random_scenario_refuses_too_small_a_scenario() -> None:
    with pytest.raises(ValueError, match=">= 2 parties"):
        random_scenario(np.random.default_rng(0), parties=1)

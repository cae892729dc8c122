"""Tests of the Monte Carlo implementation simulation."""

from __future__ import annotations

import time

import numpy as np
import pytest
from compliance_games import phased_scenario, uniform_payoffs
from hypothesis import given, settings
from hypothesis import strategies as st

from dragoman import load_scenario
from dragoman.errors import DragomanError
from dragoman.model.scenario import Scenario
from dragoman.phases import (
    SimulationModel,
    SimulationResult,
    build_schedule,
    choose_solution,
    phase_stakes,
    simulate,
    simulation_model,
    study_compliance,
)

AGREED = {"x": "3"}
COMPLIANT = {"complete": 1.0, "defect": 0.2, "cost": 0.1, "betrayed": -0.5}


def model_of(
    scenario: Scenario, setting: str = "in force", outcome: dict[str, str] = AGREED
) -> SimulationModel:
    schedule = build_schedule(scenario, outcome)
    imp = scenario.implementation
    assert imp is not None
    analysis = study_compliance(schedule, phase_stakes(scenario, schedule), imp.compliance_noise)
    return simulation_model(analysis, imp, analysis.guarantees(setting))


def run(model: SimulationModel, runs: int = 20_000, seed: int = 1) -> SimulationResult:
    return simulate(model, runs, np.random.default_rng(seed))


@pytest.fixture(scope="module")
def flagship() -> SimulationModel:
    gaza = load_scenario("gaza-ceasefire-2024")
    return model_of(gaza, outcome=choose_solution(gaza).outcome)


def test_same_seed_same_results(flagship: SimulationModel) -> None:
    a, b = run(flagship, 30_000, seed=5), run(flagship, 30_000, seed=5)
    for field in ("alive", "reached", "completed", "expected_utility", "failures"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field
    c = run(flagship, 30_000, seed=6)
    assert not np.array_equal(a.expected_utility, c.expected_utility)


def test_chunks_do_not_change_the_stream_for_a_given_run_count(flagship: SimulationModel) -> None:
    """Results are a function of (seed, runs): several chunks, run twice, agree exactly."""
    a, b = run(flagship, 600_000, seed=2), run(flagship, 600_000, seed=2)
    assert np.array_equal(a.alive, b.alive)


def test_no_shocks_and_compliant_incentives_survive_exactly() -> None:
    scenario = phased_scenario(
        uniform_payoffs(**COMPLIANT),
        spoilers=[{"name": "S", "weekly_probability": 0.0}],
        compliance_noise=0.3,
    )
    result = run(model_of(scenario))
    assert result.alive.tolist() == [1.0] * 7
    assert result.reached.tolist() == [1.0] * 3 and result.completed.tolist() == [1.0] * 3
    assert result.expected_utility.tolist() == pytest.approx([3.0, 3.0])
    assert result.failures.sum() == 0


@settings(max_examples=25, deadline=None)
@given(
    st.floats(0.0, 2.0),
    st.floats(0.0, 3.0),
    st.floats(0.0, 0.5),
    st.sampled_from([1, 2, "weekly"]),
)
def test_robust_guarantees_without_shocks_always_survive(
    complete: float, defect: float, noise: float, batches: int | str
) -> None:
    """Whatever the stakes and the noise bound, the robust guarantees leave no defection."""
    scenario = phased_scenario(
        uniform_payoffs(complete=complete, defect=defect, cost=0.0, betrayed=-1.0),
        batches=batches,
        compliance_noise=noise,
        absorption=0.0,
    )
    result = run(model_of(scenario, "robust"), 2_000)
    assert result.completed[-1] == 1.0


def test_a_forced_collapse_leaves_no_run_past_its_phase() -> None:
    scenario = phased_scenario(
        uniform_payoffs(**COMPLIANT),
        spoilers=[{"name": "S", "weekly_probability": 1.0, "phases": ["P2"]}],
        absorption=0.0,
    )
    result = run(model_of(scenario))
    assert result.reached.tolist() == [1.0, 1.0, 0.0]
    assert result.completed.tolist() == [1.0, 0.0, 0.0]
    assert result.alive.tolist() == [1, 1, 1, 0, 0, 0, 0]
    assert result.failures[2].tolist() == [20_000, 0, 0]  # week 3, the spoiler


def test_a_certain_violation_collapses_the_deal_at_its_phase() -> None:
    payoffs = uniform_payoffs(**COMPLIANT)
    payoffs[1] = {"party": "A", "phase": "P2", "complete": 1.0, "defect": 9.0}
    scenario = phased_scenario(payoffs, absorption=0.0)
    result = run(model_of(scenario))
    assert result.completed.tolist() == [1.0, 0.0, 0.0]
    assert result.reached[-1] == 0.0
    assert result.failures.sum(axis=0).tolist() == [20_000, 0]  # all by A


def test_absorbed_shocks_are_survived_in_proportion() -> None:
    scenario = phased_scenario(
        uniform_payoffs(**COMPLIANT),
        spoilers=[{"name": "S", "weekly_probability": 1.0, "deterrence": 0.5}],
        absorption=0.5,
    )
    result = run(model_of(scenario), 200_000)
    # each week: a shock with chance 0.5, absorbed with chance 0.5: survive 0.75 a week
    assert result.alive == pytest.approx(0.75 ** np.arange(7), abs=0.005)


def test_flagship_runs_100k_in_seconds(flagship: SimulationModel) -> None:
    start = time.perf_counter()
    result = run(flagship, 100_000)
    assert time.perf_counter() - start < 5.0
    assert 0.0 < result.completed[-1] < 1.0
    assert np.all(np.diff(result.alive) <= 0)


def test_runs_must_be_positive(flagship: SimulationModel) -> None:
    with pytest.raises(DragomanError, match="runs must be at least 1"):
        run(flagship, 0)

"""The bargaining problem's methods agree with each other: on small scenarios, the additive
fold, the MIP solver and the approximate search (forced) against enumeration; the method is
chosen by the size and shape of the problem; flags say when a result is approximate."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from dragoman.analysis.assess import assess_outcome
from dragoman.analysis.frontier import FrontierMethod
from dragoman.analysis.problem import BargainingProblem, bargaining_problem
from dragoman.analysis.solver import solver_available
from dragoman.io.scenario_file import load_scenario
from dragoman.model.scenario import Scenario
from dragoman.utility.scenario import compiled

needs_solver = pytest.mark.skipif(not solver_available(), reason="highspy not installed")

SCENARIO: dict[str, Any] = {
    "metadata": {"title": "two issues"},
    "issues": [
        {"kind": "categorical", "name": "a", "values": ["x", "y", "z"]},
        {"kind": "integer", "name": "b", "min": 0, "max": 4},
        {"kind": "categorical", "name": "c", "values": ["u", "v"]},
    ],
    "parties": [
        {
            "name": "p",
            "preferences": {
                "weights": {"a": 0.4, "b": 0.4, "c": 0.2},
                "values": {
                    "a": {"scores": {"x": 1, "y": 0.5, "z": 0}},
                    "b": {"linear": "increasing"},
                    "c": {"scores": {"u": 1, "v": 0}},
                },
                "reservation_value": 0.3,
                "red_lines": [{"issue": "b", "max": 3}],
                "interactions": [{"when": {"a": "y", "c": "v"}, "bonus": 0.15}],
            },
        },
        {
            "name": "q",
            "preferences": {
                "weights": {"a": 0.25, "b": 0.6, "c": 0.15},
                "values": {
                    "a": {"scores": {"x": 0, "y": 1, "z": 0.5}},
                    "b": {"linear": "decreasing"},
                    "c": {"scores": {"u": 0.2, "v": 1}},
                },
                "reservation_value": 0.2,
            },
        },
    ],
}


def points(problem: BargainingProblem) -> set[tuple[float, ...]]:
    return {tuple(round(float(x), 9) for x in col) for col in problem.frontier.utilities.T}


def forced(scenario: Scenario, method: FrontierMethod) -> BargainingProblem:
    c = compiled(scenario)
    return BargainingProblem(c.utilities, c.allowed(), c.reservation, method=method)


@pytest.mark.parametrize("name", ["pie-split", "river-basin", "gaza-ceasefire-2024"])
def test_the_fold_equals_enumeration_on_the_builtins(name: str) -> None:
    scenario = load_scenario(name)
    for red_lines in (True, False):
        c = compiled(scenario)
        allowed = c.allowed(red_lines)
        enumerated = BargainingProblem(c.utilities, allowed, c.reservation)
        folded = BargainingProblem(
            c.utilities, allowed, c.reservation, method=FrontierMethod.ADDITIVE
        )
        assert enumerated.method is FrontierMethod.ENUMERATION
        assert folded.frontier.exact and points(folded) == points(enumerated)
        for key, position in enumerated.solutions.items():
            ours = folded.frontier.utilities[:, folded.solutions[key]]
            np.testing.assert_allclose(ours, enumerated.frontier.utilities[:, position], atol=1e-12)
        assert folded.zone.exists == enumerated.zone.exists
        low, high = folded.zone.bounds or (folded.zone.count, folded.zone.count)
        assert low <= enumerated.zone.count <= high  # outcomes at an RV may round either way
        np.testing.assert_array_equal(folded.concessions[0], enumerated.concessions[0])


def test_interactions_are_folded_as_joint_issues() -> None:
    scenario = Scenario.from_data(SCENARIO)
    enumerated = forced(scenario, FrontierMethod.ENUMERATION)
    folded = forced(scenario, FrontierMethod.ADDITIVE)
    assert "2 independent factors" in folded.frontier.note  # a and c are tied: one joint issue
    assert points(folded) == points(enumerated)
    low, high = folded.zone.bounds or (folded.zone.count, folded.zone.count)
    assert low <= enumerated.zone.count <= high


@needs_solver
def test_the_solver_equals_enumeration() -> None:
    scenario = Scenario.from_data(SCENARIO)
    enumerated = forced(scenario, FrontierMethod.ENUMERATION)
    solved = forced(scenario, FrontierMethod.SOLVER)
    assert solved.frontier.exact and points(solved) == points(enumerated)
    assert set(solved.solutions) == set(enumerated.solutions)


def test_the_search_says_it_is_approximate() -> None:
    scenario = load_scenario("river-basin")
    searched = forced(scenario, FrontierMethod.SEARCH)
    assert not searched.frontier.exact
    assert points(searched) <= points(forced(scenario, FrontierMethod.ENUMERATION))


def test_a_forced_method_that_cannot_apply_is_refused() -> None:
    scenario = load_scenario("river-basin")
    with pytest.raises(ValueError, match="two parties"):
        forced(scenario, FrontierMethod.SOLVER)


def test_assessment_reuses_the_problem_and_measures_distances() -> None:
    scenario = Scenario.from_data(SCENARIO)
    problem = bargaining_problem(scenario)
    assert bargaining_problem(scenario) is problem  # built once per scenario object
    names = ["p", "q"]
    nash = problem.solution("nash")
    assert nash is not None
    at_nash = assess_outcome(problem, nash, names)
    assert at_nash.on_frontier and at_nash.pareto_distance == 0.0
    assert at_nash.nash_distance == pytest.approx(0.0)
    far = assess_outcome(
        problem, scenario.outcome_space.outcome_index({"a": "z", "b": 0, "c": "u"}), names
    )
    assert not far.on_frontier and far.pareto_distance > 0 and np.isfinite(far.nash_distance)
    json.dumps({k: v for k, v in vars(far).items()})


def test_red_lines_aside_reuse_the_problem_only_when_they_change_nothing() -> None:
    """The reference problem (red lines aside) is the problem itself when no red line cuts a
    value, so a frontier that took the solver seconds is not solved twice."""
    with_red_line = Scenario.from_data(SCENARIO)  # p's red line: b <= 3
    assert bargaining_problem(with_red_line, red_lines=False) is not bargaining_problem(
        with_red_line
    )
    data = json.loads(json.dumps(SCENARIO))
    del data["parties"][0]["preferences"]["red_lines"]
    without = Scenario.from_data(data)
    problem = bargaining_problem(without)
    assert bargaining_problem(without, red_lines=False) is problem
    quick = bargaining_problem(without, time_limit=1.0)  # another time limit: its own problem
    assert quick is not problem and quick.time_limit == 1.0 and problem.time_limit == 50.0
    assert points(quick) == points(problem)

"""The analysis of spaces too large to enumerate (dragoman.analysis.huge): forced onto
small scenarios (a lowered ENUMERATION_LIMIT), it must agree with enumeration; its fallbacks
must say they are approximate."""

from __future__ import annotations

import importlib
import json

import numpy as np
import pytest

from dragoman.analysis.analyze import Analysis, analyze
from dragoman.analysis.assess import assess_agreement
from dragoman.analysis.solver import solver_available
from dragoman.io.scenario_file import load_scenario
from dragoman.model.scenario import Scenario

agreement = importlib.import_module("dragoman.analysis.assess")
report = importlib.import_module("dragoman.analysis.analyze")
needs_solver = pytest.mark.skipif(not solver_available(), reason="highspy not installed")

SCENARIO = {
    "metadata": {"title": "two issues"},
    "issues": [
        {"kind": "categorical", "name": "a", "values": ["x", "y", "z"]},
        {"kind": "integer", "name": "b", "min": 0, "max": 4},
    ],
    "parties": [
        {
            "name": "p",
            "preferences": {
                "weights": {"a": 0.5, "b": 0.5},
                "values": {
                    "a": {"scores": {"x": 1, "y": 0.5, "z": 0}},
                    "b": {"linear": "increasing"},
                },
                "reservation_value": 0.3,
                "red_lines": [{"issue": "b", "max": 3}],
            },
        },
        {
            "name": "q",
            "preferences": {
                "weights": {"a": 0.25, "b": 0.75},
                "values": {
                    "a": {"scores": {"x": 0, "y": 1, "z": 0.5}},
                    "b": {"linear": "decreasing"},
                },
                "reservation_value": 0.2,
            },
        },
    ],
}


def vectors(analysis: Analysis) -> set[tuple[float, ...]]:
    return {tuple(round(x, 9) for x in point) for point in analysis.frontier_utilities}


def forced_large(monkeypatch: pytest.MonkeyPatch, scenario: Scenario) -> Analysis:
    monkeypatch.setattr(report, "ENUMERATION_LIMIT", 1)
    return analyze(scenario)


@needs_solver
def test_large_path_agrees_with_enumeration(monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = Scenario.from_data(SCENARIO)
    enumerated = analyze(scenario)
    large = forced_large(monkeypatch, scenario)
    assert (enumerated.method, large.exact) == ("enumeration", True)
    assert large.method.startswith("MIP solver")
    assert vectors(large) == vectors(enumerated)
    assert large.feasible_count == enumerated.feasible_count == 12
    assert large.zopa.exists == enumerated.zopa.exists
    assert [s.key for s in large.solutions] == [s.key for s in enumerated.solutions]
    for ours, theirs in zip(large.solutions, enumerated.solutions, strict=True):
        assert ours.utilities == theirs.utilities
    assert large.reference_frontier_count >= len(large.frontier)  # red lines aside: more
    json.dumps(large.to_dict())  # plain data


def test_three_parties_fall_back_to_an_approximate_search(monkeypatch: pytest.MonkeyPatch) -> None:
    large = forced_large(monkeypatch, load_scenario("river-basin"))
    assert not large.exact and large.method.startswith("sample + local search")
    assert "two parties" in large.notes[0]


def test_no_solver_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    import dragoman.analysis.huge as large_space

    enumerated = analyze(Scenario.from_data(SCENARIO))
    monkeypatch.setattr(large_space, "solver_available", lambda: False)
    large = forced_large(monkeypatch, Scenario.from_data(SCENARIO))
    assert not large.exact and "pip install 'dragoman[solver]'" in large.notes[0]
    assert vectors(large) <= vectors(enumerated)  # here the search finds true frontier points


@needs_solver
def test_agreement_assessment_on_the_large_path(monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = Scenario.from_data(SCENARIO)
    enumerated = analyze(scenario)
    nash = next(s for s in enumerated.solutions if s.key == "nash").outcome_index
    expected = assess_agreement(scenario, nash)
    monkeypatch.setattr(agreement, "ENUMERATION_LIMIT", 1)
    got = assess_agreement(scenario, nash)
    assert got.on_frontier and got.pareto_distance == 0.0
    assert got.utilities == expected.utilities and got.nash_utilities == expected.nash_utilities
    assert got.nash_distance == pytest.approx(0.0)
    inside = scenario.outcome_space.outcome_index({"a": "z", "b": 0})
    far = assess_agreement(scenario, inside)
    assert not far.on_frontier and far.pareto_distance > 0
    assert np.isfinite(far.nash_distance)

"""The solver frontier (dragoman.analysis.solver) against enumeration, on small spaces
where both apply: random hyper-rectangle and linear-additive preferences, red lines, exclusive
boxes, nested sums, negative values; and its honest flags (time limit, rounding, heuristic)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dragoman.analysis.pareto import pareto_frontier
from dragoman.analysis.search import search_frontier
from dragoman.analysis.solver import solver_available, solver_frontier
from dragoman.analysis.solver_model import integer_scale
from dragoman.io.scenario_file import load_scenario
from dragoman.model.outcomes import IntegerIssue, OutcomeSpace
from dragoman.model.rectangles import HyperRectanglePreferences
from dragoman.model.scenario import Scenario
from dragoman.utility.compiled_utility import CompiledUtility
from dragoman.utility.scenario import compiled
from dragoman.utility.terms import NotLinearizableError

FloatArray = Any


def distinct_frontier(u: FloatArray) -> FloatArray:
    """The distinct utility vectors of the enumerated frontier, sorted (columns)."""
    points = np.unique(np.round(u[:, pareto_frontier(u)], 12), axis=1)
    return points[:, np.lexsort(points[::-1])]


def sorted_points(u: FloatArray) -> FloatArray:
    points = np.round(u, 12)
    return points[:, np.lexsort(points[::-1])]


def solve(utilities: list[CompiledUtility], allowed: Any = None) -> Any:
    space = utilities[0].space
    masks = allowed or tuple(np.ones(r, dtype=bool) for r in space.radices)
    return solver_frontier([u.terms for u in utilities], masks, space)


def rectangles(draw: Any, n_issues: int, scale: int) -> dict[str, Any]:
    bound = st.tuples(st.integers(0, n_issues - 1), st.integers(0, 4), st.integers(0, 4))
    rects = []
    for _ in range(draw(st.integers(1, 6))):
        bounds = draw(st.lists(bound, max_size=3))
        side = draw(st.sampled_from(["includes", "excludes"]))
        box = [{"issue": f"x{k}", "min": min(a, b), "max": max(a, b)} for k, a, b in bounds]
        rects.append({"utility": draw(st.integers(-3, 9)) * scale, side: box})
    nested = {"weight": draw(st.sampled_from([0.5, 1, 2])), "rectangles": rects[:2]}
    return {"rectangles": rects[2:], "functions": [nested]}


needs_solver = pytest.mark.skipif(not solver_available(), reason="highspy not installed")


@needs_solver
@settings(max_examples=25, deadline=None)
@given(st.data())
def test_solver_frontier_equals_enumeration(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 4))
    issues = [IntegerIssue(name=f"x{k}", min=0, max=data.draw(st.integers(1, 4))) for k in range(n)]
    space = OutcomeSpace(issues)
    utilities: list[CompiledUtility] = []
    for _ in range(2):
        function = rectangles(data.draw, n, data.draw(st.sampled_from([1, 10])))
        data_ = {"kind": "hyper-rectangles", "max_utility": 20, "function": function}
        utilities.append(CompiledUtility(HyperRectanglePreferences.model_validate(data_), space))
    allowed = tuple(
        np.array(data.draw(st.lists(st.booleans(), min_size=r, max_size=r))) | (np.arange(r) == 0)
        for r in map(int, space.radices)
    )
    result = solve(utilities, allowed)
    assert result.exact
    u = np.stack([x.utilities() for x in utilities])
    feasible = np.ones(space.size, dtype=bool)
    for k, mask in enumerate(allowed):
        feasible &= mask[space.enumerate()[:, k]]
    expected = distinct_frontier(np.where(feasible, u, -np.inf))
    np.testing.assert_allclose(sorted_points(result.utilities), expected, atol=1e-12)
    np.testing.assert_allclose(result.utilities, u[:, result.outcomes], atol=1e-12)


INTERACTIONS = {
    "metadata": {"title": "t"},
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
                "interactions": [{"when": {"a": "z", "b": 4}, "bonus": 0.75}],
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
                "interactions": [{"when": {"a": "x", "b": 1}, "bonus": -0.5}],
            },
        },
    ],
}


@needs_solver
@pytest.mark.parametrize("scenario", [load_scenario("pie-split"), Scenario.from_data(INTERACTIONS)])
def test_solver_frontier_of_linear_additive_preferences(scenario: Scenario) -> None:
    utilities = list(compiled(scenario).utilities)
    u = np.stack([x.utilities() for x in utilities])
    result = solve(utilities)
    assert result.exact
    np.testing.assert_allclose(sorted_points(result.utilities), distinct_frontier(u), atol=1e-12)


def test_integer_scale() -> None:
    assert integer_scale([1, 2, 30]) == (1.0, True)
    assert integer_scale([0.25, 1.5]) == (100.0, True)
    assert integer_scale([1 / 3]) == (1e6, False)


@needs_solver
def test_rounded_coefficients_are_flagged() -> None:
    space = OutcomeSpace([IntegerIssue(name="x", min=0, max=3)])
    function = {
        "rectangles": [{"utility": 1 / 3, "includes": [{"issue": "x", "min": 0, "max": 1}]}]
    }
    data = {"kind": "hyper-rectangles", "max_utility": 1, "function": function}
    u = CompiledUtility(HyperRectanglePreferences.model_validate(data), space)
    result = solve([u, u])
    assert not result.exact and "rounded" in result.note


@needs_solver
def test_time_limit_is_flagged() -> None:
    scenario = load_scenario("pie-split")
    space = scenario.outcome_space
    masks = tuple(np.ones(r, dtype=bool) for r in space.radices)
    result = solver_frontier(
        [u.terms for u in compiled(scenario).utilities], masks, space, time_limit=0
    )
    assert not result.exact and "time limit" in result.note


def test_max_aggregation_is_not_a_sum() -> None:
    space = OutcomeSpace([IntegerIssue(name="x", min=0, max=3)])
    function = {"aggregation": "max", "rectangles": [{"utility": 1}]}
    data = {"kind": "hyper-rectangles", "max_utility": 1, "function": function}
    u = CompiledUtility(HyperRectanglePreferences.model_validate(data), space)
    with pytest.raises(NotLinearizableError, match="'max' aggregation"):
        u.terms.flat()


def test_search_frontier_is_flagged_approximate() -> None:
    scenario = load_scenario("pie-split")
    space = scenario.outcome_space
    masks = tuple(np.ones(r, dtype=bool) for r in space.radices)
    result = search_frontier(
        [u.utilities_of_digits for u in compiled(scenario).utilities], masks, space, "test"
    )
    assert not result.exact and result.note == "test"
    u = result.utilities
    assert not any(
        np.all(u >= u[:, [k]], axis=0).sum() > 1
        and np.any(np.all(u >= u[:, [k]], axis=0) & np.any(u > u[:, [k]], axis=0))
        for k in range(u.shape[1])
    )  # no returned point dominates another

"""Finite numbers everywhere: no number read from a file may be NaN or infinite (each refusal
names its field), no value off an issue's grid is snapped to a grid value, and a grid's labels
read back to their own values."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dragoman.errors import ScenarioError
from dragoman.io.scenario_file import parse_scenario
from dragoman.model.outcomes import MAX_MAGNITUDE, IntegerIssue, RealIssue

NON_FINITE = [".nan", ".inf", "-.inf"]


SCENARIO = """\
metadata: {title: finite numbers}
issues:
  - {name: price, kind: real, min: 0, max: 10, step: 0.5}
parties:
  - name: A
    preferences:
      weights: {price: 1}
      values: {price: {points: [[0, 0], [10, 1]]}}
      reservation_value: 0.2
  - name: B
    preferences:
      weights: {price: 1}
      values: {price: {linear: decreasing}}
      red_lines: [{issue: price, max: 8}]
"""


def with_value(field: str, value: str) -> str:
    """The scenario above with `field: <number>` given `value` (its first occurrence)."""
    head, tail = SCENARIO.split(f"{field}: ", 1)
    rest = tail[tail.index(next(c for c in tail if c in ",}\n[")) :]
    return f"{head}{field}: {value}{rest}"


@pytest.mark.parametrize("value", NON_FINITE)
@pytest.mark.parametrize("field", ["reservation_value", "max", "step", "min"])
def test_non_finite_numbers_are_refused_with_their_field(field: str, value: str) -> None:
    parse_scenario(SCENARIO, "finite.yaml")  # valid as written
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(with_value(field, value), "finite.yaml")
    problem = caught.value.problems[0]
    assert problem.path.endswith(field) and problem.line is not None
    assert "finite" in problem.message


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, True])
def test_a_non_finite_or_boolean_value_names_no_grid_value(bad: Any) -> None:
    issue = IntegerIssue(name="n", min=0, max=10)
    with pytest.raises(ValueError, match="finite number"):
        issue.index_of(bad)
    with pytest.raises(ValueError, match="finite number"):
        RealIssue(name="r", min=0, max=1, step=0.25).index_of(bad)


def test_a_value_off_the_grid_is_refused_not_snapped() -> None:
    issue = RealIssue(name="r", min=0, max=1, step=0.25)
    with pytest.raises(ValueError, match="not on the grid"):
        issue.index_of(0.3)
    assert issue.index_of("0.5") == 2


def test_ranges_are_bounded() -> None:
    with pytest.raises(ValueError, match="within"):
        IntegerIssue(name="n", min=0, max=MAX_MAGNITUDE + 1)
    with pytest.raises(ValueError, match="finer than the rounding"):
        RealIssue(name="r", min=0, max=1e15, step=1e-300)
    with pytest.raises(ValueError, match="values per issue"):
        RealIssue(name="r", min=0, max=1e6, step=1e-3)


@settings(max_examples=300, deadline=None)
@given(
    st.floats(-1e6, 1e6),
    st.floats(1e-6, 1e3),
    st.integers(1, 200),
)
def test_real_grid_labels_read_back_to_their_values(low: float, step: float, count: int) -> None:
    try:
        issue = RealIssue(name="r", min=low, max=low + step * (count - 1), step=step)
    except ValueError as refused:  # only a grid finer than rounding may be refused
        assert "finer than the rounding" in str(refused)
        return
    for position, label in enumerate(issue.labels):
        assert issue.index_of(label) == position


BONUS_SCENARIO = """\
metadata: {title: finite bonuses}
issues:
  - {name: price, kind: integer, min: 0, max: 4}
  - {name: colour, kind: categorical, values: [red, blue]}
parties:
  - name: A
    preferences:
      weights: {price: 0.5, colour: 0.5}
      values: {price: {linear: increasing}, colour: {scores: {red: 1, blue: 0}}}
      interactions: [{when: {price: 4, colour: red}, bonus: BONUS}]
  - name: B
    preferences:
      weights: {price: 0.5, colour: 0.5}
      values: {price: {linear: decreasing}, colour: {scores: {red: 0, blue: 1}}}
"""


@pytest.mark.parametrize("value", NON_FINITE)
def test_a_non_finite_interaction_bonus_is_refused_at_its_field(value: str) -> None:
    parse_scenario(BONUS_SCENARIO.replace("BONUS", "0.1"), "bonus.yaml")  # valid as written
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(BONUS_SCENARIO.replace("BONUS", value), "bonus.yaml")
    problem = caught.value.problems[0]
    assert problem.path == "parties[0].preferences.interactions[0].bonus" and problem.line == 10
    assert "finite" in problem.message

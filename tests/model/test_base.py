"""The base of every description: true/false is never a number (YAML's `yes`, `no`, `on` and
`off` are booleans, which pydantic's lax mode would take as 1 and 0), every number of every
description is typed by `dragoman.model.base`, and an issue's value follows one rule in files
and in the web API."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from typer.testing import CliRunner

import dragoman.experiments.config
import dragoman.model.scenario
from dragoman.app.cli import app
from dragoman.errors import ScenarioError
from dragoman.io.scenario_file import parse_scenario
from dragoman.model import base
from dragoman.model.base import Description

SCENARIO = """\
metadata: {title: numbers}
issues:
  - {name: price, kind: real, min: 0, max: 10, step: 0.5}
  - {name: count, kind: integer, min: 0, max: 4, step: 1}
  - {name: colour, kind: categorical, values: [red, blue]}
parties:
  - name: A
    preferences:
      weights: {price: 0.5, count: 0.25, colour: 0.25}
      values:
        price: {points: [[0, 0], [10, 1]]}
        count: {affine: {slope: 0.25, offset: 0}}
        colour: {scores: {red: 1, blue: 0}}
      reservation_value: 0.2
      discount_factor: 0.9
      interactions: [{when: {price: 5, colour: red}, bonus: 0}]
  - name: B
    preferences:
      weights: {price: 1}
      values: {price: {linear: decreasing}}
      red_lines: [{issue: price, max: 8}, {issue: count, allowed: [1, 2]}]
rounds: [{name: talks, steps: 10, pause_steps: 2}]
deadline_steps: 30
"""

#: (text in SCENARIO, the same with true/false, the field path, the kind of number refused)
BOOLEANS = [
    ("price: 0.5, count", "price: yes, count", "parties[0].preferences.weights.price", "number"),
    ("red: 1,", "red: true,", "parties[0].preferences.values.colour.scores.red", "number"),
    ("[10, 1]", "[10, on]", "parties[0].preferences.values.price.points[1][1]", "number"),
    ("slope: 0.25", "slope: yes", "parties[0].preferences.values.count.affine.slope", "number"),
    ("reservation_value: 0.2", "reservation_value: no", "reservation_value", "number"),
    ("discount_factor: 0.9", "discount_factor: yes", "discount_factor", "number"),
    ("bonus: 0", "bonus: false", "parties[0].preferences.interactions[0].bonus", "number"),
    ("max: 4, step: 1", "max: true, step: 1", "issues[1].max", "integer"),
    ("max: 4, step: 1", "max: 4, step: true", "issues[1].step", "integer"),
    ("min: 0, max: 10", "min: false, max: 10", "issues[0].min", "number"),
    ("max: 8}", "max: yes}", "parties[1].preferences.red_lines[0].max", "number"),
    ("steps: 10", "steps: yes", "rounds[0].steps", "integer"),
    ("deadline_steps: 30", "deadline_steps: yes", "deadline_steps", "integer"),
]


@pytest.mark.parametrize(("text", "changed", "path", "kind"), BOOLEANS)
def test_true_or_false_is_no_number(text: str, changed: str, path: str, kind: str) -> None:
    parse_scenario(SCENARIO, "numbers.yaml")  # valid as written
    assert text in SCENARIO
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(SCENARIO.replace(text, changed, 1), "numbers.yaml")
    (problem,) = caught.value.problems
    assert problem.path.endswith(path) and problem.file == "numbers.yaml"
    assert problem.line == 1 + SCENARIO[: SCENARIO.index(text)].count("\n")
    assert problem.message.startswith(f"Input should be a valid {kind}, not true/false")


def test_true_or_false_is_no_issue_value() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(SCENARIO.replace("allowed: [1, 2]", "allowed: [1, yes]"), "numbers.yaml")
    (problem,) = caught.value.problems
    assert problem.path == "parties[1].preferences.red_lines[1].allowed[1]"
    assert problem.message == "an issue's value is text or a number, not true or false"


def test_validate_refuses_true_or_false_for_a_number(tmp_path: Path) -> None:
    path = tmp_path / "bool.yaml"
    path.write_text(SCENARIO.replace("reservation_value: 0.2", "reservation_value: yes"))
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{path}:14: parties[0].preferences.reservation_value: Input should" in result.output


def test_a_tournament_takes_no_true_or_false_for_a_count() -> None:
    _, problems = dragoman.experiments.config.salvaged(
        {"scenarios": ["pie-split"], "agents": ["boulware"], "repetitions": True}
    )
    assert [p.path for p in problems] == ["repetitions"]
    assert "not true/false" in problems[0].message


def _descriptions() -> set[type[Description]]:
    assert dragoman.model.scenario.Scenario  # every description class is defined by now
    found: set[type[Description]] = set()
    todo: list[type[Description]] = [Description]
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo += cls.__subclasses__()
    return found


def _bare_numbers(annotation: Any, allowed: bool = False) -> list[Any]:
    """The `float` and `int` in `annotation` not typed by `dragoman.model.base` (`allowed`:
    inside a union that also takes true/false, where a boolean is meant)."""
    if annotation in (float, int):
        return [] if allowed else [annotation]
    if get_origin(annotation) is Annotated:
        checks = {base._REAL, base._WHOLE, *base.IssueValue.__metadata__}
        if any(m in checks for m in annotation.__metadata__):
            return []
        return _bare_numbers(get_args(annotation)[0], allowed)
    args = get_args(annotation)
    union = get_origin(annotation) in (Union, types.UnionType)
    allowed = allowed or (union and bool in args)
    return [n for arg in args for n in _bare_numbers(arg, allowed)]


def test_every_number_of_a_description_refuses_true_or_false() -> None:
    bare = [
        f"{cls.__qualname__}.{name}"
        for cls in _descriptions()
        for name, info in cls.model_fields.items()
        if _bare_numbers(
            Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
        )
    ]
    assert bare == []


@pytest.mark.parametrize("value", [True, False, {"a": 1}, [1], None])
def test_the_web_api_reads_an_issue_value_by_the_same_rule(value: Any) -> None:
    from dragoman.web.spec import _issue_value

    with pytest.raises(ValueError) as in_a_file:
        base.issue_value(value)
    with pytest.raises(ValueError) as in_a_request:
        _issue_value(value)
    if isinstance(value, bool):
        assert str(in_a_file.value) == str(in_a_request.value)
    assert str(in_a_request.value).startswith("an issue's value is text or a number, not ")

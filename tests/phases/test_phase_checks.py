"""Bad phase and implementation data: one line per problem, `file:line: path: message`; a
formula must have a value at every outcome."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.errors import ScenarioError
from dragoman.io.scenario_file import builtin_scenarios, parse_scenario
from dragoman.model.phase_checks import EVALUATED_AT_MOST
from dragoman.model.scenario import Scenario
from dragoman.phases import assess_implementation, choose_solution

FLAGSHIP = builtin_scenarios()["gaza-ceasefire-2024"].read_text()


def problems_in(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "gaza.yaml")
    return str(info.value).splitlines()


def line_of(text: str, fragment: str) -> int:
    return next(k for k, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_unknown_name_in_an_amount_names_file_line_and_path() -> None:
    bad = FLAGSHIP.replace("amount: hostages_phase1,", "amount: hostage_phase1,")
    [problem] = problems_in(bad)
    line = line_of(bad, "amount: hostage_phase1")
    assert problem.startswith(
        f"gaza.yaml:{line}: phases[0].commitments[2].amount: unknown name 'hostage_phase1'"
    )
    assert "did you mean 'hostages_phase1'?" in problem


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "amount: prisoners_per_hostage * hostages_phase1",
            "amount: __import__('os').getcwd()",
            "phases[0].commitments[3].amount: unknown function",
        ),
        (
            "duration_weeks: ceasefire_weeks",
            "duration_weeks: ceasefire_weeks ** 2",
            "phases[0].duration_weeks: 'ceasefire_weeks ** 2' is not allowed",
        ),
        ("duration_weeks: 6\n", "duration_weeks: -1\n", "phases[1].duration_weeks: "),
        ("duration_weeks: 6\n", "duration_weeks: [6]\n", "phases[1].duration_weeks: expected a"),
        ("batches: weekly", "batches: 0", "phases[0].batches: expected a whole number"),
        ("batches: weekly", "batches: daily", "phases[0].batches: expected a whole number"),
        (
            'text: "release of {amount} hostages"',
            'text: "release of {count} hostages"',
            "phases[0].commitments[2].text: only {amount} may appear in braces (got {count})",
        ),
        (
            "text: release of the remaining hostages",
            'text: "release of {amount} hostages"',
            "phases[1].commitments[2].text: the text uses {amount} but the commitment has no",
        ),
        (
            "verified_by: [Egypt, Qatar, US]\n    commitments:\n      - {party: Hamas",
            "verified_by: [Egypt, Israel]\n    commitments:\n      - {party: Hamas",
            "phases[0].verified_by[1]: a monitor must be a mediator ('Israel' is a negotiating",
        ),
        (
            "{party: Hamas, phase: Phase 2, complete",
            "{party: Hamass, phase: Phase 2, complete",
            "implementation.payoffs[3].party: unknown negotiating party 'Hamass'",
        ),
        (
            "{party: Hamas, phase: Phase 2, complete",
            "{party: Hamas, phase: Phase 9, complete",
            "implementation.payoffs[3].phase: unknown phase 'Phase 9'",
        ),
        (
            "{party: Hamas, phase: Phase 2, complete: 0.30",
            "{party: Hamas, phase: Phase 1, complete: 0.30",
            "implementation.payoffs[3]: a second row for Hamas in 'Phase 1'",
        ),
        (
            "penalty: 0.05 * permanent_ceasefire, by: [US, Egypt, Qatar]",
            "penalty: 0.05 * permanent_cease, by: [US, Egypt, Qatar]",
            "implementation.guarantees[0].penalty: unknown name 'permanent_cease'",
        ),
        (
            "sources: [escalation-warning, blinken-decisive-moment]\n      weekly_probability",
            "sources: [escalation-warnings]\n      weekly_probability",
            "implementation.spoilers[0].sources[0]: unknown source 'escalation-warnings'",
        ),
        (
            "weekly_probability: 0.02\n      deterrence: 0.5\n    - name: Hezbollah",
            "weekly_probability: 1.5\n      deterrence: 0.5\n    - name: Hezbollah",
            "implementation.spoilers[0].weekly_probability: Input should be less than or equal",
        ),
        ("absorption: 0.6", "absorptoin: 0.6", "implementation.absorptoin: unknown field"),
    ],
)
def test_bad_phase_data_gives_one_line_with_its_path(old: str, new: str, expected: str) -> None:
    assert old in FLAGSHIP, old
    bad = FLAGSHIP.replace(old, new, 1)  # the first occurrence
    problems = problems_in(bad)
    assert len(problems) == 1, problems
    assert problems[0].startswith("gaza.yaml:")
    assert expected in problems[0]


def data() -> dict[str, Any]:
    loaded = yaml.safe_load(FLAGSHIP)
    assert isinstance(loaded, dict)
    return loaded


def test_an_implementation_needs_every_phase_length() -> None:
    d = data()
    del d["phases"][2]["duration_weeks"]
    with pytest.raises(ScenarioError) as info:
        Scenario.from_data(d)
    assert [str(p) for p in info.value.problems] == [
        "phases[2].duration_weeks: required when the scenario has an implementation section "
        "(the simulation needs each phase's length)"
    ]


def test_duplicate_phase_names_and_an_implementation_without_phases() -> None:
    d = data()
    d["phases"][1]["name"] = "Phase 1"
    d["implementation"]["payoffs"] = []
    d["implementation"]["guarantees"] = []
    with pytest.raises(ScenarioError) as info:
        Scenario.from_data(d)
    assert "phases[1].name: duplicate phase name 'Phase 1'" in str(info.value)
    d = data()
    d["phases"] = []
    d["implementation"] = {"spoilers": []}
    with pytest.raises(ScenarioError) as info:
        Scenario.from_data(d)
    assert str(info.value) == "implementation: an implementation section needs a phases section"


def test_old_style_phases_still_load() -> None:
    """Format 1 files written before the implementation model stay valid."""
    d = data()
    del d["implementation"]
    for phase in d["phases"]:
        for key in ("batches", "verified_by", "duration_weeks"):
            phase.pop(key, None)
        for commitment in phase["commitments"]:
            commitment.pop("text", None)
    d["phases"][0]["duration_weeks"] = 6
    d["phases"][1]["preconditions"] = ["Phase 1 completed"]
    scenario = Scenario.from_data(d)
    assert scenario.phases[0].duration_weeks == 6 and scenario.implementation is None


def test_a_negative_penalty_at_the_agreed_values_is_an_error_with_its_path() -> None:
    d = data()
    d["implementation"]["guarantees"][0]["penalty"] = "0.05 * permanent_ceasefire - 1"
    scenario = Scenario.from_data(d)
    with pytest.raises(ScenarioError) as info:
        assess_implementation(scenario, choose_solution(scenario), runs=10)
    assert str(info.value) == (
        "implementation.guarantees[0].penalty: a penalty cannot be negative (got -0.95)"
    )


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("guarantees", 0, "penalty", -1), "penalty: a guarantee's penalty cannot be negative"),
        (("payoffs", 0, "complete", float("nan")), "complete: expected a finite number"),
    ],
)
def test_negative_penalties_and_non_finite_numbers_are_refused(
    edit: tuple[str, int, str, float], expected: str
) -> None:
    from dragoman import load_scenario
    from dragoman.errors import ScenarioError
    from dragoman.model.scenario import Scenario

    data = load_scenario("gaza-ceasefire-2024").model_dump(by_alias=True)
    section, k, field, value = edit
    data["implementation"][section][k][field] = value
    with pytest.raises(ScenarioError) as info:
        Scenario.from_data(data)
    assert any(expected in str(p) for p in info.value.problems), info.value.problems


SMALL = """\
metadata: {title: formulas}
issues:
  - {name: x, kind: integer, min: 0, max: 10}
  - {name: corridor, kind: categorical, values: [open, shut, half]}
parties:
  - {name: A, preferences: {weights: {x: 1}, values: {x: {linear: increasing}}}}
  - {name: B, preferences: {weights: {x: 1}, values: {x: {linear: decreasing}}}}
phases:
  - name: one
    duration_weeks: 4
    commitments: [{party: A, action: pay, amount: "2 * x"}]
implementation:
  payoffs: [{party: A, phase: one, complete: 1}]
"""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "duration_weeks: 4",
            "duration_weeks: 1 / (x - 3)",
            "phases[0].duration_weeks: '1 / (x - 3)' divides by zero when x = 3",
        ),
        (
            'amount: "2 * x"',
            'amount: "x / (corridor - 1)"',
            "phases[0].commitments[0].amount: 'x / (corridor - 1)' divides by zero when "
            "corridor = shut, x = 0",
        ),
        (
            "complete: 1",
            "complete: 1e308 * (x + 2)",
            "implementation.payoffs[0].complete: '1e308 * (x + 2)' is not a finite number "
            "when x = 0",
        ),
        ("complete: 1", "complete: 1 / 0", "implementation.payoffs[0].complete: '1 / 0' divides"),
    ],
)
def test_a_formula_without_a_value_at_some_outcome_is_refused(
    old: str, new: str, expected: str
) -> None:
    parse_scenario(SMALL, "small.yaml")  # valid as written
    assert old in SMALL
    [problem] = problems_in(SMALL.replace(old, new))
    assert problem.startswith(f"gaza.yaml:{line_of(SMALL, old)}: {expected}"), problem
    assert problem.endswith("(the formula must have a value at every outcome)")


def test_a_formula_over_too_many_outcomes_fails_clearly_when_implemented(tmp_path: Path) -> None:
    # 201 * 201 combinations of x and y: more than validation evaluates
    wide = SMALL.replace(
        "  - {name: corridor,",
        "  - {name: y, kind: integer, min: 0, max: 200}\n  - {name: corridor,",
    ).replace("max: 10}", "max: 200}", 1)
    assert EVALUATED_AT_MOST < 201 * 201
    text = wide.replace("duration_weeks: 4", "duration_weeks: 1 + 1 / (x - y)")
    path = tmp_path / "wide.yaml"
    path.write_text(text)
    parse_scenario(text, "wide.yaml")  # not evaluated everywhere at validation
    agreement = tmp_path / "agreed.yaml"
    agreement.write_text("{x: 7, y: 7, corridor: open}")
    result = CliRunner().invoke(app, ["implement", str(path), "--agreement", str(agreement)])
    line = line_of(text, "duration_weeks: 1 + 1")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip() == (
        f"error: {path}:{line}: phases[0].duration_weeks: '1 + 1 / (x - y)' divides by zero "
        "when x = 7, y = 7"
    )


def test_the_flagship_formulas_have_a_value_at_every_outcome() -> None:
    scenario = parse_scenario(FLAGSHIP, "gaza.yaml")
    assert any(isinstance(p.duration_weeks, str) for p in scenario.phases)

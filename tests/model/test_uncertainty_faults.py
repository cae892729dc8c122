"""Faults of an uncertainty section as a user meets them: every independent fault of a
parameter at once (one fault does not hide another of the same entry, nor one it does not
follow from), and numbers in the messages as a person would write them."""

from __future__ import annotations

import re

import pytest

from dragoman.errors import ScenarioError
from dragoman.io.scenario_file import dump_scenario, load_scenario, parse_scenario


def _river_with(section: str) -> list[str]:
    text = dump_scenario(load_scenario("river-basin")) + "uncertainty:\n  parameters:\n" + section
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "rb.yaml")
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


def test_a_computed_number_in_a_message_has_no_float_noise() -> None:
    (problem,) = _river_with(
        "    - path: parties[Midstream].preferences.weights.dry_year_share_downstream\n"
        "      distribution: {kind: uniform, low: 0.1, high: 1.2}\n"
    )
    assert problem.startswith("uncertainty.parameters[0].distribution.high: with high = 1.2: ")
    got = re.findall(r"\(got (-?[0-9.]+)…?\)", problem)
    assert got and all(len(g) <= 8 for g in got), problem  # -0.053…, not -0.053333333333333316


RV = "    - path: parties[{}].preferences.reservation_value\n"


def test_a_field_listed_twice_is_reported_beside_a_range_that_fails_its_schema() -> None:
    problems = _river_with(
        RV.format("0") + "      distribution: {kind: uniform, low: 0.5, high: 0.2}\n"
        + RV.format("Upstream") + "      distribution: {kind: uniform, low: 0.2, high: 0.4}\n"
    )  # fmt: skip
    assert [p.split(": ")[0] for p in problems] == [
        "uncertainty.parameters[0].distribution",
        "uncertainty.parameters[1].path",
    ]
    assert "low must be below high (got 0.5 and 0.2)" in problems[0]
    assert "both set parties[Upstream].preferences.reservation_value" in problems[1]


def test_a_non_number_is_reported_beside_bad_probabilities() -> None:
    problems = _river_with(
        RV.format("0")
        + "      distribution: {kind: choice, values: [0.1, 'x'], probabilities: [0.5, 0.6]}\n"
    )
    assert problems == [
        "uncertainty.parameters[0].distribution: probabilities must be >= 0 and sum to 1 (got 1.1)",
        "uncertainty.parameters[0].distribution.values[1]: a number takes a choice of numbers, "
        "not 'x'",
    ]


def test_each_value_of_a_red_line_choice_is_judged_on_its_own() -> None:
    values = "[[{issue: nope, allowed: [a]}], 0.5, [{issue: dispute_settlement, allowed: [99]}]]"
    problems = _river_with(
        "    - path: parties[Downstream].preferences.red_lines\n"
        f"      distribution: {{kind: choice, values: {values}}}\n"
    )
    where = "uncertainty.parameters[0].distribution.values"
    assert [p.split(": ")[0] for p in problems] == [f"{where}[0]", f"{where}[1]", f"{where}[2]"]
    assert "unknown issue 'nope'" in problems[0]
    assert problems[1].endswith("red lines take a choice of red-line sets (lists of red lines), "
                                "not 0.5")  # fmt: skip
    assert "99 is not a value of issue 'dispute_settlement'" in problems[2]

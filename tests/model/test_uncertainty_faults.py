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

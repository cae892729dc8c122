"""Faults of an uncertainty section as a user meets them: every independent fault of a
parameter at once (one fault does not hide another of the same entry, nor one it does not
follow from), and numbers in the messages as a person would write them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dragoman.errors import ScenarioError
from dragoman.io.scenario_file import dump_scenario, load_scenario, parse_scenario
from dragoman.model.uncertainty import Dirichlet, current, probes


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
        "uncertainty.parameters[0].distribution: probabilities must sum to 1 (got 1.1)",
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


#: A fishing quota (invented for these tests): the Fleet's best outcome is worth 0.9996, the
#: Port's weights are 0.3 and 0.7.
FISHERY = """\
format_version: 1
metadata: {title: Fishing quota (test case)}
issues:
  - {name: quota, kind: categorical, values: [low, mid, high]}
  - {name: season, kind: categorical, values: [short, long]}
parties:
  - name: Fleet
    preferences:
      weights: {quota: 0.5, season: 0.5}
      values:
        quota: {scores: {low: 0, mid: 0.5, high: 0.9992}}
        season: {scores: {short: 0, long: 1}}
  - name: Port
    preferences:
      weights: {quota: 0.3, season: 0.7}
      values:
        quota: {scores: {low: 1, mid: 0.5, high: 0}}
        season: {scores: {short: 1, long: 0}}
uncertainty:
  parameters:
"""


def _fishery_with(tmp_path: Path, section: str) -> list[str]:
    """The problems of the fishery file with `section` as its uncertain parameters."""
    path = tmp_path / "fishery.yaml"
    path.write_text(FISHERY + section, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


WHERE = "uncertainty.parameters[0].distribution"


def test_an_alpha_is_quoted_as_written(tmp_path: Path) -> None:
    problems = _fishery_with(
        tmp_path,
        "    - path: parties[Port].preferences.weights\n"
        "      distribution: {kind: dirichlet, alpha: {quota: 0.9999, season: 2}}\n",
    )
    assert problems == [f"{WHERE}.alpha.quota: alpha of 'quota' is 0.9999: each must be >= 1"]


def test_an_alpha_from_the_concentration_is_the_product_without_float_noise(
    tmp_path: Path,
) -> None:
    problems = _fishery_with(
        tmp_path,
        "    - path: parties[Port].preferences.weights\n"
        "      distribution: {kind: dirichlet, concentration: 3.333}\n",
    )
    assert problems == [  # 3.333 x 0.3 = 0.9999 (0.9998999999999999 in floats), not "1"
        f"{WHERE}.concentration: alpha of 'quota' is 0.9999 (concentration x weight 0.3): "
        "each must be >= 1"
    ]


def test_an_unreachable_reservation_value_quotes_the_best_utility_in_full(
    tmp_path: Path,
) -> None:
    problems = _fishery_with(
        tmp_path,
        "    - path: parties[Fleet].preferences.reservation_value\n"
        "      distribution: {kind: uniform, low: 0.5, high: 0.9998}\n",
    )
    assert problems == [  # 0.5 x 0.9992 + 0.5 x 1, not "1"
        f"{WHERE}.high: with high = 0.9998: a reservation value above 0.9996, the best utility "
        "Fleet can reach: no agreement could ever be accepted"
    ]


def test_a_choice_quotes_each_value_as_written(tmp_path: Path) -> None:
    problems = _fishery_with(
        tmp_path,
        "    - path: parties[Port].preferences.values.quota.scores.mid\n"
        "      distribution: {kind: choice, values: [0.25, 1.0000001]}\n",
    )
    assert len(problems) == 1
    assert problems[0].startswith(f"{WHERE}.values[1]: with values[1] = 1.0000001: "), problems
    assert problems[0].endswith("(got 1.0000001)"), problems


def test_a_probe_names_a_computed_value_visibly_abbreviated(tmp_path: Path) -> None:
    path = tmp_path / "fishery.yaml"
    path.write_text(
        FISHERY + "    - path: parties[Port].preferences.reservation_value\n"
        "      distribution: {kind: triangular, low: 0.1, mode: 0.15, high: 0.3}\n"
        "    - path: parties[Port].preferences.weights\n"
        "      distribution: {kind: dirichlet, concentration: 40}\n",
        encoding="utf-8",
    )
    scenario = load_scenario(path)
    assert scenario.uncertainty is not None
    parties = [p.model_dump(by_alias=True) for p in scenario.parties]
    triangular, dirichlet = scenario.uncertainty.parameters
    labels = [label for _, label, _ in probes(triangular, current(parties, triangular.path))]
    assert labels == ["low = 0.1", "high = 0.3", "the median 0.178…"]  # 0.3 - sqrt(0.015)
    weights = [label for _, label, _ in probes(dirichlet, current(parties, dirichlet.path))]
    assert all(re.fullmatch(r"the weights \{quota: 0\.\d{3}…, season: 0\.\d{3}…\} \(.*\)", w)
               for w in weights), weights  # fmt: skip
    with pytest.raises(ValueError, match=r"alpha of 'quota' is 0\.9999: each must be >= 1"):
        Dirichlet(alpha={"quota": 0.9999, "season": 2}).parameters({"quota": 0.3, "season": 0.7})


def test_a_probability_out_of_0_to_1_is_named_before_the_sum() -> None:
    problems = _river_with(
        RV.format("0")
        + "      distribution: {kind: choice, values: [0.1, 0.2], probabilities: [1.5, -0.5]}\n"
    )
    assert problems == [
        "uncertainty.parameters[0].distribution: probabilities[0]: 1.5 is above 1; "
        "probabilities[1]: -0.5 is below 0"
    ]

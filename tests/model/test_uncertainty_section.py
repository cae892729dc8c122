"""The uncertainty section: distributions map unit coordinates to values as their quantile
functions, paths are checked against the scenario with located errors, and a sampled variant
is a new scenario (the original unchanged, its own compiled utilities)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from dragoman.errors import ScenarioError
from dragoman.experiments.sampling import design_of, monte_carlo
from dragoman.io.scenario_file import dump_scenario, load_scenario, parse_scenario
from dragoman.model.scenario import Scenario
from dragoman.model.uncertainty import (
    Choice,
    Dirichlet,
    Triangular,
    TruncatedNormal,
    Uniform,
    assign,
)
from dragoman.utility.scenario import compiled

GRID = (np.arange(20_000) + 0.5) / 20_000  # a fine grid of the unit interval


def _mean(distribution: Uniform | Triangular | TruncatedNormal) -> float:
    return float(np.mean([distribution.value(np.array([u]), None) for u in GRID]))


def test_one_dimensional_distributions_have_their_textbook_means() -> None:
    assert _mean(Uniform(low=0.2, high=0.6)) == pytest.approx(0.4, abs=1e-6)
    # triangular mean (a + b + c) / 3
    assert _mean(Triangular(low=0.0, mode=0.3, high=0.9)) == pytest.approx(0.4, abs=1e-4)
    # a normal cut symmetrically keeps its mean; cut at the mean, mean + sd * sqrt(2/pi)
    assert _mean(TruncatedNormal(mean=0.5, sd=0.1, low=0.3, high=0.7)) == pytest.approx(0.5)
    half = TruncatedNormal(mean=0.0, sd=1.0, low=0.0, high=12.0)
    assert _mean(half) == pytest.approx(np.sqrt(2 / np.pi), abs=1e-3)


def test_choice_follows_its_probabilities() -> None:
    choice = Choice(values=(1, 2, 3), probabilities=(0.5, 0.3, 0.2))
    picks = [choice.value(np.array([u]), None) for u in GRID]
    assert [picks.count(v) / len(picks) for v in (1, 2, 3)] == pytest.approx([0.5, 0.3, 0.2])


def test_dirichlet_weights_sum_to_one_around_the_weights_written() -> None:
    given = {"a": 0.5, "b": 0.3, "c": 0.2}
    d = Dirichlet(concentration=50)
    rng = np.random.default_rng(0)
    draws = [d.value(rng.random(3), given) for _ in range(4_000)]
    assert all(sum(w.values()) == pytest.approx(1.0) for w in draws)
    means = {k: float(np.mean([w[k] for w in draws])) for k in given}
    assert means == pytest.approx(given, abs=0.01)  # Dirichlet(c * w) has mean w
    with pytest.raises(ValueError, match="must be >= 1"):
        Dirichlet(concentration=2).parameters(given)


def test_distributions_refuse_bad_parameters() -> None:
    with pytest.raises(ValueError, match="low must be below high"):
        Uniform(low=1, high=0)
    with pytest.raises(ValueError, match="sum to 1"):
        Choice(values=(1, 2), probabilities=(0.5, 0.6))


def _with_uncertainty(section: str) -> str:
    base = dump_scenario(load_scenario("pie-split"))
    return base + "uncertainty:\n  parameters:\n" + section


def test_bad_paths_and_values_are_located() -> None:
    cases = {
        "    - path: parties[Nobody].preferences.reservation_value\n"
        "      distribution: {kind: uniform, low: 0, high: 0.5}\n": "no party named 'Nobody'",
        "    - path: parties[0].preferences.reservation_valu\n"
        "      distribution: {kind: uniform, low: 0, high: 0.5}\n": "no field 'reservation_valu'",
        "    - path: parties[0].preferences.reservation_value\n"
        "      distribution: {kind: dirichlet, concentration: 5}\n": "is for a weight vector",
        "    - path: parties[0].preferences.discount_factor\n"
        "      distribution: {kind: uniform, low: 0.5, high: 1.5}\n": "with high = 1.5: ",
        "    - path: parties[0].preferences.reservation_value\n"
        "      distribution: {low: 0.5, high: 1.5}\n": "a distribution needs a 'kind'",
    }
    for section, message in cases.items():
        text = _with_uncertainty(section)
        line = text.splitlines().index(section.splitlines()[0]) + 1
        with pytest.raises(ScenarioError) as caught:
            parse_scenario(text, "x.yaml")
        assert message in str(caught.value), str(caught.value)
        assert "uncertainty.parameters[0]" in str(caught.value)
        assert f"x.yaml:{line}" in str(caught.value) or f"x.yaml:{line + 1}" in str(caught.value)


def test_a_sampled_variant_is_a_new_scenario_with_its_own_utilities() -> None:
    gaza = load_scenario("gaza-ceasefire-2024")
    assert gaza.uncertainty is not None and len(gaza.uncertainty.parameters) == 8
    assert parse_scenario(dump_scenario(gaza)) == gaza  # the section round-trips
    path = "parties[Israel].preferences.reservation_value"
    variant = gaza.sampled([(path, 0.31)])
    assert variant.uncertainty is None and variant is not gaza
    israel = variant.party("Israel").preferences
    assert israel is not None and israel.reservation_value == 0.31
    assert gaza.party("Israel").preferences.reservation_value == 0.4  # type: ignore[union-attr]
    assert compiled(variant) is not compiled(gaza)
    assert compiled(variant).utilities[0].reservation_value == 0.31


def _revised(scenario: Scenario, assignments: list[tuple[str, Any]]) -> Scenario:
    """A sampled variant made the long way: every section validated again."""
    parties = [p.model_dump(by_alias=True) for p in scenario.parties]
    for path, value in assignments:
        assign(parties, path, value)
    return scenario.revised({"parties": parties, "uncertainty": None})


def test_a_sampled_variant_equals_the_fully_revalidated_one() -> None:
    gaza = load_scenario("gaza-ceasefire-2024")
    design = design_of(gaza)
    for row in monte_carlo(design, 40, 3):
        assignments = design.assignments(row)
        assert gaza.sampled(assignments) == _revised(gaza, assignments)
    weights = "parties[Israel].preferences.weights"
    for bad in (
        [("parties[Hamas].preferences.reservation_value", "abc")],  # pydantic's own check
        [(weights, {"ceasefire_weeks": -1.0})],  # the preferences' check
        [(weights, {"nope": 1.0})],  # a reference between parts
    ):
        with pytest.raises(ScenarioError) as fast:
            gaza.sampled(bad)
        with pytest.raises(ScenarioError) as full:
            _revised(gaza, bad)
        assert fast.value.problems == full.value.problems


def _flagship_with(section: str) -> str:
    base = dump_scenario(load_scenario("gaza-ceasefire-2024"))
    return base[: base.index("uncertainty:")] + "uncertainty:\n  parameters:\n" + section


def _problems(section: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(_flagship_with(section), "x.yaml")
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


RV = "    - path: parties[{}].preferences.reservation_value\n      label: {}\n"


def test_the_documented_checks_of_the_section() -> None:
    reach = _problems(
        RV.format("Israel", "A") + "      distribution: {kind: uniform, low: 0.1, high: 5}\n"
    )
    assert reach == ["uncertainty.parameters[0].distribution.high: with high = 5: a reservation "
                     "value "
                     "above 1, the best utility Israel can reach: no agreement could ever be "
                     "accepted"]  # fmt: skip
    uniform = "      distribution: {kind: uniform, low: 0.1, high: 0.5}\n"
    twice = _problems(RV.format("Israel", "A") + uniform + RV.format("0", "B") + uniform)
    assert twice == [
        "uncertainty.parameters[1].path: parameters[0] ('A') and parameters[1] ('B') both set "
        "parties[0].preferences.reservation_value: list each once"
    ]
    gamma = _problems(
        RV.format("Israel", "A") + "      distribution: {kind: gamma, low: 0, high: 1}\n"
    )
    assert gamma == ["uncertainty.parameters[0].distribution: unknown kind 'gamma', known: "
                     "uniform, normal, triangular, choice, dirichlet"]  # fmt: skip


def test_every_bad_alpha_is_reported_at_its_own_field() -> None:
    alpha = "{ceasefire_weeks: 0.5, hostages_phase1: 2, prisoners_per_hostage: 0.2, nosuch: 3}"
    found = _problems("    - path: parties[Israel].preferences.weights\n"
                      f"      distribution: {{kind: dirichlet, alpha: {alpha}}}\n")  # fmt: skip
    where = "uncertainty.parameters[0].distribution.alpha"
    assert f"{where}.ceasefire_weeks: alpha of 'ceasefire_weeks' is 0.5: each must be >= 1" in found
    assert (
        f"{where}.prisoners_per_hostage: alpha of 'prisoners_per_hostage' is 0.2: each must be >= 1"
        in found
    )
    assert any(p.startswith(f"{where}.nosuch: no weight 'nosuch'") for p in found)
    assert f"{where}: no alpha for 'reconstruction' (weight 0.15)" in found


def test_one_weight_is_varied_and_the_others_keep_their_proportions() -> None:
    path = "parties[Israel].preferences.weights.ceasefire_weeks"
    scenario = parse_scenario(
        _flagship_with(
            f"    - path: {path}\n      distribution: {{kind: uniform, low: 0.05, high: 0.3}}\n"
        ),
        "x.yaml",
    )
    written = scenario.negotiators[0].preferences.weights  # type: ignore[union-attr]
    variant = scenario.sampled([(path, 0.3)])
    weights = variant.negotiators[0].preferences.weights  # type: ignore[union-attr]
    assert weights["ceasefire_weeks"] == 0.3 and sum(weights.values()) == pytest.approx(1.0)
    others = [k for k in written if k != "ceasefire_weeks"]
    scale = 0.7 / sum(written[k] for k in others)
    assert all(weights[k] == pytest.approx(written[k] * scale) for k in others)
    both = _problems(
        f"    - path: {path}\n      distribution: {{kind: uniform, low: 0.05, high: 0.3}}\n"
        "    - path: parties[Israel].preferences.weights\n"
        "      distribution: {kind: dirichlet, concentration: 40}\n"
    )
    assert both == ["uncertainty.parameters[1].path: parameters[0] "
                    f"('{path}') and parameters[1] ('parties[Israel].preferences.weights') both "
                    "set the weights of one party: list each once"]  # fmt: skip


SCORE = "    - path: parties[{}].preferences.values.philadelphi_corridor.scores.full_withdrawal\n"


@pytest.mark.parametrize(
    ("distribution", "field", "quoted"),
    [
        ("{kind: triangular, low: -0.2, mode: 0.3, high: 0.5}", "low", "with low = -0.2: "),
        ("{kind: normal, mean: 0.7, sd: 0.2, low: 0.5, high: 1.3}", "high", "with high = 1.3: "),
        ("{kind: choice, values: [0.2, 1.7]}", "values[1]", "with values[1] = 1.7: "),
    ],
)
def test_a_fault_at_an_end_quotes_the_number_as_written(
    distribution: str, field: str, quoted: str
) -> None:
    problems = _problems(SCORE.format("Hamas") + f"      distribution: {distribution}\n")
    assert problems == [
        f"uncertainty.parameters[0].distribution.{field}: {quoted}"
        "parties[Hamas].preferences.values.philadelphi_corridor.scores: score of "
        f"'full_withdrawal' must be between 0 and 1 (got {quoted.split('= ')[1][:-2]})"
    ]


def test_a_bad_red_line_set_is_reported_at_its_choice() -> None:
    sets = "[[{issue: philadelphi_corridor, allowed: [full_withdrawl]}], []]"
    problems = _problems(
        "    - path: parties[Hamas].preferences.red_lines\n"
        f"      distribution: {{kind: choice, values: {sets}}}\n"
    )
    assert problems == [
        "uncertainty.parameters[0].distribution.values[0]: with values[0]: "
        "parties[Hamas].preferences.red_lines[0].allowed[0]: 'full_withdrawl' is not a value of "
        "issue 'philadelphi_corridor' (values: full_military_control, reduced_presence, "
        "third_party_monitoring, full_withdrawal)"
    ]


def test_every_fault_of_a_section_is_reported_at_once() -> None:
    uniform = "      distribution: {{kind: {}, low: {}, high: {}}}\n"
    section = (
        RV.format("Israel", "A") + uniform.format("unifrom", 0.3, 0.5)  # the schema's
        + RV.format("Nobody", "B") + uniform.format("uniform", 0.3, 0.5)  # a path's
        + RV.format("Hamas", "C") + uniform.format("uniform", 0.5, 0.3)  # the schema's
        + SCORE.format("Hamas") + uniform.format("uniform", 0.5, 1.7)  # a sampled variant's
    )  # fmt: skip
    problems = _problems(section)
    assert [p.split(": ")[0] for p in problems] == [
        "uncertainty.parameters[0].distribution",
        "uncertainty.parameters[1].path",
        "uncertainty.parameters[2].distribution",
        "uncertainty.parameters[3].distribution.high",
    ]
    assert "unknown kind 'unifrom'" in problems[0] and "'Nobody'" in problems[1]
    assert "with high = 1.7: " in problems[3]

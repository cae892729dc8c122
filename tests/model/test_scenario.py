"""Tests of the Scenario model: cross-references, channels, derived views, round trip."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from dragoman.errors import ScenarioError
from dragoman.io.scenario_file import (
    builtin_scenarios,
    dump_scenario,
    load_scenario,
    parse_scenario,
)
from dragoman.model.scenario import Scenario


def gaza_data() -> dict[str, Any]:
    data = yaml.safe_load(builtin_scenarios()["gaza-ceasefire-2024"].read_text())
    assert isinstance(data, dict)
    return data


def problems_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        Scenario.from_data(data)
    return [f"{p.path}: {p.message}" for p in info.value.problems]


@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_builtins_load_and_round_trip(name: str) -> None:
    scenario = load_scenario(name)
    again = parse_scenario(dump_scenario(scenario))
    assert again == scenario


def test_flagship_structure_follows_the_reported_facts() -> None:
    s = load_scenario("gaza-ceasefire-2024")
    assert [p.name for p in s.negotiators] == ["Israel", "Hamas"]
    assert [p.name for p in s.mediators] == ["US", "Egypt", "Qatar"]
    assert not s.may_send("Israel", "Hamas") and not s.may_send("Hamas", "Israel")
    assert s.may_send("US", "Israel") and not s.may_send("US", "Hamas")
    assert all(s.may_send(m, p) for m in ("Egypt", "Qatar") for p in ("Israel", "Hamas"))
    assert all(
        s.may_send(a, b)
        for a in ("US", "Egypt", "Qatar")
        for b in ("US", "Egypt", "Qatar")
        if a != b
    )
    assert [r.venue for r in s.rounds] == ["Doha", "Cairo"]
    assert [p.name for p in s.phases] == ["Phase 1", "Phase 2", "Phase 3"]
    assert s.phases[0].duration_weeks == "ceasefire_weeks"  # the agreed ceasefire (reported: 6)
    issue_names = {i.name for i in s.issues}
    assert {
        "ceasefire_weeks",
        "hostages_phase1",
        "prisoners_per_hostage",
        "permanent_ceasefire",
        "philadelphi_corridor",
        "withdrawal_populated_areas",
        "reconstruction",
    } <= issue_names
    corridor = next(i for i in s.issues if i.name == "philadelphi_corridor")
    assert len(corridor.labels) >= 4
    assert "illustrative" in s.metadata.assumptions.lower()
    cited = {src for fact in s.metadata.facts for src in fact.sources}
    assert cited and cited <= {src.id for src in s.metadata.sources}
    assert all(src.url.startswith("https://") for src in s.metadata.sources)


def test_default_channels_are_everyone_to_everyone() -> None:
    s = load_scenario("pie-split")
    assert s.channels is None
    assert s.may_send("Alice", "Bob") and s.may_send("Bob", "Alice")
    assert not s.may_send("Alice", "Alice")


def test_total_steps() -> None:
    assert load_scenario("gaza-ceasefire-2024").total_steps == 110  # 40 + a pause of 10 + 60
    assert load_scenario("pie-split").total_steps == 100


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda d: d["parties"][1]["preferences"]["red_lines"][0].update(
                allowed=["full_withdrawl"]
            ),
            "parties[1].preferences.red_lines[0].allowed[0]: 'full_withdrawl' is not a value",
        ),
        (
            lambda d: d["parties"][0]["preferences"]["weights"].update(hostages_phase1=0.4),
            "parties[0].preferences.weights: weights must sum to 1 (got 1.2)",
        ),
        (
            lambda d: d["parties"][1].update(name="Israel"),
            "parties[1].name: duplicate party name 'Israel'",
        ),
        (
            lambda d: d["issues"][6].update(values=[]),
            "issues[6].values: an issue needs at least one value",
        ),
        (lambda d: d["issues"][1].update(kind="integr"), "issues[1]: unknown issue kind 'integr'"),
        (
            lambda d: d["parties"][0]["preferences"]["weights"].update(nonexistent=0.0),
            "parties[0].preferences.weights.nonexistent: unknown issue 'nonexistent'",
        ),
        (
            lambda d: d["parties"][0]["preferences"]["values"]["permanent_ceasefire"][
                "scores"
            ].update(maybe=0.5),
            "parties[0].preferences.values.permanent_ceasefire.scores: unknown values ['maybe']",
        ),
        (
            lambda d: d["channels"][0].update(to=["Nobody"]),
            "channels[0].to[0]: unknown party 'Nobody'",
        ),
        (
            lambda d: d["parties"][2].update(role="observer"),
            "parties[2].role: Input should be 'party' or 'mediator'",
        ),
        (lambda d: d["parties"][0].update(preferencs={}), "parties[0].preferencs: unknown field"),
        (
            lambda d: d["metadata"]["facts"][0].update(sources=["nowhere"]),
            "metadata.facts[0].sources[0]: unknown source 'nowhere'",
        ),
        (
            lambda d: d["phases"][0]["commitments"][0].update(party="Nobody"),
            "phases[0].commitments[0].party: unknown party 'Nobody'",
        ),
        (
            lambda d: d["parties"][2].update(preferences=d["parties"][0]["preferences"]),
            "parties[2]: a mediator has no",
        ),
        (lambda d: d.update(format_version=2), "format_version: Input should be 1"),
    ],
)
def test_each_fault_is_reported_with_its_path(edit: Any, expected: str) -> None:
    data = copy.deepcopy(gaza_data())
    edit(data)
    found = problems_of(data)
    assert any(line.startswith(expected) for line in found), found


def test_problems_carry_file_and_line() -> None:
    text = builtin_scenarios()["gaza-ceasefire-2024"].read_text()
    broken = text.replace("        hostages_phase1: 0.20", "        hostages_phase1: 0.40")
    with pytest.raises(ScenarioError) as info:
        parse_scenario(broken, "gaza.yaml")
    (problem,) = info.value.problems
    line = broken.splitlines()[problem.line - 1] if problem.line else ""
    assert problem.file == "gaza.yaml"
    assert line.strip() == "weights:"
    expected = "parties[0].preferences.weights: weights must sum to 1 (got 1.2)"
    assert str(problem) == f"gaza.yaml:{problem.line}: {expected}"


def test_malformed_yaml_names_the_line() -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario("metadata: {title: x\nissues: [\n", "bad.yaml")
    (problem,) = info.value.problems
    assert problem.file == "bad.yaml" and problem.line is not None
    assert "not valid YAML" in problem.message


def test_non_mapping_file_is_refused() -> None:
    with pytest.raises(ScenarioError, match="must be a YAML mapping"):
        parse_scenario("- just\n- a list\n", "list.yaml")


def _renamed(node: dict[str, Any], old: str, new: str) -> None:
    node[new] = node.pop(old)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda d: _renamed(d, "phases", "phasse"),
            "phasse: unknown field; did you mean 'phases'?",
        ),
        (
            lambda d: _renamed(d["metadata"]["sources"][0], "publisher", "publsher"),
            "metadata.sources[0].publsher: unknown field; did you mean 'publisher'?",
        ),
        (  # an issue: the union's tag ('integer') is in pydantic's location, not the data's
            lambda d: _renamed(d["issues"][0], "max", "maxx"),
            "issues[0].maxx: unknown field; did you mean 'max'?",
        ),
        (  # preferences: a union whose tag the schema states as a constant 'kind'
            lambda d: _renamed(d["parties"][0]["preferences"], "discount_factor", "discount"),
            "parties[0].preferences.discount: unknown field; did you mean 'discount_factor'?",
        ),
        (  # below a mapping of issues to their scoring
            lambda d: _renamed(
                d["parties"][0]["preferences"]["values"]["permanent_ceasefire"], "scores", "score"
            ),
            "parties[0].preferences.values.permanent_ceasefire.score: unknown field; "
            "did you mean 'scores'?",
        ),
        (
            lambda d: _renamed(d["uncertainty"]["parameters"][0]["distribution"], "high", "hihg"),
            "uncertainty.parameters[0].distribution.hihg: unknown field; did you mean 'high'?",
        ),
        (  # nothing close: the plain hint only
            lambda d: d["rounds"][0].update(zzz=1),
            "rounds[0].zzz: unknown field (check the spelling; see `dragoman schema`)",
        ),
        (
            lambda d: _renamed(d["issues"][0], "kind", "knd"),
            "issues[0]: each issue needs a 'kind' (categorical, integer, real); "
            "is 'knd' meant to be 'kind'?",
        ),
    ],
)
def test_a_misspelt_field_gets_the_nearest_known_one(edit: Any, expected: str) -> None:
    """At any depth, through the scenario's unions, the nearest field of the model found there
    is suggested; a name close to none gets the plain hint."""
    data = copy.deepcopy(gaza_data())
    edit(data)
    found = problems_of(data)
    assert any(line.startswith(expected) for line in found), found


def test_every_field_of_the_flagship_misspelt_is_found_again() -> None:
    """Each field name of the flagship, one at a time given a trailing 'x', is suggested back:
    the schema walk reaches every place a scenario has fields."""
    data = gaza_data()
    paths: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                paths.append((*path, key))
                walk(value, (*path, key))
        elif isinstance(node, list):
            for k, value in enumerate(node[:2]):
                walk(value, (*path, k))

    walk(data, ())
    checked = 0
    for path in paths:
        edited = copy.deepcopy(data)
        node = edited
        for part in path[:-1]:
            node = node[part]
        _renamed(node, path[-1], f"{path[-1]}x")
        try:
            Scenario.from_data(edited)
        except ScenarioError as exc:
            unknown = [p.message for p in exc.problems if "unknown field" in p.message]
            if unknown:  # a key of a mapping (an issue's name in weights) is not a field
                checked += 1
                assert f"did you mean {path[-1]!r}?" in unknown[0], (path, unknown)
    assert checked > 100

"""Every fault of a scenario in one run: schema errors and cross-checks of the parts that did
validate come together (no waves), and a reference to a part that failed is not misreported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from dragoman.errors import ScenarioError
from dragoman.io.scenario_file import builtin_scenarios, load_scenario
from dragoman.model.partial import Parts, scenario_parts
from dragoman.model.scenario import Scenario


def gaza() -> dict[str, Any]:
    data = yaml.safe_load(builtin_scenarios()["gaza-ceasefire-2024"].read_text())
    assert isinstance(data, dict)
    return data


def problems(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ScenarioError) as info:
        Scenario.from_data(data)
    return {p.path: p.message for p in info.value.problems}


def test_independent_faults_are_all_reported_at_once() -> None:
    data = gaza()
    data["parties"][0]["preferences"]["weights"]["hostages_phase1"] = 0.5  # schema (sum)
    data["parties"][1]["preferences"]["red_lines"][0]["allowed"] = ["full_withdrawl"]  # cross
    data["channels"][0]["from"] = "USA"  # cross-check: unknown party
    data["metadata"]["facts"][0]["sources"] = ["nope"]  # cross-check: unknown source
    data["issues"][7]["values"] = []  # schema: empty issue
    found = problems(data)
    assert set(found) == {
        "parties[0].preferences.weights",
        "parties[1].preferences.red_lines[0].allowed[0]",
        "channels[0].from",
        "metadata.facts[0].sources[0]",
        "issues[7].values",
    }, found
    assert "unknown party 'USA'" in found["channels[0].from"]


def test_a_reference_to_a_part_that_failed_is_not_misreported() -> None:
    data = gaza()
    data["issues"][4]["kind"] = "categorial"  # philadelphi_corridor fails validation
    data["parties"][0]["role"] = "negotiator"  # Israel fails validation
    data["parties"][1]["preferences"]["weights"]["nonsense"] = 0.0  # a real unknown issue
    found = problems(data)
    # the corridor red lines, weights and scores name an issue that failed: not judged now
    assert not any("philadelphi_corridor" in m for p, m in found.items() if p != "issues[4]")
    # channels and seats naming Israel are not called unknown either
    assert not any(p.startswith("channels") for p in found)
    assert "unknown issue 'nonsense'" in found["parties[1].preferences.weights.nonsense"]
    assert set(found) == {"issues[4]", "parties[0].role", "parties[1].preferences.weights.nonsense"}


def test_seats_are_checked_with_the_rest(tmp_path: Path) -> None:
    text = builtin_scenarios()["river-basin"].read_text()
    data = yaml.safe_load(text)
    data["seats"] = {"Nobody": {"strategy": "boulware"}}
    data["parties"][0]["preferences"]["reservation_value"] = "high"
    path = tmp_path / "river.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    paths = {p.path for p in info.value.problems}
    assert paths == {"parties[0].preferences.reservation_value", "seats.Nobody"}
    assert all(p.line is not None and p.file == str(path) for p in info.value.problems)


def test_parts_of_a_valid_scenario_are_whole() -> None:
    scenario = load_scenario("gaza-ceasefire-2024")
    parts = Parts.of(scenario)
    assert parts.whole("issues", "parties", "channels", "phases", "metadata", "implementation")
    again = scenario_parts(scenario.model_dump(by_alias=True), {})
    assert again.complete == parts.complete and again.issues == parts.issues


def test_a_party_at_fault_hides_no_fault_of_the_phases() -> None:
    data = gaza()
    data["parties"][1]["preferences"]["discount_factor"] = "soon"  # Hamas fails validation
    data["phases"][1]["duration_weeks"] = "ceasefire_wekes * 2"  # a typo in a formula
    data["phases"][2]["verified_by"] = ["UN"]  # an unknown monitor
    data["phases"][0]["commitments"][0]["party"] = "Hamaas"  # an unknown party
    data["implementation"]["payoffs"][0]["phase"] = "Phase 4"  # an unknown phase
    data["implementation"]["spoilers"][0]["phases"] = ["Phase 9"]
    found = problems(data)
    assert set(found) == {
        "parties[1].preferences.discount_factor",
        "phases[1].duration_weeks",
        "phases[2].verified_by[0]",
        "phases[0].commitments[0].party",
        "implementation.payoffs[0].phase",
        "implementation.spoilers[0].phases[0]",
    }, found
    assert "did you mean 'ceasefire_weeks'?" in found["phases[1].duration_weeks"]


def test_the_phases_name_a_part_at_fault_without_a_second_fault() -> None:
    data = gaza()
    data["parties"][2]["role"] = "monitor"  # US fails: it monitors phases and guarantees
    data["parties"][1]["preferences"]["discount_factor"] = "soon"  # Hamas fails: it commits
    data["issues"][0]["min"] = "one"  # ceasefire_weeks fails: phase 1 lasts that long
    data["phases"][1]["batches"] = 0  # Phase 2 fails: payoffs and spoilers name it
    data["metadata"]["sources"][0]["url"] = {"not": "a url"}  # the spoilers' sources unknown
    data["implementation"]["payoffs"][1]["cost"] = "1 / nowhere"  # but this is a fault
    found = problems(data)
    assert set(found) == {
        "parties[2].role",
        "parties[1].preferences.discount_factor",
        "issues[0].min",
        "phases[1].batches",
        "metadata.sources[0].url",
        "implementation.payoffs[1].cost",
    }, found


def test_faults_are_listed_in_file_order(tmp_path: Path) -> None:
    data = gaza()
    data["implementation"]["payoffs"][0]["phase"] = "Phase 4"  # a cross-check, last in the file
    data["seats"] = {"Nobody": {"strategy": "boulware"}}  # a cross-check, after it
    data["parties"][1]["preferences"]["discount_factor"] = "soon"  # a schema fault, early
    data["phases"][1]["duration_weeks"] = "nowhere"  # a cross-check in between
    path = tmp_path / "gaza.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    lines = [p.line for p in info.value.problems]
    assert len(lines) == 4 and None not in lines and lines == sorted(lines), info.value.problems

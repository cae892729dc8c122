"""Where the agreement to implement comes from: a file, a bargaining solution, or a log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from dragoman import load_scenario
from dragoman.errors import DragomanError
from dragoman.io.eventlog import write_events
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import Event, EventKind
from dragoman.phases import (
    AgreementError,
    agreement_from_mapping,
    choose_solution,
)
from dragoman.runs.implementation import agreement_to_implement

NASH = {
    "ceasefire_weeks": "5",
    "hostages_phase1": "35",
    "prisoners_per_hostage": "50",
    "permanent_ceasefire": "negotiate_in_phase1",
    "philadelphi_corridor": "third_party_monitoring",
    "withdrawal_populated_areas": "all_populated_areas",
    "return_north": "with_screening",
    "reconstruction": "phased_with_oversight",
}


@pytest.fixture(scope="module")
def gaza() -> Scenario:
    return load_scenario("gaza-ceasefire-2024")


def test_nash_falls_back_to_red_lines_aside_and_says_so(gaza: Scenario) -> None:
    agreement = choose_solution(gaza, "nash")
    assert agreement.outcome == NASH
    assert agreement.source == "Nash bargaining solution, red lines set aside"
    assert "No Nash bargaining solution exists inside every red line" in agreement.note
    assert "philadelphi_corridor" in agreement.note and "for reference only" in agreement.note


def test_nash_inside_the_red_lines_has_no_caveat(gaza: Scenario) -> None:
    relaxed = gaza.without_red_lines([("Israel", "philadelphi_corridor")])
    agreement = choose_solution(relaxed)
    assert agreement.note == ""
    assert agreement.source == "Nash bargaining solution, inside every red line"
    assert agreement.outcome["philadelphi_corridor"] == "full_withdrawal"


def test_unknown_solution(gaza: Scenario) -> None:
    with pytest.raises(DragomanError, match="unknown solution 'median'"):
        choose_solution(gaza, "median")


def test_mapping_accepts_numbers_and_labels(gaza: Scenario) -> None:
    mapping = {**NASH, "ceasefire_weeks": 5, "hostages_phase1": 35.0}
    assert agreement_from_mapping(gaza, mapping, "test").outcome == NASH


def test_agreement_file_errors_name_file_line_and_issue(gaza: Scenario, tmp_path: Path) -> None:
    data = {**NASH, "hostages_phase1": 33, "corridor": "x"}
    del data["return_north"]
    path = tmp_path / "deal.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(AgreementError) as info:
        agreement_to_implement(gaza, agreement_file=path)
    lines = str(info.value).splitlines()
    assert lines == [
        f"{path}:2: hostages_phase1: 33 is not on the grid of issue 'hostages_phase1' (15..35)",
        f"{path}:8: corridor: unknown issue 'corridor' (issues: ceasefire_weeks, hostages_phase1, "
        "prisoners_per_hostage, permanent_ceasefire, philadelphi_corridor, "
        "withdrawal_populated_areas, return_north, reconstruction)",
        f"{path}:1: no agreed value for return_north (every issue needs one)",
    ]


def test_agreement_file_in_json(gaza: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "deal.json"
    path.write_text(json.dumps({**NASH, "philadelphi_corridor": "full_withdrawal"}))
    agreement = agreement_to_implement(gaza, agreement_file=path)
    assert agreement.outcome["philadelphi_corridor"] == "full_withdrawal"
    assert agreement.source == f"agreement in {path}"


@pytest.mark.parametrize(
    ("text", "message"),
    [("- a\n- b\n", "must be a mapping"), ("a: [\n", "not valid YAML/JSON")],
)
def test_agreement_file_that_is_not_a_mapping(
    gaza: Scenario, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "deal.yaml"
    path.write_text(text)
    with pytest.raises(AgreementError, match=message):
        agreement_to_implement(gaza, agreement_file=path)


def _log(gaza: Scenario, path: Path, end: Event) -> Path:
    start = Event(0, 0, EventKind.START, data={"title": "t", "scenario": gaza.yaml_text})
    write_events([start, end], path)
    return path


def test_agreement_from_a_log(gaza: Scenario, tmp_path: Path) -> None:
    index = gaza.outcome_space.outcome_index(NASH)
    log = _log(gaza, tmp_path / "deal.jsonl", Event(9, 0, EventKind.AGREEMENT, outcome=index))
    agreement = agreement_to_implement(gaza, log=log)
    assert agreement.outcome == NASH
    assert agreement.source.startswith("agreement of session ") and str(log) in agreement.source


def test_a_log_without_agreement_is_a_clear_error(gaza: Scenario, tmp_path: Path) -> None:
    end = Event(100, 1, EventKind.DEADLINE, data={"steps": 100})
    log = _log(gaza, tmp_path / "none.jsonl", end)
    with pytest.raises(AgreementError) as info:
        agreement_to_implement(gaza, log=log)
    assert str(info.value).startswith(f"{log}: session ")
    assert str(info.value).endswith(
        "ended without agreement (deadline after 100 steps): nothing to implement"
    )


def test_file_and_log_together_are_refused(gaza: Scenario, tmp_path: Path) -> None:
    with pytest.raises(DragomanError, match="not both"):
        agreement_to_implement(gaza, agreement_file=tmp_path / "a.yaml", log=tmp_path / "b.jsonl")


def test_an_agreement_breaching_a_red_line_says_so() -> None:
    from dragoman import load_scenario
    from dragoman.phases.agreement import agreement_from_mapping

    gaza = load_scenario("gaza-ceasefire-2024")
    outcome = gaza.outcome_space.outcome(0)  # full military control of the corridor, no commitment
    agreement = agreement_from_mapping(gaza, outcome, "test")
    assert "breaches red lines" in agreement.note
    assert "Hamas: philadelphi_corridor in {full_withdrawal}" in agreement.note
    assert "Hamas: permanent_ceasefire not in {none}" in agreement.note
    inside = dict(outcome, philadelphi_corridor="full_withdrawal", permanent_ceasefire="none")
    no_israel = gaza.without_red_lines([("Israel", "philadelphi_corridor")])
    assert "Hamas: permanent_ceasefire" in agreement_from_mapping(no_israel, inside, "t").note

"""Tests of the schedule: the flagship's phases in words with the agreed numbers filled in."""

from __future__ import annotations

import pytest

from dragoman import load_scenario
from dragoman.errors import ScenarioError
from dragoman.model.scenario import Scenario
from dragoman.phases import build_schedule
from dragoman.phases.schedule import format_amount

AGREED = {
    "ceasefire_weeks": "6",
    "hostages_phase1": "30",
    "prisoners_per_hostage": "30",
    "permanent_ceasefire": "mediator_guarantee",
    "philadelphi_corridor": "third_party_monitoring",
    "withdrawal_populated_areas": "all_populated_areas",
    "return_north": "with_screening",
    "reconstruction": "phased_with_oversight",
}


@pytest.fixture(scope="module")
def gaza() -> Scenario:
    return load_scenario("gaza-ceasefire-2024")


def test_flagship_phased_agreement_lists_phases_and_commitments_in_words(gaza: Scenario) -> None:
    schedule = build_schedule(gaza, AGREED)
    lines = schedule.lines()
    assert lines[0] == (
        "Phase 1 (6 weeks, in 6 weekly batches): ceasefire; release of 30 hostages; "
        "release of 900 prisoners; withdrawal from all populated areas"
    )
    assert "  Hamas: release of 30 hostages" in lines
    assert "  Israel: release of 900 prisoners" in lines
    phase2 = lines[lines.index(next(x for x in lines if x.startswith("Phase 2"))) :]
    assert phase2[0].startswith("Phase 2 (6 weeks): end of hostilities (mediators guarantee")
    assert "Philadelphi Corridor: Israeli withdrawal with third-party monitoring" in phase2[0]
    assert "  starts when: Phase 1 completed, verified by Egypt, Qatar and US" in phase2
    assert any(x.startswith("Phase 3 (8 weeks): return of the remains") for x in lines)


def test_numbers_follow_the_agreement(gaza: Scenario) -> None:
    nash = {
        **AGREED,
        "ceasefire_weeks": "5",
        "hostages_phase1": "35",
        "prisoners_per_hostage": "50",
    }
    schedule = build_schedule(gaza, nash)
    phase1 = schedule.phases[0]
    assert phase1.weeks == 5 and phase1.batches == 5 and phase1.weekly
    assert phase1.summary.startswith(
        "Phase 1 (5 weeks, in 5 weekly batches): ceasefire; release of 35 hostages; "
        "release of 1,750 prisoners"
    )
    amounts = {c.action: c.amount for c in phase1.commitments}
    assert amounts["release prisoners"] == 1750.0
    assert amounts["withdraw from populated areas"] == "withdrawal from all populated areas"


def test_movers_follow_the_order_of_commitments(gaza: Scenario) -> None:
    schedule = build_schedule(gaza, AGREED)
    assert [p.movers for p in schedule.phases] == [
        ("Hamas", "Israel"),
        ("Israel", "Hamas"),
        ("Hamas", "Israel"),
    ]


def test_variants_change_length_and_batches(gaza: Scenario) -> None:
    schedule = build_schedule(gaza, AGREED)
    longer = schedule.with_phase(0, weeks=8)
    assert longer.phases[0].batches == 8 and longer.phases[0].weekly
    once = schedule.with_phase(0, batches=1)
    assert once.phases[0].batches == 1 and not once.phases[0].weekly
    assert once.phases[0].summary.startswith("Phase 1 (6 weeks): ceasefire")
    weekly = schedule.with_phase(1, batches="weekly")
    assert weekly.phases[1].batches == 6
    assert schedule.phases[0].whole_weeks == 6


def test_a_duration_that_evaluates_to_zero_is_an_error_with_its_path() -> None:
    data = load_scenario("gaza-ceasefire-2024").model_dump(by_alias=True)
    data["phases"][0]["duration_weeks"] = "ceasefire_weeks - 6"
    scenario = Scenario.from_data(data)
    with pytest.raises(ScenarioError) as info:
        build_schedule(scenario, AGREED)
    assert str(info.value) == (
        "phases[0].duration_weeks: a phase must last more than 0 and at most 520 weeks (got 0)"
    )


def test_a_duration_beyond_ten_years_is_refused() -> None:
    data = load_scenario("gaza-ceasefire-2024").model_dump(by_alias=True)
    data["phases"][0]["duration_weeks"] = "ceasefire_weeks * 100000"
    scenario = Scenario.from_data(data)
    with pytest.raises(ScenarioError, match=r"at most 520 weeks \(got 600,000\)"):
        build_schedule(scenario, AGREED)


@pytest.mark.parametrize(
    ("amount", "text"),
    [(1750.0, "1,750"), (7.5, "7.5"), (0.125, "0.12…"), (100 / 3, "33.33…"), ("x", "x")],
)
def test_amounts_in_words(amount: float | str, text: str) -> None:
    assert format_amount(amount) == text

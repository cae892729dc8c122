"""Tests of the implementation report (plain data) on the flagship and small scenarios."""

from __future__ import annotations

import json

import pytest
from compliance_games import phased_scenario, uniform_payoffs

from dragoman import load_scenario
from dragoman.model.scenario import Scenario
from dragoman.phases import (
    ImplementationAssessment,
    agreement_from_mapping,
    alternatives,
    assess_implementation,
    build_schedule,
    choose_solution,
)


@pytest.fixture(scope="module")
def gaza() -> Scenario:
    return load_scenario("gaza-ceasefire-2024")


@pytest.fixture(scope="module")
def report(gaza: Scenario) -> ImplementationAssessment:
    return assess_implementation(gaza, choose_solution(gaza), runs=20_000, seed=3)


def test_flagship_report_has_every_part(report: ImplementationAssessment) -> None:
    assert report.schedule[0].startswith(
        "Phase 1 (5 weeks, in 5 weekly batches): ceasefire; release of 35 hostages; "
        "release of 1,750 prisoners"
    )
    assert report.agreement.note  # red lines set aside, and said so
    assert {(r.phase, r.party) for r in report.incentives} == {
        (f"Phase {k}", p) for k in (1, 2, 3) for p in ("Israel", "Hamas")
    }
    assert report.verdict is not None and report.verdict.text
    assert [s.setting for s in report.simulations] == ["in force", "minimal", "robust"]
    assert [r.label for r in report.sequencing][:3] == [
        "as agreed",
        "front-loaded: each phase's exchanges at once",
        "interleaved: weekly batches in every phase",
    ]
    assert {s.name for s in report.spoilers} == {"Iran", "Hezbollah"}
    assert all(s.sources for s in report.spoilers)
    assert "illustrative" in report.assumptions.lower()


def test_flagship_inputs_are_symmetric(report: ImplementationAssessment) -> None:
    """Both parties get the same stakes: their incentive rows match phase by phase."""
    by_phase: dict[str, list[tuple[float, ...]]] = {}
    for r in report.incentives:
        by_phase.setdefault(r.phase, []).append((r.temptation, r.in_force, r.needed, r.detection))
    for rows in by_phase.values():
        assert rows[0] == pytest.approx(rows[1])


def test_verdict_says_when_only_the_order_of_moves_names_a_party(
    report: ImplementationAssessment,
) -> None:
    """With identical payoffs, who is named first follows from the listed order alone: the
    verdict says so outright; once one party's payoffs differ, it no longer claims it."""
    assert report.verdict is not None
    assert "Israel and Hamas have identical payoffs and guarantees here" in report.verdict.text
    payoffs = uniform_payoffs(complete=0.1, defect=0.5, cost=0.0, betrayed=-0.2)
    same = phased_scenario(payoffs)
    verdict = assess_implementation(same, choose_solution(same), runs=10, seed=1).verdict
    assert verdict is not None and "A and B have identical payoffs" in verdict.text
    payoffs[0] = {**payoffs[0], "defect": 0.6}
    other = phased_scenario(payoffs)
    verdict = assess_implementation(other, choose_solution(other), runs=10, seed=1).verdict
    assert verdict is not None and "identical" not in verdict.text
    assert "where payoffs are symmetric, that order alone decides" in verdict.text


def test_guarantees_raise_survival(report: ImplementationAssessment) -> None:
    survival = {s.setting: s.all_completed for s in report.simulations}
    assert survival["robust"] >= survival["minimal"] >= survival["in force"]
    assert all(r.robust >= r.needed for r in report.incentives)
    failure = report.simulations[0].most_common_failure
    assert failure.startswith("Phase ") and "of all failures" in failure


def test_report_is_json_ready(report: ImplementationAssessment) -> None:
    data = json.loads(json.dumps(report.to_dict()))
    assert data["agreement"]["outcome"]["hostages_phase1"] == "35"
    assert len(data["simulations"][0]["alive_by_week"]) == 5 + 6 + 8 + 1


def test_same_seed_same_report(gaza: Scenario, report: ImplementationAssessment) -> None:
    again = assess_implementation(gaza, choose_solution(gaza), runs=20_000, seed=3)
    assert again == report


def test_sequencing_alternatives_are_distinct(gaza: Scenario) -> None:
    schedule = build_schedule(gaza, choose_solution(gaza).outcome)
    found = alternatives(schedule)
    layouts = [tuple((p.weeks, p.batches) for p in s.phases) for _, s in found]
    assert len(set(layouts)) == len(layouts) == 5
    assert layouts[3][0] == (3.0, 3) and layouts[4][0] == (7.0, 7)


def test_interleaving_needs_no_more_guarantee_than_front_loading(
    report: ImplementationAssessment,
) -> None:
    rows = {r.label.split(":")[0]: r for r in report.sequencing}
    assert rows["interleaved"].needed_total <= rows["front-loaded"].needed_total


def test_without_an_implementation_section_the_phases_are_still_described() -> None:
    data = load_scenario("gaza-ceasefire-2024").model_dump(by_alias=True)
    del data["implementation"]
    scenario = Scenario.from_data(data)
    report = assess_implementation(scenario, choose_solution(scenario), runs=10)
    assert report.schedule and report.simulations == [] and "no implementation" in report.note


def test_without_phases_there_is_nothing_to_implement() -> None:
    pie = load_scenario("pie-split")
    agreement = agreement_from_mapping(pie, {"share_for_alice": 50}, "test")
    report = assess_implementation(pie, agreement, runs=10)
    assert report.schedule == [] and "no phases" in report.note


def test_a_compliant_deal_without_spoilers_is_reported_as_such() -> None:
    scenario = phased_scenario(uniform_payoffs(complete=1.0, defect=0.1, cost=0.1))
    agreement = agreement_from_mapping(scenario, {"x": 4}, "test")
    report = assess_implementation(scenario, agreement, runs=1_000)
    assert report.verdict is not None and report.verdict.compliant
    assert report.verdict.text.startswith("Full compliance is subgame-perfect")
    assert all(s.all_completed == 1.0 for s in report.simulations)
    assert report.simulations[0].most_common_failure == "none: no run failed"
    assert report.schedule[0] == "P1 (2 weeks): A gives 4; B pays 8"

"""`opening_drops` (the fast per-sample question of uncertainty studies) agrees with the ZOPA
report's own blockers, which solve a frontier per drop."""

from __future__ import annotations

from dragoman.analysis.blocking import opening_drops, zopa_report
from dragoman.analysis.problem import bargaining_problem
from dragoman.io.scenario_file import load_scenario


def test_opening_drops_match_the_report_on_the_flagship() -> None:
    gaza = load_scenario("gaza-ceasefire-2024")
    problem = bargaining_problem(gaza)
    drops = opening_drops(gaza, problem)
    assert drops == {
        "Israel: philadelphi_corridor": True,
        "Hamas: philadelphi_corridor": True,
        "Hamas: permanent_ceasefire": False,
        "all red lines on philadelphi_corridor": True,
        "all red lines on permanent_ceasefire": False,
        "all red lines of Israel": True,
        "all red lines of Hamas": True,
    }
    report = {b.label: b.opens_zone for b in zopa_report(gaza, problem).blockers}
    for label in ("all red lines on philadelphi_corridor", "all red lines of Hamas"):
        assert report[label] is drops[label]  # the same words as the report, the same answer
    for label, opens in report.items():
        if label.startswith("Hamas: permanent_ceasefire"):
            assert opens is drops["Hamas: permanent_ceasefire"]
        elif label.startswith(("Israel: philadelphi", "Hamas: philadelphi")):
            assert opens is True


def test_every_group_agrees_with_the_report_on_generated_scenarios() -> None:
    """Red lines of two parties over several issues, reservation values high enough that
    some groups open a zone and some do not: each group's answer is the report's (which
    solves the restricted problem for each)."""
    import copy

    gaza = load_scenario("gaza-ceasefire-2024")
    data = gaza.model_dump(by_alias=True, mode="json")
    checked, seen = 0, set()
    for rv in (0.3, 0.45, 0.55, 0.7):
        edited = copy.deepcopy(data)
        for party in edited["parties"]:
            if party.get("preferences"):
                party["preferences"]["reservation_value"] = rv
        israel = next(p for p in edited["parties"] if p["name"] == "Israel")
        israel["preferences"]["red_lines"].append(
            {"issue": "return_north", "allowed": ["with_screening"]}
        )
        variant = type(gaza).from_data(edited)
        problem = bargaining_problem(variant)
        drops = opening_drops(variant, problem)
        report = {b.label: b.opens_zone for b in zopa_report(variant, problem).blockers}
        for label, opens in drops.items():
            if label in report:
                assert report[label] is opens, (rv, label)
                seen.add(opens)
                checked += 1
    assert checked >= 4 and seen == {True, False}  # groups that open a zone and some not


def test_nothing_blocks_where_a_zone_exists() -> None:
    basin = load_scenario("river-basin")
    assert not any(opening_drops(basin, bargaining_problem(basin)).values())

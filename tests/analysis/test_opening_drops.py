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
        "philadelphi_corridor": True,
        "Hamas: philadelphi_corridor": True,
        "Hamas: permanent_ceasefire": False,
        "permanent_ceasefire": False,
    }
    report = {b.label: b.opens_zone for b in zopa_report(gaza, problem).blockers}
    assert report["all red lines on philadelphi_corridor"] is True
    for label, opens in report.items():
        if label.startswith("Hamas: permanent_ceasefire"):
            assert opens is drops["Hamas: permanent_ceasefire"]
        elif label.startswith(("Israel: philadelphi", "Hamas: philadelphi")):
            assert opens is True


def test_nothing_blocks_where_a_zone_exists() -> None:
    basin = load_scenario("river-basin")
    assert not any(opening_drops(basin, bargaining_problem(basin)).values())

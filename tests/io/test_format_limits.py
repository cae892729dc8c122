"""Exports list every problem at once: each party and issue GENIUS or GeniusWeb cannot express,
together with the scenario's own faults, each with its file, line and field path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.io.format_limits import genius_limits, geniusweb_limits
from dragoman.io.genius_export import export_genius
from dragoman.io.genius_xml import GeniusProblemsError
from dragoman.io.geniusweb import export_geniusweb
from dragoman.io.scenario_file import builtin_scenarios, load_scenario
from dragoman.model.partial import Parts

runner = CliRunner()


def gaza_with_interactions() -> dict[str, Any]:
    data = yaml.safe_load(builtin_scenarios()["gaza-ceasefire-2024"].read_text())
    when = {"permanent_ceasefire": "yes", "return_north": "unrestricted"}
    data["parties"][1]["preferences"]["interactions"] = [{"when": when, "bonus": 0.05}]
    return data


def test_genius_limits_lists_every_issue_and_party(tmp_path: Path) -> None:
    paths = {p.path for p in genius_limits(Parts.of(load_scenario("gaza-ceasefire-2024")))}
    assert paths == {
        "issues[1].step",
        "issues[2].step",
        "parties[0].preferences.red_lines",
        "parties[1].preferences.red_lines",
    }
    with pytest.raises(GeniusProblemsError) as info:
        export_genius(load_scenario("gaza-ceasefire-2024"), tmp_path)
    assert len(info.value.problems) == 4 and not list(tmp_path.iterdir())


def test_geniusweb_limits_lists_every_party_problem() -> None:
    found = [str(p) for p in geniusweb_limits(Parts.of(load_scenario("gaza-ceasefire-2024")))]
    assert sum("no red lines" in p for p in found) == 2
    assert sum("no discount" in p for p in found) == 2


def test_export_reports_schema_errors_cross_checks_and_limits_in_one_run(tmp_path: Path) -> None:
    data = gaza_with_interactions()
    data["parties"][0]["preferences"]["weights"]["hostages_phase1"] = 0.5  # schema: Israel
    data["metadata"]["facts"][0]["sources"] = ["nope"]  # cross-check
    source = tmp_path / "gaza.yaml"
    source.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    result = runner.invoke(app, ["export", "genius", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    expected = [
        "parties[0].preferences.weights: weights must sum to 1",
        "metadata.facts[0].sources[0]: unknown source 'nope'",
        "issues[1].step: issue 'hostages_phase1': GENIUS integer issues have step 1",
        "issues[2].step: issue 'prisoners_per_hostage'",
        "parties[1].preferences.red_lines: party 'Hamas': GENIUS profiles have no red lines",
        "parties[1].preferences.interactions: party 'Hamas': GENIUS profiles have no inter",
    ]
    for text in expected:
        assert any(text in line for line in lines), (text, lines)
    assert all(line.startswith(f"error: {source}:") for line in lines), lines
    assert not (tmp_path / "out").exists()


def test_geniusweb_export_of_a_scenario_with_several_limits(tmp_path: Path) -> None:
    with pytest.raises(GeniusProblemsError) as info:
        export_geniusweb(load_scenario("discounted-split"), tmp_path)
    assert {p.path for p in info.value.problems} == {
        "parties[0].preferences.discount_factor",
        "parties[1].preferences.discount_factor",
    }


def test_exported_names_are_short_and_safe(tmp_path: Path) -> None:
    scenario = load_scenario("pie-split")  # "Split the pie (textbook bilateral bargaining)"
    written = export_genius(scenario, tmp_path / "g")
    assert [p.name for p in written] == [
        "Split_the_pie_textbook_bilateral_bargaining.xml",
        "Alice.xml",
        "Bob.xml",
    ]
    written = export_geniusweb(scenario, tmp_path / "w", stem="pie")
    assert [p.name for p in written] == ["pie.json", "Alice.json", "Bob.json"]
    result = runner.invoke(app, ["export", "genius", "pie-split", "-o", str(tmp_path / "c")])
    assert result.exit_code == 0 and " " not in "".join(p.name for p in (tmp_path / "c").iterdir())


def test_a_weight_sum_is_quoted_in_full(tmp_path: Path) -> None:
    text = builtin_scenarios()["pie-split"].read_text()
    source = tmp_path / "pie.yaml"
    source.write_text(
        text.replace(
            "weights: {share_for_alice: 1.0}",
            "weights: {share_for_alice: 0.7654321, nosuch: 0.2345679}",
            1,
        )
    )
    result = runner.invoke(app, ["export", "geniusweb", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "unknown issue 'nosuch'" in result.stderr
    # the weights of the issues it has sum to 0.7654321 (not 0.765432)
    assert "party 'Alice': GeniusWeb weights must sum to 1 (got 0.7654321)" in result.stderr

"""Round trips: GENIUS import -> export -> import gives an identical scenario for every shipped
domain (all its profiles), through the library and through the CLI; the YAML written in between
reads back identical too; and what GENIUS cannot express is refused, not approximated."""

from __future__ import annotations

from pathlib import Path

import pytest
from genius_domains import anac_folder
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.io.genius import GeniusError, find_genius_files, load_genius, load_genius_folder
from dragoman.io.genius_export import export_genius, file_stem
from dragoman.io.scenario_file import dump_scenario, load_scenario, parse_scenario
from dragoman.model.scenario import Scenario
from dragoman.utility.scenario import compiled

ANAC = anac_folder()
FOLDERS = sorted({p.parent for p in ANAC.rglob("*.xml")}) if ANAC is not None else []
IDS = [str(f.relative_to(ANAC)) for f in FOLDERS] if ANAC is not None else []
runner = CliRunner()


@pytest.mark.skipif(ANAC is None, reason="ANAC data folder not found")
@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_import_export_import_is_identical(folder: Path, tmp_path: Path) -> None:
    first = load_genius_folder(folder)
    written = export_genius(first, tmp_path)
    second = load_genius(written[0], written[1:])
    assert second == first
    assert dump_scenario(second) == dump_scenario(first)
    assert parse_scenario(dump_scenario(first)) == first  # and through YAML
    # what the files mean is the same too (their bytes need not be)
    domain, profiles = find_genius_files(tmp_path)
    assert domain == written[0] and profiles == sorted(written[1:])


@pytest.mark.skipif(ANAC is None, reason="ANAC data folder not found")
def test_cli_round_trip_of_the_2014_domain(tmp_path: Path) -> None:
    assert ANAC is not None
    domain, profiles = find_genius_files(ANAC / "y2014" / "10issuesDiscountedwithRV")
    files = [str(domain), *map(str, profiles)]
    first = tmp_path / "first.yaml"
    assert runner.invoke(app, ["import", "genius", *files, "-o", str(first)]).exit_code == 0
    result = runner.invoke(app, ["export", "genius", str(first), "-o", str(tmp_path / "xml")])
    assert result.exit_code == 0, result.output
    written = sorted((tmp_path / "xml").glob("*.xml"))
    assert len(written) == 3
    d, p = find_genius_files(tmp_path / "xml")
    second = tmp_path / "second.yaml"
    args = ["import", "genius", str(d), *map(str, p), "-o", str(second)]
    assert runner.invoke(app, args).exit_code == 0
    assert second.read_text() == first.read_text()
    assert load_scenario(second) == load_scenario(first)


@pytest.mark.parametrize("scenario", ["gaza-ceasefire-2024", "river-basin"])
def test_what_genius_cannot_express_is_refused(tmp_path: Path, scenario: str) -> None:
    message = "GENIUS integer issues have step 1"
    with pytest.raises(GeniusError, match=message):
        export_genius(load_scenario(scenario), tmp_path)
    assert not list(tmp_path.iterdir())  # nothing half-written
    result = runner.invoke(app, ["export", "genius", scenario, "-o", str(tmp_path)])
    assert result.exit_code == 2 and message in result.stderr


def test_red_lines_and_unnormalised_scores_are_refused(tmp_path: Path) -> None:
    data = load_scenario("pie-split").model_dump(mode="json", by_alias=True)
    prefs = data["parties"][0]["preferences"]
    prefs["red_lines"] = [{"issue": "share_for_alice", "min": 10}]
    with pytest.raises(GeniusError, match="party 'Alice': GENIUS profiles have no red lines"):
        export_genius(Scenario.model_validate(data), tmp_path)
    camp = {
        "metadata": {"title": "t"},
        "issues": [{"kind": "categorical", "name": "i", "values": ["a", "b"]}],
        "parties": [
            {
                "name": n,
                "preferences": {
                    "weights": {"i": 1},
                    "values": {"i": {"scores": {"a": 0.2, "b": 0.8}}},
                },
            }
            for n in ("p", "q")
        ],
    }
    with pytest.raises(GeniusError, match=r"a best score of 0\.8 would become 1"):
        export_genius(Scenario.from_data(camp), tmp_path)


def test_a_builtin_without_red_lines_exports_with_the_same_meaning(tmp_path: Path) -> None:
    scenario = load_scenario("pie-split")
    written = export_genius(scenario, tmp_path)
    back = load_genius(written[0], written[1:])
    for ours, theirs in zip(compiled(scenario).utilities, compiled(back).utilities, strict=True):
        assert ours.utilities().tolist() == pytest.approx(theirs.utilities().tolist(), abs=1e-12)
        assert ours.reservation_value == theirs.reservation_value


def test_safe_short_file_names() -> None:
    assert file_stem("a/b\\c:d") == "a_b_c_d"
    assert file_stem("..hidden") == "hidden"
    assert file_stem("  ") == "unnamed"
    assert file_stem("Metro Bus strike (illustrative labour dispute)") == (
        "Metro_Bus_strike_illustrative_labour_dispute"
    )
    assert len(file_stem("x" * 300)) == 60 and file_stem("travel_domain") == "travel_domain"

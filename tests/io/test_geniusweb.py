"""GeniusWeb JSON in and out (dragoman.io.geniusweb): both spellings of the utility wrappers,
number value sets, reservation bids, round trips, clear one-line refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from genius_domains import anac_folder
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.io.genius import load_genius_folder
from dragoman.io.geniusweb import GeniusError, export_geniusweb, load_geniusweb
from dragoman.io.scenario_file import load_scenario
from dragoman.model.outcomes import CategoricalIssue, IntegerIssue, RealIssue
from dragoman.utility.scenario import compiled

ANAC = anac_folder()
runner = CliRunner()

# the "jobs" domain of the GeniusWeb sources, with salary as a number range
DOMAIN: dict[str, Any] = {
    "name": "jobs",
    "issuesValues": {
        "lease car": {"values": ["yes", "no"]},
        "fte": {"values": ["0.6", "0.8", "1.0"]},
        "salary": {"range": {"low": 2000, "high": 4000, "step": 500}},
        "hours": {"range": {"low": 0.5, "high": 1.5, "step": 0.25}},
    },
}


def profile(name: str, long_names: bool, reservation: dict[str, Any] | None) -> dict[str, Any]:
    discrete, number = (
        ("DiscreteValueSetUtilities", "NumberValueSetUtilities")
        if long_names
        else ("discreteutils", "numberutils")
    )
    return {
        "LinearAdditiveUtilitySpace": {
            "name": name,
            "domain": DOMAIN,
            "issueWeights": {"lease car": 0.1, "fte": 0.3, "salary": 0.4, "hours": 0.2},
            "issueUtilities": {
                "lease car": {discrete: {"valueUtilities": {"yes": 1, "no": 0}}},
                "fte": {discrete: {"valueUtilities": {"1.0": 0.75, "0.6": 0.25}}},  # 0.8 missing
                "salary": {
                    number: {"lowValue": 2000, "lowUtility": 0, "highValue": 4000, "highUtility": 1}
                },
                "hours": {
                    number: {"lowValue": 0.5, "lowUtility": 1, "highValue": 1.5, "highUtility": 0.5}
                },
            },
            "reservationBid": None if reservation is None else {"issuevalues": reservation},
        }
    }


def write(folder: Path, documents: dict[str, Any]) -> list[Path]:
    paths = []
    for name, document in documents.items():
        (folder / name).write_text(json.dumps(document))
        paths.append(folder / name)
    return paths


BID = {"lease car": "yes", "fte": "0.8", "salary": 3000, "hours": 1.0}


@pytest.fixture
def jobs(tmp_path: Path) -> list[Path]:
    return write(
        tmp_path,
        {
            "jobs.json": DOMAIN,
            "short.json": profile("short", False, BID),
            "long.json": profile("long", True, None),
        },
    )


def test_import_reads_both_spellings_with_geniusweb_meaning(jobs: list[Path]) -> None:
    scenario = load_geniusweb(list(jobs))
    assert [p.name for p in scenario.negotiators] == ["short", "long"]
    lease, fte, salary, hours = scenario.issues
    assert isinstance(lease, CategoricalIssue) and isinstance(fte, CategoricalIssue)
    assert isinstance(salary, IntegerIssue) and (salary.min, salary.max, salary.step) == (
        2000,
        4000,
        500,
    )
    assert isinstance(hours, RealIssue) and hours.numeric_values().tolist() == [
        0.5,
        0.75,
        1.0,
        1.25,
        1.5,
    ]
    short, long = compiled(scenario).utilities
    np.testing.assert_allclose(short.utilities(), long.utilities())  # same numbers, two spellings
    space = scenario.outcome_space
    bid = space.outcome_index({"lease car": "yes", "fte": "0.8", "salary": 3000, "hours": 1.0})
    # 0.1 * 1 + 0.3 * 0 (missing value) + 0.4 * 0.5 + 0.2 * 0.75
    assert float(short.table[bid]) == pytest.approx(0.45)
    assert short.reservation_value == pytest.approx(0.45) and long.reservation_value == 0.0


def test_domain_embedded_in_the_profiles_is_enough(jobs: list[Path]) -> None:
    with_domain = load_geniusweb(list(jobs))
    without = load_geniusweb(list(jobs[1:]))
    assert without.issues == with_domain.issues
    assert [p.preferences for p in without.parties] == [p.preferences for p in with_domain.parties]


@pytest.mark.parametrize("long_names", [False, True])
def test_round_trip_is_identical(jobs: list[Path], tmp_path: Path, long_names: bool) -> None:
    first = load_geniusweb(list(jobs))
    written = export_geniusweb(first, tmp_path / "out", long_names=long_names)
    assert [p.name for p in written] == ["jobs.json", "short.json", "long.json"]
    text = written[1].read_text()
    assert ("DiscreteValueSetUtilities" in text) == long_names
    second = load_geniusweb(list(written))
    assert second.issues == first.issues
    assert [p.preferences for p in second.parties] == [p.preferences for p in first.parties]


BAD = {
    "weights": (
        {"issueWeights": {"lease car": 0.5, "fte": 0.3, "salary": 0.4, "hours": 0.2}},
        "weights must sum to 1 (got 1.4)",
    ),
    "wrapper": (
        {"issueUtilities": {"fte": {"tableutils": {}}}},
        "issueUtilities.fte: expected one of discreteutils",
    ),
    "not-fitting": (
        {
            "issueUtilities": {
                "salary": {
                    "numberutils": {
                        "lowValue": 1000,
                        "lowUtility": 0,
                        "highValue": 4000,
                        "highUtility": 1,
                    }
                }
            }
        },
        "lowValue 1,000 and highValue 4,000 must be the range's ends, 2,000 and 4,000",
    ),
    "unknown-value": (
        {"issueUtilities": {"fte": {"discreteutils": {"valueUtilities": {"2.0": 1}}}}},
        "issueUtilities.fte: values ['2.0'] are not values of the issue",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_profiles_refused_with_one_line(tmp_path: Path, case: str) -> None:
    change, message = BAD[case]
    bad = profile("bad", False, None)
    bad["LinearAdditiveUtilitySpace"].update(change)
    files = write(
        tmp_path, {"jobs.json": DOMAIN, "bad.json": bad, "ok.json": profile("ok", False, None)}
    )
    result = runner.invoke(app, ["import", "geniusweb", *map(str, files)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines


def test_a_folder_without_enough_files_is_named_with_what_it_holds(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    with pytest.raises(GeniusError, match=r"empty: .*two profiles \(no \*\.json file here\)"):
        load_geniusweb([folder])
    write(folder, {"jobs.json": DOMAIN, "ok.json": profile("ok", False, None)})
    with pytest.raises(
        GeniusError, match=r"empty: .*\(2 \*\.json files here: 1 domain file and 1 profile\)"
    ):
        load_geniusweb([folder])


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{\n"name": "x",\n"issuesValues": {,}\n}')
    with pytest.raises(GeniusError, match=r"a.json:3: not JSON"):
        load_geniusweb([tmp_path / "a.json", tmp_path / "a.json", tmp_path / "a.json"])


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        ("gaza-ceasefire-2024", "a LinearAdditiveUtilitySpace has no red lines"),
        ("discounted-split", "GeniusWeb has no discount"),
    ],
)
def test_export_refuses_what_geniusweb_cannot_express(
    tmp_path: Path, scenario: str, message: str
) -> None:
    with pytest.raises(GeniusError, match=message):
        export_geniusweb(load_scenario(scenario), tmp_path)


@pytest.mark.skipif(ANAC is None, reason="ANAC data folder not found")
def test_genius_to_geniusweb_keeps_the_utilities(tmp_path: Path) -> None:
    """A GENIUS domain (undiscounted, categorical) written as GeniusWeb reads back with the same
    utilities: both formats, read with their own meaning, agree."""
    assert ANAC is not None
    scenario = load_genius_folder(ANAC / "y2010" / "Travel")
    back = load_geniusweb(list(export_geniusweb(scenario, tmp_path)))
    for ours, theirs in zip(compiled(scenario).utilities, compiled(back).utilities, strict=True):
        np.testing.assert_allclose(theirs.utilities(), ours.utilities(), atol=1e-12)


def test_cli_import_and_export(jobs: list[Path], tmp_path: Path) -> None:
    target = tmp_path / "jobs.yaml"
    result = runner.invoke(app, ["import", "geniusweb", *map(str, jobs), "-o", str(target)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app, ["export", "geniusweb", str(target), "-o", str(tmp_path / "x"), "--long-names"]
    )
    assert result.exit_code == 0, result.output
    assert "NumberValueSetUtilities" in (tmp_path / "x" / "short.json").read_text()

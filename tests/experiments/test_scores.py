"""The scores table says what each axis's mean is over, and writes a missing value as the
results table does: real tournaments on a scenario with no Nash point beside one with it."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from dragoman import tournament
from dragoman.app.cli import app

#: gaza-ceasefire-2024 has no Nash point (no distance to it), pie-split has one.
MIXED = {
    "scenarios": ["gaza-ceasefire-2024", "pie-split"],
    "agents": ["boulware", "linear"],
    "protocols": ["shuttle"],
    "steps": 40,
}


def test_each_axis_counts_the_seats_its_mean_is_over(tmp_path: Path) -> None:
    scores = tournament(MIXED, output=tmp_path / "o").scores.to_pylist()
    for row in scores:
        assert row["negotiations"] == row["advantage_n"] == row["welfare_n"] == 16
        assert row["nash_distance_n"] == row["ks_distance_n"] == 8  # the pie-split seats only


def test_a_missing_value_is_empty_in_both_csv_files(tmp_path: Path) -> None:
    result = tournament({**MIXED, "scenarios": ["gaza-ceasefire-2024"]}, output=tmp_path / "o")
    with open(result.paths["scores.csv"], newline="") as f:
        scores = list(csv.DictReader(f))
    with open(result.paths["results.csv"], newline="") as f:
        results = list(csv.DictReader(f))
    assert {r["nash_distance"] for r in results} == {""}
    assert {r["nash_distance"] for r in scores} == {""}
    assert {r["nash_distance_n"] for r in scores} == {"0"}
    for rows in (scores, results):
        assert not [v for row in rows for v in row.values() if v.lower() == "nan"]
    assert result.scores.column("nash_distance").null_count == len(scores)


def test_the_summary_shows_a_count_where_it_differs_at_80_columns(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "scenarios: [gaza-ceasefire-2024, pie-split]\nagents: [boulware, linear]\n"
        "protocols: [shuttle]\nsteps: 40\n",
        encoding="utf-8",
    )
    out = CliRunner().invoke(
        app, ["tournament", str(path), "-o", str(tmp_path / "o")], env={"COLUMNS": "80"}
    )
    assert out.exit_code == 0, out.output
    table = out.stdout.split(" negotiations played")[0]  # then the paths, never wrapped
    assert all(len(line) <= 80 for line in table.splitlines())
    assert out.stdout.count("(n=8)") == 4  # Nash and KS distance, for each strategy
    assert "(n=16)" not in out.stdout  # an axis over every seat says nothing more
    assert "(n=N): the mean of the N seats with a value" in " ".join(out.stdout.split())

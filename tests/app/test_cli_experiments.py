"""The `tournament` and `uncertainty` commands: summaries readable at 80 columns (every score
printed whole), JSON, the files they write, and clear errors with exit code 2."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from experiment_scenarios import small_config, uncertain_pie
from typer.testing import CliRunner

from dragoman.app.cli import app

runner = CliRunner()


def _not_paths(text: str) -> list[str]:
    """The lines of the output but those naming a file (a path is printed whole)."""
    return [line for line in text.splitlines() if ": /" not in line]


def test_tournament_prints_scores_at_80_columns(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["tournament", str(small_config(tmp_path)), "--workers", "1", "-o", str(out)],
        env={"COLUMNS": "80"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert all(len(line) <= 80 for line in _not_paths(result.stdout))
    scores = json.loads(
        runner.invoke(
            app, ["tournament", str(small_config(tmp_path)), "-o", str(out), "--json"]
        ).stdout
    )
    assert scores["ran"] == 0 and scores["skipped"] == scores["negotiations"] == 36
    flat = result.stdout.replace("\n", " ")
    for row in scores["scores"]:  # every mean is on screen whole (cells wrap, never cut)
        assert row["strategy"] in re.sub(r"[│ ]+", "", result.stdout) or row["strategy"] in flat
        assert f"{row['advantage']:.3f}" in flat
    for name in ("results.parquet", "results.csv", "scores.csv", "scores.png"):
        assert (out / name).exists() and str(out / name) in result.stdout


def test_tournament_errors_name_the_file_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenarios: [pie-split]\nagents: [boulware, nobody]\n", encoding="utf-8")
    result = runner.invoke(app, ["tournament", str(bad), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert f"error: {bad}:2: agents[1]: unknown agent 'nobody'" in result.output
    assert "Traceback" not in result.output


def test_schema_of_tournaments() -> None:
    result = runner.invoke(app, ["schema", "--tournament"])
    schema = json.loads(result.stdout)
    assert schema["title"] == "Dragoman tournament" and "agents" in schema["properties"]


def test_uncertainty_of_the_flagship(tmp_path: Path) -> None:
    args = ["uncertainty", "gaza-ceasefire-2024", "--samples", "120", "--seed", "5",
            "--sensitivity", "16", "--survival-runs", "200", "-o", str(tmp_path)]  # fmt: skip
    result = runner.invoke(app, [*args, "--workers", "1"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert re.search(r"P\(a ZOPA exists\) = 0\.\d{3}", text)
    flat = " ".join(text.split())
    assert re.search(r"Most stable issues?( \(tied, [0-9.]+\))?: .*; least stable issues?", flat)
    assert re.search(r"Top 3: 1=?\. .+", text)
    assert (tmp_path / "tornado.png").read_bytes()[:4] == b"\x89PNG"
    assert all(len(line) <= 80 for line in _not_paths(text))
    again = runner.invoke(app, [*args, "--workers", "2", "--json"])
    data = json.loads(again.stdout)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert data["p_zopa"] == summary["p_zopa"]
    assert f"P(a ZOPA exists) = {data['p_zopa']:.3f}" in text  # 2 workers: the same numbers
    flat = re.sub(r"\s*\n", " ", text)
    top = re.search(r"Top 3: (.+?) samples\.parquet", flat)
    assert top is not None
    named = re.findall(r"\d=?\. (.+?)(?:;|$| \()", top.group(1))
    assert named == data["influential"][:3] == data["ranking"][: len(named)]
    rows = {row["parameter"]: row for row in data["sensitivity"]}
    assert all(rows[n]["ST"] > rows[n]["ST_conf"] for n in named)  # none is noise
    if len(named) < 3:
        assert re.search(r"the other \d+ assumptions have no measurable effect\)", flat)


def test_uncertainty_errors_exit_with_code_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["uncertainty", "pie-split", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "has no uncertainty section" in result.output


def test_a_scenario_without_uncertainty_is_named_by_its_file(tmp_path: Path) -> None:
    """The file given, not the scenario's title, with the hint on how to add a section."""
    river = tmp_path / "rb.yaml"
    river.write_text(
        (Path(__file__).parents[2] / "src/dragoman/scenarios/river-basin.yaml").read_text(),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["uncertainty", str(river), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.startswith(f"error: {river}: the scenario has no uncertainty section")
    assert "Shared river basin" not in result.output
    assert "give some preference numbers as distributions" in result.output
    result = runner.invoke(app, ["uncertainty", "pie-split", "-o", str(tmp_path / "o")])
    assert "pie-split.yaml: the scenario has no uncertainty section" in result.output


def test_uncertainty_refuses_an_unknown_party_like_negotiate(tmp_path: Path) -> None:
    seat = ["--agent", "Nobody=boulware"]
    told = runner.invoke(app, ["negotiate", "gaza-ceasefire-2024", "--protocol", "shuttle", *seat])
    args = ["uncertainty", "gaza-ceasefire-2024", "--samples", "5", "--protocol", "shuttle"]
    result = runner.invoke(app, [*args, *seat, "-o", str(tmp_path)])
    assert result.exit_code == told.exit_code == 2
    assert "error: --agent Nobody: no such party or mediator (" in result.stderr
    assert "samples" not in result.stderr  # refused before the progress bar is drawn
    assert result.stderr.splitlines()[-1] == told.stderr.splitlines()[-1]
    unseated = runner.invoke(app, [*args[:4], "--agent", "Israel=boulware", "-o", str(tmp_path)])
    assert unseated.exit_code == 2 and "give a protocol" in unseated.stderr


def test_a_target_that_never_varies_ranks_nothing(tmp_path: Path) -> None:
    args = ["uncertainty", str(uncertain_pie(tmp_path)), "--samples", "40", "--sensitivity", "8",
            "--protocol", "alternating", "--agent", "Alice=hardliner", "--agent", "Bob=hardliner",
            "--target", "agreement", "--workers", "1", "-o", str(tmp_path / "out")]  # fmt: skip
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "tornado.png").write_bytes(b"an earlier study's chart")
    result = runner.invoke(app, args, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "P(agreement) = 0;" in result.stdout
    flat = " ".join(result.stdout.split())
    assert "the target is the same in every sample, so nothing ranks" in flat
    assert "Top 3" not in result.stdout
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["target_varies"] is False and summary["ranking"] == []  # JSON claims none
    assert not (tmp_path / "out" / "tornado.png").exists()  # nor a chart of empty bars, nor
    # an earlier study's chart left beside these results as if it were theirs


def test_uncertainty_tables_keep_names_whole_at_80_and_60_columns(tmp_path: Path) -> None:
    path = uncertain_pie(tmp_path)
    for width in (80, 60):
        args = ["uncertainty", str(path), "--samples", "40", "--sensitivity", "8",
                "--workers", "1", "-o", str(tmp_path / "out")]  # fmt: skip
        result = runner.invoke(app, args, env={"COLUMNS": str(width)})
        assert result.exit_code == 0, result.output
        lines = _not_paths(result.stdout)
        assert all(len(line) <= width for line in lines)
        for name in ("parties[Alice].preferences.reservation_value",
                     "parties[Bob].preferences.reservation_value"):  # fmt: skip
            assert any(name in line for line in lines), (width, result.stdout)


def test_the_progress_bar_names_the_sobol_rows_and_a_true_rate(tmp_path: Path) -> None:
    args = ["uncertainty", "gaza-ceasefire-2024", "--samples", "60", "--sensitivity", "8",
            "--survival-runs", "50", "--workers", "1", "-o", str(tmp_path), "--json"]  # fmt: skip
    result = runner.invoke(app, args, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("60 samples + 80 Sobol rows ") and " 140/140 " in line
    rate = float(re.search(r" ([\d,]+)/s ", line).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert rate <= 1.5 * 140 / data["seconds"]  # the mean rate, not a burst of one chunk


def test_without_salib_the_study_stops_before_drawing_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "SALib.sample", None)  # as if SALib were not installed
    args = ["uncertainty", "gaza-ceasefire-2024", "--samples", "20", "-o", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: the sensitivity ranking needs SALib: pip install")
    assert "samples" not in result.stderr.split("error:")[0]  # no progress bar first


def test_ctrl_c_during_a_study_says_nothing_was_written(tmp_path: Path) -> None:
    """SIGINT mid-study: exit 130, a line saying what was (not) stored, no traceback."""
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "o"
    process = subprocess.Popen(
        [sys.executable, "-m", "dragoman", "uncertainty", "gaza-ceasefire-2024", "--samples",
         "50000", "--workers", "1", "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "200", "TTY_COMPATIBLE": "1"},  # a live bar, as at a tty
    )  # fmt: skip
    assert process.stderr is not None
    os.set_blocking(process.stderr.fileno(), False)
    seen, deadline = b"", time.monotonic() + 120
    while b"samples" not in seen and time.monotonic() < deadline:  # the bar: work has begun
        seen += process.stderr.read() or b""
        time.sleep(0.05)
    assert b"samples" in seen and b"52,560/52,560" not in seen, seen  # begun, not finished
    process.send_signal(signal.SIGINT)
    os.set_blocking(process.stderr.fileno(), True)
    _, rest = process.communicate(timeout=60)
    err = (seen + rest).decode()
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert f"interrupted: nothing written to {out}" in " ".join(err.split())
    assert not out.exists() or not any(out.iterdir())


def test_uncertainty_says_what_seating_added_like_negotiate(tmp_path: Path) -> None:
    seat = ["--protocol", "shuttle", "--mediator", "Nobody=nash"]
    told = runner.invoke(app, ["negotiate", "gaza-ceasefire-2024", *seat, "--quiet"])
    note = next(line for line in told.stderr.splitlines() if line.startswith("note: "))
    assert "seated a neutral mediator, Nobody (nash)" in note
    args = ["uncertainty", "gaza-ceasefire-2024", "--samples", "4", *seat, "--sensitivity", "0",
            "--survival-runs", "0", "--workers", "1", "-o", str(tmp_path)]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert note in result.stderr.splitlines()
    data = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert data["notes"] == [note.removeprefix("note: ")]


def _interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def test_ctrl_c_while_the_charts_are_drawn_says_the_results_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both commands: exit 130 and a line saying where the results are (and what a re-run
    does); the tables written before the charts stay."""
    import dragoman.render.experiment_plots as plots

    out = tmp_path / "t"
    monkeypatch.setattr(plots, "plot_scores", _interrupt)
    told = runner.invoke(
        app, ["tournament", str(small_config(tmp_path)), "--workers", "1", "-o", str(out)]
    )
    assert told.exit_code == 130 and "Traceback" not in told.output
    said = " ".join(told.stderr.split())
    assert f"interrupted while drawing the charts: the results are written in {out}" in said
    assert "none is played again" in said
    assert (out / "results.parquet").exists() and not (out / "scores.png").exists()
    monkeypatch.setattr(plots, "plot_tornado", _interrupt)
    out = tmp_path / "u"
    args = ["uncertainty", "gaza-ceasefire-2024", "--samples", "20", "--sensitivity", "0",
            "--survival-runs", "0", "--workers", "1", "-o", str(out)]  # fmt: skip
    told = runner.invoke(app, args)
    assert told.exit_code == 130 and "Traceback" not in told.output
    said = " ".join(told.stderr.split())
    assert f"interrupted while drawing the charts: the results are written in {out}" in said
    assert (out / "samples.parquet").exists() and not (out / "tornado.png").exists()

"""Tests of the `dragoman` command line: output, JSON, plots, and clear errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.io.scenario_file import builtin_scenarios

runner = CliRunner()


def test_scenarios_lists_builtins() -> None:
    result = runner.invoke(app, ["scenarios"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name in builtin_scenarios():
        assert name in result.output


def test_validate_ok() -> None:
    result = runner.invoke(app, ["validate", "gaza-ceasefire-2024"])
    assert result.exit_code == 0
    assert "valid" in result.output and "50,400 outcomes" in result.output


def test_analyze_flagship_prints_the_zopa_report() -> None:
    result = runner.invoke(app, ["analyze", "gaza-ceasefire-2024"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Zone of possible agreement: NONE" in result.output
    assert "philadelphi_corridor" in result.output
    assert "opens a zone" in result.output


def test_analyze_json_is_complete() -> None:
    result = runner.invoke(app, ["analyze", "pie-split", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["outcome_count"] == 101
    nash = data["solutions"]["nash"]
    assert nash["outcome"] == {"share_for_alice": 50}
    assert nash["utilities"] == {"Alice": 0.5, "Bob": 0.5}
    assert data["zopa"]["exists"] is True


@pytest.mark.parametrize("name", ["gaza-ceasefire-2024", "river-basin"])
def test_plot_writes_a_png(tmp_path: Path, name: str) -> None:
    target = tmp_path / "plots" / f"{name}.png"
    result = runner.invoke(app, ["analyze", name, "--plot", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_schema_prints_json() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "Dragoman scenario"


BAD_INPUTS = {
    "malformed": ("format_version: 1\nmetadata: {title: x\nissues: [\n", "not valid YAML"),
    "red-line-value": (
        ("allowed: [full_withdrawal]", "allowed: [full_withdrawl]"),
        "parties[1].preferences.red_lines[0].allowed[0]: 'full_withdrawl' is not a value",
    ),
    "weights": (
        ("        hostages_phase1: 0.20", "        hostages_phase1: 0.40"),
        "parties[0].preferences.weights: weights must sum to 1 (got 1.2)",
    ),
    "duplicate-party": (
        ("  - name: Hamas", "  - name: Israel"),
        "parties[1].name: duplicate party name 'Israel'",
    ),
    "empty-issue": (
        ("    values: [with_screening, unrestricted]", "    values: []"),
        "issues[6].values: an issue needs at least one value",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gives_one_line_error_and_exit_2(tmp_path: Path, case: str) -> None:
    change, expected = BAD_INPUTS[case]
    if isinstance(change, tuple):
        text = builtin_scenarios()["gaza-ceasefire-2024"].read_text()
        assert change[0] in text
        text = text.replace(change[0], change[1], 1)
    else:
        text = change
    path = tmp_path / f"{case}.yaml"
    path.write_text(text)
    # a real process: what a user sees, traceback or not
    proc = subprocess.run(
        [sys.executable, "-m", "dragoman", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    first = proc.stderr.splitlines()[0]
    assert first.startswith(f"error: {path}:") and expected in first, proc.stderr


def test_unknown_scenario_name() -> None:
    result = runner.invoke(app, ["analyze", "nowhere"])
    assert result.exit_code == 2
    assert "not a built-in scenario" in result.output


def test_error_lines_are_printed_verbatim(tmp_path: Path) -> None:
    # rich would turn ":100:" into an emoji; an error names its line literally
    text = builtin_scenarios()["gaza-ceasefire-2024"].read_text()
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace("    min: 15\n", "    min: 100\n", 1))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:" in result.output and "the issue is empty" in result.output
    assert "💯" not in result.output


def test_version_is_the_installed_package_version() -> None:
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"dragoman {version('dragoman')}\n"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["negotiate", "pie-split", "--steps", "0"], "--steps must be at least 1 (got 0)"),
        (["analyze"], "Missing argument 'scenario' (see '"),
        (["analyze", "pie-split", "--bogus"], "No such option: --bogus"),
        (["negotiat"], "Did you mean 'negotiate'? (see '"),
    ],
)
def test_usage_errors_are_one_error_line_like_every_other(args: list[str], expected: str) -> None:
    # a real process: click's own Usage/Try/Error block would show here
    proc = subprocess.run(
        [sys.executable, "-m", "dragoman", *args], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], lines


def test_validate_notes_a_reservation_value_no_outcome_reaches(tmp_path: Path) -> None:
    text = builtin_scenarios()["pie-split"].read_text()
    path = tmp_path / "out-of-reach.yaml"
    path.write_text(text.replace("reservation_value: 0.0", "reservation_value: 1.5", 1))
    result = runner.invoke(app, ["validate", str(path)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    note = "note: Alice's reservation value (1.5) is above the best utility Alice can reach (1)"
    assert note in result.stdout
    result = runner.invoke(app, ["validate", str(path), "--json"])
    notes = json.loads(result.stdout)["notes"]
    assert result.exit_code == 0 and len(notes) == 1 and notes[0].startswith("Alice's"), notes
    plain = runner.invoke(app, ["validate", "pie-split", "--json"])
    assert json.loads(plain.stdout)["notes"] == []

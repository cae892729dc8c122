"""A run given `--json` that fails prints one JSON document on stdout, the error
(`docs/schemas/error.schema.json`), with the same problems, files, lines and fields as the
`error:` lines on stderr, and exits 2: bad scenarios, broken files, bad options alike."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.app.json_output import wants_json
from dragoman.io.scenario_file import builtin_scenarios

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "schemas" / "error.schema.json").read_text()
)
runner = CliRunner()


def failed(args: list[str]) -> tuple[dict[str, Any], list[str]]:
    """Run a failing command line: its error document (checked) and its stderr lines."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    data = json.loads(result.stdout)  # one document, nothing else
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert data["format"] == "dragoman.error" and data["version"] == 1
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines)
    assert data["error"]["message"].splitlines() == [line[7:] for line in lines]
    return data["error"], lines


def test_an_unknown_scenario_names_the_file() -> None:
    error, _ = failed(["analyze", "no-such-scenario", "--json"])
    [problem] = error["problems"]
    assert problem["file"] == "no-such-scenario" and "no such file" in problem["message"]


def test_broken_yaml_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("metadata:\n  title: x\nissues: [\n", encoding="utf-8")
    for command in ("analyze", "negotiate", "implement"):
        error, lines = failed([command, str(bad), "--json"])
        [problem] = error["problems"]
        assert problem["file"] == str(bad) and problem["line"] == 4
        assert lines[0].startswith(f"error: {bad}:4: not valid YAML")


def test_every_problem_of_an_invalid_scenario_keeps_its_field(tmp_path: Path) -> None:
    text = builtin_scenarios()["gaza-ceasefire-2024"].read_text()
    text = text.replace("        hostages_phase1: 0.20", "        hostages_phase1: 0.40", 1)
    text = text.replace("allowed: [full_withdrawal]", "allowed: [full_withdrawl]", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    error, lines = failed(["negotiate", str(bad), "--json"])
    paths = [p["path"] for p in error["problems"]]
    assert "parties[0].preferences.weights" in paths
    assert "parties[1].preferences.red_lines[0].allowed[0]" in paths
    assert all(p["file"] == str(bad) and p["line"] for p in error["problems"])
    for problem, line in zip(error["problems"], lines, strict=True):
        where = f"{problem['file']}:{problem['line']}: {problem['path']}"
        assert line == f"error: {where}: {problem['message']}"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["negotiate", "pie-split", "--steps", "x", "--json"], "--steps"),
        (["analyze", "pie-split", "--json", "--no-such-option"], "--no-such-option"),
        (["scenarios", "--json", "extra"], ""),
        (["agents", "--json", "--kind"], "--kind"),
        (["implement", "gaza-ceasefire-2024", "--runs", "x", "--json"], "--runs"),
    ],
)
def test_a_bad_option_is_an_error_document(args: list[str], field: str) -> None:
    error, lines = failed(args)
    [problem] = error["problems"]
    assert problem["path"] == field and problem["file"] == "" and problem["line"] is None
    assert "--help" in lines[0]


@pytest.mark.parametrize("steps", ["0", "2000000000"])
def test_a_checked_number_names_its_option(steps: str) -> None:
    """A number the option's type takes but the job cannot (below 1, over the limit) is
    refused by the library's own check, the option its field."""
    error, lines = failed(["negotiate", "pie-split", "--steps", steps, "--json"])
    [problem] = error["problems"]
    assert problem["path"] == "--steps" and lines[0].startswith("error: --steps")


def test_an_error_of_the_options_own_words(tmp_path: Path) -> None:
    error, lines = failed(["negotiate", "pie-split", "--agent", "Nobody", "--json"])
    assert error["problems"][0]["message"] == lines[0].removeprefix("error: ")
    assert "--agent 'Nobody'" in lines[0]


def test_tournament_and_uncertainty(tmp_path: Path) -> None:
    config = tmp_path / "t.yaml"
    config.write_text("scenarios: [pie-split]\nagents: [nobody]\n", encoding="utf-8")
    error, lines = failed(["tournament", str(config), "--json"])
    assert error["problems"][0]["file"] == str(config) and error["problems"][0]["line"] == 2
    assert error["problems"][0]["path"] == "agents[0]"
    assert lines[0].startswith(f"error: {config}:2: agents[0]: unknown agent 'nobody'")
    error, _ = failed(["uncertainty", "pie-split", "--json", "-o", str(tmp_path / "u")])
    assert "has no uncertainty section" in error["message"]


def test_without_json_stdout_stays_empty() -> None:
    result = runner.invoke(app, ["analyze", "no-such-scenario"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: no-such-scenario: no such file")


def test_in_a_real_process() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dragoman", "analyze", "no-such-scenario", "--json"],
        capture_output=True,
        text=True,
        check=False,
        env={"COLUMNS": "80", "PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)},
    )
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["error"]["problems"][0]["file"] == "no-such-scenario"
    assert proc.stderr.startswith("error: no-such-scenario: no such file")


def test_json_is_asked_for_before_a_double_dash_only() -> None:
    assert wants_json(["analyze", "x", "--json"])
    assert not wants_json(["analyze", "--", "--json"])
    assert not wants_json(["analyze", "x"])


def test_import_export_report_and_schema(tmp_path: Path) -> None:
    domain = Path(__file__).resolve().parents[1] / "data" / "genius" / "laptop_domain.xml"
    error, _ = failed(["import", "genius", str(domain), "--json"])
    assert [(p["file"], p["message"]) for p in error["problems"]] == [
        (str(domain), "give at least two profiles (got 0)")
    ]
    error, _ = failed(["export", "genius", "river-basin", "-o", str(tmp_path), "--json"])
    paths = [p["path"] for p in error["problems"]]
    assert paths == ["issues[0].step", "parties[1].preferences.values.dry_year_share_downstream",
                     "parties[2].preferences.red_lines"]  # fmt: skip
    assert all(p["file"] == "river-basin.yaml" and p["line"] for p in error["problems"])
    assert list(tmp_path.iterdir()) == []  # nothing written
    error, _ = failed(["report", "pie-split", "-o", str(tmp_path / "r.pdf"), "--json"])
    assert "the report is written as .html" in error["message"]
    error, _ = failed(["schema", "--json", "--no-such-option"])
    assert error["problems"][0]["path"] == "--no-such-option"


def test_serve_on_an_address_it_cannot_have_names_the_option(tmp_path: Path) -> None:
    """A port taken (or a host not of this machine) is refused before the server starts:
    the error document, its field the option at fault, exit 2 (not uvicorn's exit 1)."""
    db = ["--db", f"sqlite:///{tmp_path / 'web.db'}"]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        error, lines = failed(["serve", "--port", str(port), *db, "--json"])
    [problem] = error["problems"]
    assert problem["path"] == "--port" and "Address already in use" in problem["message"]
    assert lines == [f"error: --port: {problem['message']}"]
    error, _ = failed(["serve", "--host", "192.0.2.1", "--port", "0", *db, "--json"])
    assert error["problems"][0]["path"] == "--host"  # TEST-NET-1: never this machine's


@pytest.mark.parametrize(
    "url", ["nonsense://x", "postgresql+psycopg://u:secret@127.0.0.1:1/x", "not a URL"]
)
def test_serve_on_a_database_it_cannot_open_names_the_option(url: str) -> None:
    error, lines = failed(["serve", "--port", "0", "--db", url, "--json"])
    [problem] = error["problems"]
    assert problem["path"] == "--db" and "cannot open the database" in problem["message"]
    assert "secret" not in json.dumps(error) + "\n".join(lines)  # a URL may hold a password

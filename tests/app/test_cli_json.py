"""Every `--json` output validates against its documented schema (docs/schemas/), for several
scenarios, and is the only thing on standard output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.io.scenario_file import builtin_scenarios

SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"
runner = CliRunner()


def checked(command: str, args: list[str], exit_code: int = 0) -> dict[str, Any]:
    """Run `dragoman <command> <args> --json`; its stdout, validated against the schema."""
    result = runner.invoke(app, [command, *args, "--json"])
    assert result.exit_code == exit_code, result.output
    data = json.loads(result.stdout)  # nothing but the JSON on stdout
    schema = json.loads((SCHEMAS / f"{command}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert data["format"] == f"dragoman.{command}" and data["version"] == 1
    return data


@pytest.mark.parametrize("name", ["pie-split", "river-basin", "gaza-ceasefire-2024"])
def test_analyze(name: str) -> None:
    data = checked("analyze", [name])
    assert data["outcome_count"] > 1 and "nash" in {
        **data["solutions"],
        **data["reference_solutions"],
    }


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("pie-split", ["--seed", "1"]),
        ("river-basin", ["--protocol", "single-text", "--steps", "40"]),
        ("gaza-ceasefire-2024", ["--protocol", "shuttle", "--steps", "30"]),
        ("discounted-split", ["--agent", "First=conceder", "--agent", "Second=conceder"]),
    ],
)
def test_negotiate(name: str, args: list[str]) -> None:
    data = checked("negotiate", [name, *args])
    assert data["events"][0]["kind"] == "start"
    assert data["events"][-1]["kind"] == data["status"]


def test_negotiate_json_gives_each_seats_parameters() -> None:
    """Two time-based agents, configured apart: `seats` names the strategy, `params` its
    parameters, as the start event records them."""
    args = ["--agent", "Alice=time-based:e=0.25", "--agent", "Bob=time-based:e=4"]
    data = checked("negotiate", ["pie-split", *args, "--steps", "6"])
    assert data["seats"] == {"Alice": "time-based", "Bob": "time-based"}
    assert data["params"] == {"Alice": {"e": 0.25}, "Bob": {"e": 4}}
    assert data["params"] == {
        seat: info["params"] for seat, info in data["events"][0]["data"]["seats"].items()
    }


def test_negotiate_json_is_the_library_result() -> None:
    import dragoman

    data = checked("negotiate", ["pie-split", "--seed", "4"])
    expected = dragoman.negotiate(dragoman.load_scenario("pie-split"), seed=4).to_dict()
    assert {k: v for k, v in data.items() if k not in ("format", "version")} == expected


def test_replay(tmp_path: Path) -> None:
    log = tmp_path / "run.jsonl"
    assert (
        runner.invoke(app, ["negotiate", "pie-split", "--quiet", "--log", str(log)]).exit_code == 0
    )
    whole = checked("replay", [str(log)])
    seen = checked("replay", [str(log), "--seat", "Alice"])
    assert whole["seat"] is None and seen["seat"] == "Alice"
    assert seen["sessions"][0]["session_id"] == whole["sessions"][0]["session_id"]


def test_implement() -> None:
    data = checked("implement", ["gaza-ceasefire-2024", "--runs", "500", "--seed", "1"])
    assert data["simulations"][0]["runs"] == 500 and data["phases"]


def test_agents_and_scenarios() -> None:
    agents = checked("agents", [])
    assert "boulware" in [a["name"] for a in agents["agents"]]
    assert "nash" in [m["name"] for m in agents["mediators"]]
    listed = checked("scenarios", [])
    assert [s["name"] for s in listed["scenarios"]] == list(builtin_scenarios())


def test_validate_valid_and_invalid(tmp_path: Path) -> None:
    ok = checked("validate", ["river-basin"])
    assert ok["valid"] and ok["problems"] == [] and ok["scenario"]["issues"] == 4
    text = builtin_scenarios()["gaza-ceasefire-2024"].read_text()
    text = text.replace("        hostages_phase1: 0.20", "        hostages_phase1: 0.40", 1)
    text = text.replace("allowed: [full_withdrawal]", "allowed: [full_withdrawl]", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    data = checked("validate", [str(bad)], exit_code=2)
    assert not data["valid"] and data["scenario"] is None
    paths = [p["path"] for p in data["problems"]]
    assert "parties[0].preferences.weights" in paths
    assert "parties[1].preferences.red_lines[0].allowed[0]" in paths
    assert all(p["file"] == str(bad) and p["line"] for p in data["problems"])


def test_only_json_on_stdout_in_a_real_process(tmp_path: Path) -> None:
    log = tmp_path / "run.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "dragoman", "negotiate", "pie-split", "--json", "--log", str(log)],
        capture_output=True,
        text=True,
        check=False,
        env={"COLUMNS": "80", "PATH": "/usr/bin:/bin", "FORCE_COLOR": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["status"] == "agreement"
    assert "\x1b" not in proc.stdout and log.exists()


def test_json_refuses_human_seats() -> None:
    result = runner.invoke(app, ["negotiate", "pie-split", "--human", "Alice", "--json"])
    assert result.exit_code == 2 and "leave out --human" in result.output


def test_uncertainty(tmp_path: Path) -> None:
    args = ["gaza-ceasefire-2024", "--samples", "60", "--sensitivity", "8", "--seed", "2",
            "--survival-runs", "50", "--workers", "1", "-o", str(tmp_path)]  # fmt: skip
    data = checked("uncertainty", args)
    assert data["samples"] == 60 and len(data["sensitivity"]) == len(data["ranking"]) == 8
    assert data["paths"]["summary.json"] == str(tmp_path / "summary.json")
    no_sobol = checked("uncertainty", [*args[:3], "--sensitivity", "0", "-o", str(tmp_path)])
    assert all(row["ST"] is None for row in no_sobol["sensitivity"])  # NaN is not JSON


def test_uncertainty_errors_under_json(tmp_path: Path) -> None:
    result = runner.invoke(app, ["uncertainty", "pie-split", "--json", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "has no uncertainty section" in result.stderr
    assert "has no uncertainty section" in json.loads(result.stdout)["error"]["message"]


def test_tournament(tmp_path: Path) -> None:
    config = tmp_path / "t.yaml"
    config.write_text(
        "title: small\nscenarios: [pie-split, river-basin]\nagents: [boulware, micro]\n"
        "protocols: [alternating, single-text]\nsteps: 30\n",
        encoding="utf-8",
    )
    data = checked("tournament", [str(config), "--workers", "1", "-o", str(tmp_path / "o")])
    assert data["ran"] == data["negotiations"] > 0 and data["skipped"] == 0
    assert {row["strategy"] for row in data["scores"]} == {"boulware", "micro"}
    assert Path(data["paths"]["results.parquet"]).exists()


def test_tournament_errors_under_json_print_the_error_document(tmp_path: Path) -> None:
    config = tmp_path / "t.yaml"
    config.write_text("scenarios: [pie-split]\nagents: [nobody]\n", encoding="utf-8")
    result = runner.invoke(app, ["tournament", str(config), "--json"])
    assert result.exit_code == 2
    assert f"error: {config}:2: agents[0]: unknown agent 'nobody'" in result.stderr
    [problem] = json.loads(result.stdout)["error"]["problems"]  # docs/schemas/error.schema.json
    assert (problem["file"], problem["line"], problem["path"]) == (str(config), 2, "agents[0]")

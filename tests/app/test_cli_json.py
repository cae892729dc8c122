"""Every `--json` output validates against its documented schema (docs/schemas/), for several
scenarios, and is the only thing on standard output."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.io.scenario_file import builtin_scenarios

SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"
runner = CliRunner()


def checked(command: str, args: list[str], exit_code: int = 0) -> dict[str, Any]:
    """Run `dragoman <command> <args> --json`; its stdout, validated against the schema."""
    result = runner.invoke(app, [command, *args, "--json"])
    assert result.exit_code == exit_code, result.output
    return valid(command, json.loads(result.stdout))  # nothing but the JSON on stdout


def valid(command: str, data: dict[str, Any]) -> dict[str, Any]:
    """`data`, checked against the schema of `command`'s output."""
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
    assert seen["sessions"][0]["brief"]["seat"] == "Alice"
    assert whole["sessions"][0]["brief"] is None


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


def in_a_process(args: list[str]) -> subprocess.CompletedProcess[str]:
    """`python -m dragoman <args>` as a user runs it: its own process, stdout apart."""
    env = {**os.environ, "COLUMNS": "80", "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-m", "dragoman", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, env=env)


def test_export_names_the_files_it_wrote(tmp_path: Path) -> None:
    for kind, suffix in (("genius", ".xml"), ("geniusweb", ".json")):
        folder = tmp_path / kind
        data = checked("export", [kind, "pie-split", "-o", str(folder), "--name", "pie"])
        assert (data["to"], data["source"], data["output"]) == (kind, "pie-split", str(folder))
        assert data["domain"] == str(folder / f"pie{suffix}")
        assert data["profiles"] == {p: str(folder / f"{p}{suffix}") for p in ("Alice", "Bob")}
        assert data["scenario"]["parties"] == ["Alice", "Bob"]
        assert sorted(folder.iterdir()) == sorted(
            map(Path, [data["domain"], *data["profiles"].values()])
        )


def test_import_without_output_carries_the_yaml_in_its_one_document(tmp_path: Path) -> None:
    folder = tmp_path / "gw"
    checked("export", ["geniusweb", "pie-split", "-o", str(folder), "--name", "pie"])
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # no GeniusWeb file: skipped
    proc = in_a_process(["import", "geniusweb", str(folder), "--party", "Alice.json=Ann", "--json"])
    assert proc.returncode == 0, proc.stderr
    data = valid("import", json.loads(proc.stdout))  # stdout is this one document
    assert (data["from"], data["sources"], data["output"]) == ("geniusweb", [str(folder)], None)
    assert data["domain"] == str(folder / "pie.json")
    assert data["profiles"] == {"Ann": str(folder / "Alice.json"), "Bob": str(folder / "Bob.json")}
    assert data["notes"] == [
        f"skipped {folder / 'notes.json'}: not a GeniusWeb domain or profile (empty)"
    ]
    assert f"note: {data['notes'][0]}" in proc.stderr
    assert [p["name"] for p in yaml.safe_load(data["yaml"])["parties"]] == ["Ann", "Bob"]
    assert data["scenario"] == {"title": "Split the pie (textbook bilateral bargaining)",
                                "parties": ["Ann", "Bob"], "mediators": [], "issues": 1,
                                "outcomes": 101}  # fmt: skip


def test_import_to_a_file_names_it_and_leaves_the_yaml_out(tmp_path: Path) -> None:
    folder, target = tmp_path / "g", tmp_path / "pie.yaml"
    written = checked("export", ["genius", "pie-split", "-o", str(folder)])
    files = [written["domain"], *reversed(written["profiles"].values())]  # any order
    data = checked("import", ["genius", *files, "-o", str(target)])
    assert (data["from"], data["sources"], data["domain"]) == ("genius", files, written["domain"])
    assert data["profiles"] == written["profiles"]  # parties named after their files
    assert (data["output"], data["yaml"], data["notes"]) == (str(target), None, [])
    assert (
        yaml.safe_load(target.read_text(encoding="utf-8"))["metadata"]["title"]
        == (data["scenario"]["title"])
    )


def test_report_tells_what_it_wrote_and_covers(tmp_path: Path) -> None:
    log, page = tmp_path / "run.jsonl", tmp_path / "report.html"
    for seed in ("1", "2"):
        args = ["negotiate", "pie-split", "--quiet", "--seed", seed, "--log", str(log)]
        assert runner.invoke(app, args).exit_code == 0
    data = checked("report", ["pie-split", "--log", str(log), "-o", str(page)])
    assert (data["output"], data["bytes"]) == (str(page), page.stat().st_size)
    assert data["scenario"] == "pie-split" and data["parties"] == ["Alice", "Bob"]
    assert data["sections"] == ["outcome", "analysis", "preferences", "timeline"]
    last = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])
    assert data["log"]["path"] == str(log) and data["log"]["sessions"] == 2
    assert data["log"]["status"] == last["kind"] and data["log"]["protocol"] == "alternating"
    assert f"Timeline ({data['log']['events']} events)" in page.read_text(encoding="utf-8")
    assert (data["agreement"], data["implemented"]) == (None, None)  # pie-split has no phases


def test_report_of_a_phased_scenario_has_its_implementation(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    data = checked("report", ["gaza-ceasefire-2024", "-o", str(page)])
    assert data["sections"] == ["outcome", "analysis", "preferences", "implementation"]
    assert data["log"] is None and data["implemented"] == (
        "Nash bargaining solution, red lines set aside"
    )
    html = page.read_text(encoding="utf-8")
    assert [s for s in data["sections"] if f'id="{s}"' in html] == data["sections"]
    assert 'id="timeline"' not in html


@pytest.mark.parametrize(("args", "name"), [([], "scenario"), (["--tournament"], "tournament")])
def test_schema_is_named_in_the_envelope(args: list[str], name: str) -> None:
    data = checked("schema", args)
    bare = runner.invoke(app, ["schema", *args])
    assert data["name"] == name and data["schema"] == json.loads(bare.stdout)
    jsonschema.Draft202012Validator.check_schema(data["schema"])


@contextmanager
def serving(tmp_path: Path, *args: str) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """`dragoman serve --port 0 <args>` in its own process, on a fresh database; its stderr
    in a file; stopped afterwards."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-m", "dragoman", "serve", "--port", "0",
               "--db", f"sqlite:///{tmp_path / 'web.db'}", *args]  # fmt: skip
    log = tmp_path / "stderr.txt"
    with log.open("w") as err:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err, text=True, env=env)
    try:
        yield proc, log
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        assert proc.stdout is not None
        proc.stdout.close()


def first_line(proc: subprocess.Popen[str], seconds: float = 60) -> str:
    """The first line the server prints on stdout ('' if it ends first)."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], seconds)
    assert ready, "the server printed nothing"
    return proc.stdout.readline()


def test_serve_prints_one_json_line_once_listening(tmp_path: Path) -> None:
    with serving(tmp_path, "--json") as (proc, log):
        line = first_line(proc)
        data = valid("serve", json.loads(line))
        assert line.endswith("}\n") and line.count("\n") == 1  # one line, as scripts read it
        assert data["host"] == "127.0.0.1" and data["port"] > 0  # the port bound, not 0
        assert data["url"] == f"http://127.0.0.1:{data['port']}/"
        assert httpx.get(f"{data['url']}api/catalogue", timeout=30).status_code == 200
        proc.terminate()
        assert proc.stdout is not None
        rest = proc.stdout.read()
    assert rest == ""  # the access line went to stderr, with the other logs
    assert '"GET /api/catalogue HTTP/1.1" 200' in log.read_text()


def test_serve_without_json_names_the_port_it_bound_on_stderr(tmp_path: Path) -> None:
    with serving(tmp_path) as (proc, log):
        deadline = time.monotonic() + 60
        while "Dragoman web app on" not in log.read_text() and proc.poll() is None:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        [url] = re.findall(r"Dragoman web app on (http://127\.0\.0\.1:\d+/)", log.read_text())
        assert not url.endswith(":0/")
        assert httpx.get(f"{url}api/catalogue", timeout=30).status_code == 200
        proc.terminate()
        assert proc.stdout is not None
        assert proc.stdout.read() == ""


def commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command of the click `group`, sub-groups' included, with its path of names."""
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name), command


def test_every_command_has_json_and_a_listed_schema() -> None:
    """The rule: machine-readable output for every command; its schema in docs/schemas/,
    named after its group, and listed in the README's table of them."""
    import typer.main

    listed = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    found = list(commands(typer.main.get_command(app)))
    assert len(found) > 15
    for path, command in found:
        options = {o for p in command.params for o in getattr(p, "opts", [])}
        assert "--json" in options, " ".join(path)
        assert (SCHEMAS / f"{path[0]}.schema.json").exists(), " ".join(path)
    for schema in SCHEMAS.glob("*.schema.json"):
        assert f"`docs/schemas/{schema.name}`" in listed, schema.name

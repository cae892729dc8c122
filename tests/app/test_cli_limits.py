"""Hostile inputs refused at the limits, through the CLI: exit code 2, one located line naming
the limit (and how to change it), no traceback; and the work stays bounded (refused before it
is done). Every class of issue 10's parser-limit, non-finite and unbounded-work defects."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.io.scenario_file import builtin_scenarios

runner = CliRunner()
PIE = builtin_scenarios()["pie-split"].read_text(encoding="utf-8")
GAZA = builtin_scenarios()["gaza-ceasefire-2024"].read_text(encoding="utf-8")
DEEP = "[" * 5_000 + "]" * 5_000


def run(*args: str) -> tuple[int, str]:
    """Exit code and the error lines of `dragoman ARGS` (no traceback may escape)."""
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def refused(tmp_path: Path, text: str, *command: str, name: str = "s.yaml") -> str:
    """The single error line of `dragoman COMMAND FILE` on a file holding `text`."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, err = run(*command, str(path))
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1, (code, err)
    assert lines[0].startswith(f"error: {path}"), lines
    return lines[0]


SCENARIO_CASES = {
    "list-as-key": (PIE.replace("deadline_steps: 100", "? [a, b]\n: 1"), "cannot be a key"),
    "mapping-as-key": (PIE.replace("deadline_steps: 100", "? {a: 1}\n: 1"), "cannot be a key"),
    "long-integer": (
        PIE.replace("deadline_steps: 100", "deadline_steps: " + "9" * 5_000),
        "number too long (5,000 > 400 digits, the limit 'digits'; set DRAGOMAN_MAX_DIGITS",
    ),
    "deep-nesting": (
        PIE.replace("deadline_steps: 100", f"deadline_steps: {DEEP}"),
        "nested too deeply (more than 1,000, over the limit 'depth' of 64 levels; set DRAGOMAN_MAX",
    ),
    "deep-json-scenario": ('{"format_version": ' + DEEP + "}", "the limit 'depth'"),
    "deep-block-nesting": (
        PIE.replace(
            "deadline_steps: 100",
            "deadline_steps:\n" + "".join("  " * k + "- \n" for k in range(1, 100)),
        ),
        "nested too deeply (65 > 64 levels, the limit 'depth'; set DRAGOMAN_MAX_DEPTH",
    ),
    "tagged-long-integer": (
        PIE.replace("deadline_steps: 100", 'deadline_steps: !!int "' + "9" * 5_000 + '"'),
        "number too long (5,000 > 400 digits",
    ),
    "bad-timestamp": (
        PIE.replace("deadline_steps: 100", "deadline_steps: !!timestamp 2020-99-99"),
        "a value cannot be read: month must be in 1..12",
    ),
    "number-key": (
        PIE.replace("weights: {share_for_alice: 1.0}", "weights: {1: 1.0}", 1),
        "parties[0].preferences.weights",
    ),
    "bracket-key": (
        PIE.replace("weights: {share_for_alice: 1.0}", "weights: {'a[b]': 1.0, '[x]': 2}", 1),
        "parties[0].preferences.weights",
    ),
    "nan-reservation": (
        PIE.replace("reservation_value: 0.0", "reservation_value: .nan", 1),
        "finite",
    ),
    "inf-slope": (
        PIE.replace("{linear: increasing}", "{affine: {slope: .inf, offset: 0}}", 1),
        "finite",
    ),
    "nan-points": (
        PIE.replace("{linear: increasing}", "{points: [[0, 0], [100, .nan]]}", 1),
        "finite",
    ),
    "many-issues": (
        "format_version: 1\nmetadata: {title: t}\nparties: []\nissues:\n"
        + "".join(f"  - {{name: i{k}, kind: categorical, values: [a, b]}}\n" for k in range(5_000)),
        "issues: too many issues (5,000 > 500, the limit 'issues'; set DRAGOMAN_MAX_ISSUES",
    ),
    "many-batches": (
        GAZA.replace("batches: weekly", "batches: 1000000000", 1),
        "batches: too many batches (1,000,000,000 > 1,000, the limit 'batches'",
    ),
    "format-spec-d": (
        GAZA.replace('"release of {amount} hostages"', '"{amount:d}"', 1),
        "{amount} takes only a padding such as {amount:>12} (got {amount:d})",
    ),
    "format-spec-huge": (
        GAZA.replace('"release of {amount} hostages"', '"{amount:>300000000}"', 1),
        "(got {amount:>300000000})",
    ),
    "long-name": (PIE.replace("name: Alice", "name: " + "A" * 300, 1), "name too long (300 > 200"),
}


@pytest.mark.parametrize("case", sorted(SCENARIO_CASES))
def test_a_hostile_scenario_is_refused_in_one_line(tmp_path: Path, case: str) -> None:
    text, expected = SCENARIO_CASES[case]
    line = refused(tmp_path, text, "validate")
    assert expected in line, line


def test_analyze_and_implement_refuse_the_same_way(tmp_path: Path) -> None:
    text, expected = SCENARIO_CASES["long-integer"]
    assert expected in refused(tmp_path, text, "analyze")
    assert expected in refused(tmp_path, text, "implement")


def test_problems_are_listed_up_to_the_limit_then_counted(tmp_path: Path) -> None:
    extra = "".join(f"  unknown_{k}: 1\n" for k in range(20_000))
    text = PIE.replace("metadata:\n", "metadata:\n" + extra, 1)
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    code, err = run("validate", str(path))
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 51, lines[-3:]
    assert lines[0].startswith(f"error: {path}:7: metadata.unknown_0: unknown field")
    assert lines[49].startswith(f"error: {path}:56: metadata.unknown_49:")
    assert lines[-1] == "error: ... and 19,950 more (set DRAGOMAN_MAX_PROBLEMS to list more)"


def test_a_limit_can_be_raised_for_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = PIE.replace("name: Alice", "name: " + "A" * 300, 1)
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("DRAGOMAN_MAX_NAME_CHARS", "400")
    assert run("validate", str(path))[0] == 0


def test_a_formula_that_is_not_finite_is_a_clean_error(tmp_path: Path) -> None:
    text = GAZA.replace(
        "amount: hostages_phase1, text", "amount: round(1e308*10 - 1e308*10), text", 1
    )
    line = refused(tmp_path, text, "implement", name="g.yaml")
    assert "phases[0].commitments[2].amount" in line and "not a finite number" in line


AGREEMENT_CASES = {
    "list-as-key": ("? [a]\n: 1\n", "cannot be a key"),
    "long-integer": ("share_for_alice: " + "1" * 5_000 + "\n", "the limit 'digits'"),
    "deep-json": ('{"share_for_alice": ' + DEEP + "}", "the limit 'depth'"),
    "infinity": ("share_for_alice: .inf\n", "share_for_alice"),
}


@pytest.mark.parametrize("case", sorted(AGREEMENT_CASES))
def test_a_hostile_agreement_file_is_refused(tmp_path: Path, case: str) -> None:
    text, expected = AGREEMENT_CASES[case]
    path = tmp_path / "deal.yaml"
    path.write_text(text, encoding="utf-8")
    code, err = run("implement", "pie-split", "--agreement", str(path))
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and str(path) in lines[0], err
    assert expected in lines[0], lines[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("agents: " + "[" * 100 + "]" * 100, "the limit 'depth'"),
        ("? [a]\n: 1\n", "cannot be a key"),
    ],
)
def test_a_hostile_tournament_configuration_is_refused(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    code, err = run("tournament", str(path), "-o", str(tmp_path / "out"))
    errors = [line for line in err.splitlines() if line.startswith("error:")]  # after the bar
    assert code == 2 and len(errors) == 1 and errors[0].startswith(f"error: {path}:1:"), err
    assert expected in errors[0]


DOMAIN = """\
<negotiation_template><utility_space number_of_issues="1">
<objective index="0" name="root" type="objective" etype="objective">
<issue index="1" name="a" type="discrete">
<item index="1" value="x"/><item index="2" value="y"/></issue>
</objective></utility_space></negotiation_template>
"""
PROFILE = """\
<utility_space><objective index="0" name="root" type="objective" etype="objective">
<issue index="1"><item value="x" evaluation="1"/><item value="y" evaluation="2"/></issue>
<weight index="1" value="1"/></objective></utility_space>
"""
XML_CASES = {
    "deep-ufun": (
        "<utility_space><ufun>" + "<ufun>" * 2_000 + "</ufun>" * 2_000 + "</ufun></utility_space>",
        "nested too deeply (65 > 64 levels, the limit 'depth'",
    ),
    "infinite-weight": (
        PROFILE.replace('value="1"/>', 'value="1e999"/>'),
        "needs a finite 'value'",
    ),
    "unknown-encoding": ('<?xml version="1.0" encoding="x-martian"?>' + PROFILE, "cannot decode"),
}


@pytest.mark.parametrize("case", sorted(XML_CASES))
def test_hostile_genius_xml_is_refused(tmp_path: Path, case: str) -> None:
    text, expected = XML_CASES[case]
    (tmp_path / "domain.xml").write_text(DOMAIN)
    (tmp_path / "bad.xml").write_text(text)
    (tmp_path / "good.xml").write_text(PROFILE)
    files = [str(tmp_path / n) for n in ("domain.xml", "bad.xml", "good.xml")]
    code, err = run("import", "genius", *files, "-o", str(tmp_path / "s.yaml"))
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith(f"error: {tmp_path / 'bad.xml'}")
    assert expected in lines[0], lines[0]


GENIUSWEB_CASES = {
    "deep": ('{"name": "d", "issuesValues": ' + DEEP + "}", ":1: nested too deeply (5,001 > 64"),
    "long-integer": ('{"name": "d", "x": ' + "7" * 5_000 + "}", "the limit 'digits'"),
    "infinity": ('{"name": "d", "x": 1e999}', "is not a finite number"),
}


@pytest.mark.parametrize("case", sorted(GENIUSWEB_CASES))
def test_hostile_geniusweb_json_is_refused(tmp_path: Path, case: str) -> None:
    text, expected = GENIUSWEB_CASES[case]
    (tmp_path / "bad.json").write_text(text)
    code, err = run(
        "import", "geniusweb", str(tmp_path / "bad.json"), "-o", str(tmp_path / "s.yaml")
    )
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith(f"error: {tmp_path / 'bad.json'}")
    assert expected in lines[0], lines[0]


@pytest.fixture(scope="module")
def good_log(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    log = tmp_path_factory.mktemp("log") / "run.jsonl"
    assert run("negotiate", "pie-split", "--quiet", "--log", str(log))[0] == 0
    return log.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ('{"step": ' + DEEP + "}", ":2: nested too deeply"),
        ('{"step": ' + "1" * 5_000 + "}", ":2: number too long (5,000 > 400 digits"),
    ],
)
def test_a_hostile_log_line_is_refused(
    tmp_path: Path, good_log: list[str], bad: str, expected: str
) -> None:
    log = tmp_path / "bad.jsonl"
    log.write_text("\n".join([good_log[0], bad, *good_log[1:]]) + "\n", encoding="utf-8")
    code, err = run("replay", str(log))
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and expected in lines[0], err


def test_the_yaml_loader_refuses_before_composing_a_deep_document() -> None:
    from dragoman.io.yaml_lines import parse_yaml

    with pytest.raises(yaml.YAMLError, match="the limit 'depth'"):
        parse_yaml("a:\n" + "".join("  " * k + "- \n" for k in range(1, 200)))


@pytest.mark.parametrize("name", ["run.jsonl", "run.db"])
def test_a_run_says_which_stale_files_it_removed(tmp_path: Path, name: str) -> None:
    stale = tmp_path / f".{name}.{2**22 + 12345}.abcdef.tmp"  # no such process
    stale.write_text('{"partial": ', encoding="utf-8")
    result = runner.invoke(
        app, ["negotiate", "pie-split", "--quiet", "--log", str(tmp_path / name)]
    )
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "killed run" in line]
    assert notes == [f"note: removed what a killed run left of {tmp_path / name}: {stale}"]
    assert not stale.exists()


@pytest.mark.parametrize("name", ["notes.jsonl", "notes.db"])
def test_a_log_never_replaces_a_file_that_is_not_ours(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"my own notes\n")
    code, err = run("negotiate", "pie-split", "--quiet", "--log", str(path))
    assert code == 2 and err.startswith(f"error: {path}: ") and "not a" in err, err
    assert path.read_bytes() == b"my own notes\n"


def test_an_overlong_line_at_a_seat_is_refused_and_prompted_again() -> None:
    lines = ["share_for_alice=" + "6" * 20_000, "share_for_alice=60", "accept"]
    proc = subprocess.run(
        [sys.executable, "-m", "dragoman", "negotiate", "pie-split", "--human", "Alice",
         "--agent", "Bob=conceder", "--steps", "10"],
        input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "line too long (20,016 > 10,000 characters, the limit 'input_chars'" in proc.stdout
    assert proc.stdout.count("Alice (propose) >") == 2

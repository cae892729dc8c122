"""Inputs the fuzz harness found, kept as regression tests: each is refused with exit code 2
and a one-line error, no traceback."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from fuzz.cases import recorded_log
from typer.testing import CliRunner

from dragoman.app.cli import app


def _refused(args: list[str], expected: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert expected in result.stderr


def test_a_logged_agreement_outside_the_outcome_space_is_refused(tmp_path: Path) -> None:
    lines = recorded_log(".jsonl").decode().splitlines()
    end = json.loads(lines[-1])
    assert end["kind"] == "agreement"
    end["outcome"] = 600  # pie-split has 101 outcomes
    log = tmp_path / "edited.jsonl"
    log.write_text("\n".join([*lines[:-1], json.dumps(end)]) + "\n")
    _refused(["replay", str(log)], "outcome 600 is not one of the 101 outcomes")


def test_a_sqlite_log_with_text_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    log = tmp_path / "edited.db"
    log.write_bytes(recorded_log(".db"))
    with sqlite3.connect(log) as db:
        db.execute("UPDATE sessions SET title = CAST(? AS TEXT)", (b"caf\xe9 \xd9",))
    _refused(["replay", str(log)], "not a readable Dragoman event log")


def test_the_snap_check_catches_a_value_taken(tmp_path: Path) -> None:
    """The judge of the suite can fail: an on-grid line flagged off the grid is a 'snap'."""
    from fuzz.cases import Case
    from fuzz.run import run_case

    args = ["negotiate", "pie-split", "--human", "Alice", "--agent", "Bob=conceder", "--steps", "4"]
    taken = Case("human", args, stdin="share_for_alice=50\n", off_grid=True, snap_marker="Alice →")
    assert run_case(taken, tmp_path).failure == "snap"
    refused = Case(
        "human", args, stdin="share_for_alice=nan\n", off_grid=True, snap_marker="Alice →"
    )
    assert run_case(refused, tmp_path).failure == ""
    agreement = Case(
        "agreement",
        ["implement", "pie-split", "--agreement", "{dir}/a.yaml", "--runs", "10"],
        {"a.yaml": b"share_for_alice: 50\n"},
        off_grid=True,
    )
    assert run_case(agreement, tmp_path).failure == "snap"

"""Event logs are not trusted: a record whose fields or data have the wrong types is refused on
read with its line (JSONL) or row (SQLite) and field, never a traceback, for `replay` and
`implement --from-log` alike."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.io.eventlog import read_events, write_events
from dragoman.io.eventlog_records import LogError
from dragoman.io.scenario_file import load_scenario
from dragoman.runs.negotiation import negotiate

runner = CliRunner()

FAULTS: list[tuple[str, int, Any, str]] = [
    # (field to change, which event (0: START, -1: the end), new value, expected words)
    ("kind", 1, [], "unknown event kind"),
    ("step", 1, "one", "field step"),
    ("outcome", 1, -3, "field outcome"),
    ("data.total_steps", 0, "many", "data.total_steps"),
    ("data.seed", 0, 1.5, "data.seed"),
    ("data.seats", 0, {"Alice": {"strategy": 3}}, "data.seats.Alice.strategy"),
    ("data.scenario", 0, ["not", "text"], "data.scenario"),
    ("data.utilities", -1, {"Alice": "x"}, "data.utilities.Alice"),
    ("data.time", -1, 7.0, "data.time"),
]


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    result = negotiate(load_scenario("pie-split"), "alternating", seed=1)
    assert result.status == "agreement"
    return [e.to_dict() for e in result.events]


def broken(
    records: list[dict[str, Any]], field: str, index: int, value: Any
) -> list[dict[str, Any]]:
    changed = json.loads(json.dumps(records))
    target = changed[index]
    *parents, last = field.split(".")
    for part in parents:
        target = target[part]
    target[last] = value
    return changed


@pytest.mark.parametrize(("field", "index", "value", "words"), FAULTS)
def test_a_bad_jsonl_record_is_refused_with_its_line_and_field(
    records: list[dict[str, Any]], tmp_path: Path, field: str, index: int, value: Any, words: str
) -> None:
    path = tmp_path / "bad.jsonl"
    lines = [json.dumps(r) for r in broken(records, field, index, value)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    line = index + 1 if index >= 0 else len(lines)
    with pytest.raises(LogError, match=rf":{line}: .*{words}"):
        read_events(path)
    for args in (["replay", str(path)], ["implement", "pie-split", "--from-log", str(path)]):
        result = runner.invoke(app, args)
        assert (result.exit_code == 2 and result.exception is None) or isinstance(
            result.exception, SystemExit
        ), result.output
        assert words.split(".")[-1] in result.output


@pytest.mark.parametrize(("field", "index", "value", "words"), FAULTS[3:])
def test_a_bad_sqlite_row_is_refused_with_its_row_and_field(
    records: list[dict[str, Any]], tmp_path: Path, field: str, index: int, value: Any, words: str
) -> None:
    path = tmp_path / "bad.db"
    result = negotiate(load_scenario("pie-split"), "alternating", seed=1)
    write_events(result.events, path)
    bad = broken(records, field, index, value)[index]
    seq = 0 if index == 0 else len(records) - 1
    with sqlite3.connect(path) as db:
        db.execute("UPDATE events SET data_json = ? WHERE seq = ?", (json.dumps(bad["data"]), seq))
    with pytest.raises(LogError, match=rf"row seq {seq}: .*{words}"):
        read_events(path)
    replay = runner.invoke(app, ["replay", str(path)])
    assert replay.exit_code == 2, replay.output

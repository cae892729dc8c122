"""Tests of the event logs: round trips, byte-identical reruns, atomic writes, located errors."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from dragoman import load_scenario
from dragoman.io.eventlog import (
    JsonlLog,
    LogError,
    SqliteLog,
    list_sessions,
    log_for,
    read_events,
    write_events,
)
from dragoman.io.eventlog_jsonl import read_jsonl
from dragoman.io.eventlog_sqlite import read_sqlite
from dragoman.negotiation import AlternatingOffers, Session
from dragoman.negotiation.events import Event, EventKind
from dragoman.strategies import make_agent


def pie_events(seed: int = 1, sinks: Sequence[Callable[[Event], None]] = ()) -> list[Event]:
    """The example run of the brief: pie-split, linear Alice against boulware Bob."""
    seats = {"Alice": make_agent("linear"), "Bob": make_agent("boulware")}
    scenario = load_scenario("pie-split")
    return list(Session(scenario, AlternatingOffers(), seats, seed=seed, sinks=sinks).run().events)


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return pie_events()


def only_line(exc: pytest.ExceptionInfo[LogError]) -> str:
    text = str(exc.value)
    assert "\n" not in text
    return text


# --- round trips ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["run.jsonl", "run.db", "run.sqlite", "run.sqlite3"])
def test_round_trip(events: list[Event], tmp_path: Path, name: str) -> None:
    write_events(events, tmp_path / name)
    assert read_events(tmp_path / name) == events
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary file left


@pytest.mark.parametrize("name", ["run.jsonl", "run.db"])
def test_outcomes_beyond_64_bits_round_trip_exactly(
    events: list[Event], tmp_path: Path, name: str
) -> None:
    """Spaces of 10**30 outcomes and more (ANAC 2014-style 30- and 50-issue domains) have
    outcome indices SQLite's INTEGER cannot hold; they come back exact, as do small ones."""
    wide = [2**63, 10**50 - 1, 2**63 - 1, 0]
    changed = [
        Event(e.step, e.round, e.kind, e.sender, e.receivers, wide[k % 4], e.data)
        if e.outcome is not None
        else e
        for k, e in enumerate(events)
    ]
    assert sum(e.outcome is not None for e in changed) >= 4
    write_events(changed, tmp_path / name)
    path = tmp_path / name  # as stored: the outcomes fit no scenario, which `read_events` checks
    stored = read_sqlite(path, None) if name.endswith(".db") else read_jsonl(path)
    assert stored == changed
    with pytest.raises(LogError, match="is not one of the"):
        read_events(path)
    if name.endswith(".db"):
        with sqlite3.connect(tmp_path / name) as db:
            kinds = {row[0] for row in db.execute("SELECT typeof(outcome) FROM events")}
        assert kinds == {"blob", "integer", "null"}


def test_same_seed_gives_identical_jsonl_bytes(tmp_path: Path) -> None:
    write_events(pie_events(seed=7), tmp_path / "a.jsonl")
    write_events(pie_events(seed=7), tmp_path / "b.jsonl")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    write_events(pie_events(seed=8), tmp_path / "c.jsonl")  # the seed is in the START line
    assert (tmp_path / "a.jsonl").read_bytes() != (tmp_path / "c.jsonl").read_bytes()


def test_logs_as_live_sinks_match_written_logs(events: list[Event], tmp_path: Path) -> None:
    path = tmp_path / "live.jsonl"
    seen: list[int] = []  # the lines in the file as each event happens

    def lines_so_far(event: Event) -> None:
        seen.append(len(path.read_bytes().splitlines()))

    with JsonlLog(path) as jsonl, SqliteLog(tmp_path / "live.db") as db:
        live = pie_events(sinks=(jsonl, lines_so_far, db))
    assert seen == list(range(1, len(events) + 1))  # every event in the file as it happens
    assert live == events
    write_events(events, tmp_path / "after.jsonl")
    assert path.read_bytes() == (tmp_path / "after.jsonl").read_bytes()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == [e.to_json() for e in events]
    assert read_events(tmp_path / "live.db") == events


# --- never lose what a log holds ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["run.jsonl", "run.db"])
def test_an_interrupted_run_adds_its_session_cut_short(
    events: list[Event], tmp_path: Path, name: str
) -> None:
    """Ctrl-C mid-session: the older session stays as it was, the interrupted one is kept as
    far as it went, and reads back cut short (both formats alike)."""
    path = tmp_path / name
    write_events(events, path)
    before = path.read_bytes()
    with pytest.raises(KeyboardInterrupt), log_for(path) as log:
        for event in events[:10]:
            log(event)
        raise KeyboardInterrupt
    if name.endswith(".jsonl"):
        assert path.read_bytes().startswith(before)
    notes: list[str] = []
    assert read_events(path, notes=notes) == events + events[:10]
    assert notes == [f"{path}: the last session has no end event: the log was cut short"]
    assert [s.status for s in list_sessions(path)] == ["agreement", "unfinished"]
    assert read_events(path, list_sessions(path)[0].session_id) == events
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_jsonl_log_dropped_without_close_keeps_what_it_was_given(
    events: list[Event], tmp_path: Path
) -> None:
    log = JsonlLog(tmp_path / "run.jsonl")
    log(events[0])
    del log
    gc.collect()
    assert read_events(tmp_path / "run.jsonl") == events[:1]
    JsonlLog(tmp_path / "new.jsonl").close()  # given no event: no file
    assert [p.name for p in tmp_path.iterdir()] == ["run.jsonl"]


@pytest.mark.parametrize("name", ["runs.jsonl", "runs.db"])
def test_a_log_that_exists_gets_the_new_session_after_its_own(
    events: list[Event], tmp_path: Path, name: str
) -> None:
    """A second run on the same log adds a session, never replaces the first (a .jsonl as a
    .db always did); sessions are selected by the same ids in both formats."""
    path = tmp_path / name
    other = pie_events(seed=2)
    write_events(events, path)
    write_events(other, path)
    write_events(events, path)
    sessions = list_sessions(path)
    assert [(s.created_seq, s.seed) for s in sessions] == [(1, 1), (2, 2), (3, 1)]
    assert read_events(path) == events + other + events
    assert read_events(path, sessions[1].session_id) == other
    assert sessions[2].session_id == sessions[0].session_id[:-1] + "2"
    twin = tmp_path / ("twin.db" if name.endswith(".jsonl") else "twin.jsonl")
    write_events(events + other + events, twin)
    assert [s.session_id for s in list_sessions(twin)] == [s.session_id for s in sessions]


def test_a_jsonl_log_cut_mid_line_is_not_appended_to(events: list[Event], tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    write_events(events, path)
    path.write_bytes(path.read_bytes()[:-30])
    before = path.read_bytes()
    with pytest.raises(LogError, match="last line is cut mid-event: nothing appended") as exc:
        JsonlLog(path)
    assert only_line(exc).startswith(str(path))
    assert path.read_bytes() == before


def test_two_runs_never_append_to_one_jsonl_log_at_once(
    events: list[Event], tmp_path: Path
) -> None:
    path = tmp_path / "run.jsonl"
    with JsonlLog(path) as first:
        first(events[0])
        with pytest.raises(LogError, match="another run is writing this log"):
            JsonlLog(path)
        for event in events[1:]:
            first(event)
    with JsonlLog(path) as second:  # the lock went with the first
        second(events[0])
    assert read_events(path, notes=[]) == events + events[:1]


def test_closed_logs_refuse_events(events: list[Event], tmp_path: Path) -> None:
    for log in (JsonlLog(tmp_path / "a.jsonl"), SqliteLog(tmp_path / "a.db")):
        log.close()
        with pytest.raises(LogError, match="closed"):
            log(events[0])


def test_sqlite_crash_mid_session_keeps_it_as_unfinished(
    events: list[Event], tmp_path: Path
) -> None:
    path = tmp_path / "runs.db"
    write_events(events, path)
    with pytest.raises(RuntimeError), SqliteLog(path) as log:
        for event in events[:-1]:
            log(event)
        raise RuntimeError("seat crashed")
    assert [s.event_count for s in list_sessions(path)] == [len(events), len(events) - 1]
    assert [s.status for s in list_sessions(path)] == ["agreement", "unfinished"]
    assert read_events(path, list_sessions(path)[0].session_id) == events


def test_sqlite_failed_insert_rolls_back(events: list[Event], tmp_path: Path) -> None:
    path = tmp_path / "runs.db"
    write_events(events, path)
    bad = Event(1, 0, EventKind.DEADLINE, data={"not json": object()})
    with pytest.raises(TypeError), SqliteLog(path) as log:
        log(events[0])
        log(bad)  # the session row is inserted before the events: it must be rolled back
    assert len(list_sessions(path)) == 1
    assert sqlite3.connect(path).execute("SELECT count(*) FROM events").fetchone()[0] == len(events)


def test_other_files_are_never_written_to(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE accounts (x)")
    before = foreign.read_bytes()
    with pytest.raises(LogError, match="not a usable SQLite database"):
        SqliteLog(junk)
    with pytest.raises(LogError, match="not a Dragoman event log") as exc:
        SqliteLog(foreign)
    assert only_line(exc).startswith(str(foreign))
    assert junk.read_bytes() == b"not a database" * 100
    assert foreign.read_bytes() == before


# --- sessions ---------------------------------------------------------------------------------


def test_several_sessions_in_one_database(events: list[Event], tmp_path: Path) -> None:
    path = tmp_path / "runs.db"
    other = pie_events(seed=2)
    write_events(events + other, path)
    write_events(events, path)
    sessions = list_sessions(path)
    assert [s.created_seq for s in sessions] == [1, 2, 3]
    assert [s.seed for s in sessions] == [1, 2, 1]
    assert {s.status for s in sessions} == {"agreement"}
    assert sessions[0].title.startswith("Split the pie") and sessions[0].protocol == "alternating"
    first, second, third = (s.session_id for s in sessions)
    assert third == first[:-1] + "2" and first.endswith("-1")  # same START: next counter
    assert read_events(path, third) == events
    assert read_events(path, second) == other
    assert read_events(path) == events + other + events
    # the ids are deterministic: the same writes give the same ids in a new database
    write_events(events + other, tmp_path / "again.db")
    assert [s.session_id for s in list_sessions(tmp_path / "again.db")] == [first, second]


def test_jsonl_sessions_use_the_same_ids(events: list[Event], tmp_path: Path) -> None:
    write_events(events, tmp_path / "a.db")
    write_events(events + events, tmp_path / "b.jsonl")
    ids = [s.session_id for s in list_sessions(tmp_path / "b.jsonl")]
    assert ids[0] == list_sessions(tmp_path / "a.db")[0].session_id
    assert read_events(tmp_path / "b.jsonl", ids[1]) == events
    with pytest.raises(LogError, match="no session 'nope'"):
        read_events(tmp_path / "b.jsonl", "nope")


def test_unfinished_session_is_stored_as_unfinished(events: list[Event], tmp_path: Path) -> None:
    with SqliteLog(tmp_path / "runs.db") as log:
        for event in events[:5]:
            log(event)
    (info,) = list_sessions(tmp_path / "runs.db")
    assert (info.status, info.event_count) == ("unfinished", 5)


def test_a_session_must_begin_with_start(events: list[Event], tmp_path: Path) -> None:
    with SqliteLog(tmp_path / "runs.db") as log, pytest.raises(LogError, match="start event"):
        log(events[1])


# --- malformed logs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not JSON"),
        ('{"step": 1, "round": 0, "kind": "shout"}', "unknown event kind 'shout'"),
        ('{"round": 0, "kind": "offer"}', "field step: Field required"),
        (
            '{"step": "one", "round": 0, "kind": "offer"}',
            "field step: Input should be a valid integer",
        ),
        (
            '{"step": 1, "round": 0, "kind": "offer", "receivers": "Bob"}',
            "field receivers: Input should be a valid list",
        ),
        ("[1, 2]", "expected a JSON object"),
    ],
)
def test_bad_jsonl_line_is_located(
    events: list[Event], tmp_path: Path, line: str, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    good = [e.to_json() for e in events[:3]]
    path.write_text("\n".join([*good, line, *good[1:]]) + "\n", encoding="utf-8")
    with pytest.raises(LogError, match=message) as exc:
        read_events(path)
    assert only_line(exc).startswith(f"{path}:4: ")


def test_truncated_jsonl_is_reported(events: list[Event], tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    write_events(events, path)
    path.write_bytes(path.read_bytes()[:-30])
    with pytest.raises(LogError, match="truncated line") as exc:
        read_events(path)
    assert only_line(exc).startswith(f"{path}:{len(events)}: ")


def test_jsonl_must_begin_with_start_and_be_utf8(events: list[Event], tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(events[1].to_json() + "\n", encoding="utf-8")
    with pytest.raises(LogError, match=r":1: a log begins with a start event, not offer"):
        read_events(path)
    path.write_bytes(events[0].to_json().encode() + b'\n{"step": "caf\xe9"}\n')
    with pytest.raises(LogError, match=r":2: not UTF-8"):
        read_events(path)


def test_oversized_jsonl_is_refused(
    events: list[Event], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_events(events, tmp_path / "big.jsonl")
    monkeypatch.setenv("DRAGOMAN_MAX_LOG_BYTES", "1000")
    with pytest.raises(LogError, match=r"log too large \(\d[\d,]* > 1,000 bytes, the limit"):
        read_events(tmp_path / "big.jsonl")


def test_bad_sqlite_rows_are_located(events: list[Event], tmp_path: Path) -> None:
    path = tmp_path / "runs.db"
    write_events(events, path)
    (info,) = list_sessions(path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE events SET kind = 'shout' WHERE seq = 5")
    with pytest.raises(LogError, match="unknown event kind 'shout'") as exc:
        read_events(path)
    assert only_line(exc).startswith(f"{path}: session {info.session_id}, row seq 5: ")
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM events WHERE seq = 5")
    with pytest.raises(LogError, match="event seq 5 is missing"):
        read_events(path)
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM events WHERE seq >= 5")
    with pytest.raises(LogError, match=f"5 events stored, {len(events)} listed"):
        read_events(path)
    with pytest.raises(LogError, match=f"no session 'x' \\(sessions: {info.session_id}\\)"):
        read_events(path, "x")


def test_files_that_are_not_logs(tmp_path: Path) -> None:
    (tmp_path / "junk.db").write_bytes(b"x" * 200)
    with sqlite3.connect(tmp_path / "other.db") as db:
        db.execute("CREATE TABLE events (x)")
    cases = {
        tmp_path / "junk.db": "not a readable Dragoman event log",
        tmp_path / "other.db": "not a Dragoman event log",
        tmp_path / "missing.db": "no such file",
        tmp_path / "missing.jsonl": "no such file",
        tmp_path / "run.txt": r"unknown log format '.txt': use one of .jsonl, .db",
    }
    for path, message in cases.items():
        with pytest.raises(LogError, match=message):
            read_events(path)
    with pytest.raises(LogError, match="unknown log format"):
        write_events([], tmp_path / "run.csv")
    assert not (tmp_path / "run.csv").exists()

"""Log files stay clean and lose nothing: a log killed at any moment reads back (a .jsonl holds
the killed session as far as it went, a .db only finished sessions), what older versions left
as temporary files is removed by the next run, SIGTERM and Ctrl-C keep the session cut short, a
file that is not a log is never written to, and reading is bounded (line length, NaN)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dragoman.io.eventlog import list_sessions, read_events
from dragoman.io.eventlog_jsonl import JsonlLog
from dragoman.io.eventlog_records import LogError, split_sessions
from dragoman.io.scenario_file import load_scenario
from dragoman.limits import limit
from dragoman.runs.negotiation import negotiate

NEGOTIATE = [sys.executable, "-m", "dragoman", "negotiate", "river-basin", "--quiet"]


def good_log(path: Path) -> bytes:
    negotiate(load_scenario("pie-split"), "alternating", seed=2, log=path)
    return path.read_bytes()


def test_a_file_that_is_not_a_log_is_not_replaced(tmp_path: Path) -> None:
    notes = tmp_path / "notes.jsonl"
    notes.write_text("my notes\n", encoding="utf-8")
    with pytest.raises(LogError, match="not a Dragoman log"):
        JsonlLog(notes)
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    log = tmp_path / "run.jsonl"
    before = good_log(log)
    good_log(log)  # a Dragoman log gets the new run's session after its own
    assert log.read_bytes() == before + before


def test_the_partial_file_of_a_killed_run_is_removed_by_the_next(tmp_path: Path) -> None:
    log = tmp_path / "run.jsonl"
    dead = subprocess.run([sys.executable, "-c", "pass"], check=True)  # a pid that has exited
    assert dead.returncode == 0
    stale = tmp_path / f".run.jsonl.{2**22 + 12345}.abcdef.tmp"
    stale.write_text('{"partial": ', encoding="utf-8")
    sink = JsonlLog(log)
    sink.close()
    assert sink.removed == [stale] and not stale.exists()


def _into_the_session(pid: int, log: Path, before: int, suffix: str) -> bool:
    """Whether the run is well into its session: a .jsonl log grown by 10 kB; for a .db (it
    shows nothing until a session is stored), 3 s of the run's CPU time, wherever /proc tells
    it (a loaded machine may take longer than that to import), else 4 s of waiting."""
    if suffix == ".jsonl":
        return log.stat().st_size >= before + 10_000
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():
        time.sleep(4)
        return True
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") >= 3.0


@pytest.mark.parametrize("suffix", [".jsonl", ".db"])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_sigterm_sigint_and_sighup_keep_the_session_cut_short(
    tmp_path: Path, sig: int, suffix: str
) -> None:
    log = tmp_path / f"run{suffix}"
    before = good_log(log)

    # a foreground command's signals, whatever the test worker ignores (SIG_IGN is inherited)
    def default_signals() -> None:
        for each in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(each, signal.SIG_DFL)

    args = [*NEGOTIATE, "--steps", "1000000", "--log", str(log)]  # the limit: a long session
    proc = subprocess.Popen(
        args, cwd=tmp_path, preexec_fn=default_signals, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60  # well into the session: a .jsonl grows as it goes, a
    while not _into_the_session(proc.pid, log, len(before), suffix):  # .db shows nothing
        assert proc.poll() is None  # until a session is stored
        assert time.monotonic() < deadline, "the session had not begun in 60 s"
        time.sleep(0.05)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert f"the session was cut short: {log} holds it as far as it went" in err
    if suffix == ".jsonl":
        assert log.read_bytes().startswith(before)
    notes: list[str] = []
    events = read_events(log, notes=notes)
    assert notes == [f"{log}: the last session has no end event: the log was cut short"]
    assert [s.status for s in list_sessions(log)] == ["agreement", "unfinished"]
    assert len(events) > len(before.splitlines()) + 1  # the killed run's events, kept
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("suffix", [".jsonl", ".db"])
def test_sigkill_at_random_moments_loses_nothing_stored(tmp_path: Path, suffix: str) -> None:
    """15 runs each killed at a random moment; the log always reads, every session stored
    before stays as it was (a .jsonl keeps each killed session as far as it went, cut short;
    a .db holds only finished sessions: each is stored in one transaction), and a run after
    them adds its session (the previous good log, a separate file, untouched)."""
    rng = random.Random(1234)
    previous = tmp_path / f"previous{suffix}"
    previous_bytes = good_log(previous)
    log = tmp_path / f"run{suffix}"
    stored: list[list[object]] = []
    for _ in range(15):
        args = [*NEGOTIATE, "--protocol", "single-text", "--steps", "400", "--log", str(log)]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if log.exists():
            sessions = [group for _, group in split_sessions(read_events(log))]  # one read
            assert sessions[: len(stored)] == stored  # what was stored stays
            if suffix == ".db":
                for info in list_sessions(log):
                    assert info.status in ("agreement", "breakdown", "deadline", "error"), info
            stored = sessions
    subprocess.run([*NEGOTIATE, "--log", str(log)], check=True, capture_output=True)
    assert not list(tmp_path.glob(".*.tmp")) and read_events(log)
    assert len(list_sessions(log)) == len(stored) + 1
    assert previous.read_bytes() == previous_bytes


def test_reading_refuses_an_overlong_line_and_nan(tmp_path: Path) -> None:
    log = tmp_path / "run.jsonl"
    good_log(log)
    lines = log.read_bytes().splitlines()
    huge = tmp_path / "huge.jsonl"
    long_line = b'{"x": "' + b"a" * (limit("log_line_bytes") + 10) + b'"}\n'
    huge.write_bytes(lines[0] + b"\n" + long_line)
    with pytest.raises(LogError, match=r":2: line too long .*DRAGOMAN_MAX_LOG_LINE_BYTES"):
        read_events(huge)
    record = json.loads(lines[-1])
    record["data"]["time"] = "NaN-placeholder"
    nan = tmp_path / "nan.jsonl"
    bad = json.dumps(record).replace('"NaN-placeholder"', "NaN").encode()
    nan.write_bytes(b"\n".join([*lines[:-1], bad]) + b"\n")
    with pytest.raises(LogError, match="NaN is not a finite number"):
        read_events(nan)


def test_stale_removal_leaves_a_live_run_alone(tmp_path: Path) -> None:
    mine = tmp_path / f".run.jsonl.{os.getpid()}.cafe00.tmp"
    mine.write_text("in progress", encoding="utf-8")
    JsonlLog(tmp_path / "run.jsonl").close()
    assert mine.exists()


_KILLED_WRITER = """
import os, signal, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA cache_size=1")
db.execute("BEGIN IMMEDIATE")
db.execute("CREATE TABLE half_written (x BLOB)")
for _ in range(200):
    db.execute("INSERT INTO half_written VALUES (randomblob(4096))")
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_log_whose_writer_died_mid_transaction_reads_as_before(tmp_path: Path) -> None:
    """A writer killed inside a transaction leaves a hot journal: reading the log rolls it
    back and gives what was committed (the CI once read such a log and failed to)."""
    log = tmp_path / "run.db"
    good_log(log)
    before = list_sessions(log)
    killed = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(log)], check=False)
    assert killed.returncode == -signal.SIGKILL
    assert (tmp_path / "run.db-journal").stat().st_size > 0  # a hot journal is left
    assert list_sessions(log) == before
    assert read_events(log)
    assert not (tmp_path / "run.db-journal").exists()  # rolled back


def _edited(tmp_path: Path, edit: object) -> Path:
    """A pie-split log with `edit` applied to its events (as dictionaries)."""
    lines = [json.loads(line) for line in good_log(tmp_path / "good.jsonl").splitlines()]
    assert callable(edit)
    edit(lines)
    path = tmp_path / "edited.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in lines))
    return path


def _river_scenario(lines: list[dict[str, object]]) -> None:
    start = lines[0]["data"]
    assert isinstance(start, dict)
    start["scenario"] = load_scenario("river-basin").yaml_text


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda e: e[2].update(outcome=10**9), r":3: outcome 1000000000 is not one of the 101 "),
        (lambda e: e[2].update(sender="Nobody"), r":3: Nobody is not a seat of the session's"),
        (_river_scenario, r":1: seat Alice is not a party of the start event's scenario"),
        (lambda e: e.reverse(), r":1: a log begins with a start event, not agreement"),
        (lambda e: e.append(e[1]), r"offer event after the session's end"),
    ],
)
def test_events_that_do_not_fit_their_scenario_are_refused(
    tmp_path: Path, edit: object, message: str
) -> None:
    path = _edited(tmp_path, edit)
    with pytest.raises(LogError, match=message):
        read_events(path)


def test_a_log_cut_short_is_read_with_a_note(tmp_path: Path) -> None:
    path = _edited(tmp_path, lambda e: e.pop())
    notes: list[str] = []
    assert read_events(path, notes=notes)
    assert notes == [f"{path}: the last session has no end event: the log was cut short"]

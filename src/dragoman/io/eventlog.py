"""Event logs: the event stream of sessions stored and read back, as JSON lines or in SQLite.

Events are the single source of truth, so a log must be exact and what it holds is never lost:
both writers are session sinks that add a session to a log that exists (never replacing it) and
keep a session interrupted as far as it went (see `eventlog_jsonl` and `eventlog_sqlite`); the
readers check every line or row, raising `LogError` with the file and the place of the first
fault, and select sessions alike (by id; every session, in order, by default). The format
follows the file's suffix.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dragoman.io.eventlog_checks import checked_events
from dragoman.io.eventlog_jsonl import JsonlLog, read_jsonl
from dragoman.io.eventlog_records import LogError, SessionInfo, split_sessions
from dragoman.io.eventlog_sqlite import SqliteLog, list_sqlite, read_sqlite
from dragoman.negotiation.events import Event

__all__ = [
    "JSONL_SUFFIXES",
    "SQLITE_SUFFIXES",
    "JsonlLog",
    "LogError",
    "SessionInfo",
    "SqliteLog",
    "list_sessions",
    "log_for",
    "read_events",
    "write_events",
]

JSONL_SUFFIXES = (".jsonl",)
SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def log_for(path: str | Path) -> JsonlLog | SqliteLog:
    """A log sink for `path`, in the format its suffix names."""
    return JsonlLog(path) if _is_jsonl(Path(path)) else SqliteLog(path)


def write_events(events: Iterable[Event], path: str | Path) -> None:
    """Add events to the log at `path` (format by suffix), after any sessions it holds."""
    with log_for(path) as log:
        for event in events:
            log(event)


def read_events(
    path: str | Path, session: str | None = None, notes: list[str] | None = None
) -> list[Event]:
    """The events in a log: of one session (by id) or, if None, of every session in order;
    LogError if they do not fit their session's scenario (`checked_events`), whose notes (a
    session cut short) go to `notes`."""
    path = Path(path)
    if not _is_jsonl(path):
        events = read_sqlite(path, session)
    elif not path.is_file():
        raise LogError(path, "no such file")
    else:
        events = read_jsonl(path)
        if session is not None:
            sessions = dict((info.session_id, group) for info, group in split_sessions(events))
            if session not in sessions:
                known = ", ".join(sessions) or "none"
                raise LogError(path, f"no session {session!r} (sessions: {known})")
            events = sessions[session]
    found = checked_events(path, events)
    if notes is not None:
        notes.extend(found)
    return events


def list_sessions(path: str | Path) -> list[SessionInfo]:
    """The sessions in a log, in the order they were stored (ids as `read_events` takes them)."""
    path = Path(path)
    if _is_jsonl(path):
        return [info for info, _ in split_sessions(read_events(path))]
    return list_sqlite(path)


def _is_jsonl(path: Path) -> bool:
    """Whether the suffix names JSONL (True) or SQLite (False); LogError for any other."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES + SQLITE_SUFFIXES:
        return suffix in JSONL_SUFFIXES
    known = ", ".join(JSONL_SUFFIXES + SQLITE_SUFFIXES)
    raise LogError(path, f"unknown log format {suffix or '(no suffix)'!r}: use one of {known}")

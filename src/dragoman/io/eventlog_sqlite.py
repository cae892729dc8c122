"""The SQLite event log: a `sessions` table and an `events` table, several sessions per file.

Each session is stored in one transaction when it ends, or when the log is closed, normally or
on the way out of an interruption (Ctrl-C, a person's input ended, SIGTERM, a closed terminal:
then as unfinished, and it reads back cut short), so a crash leaves the database as it was, and
no write lock is held while seats think. A process killed outright (SIGKILL) loses only the
session in progress; the JSON-lines log keeps every event as it happens. A new log is built
in a temporary file beside the target and moved into place when its first session is stored, so
a run killed before that leaves no file (the next run removes the temporary one). The file is
marked with an application id, so a Dragoman log is told from any other database, and the writer
never adds its tables to a database of another kind. An outcome index beyond SQLite's 64-bit
integers (spaces of more than 2**63 outcomes) is stored as a BLOB of its decimal digits, which
column affinity leaves alone (a TEXT value would be turned into an inexact REAL), and read back
exact.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import astuple, fields
from pathlib import Path

from dragoman.io.eventlog_records import (
    KeptAlways,
    LogError,
    SessionInfo,
    decode_event,
    dumps,
    remove_stale,
    session_digest,
    session_info,
    temporary_name,
)
from dragoman.io.json_text import parse_json
from dragoman.negotiation.events import END_KINDS, Event, EventKind

__all__ = ["SqliteLog", "list_sqlite", "read_sqlite"]

#: Stored in the SQLite header (`PRAGMA application_id`): "DRGM".
APPLICATION_ID = 0x4452474D
SCHEMA_VERSION = 1
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS sessions (
        session_id TEXT PRIMARY KEY, created_seq INTEGER NOT NULL UNIQUE,
        title TEXT NOT NULL, protocol TEXT NOT NULL, seed INTEGER,
        status TEXT NOT NULL, event_count INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS events (
        session_id TEXT NOT NULL REFERENCES sessions, seq INTEGER NOT NULL,
        step INTEGER NOT NULL, round INTEGER NOT NULL, kind TEXT NOT NULL, sender TEXT NOT NULL,
        receivers_json TEXT NOT NULL, outcome INTEGER, data_json TEXT NOT NULL,
        PRIMARY KEY (session_id, seq))""",
)
_COLUMNS = "seq, step, round, kind, sender, receivers_json, outcome, data_json"
_SESSION_COLUMNS = ", ".join(f.name for f in fields(SessionInfo))
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


class SqliteLog(KeptAlways):
    """Sink storing sessions in SQLite, each in one transaction when it ends or on `close()`.

    Use it as a context manager: leaving the block, normally or with an exception, stores the
    session in progress as unfinished (a session cut short). `session_ids` lists what was
    stored.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.session_ids: list[str] = []
        self.removed = remove_stale(self.path)  # new logs of killed runs, now gone
        self._pending: list[Event] = []
        #: where the log is built until its first session is stored (None: the target itself)
        self._new = None if self.path.exists() else temporary_name(self.path)
        self._db: sqlite3.Connection | None = _connect(self._new or self.path, write=True)
        try:
            with _transaction(self._db):
                _prepare(self._db, self.path)
        except sqlite3.DatabaseError as exc:
            self.discard()
            raise LogError(self.path, f"not a usable SQLite database: {exc}") from None
        except BaseException:
            self.discard()
            raise

    def __call__(self, event: Event) -> None:
        if self._db is None:
            raise LogError(self.path, "the log is closed")
        if event.kind == EventKind.START and self._pending:
            self._store()
        if not self._pending and event.kind != EventKind.START:
            raise LogError(self.path, f"a session begins with a start event, not {event.kind}")
        self._pending.append(event)
        if event.kind in END_KINDS:
            self._store()

    def close(self) -> None:
        """Store the session in progress (if any, as unfinished) and close the database."""
        try:
            if self._db is not None and self._pending:
                self._store()
        finally:
            self.discard()

    def discard(self) -> None:
        """Drop the session in progress and close; sessions already stored stay."""
        self._pending = []
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._new is not None:  # nothing was stored: the new log never appears
            self._new.unlink(missing_ok=True)

    def _store(self) -> None:
        assert self._db is not None
        events, self._pending = self._pending, []
        try:
            with _transaction(self._db):
                self.session_ids.append(_insert(self._db, events))
            if self._new is not None:
                self._db.close()
                os.replace(self._new, self.path)  # the first session: the log appears, whole
                self._new = None
                self._db = _connect(self.path, write=True)
        except (sqlite3.Error, OSError) as exc:
            raise LogError(self.path, f"cannot store the session: {exc}") from None


def _connect(path: Path, write: bool) -> sqlite3.Connection:
    """A connection without implicit transactions (we open them); read-only unless `write`."""
    if not write and not path.is_file():
        raise LogError(path, "no such file")
    uri = path.resolve().as_uri() + ("" if write else "?mode=ro")
    try:
        return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise LogError(path, f"cannot open the database: {exc}") from None


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taking the write lock at once; rolled back on any exception."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _prepare(db: sqlite3.Connection, path: Path) -> None:
    """Create the tables in a new or Dragoman database; refuse any other database."""
    tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if tables:
        _check_ours(db, path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    for statement in _SCHEMA:
        db.execute(statement)


def _check_ours(db: sqlite3.Connection, path: Path) -> None:
    """LogError unless the header marks a Dragoman log this version can read."""
    app, version = (
        db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("application_id", "user_version")
    )
    if app != APPLICATION_ID:
        raise LogError(path, "a SQLite database, but not a Dragoman event log")
    if version > SCHEMA_VERSION:
        raise LogError(path, f"log format {version} is newer than this Dragoman ({SCHEMA_VERSION})")


def _insert(db: sqlite3.Connection, events: Sequence[Event]) -> str:
    """Store one session's events (the first is START); its id."""
    digest = session_digest(events[0])
    number = db.execute("SELECT count(*) FROM sessions WHERE session_id LIKE ?", (f"{digest}-%",))
    created = db.execute("SELECT coalesce(max(created_seq), 0) + 1 FROM sessions")
    info = session_info(events, number.fetchone()[0] + 1, created.fetchone()[0])
    marks = ", ".join("?" * len(astuple(info)))
    db.execute(f"INSERT INTO sessions ({_SESSION_COLUMNS}) VALUES ({marks})", astuple(info))
    rows = [
        (
            info.session_id,
            seq,
            e.step,
            e.round,
            e.kind.value,
            e.sender,
            dumps(list(e.receivers)),
            _stored_outcome(e.outcome),
            dumps(dict(e.data)),
        )
        for seq, e in enumerate(events)
    ]
    db.executemany(
        f"INSERT INTO events (session_id, {_COLUMNS}) VALUES ({', '.join('?' * 9)})", rows
    )
    return info.session_id


def _stored_outcome(outcome: int | None) -> int | bytes | None:
    """An outcome index as SQLite can hold it exactly (see the module doc)."""
    if outcome is None or _INT64_MIN <= outcome <= _INT64_MAX:
        return outcome
    return str(int(outcome)).encode("ascii")


def _loaded_outcome(value: object) -> object:
    """An outcome index as stored, back to an int (anything else is left for the checks)."""
    if isinstance(value, bytes) and value.isdigit():
        return int(value.decode("ascii"))
    return value


def list_sqlite(path: Path) -> list[SessionInfo]:
    """The sessions in a SQLite log, in the order they were stored."""
    with _reading(path) as db:
        return _sessions(db)


def read_sqlite(path: Path, session: str | None = None) -> list[Event]:
    """The events of one session, or of every session in storage order."""
    with _reading(path) as db:
        infos = _sessions(db)
        chosen = [s for s in infos if session in (None, s.session_id)]
        if not chosen and session is not None:
            known = ", ".join(s.session_id for s in infos) or "none"
            raise LogError(path, f"no session {session!r} (sessions: {known})")
        return [e for info in chosen for e in _events(db, path, info)]


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a checked Dragoman log; SQLite faults become LogErrors.

    A writer killed inside a transaction leaves a hot journal, which SQLite rolls back when the
    file is next opened, and only a connection that may write can: then the log is opened so,
    and reading it restores the last committed state (what the log held before the kill)."""
    with closing(_connect(path, write=_hot_journal(path))) as db:
        try:
            _check_ours(db, path)
            yield db
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # text that is not UTF-8
            raise LogError(path, f"not a readable Dragoman event log: {exc}") from None


def _hot_journal(path: Path) -> bool:
    """Whether a rollback journal is left beside the log (a writer died, or is writing)."""
    journal = path.with_name(path.name + "-journal")
    return path.is_file() and journal.is_file() and journal.stat().st_size > 0


def _sessions(db: sqlite3.Connection) -> list[SessionInfo]:
    """Every stored session, in storage order."""
    query = f"SELECT {_SESSION_COLUMNS} FROM sessions ORDER BY created_seq"
    rows = db.execute(query).fetchall()
    return [SessionInfo(*row) for row in rows]


def _events(db: sqlite3.Connection, path: Path, info: SessionInfo) -> list[Event]:
    """One session's events, each row checked; LogError naming the session and row."""
    session = info.session_id
    query = f"SELECT {_COLUMNS} FROM events WHERE session_id = ? ORDER BY seq"
    events: list[Event] = []
    for k, row in enumerate(db.execute(query, (session,))):
        where = f"session {session}, row seq {row[0]}"
        if row[0] != k:
            raise LogError(path, f"event seq {k} is missing", where=where)
        try:
            receivers, data = parse_json(row[5]), parse_json(row[7])
            record = dict(zip(_COLUMNS.split(", ")[1:5], row[1:5], strict=True))
            event = decode_event(
                record | {"receivers": receivers, "outcome": _loaded_outcome(row[6]), "data": data}
            )
        except (ValueError, TypeError) as exc:
            raise LogError(path, str(exc), where=where) from None
        if k == 0 and event.kind != EventKind.START:
            raise LogError(
                path, f"a session begins with a start event, not {event.kind}", where=where
            )
        events.append(event)
    if len(events) != info.event_count:
        message = f"{len(events)} events stored, {info.event_count} listed for the session"
        raise LogError(path, message, where=f"session {session}")
    return events

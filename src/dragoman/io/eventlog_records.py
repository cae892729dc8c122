"""What the event-log formats share: the error type, session ids and summaries, and the checked
decoding of one stored event (a JSON line or a SQLite row, both as plain data).

A session's id is a short hash of its canonical START line plus a counter (the same START stored
again gets the next number): deterministic, no clock involved.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from dragoman.errors import DragomanError, Problem
from dragoman.io.eventlog_schema import decode_record
from dragoman.negotiation.events import END_KINDS, Event, EventKind

__all__ = [
    "KeptAlways",
    "LogError",
    "SessionInfo",
    "decode_event",
    "dumps",
    "remove_stale",
    "session_digest",
    "session_info",
    "split_sessions",
    "temporary_name",
]

_INT64 = range(-(2**63), 2**63)


class LogError(DragomanError):
    """A log that cannot be written or read; one line naming the file and the line or row."""

    def __init__(
        self, file: str | Path, message: str, line: int | None = None, where: str = ""
    ) -> None:
        self.file, self.line, self.where = str(file), line, where
        self.problems = [Problem(message, where, str(file), line)]
        head = f"{file}:{line}" if line is not None else ": ".join(filter(None, (str(file), where)))
        super().__init__(f"{head}: {message}".replace("\n", " "))


@dataclass(frozen=True)
class SessionInfo:
    """One session stored in a log, as `list_sessions` describes it."""

    session_id: str
    created_seq: int  # 1, 2, ... in the order the sessions were stored
    title: str
    protocol: str
    seed: int | None  # None if absent or too big for SQLite (the START event keeps it)
    status: str  # the end event's kind ("agreement", ...), or "unfinished"
    event_count: int


def dumps(value: Any) -> str:
    """Canonical JSON (sorted keys, no spaces), as `Event.to_json` writes it."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def session_digest(start: Event) -> str:
    """A short hash of the canonical START line: the stem of the session's id."""
    return hashlib.sha256(start.to_json().encode()).hexdigest()[:12]


def session_info(events: Sequence[Event], number: int, created_seq: int) -> SessionInfo:
    """The summary of one session (`events` begins with START); `number` counts equal STARTs."""
    start, last = events[0], events[-1].kind
    seed = start.data.get("seed")
    return SessionInfo(
        session_id=f"{session_digest(start)}-{number}",
        created_seq=created_seq,
        title=str(start.data.get("title", "")),
        protocol=str(start.data.get("protocol", "")),
        seed=seed if isinstance(seed, int) and seed in _INT64 else None,
        status=last.value if last in END_KINDS else "unfinished",
        event_count=len(events),
    )


def split_sessions(events: Sequence[Event]) -> list[tuple[SessionInfo, list[Event]]]:
    """Events cut at each START, each session with its summary (ids as a log would give)."""
    groups: list[list[Event]] = []
    for event in events:
        if event.kind == EventKind.START or not groups:
            groups.append([])
        groups[-1].append(event)
    seen: dict[str, int] = {}
    result = []
    for k, group in enumerate(groups, start=1):
        line = group[0].to_json()
        seen[line] = seen.get(line, 0) + 1
        result.append((session_info(group, seen[line], k), group))
    return result


def decode_event(record: Any) -> Event:
    """The event a stored record describes; ValueError saying, in a few words, what is wrong
    (the record's shape is checked by `eventlog_schema`)."""
    return decode_record(record)


def temporary_name(path: Path) -> Path:
    """Where a log is written before it appears at `path`: `.NAME.<pid>.<hex>.tmp` beside it
    (the process id lets a later run tell a killed run's leftover from a live one)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp")


def remove_stale(path: Path) -> list[Path]:
    """Remove the temporary files that killed runs writing `path` left (their process is gone);
    return them."""
    removed = []
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2 :].split(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def _alive(pid: int) -> bool:
    """Whether a process with this id runs (on this machine)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != 0


class KeptAlways:
    """Context-manager behaviour of a log sink: leaving the block keeps the log (`close`),
    normally or with an exception (Ctrl-C, a person's input ended): the events that happened
    are a record too, and a session they leave without its end reads back cut short."""

    #: the temporary files of killed runs removed when the log was opened
    removed: list[Path]

    def __call__(self, event: Event) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

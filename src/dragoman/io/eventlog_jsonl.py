"""The JSON-lines event log: one canonical `Event.to_json()` line per event.

The writer fills a temporary file beside the target (`.NAME.<pid>.<hex>.tmp`) and renames it
over the target on close, so an interrupted run never leaves a half-written log in place of an
older good one; the temporary file goes on any exit the process can observe (an exception,
SIGTERM, SIGINT), and one left by a killed process (SIGKILL) is removed by the next run that
writes the same log. It refuses to replace a file that is not a Dragoman log. The reader streams
the file line by line (bounded memory), checks every line and names the first bad one.
"""

from __future__ import annotations

import json
import os
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from dragoman.io.eventlog_records import (
    KeptIfComplete,
    LogError,
    decode_event,
    remove_stale,
    temporary_name,
)
from dragoman.io.json_text import parse_json
from dragoman.limits import limit, over, refusal
from dragoman.negotiation.events import Event, EventKind

__all__ = [
    "JsonlLog",
    "is_jsonl_log",
    "iter_jsonl",
    "read_jsonl",
    "refuse_foreign",
]


class JsonlLog(KeptIfComplete):
    """Sink writing one canonical JSON line per event; the file appears, whole, on `close()`.

    Use it as a context manager: leaving the block normally moves the log into place, leaving
    it with an exception discards it. A log dropped without `close()` is discarded too.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.removed = remove_stale(self.path)  # partial logs of killed runs, now gone
        refuse_foreign(self.path)
        self._tmp = temporary_name(self.path)
        try:
            # O_EXCL: never write into someone else's file; 0o666: the umask decides, as usual
            fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as exc:
            raise LogError(self.path, f"cannot write the log: {exc.strerror or exc}") from None
        self._file = open(fd, "w", encoding="utf-8", newline="\n", buffering=1 << 16)  # noqa: SIM115
        self._finalizer = weakref.finalize(self, _discard, self._file, self._tmp)

    def __call__(self, event: Event) -> None:
        if self._file.closed:
            raise LogError(self.path, "the log is closed")
        self._file.write(event.to_json() + "\n")

    def close(self) -> None:
        """Flush, sync and rename the finished log over `path` (replacing any older log)."""
        if not self._finalizer.alive:
            return
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.replace(self._tmp, self.path)
        except OSError as exc:
            self._finalizer()
            raise LogError(self.path, f"cannot write the log: {exc.strerror or exc}") from None
        self._finalizer.detach()

    def discard(self) -> None:
        """Drop what was written; an older log at `path` stays as it was."""
        self._finalizer()


def _discard(file: IO[str], tmp: Path) -> None:
    """Close and delete the temporary file (a module function: the finalizer must not hold the
    log itself)."""
    file.close()
    tmp.unlink(missing_ok=True)


def read_jsonl(path: Path) -> list[Event]:
    """Every event in a JSONL log; LogError naming the file and line of the first fault."""
    return list(iter_jsonl(path))


def iter_jsonl(path: Path) -> Iterator[Event]:
    """The events of a JSONL log one by one, read line by line (bounded memory: no line longer
    than the limit 'log_line_bytes', no file larger than 'log_bytes')."""
    try:
        too_big = over("log_bytes", path.stat().st_size)
        if too_big:
            raise LogError(path, too_big)
        stream = path.open("rb")
    except OSError as exc:
        raise LogError(path, f"cannot read the log: {exc.strerror or exc}") from None
    longest = limit("log_line_bytes")
    with stream:
        count = 0
        for number, line in enumerate(iter(lambda: stream.readline(longest + 1), b""), 1):
            if len(line) > longest:
                raise LogError(path, refusal("log_line_bytes", len(line)), number)
            if not line.strip():
                continue
            event = _decode(path, line, number, truncated=not line.endswith(b"\n"))
            if count == 0 and event.kind != EventKind.START:
                raise LogError(path, f"a log begins with a start event, not {event.kind}", number)
            count += 1
            yield event
    if count == 0:
        raise LogError(path, "the log is empty: no events")


def _decode(path: Path, line: bytes, number: int, truncated: bool) -> Event:
    try:
        return decode_event(parse_json(line.decode("utf-8")))
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise LogError(path, _problem(exc, truncated=truncated), line=number) from None


def is_jsonl_log(path: Path) -> bool:
    """Whether `path` begins with a Dragoman START event (a log we may replace)."""
    try:
        with path.open("rb") as stream:
            first = stream.readline(limit("log_line_bytes") + 1)
        return decode_event(parse_json(first.decode("utf-8"))).kind == EventKind.START
    except (OSError, ValueError):
        return False


def refuse_foreign(path: Path) -> None:
    """LogError if `path` exists and is not a Dragoman log: it is never silently replaced."""
    if path.exists() and (not path.is_file() or (path.stat().st_size and not is_jsonl_log(path))):
        raise LogError(
            path, "exists and is not a Dragoman log: not replaced (choose another file name)"
        )


def _problem(exc: ValueError, truncated: bool) -> str:
    """What is wrong with a line, in a few words (JSON errors without their repeated position)."""
    if isinstance(exc, json.JSONDecodeError):
        text = f"not JSON ({exc.msg} at column {exc.colno})"
        return f"truncated line, the log ends mid-event: {text}" if truncated else text
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start + 1} of the line)"
    return str(exc)

"""The JSON-lines event log: one canonical `Event.to_json()` line per event.

The writer fills a temporary file beside the target and renames it over the target on close, so
an interrupted run never leaves a half-written log in place of an older good one. The reader
checks every line and names the first bad one.
"""

from __future__ import annotations

import json
import os
import secrets
import weakref
from pathlib import Path
from typing import IO

from dragoman.io.eventlog_records import KeptIfComplete, LogError, decode_event
from dragoman.negotiation.events import Event, EventKind

__all__ = ["MAX_JSONL_BYTES", "JsonlLog", "read_jsonl"]

#: The biggest JSONL log read into memory (a guard against reading a huge file by mistake).
MAX_JSONL_BYTES = 200_000_000


class JsonlLog(KeptIfComplete):
    """Sink writing one canonical JSON line per event; the file appears, whole, on `close()`.

    Use it as a context manager: leaving the block normally moves the log into place, leaving
    it with an exception discards it. A log dropped without `close()` is discarded too.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._tmp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(6)}.tmp")
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
    try:
        size = path.stat().st_size
        if size > MAX_JSONL_BYTES:
            raise LogError(path, f"the log is larger than {MAX_JSONL_BYTES:,} bytes; not read")
        raw = path.read_bytes()
    except OSError as exc:
        raise LogError(path, f"cannot read the log: {exc.strerror or exc}") from None
    lines = raw.split(b"\n")
    last = len(lines) - 1 if lines[-1].strip() else None  # a last line without its newline
    events: list[Event] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            events.append(decode_event(json.loads(line.decode("utf-8"))))
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise LogError(path, _problem(exc, truncated=number - 1 == last), line=number) from None
        except RecursionError:
            raise LogError(path, "not a log event: nested too deeply", line=number) from None
        if len(events) == 1 and events[0].kind != EventKind.START:
            raise LogError(path, f"a log begins with a start event, not {events[0].kind}", number)
    if not events:
        raise LogError(path, "the log is empty: no events")
    return events


def _problem(exc: ValueError, truncated: bool) -> str:
    """What is wrong with a line, in a few words (JSON errors without their repeated position)."""
    if isinstance(exc, json.JSONDecodeError):
        text = f"not JSON ({exc.msg} at column {exc.colno})"
        return f"truncated line, the log ends mid-event: {text}" if truncated else text
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start + 1} of the line)"
    return str(exc)

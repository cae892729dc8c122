"""The JSON-lines event log: one canonical `Event.to_json()` line per event, several sessions
per file (each opened by its START line), as the SQLite log holds several.

The writer appends to the file, never replaces it: a log that exists gets the new session after
its own (as a `.db` does), a new one is created. Each event is written, whole, in one system
call the moment it happens, so the log holds everything up to any interruption (Ctrl-C, input
ended, SIGTERM, a closed terminal, even SIGKILL): the session reads back cut short
(`eventlog_checks`), and nothing stored before it is ever touched. Appending is refused to a
file that is not a Dragoman log, to a log whose last line was cut mid-event (a disk full or a
machine crash: the reader names the line), and while another run appends to the same log (an
exclusive lock, held until the log is closed: two sessions' lines never interleave). A new log
is created by its first event: a log given none leaves no file. The reader streams the file
line by line (bounded memory), checks every line and names the first bad one.
"""

from __future__ import annotations

import json
import os
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

from dragoman.io.eventlog_records import KeptAlways, LogError, decode_event, remove_stale
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


class JsonlLog(KeptAlways):
    """Sink appending one canonical JSON line per event as it arrives (see the module doc).

    Use it as a context manager, or call `close()`: the log is synced and its lock released;
    leaving the block with an exception keeps what was written (a session cut short). A log
    that exists is opened, locked and checked at once; a new one is created by its first event.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.removed = remove_stale(self.path)  # what older, renaming versions left behind
        refuse_foreign(self.path)
        self._file = _Appended(self.path)
        self._finalizer = weakref.finalize(self, self._file.release)
        if self.path.exists():
            self._file.open()
        elif not self.path.parent.is_dir() or not os.access(self.path.parent, os.W_OK):
            self._finalizer()
            raise LogError(self.path, "cannot write the log: its folder is missing or read-only")

    def __call__(self, event: Event) -> None:
        if not self._finalizer.alive:
            raise LogError(self.path, "the log is closed")
        self._file.write((event.to_json() + "\n").encode("utf-8"))

    def close(self) -> None:
        """Sync and close the log (a new log given no event is never created)."""
        if not self._finalizer.alive:
            return
        try:
            if self._file.fd is not None:
                os.fsync(self._file.fd)
        except OSError as exc:
            raise LogError(self.path, f"cannot write the log: {exc.strerror or exc}") from None
        finally:
            self._finalizer()


class _Appended:
    """The log's file, opened for appending when first needed (apart from the log, so that
    the finalizer does not hold the log itself)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def open(self) -> int:
        """Open (creating), lock and check the file; its descriptor."""
        try:
            # O_APPEND: every line goes after what is there (read: its last byte checked)
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)  # umask decides
        except OSError as exc:
            raise LogError(self.path, f"cannot write the log: {exc.strerror or exc}") from None
        try:
            _lock(fd, self.path)
            _refuse_cut(fd, self.path)
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd
        return fd

    def write(self, data: bytes) -> None:
        """Append `data` whole (a short write goes on where it stopped)."""
        fd = self.open() if self.fd is None else self.fd
        try:
            while data:
                data = data[os.write(fd, data) :]
        except OSError as exc:
            raise LogError(self.path, f"cannot write the log: {exc.strerror or exc}") from None

    def release(self) -> None:
        """Close the file, which releases the lock."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _lock(fd: int, path: Path) -> None:
    """Hold the log's exclusive lock until it is closed; LogError if another run holds it."""
    if sys.platform == "win32":  # pragma: no cover - no advisory locks; runs must not overlap
        return
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise LogError(
            path, "another run is writing this log: wait for it to end, or choose another file"
        ) from None


def _refuse_cut(fd: int, path: Path) -> None:
    """LogError if the log's last line was cut mid-event: a session appended after it would be
    unreadable, so the log is left as it is (the reader names the line)."""
    size = os.fstat(fd).st_size
    if size and os.pread(fd, 1, size - 1) != b"\n":
        raise LogError(
            path,
            "the log's last line is cut mid-event: nothing appended (`dragoman replay` names "
            "the line; choose another file)",
        )


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
    """Whether `path` begins with a Dragoman START event (a log we may append to)."""
    try:
        with path.open("rb") as stream:
            first = stream.readline(limit("log_line_bytes") + 1)
        return decode_event(parse_json(first.decode("utf-8"))).kind == EventKind.START
    except (OSError, ValueError):
        return False


def refuse_foreign(path: Path) -> None:
    """LogError if `path` exists and is not a Dragoman log: nothing is ever added to it."""
    if path.exists() and (not path.is_file() or (path.stat().st_size and not is_jsonl_log(path))):
        raise LogError(
            path, "exists and is not a Dragoman log: nothing written (choose another file name)"
        )


def _problem(exc: ValueError, truncated: bool) -> str:
    """What is wrong with a line, in a few words (JSON errors without their repeated position)."""
    if isinstance(exc, json.JSONDecodeError):
        text = f"not JSON ({exc.msg} at column {exc.colno})"
        return f"truncated line, the log ends mid-event: {text}" if truncated else text
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start + 1} of the line)"
    return str(exc)

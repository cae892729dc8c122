"""A log's events checked against the scenario each session's start event holds: every sender
and receiver a seat of it, every outcome one of its outcome space, nothing after the end. A
log edited by hand, or one session's events under another's start, is refused in one line
naming the event (a JSONL log's line) before anything is shown."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dragoman.errors import DragomanError
from dragoman.io.eventlog_records import LogError
from dragoman.io.scenario_file import parse_scenario
from dragoman.negotiation.events import END_KINDS, Event, EventKind

__all__ = ["checked_events"]


def checked_events(path: str | Path, events: Sequence[Event]) -> list[str]:
    """Refuse (LogError) a log whose events do not fit the scenario of their session's start;
    notes for what is allowed but worth saying (a session that never ended: cut short)."""
    jsonl = Path(path).suffix.lower() == ".jsonl"

    def error(position: int, message: str) -> LogError:
        """An error at an event: a JSONL log's line, a database's event number."""
        if jsonl:
            return LogError(path, message, line=position)
        return LogError(path, message, where=f"event {position}")

    notes: list[str] = []
    seats: frozenset[str] = frozenset()
    size, ended, started = 0, 0, False
    for position, event in enumerate(events, start=1):
        if event.kind == EventKind.START:
            if started and not ended:
                notes.append(f"{path}: the session before event {position} has no end event")
            try:
                seats, size = _session_of(event, f"{path} (event {position})")
            except DragomanError as exc:
                raise error(position, str(exc).splitlines()[0]) from None
            started, ended = True, 0
            continue
        if not started:
            raise error(position, f"a log begins with a start event, not {event.kind}")
        if ended:
            raise error(position, f"{event.kind} event after the session's end (event {ended})")
        unknown = [s for s in (event.sender, *event.receivers) if s and s not in seats]
        if unknown:
            raise error(position, f"{unknown[0]} is not a seat of the session's scenario")
        if event.outcome is not None and not 0 <= event.outcome < size:
            raise error(position, f"outcome {event.outcome} is not one of the {size:,} outcomes")
        if event.kind in END_KINDS:
            ended = position
    if started and not ended:
        notes.append(f"{path}: the last session has no end event: the log was cut short")
    return notes


def _session_of(start: Event, where: str) -> tuple[frozenset[str], int]:
    """The seats and the outcome count of the scenario a start event holds."""
    text = start.data.get("scenario")
    if not isinstance(text, str):
        raise DragomanError("the start event holds no scenario")
    try:
        scenario = parse_scenario(text, where)
    except DragomanError as exc:
        raise DragomanError(f"the start event's scenario is not valid: {exc}") from None
    names = frozenset(p.name for p in scenario.parties)
    strangers = [seat for seat in start.data.get("seats") or {} if seat not in names]
    if strangers:
        raise DragomanError(f"seat {strangers[0]} is not a party of the start event's scenario")
    return names, scenario.outcome_space.size

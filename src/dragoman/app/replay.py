"""A log replayed: the whole record (the analyst's view), or only what one seat saw.

A seat sees its own messages, those delivered to it and the public events, as
`dragoman.negotiation.visibility.seen_by` shows them to it (the one rule the terminal seat,
the web pages and the API seats apply): its replay is the brief it was shown first (`brief`,
built from the scenario the start event records), the timeline it was shown live, its own
result at the end, and nothing of another seat's messages, preferences or strategy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rich.console import Console

from dragoman.app.seat_screens import brief, brief_data, own_result
from dragoman.errors import DragomanError
from dragoman.io.eventlog import SessionInfo, read_events
from dragoman.io.eventlog_records import split_sessions
from dragoman.io.scenario_file import parse_scenario
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import END_KINDS, Event
from dragoman.negotiation.view import Clock, PublicScenario, SeatView
from dragoman.negotiation.visibility import visible_events
from dragoman.render.timeline import LiveTimeline, render_timeline

__all__ = ["Replayed", "print_replay", "read_replay", "replay_data"]


@dataclass(frozen=True)
class Replayed:
    """The sessions of a log as one viewer sees them (`seat` None: every event)."""

    log: Path
    seat: str | None
    sessions: tuple[tuple[SessionInfo, tuple[Event, ...]], ...]  # each as the viewer sees it
    starts: tuple[Event, ...]  # each session's start event as recorded (its scenario)
    notes: tuple[str, ...]  # what the checks said (a session cut short)


def read_replay(log: Path, session: str | None = None, seat: str | None = None) -> Replayed:
    """The log's sessions (the one `session` names, or every one), checked, as `seat` saw
    them; DragomanError naming the log's seats if `seat` sat in none of them."""
    notes: list[str] = []
    events = read_events(log, session=session, notes=notes)  # checked, before anything shows
    found = split_sessions(events)
    if session is not None:  # one session, read alone: its id is the one asked for
        found = [(replace(info, session_id=session), group) for info, group in found]
    if seat is not None:
        found = _seated(log, found, seat)
    return Replayed(
        log=log,
        seat=seat,
        sessions=tuple((info, tuple(_seen(seat, group))) for info, group in found),
        starts=tuple(group[0] for _, group in found),
        notes=tuple(notes),
    )


def _seated(
    log: Path, found: list[tuple[SessionInfo, list[Event]]], seat: str
) -> list[tuple[SessionInfo, list[Event]]]:
    """The sessions in which `seat` sat; DragomanError listing the seats if none."""
    seated = [(info, group) for info, group in found if seat in _seats(group[0])]
    if not seated:
        names = dict.fromkeys(name for _, group in found for name in _seats(group[0]))
        raise DragomanError(
            f"{log}: no seat {seat!r} in the log (seats: {', '.join(names) or 'none'})"
        )
    return seated


def _seats(start: Event) -> list[str]:
    """The seats a start event names, as it lists them."""
    seats = start.data.get("seats") or {}
    return list(seats) if isinstance(seats, dict) else []


def _seen(seat: str | None, events: Sequence[Event]) -> list[Event]:
    return list(events) if seat is None else visible_events(seat, events)


def print_replay(replayed: Replayed, console: Console, show_messages: bool = False) -> None:
    """The timelines and results, as `negotiate` printed them live: the whole record, or the
    seat's own screen (its timeline, relays to it included, and its own result)."""
    seat = replayed.seat
    if seat is None:
        render_timeline(
            [e for _, events in replayed.sessions for e in events], console, show_messages
        )
        return
    for (_, events), start in zip(replayed.sessions, replayed.starts, strict=True):
        scenario = _scenario(start)
        console.print(brief(_opening(seat, start, scenario)))
        timeline = LiveTimeline(console, show_messages=True, scenario=scenario)
        for event in events:
            timeline(event)
        timeline.flush()
        if events[-1].kind in END_KINDS:
            console.print(own_result(seat, events[-1], scenario.outcome_space))


def replay_data(replayed: Replayed) -> dict[str, Any]:
    """The replay as plain data for `--json` (docs/schemas/replay.schema.json): with a seat,
    each session holds the seat's brief as well."""
    seat = replayed.seat
    return {
        "log": str(replayed.log),
        "seat": seat,
        "sessions": [
            {
                "session_id": info.session_id,
                "status": info.status,
                "brief": None if seat is None else brief_data(_opening(seat, start)),
                "events": [e.to_dict() for e in events],
            }
            for (info, events), start in zip(replayed.sessions, replayed.starts, strict=True)
        ],
        "notes": list(replayed.notes),
    }


def _scenario(start: Event) -> Scenario:
    """The scenario a session was played in, as its start event records it."""
    return parse_scenario(str(start.data.get("scenario", "")), "<START event>")


def _opening(seat: str, start: Event, scenario: Scenario | None = None) -> SeatView:
    """`seat`'s view as its session opened (the brief it was shown first), from the start
    event's scenario and step budget."""
    played = _scenario(start) if scenario is None else scenario
    steps = start.data.get("total_steps")
    budget = PublicScenario.of(played, steps if isinstance(steps, int) else 0)
    return SeatView.of(played, seat, budget, Clock())

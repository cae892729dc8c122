"""Run one negotiation at the terminal: the session of `dragoman.runs`, a live timeline, people
answering for human seats, an event log, and the result printed. The CLI calls this.

With human seats, each person sees only what their seat may see (`dragoman.app.seat_screens`):
their brief, their own timeline and, at the end, the outcome and their own utility; the
full record is in the event log (`--log`, then `dragoman replay`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path

from rich.console import Console

from dragoman.app.seat_screens import SeatScreens
from dragoman.app.shell import print_notes
from dragoman.app.terminal import TerminalHuman
from dragoman.io.eventlog import list_sessions, log_for
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import Event
from dragoman.negotiation.session import Session
from dragoman.render.literal import LiteralConsole, literal
from dragoman.render.negotiation import render_result
from dragoman.render.timeline import LiveTimeline
from dragoman.runs.negotiation import NegotiationResult, result_of, start_session
from dragoman.strategies.seating import parse_assignments

__all__ = ["negotiate_at_terminal"]


def negotiate_at_terminal(
    scenario: Scenario,
    *,
    protocol_name: str,
    agents: Sequence[str] = (),
    mediators: Sequence[str] = (),
    humans: Sequence[str] = (),
    seed: int = 0,
    steps: int | None = None,
    log: Path | None = None,
    console: Console | None = None,
    notes: Console | None = None,
    live: bool = True,
    show_messages: bool = True,
    read: Callable[[str], str] = input,
) -> NegotiationResult:
    """Seat, run (prompting humans at the terminal), log, and print the result; `notes` (the
    error console, by default) says where the log went and what was said about the set-up (a
    neutral mediator seated), so that the output is what `dragoman replay` prints of the log."""
    console = console or LiteralConsole()
    notes = notes or LiteralConsole(stderr=True)
    # each person sees every message their seat may see, and nothing else
    screens = SeatScreens(console, list(dict.fromkeys(humans)), read, live=live)
    sinks: list[Callable[[Event], None]] = []
    timeline = LiveTimeline(console, show_messages=show_messages) if live and not humans else None
    if humans:
        sinks.append(screens)
    elif timeline is not None:
        sinks.append(timeline)
    with ExitStack() as stack:
        if log is not None:
            sink = stack.enter_context(log_for(log))  # kept as far as the run goes
            sinks.append(sink)
            if sink.removed:
                names = ", ".join(str(p) for p in sink.removed)
                print_notes(notes, [f"removed what a killed run left of {log}: {names}"])
            sinks.append(stack.enter_context(_CutShortNote(notes, log)))
        session = start_session(
            scenario,
            protocol_name,
            agents=parse_assignments(agents, "agent"),
            mediators=parse_assignments(mediators, "mediator"),
            humans=list(humans),
            seed=seed,
            steps=steps,
            sinks=sinks,
        )
        print_notes(notes, session.notes)
        _play(session, screens, TerminalHuman(console, read))
        if timeline is not None:
            timeline.flush()
    assert session.result is not None
    if log is not None:
        notes.print(_written(log), highlight=False)
    result = result_of(scenario, session, session.result)
    if not humans:
        render_result(result, console)
    return result


def _written(log: Path) -> str:
    """Where the session went: the log, and, where it holds several, the session's id."""
    sessions = list_sessions(log)
    if len(sessions) < 2:
        return f"event log written to {literal(log)}"
    last = sessions[-1].session_id
    where = f"{literal(log)} ({len(sessions)} sessions; replay --session {last})"
    return f"session {last} added to {where}"


class _CutShortNote:
    """On the way out of an interrupted run (Ctrl-C, SIGTERM, input ended), says that the log
    holds the session as far as it went, or, stopped before the session began, that nothing
    was added to it (the log itself is closed just after, keeping it). A sink: it sees the
    session begin."""

    def __init__(self, notes: Console, log: Path) -> None:
        self.notes, self.log = notes, log
        self.began = False

    def __call__(self, event: Event) -> None:
        self.began = True

    def __enter__(self) -> _CutShortNote:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            return
        if self.began:
            note = f"the session was cut short: {self.log} holds it as far as it went"
        else:
            note = f"stopped before the session began: nothing was added to {self.log}"
        print_notes(self.notes, [note])


def _play(session: Session, screens: SeatScreens, person: TerminalHuman) -> None:
    """Step the session to its end, handing the keyboard to each human seat asked to act."""
    while not session.done:
        if not session.step() and session.waiting is not None:
            screens.take(session.waiting.seat, session.views[session.waiting.seat])
            person.answer(session, session.waiting)
    if screens.seen:
        screens.finish(session.views)

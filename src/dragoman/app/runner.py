"""Run one negotiation at the terminal: the session of `dragoman.runs`, a live timeline, people
answering for human seats, an event log, and the result printed. The CLI calls this."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path

from rich.console import Console

from dragoman.app.terminal import TerminalHuman
from dragoman.io.eventlog import log_for
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import Event
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
    live: bool = True,
    show_messages: bool = True,
    notes: Console | None = None,
) -> NegotiationResult:
    """Seat, run (prompting humans at the terminal), log, and print the result; what was said
    about the set-up (a neutral mediator seated) goes to `notes` (by default stderr)."""
    console = console or Console()
    notes = notes or Console(stderr=True)
    sinks: list[Callable[[Event], None]] = []
    if live:
        sinks.append(LiveTimeline(console, show_messages=show_messages, summary=False))
    with ExitStack() as stack:
        if log is not None:
            sinks.append(stack.enter_context(log_for(log)))  # kept only if the run completes
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
        for note in session.notes:
            notes.print(f"note: {note}", markup=False, highlight=False, soft_wrap=True)
        person = TerminalHuman(console)
        while not session.done:
            if not session.step() and session.waiting is not None:
                person.answer(session, session.waiting)
    assert session.result is not None
    if log is not None:
        console.print(f"event log written to {log}", highlight=False)
    result = result_of(scenario, session, session.result)
    render_result(result, console)
    return result

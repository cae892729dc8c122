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
    notes: Console | None = None,
    live: bool = True,
    show_messages: bool = True,
) -> NegotiationResult:
    """Seat, run (prompting humans at the terminal), log, and print the result; `notes` (the
    error console, by default) says where the log went, so that the output is what
    `dragoman replay` prints of the log."""
    console = console or Console()
    notes = notes or Console(stderr=True)
    sinks: list[Callable[[Event], None]] = []
    timeline = LiveTimeline(console, show_messages=show_messages) if live else None
    if timeline is not None:
        sinks.append(timeline)
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
        person = TerminalHuman(console)
        while not session.done:
            if not session.step() and session.waiting is not None:
                if timeline is not None:
                    timeline.flush()  # a text carried to the person is shown before it asks
                person.answer(session, session.waiting)
    assert session.result is not None
    if log is not None:
        notes.print(f"event log written to {log}", highlight=False)
    result = result_of(scenario, session, session.result)
    render_result(result, console)
    return result

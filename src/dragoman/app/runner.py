"""Run one negotiation end to end for a front end: seats, session, live timeline, human seats,
log, and the assessment of the result. The CLI calls this; so will the web app."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dragoman.analysis.assess import assess_agreement
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import Event
from dragoman.negotiation.protocols.registry import make_protocol
from dragoman.negotiation.session import QueuedSeat, Session, SessionResult
from dragoman.strategies.seating import build_seats, parse_assignments

__all__ = ["negotiate_scenario", "render_result"]


def negotiate_scenario(
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
) -> SessionResult:
    """Seat, run (prompting humans at the terminal), log, and print the result."""
    from dragoman.app.terminal import TerminalHuman
    from dragoman.io.eventlog import log_for
    from dragoman.render.timeline import LiveTimeline

    console = console or Console()
    protocol = make_protocol(protocol_name)
    seats = build_seats(
        scenario,
        protocol,
        parse_assignments(agents, "agent"),
        parse_assignments(mediators, "mediator"),
        list(humans),
    )
    sinks: list[Callable[[Event], None]] = []
    if live:
        sinks.append(LiveTimeline(console, show_messages=show_messages, summary=False))
    with ExitStack() as stack:
        if log is not None:
            sink = log_for(log)  # streamed; the file is kept only if the run completes
            stack.enter_context(sink)
            sinks.append(sink)
        session = Session(scenario, protocol, seats, seed=seed, total_steps=steps, sinks=sinks)
        person = TerminalHuman(console)
        while not session.done:
            if not session.step() and session.waiting is not None:
                assert isinstance(session.seats[session.waiting.seat], QueuedSeat)
                person.answer(session, session.waiting)
    assert session.result is not None
    if log is not None:
        console.print(f"event log written to {log}", highlight=False)
    render_result(scenario, session.result, console)
    return session.result


def render_result(scenario: Scenario, result: SessionResult, console: Console) -> None:
    """The end: agreement in words, utilities, distance to the frontier and to Nash."""
    if result.agreement is None:
        reason = {"deadline": "the deadline passed", "breakdown": "a party walked away"}
        why = reason.get(result.status, f"an error: {result.error}")
        console.print(f"[bold yellow]No agreement[/bold yellow] after {result.steps} steps: {why}.")
        return
    a = assess_agreement(scenario, result.agreement)
    table = Table(title=f"Agreement after {result.steps} steps", title_justify="left")
    table.add_column("issue")
    table.add_column("agreed")
    table.add_column("Nash point")
    for issue, value in a.outcome.items():
        table.add_row(issue, value, (a.nash_outcome or {}).get(issue, "-"))
    for party, u in a.utilities.items():
        nash = "-" if a.nash_utilities is None else f"{a.nash_utilities[party]:.3f}"
        table.add_row(
            f"utility of {party}",
            f"{u:.3f} (discounted {result.discounted.get(party, u):.3f})",
            nash,
            style="bold",
        )
    console.print(table)
    frontier = "on the frontier" if a.on_frontier else f"{a.pareto_distance:.3f} from the frontier"
    nash_text = "n/a" if math.isnan(a.nash_distance) else f"{a.nash_distance:.3f}"
    console.print(f"Pareto: {frontier}; distance to the Nash point: {nash_text}", highlight=False)

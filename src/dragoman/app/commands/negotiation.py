"""Commands about negotiations: negotiate, replay, agents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from dragoman.app.runner import negotiate_at_terminal
from dragoman.app.shell import CONSOLES, ScenarioArg, app, party_issue, reports_errors
from dragoman.io.scenario_file import load_scenario
from dragoman.negotiation.protocols.registry import protocol_names

__all__ = ["agents", "negotiate", "replay"]


@app.command()
@reports_errors
def negotiate(
    scenario: ScenarioArg,
    protocol: Annotated[
        str, typer.Option(help=f"The protocol: {', '.join(protocol_names())}.")
    ] = "alternating",
    agent: Annotated[
        list[str] | None,
        typer.Option(
            help="PARTY=STRATEGY[:k=v,...] (repeatable); default: the scenario's or boulware."
        ),
    ] = None,
    mediator: Annotated[
        list[str] | None,
        typer.Option(
            help="MEDIATOR=STRATEGY[:k=v,...] (repeatable); a new name seats a neutral mediator."
        ),
    ] = None,
    human: Annotated[
        list[str] | None,
        typer.Option(help="Seat a person at this party or mediator (repeatable)."),
    ] = None,
    seed: Annotated[int, typer.Option(min=0, help="Random seed: same seed, same log.")] = 0,
    steps: Annotated[
        int | None, typer.Option(min=1, help="Step budget (default: the scenario's).")
    ] = None,
    log: Annotated[Path | None, typer.Option(help="Write the event log (.jsonl or .db).")] = None,
    drop_red_line: Annotated[
        list[str] | None,
        typer.Option(help="What-if: drop PARTY:ISSUE red lines before negotiating (repeatable)."),
    ] = None,
    messages: Annotated[
        bool, typer.Option(help="Also show relays and consultations between mediators.")
    ] = False,
    quiet: Annotated[bool, typer.Option(help="No live timeline; only the result.")] = False,
) -> None:
    """Run a negotiation: live timeline, then the agreement, utilities and its distances."""

    s = load_scenario(scenario)
    if drop_red_line:
        s = s.without_red_lines([party_issue(d) for d in drop_red_line])
    negotiate_at_terminal(
        s,
        protocol_name=protocol,
        agents=agent or [],
        mediators=mediator or [],
        humans=human or [],
        seed=seed,
        steps=steps,
        log=log,
        console=CONSOLES.out,
        live=not quiet,
        show_messages=messages,
        notes=CONSOLES.err,
    )


@app.command()
@reports_errors
def replay(
    log: Annotated[Path, typer.Argument(help="An event log (.jsonl or .db).")],
    session: Annotated[
        str | None, typer.Option(help="Session id, for a .db holding several.")
    ] = None,
    messages: Annotated[bool, typer.Option(help="Show relays and consultations.")] = True,
) -> None:
    """Re-render the timeline of a recorded negotiation."""
    from dragoman.io.eventlog import read_events
    from dragoman.render.timeline import render_timeline

    render_timeline(read_events(log, session=session), CONSOLES.out, show_messages=messages)


@app.command()
def agents() -> None:
    """List the registered agent and mediator strategies."""
    from dragoman.strategies.registry import agent_names, mediator_names, strategy_class

    table = Table(title="Strategies", title_justify="left")
    for column in ("kind", "name", "source"):
        table.add_column(column)
    for kind, names in (("agent", agent_names()), ("mediator", mediator_names())):
        for name in names:
            cls = strategy_class(kind, name)
            table.add_row(kind, name, str(cls.traits.get("source", "")))
    CONSOLES.out.print(table)

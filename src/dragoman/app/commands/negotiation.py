"""Commands about negotiations: negotiate, replay, agents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from dragoman.app.json_output import print_json
from dragoman.app.runner import negotiate_at_terminal
from dragoman.app.shell import CONSOLES, JsonFlag, ScenarioArg, app, party_issue, reports_errors
from dragoman.errors import DragomanError
from dragoman.io.scenario_file import load_scenario
from dragoman.negotiation.protocols.registry import protocol_names
from dragoman.strategies.seating import parse_assignments

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
        list[str] | None, typer.Option(help="MEDIATOR=STRATEGY[:k=v,...] (repeatable).")
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
    as_json: JsonFlag = False,
) -> None:
    """Run a negotiation: live timeline, then the agreement, utilities and its distances."""

    if as_json and human:
        raise DragomanError("--json runs automated seats only: leave out --human")
    s = load_scenario(scenario)
    if drop_red_line:
        s = s.without_red_lines([party_issue(d) for d in drop_red_line])
    if as_json:
        from dragoman.runs.negotiation import negotiate as run_negotiation

        agents, mediators = (
            parse_assignments(agent or [], "agent"),
            parse_assignments(mediator or [], "mediator"),
        )
        result = run_negotiation(
            s, protocol, agents=agents, mediators=mediators, seed=seed, steps=steps, log=log
        )
        print_json("negotiate", result.to_dict())
        return
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
def agents(as_json: JsonFlag = False) -> None:
    """List the registered agent and mediator strategies."""
    from dragoman.strategies.registry import agent_names, mediator_names, strategy_class

    listed: dict[str, list[dict[str, Any]]] = {
        f"{kind}s": [
            {
                "name": name,
                "source": str(strategy_class(kind, name).traits.get("source", "")),
                "traits": dict(strategy_class(kind, name).traits),
            }
            for name in names
        ]
        for kind, names in (("agent", agent_names()), ("mediator", mediator_names()))
    }
    if as_json:
        print_json("agents", listed)
        return
    table = Table(title="Strategies", title_justify="left")
    for column in ("kind", "name", "source"):
        table.add_column(column)
    for kind in ("agent", "mediator"):
        for row in listed[f"{kind}s"]:
            table.add_row(kind, row["name"], row["source"])
    CONSOLES.out.print(table)

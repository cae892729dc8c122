"""Commands about negotiations: negotiate, replay, agents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from dragoman import arguments
from dragoman.app.json_output import print_json
from dragoman.app.runner import negotiate_at_terminal
from dragoman.app.shell import (
    CONSOLES,
    JsonFlag,
    ScenarioArg,
    app,
    drop_red_lines,
    print_notes,
    reports_errors,
)
from dragoman.errors import DragomanError
from dragoman.io.scenario_file import load_scenario
from dragoman.negotiation.protocols.registry import protocol_names
from dragoman.negotiation.seats import Status
from dragoman.negotiation.strategy import Strategy
from dragoman.render.sheet import Column, Sheet, fit
from dragoman.strategies.registry import agent_names, mediator_names
from dragoman.strategies.seating import parse_assignments

#: The log formats, by suffix (as `dragoman.io.eventlog` reads them).
LOG_FORMATS = "JSON lines (.jsonl) or SQLite (.db, .sqlite, .sqlite3)"

__all__ = ["agents", "negotiate", "replay"]


@app.command()
@reports_errors
def negotiate(
    scenario: ScenarioArg,
    protocol: Annotated[
        str, typer.Option(help=f"The protocol, one of: {', '.join(protocol_names())}.")
    ] = "alternating",
    agent: Annotated[
        list[str] | None,
        typer.Option(
            help="PARTY=STRATEGY[:k=v,...] (repeatable); default: the scenario's, else "
            f"boulware. Strategies: {', '.join(agent_names())} (dragoman agents lists "
            "their parameters)."
        ),
    ] = None,
    mediator: Annotated[
        list[str] | None,
        typer.Option(
            help="MEDIATOR=STRATEGY[:k=v,...] (repeatable); a new name seats a neutral "
            f"mediator. Strategies: {', '.join(mediator_names())}."
        ),
    ] = None,
    human: Annotated[
        list[str] | None,
        typer.Option(help="Seat a person at this party or mediator (repeatable)."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same log.")] = 0,
    steps: Annotated[
        int | None, typer.Option(help="Step budget (default: the scenario's).")
    ] = None,
    log: Annotated[
        Path | None,
        typer.Option(
            help=f"Write the event log: {LOG_FORMATS}; a log that exists gets this session "
            "after its own."
        ),
    ] = None,
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
    """Run a negotiation. A live timeline, then the agreement, every party's utility and its
    distances to the Pareto frontier and the Nash point."""

    if as_json and human:
        raise DragomanError("--json runs automated seats only: leave out --human")
    seed, steps = arguments.seed(seed, "--seed"), arguments.steps(steps, "--steps")
    s = load_scenario(scenario)
    s = drop_red_lines(s, drop_red_line)
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
        _exit_on_error(result.status)
        return
    ended = negotiate_at_terminal(
        s,
        protocol_name=protocol,
        agents=agent or [],
        mediators=mediator or [],
        humans=human or [],
        seed=seed,
        steps=steps,
        log=log,
        console=CONSOLES.out,
        notes=CONSOLES.err,
        live=not quiet,
        show_messages=messages,
    )
    _exit_on_error(ended.status)


def _exit_on_error(status: Status) -> None:
    """A negotiation a seat's failure ended is an error: exit code 2, like every error."""
    if status is Status.ERROR:
        raise typer.Exit(2)


@app.command()
@reports_errors
def replay(
    log: Annotated[Path, typer.Argument(help=f"An event log: {LOG_FORMATS}.")],
    session: Annotated[
        str | None,
        typer.Option(help="Session id, for a log holding several (default: every session)."),
    ] = None,
    seat: Annotated[
        str | None,
        typer.Option(
            help="Show only what this seat saw: its own messages, those delivered to it, "
            "its own result (default: the whole log)."
        ),
    ] = None,
    messages: Annotated[
        bool, typer.Option(help="Also show relays and consultations between mediators.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Replay a recorded negotiation. Its timeline and result, as negotiate printed them."""
    from dragoman.app.replay import print_replay, read_replay, replay_data

    replayed = read_replay(log, session=session, seat=seat)  # checked, before anything shows
    if as_json:
        print_json("replay", replay_data(replayed))
    else:
        print_replay(replayed, CONSOLES.out, show_messages=messages)
    print_notes(CONSOLES.err, replayed.notes)


@app.command()
def agents(as_json: JsonFlag = False) -> None:
    """List the strategies. Agents and mediators, with their parameters and defaults."""
    from dragoman.strategies.registry import strategy_class

    kinds = (("agent", agent_names()), ("mediator", mediator_names()))
    if as_json:
        listed = {
            f"{kind}s": [_listing(strategy_class(kind, n)) for n in names] for kind, names in kinds
        }
        print_json("agents", listed)
        return
    sheet = Sheet(
        [
            Column("strategy", key=True),
            Column("kind"),
            Column("what it does"),
            Column("parameters"),
            Column("source"),
        ],
        title="Strategies",
        legend="Set parameters as STRATEGY:k=v,... (e.g. --agent Israel=boulware:e=0.5).",
        lines=True,
        bands=False,
    )
    for kind, names in kinds:
        for name in names:
            cls = strategy_class(kind, name)
            sheet.add_row(
                Text(name, style="bold"),
                kind,
                _what(cls),
                _parameter_lines(cls),
                str(cls.traits.get("source", "")),
            )
    CONSOLES.out.print(fit(sheet, CONSOLES.out.width))


def _what(cls: type[Strategy]) -> str:
    """What a strategy does: the first paragraph of its docstring, on one line."""
    doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("`", "")
    return " ".join(doc.split())


def _listing(cls: type[Strategy]) -> dict[str, Any]:
    """A strategy as JSON: name, what it does, source, traits, parameters."""
    from dragoman.strategies.registry import parameters_of

    return {
        "name": cls.name,
        "what": _what(cls),
        "source": str(cls.traits.get("source", "")),
        "traits": dict(cls.traits),
        "parameters": [
            {
                "name": p.name,
                "default": None if p.required else p.default,
                "required": p.required,
                "note": p.note,
            }
            for p in parameters_of(cls)
        ],
    }


def _parameter_lines(cls: type[Strategy]) -> str:
    """One line per parameter: `name=default: meaning`, or "none"."""
    from dragoman.strategies.registry import parameters_of

    lines = []
    for p in parameters_of(cls):
        head = f"{p.name} (required)" if p.required else f"{p.name}={p.default}"
        lines.append(f"{head}: {p.note}" if p.note else head)
    return "\n".join(lines) or "none"

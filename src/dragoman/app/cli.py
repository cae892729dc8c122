"""The `dragoman` command: a thin layer that parses arguments, calls the library, prints."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from dragoman.analysis.scenario import analyze
from dragoman.analysis.solver import TIME_LIMIT
from dragoman.app.runner import negotiate_at_terminal
from dragoman.errors import DragomanError
from dragoman.io.scenario_file import builtin_scenarios, load_scenario, scenario_schema
from dragoman.negotiation.protocols.registry import protocol_names
from dragoman.render.analysis import render_analysis
from dragoman.render.implementation import render_implementation
from dragoman.runs import implementation as runs_implement

__all__ = ["app", "main"]

app = typer.Typer(
    help="Dragoman: model, analyse and run mediated, multi-party, multi-issue negotiations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(emoji=False)
errors = Console(stderr=True, emoji=False)


@app.callback()
def _consoles() -> None:
    """Model, analyse and run mediated, multi-party, multi-issue negotiations."""
    # fresh consoles per invocation, sized for the terminal (or COLUMNS) the command runs in
    global console, errors
    console = Console(emoji=False)
    errors = Console(stderr=True, emoji=False)


F = TypeVar("F", bound=Callable[..., Any])

ScenarioArg = Annotated[str, typer.Argument(help="A scenario file, or a built-in scenario's name.")]


def reports_errors(command: F) -> F:
    """Turn Dragoman's errors into one line each on stderr and exit code 2 (no traceback)."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DragomanError as exc:
            for line in str(exc).splitlines():
                errors.print(f"error: {line}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


@app.command()
@reports_errors
def scenarios() -> None:
    """List the built-in scenarios."""
    table = Table(title="Built-in scenarios", title_justify="left")
    for column in ("name", "title", "parties", "mediators", "issues", "outcomes"):
        table.add_column(
            column,
            justify="right" if column in ("issues", "outcomes") else "left",
            no_wrap=column == "name",  # the name is what users type: never cut it
        )
    for name in builtin_scenarios():
        s = load_scenario(name)
        table.add_row(
            name,
            s.metadata.title,
            ", ".join(p.name for p in s.negotiators),
            ", ".join(p.name for p in s.mediators) or "-",
            str(len(s.issues)),
            f"{s.outcome_space.size:,}",
        )
    console.print(table)


@app.command()
@reports_errors
def validate(
    file: Annotated[str, typer.Argument(help="The scenario file to check.")],
) -> None:
    """Check a scenario file; print every problem with its file, line and field."""
    s = load_scenario(file)
    console.print(
        f"[green]valid[/green]: {s.metadata.title} — {len(s.issues)} issues, "
        f"{len(s.negotiators)} parties, {len(s.mediators)} mediators, "
        f"{s.outcome_space.size:,} outcomes",
        highlight=False,
    )


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario files (for editors)."""
    typer.echo(scenario_schema())


@app.command("analyze")
@reports_errors
def analyze_command(
    scenario: ScenarioArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print the analysis as JSON.")] = False,
    plot: Annotated[
        Path | None, typer.Option(help="Write a PNG of the utility space to this path.")
    ] = None,
    time_limit: Annotated[
        float,
        typer.Option(
            min=0.1,
            help="Seconds the MIP solver may spend on a frontier too large to enumerate; "
            "past it the frontier is flagged approximate.",
        ),
    ] = TIME_LIMIT,
) -> None:
    """Outcome space, Pareto frontier, bargaining solutions and the ZOPA / blocking report."""
    _check_image_path(plot)
    s = load_scenario(scenario)
    result = analyze(s, time_limit=time_limit)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        render_analysis(result, console)
    if plot is not None:
        from dragoman.render.plots import plot_utility_space

        written = plot_utility_space(s, result, plot)
        errors.print(f"plot written to {written}", highlight=False)


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
) -> None:
    """Run a negotiation: live timeline, then the agreement, utilities and its distances."""

    s = load_scenario(scenario)
    if drop_red_line:
        s = s.without_red_lines([_party_issue(d) for d in drop_red_line])
    negotiate_at_terminal(
        s,
        protocol_name=protocol,
        agents=agent or [],
        mediators=mediator or [],
        humans=human or [],
        seed=seed,
        steps=steps,
        log=log,
        console=console,
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

    render_timeline(read_events(log, session=session), console, show_messages=messages)


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
    console.print(table)


@app.command()
@reports_errors
def implement(
    scenario: ScenarioArg,
    agreement: Annotated[
        Path | None, typer.Option(help="A YAML/JSON file mapping every issue to its agreed value.")
    ] = None,
    solution: Annotated[
        str, typer.Option(help="Without --agreement/--from-log: the solution to implement.")
    ] = "nash",
    from_log: Annotated[
        Path | None, typer.Option(help="Take the agreement from a negotiation log.")
    ] = None,
    runs: Annotated[int, typer.Option(help="Monte Carlo runs.")] = 100_000,
    seed: Annotated[int, typer.Option(min=0, help="Random seed: same seed, same results.")] = 0,
    plot: Annotated[
        Path | None, typer.Option(help="Write a PNG of the survival curve to this path.")
    ] = None,
    drop_red_line: Annotated[
        list[str] | None,
        typer.Option(help="What-if: drop PARTY:ISSUE red lines first (repeatable)."),
    ] = None,
) -> None:
    """Phased implementation of an agreement: incentives, minimal guarantees, survival."""

    _check_image_path(plot)
    s = load_scenario(scenario)
    if drop_red_line:
        s = s.without_red_lines([_party_issue(d) for d in drop_red_line])
    chosen = runs_implement.agreement_to_implement(
        s, agreement_file=agreement, log=from_log, solution=solution
    )
    result = runs_implement.implement(s, chosen, runs=runs, seed=seed)
    render_implementation(result, console)
    if plot is not None:
        from dragoman.render.survival_plot import plot_survival

        written = plot_survival(result, plot)
        errors.print(f"plot written to {written}", highlight=False)


# --- interoperability: GENIUS and GeniusWeb files in and out ----------------------------------

import_app = typer.Typer(
    help="Import another tool's negotiation files as a scenario.", no_args_is_help=True
)
export_app = typer.Typer(
    help="Export a scenario to another tool's file format.", no_args_is_help=True
)
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")

ImportOutput = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the scenario YAML here (default: print it)."),
]
ExportFolder = Annotated[
    Path, typer.Option("--output", "-o", help="The folder to write the files into.")
]


@import_app.command("genius")
@reports_errors
def import_genius(
    domain: Annotated[Path, typer.Argument(help="The GENIUS domain XML (negotiation_template).")],
    profiles: Annotated[list[Path], typer.Argument(help="One profile XML per party.")],
    output: ImportOutput = None,
    real_levels: Annotated[int, typer.Option(min=2, help="Grid values per real issue.")] = 11,
) -> None:
    """GENIUS XML (linear-additive or ANAC 2014 nonlinear profiles) -> scenario YAML."""
    from dragoman.io.genius import load_genius

    _write_imported(load_genius(domain, profiles, real_levels), output)


@import_app.command("geniusweb")
@reports_errors
def import_geniusweb(
    files: Annotated[
        list[Path],
        typer.Argument(help="The domain JSON (optional) and one profile JSON per party."),
    ],
    output: ImportOutput = None,
) -> None:
    """GeniusWeb JSON (domain and LinearAdditiveUtilitySpace profiles) -> scenario YAML."""
    from dragoman.io.geniusweb import load_geniusweb

    _write_imported(load_geniusweb(list(files)), output)


def _write_imported(scenario: Any, output: Path | None) -> None:
    from dragoman.io.scenario_file import dump_scenario

    text = dump_scenario(scenario)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DragomanError(
            f"{output}: cannot write the scenario ({exc.strerror or exc})"
        ) from None
    size = scenario.outcome_space.size
    errors.print(
        f"imported {scenario.metadata.title}: {len(scenario.negotiators)} parties, "
        f"{len(scenario.issues)} issues, {size:,} outcomes -> {output}",
        highlight=False,
    )


@export_app.command("genius")
@reports_errors
def export_genius_command(scenario: ScenarioArg, output: ExportFolder) -> None:
    """Scenario -> GENIUS XML: a domain file and one profile per party."""
    from dragoman.io.genius_export import export_genius

    for path in _exported(lambda: export_genius(load_scenario(scenario), output), output):
        console.print(str(path), highlight=False)


@export_app.command("geniusweb")
@reports_errors
def export_geniusweb_command(
    scenario: ScenarioArg,
    output: ExportFolder,
    long_names: Annotated[
        bool, typer.Option(help="Wrap utilities as DiscreteValueSetUtilities/... (long names).")
    ] = False,
) -> None:
    """Scenario -> GeniusWeb JSON: a domain file and one profile per party."""
    from dragoman.io.geniusweb import export_geniusweb

    paths = _exported(lambda: export_geniusweb(load_scenario(scenario), output, long_names), output)
    for path in paths:
        console.print(str(path), highlight=False)


def _exported(write: Callable[[], list[Path]], output: Path) -> list[Path]:
    try:
        return write()
    except OSError as exc:
        raise DragomanError(f"{output}: cannot write the files ({exc.strerror or exc})") from None


IMAGE_SUFFIXES = (".png", ".svg", ".pdf")


def _check_image_path(path: Path | None) -> None:
    """Refuse a plot path we cannot write before any work is done."""
    if path is not None and path.suffix.lower() not in IMAGE_SUFFIXES:
        raise DragomanError(
            f"{path}: plots are written as {', '.join(IMAGE_SUFFIXES)} (got {path.suffix!r})"
        )


def _party_issue(text: str) -> tuple[str, str]:
    party, sep, issue = text.partition(":")
    if not sep:
        raise DragomanError(f"--drop-red-line {text!r}: write PARTY:ISSUE")
    return party.strip(), issue.strip()


def main() -> None:  # pragma: no cover - console-script entry point
    """Run the CLI."""
    app()

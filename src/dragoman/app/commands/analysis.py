"""Commands about scenarios and their analysis: scenarios, validate, schema, analyze."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from dragoman.analysis.scenario import analyze
from dragoman.analysis.solver import TIME_LIMIT
from dragoman.app.shell import CONSOLES, ScenarioArg, app, check_image_path, reports_errors
from dragoman.io.scenario_file import builtin_scenarios, load_scenario, scenario_schema
from dragoman.render.analysis import render_analysis

__all__ = ["analyze_command", "scenarios", "schema", "validate"]


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
    CONSOLES.out.print(table)


@app.command()
@reports_errors
def validate(
    file: Annotated[str, typer.Argument(help="The scenario file to check.")],
) -> None:
    """Check a scenario file; print every problem with its file, line and field."""
    s = load_scenario(file)
    CONSOLES.out.print(
        f"[green]valid[/green]: {s.metadata.title} — {len(s.issues)} issues, "
        f"{len(s.negotiators)} parties, {len(s.mediators)} mediators, "
        f"{s.outcome_space.size:,} outcomes",
        highlight=False,
    )


@app.command()
def schema(
    tournament: Annotated[
        bool, typer.Option("--tournament", help="The schema of tournament configurations.")
    ] = False,
) -> None:
    """Print the JSON Schema of scenario files, or of tournament configurations (for editors)."""
    if tournament:
        from dragoman.experiments.config import config_schema

        typer.echo(config_schema())
        return
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
    check_image_path(plot)
    s = load_scenario(scenario)
    result = analyze(s, time_limit=time_limit)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        render_analysis(result, CONSOLES.out)
    if plot is not None:
        from dragoman.render.plots import plot_utility_space

        written = plot_utility_space(s, result, plot)
        CONSOLES.err.print(f"plot written to {written}", highlight=False)

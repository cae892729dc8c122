"""Commands about scenarios and their analysis: scenarios, validate, schema, analyze."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.text import Text

from dragoman._words import count
from dragoman.analysis.scenario import analyze
from dragoman.analysis.solver import TIME_LIMIT
from dragoman.app.shell import CONSOLES, ScenarioArg, app, check_image_path, reports_errors
from dragoman.io.scenario_file import builtin_scenarios, load_scenario, scenario_schema
from dragoman.render.analysis import render_analysis
from dragoman.render.sheet import Column, Sheet, fit

__all__ = ["analyze_command", "scenarios", "schema", "validate"]


@app.command()
@reports_errors
def scenarios() -> None:
    """List the built-in scenarios."""
    columns = [Column("scenario", key=True), Column("parties"), Column("mediators")]
    columns += [Column("issues", numeric=True), Column("outcomes", numeric=True)]
    sheet = Sheet(columns, title="Built-in scenarios", lines=True)
    for name in builtin_scenarios():
        s = load_scenario(name)
        sheet.add_row(
            Text.assemble((name, "bold"), "\n", (s.metadata.title, "dim")),
            ", ".join(p.name for p in s.negotiators),
            ", ".join(p.name for p in s.mediators) or "-",
            str(len(s.issues)),
            f"{s.outcome_space.size:,}",
        )
    CONSOLES.out.print(fit(sheet, CONSOLES.out.width))


@app.command()
@reports_errors
def validate(
    file: Annotated[str, typer.Argument(help="The scenario file to check.")],
) -> None:
    """Check a scenario file. Every problem is printed with its file, line and field."""
    s = load_scenario(file)
    sizes = [
        count(len(s.issues), "issue"),
        count(len(s.negotiators), "party"),
        count(len(s.mediators), "mediator"),
        count(s.outcome_space.size, "outcome"),
    ]
    CONSOLES.out.print(
        f"[green]valid[/green]: {escape(s.metadata.title)} — {', '.join(sizes)}", highlight=False
    )


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario files. For editors' YAML plugins."""
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
    """Analyse a scenario. Outcome space, Pareto frontier, bargaining solutions and the ZOPA
    report (what blocks agreement)."""
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

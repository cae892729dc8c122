"""Commands about scenarios and their analysis: scenarios, validate, schema, analyze."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from dragoman import arguments
from dragoman._words import count
from dragoman.analysis.scenario import analyze
from dragoman.analysis.solver import TIME_LIMIT
from dragoman.app.json_output import print_json
from dragoman.app.shell import (
    CONSOLES,
    JsonFlag,
    ScenarioArg,
    app,
    check_image_path,
    print_notes,
    reports_errors,
)
from dragoman.errors import Problem, ScenarioError
from dragoman.io.scenario_file import builtin_scenarios, load_scenario, scenario_schema
from dragoman.model.scenario import Scenario
from dragoman.render.analysis import render_analysis
from dragoman.render.literal import literal
from dragoman.render.sheet import Column, Sheet, fit

__all__ = ["analyze_command", "scenarios", "schema", "summary", "validate"]


@app.command()
@reports_errors
def scenarios(as_json: JsonFlag = False) -> None:
    """List the built-in scenarios."""
    listed = [{"name": name, **summary(load_scenario(name))} for name in builtin_scenarios()]
    if as_json:
        print_json("scenarios", {"scenarios": listed})
        return
    columns = [Column("scenario", key=True), Column("parties"), Column("mediators")]
    columns += [Column("issues", numeric=True), Column("outcomes", numeric=True)]
    sheet = Sheet(columns, title="Built-in scenarios", lines=True)
    for row in listed:
        sheet.add_row(
            Text.assemble((row["name"], "bold"), "\n", (row["title"], "dim")),
            ", ".join(row["parties"]),
            ", ".join(row["mediators"]) or "-",
            str(row["issues"]),
            f"{row['outcomes']:,}",
        )
    CONSOLES.out.print(fit(sheet, CONSOLES.out.width))


def summary(s: Scenario) -> dict[str, Any]:
    """A scenario in a line: title, parties, mediators, issue and outcome counts."""
    return {
        "title": s.metadata.title,
        "parties": [p.name for p in s.negotiators],
        "mediators": [p.name for p in s.mediators],
        "issues": len(s.issues),
        "outcomes": s.outcome_space.size,
    }


@app.command()
@reports_errors
def validate(
    file: Annotated[str, typer.Argument(help="The scenario file to check.")],
    as_json: JsonFlag = False,
) -> None:
    """Check a scenario file. Every problem is printed with its file, line and field; then
    what is valid but likely not meant (a reservation value no outcome reaches) as notes."""
    from dragoman.analysis.blocking import out_of_reach_notes

    if not as_json:
        s = load_scenario(file)
        sizes = [
            count(len(s.issues), "issue"),
            count(len(s.negotiators), "party"),
            count(len(s.mediators), "mediator"),
            count(s.outcome_space.size, "outcome"),
        ]
        CONSOLES.out.print(
            f"[green]valid[/green]: {literal(s.metadata.title)} — {', '.join(sizes)}",
            highlight=False,
        )
        print_notes(CONSOLES.out, out_of_reach_notes(s))
        return
    try:
        checked: Scenario | None = load_scenario(file)
        problems: list[Problem] = []
    except ScenarioError as exc:
        checked, problems = None, exc.problems
    print_json(
        "validate",
        {
            "file": file,
            "valid": not problems,
            "problems": [asdict(p) for p in problems],
            "notes": [] if checked is None else out_of_reach_notes(checked),
            "scenario": None if checked is None else summary(checked),
        },
    )
    if problems:
        raise typer.Exit(2)


@app.command()
@reports_errors
def schema(
    tournament: Annotated[
        bool, typer.Option("--tournament", help="The schema of tournament configurations.")
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help='The schema inside the envelope of every --json output, named: {"name": '
            '"scenario" or "tournament", "schema": {...}} (docs/schemas/schema.schema.json).',
        ),
    ] = False,
) -> None:
    """Print a JSON Schema (for editors).

    Of scenario files, or with --tournament of tournament configurations."""
    if tournament:
        from dragoman.experiments.config import config_schema

        name, text = "tournament", config_schema()
    else:
        name, text = "scenario", scenario_schema()
    if as_json:
        print_json("schema", {"name": name, "schema": json.loads(text)})
        return
    typer.echo(text)


@app.command("analyze")
@reports_errors
def analyze_command(
    scenario: ScenarioArg,
    as_json: JsonFlag = False,
    plot: Annotated[
        Path | None, typer.Option(help="Write a PNG of the utility space to this path.")
    ] = None,
    time_limit: Annotated[
        float,
        typer.Option(
            help="Seconds the whole analysis may take on a space too large to enumerate "
            "(loading included); past it the frontier is flagged approximate.",
        ),
    ] = TIME_LIMIT,
) -> None:
    """Analyse a scenario. Outcome space, Pareto frontier, bargaining solutions and the ZOPA
    report (what blocks agreement)."""
    start = time.perf_counter()
    time_limit = arguments.seconds(time_limit, "--time-limit", least=0.1)
    check_image_path(plot)
    s = load_scenario(scenario)
    result = analyze(s, time_limit=max(0.1, time_limit - (time.perf_counter() - start)))
    if as_json:
        print_json("analyze", result.to_dict())
    else:
        render_analysis(result, CONSOLES.out)
    if plot is not None:
        from dragoman.render.plots import plot_utility_space

        written = plot_utility_space(s, result, plot)
        CONSOLES.err.print(f"plot written to {literal(written)}", highlight=False)

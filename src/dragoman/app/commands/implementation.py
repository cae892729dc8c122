"""The implement command: the phased implementation of an agreement."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dragoman import arguments
from dragoman.analysis.solutions import SOLUTION_NAMES
from dragoman.app.json_output import print_json
from dragoman.app.shell import (
    CONSOLES,
    JsonFlag,
    ScenarioArg,
    app,
    check_image_path,
    drop_red_lines,
    reports_errors,
)
from dragoman.errors import ScenarioError
from dragoman.io.scenario_file import load_scenario, locate
from dragoman.render.implementation import render_implementation
from dragoman.render.literal import literal
from dragoman.runs import implementation as runs_implement

__all__ = ["implement"]


@app.command()
@reports_errors
def implement(
    scenario: ScenarioArg,
    agreement: Annotated[
        Path | None, typer.Option(help="A YAML/JSON file mapping every issue to its agreed value.")
    ] = None,
    solution: Annotated[
        str,
        typer.Option(
            help="Without --agreement/--from-log: the solution to implement, one of: "
            f"{', '.join(SOLUTION_NAMES)}."
        ),
    ] = "nash",
    from_log: Annotated[
        Path | None,
        typer.Option(help="Take the agreement from a negotiation log (.jsonl or SQLite)."),
    ] = None,
    runs: Annotated[int, typer.Option(help="Monte Carlo runs.")] = 100_000,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same results.")] = 0,
    plot: Annotated[
        Path | None, typer.Option(help="Write a PNG of the survival curve to this path.")
    ] = None,
    drop_red_line: Annotated[
        list[str] | None,
        typer.Option(help="What-if: drop PARTY:ISSUE red lines first (repeatable)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Assess a phased deal's implementation. Incentives, minimal guarantees,
    sequencing alternatives and simulated survival."""

    check_image_path(plot)
    runs = arguments.whole(runs, "--runs", least=1, limit="runs")
    seed = arguments.seed(seed, "--seed")
    s = load_scenario(scenario)
    s = drop_red_lines(s, drop_red_line)
    chosen = runs_implement.agreement_to_implement(
        s, agreement_file=agreement, log=from_log, solution=solution
    )
    try:
        result = runs_implement.implement(s, chosen, runs=runs, seed=seed)
    except ScenarioError as exc:  # a phase's formula at the agreed values: point into the file
        raise locate(exc, scenario) from None
    if as_json:
        print_json("implement", result.to_dict())
    else:
        render_implementation(result, CONSOLES.out)
    if plot is not None:
        from dragoman.render.survival_plot import plot_survival

        written = plot_survival(result, plot)
        CONSOLES.err.print(f"plot written to {literal(written)}", highlight=False)

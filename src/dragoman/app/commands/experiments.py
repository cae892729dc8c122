"""Commands about experiments at scale: tournament, uncertainty."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from dragoman import arguments
from dragoman._words import count
from dragoman.app.interrupt import STOPS, stop_code, stopped_word
from dragoman.app.json_output import print_json
from dragoman.app.shell import CONSOLES, ScenarioArg, app, print_notes, reports_errors
from dragoman.errors import DragomanError
from dragoman.experiments.backends import BackendName
from dragoman.experiments.sensitivity import TARGETS
from dragoman.experiments.tournament import tournament
from dragoman.experiments.uncertainty import UncertaintyResult, uncertainty
from dragoman.render.experiments import progress_bar, render_tournament, render_uncertainty
from dragoman.render.literal import literal
from dragoman.strategies.seating import parse_assignments

__all__ = ["tournament_command", "uncertainty_command"]

Workers = Annotated[
    int | None,
    typer.Option(help="Local worker processes (default: one per core)."),
]
Backend = Annotated[str, typer.Option(help="Where to run: local (a process pool) or ray.")]
Address = Annotated[
    str | None, typer.Option(help="The Ray cluster to join (ray backend; default: start one).")
]
TournamentOutput = Annotated[
    Path | None,
    typer.Option("-o", "--output", help="The results folder (default: CONFIG-results, here)."),
]
StudyOutput = Annotated[
    Path | None,
    typer.Option(
        "-o", "--output", help="The results folder (default: SCENARIO-uncertainty, here)."
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]


def _backend(name: str) -> BackendName:
    if name not in ("local", "ray"):
        raise DragomanError(f"--backend {name!r}: use local or ray")
    return "ray" if name == "ray" else "local"


@app.command("tournament")
@reports_errors
def tournament_command(
    config: Annotated[Path, typer.Argument(help="The tournament configuration (YAML).")],
    workers: Workers = None,
    backend: Backend = "local",
    address: Address = None,
    seed: Annotated[int | None, typer.Option(help="Root seed (default: the file's).")] = None,
    output: TournamentOutput = None,
    as_json: AsJson = False,
) -> None:
    """Run a tournament.

    Plays every cell; finished cells in the results folder are kept (a re-run resumes).
    Writes results and scores (Parquet, CSV) and a scores plot."""
    workers = arguments.count(workers, "--workers", limit="workers")
    seed = None if seed is None else arguments.seed(seed, "--seed")
    folder = output or Path(f"{config.stem}-results")
    stored: list[int] = []  # negotiations stored, of all, once the progress reports them

    def progress(done: int, total: int) -> None:
        stored[:] = [done, total]
        update(done, total)

    try:
        with progress_bar(CONSOLES.err, "negotiations") as update:
            result = tournament(
                config, output=folder, workers=workers, backend=_backend(backend),
                address=address, seed=seed, progress=progress,
            )  # fmt: skip
    except STOPS as stop:
        _stopped(stop, _interrupted(stored, folder, stopped_word(stop)))
    print_notes(CONSOLES.err, result.notes)
    try:
        if result.scores.num_rows:
            from dragoman.render.experiment_plots import plot_scores

            result.paths["scores.png"] = plot_scores(result.scores, folder / "scores.png")
    except STOPS as stop:
        _charts_interrupted(
            stop,
            folder,
            "re-run the same command to draw them (every negotiation is stored: none is "
            "played again)",
        )
    if as_json:
        print_json("tournament", result.to_dict())
    else:
        render_tournament(result, CONSOLES.out)


@app.command("uncertainty")
@reports_errors
def uncertainty_command(
    scenario: ScenarioArg,
    samples: Annotated[int, typer.Option(help="Preference profiles to sample.")] = 1_000,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same study.")] = 0,
    protocol: Annotated[
        str | None, typer.Option(help="Also negotiate each sample under this protocol.")
    ] = None,
    agent: Annotated[
        list[str] | None, typer.Option(help="PARTY=STRATEGY[:k=v,...] (repeatable).")
    ] = None,
    mediator: Annotated[
        list[str] | None, typer.Option(help="MEDIATOR=STRATEGY[:k=v,...] (repeatable).")
    ] = None,
    steps: Annotated[int | None, typer.Option(help="Step budget of negotiations.")] = None,
    sensitivity: Annotated[
        int,
        typer.Option(help="Base size of the Sobol design, a power of 2 (0: rank correlations)."),
    ] = 256,
    target: Annotated[
        str, typer.Option(help=f"What the sensitivity explains: {', '.join(TARGETS)}.")
    ] = "zopa",
    survival_runs: Annotated[
        int, typer.Option(help="Implementation runs per distinct deal (0: none).")
    ] = 1_000,
    workers: Workers = None,
    backend: Backend = "local",
    address: Address = None,
    output: StudyOutput = None,
    as_json: AsJson = False,
) -> None:
    """Study a scenario's uncertain preferences.

    Samples them: P(ZOPA), what blocks it, the Nash outcome's stability, the implementation,
    and which assumption matters most (tornado)."""
    seed, steps = arguments.seed(seed, "--seed"), arguments.steps(steps, "--steps")
    samples = arguments.whole(samples, "--samples", least=1, limit="samples")
    sensitivity = arguments.whole(sensitivity, "--sensitivity")
    survival_runs = arguments.whole(survival_runs, "--survival-runs", limit="runs")
    workers = arguments.count(workers, "--workers", limit="workers")
    folder = output or Path(f"{Path(scenario).stem}-uncertainty")
    try:
        with progress_bar(CONSOLES.err, lambda total: _rows(samples, total)) as update:
            result = uncertainty(
                scenario, samples=samples, seed=seed, protocol=protocol,
                agents=parse_assignments(agent or [], "agent"),
                mediators=parse_assignments(mediator or [], "mediator"), steps=steps,
                survival_runs=survival_runs, sensitivity=sensitivity, target=target,
                workers=workers, backend=_backend(backend), address=address, output=folder,
                progress=update,
            )  # fmt: skip
    except STOPS as stop:  # a study writes its results once every sample is done
        _stopped(
            stop,
            f"{stopped_word(stop)}: nothing written to {literal(folder)} (a study writes its "
            "results when every sample is done); re-run the command to study again",
        )
    print_notes(CONSOLES.err, result.summary.notes)
    try:
        _draw_study(result, folder, target)
    except STOPS as stop:
        _charts_interrupted(stop, folder, "re-run the command to study again and draw them")
    if as_json:
        print_json("uncertainty", result.to_dict())
    else:
        render_uncertainty(result, CONSOLES.out)


def _draw_study(result: UncertaintyResult, folder: Path, target: str) -> None:
    """The study's charts, in place of an earlier study's in the same folder."""
    from dragoman.render.experiment_plots import plot_outcomes, plot_tornado

    for chart in ("tornado.png", "outcomes.png"):
        (folder / chart).unlink(missing_ok=True)
    if result.summary.target_varies:  # else nothing ranks: no chart of eight empty bars
        tornado = plot_tornado(result.sensitivity, folder / "tornado.png", target,
                               title=result.summary.title,
                               note=result.summary.uncertainty_note)  # fmt: skip
        result.paths["tornado.png"] = tornado
    if result.summary.nash_samples:
        result.paths["outcomes.png"] = plot_outcomes(result.summary, folder / "outcomes.png")


def _interrupted(stored: list[int], folder: Path, word: str = "interrupted") -> str:
    """What Ctrl-C (or SIGTERM: `word` names it) during a tournament leaves: before play
    began (the configuration checked, the cells made) nothing, and perhaps no folder; else
    the negotiations stored (`stored`: done, of all, as the progress last said)."""
    if not stored or not stored[1]:
        return f"{word} before any negotiation was played; nothing was stored"
    return (
        f"{word}: {stored[0]:,} of {stored[1]:,} negotiations stored in {literal(folder)}; "
        "re-run the same command to resume"
    )


def _charts_interrupted(stop: BaseException, folder: Path, then: str) -> NoReturn:
    """Ctrl-C (or SIGTERM) while the charts were drawn: the results are written already; say
    so."""
    _stopped(
        stop,
        f"{stopped_word(stop)} while drawing the charts: the results are written in "
        f"{literal(folder)}; {then}",
    )


def _stopped(stop: BaseException, line: str) -> NoReturn:
    """End the command `stop` stopped with its last line (not even that where the terminal is
    gone: SIGHUP) and its exit code."""
    with contextlib.suppress(OSError, ValueError):
        CONSOLES.err.print(line, markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(stop_code(stop)) from None


def _rows(samples: int, total: int) -> str:
    """The label of the study's progress: its samples, and the Sobol rows on top."""
    sobol = total - samples
    studied = count(samples, "sample")
    return f"{studied} + {count(sobol, 'Sobol row')}" if sobol > 0 else studied

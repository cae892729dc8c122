"""A tournament from Python, no printing: every cell of a configuration played on a backend,
the results table and the strategies' scores returned (and written, with `output`).

    result = dragoman.tournament("examples/negmas-cells.yaml", workers=2, output="out/t")
    result.table        # pyarrow.Table: one row per negotiation (dragoman.experiments.table)
    result.scores       # pyarrow.Table: one row per strategy, means with 95% intervals

With `output`, each finished batch is stored at once (`dragoman.experiments.store`): running
the same configuration again skips the finished cells, so an interrupted tournament resumes.
A stored result counts for a cell only if its key matches, the scenario's content as played
and the engine included (`dragoman.experiments.cells`), and the table returned and written is
the one a fresh run gives, but the wall time, whatever else the folder holds (`conformed`).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa

from dragoman import arguments
from dragoman.errors import ConfigError, Problem
from dragoman.experiments.backends import BackendName, Unfinished, default_workers, run_tasks
from dragoman.experiments.cells import Cell, draw_of, enumerate_cells, files_held
from dragoman.experiments.config import (
    Engine,
    TournamentConfig,
    load_salvaged,
    locate,
    parse_config,
    salvaged,
)
from dragoman.experiments.play import on_batched, play_cells, unbatched
from dragoman.experiments.scores import strategy_scores
from dragoman.experiments.store import ResultStore
from dragoman.experiments.table import conformed, results_table

__all__ = ["Progress", "Task", "TournamentResult", "plan_tasks", "play_task", "tournament"]

#: Called with (negotiations done, negotiations in all) as batches finish.
Progress = Callable[[int, int], None]

#: Cells per task: general-engine cells take about a millisecond each, batched ones about
#: a hundredth of that; a task should hold a good fraction of a second of work, so the cost
#: of sending it (milliseconds on a pool, more on Ray) stays small.
GENERAL_BATCH = 250
BATCHED_BATCH = 20_000


@dataclass(frozen=True)
class Task:
    """One batch of cells for a worker."""

    cells: tuple[Cell, ...]
    steps: int | None
    engine: Engine
    batched: bool = False  # cells of the batched engine (one step loop: played whole)


@dataclass(frozen=True)
class TournamentResult:
    """A finished tournament: its table, the scores, and where they were written."""

    config: TournamentConfig
    table: pa.Table
    scores: pa.Table
    paths: dict[str, Path] = field(default_factory=dict)
    ran: int = 0  # negotiations played in this run
    skipped: int = 0  # negotiations found finished in `output` from an earlier run
    seconds: float = 0.0
    others: int = 0  # results in `output` of cells not in this run (another seed or config)
    notes: tuple[str, ...] = ()  # what was found in `output` and done about it
    #: results in `output` of this run's cells as an earlier version of a scenario (or the
    #: other engine) played them: kept there, left out of `table`, the cells played again
    earlier: int = 0

    @property
    def rate(self) -> float:
        """Negotiations played per second of this run."""
        return self.ran / self.seconds if self.seconds > 0 else math.nan

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain data (what `dragoman tournament --json` prints): what ran, the
        scores (one record per strategy), and the files written."""
        return {
            "title": self.config.title, "seed": self.config.seed,
            "negotiations": self.table.num_rows, "ran": self.ran, "skipped": self.skipped,
            "other_results": self.others, "earlier_results": self.earlier,
            "seconds": self.seconds, "notes": list(self.notes),
            "scores": self.scores.to_pylist(),
            "paths": {k: str(v) for k, v in self.paths.items()},
        }  # fmt: skip


#: Seconds of play after which a general-engine task hands back the rest of its cells, so
#: that results are stored as they come and an interrupt or a killed worker loses little.
TASK_SECONDS = 1.0
#: Seconds of play between two looks at the clock (cells are played a few at a time).
_LOOK_EVERY = 0.05


def play_task(task: Task) -> pa.Table | Unfinished[pa.Table, Task]:
    """The results of one batch (what a worker runs). A general-engine batch plays its cells
    a few at a time, and after `TASK_SECONDS` returns what it has and the rest as a task of
    its own (each cell's result depends on the cell alone, so the cut changes nothing)."""
    if task.batched:
        return results_table(play_cells(task.cells, task.steps, task.engine))
    played, done, size, start = [], 0, 1, time.perf_counter()
    while done < len(task.cells):
        chunk = task.cells[done : done + size]
        played += play_cells(chunk, task.steps, task.engine)
        done += len(chunk)
        spent = time.perf_counter() - start
        if spent >= TASK_SECONDS:
            break
        size = max(1, min(GENERAL_BATCH, int(_LOOK_EVERY * done / spent))) if spent else size * 2
    table = results_table(played)
    if done < len(task.cells):
        return Unfinished(table, replace(task, cells=task.cells[done:]))
    return table


def plan_tasks(
    config: TournamentConfig,
    cells: Sequence[Cell],
    workers: int,
    batch: int | None = None,
    fast: Sequence[bool] | None = None,
) -> list[Task]:
    """The cells cut into tasks, in order, each of one engine's kind of cells; with several
    workers, a few general-engine tasks per worker where there are enough cells, so the workers
    stay busy to the end, but one batched task per worker (up to the batch size): its cost is
    mostly the step loop, the same for few rows as for many, so cutting it finer only repeats
    that. One worker has nothing to balance: a task per batch size. `fast`: `on_batched` of the
    cells, if known."""
    fast = on_batched(cells, config.engine) if fast is None else fast
    tasks = []
    for kind, size in ((True, BATCHED_BATCH), (False, GENERAL_BATCH)):
        chosen = [c for c, f in zip(cells, fast, strict=True) if f is kind]
        if batch is not None:
            size = batch
        spread = workers if kind else 4 * workers if workers > 1 else 1
        size = max(1, min(size, math.ceil(len(chosen) / spread)))
        tasks += [
            Task(tuple(chosen[k : k + size]), config.steps, config.engine, kind)
            for k in range(0, len(chosen), size)
        ]
    return tasks


def tournament(
    config: TournamentConfig | Mapping[str, Any] | str | Path,
    *,
    output: str | Path | None = None,
    workers: int | None = None,
    backend: BackendName = "local",
    address: str | None = None,
    seed: int | None = None,
    progress: Progress | None = None,
    batch: int | None = None,
) -> TournamentResult:
    """Play every cell of `config` (a file, plain data or a `TournamentConfig`) not already
    finished in `output`; return the table of all of them and the scores (see the module
    doc). `seed` overrides the configuration's root seed. `seed`, `workers` and `batch` are
    checked first (`dragoman.arguments`, as the CLI's options)."""
    seed = None if seed is None else arguments.seed(seed)
    workers = arguments.count(workers, "workers", limit="workers")
    batch = arguments.count(batch, "batch")
    with files_held():  # one version of each scenario file, planned and played
        return _tournament(config, output, workers, backend, address, seed, progress, batch)


def _tournament(
    config: TournamentConfig | Mapping[str, Any] | str | Path,
    output: str | Path | None,
    workers: int | None,
    backend: BackendName,
    address: str | None,
    seed: int | None,
    progress: Progress | None,
    batch: int | None,
) -> TournamentResult:
    config, cells, fast = _checked(config, seed)
    store = ResultStore(output) if output is not None else None
    finished = store.finished() if store is not None else set()
    todo = [(c, f) for c, f in zip(cells, fast, strict=True) if c.key not in finished]
    count = workers or default_workers()
    spread = count if backend == "local" else max(2, count)  # a cluster: never one worker
    tasks = plan_tasks(config, [c for c, _ in todo], spread, batch, [f for _, f in todo])
    run = partial(run_tasks, play_task, tasks, backend=backend, workers=count, address=address)
    start = time.perf_counter()
    with closing(run()) as results:  # Ctrl-C: the pool stopped here, not at exit
        parts = _collect(results, store, len(cells) - len(todo), len(cells), progress)
    seconds = time.perf_counter() - start
    keys = {c.key for c in cells}
    if store is not None:
        table = conformed(store.gathered(keys), cells)
    else:
        joined = pa.concat_tables(parts, promote_options="default") if parts else None
        table = results_table([]) if joined is None else conformed(joined, cells)
    scores = strategy_scores(table) if table.num_rows else pa.table({})
    paths = _written(store, table, scores)
    skipped = len(cells) - len(todo)
    left = finished - keys  # kept in the folder, left out of `table`
    draws = {draw_of(key) for key in keys}
    earlier = sum(1 for key in left if draw_of(key) in draws)
    notes = tuple(store.set_aside) if store is not None else ()
    return TournamentResult(
        config, table, scores, paths, ran=len(todo), skipped=skipped, seconds=seconds,
        others=len(left) - earlier, notes=notes, earlier=earlier,
    )  # fmt: skip


def _collect(
    results: Iterator[tuple[int, pa.Table]],
    store: ResultStore | None,
    done: int,
    total: int,
    progress: Progress | None,
) -> list[pa.Table]:
    """Store each batch as it finishes (or keep it, without a store), reporting progress."""
    parts: list[pa.Table] = []
    if progress is not None:
        progress(done, total)
    for _, table in results:
        if store is not None:
            store.append(table)
        else:
            parts.append(table)
        done += table.num_rows
        if progress is not None:
            progress(done, total)
    return parts


def _checked(
    given: TournamentConfig | Mapping[str, Any] | str | Path, seed: int | None
) -> tuple[TournamentConfig, list[Cell], list[bool]]:
    """The configuration, its cells and which of them the batched engine plays; every refusal
    before any work, all at once and in the file's order: a broken field or name, a scenario
    that cannot be loaded or played, a cell the engine cannot run."""
    source = given if isinstance(given, str | Path) else None
    if isinstance(given, str | Path):
        config, problems = load_salvaged(given)
    elif isinstance(given, TournamentConfig):
        config, problems = given, []
    else:
        config, problems = salvaged(dict(given))
    cells: list[Cell] = []
    fast: list[bool] = []
    if config is not None and seed is not None and not problems:
        config = parse_config({**config.model_dump(), "seed": seed}, "--seed", config.base)
    if config is not None:
        try:
            cells = enumerate_cells(config)
            fast = on_batched(cells, config.engine)
            if config.engine == "batched" and not all(fast):
                raise ConfigError([Problem(unbatched(cells[fast.index(False)]), "engine")])
        except ConfigError as exc:
            found = exc if source is None else locate(exc, source)
            problems += [p for p in found.problems if not _derived(p, problems)]
    if problems or config is None:
        raise ConfigError(sorted(problems, key=_place))
    return config, cells, fast


#: A field's fault that follows from entries of another left out for their own: too few
#: agents to play without self-play, no mediated protocol left for the mediators.
_FOLLOWS = {"self_play": "agents", "mediators": "protocols"}


def _derived(problem: Problem, earlier: list[Problem]) -> bool:
    """Whether `problem` only follows from one of the `earlier` ones (see `_FOLLOWS`)."""
    cause = _FOLLOWS.get(problem.path)
    return cause is not None and any(p.path.startswith(cause) for p in earlier)


def _place(problem: Problem) -> tuple[bool, int, list[str | int]]:
    """A problem's place in the file: its line, then its field (`agents[2]` before
    `agents[10]`)."""
    parts = re.split(r"(\d+)", problem.path)
    return problem.line is None, problem.line or 0, [int(t) if t.isdigit() else t for t in parts]


def _written(store: ResultStore | None, table: pa.Table, scores: pa.Table) -> dict[str, Path]:
    if store is None:
        return {}
    paths = {f"results.{k}": v for k, v in store.write("results", table).items()}
    paths.update({f"scores.{k}": v for k, v in store.write("scores", scores).items()})
    return paths

"""An uncertainty study from Python, no printing: N preference profiles sampled from a
scenario's `uncertainty:` section (seeded), each studied (`dragoman.experiments.study`), and
what an analyst asks of them: P(a ZOPA exists), P(each red line / issue blocks), how often each
option is the Nash outcome's, P(agreement) and mean utilities under a protocol and agents,
P(the deal completes every phase), and which assumption matters most (`sensitivity`).

    result = dragoman.uncertainty("gaza-ceasefire-2024", samples=10_000, seed=1, workers=2)
    result.summary.p_zopa, result.summary.most_stable, result.sensitivity, result.samples
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from dragoman import arguments
from dragoman._words import count
from dragoman.errors import DragomanError
from dragoman.experiments.backends import BackendName, default_workers, run_tasks
from dragoman.experiments.cells import scenario_of
from dragoman.experiments.sampling import Design, design_of, monte_carlo, rows_of, sobol_design
from dragoman.experiments.sensitivity import TARGETS, sensitivity_table, target_values
from dragoman.experiments.store import ResultStore
from dragoman.experiments.study import StudySettings, StudyTask, study_task
from dragoman.io.output_paths import check_folder_path
from dragoman.io.scenario_file import builtin_scenarios
from dragoman.limits import over
from dragoman.model.scenario import Scenario
from dragoman.negotiation.protocols.registry import make_protocol
from dragoman.strategies.seating import build_seats, seat_mediators

__all__ = ["UncertaintyResult", "UncertaintySummary", "uncertainty"]

#: Rows per task: a sample takes a few milliseconds, a task's own cost (the scenario sent,
#: the results returned) about 10 ms; 100 rows keep that near 1% of a task and move the
#: progress (done/total, rate, ETA) every second or so per worker, not every 500 rows.
CHUNK = 100


@dataclass(frozen=True)
class UncertaintySummary:
    """What the samples say (shares are of all samples unless named otherwise)."""

    title: str
    samples: int
    seed: int
    p_zopa: float
    p_blocks: dict[str, float]  # red lines (`opening_drops`' labels): dropping them opens a zone
    nash_samples: int  # samples with a Nash outcome (a zone)
    nash_distribution: dict[str, dict[str, float]]  # issue -> option -> share of nash_samples
    stability: dict[str, float]  # issue -> share of its most common Nash option
    most_stable: str | None
    least_stable: str | None
    p_agreement: float | None  # with a protocol
    mean_utilities: dict[str, float] | None
    p_completes: float | None  # of samples with a deal: it completes every phase
    p_deal_completes: float | None  # of all samples: a deal, and it completes
    target: str
    ranking: list[str] = field(default_factory=list)  # most influential assumption first
    target_varies: bool = True  # False: the target is the same in every sample, nothing ranks
    influential: list[str] = field(default_factory=list)  # the ranking's measurable effects
    #: each measurable effect's rank, shared by effects within each other's 95% intervals
    ranks: dict[str, int] = field(default_factory=dict)
    tied: list[str] = field(default_factory=list)  # the effects that share their rank
    #: every issue at the most stable's share, and at the least stable's (ties all named)
    most_stable_issues: list[str] = field(default_factory=list)
    least_stable_issues: list[str] = field(default_factory=list)
    #: what seating added, as `negotiate` says it: a neutral mediator for a new name
    notes: list[str] = field(default_factory=list)
    #: the scenario's `uncertainty.note`: what the ranges are ("" when it gives none)
    uncertainty_note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return asdict(self)


@dataclass(frozen=True)
class UncertaintyResult:
    """A finished study: one row per sample, the summary, the sensitivity table."""

    summary: UncertaintySummary
    samples: pa.Table
    sensitivity: pa.Table
    paths: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: the summary, the sensitivity rows, the seconds, the files."""
        paths = {k: str(v) for k, v in self.paths.items()}
        rows = self.sensitivity.to_pylist()
        return {**self.summary.to_dict(), "sensitivity": rows, "seconds": self.seconds,
                "paths": paths}  # fmt: skip


def uncertainty(
    scenario: Scenario | str | Path,
    *,
    samples: int = 1_000,
    seed: int = 0,
    protocol: str | None = None,
    agents: Mapping[str, str] | None = None,
    mediators: Mapping[str, str] | None = None,
    steps: int | None = None,
    survival_runs: int = 1_000,
    sensitivity: int = 256,
    target: str = "zopa",
    workers: int | None = None,
    backend: BackendName = "local",
    address: str | None = None,
    output: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> UncertaintyResult:
    """Sample and study `samples` profiles, plus `sensitivity` x (parameters + 2) for the
    Sobol indices of `target` (0: rank correlations only); see the module doc."""
    seed, steps = arguments.seed(seed), arguments.steps(steps)
    samples, sensitivity = (
        arguments.whole(samples, "samples", least=1),
        arguments.whole(sensitivity, "sensitivity"),
    )
    survival_runs = arguments.whole(survival_runs, "survival runs", limit="runs")
    workers = arguments.count(workers, "workers", limit="workers")
    base = scenario if isinstance(scenario, Scenario) else scenario_of(str(scenario))
    design = design_of(base, None if isinstance(scenario, Scenario) else _file_of(scenario))
    sobol_rows = sensitivity * (len(design.parameters) + 2)
    too_many = over("samples", samples + sobol_rows)
    if too_many and sobol_rows:
        raise DragomanError(
            f"sensitivity {sensitivity:,}: its Sobol design adds {sensitivity:,} x "
            f"({count(len(design.parameters), 'parameter')} + 2) = {count(sobol_rows, 'row')} "
            f"to the {count(samples, 'sample')}: {too_many}"
        )
    if too_many:
        raise DragomanError(f"samples: {too_many}")
    if sensitivity & (sensitivity - 1):  # Saltelli's design balances only on powers of 2
        lower = 1 << (sensitivity.bit_length() - 1)
        raise arguments.ArgumentError(
            "sensitivity",
            f"must be a power of 2 (got {sensitivity:,}; Sobol' points keep their balance only "
            f"then): give {lower:,} or {lower * 2:,}, or 0 for rank correlations only",
        )
    if target not in TARGETS:
        raise DragomanError(f"unknown target {target!r} (use one of {', '.join(TARGETS)})")
    if target == "agreement" and protocol is None:
        raise DragomanError("the target 'agreement' needs a protocol to negotiate under")
    if target == "survival" and (survival_runs < 1 or not base.phases):
        raise DragomanError(
            "the target 'survival' needs survival runs (at least 1; got 0)"
            if base.phases
            else f"the target 'survival' needs phases: {base.metadata.title!r} has none"
        )
    notes = _check_seats(base, protocol, agents or {}, mediators or {})
    settings = StudySettings(seed, protocol, tuple((agents or {}).items()),
                             tuple((mediators or {}).items()), steps, survival_runs,
                             target)  # fmt: skip
    if output is not None:  # a folder that cannot be made is refused before any work
        check_folder_path(Path(output))
    main = monte_carlo(design, samples, seed)
    sobol = sobol_design(design, sensitivity, seed) if sensitivity > 0 else np.zeros((0, 0))
    tasks = _tasks(base, design, settings, main, sobol)
    start = time.perf_counter()
    records = _run(tasks, len(main) + len(sobol), backend, workers, address, progress)
    main_records = sorted((r for light, r in records if not light), key=lambda r: r["sample"])
    sobol_records = sorted((r for light, r in records if light), key=lambda r: r["sample"])
    table = _table(main_records, base)
    parties = [p.name for p in base.negotiators]
    y = target_values(main_records, target, parties)
    sobol_y = target_values(sobol_records, target, parties) if sobol_records else None
    ranked = sensitivity_table(design, sobol_y, table, y, seed)
    varies = bool(np.ptp(y) > 0 or (sobol_y is not None and np.ptp(sobol_y) > 0))
    summary = replace(_summary(base, main_records, settings, target, ranked, varies), notes=notes)
    paths = _written(output, table, ranked, summary)
    return UncertaintyResult(summary, table, ranked, paths, time.perf_counter() - start)


def _check_seats(
    base: Scenario, protocol: str | None, agents: Mapping[str, str], mediators: Mapping[str, str]
) -> list[str]:
    """Seat the scenario as every sample's negotiation will (`negotiate`'s own checks: a
    name that is no party or mediator, an unknown strategy or protocol), before any work;
    `negotiate`'s notes on what seating added."""
    if protocol is None:
        if agents or mediators:
            raise DragomanError(
                "agents and mediators are seated only in a negotiation: give a protocol "
                "(--protocol alternating, shuttle, ...)"
            )
        return []
    rules = make_protocol(protocol)
    seated, notes = seat_mediators(base, rules, mediators)
    build_seats(seated, rules, agents, mediators)
    return notes


def _tasks(
    base: Scenario, design: Design, settings: StudySettings, main: np.ndarray, sobol: np.ndarray
) -> list[StudyTask]:
    """The rows of both designs in chunks; one key for the scenario, so that a worker keeps
    one copy of it for every task."""
    key = hashlib.blake2b(base.yaml_text.encode(), digest_size=12).hexdigest()
    tasks = [StudyTask(base, design, rows, k * CHUNK, settings, False, key)
             for k, rows in enumerate(rows_of(main, CHUNK))]  # fmt: skip
    tasks += [StudyTask(base, design, rows, k * CHUNK, settings, True, key)
              for k, rows in enumerate(rows_of(sobol, CHUNK))]  # fmt: skip
    return tasks


def _run(
    tasks: list[StudyTask], total: int, backend: BackendName, workers: int | None,
    address: str | None, progress: Callable[[int, int], None] | None,
) -> list[tuple[bool, dict[str, Any]]]:  # fmt: skip
    done, records = 0, []
    count = workers or default_workers()
    results = run_tasks(study_task, tasks, backend=backend, workers=count, address=address)
    if progress is not None:  # after the backend's checks: a refusal draws no bar
        progress(0, total)
    with closing(results):  # Ctrl-C: the pool stopped here, not at exit
        for k, found in results:
            records += [(tasks[k].light, r) for r in found]
            done += len(found)
            if progress is not None:
                progress(done, total)
    return records


def _table(records: list[dict[str, Any]], scenario: Scenario) -> pa.Table:
    """The samples table: one row per record; each `nash:ISSUE` column typed as its issue
    (whole numbers int64, reals float64, options strings), as a tournament types
    `agreement_values`."""
    names = list(dict.fromkeys(name for r in records for name in r))
    types = {f"nash:{issue.name}": _ISSUE_TYPES[issue.kind] for issue in scenario.issues}
    return pa.table({name: pa.array([r.get(name) for r in records], types.get(name))
                     for name in names})  # fmt: skip


#: The Arrow type of each kind of issue's values.
_ISSUE_TYPES = {"categorical": pa.string(), "integer": pa.int64(), "real": pa.float64()}


def _summary(
    scenario: Scenario, records: list[dict[str, Any]], settings: StudySettings, target: str,
    ranked: pa.Table, varies: bool,
) -> UncertaintySummary:  # fmt: skip
    n = len(records)
    blocks = sorted({k for r in records for k in r if k.startswith("blocks:")})
    with_nash = [r for r in records if r["nash"] is not None]
    distribution: dict[str, dict[str, float]] = {}
    for issue in scenario.issues:
        counts = Counter(r[f"nash:{issue.name}"] for r in with_nash)
        options = [issue.value(k) for k in range(issue.cardinality)]
        total = max(1, len(with_nash))
        distribution[issue.name] = {str(v): counts[v] / total for v in options if counts[v]}
    stability = {i: max(d.values()) for i, d in distribution.items() if d}
    order = sorted(stability, key=lambda i: (-stability[i], i))
    deals = [r for r in records if r["deal"] is not None]
    survived = [r["survival"] for r in deals if r["survival"] is not None]
    negotiated = settings.protocol is not None
    parties = [p.name for p in scenario.negotiators]
    return UncertaintySummary(
        title=scenario.metadata.title, samples=n, seed=settings.seed,
        uncertainty_note=scenario.uncertainty.note if scenario.uncertainty else "",
        p_zopa=sum(r["zopa"] for r in records) / n,
        p_blocks={k.removeprefix("blocks:"): sum(bool(r.get(k)) for r in records) / n
                  for k in blocks},
        nash_samples=len(with_nash), nash_distribution=distribution, stability=stability,
        most_stable=order[0] if order else None, least_stable=order[-1] if order else None,
        p_agreement=sum(r["status"] == "agreement" for r in records) / n if negotiated else None,
        mean_utilities={p: float(np.mean([r[f"utility:{p}"] for r in records]))
                        for p in parties} if negotiated else None,
        p_completes=float(np.mean(survived)) if survived else None,
        p_deal_completes=float(sum(survived)) / n if survived else None,
        target=target, target_varies=varies,  # a target that never varies ranks nothing
        most_stable_issues=[i for i in order if stability[i] == stability[order[0]]],
        least_stable_issues=[i for i in order if stability[i] == stability[order[-1]]],
        ranking=ranked.column("parameter").to_pylist() if varies else [],
        influential=[r["parameter"] for r in ranked.to_pylist() if r["measurable"]],
        ranks={r["parameter"]: r["rank"] for r in ranked.to_pylist() if r["measurable"]},
        tied=[r["parameter"] for r in ranked.to_pylist() if r["measurable"] and r["tied"]],
    )  # fmt: skip


def _written(
    output: str | Path | None, table: pa.Table, ranked: pa.Table, summary: UncertaintySummary
) -> dict[str, Path]:
    if output is None:
        return {}
    import json

    store = ResultStore(output, parts=False)
    paths = {f"samples.{k}": v for k, v in store.write("samples", table).items()}
    paths.update({f"sensitivity.{k}": v for k, v in store.write("sensitivity", ranked).items()})
    summary_path = store.folder / "summary.json"
    summary_path.write_text(json.dumps(summary.to_dict(), indent=2, default=str), "utf-8")
    paths["summary.json"] = summary_path
    return paths


def _file_of(reference: str | Path) -> str:
    """How a message names the scenario a reference loads: the path given, or a built-in's
    file name (as its file's faults are located)."""
    builtins = builtin_scenarios()
    if not Path(reference).exists() and str(reference) in builtins:
        return builtins[str(reference)].name
    return str(reference)

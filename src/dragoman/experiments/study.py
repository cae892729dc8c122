"""One sampled preference profile studied: the zone of agreement, which red lines block it,
the Nash outcome, a negotiation under a chosen protocol and agents (on the batched engine when
it can run it), and whether the deal (the agreement reached, else the Nash outcome)
completes every phase of the implementation simulation (`dragoman.phases`).

Every random number comes from the study's seed: a negotiation's from `SeedSequence(seed,
spawn_key=(1, sample))`, a deal's implementation runs from `SeedSequence(seed, spawn_key=(2,
*digest))` where digest is that of the deal's simulation model, so deals sharing a model
(many samples reach the same deal) are simulated once per worker, and the results do not depend
on which worker studies which sample.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from dragoman._derived import derived
from dragoman.analysis.blocking import opening_drops
from dragoman.analysis.problem import bargaining_problem
from dragoman.experiments.batched import batchable, play_batched
from dragoman.experiments.sampling import Design
from dragoman.model.scenario import Scenario
from dragoman.phases.implementation import survival, survival_model
from dragoman.phases.simulation import SimulationModel
from dragoman.runs.negotiation import start_session

__all__ = ["StudySettings", "StudyTask", "study_task"]


@dataclass(frozen=True)
class StudySettings:
    """What to do with each sample."""

    seed: int = 0
    protocol: str | None = None  # None: no negotiation
    agents: tuple[tuple[str, str], ...] = ()  # (party, spec)
    mediators: tuple[tuple[str, str], ...] = ()
    steps: int | None = None
    survival_runs: int = 1_000  # per distinct deal; 0: no implementation simulation
    target: str = "zopa"  # what the light (Sobol) rows must give


@dataclass(frozen=True)
class StudyTask:
    """A chunk of design rows for a worker; `light` rows (the Sobol design) skip the
    blocking report."""

    scenario: Scenario
    design: Design
    rows: np.ndarray
    first: int  # the number of the first row
    settings: StudySettings
    light: bool = False
    key: str = ""  # names the scenario: tasks of one study share one copy per worker


#: The scenario of each study this worker has seen, by key (the first copy received), so every
#: task of a study reuses what was derived from it (survival models, simulated chances).
_SCENARIOS: dict[str, Scenario] = {}


def study_task(task: StudyTask) -> list[dict[str, Any]]:
    """The record of every row of the task (what a worker runs)."""
    if task.key:
        if task.key not in _SCENARIOS and len(_SCENARIOS) >= 8:
            _SCENARIOS.pop(next(iter(_SCENARIOS)))
        task = replace(task, scenario=_SCENARIOS.setdefault(task.key, task.scenario))
    return [_study(task, task.first + k, row) for k, row in enumerate(task.rows)]


def _study(task: StudyTask, number: int, row: np.ndarray) -> dict[str, Any]:
    variant, described = task.design.variant(task.scenario, row)
    problem = bargaining_problem(variant)
    zone = problem.zone
    names = [p.name for p in variant.negotiators]
    record: dict[str, Any] = {"sample": number, **described}
    record["zopa"] = zone.exists
    if not task.light:
        record.update({f"blocks:{k}": v for k, v in opening_drops(variant, problem).items()})
    space = variant.outcome_space
    nash = zone.nash
    record["nash"] = nash
    for issue, value in (space.values(nash) if nash is not None else {}).items():
        record[f"nash:{issue}"] = value  # typed as its issue (the samples table's column too)
    for i, name in enumerate(names):
        record[f"nash_utility:{name}"] = (
            None if zone.nash_utilities is None else float(zone.nash_utilities[i])
        )
    deal = nash
    settings = task.settings
    light_only = task.light and settings.target == "zopa"
    if settings.protocol is not None and not light_only:
        deal = _negotiate(variant, settings, number, record, names)
    record["deal"] = deal
    simulate = not task.light or settings.target == "survival"
    record["survival"] = _survival(task.scenario, variant, deal, settings) if simulate else None
    return record


def _negotiate(
    variant: Scenario,
    settings: StudySettings,
    number: int,
    record: dict[str, Any],
    names: list[str],
) -> int | None:
    """Run the negotiation of one sample; record its status and utilities; the agreement."""
    agents = dict(settings.agents)
    specs = [agents.get(n, "boulware") for n in names]
    assert settings.protocol is not None
    seed = int(np.random.SeedSequence(settings.seed, spawn_key=(1, number)).generate_state(1)[0])
    if batchable(variant, settings.protocol, specs):
        played = play_batched(variant, [specs], settings.steps, seeds=[seed])
        agreed = int(played.agreement[0])
        agreement = agreed if agreed >= 0 else None
        status = "agreement" if agreement is not None else "deadline"
        utilities = None
    else:
        session = start_session(
            variant, settings.protocol, agents=dict(zip(names, specs, strict=True)),
            mediators=dict(settings.mediators), seed=seed, steps=settings.steps,
        )  # fmt: skip
        result = session.run()
        agreement, status, utilities = result.agreement, result.status.value, result.utilities
    record["status"] = status
    problem = bargaining_problem(variant)
    for i, name in enumerate(names):
        if agreement is None:
            value = float(problem.reservation[i])
        elif utilities is not None:
            value = utilities[name]
        else:
            value = float(problem.utilities_of([agreement])[i, 0])
        record[f"utility:{name}"] = value
    return agreement


def _survival(
    scenario: Scenario, variant: Scenario, deal: int | None, settings: StudySettings
) -> float | None:
    """The deal's chance of completing every phase (None: no deal, or nothing to simulate)."""
    if deal is None or settings.survival_runs <= 0 or not variant.phases:
        return None
    # a deal's survival depends on the phases and the implementation model, which no sample
    # changes: one simulation per distinct model (deals may share one), per worker
    models: dict[int, tuple[str, SimulationModel] | None] = derived(scenario, "models", dict)
    chances: dict[tuple[str, int, int], float] = derived(scenario, "survival chances", dict)
    if deal not in models:
        outcome = {k: str(v) for k, v in variant.outcome_space.values(deal).items()}
        model = survival_model(variant, outcome)
        models[deal] = None if model is None else (_model_key(model), model)
    found = models[deal]
    if found is None:
        return None
    key, model = found
    runs = settings.survival_runs
    if (key, settings.seed, runs) not in chances:
        digest = [int(key[k : k + 8], 16) for k in (0, 8)]
        seed = np.random.SeedSequence(settings.seed, spawn_key=(2, *digest)).generate_state(1)
        chances[key, settings.seed, runs] = survival(model, runs=runs, seed=int(seed[0]))
    return chances[key, settings.seed, runs]


def _model_key(model: SimulationModel) -> str:
    """A digest of everything a simulation model holds."""
    digest = hashlib.blake2b(digest_size=16)
    for name in (f.name for f in fields(model)):
        value = getattr(model, name)
        digest.update(name.encode())
        digest.update(value.tobytes() if isinstance(value, np.ndarray) else repr(value).encode())
    return digest.hexdigest()

"""The assessment of an agreement's implementation: plain data for the CLI, JSON, plots, the web.

`assess_implementation(scenario, agreement, runs=..., seed=...)` builds the phased agreement in
words, the incentive table per phase and party, the self-enforcement verdict, the smallest
guarantees, a comparison of sequencing alternatives, and Monte Carlo survival under the
guarantees in force, the minimal ones and the noise-robust ones.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from dragoman import arguments
from dragoman._words import number, percent, shown
from dragoman.analysis.results import plain
from dragoman.phases.agreement import Agreement
from dragoman.phases.compliance import ComplianceStudy, simulation_model, study_compliance
from dragoman.phases.game import phase_stakes
from dragoman.phases.schedule import Schedule, build_schedule
from dragoman.phases.sequencing import alternatives
from dragoman.phases.simulation import SimulationModel, SimulationResult, check_runs, simulate

if TYPE_CHECKING:
    from dragoman.model.phases import Implementation
from dragoman.model.scenario import Scenario

__all__ = [
    "SETTINGS",
    "ImplementationAssessment",
    "IncentiveRow",
    "PlannedMove",
    "SequencingRow",
    "SimulationSummary",
    "SpoilerInfo",
    "Verdict",
    "assess_implementation",
    "survival",
    "survival_model",
]

#: Guarantee settings simulated, in the order reported.
SETTINGS = ("in force", "minimal", "robust")


@dataclass(frozen=True)
class IncentiveRow:
    """One party at one phase, at its most tempting batch, on the path of full compliance."""

    phase: str
    party: str
    batch: int  # 1-based
    comply: float  # value of complying to the end, from this move on (decision-time units)
    defect: float  # value of defecting here, after its cost and the expected penalty in force
    temptation: float  # defect - comply: > 0 means tempted
    in_force: float  # guarantee (penalty) in force
    needed: float  # smallest guarantee that makes compliance an equilibrium
    robust: float  # the same with the compliance-noise margin
    detection: float  # chance a violation at this phase is established


@dataclass(frozen=True)
class PlannedMove:
    """A move at which the subgame-perfect plan defects, were play to reach it: its values
    with everyone after it following the plan (not complying throughout, as in IncentiveRow)."""

    phase: str
    party: str
    batch: int  # 1-based
    defect: float  # value of defecting here, from this move on (decision-time units)
    comply: float  # value of complying here, everyone then following the plan
    gain: float  # defect - comply: > 0, as the plan defects here


@dataclass(frozen=True)
class Verdict:
    """Is full compliance subgame-perfect? If not, who defects first, where, by how much."""

    compliant: bool
    party: str | None
    phase: str | None
    batch: int | None
    temptation: float  # gain of defecting over complying, at the first defection
    text: str
    planned: list[str] = field(default_factory=list)  # every move the plan defects at, in words
    moves: list[PlannedMove] = field(default_factory=list)  # the same moves with their values


@dataclass(frozen=True)
class SequencingRow:
    """One sequencing alternative and the guarantees it needs."""

    label: str
    layout: str  # weeks and batches per phase
    compliant: bool  # self-enforcing with the guarantees in force
    first_defection: str
    needed_total: float
    largest: str
    robust_total: float
    survival: float  # chance every phase is completed, guarantees in force
    survival_robust: float  # the same with the robust guarantees


@dataclass(frozen=True)
class SimulationSummary:
    """Monte Carlo results under one guarantee setting."""

    setting: str
    runs: int
    seed: int
    reached: dict[str, float]
    completed: dict[str, float]
    all_completed: float
    expected_utility: dict[str, float]
    alive_by_week: list[float]
    most_common_failure: str


@dataclass(frozen=True)
class SpoilerInfo:
    """A spoiler as modelled, with its sources."""

    name: str
    description: str
    weekly_probability: float
    deterrence: float
    effective: float
    phases: list[str]
    sources: list[str]


@dataclass(frozen=True)
class ImplementationAssessment:
    """Everything `dragoman implement` reports."""

    title: str
    agreement: Agreement
    agreement_text: dict[str, str]
    schedule: list[str]
    phases: list[str]
    phase_start: list[int]
    assumptions: str
    note: str = ""
    incentives: list[IncentiveRow] = field(default_factory=list)
    verdict: Verdict | None = None
    sequencing: list[SequencingRow] = field(default_factory=list)
    simulations: list[SimulationSummary] = field(default_factory=list)
    spoilers: list[SpoilerInfo] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (enums as values, non-finite numbers as None)."""
        return plain(asdict(self))  # type: ignore[no-any-return]


def assess_implementation(
    scenario: Scenario, agreement: Agreement, *, runs: int = 100_000, seed: int = 0
) -> ImplementationAssessment:
    """The implementation analysis of `agreement` (see the module docstring)."""
    runs, seed = check_runs(runs), arguments.seed(seed)
    schedule = build_schedule(scenario, agreement.outcome)
    space = scenario.outcome_space
    base = ImplementationAssessment(
        title=scenario.metadata.title,
        agreement=agreement,
        agreement_text=space.describe(space.outcome_index(agreement.outcome)),
        schedule=schedule.lines(),
        phases=[p.name for p in schedule.phases],
        phase_start=np.cumsum([0, *(p.whole_weeks for p in schedule.phases)])[:-1].tolist(),
        assumptions="",
    )
    imp = scenario.implementation
    if not schedule.phases:
        return replace(base, note="The scenario has no phases: there is nothing to implement.")
    if imp is None:
        return replace(
            base,
            note="The scenario has no implementation section (payoffs, guarantees, spoilers): the "
            "incentive analysis and the simulation need one (see docs/phases.md).",
        )
    stakes = phase_stakes(scenario, schedule)
    analysis = study_compliance(schedule, stakes, imp.compliance_noise)
    simulations = [_simulation(analysis, imp, s, runs, seed) for s in SETTINGS]
    agreed = {s.setting: s.all_completed for s in simulations}
    return replace(
        base,
        assumptions=imp.assumptions,
        incentives=_incentives(analysis),
        verdict=_verdict(analysis),
        sequencing=_sequencing(scenario, imp, analysis, agreed, runs, seed),
        simulations=simulations,
        spoilers=_spoilers(scenario, imp),
    )


def survival_model(scenario: Scenario, outcome: dict[str, str]) -> SimulationModel | None:
    """The simulation model of the deal `outcome` with the guarantees in force (None when the
    scenario has no phases or no implementation model): what `assess_implementation`
    simulates first. Deals that differ only in what the model ignores share one model."""
    imp = scenario.implementation
    schedule = build_schedule(scenario, outcome)
    if imp is None or not schedule.phases:
        return None
    stakes = phase_stakes(scenario, schedule)
    analysis = study_compliance(schedule, stakes, imp.compliance_noise)
    return simulation_model(analysis, imp, analysis.guarantees(SETTINGS[0]))


def survival(model: SimulationModel, *, runs: int, seed: int) -> float:
    """The simulated chance that a deal completes every phase."""
    return float(simulate(model, runs, np.random.default_rng(seed)).completed[-1])


def _incentives(a: ComplianceStudy) -> list[IncentiveRow]:
    game, rows = a.game, []
    accrued, complete = game.accrued, game.complete
    for k, phase in enumerate(a.schedule.phases):
        for i, party in enumerate(a.schedule.parties):
            moves = np.flatnonzero((game.mover == i) & (game.phase == k))
            if not moves.size:
                continue
            m = int(moves[np.argmax(a.temptation[moves])])
            comply = (complete[i] - accrued[m, i]) / game.scale[m]
            defect = (game.defect[m, i] - accrued[m, i]) / game.scale[m]
            rows.append(
                IncentiveRow(
                    phase=phase.name,
                    party=party,
                    batch=int(game.batch[m]) + 1,
                    comply=float(comply),
                    defect=float(defect),
                    temptation=float(a.temptation[m]),
                    in_force=float(a.stakes.guarantee[i, k]),
                    needed=float(a.needed[i, k]),
                    robust=float(a.robust[i, k]),
                    detection=float(a.stakes.detection[k]),
                )
            )
    return rows


def _verdict(a: ComplianceStudy) -> Verdict:
    eq, game = a.equilibrium, a.game
    if eq.first_defection is None:
        text = (
            "Full compliance is subgame-perfect: with the guarantees in force, no party gains "
            "by defecting at any phase."
        )
        return Verdict(True, None, None, None, 0.0, text)
    m = eq.first_defection
    p, k = int(game.mover[m]), int(game.phase[m])
    party, plan = a.schedule.parties[p], a.schedule.phases[k]
    gain = float((game.defect[m, p] - eq.values[m + 1, p]) / game.scale[m])
    text = (
        "Full compliance is not subgame-perfect. Backward induction on the scenario's payoffs "
        f"and order of moves: {party} defects first, at {plan.name} (batch "
        f"{int(game.batch[m]) + 1} of {plan.batches}), gaining {shown(gain)} over complying, given "
        "what it expects the others to do later."
    )
    text += f" ({a.order_caveat()})"
    planned: dict[str, list[str]] = {}
    for j in np.flatnonzero(eq.defects):
        where = f"{a.schedule.phases[game.phase[j]].name}, batch {game.batch[j] + 1}"
        planned.setdefault(where, []).append(a.schedule.parties[game.mover[j]])
    steps = [f"{where}: {', '.join(who)}" for where, who in planned.items()]
    moves = _planned_moves(a)
    return Verdict(False, party, plan.name, int(game.batch[m]) + 1, gain, text, steps, moves)


def _planned_moves(a: ComplianceStudy) -> list[PlannedMove]:
    """Every move the plan defects at, valued with the plan played afterwards; the first one's
    gain is the verdict's."""
    eq, game = a.equilibrium, a.game
    moves = []
    for j in np.flatnonzero(eq.defects):
        p, scale, accrued = int(game.mover[j]), game.scale[j], game.accrued[j, game.mover[j]]
        defect = float((game.defect[j, p] - accrued) / scale)
        comply = float((eq.values[j + 1, p] - accrued) / scale)
        moves.append(
            PlannedMove(
                phase=a.schedule.phases[game.phase[j]].name,
                party=a.schedule.parties[p],
                batch=int(game.batch[j]) + 1,
                defect=defect,
                comply=comply,
                gain=defect - comply,
            )
        )
    return moves


def _sequencing(
    scenario: Scenario,
    imp: Implementation,
    agreed: ComplianceStudy,
    agreed_survival: dict[str, float],
    runs: int,
    seed: int,
) -> list[SequencingRow]:
    """Each sequencing alternative analysed and simulated (the agreed one is reused)."""
    rows = []
    for label, variant in alternatives(agreed.schedule):
        if variant is agreed.schedule:
            a, survival = agreed, agreed_survival
        else:
            a = study_compliance(variant, phase_stakes(scenario, variant), imp.compliance_noise)
            settings = ("in force", "robust")
            survival = {s: float(_run(a, imp, s, runs, seed).completed[-1]) for s in settings}
        i, k = np.unravel_index(int(np.argmax(a.needed)), a.needed.shape)
        verdict, needed = _verdict(a), shown(float(a.needed[i, k]))
        rows.append(
            SequencingRow(
                label=label,
                layout=", ".join(_layout(p.weeks, p.batches) for p in variant.phases),
                compliant=verdict.compliant,
                first_defection="" if verdict.compliant else f"{verdict.party} at {verdict.phase}",
                needed_total=float(a.needed.sum()),
                largest=f"{variant.parties[i]}, {variant.phases[k].name}: {needed}",
                robust_total=float(a.robust.sum()),
                survival=survival["in force"],
                survival_robust=survival["robust"],
            )
        )
    return rows


def _layout(weeks: float | None, batches: int) -> str:
    return f"{number(weeks or 0)}w" + (f"×{batches}" if batches > 1 else "")


def _run(
    a: ComplianceStudy, imp: Implementation, setting: str, runs: int, seed: int
) -> SimulationResult:
    model = simulation_model(a, imp, a.guarantees(setting))
    return simulate(model, runs, np.random.default_rng(seed))


def _simulation(
    a: ComplianceStudy, imp: Implementation, setting: str, runs: int, seed: int
) -> SimulationSummary:
    result = _run(a, imp, setting, runs, seed)
    names = [p.name for p in a.schedule.phases]
    return SimulationSummary(
        setting=setting,
        runs=runs,
        seed=seed,
        reached=dict(zip(names, result.reached.tolist(), strict=True)),
        completed=dict(zip(names, result.completed.tolist(), strict=True)),
        all_completed=float(result.completed[-1]),
        expected_utility=dict(
            zip(a.schedule.parties, result.expected_utility.tolist(), strict=True)
        ),
        alive_by_week=result.alive.tolist(),
        most_common_failure=_failure_point(a.schedule, imp, result),
    )


def _failure_point(schedule: Schedule, imp: Implementation, result: SimulationResult) -> str:
    """The phase and cause with the most collapses, and the week most of them happen, in words."""
    total = int(result.failures.sum())
    if total == 0:
        return "none: no run failed"
    starts = np.cumsum([0, *(p.whole_weeks for p in schedule.phases)])
    by_phase = np.add.reduceat(result.failures, starts[:-1], axis=0)  # (phases, causes)
    k, cause = np.unravel_index(int(np.argmax(by_phase)), by_phase.shape)
    week = int(starts[k] + np.argmax(result.failures[starts[k] : starts[k + 1], cause]))
    spoilers = [s.name for s in imp.spoilers]
    what = (
        f"escalation shock ({spoilers[cause]})"
        if cause < len(spoilers)
        else f"violation by {schedule.parties[cause - len(spoilers)]}"
    )
    share = by_phase[k, cause] / total
    return (
        f"{schedule.phases[k].name}: {what}, {percent(share, 0)} of all failures "
        f"(most in week {week + 1}, week {week - starts[k] + 1} of the phase)"
    )


def _spoilers(scenario: Scenario, imp: Implementation) -> list[SpoilerInfo]:
    sources = {s.id: s for s in scenario.metadata.sources}
    return [
        SpoilerInfo(
            name=s.name,
            description=s.description,
            weekly_probability=s.weekly_probability,
            deterrence=s.deterrence,
            effective=s.weekly_probability * (1 - s.deterrence),
            phases=list(s.phases),
            sources=[
                f"{sources[i].publisher}, {sources[i].title} ({sources[i].date}) {sources[i].url}"
                for i in s.sources
            ],
        )
        for s in imp.spoilers
    ]

"""Phased agreements: the schedule of an agreement, its self-enforcement, its implementation.

- `build_schedule(scenario, outcome)`: the scenario's phases with the agreed numbers filled in.
- `compliance_game`, `backward_induction`, `minimal_guarantees`: is full compliance
  subgame-perfect, and which guarantees would make it so (pure functions on arrays).
- `simulate(model, runs, rng)`: Monte Carlo of the implementation with spoilers and noise.
- `implementation_report(scenario, agreement, runs=, seed=)`: all of it as plain data.
- `choose_agreement(...)`: the agreement to implement, from a file, a solution or a log.

See docs/phases.md for the model and its assumptions.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dragoman.errors import DragomanError
from dragoman.phases.agreement import (
    Agreement,
    AgreementError,
    agreement_from_events,
    agreement_from_mapping,
    solution_agreement,
)
from dragoman.phases.compliance import ScheduleAnalysis, analyse_schedule, simulation_model
from dragoman.phases.enforcement import (
    Equilibrium,
    backward_induction,
    minimal_guarantees,
    temptations,
)
from dragoman.phases.game import ComplianceGame, PhaseStakes, compliance_game, phase_stakes
from dragoman.phases.implementation import ImplementationReport, implementation_report
from dragoman.phases.schedule import CommitmentPlan, PhasePlan, Schedule, build_schedule
from dragoman.phases.sequencing import alternatives
from dragoman.phases.simulation import SimulationModel, SimulationResult, simulate

if TYPE_CHECKING:
    from dragoman.model.scenario import Scenario

__all__ = [
    "Agreement",
    "AgreementError",
    "CommitmentPlan",
    "ComplianceGame",
    "Equilibrium",
    "ImplementationReport",
    "PhasePlan",
    "PhaseStakes",
    "Schedule",
    "ScheduleAnalysis",
    "SimulationModel",
    "SimulationResult",
    "agreement_from_events",
    "agreement_from_mapping",
    "alternatives",
    "analyse_schedule",
    "backward_induction",
    "build_schedule",
    "choose_agreement",
    "compliance_game",
    "implementation_report",
    "minimal_guarantees",
    "phase_stakes",
    "simulate",
    "simulation_model",
    "solution_agreement",
    "temptations",
]


def choose_agreement(
    scenario: Scenario,
    *,
    agreement_file: str | Path | None = None,
    log: str | Path | None = None,
    solution: str = "nash",
) -> Agreement:
    """The agreement to implement: from an agreement file, else from a negotiation log, else the
    bargaining `solution` (see `solution_agreement` for its fallback)."""
    if agreement_file is not None and log is not None:
        raise DragomanError("give an agreement file or a log, not both")
    if agreement_file is not None:
        from dragoman.io.agreement_file import read_agreement

        return read_agreement(scenario, agreement_file)
    if log is not None:
        from dragoman.io.eventlog import read_events

        return agreement_from_events(scenario, read_events(log), str(log))
    return solution_agreement(scenario, solution)

"""Phased agreements: the schedule of an agreement, its self-enforcement, its implementation.

- `build_schedule(scenario, outcome)`: the scenario's phases with the agreed numbers filled in.
- `compliance_game`, `backward_induction`, `minimal_guarantees`: is full compliance
  subgame-perfect, and which guarantees would make it so (pure functions on arrays).
- `simulate(model, runs, rng)`: Monte Carlo of the implementation with spoilers and noise.
- `assess_implementation(scenario, agreement, runs=, seed=)`: all of it as plain data.
- `choose_solution`, `agreement_from_mapping`: the agreement to implement.

See docs/phases.md for the model and its assumptions. Names load lazily.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dragoman._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover - for type checkers; at run time names load lazily
    from dragoman.phases.agreement import (
        Agreement,
        AgreementError,
        agreement_from_mapping,
        choose_solution,
    )
    from dragoman.phases.compliance import ComplianceStudy, simulation_model, study_compliance
    from dragoman.phases.enforcement import (
        Equilibrium,
        backward_induction,
        minimal_guarantees,
        temptations,
    )
    from dragoman.phases.game import ComplianceGame, PhaseStakes, compliance_game, phase_stakes
    from dragoman.phases.implementation import ImplementationAssessment, assess_implementation
    from dragoman.phases.schedule import CommitmentPlan, PhasePlan, Schedule, build_schedule
    from dragoman.phases.sequencing import alternatives
    from dragoman.phases.simulation import SimulationModel, SimulationResult, simulate

__getattr__, __dir__ = lazy_exports(__name__, __file__)  # __all__ too

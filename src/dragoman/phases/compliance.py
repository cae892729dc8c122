"""One schedule analysed: its compliance game, the subgame-perfect plan, the incentives per party
and phase, the guarantees that make compliance an equilibrium, and its simulation model.

This is the glue between the scenario (schedule, stakes, spoilers) and the pure functions of
`enforcement` and `simulation`; `report` turns its results into plain data for the front ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from dragoman._arrays import FloatArray
from dragoman.phases.enforcement import (
    Equilibrium,
    backward_induction,
    minimal_guarantees,
    temptations,
)
from dragoman.phases.game import ComplianceGame, PhaseStakes, compliance_game
from dragoman.phases.schedule import Schedule
from dragoman.phases.simulation import SimulationModel

if TYPE_CHECKING:
    from dragoman.model.phases import Implementation

__all__ = ["ComplianceStudy", "simulation_model", "study_compliance"]


@dataclass(frozen=True)
class ComplianceStudy:
    """A schedule's game under the guarantees in force, and the guarantees it needs."""

    schedule: Schedule
    stakes: PhaseStakes
    game: ComplianceGame  # with the guarantees in force
    equilibrium: Equilibrium
    temptation: FloatArray  # (moves,) with the guarantees in force
    needed: FloatArray  # (parties, phases) smallest guarantees for compliance
    robust: FloatArray  # (parties, phases) the same, with the compliance-noise margin

    def guarantees(self, kind: str) -> FloatArray:
        """The penalties of a simulation setting: 'in force', 'minimal' or 'robust' (a needed
        guarantee never removes one already in force)."""
        if kind == "in force":
            return self.stakes.guarantee
        extra = self.needed if kind == "minimal" else self.robust
        return np.maximum(self.stakes.guarantee, extra)

    def order_caveat(self) -> str:
        """Within a batch the phase's listed order decides who moves first; said outright when
        the parties' payoffs are identical, since then nothing else can name one of them first."""
        text = "Within a batch, parties move in the order the phase lists their commitments"
        same = [self.schedule.parties[i] for i in self.stakes.mirrored()]
        if not same:
            return (
                f"{text}; where payoffs are symmetric, that order alone decides who is named first."
            )
        names = f"{', '.join(same[:-1])} and {same[-1]}"
        return (
            f"{text}. {names} have identical payoffs and guarantees here, so that order alone "
            "decides who is named first: an assumption of the scenario, not a finding."
        )


def study_compliance(schedule: Schedule, stakes: PhaseStakes, noise: float) -> ComplianceStudy:
    """Backward induction, temptations and minimal (and noise-robust) guarantees."""
    game = compliance_game(schedule, stakes)
    bare = compliance_game(schedule, stakes, np.zeros_like(stakes.guarantee))
    bare_temptation = temptations(bare.mover, bare.defect, bare.complete, bare.scale)
    shape = stakes.guarantee.shape
    args = (bare_temptation, bare.mover, bare.phase, bare.detection, shape)
    return ComplianceStudy(
        schedule=schedule,
        stakes=stakes,
        game=game,
        equilibrium=backward_induction(game.mover, game.defect, game.complete),
        temptation=temptations(game.mover, game.defect, game.complete, game.scale),
        needed=minimal_guarantees(*args),
        robust=minimal_guarantees(*args, margin=noise),
    )


def simulation_model(
    analysis: ComplianceStudy, implementation: Implementation, guarantee: FloatArray
) -> SimulationModel:
    """The simulation of the schedule with penalties `guarantee` (parties, phases): parties
    weigh complying against defecting with subgame-perfect expectations of the rest."""
    schedule, stakes = analysis.schedule, analysis.stakes
    game = compliance_game(schedule, stakes, guarantee)
    plan = backward_induction(game.mover, game.defect, game.complete)
    moves = np.arange(len(game.mover))
    margin = (plan.values[moves + 1, game.mover] - game.defect[moves, game.mover]) / game.scale
    p, k = game.mover, game.phase
    penalty = stakes.cost[p, k] + stakes.detection[k] * guarantee[p, k]
    weeks = np.array([plan_.whole_weeks for plan_ in schedule.phases], dtype=np.int64)
    start = np.concatenate([[0], np.cumsum(weeks)[:-1]]).astype(np.int64)
    return SimulationModel(
        parties=schedule.parties,
        spoilers=tuple(s.name for s in implementation.spoilers),
        phase_start=start,
        phase_weeks=weeks,
        move_week=game.week,
        mover=game.mover,
        margin=margin,
        collapse_payoff=game.defect - game.accrued,
        credit=game.credit,
        violation_cost=game.scale * penalty,
        shock=_shock_table(schedule, implementation, start, weeks),
        absorption=implementation.absorption,
        noise=implementation.compliance_noise,
    )


def _shock_table(
    schedule: Schedule,
    implementation: Implementation,
    start: npt.NDArray[np.int64],
    weeks: npt.NDArray[np.int64],
) -> FloatArray:
    """(spoilers, weeks): each spoiler's weekly shock chance after deterrence, 0 where it is not
    active."""
    names = [p.name for p in schedule.phases]
    table = np.zeros((len(implementation.spoilers), int(weeks.sum())))
    for s, spoiler in enumerate(implementation.spoilers):
        chance = spoiler.weekly_probability * (1.0 - spoiler.deterrence)
        for k, name in enumerate(names):
            if not spoiler.phases or name in spoiler.phases:
                table[s, start[k] : start[k] + weeks[k]] = chance
    return table

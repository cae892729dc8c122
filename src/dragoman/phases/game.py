"""The compliance game of a phased agreement, as plain arrays.

Each batch of each phase is a step; in a step every negotiating party, in the phase's order,
either complies (carries out its part) or defects (and the deal collapses). That is a
perfect-information game in which every move has two actions and defection ends the game:

- a completed step credits every party its share of the phase's `complete` value;
- a party defecting at phase k gets its share of `defect` minus the `cost` of defection and the
  expected guarantee penalty (`detection` × penalty); every other party gets its share of
  `betrayed`; values of steps completed earlier are kept.

A phase split into n batches gives each batch 1/n of the phase's `complete`, `defect` and
`betrayed` values (what can be grabbed is what is on the table), while `cost` and guarantees are
paid in full at any batch. Payoffs at week w are discounted by `weekly_discount`**w, so every
value in the game is in week-0 units; `scale` turns them back into decision-time units.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from dragoman._arrays import FloatArray, IntArray
from dragoman._words import number
from dragoman.errors import Problem, ScenarioError
from dragoman.phases.schedule import Schedule, evaluate_number, issue_values

if TYPE_CHECKING:
    from dragoman.model.scenario import Scenario

__all__ = ["ComplianceGame", "PhaseStakes", "compliance_game", "phase_stakes"]

_FIELDS = ("complete", "defect", "cost", "betrayed")


@dataclass(frozen=True)
class PhaseStakes:
    """Every party's stakes in every phase: arrays shaped (parties, phases)."""

    complete: FloatArray
    defect: FloatArray
    cost: FloatArray
    betrayed: FloatArray
    guarantee: FloatArray  # penalties in force (guarantees of the implementation section)
    detection: FloatArray  # (phases,): chance a violation is established, so penalties apply
    weekly_discount: float

    def mirrored(self) -> tuple[int, ...]:
        """The parties with any stake, when there are two or more and every one of their
        payoffs and guarantees is the same in every phase; else (). Then only the order of
        moves can tell them apart in the game."""
        rows = np.stack([self.complete, self.defect, self.cost, self.betrayed, self.guarantee])
        staked = [i for i in range(rows.shape[1]) if np.any(rows[:, i] != 0)]
        same = all(np.array_equal(rows[:, i], rows[:, staked[0]]) for i in staked[1:])
        return tuple(staked) if len(staked) > 1 and same else ()


@dataclass(frozen=True)
class ComplianceGame:
    """A perfect-information game: move m is `mover[m]` choosing comply or defect.

    `defect[m]` is the payoff vector (week-0 units) if the mover defects at m; `complete` is the
    payoff vector if every party complies throughout; `credit[m]` is the value every party is
    credited once move m is carried out (non-zero at the last move of each step).
    """

    parties: tuple[str, ...]
    mover: IntArray  # (moves,)
    phase: IntArray  # (moves,)
    batch: IntArray  # (moves,)
    week: IntArray  # (moves,) the week the move's step takes place
    defect: FloatArray  # (moves, parties)
    credit: FloatArray  # (moves, parties)
    scale: FloatArray  # (moves,) discount factor of the move's week
    detection: FloatArray  # (moves,) detection chance of the move's phase

    @property
    def complete(self) -> FloatArray:
        """Payoff vector of full compliance."""
        return np.asarray(self.credit.sum(axis=0), dtype=np.float64)

    @property
    def accrued(self) -> FloatArray:
        """(moves, parties): value already credited before each move."""
        before = np.cumsum(self.credit, axis=0) - self.credit
        return np.asarray(before, dtype=np.float64)


def phase_stakes(scenario: Scenario, schedule: Schedule) -> PhaseStakes:
    """The implementation section's payoffs and guarantees evaluated at the agreed outcome."""
    imp = scenario.implementation
    parties, phases = list(schedule.parties), [p.name for p in schedule.phases]
    shape = (len(parties), len(phases))
    tables = {name: np.zeros(shape) for name in (*_FIELDS, "guarantee")}
    detection = np.ones(len(phases))
    if imp is None:
        return PhaseStakes(**tables, detection=detection, weekly_discount=1.0)
    values = issue_values(scenario, schedule.outcome)
    for j, row in enumerate(imp.payoffs):
        i, k = parties.index(row.party), phases.index(row.phase)
        for name in _FIELDS:
            path = f"implementation.payoffs[{j}].{name}"
            tables[name][i, k] = evaluate_number(getattr(row, name), values, path)
    for j, guarantee in enumerate(imp.guarantees):
        i, k = parties.index(guarantee.party), phases.index(guarantee.phase)
        path = f"implementation.guarantees[{j}].penalty"
        penalty = evaluate_number(guarantee.penalty, values, path)
        if penalty < 0:
            problem = Problem(f"a penalty cannot be negative (got {number(penalty)})", path)
            raise ScenarioError([problem])
        tables["guarantee"][i, k] += penalty  # rows for the same party and phase add up
    for k, plan in enumerate(schedule.phases):
        detection[k] = 1.0 if plan.verified_by else imp.unverified_detection
    return PhaseStakes(**tables, detection=detection, weekly_discount=imp.weekly_discount)


def compliance_game(
    schedule: Schedule, stakes: PhaseStakes, guarantee: FloatArray | None = None
) -> ComplianceGame:
    """The game of the schedule; `guarantee` (parties, phases) replaces the penalties in force."""
    penalty = stakes.guarantee if guarantee is None else np.asarray(guarantee, dtype=np.float64)
    n = len(schedule.parties)
    rows: list[tuple[int, int, int, int]] = []  # mover, phase, batch, week
    defect, credit = [], []
    start = 0
    for k, plan in enumerate(schedule.phases):
        movers = [schedule.parties.index(p) for p in plan.movers]
        for j in range(plan.batches):
            week = start + (j * plan.whole_weeks) // plan.batches
            for position, p in enumerate(movers):
                rows.append((p, k, j, week))
                gain = stakes.betrayed[:, k] / plan.batches
                gain[p] = stakes.defect[p, k] / plan.batches - stakes.cost[p, k]
                gain[p] -= stakes.detection[k] * penalty[p, k]
                defect.append(gain)
                last = position == len(movers) - 1
                credit.append(stakes.complete[:, k] / plan.batches if last else np.zeros(n))
        start += plan.whole_weeks
    table = np.array(rows, dtype=np.int64).reshape(-1, 4)
    scale = stakes.weekly_discount ** table[:, 3].astype(np.float64)
    credits = np.array(credit, dtype=np.float64).reshape(-1, n) * scale[:, None]
    accrued = np.cumsum(credits, axis=0) - credits
    # a step's credit sits on its last move, so `accrued` is what earlier steps delivered
    gains = np.array(defect, dtype=np.float64).reshape(-1, n) * scale[:, None]
    return ComplianceGame(
        parties=schedule.parties,
        mover=table[:, 0].copy(),
        phase=table[:, 1].copy(),
        batch=table[:, 2].copy(),
        week=table[:, 3].copy(),
        defect=accrued + gains,
        credit=credits,
        scale=scale,
        detection=stakes.detection[table[:, 1]],
    )

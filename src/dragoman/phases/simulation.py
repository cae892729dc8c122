"""Monte Carlo simulation of a phased agreement's implementation, vectorised over runs.

Week by week (a Python loop over weeks and moves; every operation is on arrays of runs):

1. the steps scheduled this week happen: each mover, in order, complies when its compliance
   margin (value of complying minus value of defecting, from the subgame-perfect analysis) plus
   noise drawn uniformly from [-noise, +noise] is >= 0 (within `TIE`), and defects otherwise;
2. spoilers strike: each spoiler causes an escalation shock with its weekly probability
   (already reduced by deterrence);
3. a violation or a shock is absorbed with probability `absorption` (mediators restore the
   ceasefire; an absorbed violator still pays its cost and expected penalty) or collapses the
   deal: the defector gets its defection payoff, the others what they get when betrayed; a
   spoiler's collapse leaves everyone with what was delivered so far.

Random numbers come from the generator passed in, drawn in a fixed order, in chunks of at most
`CHUNK` runs: the same seed gives the same result, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dragoman import arguments
from dragoman._arrays import BoolArray, FloatArray, IntArray
from dragoman.phases.enforcement import TIE

__all__ = ["CHUNK", "SimulationModel", "SimulationResult", "check_runs", "simulate"]


#: Runs simulated at once (bounds memory: a few arrays of this many floats).
CHUNK = 250_000


@dataclass(frozen=True)
class SimulationModel:
    """Everything the simulation needs, as arrays (see `dragoman.phases.implementation`)."""

    parties: tuple[str, ...]
    spoilers: tuple[str, ...]
    phase_start: IntArray  # (phases,) first week of each phase
    phase_weeks: IntArray  # (phases,) whole weeks of each phase
    move_week: IntArray  # (moves,)
    mover: IntArray  # (moves,)
    margin: FloatArray  # (moves,) comply minus defect for the mover, decision-time units
    collapse_payoff: FloatArray  # (moves, parties) payoff beyond what was delivered, on collapse
    credit: FloatArray  # (moves, parties) value credited once the move is carried out
    violation_cost: FloatArray  # (moves,) cost to a violator whose violation is absorbed
    shock: FloatArray  # (spoilers, weeks) chance of a shock per week
    absorption: float
    noise: float

    @property
    def weeks(self) -> int:
        """Weeks from the first phase's start to the last phase's end."""
        return int(self.phase_start[-1] + self.phase_weeks[-1])


@dataclass(frozen=True)
class SimulationResult:
    """What happened over all runs."""

    runs: int
    alive: FloatArray  # (weeks + 1,) share of runs with the deal alive after each week
    reached: FloatArray  # (phases,) share of runs in which each phase started
    completed: FloatArray  # (phases,) share of runs in which each phase was completed
    expected_utility: FloatArray  # (parties,) mean payoff (week-0 units)
    failures: IntArray  # (weeks, spoilers + parties) collapses by week and cause


@dataclass
class _Totals:
    alive: IntArray
    reached: IntArray
    completed: IntArray
    utility: FloatArray
    failures: IntArray


def check_runs(runs: int, name: str = "runs") -> int:
    """`runs` if a whole number from 1 to the limit 'runs', else ArgumentError."""
    return arguments.whole(runs, name, least=1, limit="runs")


def simulate(model: SimulationModel, runs: int, rng: np.random.Generator) -> SimulationResult:
    """Simulate `runs` implementations of the agreement with the generator `rng`."""
    check_runs(runs)
    phases, parties = len(model.phase_start), len(model.parties)
    totals = _Totals(
        alive=np.zeros(model.weeks + 1, dtype=np.int64),
        reached=np.zeros(phases, dtype=np.int64),
        completed=np.zeros(phases, dtype=np.int64),
        utility=np.zeros(parties),
        failures=np.zeros((model.weeks, len(model.spoilers) + parties), dtype=np.int64),
    )
    for start in range(0, runs, CHUNK):
        _simulate_chunk(model, min(CHUNK, runs - start), rng, totals)
    return SimulationResult(
        runs=runs,
        alive=totals.alive / runs,
        reached=totals.reached / runs,
        completed=totals.completed / runs,
        expected_utility=totals.utility / runs,
        failures=totals.failures,
    )


def _simulate_chunk(
    model: SimulationModel, size: int, rng: np.random.Generator, totals: _Totals
) -> None:
    alive = np.ones(size, dtype=bool)
    utility = np.zeros((size, len(model.parties)))
    totals.alive[0] += size
    ends = model.phase_start + model.phase_weeks - 1
    for week in range(model.weeks):
        totals.reached[model.phase_start == week] += int(alive.sum())
        for m in np.flatnonzero(model.move_week == week):
            _move(model, int(m), rng, alive, utility, totals.failures[week])
        _shocks(model, week, rng, alive, totals.failures[week])
        totals.alive[week + 1] += int(alive.sum())
        totals.completed[ends == week] += int(alive.sum())
    totals.utility += utility.sum(axis=0)


def _move(
    model: SimulationModel,
    m: int,
    rng: np.random.Generator,
    alive: BoolArray,
    utility: FloatArray,
    failures: IntArray,
) -> None:
    """Move m in every run still alive: comply, or defect and be absorbed or collapse."""
    noise = model.noise * (2.0 * rng.random(alive.size) - 1.0)
    absorbed = rng.random(alive.size) < model.absorption
    defects = alive & (model.margin[m] + noise < -TIE)  # near-ties comply, as in the analysis
    collapse = defects & ~absorbed
    p = int(model.mover[m])
    utility += np.outer(collapse, model.collapse_payoff[m])
    utility[:, p] -= (defects & absorbed) * model.violation_cost[m]
    failures[len(model.spoilers) + p] += int(collapse.sum())
    alive &= ~collapse
    utility += np.outer(alive, model.credit[m])


def _shocks(
    model: SimulationModel,
    week: int,
    rng: np.random.Generator,
    alive: BoolArray,
    failures: IntArray,
) -> None:
    """Spoilers' escalation shocks of one week: absorbed, or the deal collapses."""
    count = len(model.spoilers)
    hits = rng.random((alive.size, count)) < model.shock[:, week]
    absorbed = rng.random(alive.size) < model.absorption
    if count == 0:
        return
    collapse = hits.any(axis=1) & alive & ~absorbed
    cause = np.argmax(hits[collapse], axis=1)  # the first spoiler that struck
    failures[:count] += np.bincount(cause, minlength=count)
    alive &= ~collapse

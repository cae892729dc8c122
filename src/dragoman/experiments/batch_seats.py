"""The seats of a batch: every variant's negotiations stacked for one step loop of the batched
engine (`dragoman.experiments.batched`).

The variants' outcome spaces lie side by side (each variant's outcome numbers offset past the
previous ones'). At each seat, the oblivious agents' plans are stacked as arrays (steps first),
and each lockstep strategy (`dragoman.strategies.lockstep`) of each variant is one `Lockstep`
over the rows that play it; a lockstep row points at a placeholder plan that never accepts,
whose values the lockstep's replace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np

from dragoman._arrays import FloatArray, IntArray
from dragoman.model.scenario import Scenario
from dragoman.negotiation.view import Clock, PublicScenario, SeatView
from dragoman.strategies.lockstep import Lockstep, LockstepAgent
from dragoman.strategies.oblivious import ObliviousAgent, Plan, plays_its_plan
from dragoman.strategies.registry import make_agent
from dragoman.utility.scenario import compiled

__all__ = ["SeatStack", "Stack", "Variant", "stacked"]

#: A scenario; a spec per party, per row; each row's seed (its session's seed).
Variant = tuple[Scenario, Sequence[Sequence[str]], Sequence[int]]


@dataclass(frozen=True)
class SeatStack:
    """One seat over the batch: plan offers and thresholds (steps, plans) in batch outcome
    numbers; per row its plan, its lockstep (-1: a plan) and who plays it (equal numbers: the
    same play); the locksteps, each with its variant's first outcome number."""

    offers: IntArray
    thresholds: FloatArray
    which: IntArray
    group: IntArray
    identity: IntArray
    locksteps: list[tuple[Lockstep, int]]


@dataclass(frozen=True)
class Stack:
    """Variants' negotiations as one: per party its utility of each outcome (NaN outside its
    red lines: never acceptable) over the outcome spaces side by side, and its seat; per row
    the first outcome number of its variant; the number of rows of each variant."""

    acceptable: list[FloatArray]
    seats: list[SeatStack]
    offset: IntArray
    rows: list[int]


def stacked(variants: Sequence[Variant], budget: int) -> Stack:
    """The variants' tables and seats stacked, outcome and row numbers offset per variant."""
    parties = len(compiled(variants[0][0]).parties)
    seeds = np.concatenate([np.asarray(s, dtype=np.int64) for _, _, s in variants])
    tables: list[list[FloatArray]] = [[] for _ in range(parties)]
    pieces: list[list[SeatStack]] = [[] for _ in range(parties)]
    offsets, start = [], 0
    for scenario, agents, _ in variants:
        c = compiled(scenario)
        for p, (party, u) in enumerate(zip(c.parties, c.utilities, strict=True)):
            tables[p].append(np.where(np.asarray(u.inside), np.asarray(u.table), np.nan))
            specs = [row[p] for row in agents]
            pieces[p].append(_seat(scenario, party, specs, budget, start, seeds))
        offsets.append(np.full(len(agents), start, dtype=np.int64))
        start += len(tables[0][-1])
    return Stack([np.concatenate(t) for t in tables], [_joined(seat) for seat in pieces],
                 np.concatenate(offsets), [len(a) for _, a, _ in variants])  # fmt: skip


def _seat(
    scenario: Scenario,
    party: str,
    specs: list[str],
    budget: int,
    start: int,
    seeds: IntArray,
) -> SeatStack:
    """One seat of one variant whose outcomes start at batch outcome `start`: its distinct
    plans (and a placeholder), its locksteps (over the batch's rows, seeded `seeds`)."""
    view = SeatView.of(scenario, party, PublicScenario.of(scenario, budget), Clock())
    stream = [p.name for p in scenario.negotiators].index(party)  # the session's seat stream
    agents = {spec: make_agent(spec) for spec in sorted(set(specs))}
    oblivious = {
        s: a for s, a in agents.items() if isinstance(a, ObliviousAgent) and plays_its_plan(type(a))
    }
    planned, reactive = list(oblivious), [s for s in agents if s not in oblivious]
    plans: list[Plan] = [oblivious[s].plan(view) for s in planned]
    steps = budget + 1
    offers = np.array([p.offers for p in plans] + [[0] * steps], dtype=np.int64)[:, :steps]
    thresholds = np.array([p.thresholds for p in plans] + [[np.inf] * steps])[:, :steps]
    number = {s: k for k, s in enumerate(planned)} | dict.fromkeys(reactive, len(planned))
    group_of = {s: k for k, s in enumerate(reactive)}
    which = np.array([number[s] for s in specs], dtype=np.int64)
    group = np.array([group_of.get(s, -1) for s in specs], dtype=np.int64)
    identity = np.where(group < 0, which, len(planned) + 1 + group)
    stochastic = np.array([s in group_of and _draws(agents[s]) for s in specs], dtype=bool)
    identity[stochastic] = len(planned) + 1 + len(reactive) + np.flatnonzero(stochastic)
    locksteps = [
        (cast(LockstepAgent, agents[s]).lockstep(view, seeds, stream), start) for s in reactive
    ]
    return SeatStack(offers + start, thresholds, which, group, identity, locksteps)


def _draws(agent: object) -> bool:
    """Whether the strategy draws on its seat's random generator (its rows are all distinct)."""
    return bool(getattr(agent, "traits", {}).get("stochastic", False))


def _joined(pieces: list[SeatStack]) -> SeatStack:
    """One seat's pieces of several variants as one, steps first (a step's plans contiguous);
    plan, lockstep and player numbers offset past the previous pieces'."""
    which, group, identity = [], [], []
    locksteps: list[tuple[Lockstep, int]] = []
    plans = players = 0
    for piece in pieces:
        which.append(piece.which + plans)
        group.append(np.where(piece.group < 0, -1, piece.group + len(locksteps)))
        identity.append(piece.identity + players)
        locksteps += piece.locksteps
        plans += len(piece.offers)
        players += int(piece.identity.max()) + 1 if piece.identity.size else 0
    offers = np.concatenate([p.offers for p in pieces]).T.copy()
    thresholds = np.concatenate([p.thresholds for p in pieces]).T.copy()
    return SeatStack(offers, thresholds, np.concatenate(which), np.concatenate(group),
                     np.concatenate(identity), locksteps)  # fmt: skip

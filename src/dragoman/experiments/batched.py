"""The batched engine: many bilateral or multilateral alternating-offers negotiations at once,
as numpy arrays.

An oblivious agent's play is its `Plan` (`dragoman.strategies.oblivious`): what it offers at
each step and the utility it accepts from, made from the clock and its own preferences alone.
A strategy with a lockstep form (`dragoman.strategies.lockstep`: naive tit-for-tat, MiCRO)
plays one seat of many bilateral negotiations at once, keeping per negotiation what it heard.
So many negotiations run as one loop over the steps with every operation on arrays of them.

Covered: the alternating-offers protocol (`AlternatingOffers` with its default first mover) on
scenarios with at most one round (no pauses) and an enumerable outcome space; bilateral and
stacked multilateral among oblivious agents, bilateral where a seat plays in lockstep (whose
ranking is not empty). It replays the protocol and the session exactly: at step 0 the first
party proposes; at each step t < budget the party t mod n accepts the standing offer (n - 1
acceptances in a row make an agreement, at `steps` = t + 1) or counters; a negotiation still
open at the budget ends at the deadline. A stochastic lockstep draws from the row's own seat
stream, as the session's seat would. Agreements are recorded with the session's own `settled`.
`tests/experiments/test_batched.py` holds it to the general engine on hundreds of cells.

The loop's cost is per step (a dozen array operations), hardly per negotiation, so
`play_variants` runs the negotiations of many scenario variants in one loop (their seats
stacked by `dragoman.experiments.batch_seats`), one loop per (number of parties, step
budget); rows with the same deterministic strategies at every seat (a cell's repetitions) are
one negotiation, run once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from dragoman._arrays import BoolArray, IntArray
from dragoman._words import count
from dragoman.experiments.batch_seats import Stack, Variant, stacked
from dragoman.model.scenario import Scenario
from dragoman.negotiation.protocols.alternating import AlternatingOffers
from dragoman.negotiation.session import step_budget
from dragoman.negotiation.traits import is_oblivious
from dragoman.strategies.lockstep import plays_in_lockstep
from dragoman.strategies.oblivious import plays_its_plan
from dragoman.strategies.registry import parse_spec, strategy_class
from dragoman.utility.scenario import compiled

__all__ = [
    "BatchedPlay",
    "Room",
    "Variant",
    "agents_fit",
    "batchable",
    "play_batched",
    "play_variants",
    "refusal",
    "room",
    "shortfalls",
    "spec_in_lockstep",
    "spec_is_oblivious",
]


@dataclass(frozen=True)
class BatchedPlay:
    """How each of n negotiations ended: the agreed outcome (-1: none), the steps taken and
    the offers made."""

    agreement: IntArray
    steps: IntArray
    offers: IntArray


@lru_cache(maxsize=1024)
def spec_is_oblivious(spec: str) -> bool:
    """Whether the agent `NAME[:k=v,...]` declares the oblivious trait and plays its plan
    (has one, and answers every turn off it: a subclass changing a turn plays in the session)."""
    cls = strategy_class("agent", parse_spec(spec)[0])
    return plays_its_plan(cls) and is_oblivious(cls.traits)


@lru_cache(maxsize=1024)
def spec_in_lockstep(spec: str) -> bool:
    """Whether the agent `NAME[:k=v,...]` has a lockstep form (`strategies.lockstep`)."""
    return plays_in_lockstep(strategy_class("agent", parse_spec(spec)[0]))


def batchable(scenario: Scenario, protocol: str, agents: Sequence[str]) -> bool:
    """Whether the batched engine runs this negotiation (see the module doc)."""
    return agents_fit(room(scenario, protocol), agents)


Room = tuple[bool, bool]  # (oblivious agents fit, lockstep agents fit)


def room(scenario: Scenario, protocol: str) -> Room:
    """What the batched engine can run of `protocol` on `scenario`: oblivious agents, and
    lockstep ones besides (`shortfalls` says why not); decided once per variant and protocol,
    then `agents_fit` per cell."""
    every, lockstep = shortfalls(scenario, protocol)
    return not every, not every and not lockstep


def shortfalls(scenario: Scenario, protocol: str) -> tuple[list[str], list[str]]:
    """Why the batched engine cannot run `protocol` on `scenario`: for any agents (alternating
    offers only, one round, an enumerable space), and for lockstep agents besides (bilateral,
    every party with an outcome inside its red lines); empty lists where it can. The ranking
    is looked at only where the rest fits (it costs a sort of the space)."""
    every = []
    if protocol != AlternatingOffers.name:
        every.append(f"it plays the {AlternatingOffers.name} protocol only, with no mediator")
    if len(scenario.rounds) > 1:
        every.append(
            f"the scenario has {len(scenario.rounds)} rounds (it plays one round, no pauses)"
        )
    c = compiled(scenario)
    if not c.utilities[0].enumerable:
        size = count(scenario.outcome_space.size, "outcome")
        every.append(f"the scenario's {size} are too many to enumerate")
    lockstep = []
    if len(c.parties) != 2:
        lockstep.append(f"bilateral talks (the scenario has {count(len(c.parties), 'party')})")
    elif not every and not all(u.ranking[1].size for u in c.utilities):
        lockstep.append("every party to have an outcome inside its red lines")
    return every, lockstep


def agents_fit(fits: Room, agents: Sequence[str]) -> bool:
    """Whether these agents run on the batched engine where it has room `fits`."""
    if all(spec_is_oblivious(s) for s in agents):
        return fits[0]
    lockstep = all(spec_is_oblivious(s) or spec_in_lockstep(s) for s in agents)
    return fits[1] and len(agents) == 2 and lockstep


def refusal(scenario: Scenario, protocol: str, agents: Sequence[str]) -> list[str]:
    """Every reason the batched engine cannot run these agents under `protocol` on
    `scenario` (`shortfalls`, and each agent that is neither oblivious nor in lockstep, or in
    lockstep where that does not fit); empty where it can."""
    every, lockstep = shortfalls(scenario, protocol)
    reasons = list(every)
    for spec in dict.fromkeys(agents):
        if spec_is_oblivious(spec):
            continue
        if not spec_in_lockstep(spec):
            reasons.append(f"{spec} is neither oblivious nor plays in lockstep")
        elif lockstep:
            reasons.append(f"{spec} plays in lockstep, which needs {' and '.join(lockstep)}")
    return reasons


def play_batched(
    scenario: Scenario,
    agents: Sequence[Sequence[str]],
    steps: int | None = None,
    seeds: Sequence[int] | None = None,
) -> BatchedPlay:
    """Run one negotiation per row of `agents` (a spec per party, in the scenario's order)
    under alternating offers, all at once; row r plays as a session seeded `seeds[r]` (0)."""
    return play_variants([(scenario, agents, seeds or [0] * len(agents))], steps)[0]


def play_variants(variants: Sequence[Variant], steps: int | None = None) -> list[BatchedPlay]:
    """The negotiations of many scenario variants (`play_batched` of each, in order), in one
    step loop for all the variants with the same number of parties and step budget."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k, (scenario, agents, seeds) in enumerate(variants):
        _check_seeds(k, len(agents), seeds)
        budget = step_budget(steps, scenario)
        groups[len(compiled(scenario).parties), budget].append(k)
    found: dict[int, BatchedPlay] = {}
    for (_, budget), members in groups.items():
        stack = stacked([variants[k] for k in members], budget)
        found.update(zip(members, _split(_distinct_run(stack, budget), stack), strict=True))
    return [found[k] for k in range(len(variants))]


def _check_seeds(k: int, rows: int, seeds: Sequence[int]) -> None:
    """ValueError unless variant k has a seed per row, each a session seed the stacked int64
    seeds hold (0 <= seed < 2**63): a missing one would shift every later row's seed."""
    if len(seeds) != rows:
        raise ValueError(f"variant {k} has {rows} rows but {len(seeds)} seeds")
    found = np.asarray(seeds)
    if found.size and (found.min() < 0 or found.max() > 2**63 - 1):
        raise ValueError(f"variant {k}: the batched engine takes seeds in [0, 2**63)")


def _split(play: BatchedPlay, stack: Stack) -> list[BatchedPlay]:
    """The stacked play cut back into its variants, each in its own outcome numbers."""
    agreement = np.where(play.agreement >= 0, play.agreement - stack.offset, -1)
    cuts = np.cumsum(stack.rows)[:-1]
    parts = zip(*(np.split(a, cuts) for a in (agreement, play.steps, play.offers)), strict=True)
    return [BatchedPlay(*part) for part in parts]


def _distinct_run(stack: Stack, budget: int) -> BatchedPlay:
    """The stack's play, each distinct negotiation run once: rows with the same strategy at
    every seat (plan and lockstep numbers name their variant; a stochastic lockstep's rows are
    all distinct) are the same negotiation, such as the repetitions of a cell."""
    key = np.zeros(len(stack.offset), dtype=np.int64)
    for seat in stack.seats:  # renumbered densely at each seat: no overflow
        who = seat.identity
        key = np.unique(key * (int(who.max(initial=0)) + 1) + who, return_inverse=True)[1].ravel()
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    play = _run(stack, first, budget)
    return BatchedPlay(*(a[inverse.ravel()] for a in (play.agreement, play.steps, play.offers)))


class _Open:
    """The loop's state, kept compact: the open negotiations' output positions, batch rows,
    standing offers, acceptances in a row and in all, and per seat plan and lockstep numbers."""

    def __init__(self, stack: Stack, first: IntArray) -> None:
        n = first.size
        self.position, self.row = np.arange(n), first
        self.which = [seat.which[first] for seat in stack.seats]
        self.group = [seat.group[first] for seat in stack.seats]
        self.offer = stack.seats[0].offers[0][self.which[0]]  # step 0: the first party proposes
        self.accepted, self.acceptances = np.ones(n, np.int64), np.zeros(n, np.int64)

    def keep(self, kept: BoolArray) -> None:
        """Drop the negotiations that ended."""
        self.position, self.row, self.offer = self.position[kept], self.row[kept], self.offer[kept]
        self.accepted, self.acceptances = self.accepted[kept], self.acceptances[kept]
        self.which = [w[kept] for w in self.which]
        self.group = [g[kept] for g in self.group]


def _run(stack: Stack, first: IntArray, budget: int) -> BatchedPlay:
    """The protocol's loop over steps, every operation on the open negotiations `first` (batch
    rows) at once. A step is an acceptance or a counter, so a negotiation's offers are its steps
    minus its acceptances."""
    parties, n = len(stack.seats), first.size
    state = _Open(stack, first)
    _open(stack, state)
    agreement, ended = np.full(n, -1, dtype=np.int64), np.full(n, budget, dtype=np.int64)
    total = np.zeros(n, dtype=np.int64)
    for t in range(1, budget):
        if state.position.size == 0:
            break
        p = t % parties
        accept = _turn(stack, state, p, t)
        state.accepted = state.accepted * accept + 1
        state.acceptances += accept
        done = accept & (state.accepted == parties)
        if done.any():
            where = state.position[done]
            agreement[where], ended[where] = state.offer[done], t + 1
            total[where] = state.acceptances[done]
            state.keep(~done)
    total[state.position] = state.acceptances
    return BatchedPlay(agreement, ended, ended - total)


def _open(stack: Stack, state: _Open) -> None:
    """Step 0: the lockstep rows of the first seat make their opening offers; all hear them."""
    for g, (lockstep, offset) in enumerate(stack.seats[0].locksteps):
        at = np.flatnonzero(state.group[0] == g)
        state.offer[at] = lockstep.opening(state.row[at]) + offset
    _heard(stack, state, 0, np.ones(state.offer.size, dtype=bool))


def _turn(stack: Stack, state: _Open, p: int, t: int) -> BoolArray:
    """Seat p's turn at step t: which open negotiations accept; the others' counter-offers
    become the standing offers (and are heard)."""
    seat, which = stack.seats[p], state.which[p]
    accept: BoolArray = stack.acceptable[p][state.offer] >= seat.thresholds[t][which]
    proposed = seat.offers[t][which]
    for g, (lockstep, offset) in enumerate(seat.locksteps):
        at = np.flatnonzero(state.group[p] == g)
        if at.size:
            agrees, counters = lockstep.counter(t, state.row[at], state.offer[at] - offset)
            accept[at] = agrees
            proposed[at[~agrees]] = counters + offset
    state.offer = np.where(accept, state.offer, proposed)
    _heard(stack, state, p, ~accept)
    return accept


def _heard(stack: Stack, state: _Open, p: int, offered: BoolArray) -> None:
    """The lockstep seats other than p hear the offers p made where `offered`."""
    for q, seat in enumerate(stack.seats):
        for g, (lockstep, offset) in enumerate(seat.locksteps if q != p else ()):
            at = np.flatnonzero((state.group[q] == g) & offered)
            if at.size:
                lockstep.hear(state.row[at], state.offer[at] - offset)

"""The batched engine: many negotiations of oblivious agents at once, as numpy arrays.

An oblivious agent's play is its `Plan` (`dragoman.strategies.oblivious`): what it offers at
each step and the utility it accepts from, made from the clock and its own preferences alone.
So a whole negotiation between such agents is fixed by their plans, and many of them run as one
loop over the steps with every operation on arrays of negotiations.

Covered: the alternating-offers protocol (`AlternatingOffers` with its default first mover),
bilateral and stacked multilateral, on scenarios with at most one round (no pauses) and an
enumerable outcome space. It replays the protocol and the session exactly: at step 0 the first
party proposes; at each step t < budget the party t mod n accepts the standing offer (n - 1
acceptances in a row make an agreement, at `steps` = t + 1) or counters with its planned offer;
a negotiation still open at the budget ends at the deadline. Agreements are recorded with the
session's own `settled`. `tests/experiments/test_batched.py` holds it to the general engine on
hundreds of cells.

The loop's cost is per step (a dozen array operations), hardly per negotiation, so
`play_variants` runs the negotiations of many scenario variants in one loop: their outcome
spaces side by side (each variant's outcome numbers offset past the previous ones'), their
plans stacked, one loop per (number of parties, step budget); rows with the same plan at every
seat (a cell's repetitions) are one negotiation, run once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from dragoman._arrays import FloatArray, IntArray
from dragoman.model.scenario import Scenario
from dragoman.negotiation.protocols.alternating import AlternatingOffers
from dragoman.negotiation.session import DEFAULT_STEPS
from dragoman.negotiation.traits import is_oblivious
from dragoman.negotiation.view import Clock, PublicScenario, SeatView
from dragoman.strategies.oblivious import ObliviousAgent, Plan
from dragoman.strategies.registry import make_agent, parse_spec, strategy_class
from dragoman.utility.scenario import compiled

__all__ = [
    "BatchedPlay",
    "Variant",
    "batchable",
    "play_batched",
    "play_variants",
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
    """Whether the agent `NAME[:k=v,...]` declares the oblivious trait (and has a plan)."""
    cls = strategy_class("agent", parse_spec(spec)[0])
    return issubclass(cls, ObliviousAgent) and is_oblivious(cls.traits)


def batchable(scenario: Scenario, protocol: str, agents: Sequence[str]) -> bool:
    """Whether the batched engine runs this negotiation (see the module doc)."""
    return (
        protocol == AlternatingOffers.name
        and all(spec_is_oblivious(spec) for spec in agents)
        and len(scenario.rounds) <= 1
        and compiled(scenario).utilities[0].enumerable
    )


Variant = tuple[Scenario, Sequence[Sequence[str]]]  # a scenario; a spec per party, per row


def play_batched(
    scenario: Scenario, agents: Sequence[Sequence[str]], steps: int | None = None
) -> BatchedPlay:
    """Run one negotiation per row of `agents` (a spec per party, in the scenario's order)
    under alternating offers, all at once."""
    return play_variants([(scenario, agents)], steps)[0]


def play_variants(variants: Sequence[Variant], steps: int | None = None) -> list[BatchedPlay]:
    """The negotiations of many scenario variants (`play_batched` of each, in order), in one
    step loop for all the variants with the same number of parties and step budget."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k, (scenario, _) in enumerate(variants):
        budget = steps or scenario.total_steps or DEFAULT_STEPS
        groups[len(compiled(scenario).parties), budget].append(k)
    found: dict[int, BatchedPlay] = {}
    for (_, budget), members in groups.items():
        stack = _stacked([variants[k] for k in members], budget)
        found.update(zip(members, _split(_distinct_run(stack, budget), stack), strict=True))
    return [found[k] for k in range(len(variants))]


SeatPlans = tuple[IntArray, FloatArray, IntArray]  # offers (T+1, plans), thresholds, plan per row


@dataclass(frozen=True)
class _Stack:
    """Variants' negotiations as one: per party its utility of each outcome (NaN outside its
    red lines: never acceptable) over the variants' outcome spaces side by side, and its plans;
    per row the first outcome number of its variant; the number of rows of each variant."""

    acceptable: list[FloatArray]
    seats: list[SeatPlans]
    offset: IntArray
    rows: list[int]


def _stacked(variants: Sequence[Variant], budget: int) -> _Stack:
    """The variants' tables and plans stacked, outcome and plan numbers offset per variant."""
    parties = len(compiled(variants[0][0]).parties)
    tables: list[list[FloatArray]] = [[] for _ in range(parties)]
    plans: list[list[SeatPlans]] = [[] for _ in range(parties)]
    offsets, start = [], 0
    for scenario, agents in variants:
        c = compiled(scenario)
        for p, (party, u) in enumerate(zip(c.parties, c.utilities, strict=True)):
            tables[p].append(np.where(np.asarray(u.inside), np.asarray(u.table), np.nan))
            offers, thresholds, which = _seat_plans(scenario, party, [r[p] for r in agents], budget)
            before = sum(len(o) for o, _, _ in plans[p])
            plans[p].append((offers + start, thresholds, which + before))
        offsets.append(np.full(len(agents), start, dtype=np.int64))
        start += len(tables[0][-1])
    seats = [_joined(seat) for seat in plans]
    return _Stack([np.concatenate(t) for t in tables], seats, np.concatenate(offsets),
                  [len(a) for _, a in variants])  # fmt: skip


def _joined(plans: list[SeatPlans]) -> SeatPlans:
    """One seat's plans of several variants as one, steps first (a step's plans contiguous)."""
    offers = np.concatenate([o for o, _, _ in plans]).T.copy()
    thresholds = np.concatenate([t for _, t, _ in plans]).T.copy()
    return offers, thresholds, np.concatenate([w for _, _, w in plans])


def _seat_plans(scenario: Scenario, party: str, specs: list[str], budget: int) -> SeatPlans:
    """The distinct plans at one seat, stacked (plans, T+1), and which plan each row uses."""
    utility = compiled(scenario).utilities[compiled(scenario).parties.index(party)]
    view = SeatView(party, "party", PublicScenario.of(scenario, budget), utility, Clock())
    distinct = sorted(set(specs))
    plans: list[Plan] = []
    for spec in distinct:
        agent = make_agent(spec)
        assert isinstance(agent, ObliviousAgent), f"{spec} is not oblivious"
        plans.append(agent.plan(view))
    number = {spec: k for k, spec in enumerate(distinct)}
    which = np.array([number[s] for s in specs], dtype=np.int64)
    offers = np.array([p.offers for p in plans], dtype=np.int64)
    thresholds = np.array([p.thresholds for p in plans], dtype=np.float64)
    return offers, thresholds, which


def _split(play: BatchedPlay, stack: _Stack) -> list[BatchedPlay]:
    """The stacked play cut back into its variants, each in its own outcome numbers."""
    agreement = np.where(play.agreement >= 0, play.agreement - stack.offset, -1)
    cuts = np.cumsum(stack.rows)[:-1]
    parts = zip(*(np.split(a, cuts) for a in (agreement, play.steps, play.offers)), strict=True)
    return [BatchedPlay(*part) for part in parts]


def _distinct_run(stack: _Stack, budget: int) -> BatchedPlay:
    """The stack's play, each distinct negotiation run once: rows with the same plan at every
    seat (plan numbers name their variant) are the same negotiation, such as the repetitions
    of a cell."""
    key = np.zeros(len(stack.offset), dtype=np.int64)
    for offers, _, which in stack.seats:  # renumbered densely at each seat: no overflow
        key = np.unique(key * offers.shape[1] + which, return_inverse=True)[1].ravel()
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    seats = [(offers, thresholds, which[first]) for offers, thresholds, which in stack.seats]
    play = _run(stack.acceptable, seats, budget)
    return BatchedPlay(*(a[inverse.ravel()] for a in (play.agreement, play.steps, play.offers)))


def _run(acceptable: list[FloatArray], seats: list[SeatPlans], budget: int) -> BatchedPlay:
    """The protocol's loop over steps, every operation on the open negotiations at once (their
    state kept compact: rows are dropped as they agree). A step is an acceptance or a counter,
    so a negotiation's offers are its steps minus its acceptances."""
    parties, n = len(seats), len(seats[0][2])
    which = [w for _, _, w in seats]
    offer = seats[0][0][0][which[0]]  # step 0: the first party proposes
    row, accepted, acceptances = np.arange(n), np.ones(n, dtype=np.int64), np.zeros(n, np.int64)
    agreement, ended = np.full(n, -1, dtype=np.int64), np.full(n, budget, dtype=np.int64)
    total = np.zeros(n, dtype=np.int64)
    for t in range(1, budget):
        if row.size == 0:
            break
        p = t % parties
        plan_offers, thresholds, _ = seats[p]
        accept = acceptable[p][offer] >= thresholds[t][which[p]]
        accepted = accepted * accept + 1
        acceptances += accept
        offer = np.where(accept, offer, plan_offers[t][which[p]])
        done = accept & (accepted == parties)
        if done.any():
            agreement[row[done]], ended[row[done]] = offer[done], t + 1
            total[row[done]] = acceptances[done]
            keep = ~done
            row, offer, accepted, acceptances = (
                a[keep] for a in (row, offer, accepted, acceptances)
            )
            which = [w[keep] for w in which]
    total[row] = acceptances
    return BatchedPlay(agreement, ended, ended - total)

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
"""

from __future__ import annotations

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

__all__ = ["BatchedPlay", "batchable", "play_batched", "spec_is_oblivious"]


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


def play_batched(
    scenario: Scenario, agents: Sequence[Sequence[str]], steps: int | None = None
) -> BatchedPlay:
    """Run one negotiation per row of `agents` (a spec per party, in the scenario's order)
    under alternating offers, all at once."""
    budget = steps or scenario.total_steps or DEFAULT_STEPS
    c = compiled(scenario)
    tables = [np.asarray(u.table) for u in c.utilities]
    inside = [np.asarray(u.inside) for u in c.utilities]
    seats = [
        _seat_plans(scenario, party, [row[p] for row in agents], budget)
        for p, party in enumerate(c.parties)
    ]
    return _run(tables, inside, seats, budget, len(agents))


SeatPlans = tuple[IntArray, FloatArray, IntArray]  # offers (plans, T+1), thresholds, plan per row


def _seat_plans(scenario: Scenario, party: str, specs: list[str], budget: int) -> SeatPlans:
    """The distinct plans at one seat, stacked, and which plan each negotiation uses."""
    utility = compiled(scenario).utilities[compiled(scenario).parties.index(party)]
    view = SeatView(party, "party", PublicScenario.of(scenario, budget), utility, Clock())
    distinct = sorted(set(specs))
    plans: list[Plan] = []
    for spec in distinct:
        agent = make_agent(spec)
        assert isinstance(agent, ObliviousAgent), f"{spec} is not oblivious"
        plans.append(agent.plan(view))
    which = np.array([distinct.index(s) for s in specs], dtype=np.int64)
    offers = np.array([p.offers for p in plans], dtype=np.int64)
    thresholds = np.array([p.thresholds for p in plans], dtype=np.float64)
    return offers, thresholds, which


def _run(
    tables: list[FloatArray],
    inside: list[np.ndarray],
    seats: list[SeatPlans],
    budget: int,
    n: int,
) -> BatchedPlay:
    """The protocol's loop over steps, every operation on the n negotiations at once."""
    parties = len(seats)
    offer = seats[0][0][seats[0][2], 0]  # step 0: the first party proposes
    accepted = np.ones(n, dtype=np.int64)
    offers = np.ones(n, dtype=np.int64)
    agreement = np.full(n, -1, dtype=np.int64)
    ended = np.full(n, budget, dtype=np.int64)
    open_ = np.arange(n)
    for t in range(1, budget):
        if open_.size == 0:
            break
        p = t % parties
        plan_offers, thresholds, which = seats[p]
        standing = offer[open_]
        rows = which[open_]
        accept = inside[p][standing] & (tables[p][standing] >= thresholds[rows, t])
        accepted[open_] = np.where(accept, accepted[open_] + 1, 1)
        countering = open_[~accept]
        offer[countering] = plan_offers[which[countering], t]
        offers[countering] += 1
        done = open_[accept & (accepted[open_] == parties)]
        agreement[done] = offer[done]
        ended[done] = t + 1
        open_ = open_[~(accept & (accepted[open_] == parties))]
    return BatchedPlay(agreement, ended, offers)

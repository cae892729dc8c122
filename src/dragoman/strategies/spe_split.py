"""The subgame-perfect strategy of Rubinstein's alternating-offers bargaining (Rubinstein 1982,
"Perfect equilibrium in a bargaining model", Econometrica 50(1):97-109, doi:10.2307/1912531).

Two parties split a pie; a party's utility is its share, discounted by its factor per period.
In the unique subgame-perfect equilibrium the proposer demands x* = (1 - d_opp) / (1 - d d_opp)
and the responder accepts iff it gets at least what it would get by proposing one period later,
d (1 - d_opp) / (1 - d d_opp); the first offer is accepted. This agent reads its utility of an
outcome as its share (as in a single-issue split-the-pie scenario) and rounds both numbers to
the nearest outcome it has, so it works on any grid.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.concession import own_utility, rational_count
from dragoman.strategies.oblivious import ObliviousAgent, Plan
from dragoman.strategies.registry import register

__all__ = ["SubgamePerfectSplit"]


@register
class SubgamePerfectSplit(ObliviousAgent):
    """Demands Rubinstein's share x*; accepts offers worth at least d * x*.

    `delta` is the agent's own per-period discount factor (default: its preferences'
    `discount_factor`, read as per period); `opponent_delta` the opponent's (required).
    """

    name: ClassVar[str] = "spe-split"
    traits: ClassVar[Traits] = {
        "family": Family.EQUILIBRIUM,
        "source": "Rubinstein 1982",
        "stochastic": False,
        "oblivious": True,
    }
    parameter_notes: ClassVar[Mapping[str, str]] = {
        "opponent_delta": "the opponent's discount factor per period, in (0, 1] (required)",
        "delta": "its own discount factor per period (default: its preferences' discount_factor)",
    }

    def __init__(self, opponent_delta: float, delta: float | None = None) -> None:
        for label, d in (("opponent_delta", opponent_delta), ("delta", delta)):
            if d is not None and not 0.0 < d <= 1.0:
                raise ValueError(f"{label} must be in (0, 1] (got {d})")
        if delta is not None and delta * opponent_delta >= 1.0:
            raise ValueError("the two discount factors cannot both be 1: no equilibrium")
        self.opponent_delta = float(opponent_delta)
        self.delta = delta

    @classmethod
    def example(cls) -> SubgamePerfectSplit:
        """An instance for conformance tests (the opponent's factor has no default)."""
        return cls(opponent_delta=0.8)

    def _delta(self, view: SeatView) -> float:
        return own_utility(view).discount_factor if self.delta is None else self.delta

    def demand(self, view: SeatView) -> float:
        """x*: the share this agent demands as proposer."""
        d, d_opp = self._delta(view), self.opponent_delta
        if d * d_opp >= 1.0:  # no discounting on either side: any split is an equilibrium
            return 0.5
        return (1.0 - d_opp) / (1.0 - d * d_opp)

    def _nearest(self, view: SeatView, share: float) -> int:
        """The outcome inside the red lines, worth at least the RV, closest to `share`."""
        ranked, utilities = own_utility(view).ranking
        k = max(1, rational_count(view))
        return int(ranked[int(np.argmin(np.abs(utilities[:k] - share)))])

    def make_plan(self, view: SeatView) -> Plan:
        """Demand x* at every step; accept anything worth what x* one period later is worth."""
        steps = max(1, view.total_steps) + 1
        floor = view.my_utility(self._nearest(view, self._delta(view) * self.demand(view)))
        offer = self._nearest(view, self.demand(view))
        rv = own_utility(view).reservation_value
        return Plan.of([offer] * steps, [floor - 1e-12] * steps, rv)

"""The hard-liner ("Hardliner" / "ToughNegotiator" in GENIUS and NegMAS): it never concedes.

It always offers its best outcome and accepts only offers worth its best utility (ties
included), so it gains everything from a party that concedes fully and nothing from any other.
A baseline for exploitation: how much does a strategy give away to a player that never moves?
"""

from __future__ import annotations

from typing import ClassVar

from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.concession import own_utility, utility_bounds
from dragoman.strategies.oblivious import ObliviousAgent, Plan
from dragoman.strategies.registry import register

__all__ = ["Hardliner"]

#: Utilities this close to the best count as the best (rounding in the utility table).
TIE = 1e-12


@register
class Hardliner(ObliviousAgent):
    """Offers its best outcome every time; accepts only its best utility."""

    name: ClassVar[str] = "hardliner"
    traits: ClassVar[Traits] = {
        "family": Family.FIXED,
        "source": "GENIUS hard-liner",
        "stochastic": False,
        "oblivious": True,
    }

    def make_plan(self, view: SeatView) -> Plan:
        """Its best outcome at every step; its best utility (ties included) as the threshold."""
        utility = own_utility(view)
        steps = max(1, view.total_steps) + 1
        best, _ = utility_bounds(view)
        offers = [int(utility.ranking[0][0])] * steps
        return Plan.of(offers, [best - TIE] * steps, utility.reservation_value)

"""The hard-liner ("Hardliner" / "ToughNegotiator" in GENIUS and NegMAS): it never concedes.

It always offers its best outcome and accepts only offers worth its best utility (ties
included), so it gains everything from a party that concedes fully and nothing from any other.
A baseline for exploitation: how much does a strategy give away to a player that never moves?
"""

from __future__ import annotations

from typing import ClassVar

from dragoman.negotiation.strategy import Agent, Response
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.concession import is_acceptable, own_utility, utility_bounds
from dragoman.strategies.registry import register

__all__ = ["Hardliner"]

#: Utilities this close to the best count as the best (rounding in the utility table).
TIE = 1e-12


@register
class Hardliner(Agent):
    """Offers its best outcome every time; accepts only its best utility."""

    name: ClassVar[str] = "hardliner"
    traits: ClassVar[Traits] = {
        "family": Family.FIXED,
        "source": "GENIUS hard-liner",
        "stochastic": False,
    }

    def propose(self, view: SeatView) -> int:
        return int(own_utility(view).ranking[0][0])

    def respond(self, view: SeatView, offer: int) -> Response:
        best, _ = utility_bounds(view)
        top = view.my_utility(offer) >= best - TIE
        return Response.ACCEPT if top and is_acceptable(view, offer) else Response.REJECT

"""Nash-seeking mediator: proposes the Nash bargaining solution (Nash 1950) of the parties'
*reported* preferences inside every reported red line; where the reported reservation values
leave no zone there, the text inside them with the largest sum of reported utilities; only when
the reported red lines leave no text at all, the Nash point with them set aside. Until every
party has reported, it relays. On spaces too large to enumerate the bargaining problem finds
the point without tabulating the space."""

from __future__ import annotations

from typing import ClassVar

from dragoman.negotiation.strategy import Mediator
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.mediators._hearing import Hearing, reported_utilities
from dragoman.strategies.mediators._texts import best_reported, limits
from dragoman.strategies.registry import register

__all__ = ["NashSeeking"]


@register
class NashSeeking(Mediator):
    """Propose the Nash point of what the parties reported."""

    name: ClassVar[str] = "nash"
    traits: ClassVar[Traits] = {
        "family": Family.WELFARE,
        "source": "Nash 1950",
        "stochastic": False,
    }

    def __init__(self) -> None:
        self._reports_seen: int = -1
        self._text: int | None = None
        self._hearing = Hearing()

    def compose(self, view: SeatView) -> int | None:
        heard = self._hearing.read(view)
        utilities = reported_utilities(heard)
        if len(utilities) < len(view.public.parties):
            return None
        if len(utilities) != self._reports_seen:
            self._reports_seen = len(utilities)
            ordered = [utilities[p] for p in view.public.parties]
            self._text = best_reported(ordered, limits(heard))
        return self._text

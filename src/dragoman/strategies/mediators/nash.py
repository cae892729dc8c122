"""Nash-seeking mediator: proposes the Nash bargaining solution (Nash 1950) of the parties'
*reported* preferences, inside their reported red lines when that leaves a zone of agreement,
otherwise with the red lines set aside. Until every party has reported, it relays."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from dragoman.analysis.pareto import pareto_frontier
from dragoman.analysis.solutions import nash_point
from dragoman.negotiation.strategy import Mediator
from dragoman.negotiation.view import SeatView
from dragoman.strategies.mediators._hearing import reported_utilities
from dragoman.strategies.registry import register

__all__ = ["NashSeeking"]


@register
class NashSeeking(Mediator):
    """Propose the Nash point of what the parties reported."""

    name: ClassVar[str] = "nash"
    traits: ClassVar[dict[str, Any]] = {"family": "welfare", "source": "Nash 1950"}

    def __init__(self) -> None:
        self._reports_seen: int = -1
        self._text: int | None = None

    def compose(self, view: SeatView) -> int | None:
        utilities = reported_utilities(view)
        if len(utilities) < len(view.public.parties):
            return None
        if len(utilities) != self._reports_seen:
            self._reports_seen = len(utilities)
            self._text = self._nash(view, utilities)
        return self._text

    @staticmethod
    def _nash(view: SeatView, utilities: dict[str, Any]) -> int | None:
        ordered = [utilities[p] for p in view.public.parties]
        table = np.stack([u.table for u in ordered])
        reservation = np.array([u.reservation_value for u in ordered])
        feasible = np.ones(table.shape[1], dtype=bool)
        for u in ordered:
            feasible &= u.acceptable()
        for mask in (feasible, None):
            frontier = pareto_frontier(table, mask)
            if frontier.size:
                best = nash_point(table[:, frontier], reservation)
                if best is not None:
                    return int(frontier[best])
        return None

"""Nash-seeking mediator: proposes the Nash bargaining solution (Nash 1950) of the parties'
*reported* preferences, inside their reported red lines when that leaves a zone of agreement,
otherwise with the red lines set aside. Until every party has reported, it relays. On spaces
too large to enumerate the bargaining problem finds the point without tabulating the space."""

from __future__ import annotations

from typing import ClassVar

from dragoman.analysis.problem import BargainingProblem
from dragoman.negotiation.strategy import Mediator
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.mediators._hearing import reported_utilities
from dragoman.strategies.registry import register
from dragoman.utility.compiled_utility import CompiledUtility
from dragoman.utility.masks import allowed_values

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

    def compose(self, view: SeatView) -> int | None:
        utilities = reported_utilities(view)
        if len(utilities) < len(view.public.parties):
            return None
        if len(utilities) != self._reports_seen:
            self._reports_seen = len(utilities)
            self._text = nash_text([utilities[p] for p in view.public.parties])
        return self._text


def nash_text(utilities: list[CompiledUtility]) -> int | None:
    """The Nash point inside every red line, else with the red lines set aside, else None."""
    space = utilities[0].space
    masks = [m for u in utilities for m in u.red_line_masks]
    inside = BargainingProblem(utilities, allowed_values(space.radices, masks))
    found = inside.solution("nash")
    if found is None:
        found = inside.restricted(allowed_values(space.radices, [])).solution("nash")
    return found

"""`ScriptedAgent`: a test double that plays a fixed script (Axelrod's `versus_test` idea), for
protocol tests and for testing strategies against known moves. It is not registered: it is no
strategy anyone would negotiate with, so `dragoman agents` does not list it; build it directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import numpy as np

from dragoman.negotiation.strategy import Agent, Response
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.concession import own_utility

__all__ = ["ScriptedAgent"]


class ScriptedAgent(Agent):
    """Offers `offers` in order (repeating the last; none: its best outcome) and answers with
    `responses` in order ("accept", "reject" or "walk_away"; reject once they run out)."""

    name: ClassVar[str] = "scripted"
    traits: ClassVar[Traits] = {
        "family": Family.TEST_DOUBLE,
        "source": "Axelrod versus_test",
        "stochastic": False,
    }

    def __init__(self, offers: Sequence[int] = (), responses: Sequence[str] = ()) -> None:
        self.offers = tuple(int(o) for o in offers)
        self.responses = tuple(Response(r) for r in responses)

    def setup(self, view: SeatView, rng: np.random.Generator) -> None:
        super().setup(view, rng)
        self._offered = self._answered = 0

    def propose(self, view: SeatView) -> int:
        if not self.offers:
            return int(own_utility(view).ranking[0][0])
        self._offered += 1
        return self.offers[min(self._offered, len(self.offers)) - 1]

    def respond(self, view: SeatView, offer: int) -> Response:
        self._answered += 1
        k = self._answered - 1
        return self.responses[k] if k < len(self.responses) else Response.REJECT

"""MiCRO (de Jonge 2022, "An Analysis of the Linear Bilateral ANAC Domains Using the MiCRO
Benchmark Strategy", IJCAI-22): concede one outcome at a time, only as fast as the opponent.

Rules (from the paper): order the outcomes worth at least the reservation value by decreasing
own utility, w_0, w_1, ... Let m be the number of distinct proposals MiCRO has made (they are
w_0..w_{m-1}) and n the number of distinct proposals received. If n >= m (and some w_m is left)
MiCRO is ready to concede and proposes w_m; otherwise it repeats one of w_0..w_{m-1} at
random. It accepts an offer worth at least what it would propose next: u(w_m) when ready to
concede, else u(w_{m-1}), the lowest it has proposed. No opponent model, no clock.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from dragoman.negotiation.events import EventKind
from dragoman.negotiation.strategy import Agent, Response
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.concession import is_acceptable, own_utility, rational_count
from dragoman.strategies.registry import register

__all__ = ["MiCRO"]


@register
class MiCRO(Agent):
    """Concedes one distinct outcome per distinct outcome the opponent has offered."""

    name: ClassVar[str] = "micro"
    traits: ClassVar[Traits] = {
        "family": Family.RECIPROCAL,
        "source": "de Jonge 2022",
        "stochastic": True,
    }

    def setup(self, view: SeatView, rng: np.random.Generator) -> None:
        super().setup(view, rng)
        self._made = 0  # m: distinct proposals made, always the prefix w_0..w_{m-1}
        self._heard_by: SeatView | None = None  # the view `_received` and `_rational` are of

    def _ready(self, view: SeatView) -> bool:
        """Whether MiCRO would concede now: n >= m and an outcome above its RV is left."""
        if self._heard_by is not view:  # the distinct offers received (n), read as they come
            self._heard_by, self._received, self._read = view, set(), 0
            self._rational = rational_count(view)
        new = view.received_outcomes(EventKind.OFFER, start=self._read)
        if new:
            self._received.update(new)
            self._read += len(new)
        return len(self._received) >= self._made and self._made < self._rational

    def propose(self, view: SeatView) -> int:
        ranked, _ = own_utility(view).ranking
        if self._ready(view) or self._made == 0:
            self._made += 1
            return int(ranked[self._made - 1])
        return int(ranked[self.rng.integers(self._made)])

    def respond(self, view: SeatView, offer: int) -> Response:
        _, utilities = own_utility(view).ranking
        k = self._made if self._ready(view) else max(0, self._made - 1)
        good = view.my_utility(offer) >= float(utilities[k])
        return Response.ACCEPT if good and is_acceptable(view, offer) else Response.REJECT

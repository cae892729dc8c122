"""The random party (the "RandomAgent" baseline of GENIUS and NegMAS), made to respect limits.

It offers an outcome drawn uniformly from those inside its red lines worth at least its
reservation value, and accepts any such offer with probability `p` (rejects all others). A
zero-intelligence baseline that never harms itself: unlike the classic random agent it never
proposes or accepts a deal it would be better off without.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from dragoman.negotiation.strategy import Agent, Response
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.concession import is_acceptable, own_utility, rational_count
from dragoman.strategies.registry import register

__all__ = ["RandomParty"]


@register
class RandomParty(Agent):
    """Uniform offers above its RV; accepts acceptable offers with probability `p`."""

    name: ClassVar[str] = "random"
    traits: ClassVar[Traits] = {
        "family": Family.BASELINE,
        "source": "GENIUS RandomAgent",
        "stochastic": True,
    }
    parameter_notes: ClassVar[Mapping[str, str]] = {
        "p": "chance of accepting an offer inside its red lines worth its reservation value"
    }

    def __init__(self, p: float = 0.5) -> None:
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"acceptance probability p must be in [0, 1] (got {p})")
        self.p = float(p)

    def propose(self, view: SeatView) -> int:
        ranked, _ = own_utility(view).ranking
        k = max(1, rational_count(view))  # none worth the RV: offer the best
        return int(ranked[self.rng.integers(k)])

    def respond(self, view: SeatView, offer: int) -> Response:
        if is_acceptable(view, offer) and self.rng.random() < self.p:
            return Response.ACCEPT
        return Response.REJECT

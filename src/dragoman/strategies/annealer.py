"""The annealing party of Klein, Faratin, Sayama & Bar-Yam (2003, "Negotiating complex
contracts", Group Decision and Negotiation 12:111-125).

In single-text mediation each party votes on a mediator's candidate text against the current
one. A hill-climber votes only for improvements; an annealer also votes for a worse text with
probability exp(-Δu / T), its temperature T falling linearly from `temperature` to 0 over the
session. Annealers together find better deals than hill-climbers (they escape local optima),
but an annealer facing hill-climbers is exploited. It never votes for a text outside its red
lines, and accepts a text (or offer) as final only if it is worth a time-based target,
u(t) = best - (best - rv) * t**(1/e) (Faratin et al. 1998), which it also offers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from dragoman.negotiation.strategy import Agent, Response
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.concession import (
    aspiration,
    is_acceptable,
    outcome_at,
    own_utility,
    utility_bounds,
)
from dragoman.strategies.registry import register

__all__ = ["Annealer"]


@register
class Annealer(Agent):
    """Votes like a simulated-annealing search; accepts above a time-based target."""

    name: ClassVar[str] = "annealer"
    traits: ClassVar[Traits] = {
        "family": Family.ANNEALING,
        "source": "Klein et al. 2003",
        "stochastic": True,
    }
    parameter_notes: ClassVar[Mapping[str, str]] = {
        "temperature": "starting temperature T, falling to 0: it votes for a worse text with "
        "probability exp(-Δu / T)",
        "e": "concession exponent of the target a final text must reach",
    }

    def __init__(self, temperature: float = 0.2, e: float = 1.0) -> None:
        if temperature < 0:
            raise ValueError(f"temperature must be >= 0 (got {temperature})")
        if e <= 0:
            raise ValueError(f"exponent e must be > 0 (got {e})")
        self.temperature = float(temperature)
        self.e = float(e)

    def target(self, view: SeatView) -> float:
        """The utility a final text must reach now."""
        best, worst = utility_bounds(view)
        return aspiration(view.time, self.e, best, worst)

    def vote(self, view: SeatView, current: int | None, candidate: int) -> bool:
        if not bool(own_utility(view).acceptable(np.array([candidate]))[0]):
            return False
        if current is None:
            return True
        loss = view.my_utility(current) - view.my_utility(candidate)
        if loss <= 0.0:
            return True
        heat = self.temperature * (1.0 - view.time)
        return heat > 0.0 and bool(self.rng.random() < math.exp(-loss / heat))

    def propose(self, view: SeatView) -> int:
        return outcome_at(view, self.target(view))

    def respond(self, view: SeatView, offer: int) -> Response:
        good = view.my_utility(offer) >= self.target(view)
        return Response.ACCEPT if good and is_acceptable(view, offer) else Response.REJECT

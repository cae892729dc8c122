"""Time-based concession (Faratin, Sierra & Jennings 1998, "Negotiation decision functions for
autonomous agents"): the aspiration falls from the best utility to the reservation value as
time passes, u(t) = best - (best - rv) * t**(1/e); offers the outcome nearest above it, and
accepts any offer at least as good as what it would offer next (AC_next).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from dragoman.negotiation.strategy import Agent, Response
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.concession import (
    aspiration,
    concession_schedule,
    outcome_at,
    own_utility,
    utility_bounds,
)
from dragoman.strategies.registry import register

__all__ = ["Boulware", "Conceder", "Linear", "TimeBased"]


@register
class TimeBased(Agent):
    """Polynomial time-based concession with exponent `e`."""

    name: ClassVar[str] = "time-based"
    traits: ClassVar[Traits] = {
        "family": Family.TIME_BASED,
        "source": "Faratin et al. 1998",
        "stochastic": False,
    }
    parameter_notes: ClassVar[Mapping[str, str]] = {
        "e": "concession exponent: below 1 concedes late (Boulware), above 1 early (Conceder)"
    }

    def __init__(self, e: float = 1.0) -> None:
        if e <= 0:
            raise ValueError(f"exponent e must be > 0 (got {e})")
        self.e = float(e)

    def setup(self, view: SeatView, rng: np.random.Generator) -> None:
        """Compute the whole concession schedule once: each step is then a look-up."""
        super().setup(view, rng)
        self._targets, self._offers = concession_schedule(view, self.e)
        self._last = len(self._targets) - 1

    def target(self, view: SeatView) -> float:
        """The utility this agent aims for now."""
        if not hasattr(self, "_targets"):  # used outside a session
            best, worst = utility_bounds(view)
            return aspiration(view.time, self.e, best, worst)
        return self._targets[min(view.step, self._last)]

    def propose(self, view: SeatView) -> int:
        if not hasattr(self, "_offers"):
            return outcome_at(view, self.target(view))
        return self._offers[min(view.step, self._last)]

    def respond(self, view: SeatView, offer: int) -> Response:
        utility = own_utility(view)
        u = float(utility.table[offer])
        ok = bool(utility.inside[offer]) and u >= utility.reservation_value
        return Response.ACCEPT if ok and u >= self.target(view) else Response.REJECT


@register
class Boulware(TimeBased):
    """Concedes late: e = 0.2 by default."""

    name: ClassVar[str] = "boulware"

    def __init__(self, e: float = 0.2) -> None:
        super().__init__(e)


@register
class Linear(TimeBased):
    """Concedes at a constant rate: e = 1."""

    name: ClassVar[str] = "linear"

    def __init__(self, e: float = 1.0) -> None:
        super().__init__(e)


@register
class Conceder(TimeBased):
    """Concedes early: e = 2 by default."""

    name: ClassVar[str] = "conceder"

    def __init__(self, e: float = 2.0) -> None:
        super().__init__(e)

"""Time-based concession (Faratin, Sierra & Jennings 1998, "Negotiation decision functions for
autonomous agents"): the aspiration falls from the best utility to the reservation value as
time passes, u(t) = best - (best - rv) * t**(1/e); offers the outcome nearest above it, and
accepts any offer at least as good as what it would offer next (AC_next). Oblivious: its play
is the concession schedule, computed once (`dragoman.strategies.oblivious`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.concession import (
    aspiration,
    concession_schedule,
    own_utility,
    utility_bounds,
)
from dragoman.strategies.oblivious import ObliviousAgent, Plan
from dragoman.strategies.registry import register

__all__ = ["Boulware", "Conceder", "Linear", "TimeBased"]


@register
class TimeBased(ObliviousAgent):
    """Polynomial time-based concession with exponent `e`."""

    name: ClassVar[str] = "time-based"
    traits: ClassVar[Traits] = {
        "family": Family.TIME_BASED,
        "source": "Faratin et al. 1998",
        "stochastic": False,
        "oblivious": True,
    }
    parameter_notes: ClassVar[Mapping[str, str]] = {
        "e": "concession exponent: below 1 concedes late (Boulware), above 1 early (Conceder)"
    }

    def __init__(self, e: float = 1.0) -> None:
        if e <= 0:
            raise ValueError(f"exponent e must be > 0 (got {e})")
        self.e = float(e)

    def make_plan(self, view: SeatView) -> Plan:
        """The concession schedule: aspiration and offer at every step, computed at once."""
        targets, offers = concession_schedule(view, self.e)
        return Plan.of(offers, targets, own_utility(view).reservation_value)

    def target(self, view: SeatView) -> float:
        """The utility this agent aims for now."""
        best, worst = utility_bounds(view)
        return aspiration(view.time, self.e, best, worst)


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

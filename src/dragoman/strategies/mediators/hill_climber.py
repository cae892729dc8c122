"""Single-text hill-climbing mediator (Klein, Faratin, Sayama & Bar-Yam 2003, "Negotiating
complex contracts"): starts from a random text and proposes one-issue mutations of the current
text; a mutation is adopted when every party votes for it, or, with `temperature` > 0, against
some votes with probability exp(-no_votes / T), T falling linearly to 0 (simulated annealing).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from dragoman.negotiation.strategy import Mediator
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.registry import register

__all__ = ["HillClimber"]


@register
class HillClimber(Mediator):
    """Mutate one issue of the current text at a time; keep what the parties approve."""

    name: ClassVar[str] = "hill-climber"
    traits: ClassVar[Traits] = {
        "family": Family.SINGLE_TEXT,
        "source": "Klein et al. 2003",
        "stochastic": True,
    }

    def __init__(self, temperature: float = 0.0) -> None:
        if temperature < 0:
            raise ValueError(f"temperature must be >= 0 (got {temperature})")
        self.temperature = float(temperature)
        self._current: int | None = None

    def compose(self, view: SeatView) -> int | None:
        space = view.public.outcome_space
        if self._current is None:
            self._current = space.random_outcome(self.rng)
            return self._current
        digits = space.digits(np.array([self._current]))[0]
        issue = int(self.rng.integers(len(space.issues)))
        radix = int(space.radices[issue])
        if radix > 1:
            shift = int(self.rng.integers(1, radix))
            digits[issue] = (int(digits[issue]) + shift) % radix
        return int(space.index(digits))

    def adopt(
        self, view: SeatView, current: int | None, candidate: int, approvals: Mapping[str, bool]
    ) -> bool:
        against = sum(not v for v in approvals.values())
        temperature = self.temperature * (1.0 - view.time)
        adopted = against == 0 or (
            temperature > 0 and self.rng.random() < math.exp(-against / temperature)
        )
        if adopted:
            self._current = candidate
        return adopted

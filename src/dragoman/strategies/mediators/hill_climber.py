"""Single-text hill-climbing mediator (Klein, Faratin, Sayama & Bar-Yam 2003, "Negotiating
complex contracts"): proposes one-issue mutations of the current text; a mutation is adopted
when every party votes for it, or, with `temperature` > 0, against some votes with probability
exp(-no_votes / T), T falling linearly to 0 (simulated annealing).

What we changed, and why. Klein's mediator starts anywhere and mutates at random; voted on by
the parties alone it strands the text at the first point no mutation pleases everyone, which
may breach a party's red line (a party then votes against every text that keeps the breach,
the other against every repair: the text never moves) or leave a party so little that it
never accepts in time. So: (1) every text stays inside the red lines the parties reported;
(2) with every party's report, the climb starts from the fairest of `starts` random texts and
takes the one-issue change that most raises the Nash product of the reported gains, adopted
against the votes of the parties the reports say it costs (a trade toward a fairer text; a
vote against from a party the reports said gains is respected: its report misled); (3) at the
top it holds the text, so the parties, conceding over time, are asked to accept it, unless the
top leaves a party at the least it can get (never accepted in time): then it climbs the gains
over those least utilities instead; (4) without every party's report it climbs by votes alone,
as Klein's mediator does (the parties' critiques drive the one-text mediator instead). In
shuttle talks, where no one votes, the mediator's own judgement adopts its texts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from dragoman._arrays import BoolArray, Digits
from dragoman.limits import over
from dragoman.model.outcomes import OutcomeSpace
from dragoman.negotiation.strategy import Mediator
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.mediators._hearing import Hearing
from dragoman.strategies.mediators._texts import (
    Yardstick,
    adopts,
    climb,
    limits,
    one_issue_changes,
)
from dragoman.strategies.registry import register
from dragoman.utility.candidates import sample_digits
from dragoman.utility.masks import passes

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
    parameter_notes: ClassVar[Mapping[str, str]] = {
        "temperature": "annealing start: adopt a text against n votes with chance exp(-n/T)",
        "starts": "random texts tried for the fairest start (at most the limit 'starts')",
    }

    def __init__(self, temperature: float = 0.0, starts: int = 32) -> None:
        if temperature < 0:
            raise ValueError(f"temperature must be >= 0 (got {temperature})")
        too_many = over("starts", starts)
        if too_many:
            raise ValueError(f"starts: {too_many}")
        if not starts >= 1 or starts != int(starts):
            raise ValueError(f"starts must be a whole number >= 1 (got {starts})")
        self.temperature = float(temperature)
        self.starts = int(starts)
        self._current: int | None = None
        self._pending: int | None = None  # proposed, not yet voted on
        self._hearing = Hearing()
        self._floored = False  # climbing gains over the least each party can get

    def compose(self, view: SeatView) -> int | None:
        space = view.public.outcome_space
        if self._pending is not None:  # nobody voted (shuttle): the mediator's judgement stands
            self._current, self._pending = self._pending, None
        heard = self._hearing.read(view)
        allowed, yardstick = limits(heard), Yardstick.of(heard, self._floored)
        if self._current is None or not _inside(space, self._current, allowed):
            self._current = self._start(space, allowed, yardstick)
            return self._current
        text = space.digits(np.array([self._current]))[0]
        candidate: int | None = None
        if yardstick is None:
            candidate = self._mutation(space, text, allowed)
        else:
            candidate = self._fairer(space, text, allowed, yardstick)
        self._pending = candidate
        return self._current if candidate is None else candidate

    def adopt(
        self, view: SeatView, current: int | None, candidate: int, approvals: Mapping[str, bool]
    ) -> bool:
        against = sum(not v for v in approvals.values())
        temperature = self.temperature * (1.0 - view.time)
        heard = self._hearing.read(view)
        adopted = adopts(heard, current, candidate, approvals, self._floored) or (
            temperature > 0 and self.rng.random() < math.exp(-against / temperature)
        )
        self._current = candidate if adopted else current
        self._pending = None
        return adopted

    def _start(
        self, space: OutcomeSpace, allowed: tuple[BoolArray, ...], yardstick: Yardstick | None
    ) -> int:
        """A random text within the limits: the fairest of `starts` draws, with reports."""
        draws = sample_digits(allowed, self.starts if yardstick else 1, self.rng)
        best = 0 if yardstick is None else int(np.argmax(yardstick.fairness(draws)))
        return int(space.index(draws[best]))

    def _fairer(
        self, space: OutcomeSpace, text: Digits, allowed: tuple[BoolArray, ...], ys: Yardstick
    ) -> int | None:
        """The one-issue change the reports rate fairest, if fairer than the text."""
        changes = one_issue_changes(text, allowed)
        k, self._floored = climb(ys, text, changes)
        return None if k is None else int(space.index(changes[k]))

    def _mutation(self, space: OutcomeSpace, text: Digits, allowed: tuple[BoolArray, ...]) -> int:
        """Klein's random one-issue mutation, within the limits."""
        changes = one_issue_changes(text, allowed)
        if changes.shape[0] == 0:
            return int(space.index(text))
        return int(space.index(changes[int(self.rng.integers(changes.shape[0]))]))


def _inside(space: OutcomeSpace, text: int, allowed: tuple[BoolArray, ...]) -> bool:
    """Whether `text` keeps every value within `allowed`."""
    return bool(passes(space.digits(np.array([text])), allowed)[0])

"""Imitative (tit-for-tat) tactics of Faratin, Sierra & Jennings (1998, "Negotiation decision
functions for autonomous agents", Robotics and Autonomous Systems 24:159-182), in utility terms
as in Baarslag, Hindriks & Jonker (2013, "A tit for tat negotiation strategy for real-time
bilateral negotiations"): the agent measures the opponent's concessions in its own utility.

Both reciprocate but never initiate: they open with their best outcome and stay there until the
opponent moves (two of them deadlock). Both accept with AC_next. In multilateral sessions the
opponent is the party whose offer arrived last.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from dragoman._arrays import BoolArray, FloatArray, IntArray
from dragoman.negotiation.events import EventKind
from dragoman.negotiation.strategy import Agent, Response
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.concession import (
    Remembered,
    ac_next,
    admissible_of,
    opponent_offers,
    outcomes_at,
    own_utility,
    remembered_outcomes_at,
    utility_bounds,
    utility_of,
)
from dragoman.strategies.registry import register
from dragoman.utility.compiled_utility import CompiledUtility

__all__ = ["MirrorLockstep", "NaiveTitForTat", "RelativeTitForTat", "TitForTat"]


class TitForTat(Agent):
    """Shared shape: offer the outcome at `target(view)`; accept with AC_next."""

    traits: ClassVar[Traits] = {
        "family": Family.IMITATIVE,
        "source": "Faratin et al. 1998",
        "stochastic": False,
    }

    _reading: Reading | None = None  # of the view last acted through
    #: whether the class answers with TitForTat's own `propose` and `respond` (then `counter`
    #: works out the outcome at the target once, and AC_next on it)
    _plain: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls._plain = (cls.propose, cls.respond, cls.counter) == (
            TitForTat.propose,
            TitForTat.respond,
            TitForTat.counter,
        )

    def setup(self, view: SeatView, rng: np.random.Generator) -> None:
        super().setup(view, rng)
        self._reading = None

    def read(self, view: SeatView) -> Reading:
        """What this seat has worked out of `view` (made anew for another view: an instance
        seated twice, or in two sessions at once, keeps each seat's own)."""
        reading = self._reading
        if reading is None or reading.view is not view:
            reading = self._reading = Reading(view)
        return reading

    def mirrored(self, view: SeatView) -> tuple[int, int, int]:
        """How many offers the opponent has made (`concession.opponent_offers`: the sender of
        the latest offer, else the proposals put to the seat), its first and its latest (-1
        before any): read as they come, so a turn's work does not grow with the session."""
        return self.read(view).mirrored()

    def bounds(self, view: SeatView) -> tuple[float, float]:
        """The party's best utility and the worst it settles for (`utility_bounds`)."""
        reading = self.read(view)
        return reading.best, reading.worst

    def lookups(self, view: SeatView) -> Lookups:
        """The seat's remembered look-ups (`concession.utility_of`, `admissible_of`,
        `remembered_outcomes_at`)."""
        reading = self.read(view)
        return reading.value, reading.admissible, reading.at

    def target(self, view: SeatView) -> float:
        """The utility to offer now, given the opponent's offers so far."""
        raise NotImplementedError

    def propose(self, view: SeatView) -> int:
        """The outcome at the target (`outcome_at`), worked out once per state of the session
        (a turn that rejects asks for it twice: to compare with the offer, then to counter)."""
        reading = self.read(view)
        state = (view.step, view.heard)
        if reading.planned_at == state:
            return reading.planned
        outcome: int = reading.at[self.target(view)]
        reading.planned_at, reading.planned = state, outcome
        return outcome

    def respond(self, view: SeatView, offer: int) -> Response:
        return ac_next(view, offer, self.propose(view))

    def counter(self, view: SeatView, offer: int) -> Response | int:
        """One turn: AC_next on the outcome at the target, which is the counter-offer."""
        if not self._plain:
            return super().counter(view, offer)
        planned = self.propose(view)
        reading = self.read(view)
        value = reading.value
        if value[offer] >= value[planned] and reading.admissible[offer] >= reading.rv:
            return Response.ACCEPT  # `ac_next`, inline
        return planned


class Reading:
    """A tit-for-tat seat's reading of one view: its look-ups and bounds (found once), the
    offers heard from each sender so far as (count, first, latest), and the outcome planned
    at the last (step, messages heard) asked."""

    __slots__ = ("admissible", "at", "best", "heard", "offers", "planned", "planned_at",
                 "proposals", "rv", "sender", "value", "view", "worst")  # fmt: skip

    def __init__(self, view: SeatView) -> None:
        utility = own_utility(view)
        self.view = view
        self.value = utility_of(utility)
        self.admissible = admissible_of(utility)
        self.at = remembered_outcomes_at(utility)
        self.best, self.worst = utility_bounds(view)
        self.rv = utility.reservation_value
        self.heard = 0  # messages of the inbox read
        self.sender: str | None = None  # of the latest offer
        self.offers: dict[str, list[int]] = {}  # sender -> [count, first, latest]
        self.proposals = [0, -1, -1]  # of `view.proposals`, read when no offer has come
        self.planned_at: tuple[int, int] | None = None
        self.planned = -1

    def mirrored(self) -> tuple[int, int, int]:
        """`TitForTat.mirrored`: the offers read as they come (an offer without an outcome
        names its sender, as `view.last` does, but is not counted, as in `received_outcomes`)."""
        view = self.view
        if self.heard < view.heard:
            offers = self.offers
            for event in view.since(self.heard):
                if event.kind is EventKind.OFFER:
                    self.sender = sender = event.sender
                    outcome = event.outcome
                    if outcome is not None:
                        entry = offers.get(sender)
                        if entry is None:
                            offers[sender] = [1, outcome, outcome]
                        else:
                            entry[0] += 1
                            entry[2] = outcome
            self.heard = view.heard
        if self.sender is not None:
            counted = self.offers.get(self.sender)
            return (0, -1, -1) if counted is None else (counted[0], counted[1], counted[2])
        entry = self.proposals
        new = view.proposals(entry[0])
        if new:
            if not entry[0]:
                entry[1] = new[0]
            entry[0], entry[2] = entry[0] + len(new), new[-1]
        return entry[0], entry[1], entry[2]


#: A seat's remembered look-ups: utility, admissible utility, outcome at a target.
Lookups = tuple[Remembered, Remembered, Remembered]


@register
class NaiveTitForTat(TitForTat):
    """Absolute TFT: concede in own utility exactly what the opponent conceded in it.

    Each step mirrors the last: u_next = u_last - (u(x_k) - u(x_{k-1})), where x_k are the
    opponent's offers; summed, the agent has given up what the opponent has given it since its
    first offer, clipped to [RV, best].
    """

    name: ClassVar[str] = "naive-tft"

    def target(self, view: SeatView) -> float:
        reading = self.read(view)
        count, first, latest = reading.mirrored()
        if count < 2:
            return reading.best
        conceded: float = reading.value[latest] - reading.value[first]
        return min(reading.best, max(reading.worst, reading.best - conceded))

    def lockstep(self, view: SeatView, seeds: IntArray, stream: int) -> MirrorLockstep:
        """This rule over a batch of bilateral negotiations (`dragoman.strategies.lockstep`)."""
        return MirrorLockstep(own_utility(view), self.bounds(view), seeds.size)


class MirrorLockstep:
    """Naive tit-for-tat in lockstep: per row, the utility of the opponent's first and latest
    offers and how many it made; the same target, offer and AC_next as `NaiveTitForTat`."""

    def __init__(self, utility: CompiledUtility, bounds: tuple[float, float], n: int) -> None:
        self.utility, (self.best, self.worst) = utility, bounds
        self.table: FloatArray = np.asarray(utility.table, dtype=np.float64)
        self.inside: BoolArray = np.asarray(utility.inside, dtype=bool)
        self.first: FloatArray = np.zeros(n)
        self.latest: FloatArray = np.zeros(n)
        self.heard: IntArray = np.zeros(n, dtype=np.int64)

    def _offers(self, rows: IntArray) -> IntArray:
        conceded = self.latest[rows] - self.first[rows]
        mirrored = np.minimum(self.best, np.maximum(self.worst, self.best - conceded))
        targets = np.where(self.heard[rows] < 2, self.best, mirrored)
        return outcomes_at(self.utility, targets).astype(np.int64)  # enumerable spaces only

    def opening(self, rows: IntArray) -> IntArray:
        return self._offers(rows)

    def counter(self, t: int, rows: IntArray, standing: IntArray) -> tuple[BoolArray, IntArray]:
        planned = self._offers(rows)
        u = self.table[standing]
        rv = self.utility.reservation_value
        accept = (u >= self.table[planned]) & self.inside[standing] & (u >= rv)
        return accept, planned[~accept]

    def hear(self, rows: IntArray, offers: IntArray) -> None:
        u = self.table[offers]
        opening = self.heard[rows] == 0
        self.first[rows[opening]] = u[opening]
        self.latest[rows] = u
        self.heard[rows] += 1


@register
class RelativeTitForTat(TitForTat):
    """Relative TFT: reproduce, in percentage terms, the opponent's concession `delta` offers ago.

    The opponent's demand is how far its offer is below the agent's best, d_k = best - u(x_k);
    the agent's demand is how far its target is above its RV. Each opponent offer scales the
    agent's demand by d_{k-delta+1} / d_{k-delta} (Faratin's ratio of consecutive opponent
    offers, lagged); the product telescopes, so the demand is D_0 * d_{k-delta+1} / d_0.
    """

    name: ClassVar[str] = "relative-tft"
    parameter_notes: ClassVar[Mapping[str, str]] = {
        "delta": "how many offers back the opponent's concession it mirrors (at least 1)"
    }

    def __init__(self, delta: int = 1) -> None:
        if delta < 1:
            raise ValueError(f"delta must be >= 1 (got {delta})")
        self.delta = int(delta)

    def target(self, view: SeatView) -> float:
        best, worst = self.bounds(view)
        offers = opponent_offers(view)
        lagged = len(offers) - self.delta  # index of the latest offer the agent reacts to
        if lagged < 1:
            return best
        first = best - view.my_utility(offers[0])
        if first <= 0.0:  # the opponent opened with the agent's best: nothing to mirror
            return best
        kept = (best - view.my_utility(offers[lagged])) / first
        return worst + (best - worst) * min(1.0, max(0.0, kept))

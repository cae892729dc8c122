"""A time-based party that uses an opponent model to choose among outcomes near its target, in
the manner of HardHeaded (van Krimpen et al. 2013) and the BOA framework (Baarslag et al. 2014).

The target utility falls as u(t) = best - (best - rv) * t**(1/e) (Faratin et al. 1998); among
its acceptable outcomes worth between the target and the target plus `window`, it offers the one
the opponents are estimated to like best (the least-pleased opponent, in multilateral talks).
The model is the frequency model (`model="frequency"`, Tunalı et al. 2017) or a simple Bayesian
one over issue rankings (`model="bayesian"`, after Hindriks & Tykhonov 2008); see
`dragoman.strategies.opponent_estimates`. It accepts with AC_next. It reads only the messages
new since its last move (`SeatView.since`), so a step's work does not grow with the talks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np

from dragoman.negotiation.events import EventKind
from dragoman.negotiation.strategy import Agent, Response
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.concession import (
    ac_next,
    aspiration,
    outcome_at,
    own_utility,
    utility_bounds,
)
from dragoman.strategies.opponent_estimates import OfferTally, OpponentEstimate
from dragoman.strategies.registry import register

__all__ = ["OpponentModelAgent"]

#: At most this many candidate outcomes are scored per offer (the best-for-self first).
MAX_CANDIDATES = 20_000


@register
class OpponentModelAgent(Agent):
    """Time-based target; offers what the opponent model rates best within a window above it."""

    name: ClassVar[str] = "opponent-model"
    traits: ClassVar[Traits] = {
        "family": Family.MODEL_BASED,
        "source": "van Krimpen et al. 2013; Tunalı et al. 2017; Hindriks & Tykhonov 2008",
        "stochastic": False,
    }
    parameter_notes: ClassVar[Mapping[str, str]] = {
        "e": "concession exponent of its target: below 1 concedes late, above 1 early",
        "window": "offers, among outcomes worth up to this much above its target, the one "
        "the opponents are estimated to like best",
        "model": "the opponent model: frequency or bayesian",
    }

    def __init__(self, e: float = 0.2, window: float = 0.05, model: str = "frequency") -> None:
        if e <= 0:
            raise ValueError(f"exponent e must be > 0 (got {e})")
        if window < 0:
            raise ValueError(f"window must be >= 0 (got {window})")
        if model not in ("frequency", "bayesian"):
            raise ValueError(f"model must be 'frequency' or 'bayesian' (got {model!r})")
        self.e = float(e)
        self.window = float(window)
        self.model = model
        self._readings: dict[str, _Reading] = {}  # per seat it plays: what it read there

    def estimates(self, view: SeatView) -> dict[str, OpponentEstimate]:
        """The current estimate of each party that has made offers to this one, from a tally
        of its offers that takes in only what is new in the view (all of it, for a new view)."""
        reading = self._readings.get(view.seat)
        if reading is None or reading.view is not view or view.heard < reading.read:
            reading = self._readings[view.seat] = _Reading(view)
        if view.heard > reading.read:
            reading.take_new()
        if reading.estimates is None:
            estimate = OfferTally.frequency if self.model == "frequency" else OfferTally.bayesian
            tallies = reading.tallies
            reading.estimates = {s: estimate(tallies[s]) for s in sorted(tallies)}
        return dict(reading.estimates)

    def target(self, view: SeatView) -> float:
        """The utility this agent aims for now."""
        best, worst = utility_bounds(view)
        return aspiration(view.time, self.e, best, worst)

    def propose(self, view: SeatView) -> int:
        target = self.target(view)
        estimates = self.estimates(view)
        ranked, utilities = own_utility(view).ranking
        # ranking is best first: the window is the slice with target <= u <= target + window
        start = int(np.searchsorted(-utilities, -(target + self.window), side="left"))
        stop = int(np.searchsorted(-utilities, -target, side="right"))
        stop = min(stop, start + MAX_CANDIDATES)
        if not estimates or stop <= start:
            return outcome_at(view, target)
        digits = view.public.outcome_space.digits(ranked[start:stop])
        liked = np.min([m.utilities(digits) for m in estimates.values()], axis=0)
        return int(ranked[start + int(np.argmax(liked))])  # ties: better for self

    def respond(self, view: SeatView, offer: int) -> Response:
        return ac_next(view, offer, self.propose(view))


class _Reading:
    """What an opponent-model agent has read of one view: how many messages, and a tally of
    the offers of each party that made one; the estimates made of them, until more come."""

    __slots__ = ("estimates", "read", "tallies", "view")

    def __init__(self, view: SeatView) -> None:
        self.view = view
        self.read = 0
        self.tallies: dict[str, OfferTally] = {}
        self.estimates: dict[str, OpponentEstimate] | None = None

    def take_new(self) -> None:
        """Tally the offers among the messages new since the last read."""
        view, tallies = self.view, self.tallies
        for event in view.since(self.read):
            if event.kind == EventKind.OFFER and event.sender not in tallies:
                tallies[event.sender] = OfferTally(view.public.outcome_space)
                self.estimates = None
        self.read = view.heard
        for sender, tally in tallies.items():
            new = view.received_outcomes(EventKind.OFFER, sender, start=tally.offers)
            if new:
                tally.add(new)
                self.estimates = None

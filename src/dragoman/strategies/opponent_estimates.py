"""Opponent models: estimates of another party's linear-additive utility from its offers alone.

`frequency_estimate` is the frequency model of HardHeaded (van Krimpen, Looije & Hajizadeh 2013)
as analysed by Tunalı, Aydoğan & Sanchez-Anguix (2017, "Rethinking frequency opponent modeling
in automated negotiation", PRIMA): values the opponent offers often score high; issues whose
value it rarely changes weigh more. `bayesian_estimate` keeps the frequency value scores and
learns the weights by Bayes' rule over rank-based weight hypotheses (Hindriks & Tykhonov 2008,
"Opponent modelling in automated multi-issue negotiation using Bayesian learning", AAMAS),
simplified: the opponent is assumed Boltzmann-rational, P(offer | h) ∝ exp(beta * U_h(offer)).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dragoman._arrays import FloatArray
from dragoman.model.outcomes import OutcomeSpace

__all__ = [
    "OfferTally",
    "OpponentEstimate",
    "bayesian_estimate",
    "frequency_estimate",
    "weight_hypotheses",
]


#: Issue weight gained per pair of consecutive offers that keep the issue's value (HardHeaded).
LEARNING_RATE = 0.2
#: Up to this many issues the Bayesian model tries every ranking of the issues.
MAX_PERMUTED_ISSUES = 5


@dataclass(frozen=True)
class OpponentEstimate:
    """Estimated issue weights (summing to 1) and value scores in [0, 1] per issue."""

    weights: FloatArray
    values: tuple[FloatArray, ...]

    def utilities(self, digits: npt.ArrayLike) -> FloatArray:
        """Estimated utility of outcomes given as (n, issues) value positions."""
        d = np.asarray(digits)
        u = np.zeros(d.shape[:-1], dtype=np.float64)
        for i, (w, scores) in enumerate(zip(self.weights, self.values, strict=True)):
            u += w * scores[d[..., i]]
        return u


class OfferTally:
    """What the estimates of one opponent are made of, kept as its offers arrive: per issue,
    how often it offered each value and how many consecutive pairs of its offers kept the
    issue's value. Taking in an offer costs the same however many came before."""

    __slots__ = ("_last", "counts", "kept", "offers", "space")

    def __init__(self, space: OutcomeSpace) -> None:
        self.space = space
        self.offers = 0  # how many offers were taken in
        self.counts = tuple(np.zeros(int(radix), dtype=np.int64) for radix in space.radices)
        self.kept = np.zeros(len(space.issues), dtype=np.int64)
        self._last: npt.NDArray[np.int16] | None = None  # value positions of the latest offer

    @classmethod
    def of(cls, space: OutcomeSpace, offers: npt.ArrayLike) -> OfferTally:
        """The tally of `offers` (oldest first)."""
        tally = cls(space)
        tally.add(offers)
        return tally

    def add(self, offers: npt.ArrayLike) -> None:
        """Take in the opponent's next `offers` (oldest first)."""
        digits = self.space.digits(np.asarray(offers, dtype=np.int64).reshape(-1))
        if not len(digits):
            return
        chain = digits if self._last is None else np.concatenate([self._last[None], digits])
        self.kept += np.count_nonzero(chain[1:] == chain[:-1], axis=0)
        for i, counts in enumerate(self.counts):
            counts += np.bincount(digits[:, i], minlength=counts.size)
        self._last = digits[-1]
        self.offers += len(digits)

    def value_scores(self) -> tuple[FloatArray, ...]:
        """Per issue, (1 + count) / (1 + max count) of each value among the offers."""
        scores = []
        for counts in self.counts:
            smoothed = counts.astype(np.float64) + 1.0
            scores.append(smoothed / smoothed.max())
        return tuple(scores)

    def frequency(self) -> OpponentEstimate:
        """The frequency model (HardHeaded): issues whose value rarely changes weigh more."""
        weights = 1.0 + LEARNING_RATE * self.kept
        return OpponentEstimate(weights / weights.sum(), self.value_scores())

    def bayesian(self, beta: float = 10.0) -> OpponentEstimate:
        """Posterior-mean weights over `weight_hypotheses`, with frequency value scores."""
        values = self.value_scores()
        hypotheses = weight_hypotheses(len(self.space.issues))  # (H, issues)
        # sum over offers of each issue's score (count of a value times its score), times beta
        fit = beta * np.array([c @ v for c, v in zip(self.counts, values, strict=True)])
        # log Z_h factorises over issues: sum_i log sum_v exp(beta * w_hi * v_i(v))
        log_z = sum(
            np.log(np.exp(beta * np.outer(hypotheses[:, i], v)).sum(axis=1))
            for i, v in enumerate(values)
        )
        log_post = hypotheses @ fit - self.offers * np.asarray(log_z)
        post = np.exp(log_post - log_post.max())
        weights = (post / post.sum()) @ hypotheses
        return OpponentEstimate(weights, values)


def frequency_estimate(space: OutcomeSpace, offers: npt.ArrayLike) -> OpponentEstimate:
    """The frequency model from the opponent's offers (oldest first)."""
    return OfferTally.of(space, offers).frequency()


def bayesian_estimate(
    space: OutcomeSpace, offers: npt.ArrayLike, beta: float = 10.0
) -> OpponentEstimate:
    """The Bayesian model from the opponent's offers (oldest first); see `OfferTally.bayesian`."""
    return OfferTally.of(space, offers).bayesian(beta)


def weight_hypotheses(n_issues: int) -> FloatArray:
    """Rank-based weight vectors (weight ∝ rank, Hindriks & Tykhonov): every ranking of up to
    MAX_PERMUTED_ISSUES issues, else each issue ranked first with the rest in order."""
    profile = np.arange(n_issues, 0, -1, dtype=np.float64)
    profile /= profile.sum()
    if n_issues <= MAX_PERMUTED_ISSUES:
        orders = np.array(list(itertools.permutations(range(n_issues))), dtype=np.int64)
    else:
        rest = np.arange(n_issues)
        orders = np.array([[i, *np.delete(rest, i)] for i in range(n_issues)], dtype=np.int64)
    hypotheses = np.empty(orders.shape, dtype=np.float64)
    np.put_along_axis(hypotheses, orders, np.broadcast_to(profile, orders.shape), axis=1)
    return hypotheses

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

__all__ = ["OpponentEstimate", "bayesian_estimate", "frequency_estimate", "weight_hypotheses"]


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


def _value_scores(space: OutcomeSpace, digits: npt.NDArray[np.int16]) -> tuple[FloatArray, ...]:
    """Per issue, (1 + count) / (1 + max count) of each value among the offers."""
    scores = []
    for i, radix in enumerate(space.radices):
        counts = np.bincount(digits[:, i], minlength=int(radix)).astype(np.float64) + 1.0
        scores.append(counts / counts.max())
    return tuple(scores)


def frequency_estimate(space: OutcomeSpace, offers: npt.ArrayLike) -> OpponentEstimate:
    """The frequency model from the opponent's offers (oldest first)."""
    digits = space.digits(np.asarray(offers, dtype=np.int64).reshape(-1))
    kept = np.count_nonzero(digits[1:] == digits[:-1], axis=0)
    weights = 1.0 + LEARNING_RATE * kept
    return OpponentEstimate(weights / weights.sum(), _value_scores(space, digits))


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


def bayesian_estimate(
    space: OutcomeSpace, offers: npt.ArrayLike, beta: float = 10.0
) -> OpponentEstimate:
    """Posterior-mean weights over `weight_hypotheses`, with frequency value scores."""
    digits = space.digits(np.asarray(offers, dtype=np.int64).reshape(-1))
    values = _value_scores(space, digits)
    hypotheses = weight_hypotheses(len(space.issues))  # (H, issues)
    per_issue = np.stack([v[digits[:, i]] for i, v in enumerate(values)], axis=1)  # (T, issues)
    fit = beta * per_issue.sum(axis=0)  # sum over offers of each issue's score, times beta
    # log Z_h factorises over issues: sum_i log sum_v exp(beta * w_hi * v_i(v))
    log_z = sum(
        np.log(np.exp(beta * np.outer(hypotheses[:, i], v)).sum(axis=1))
        for i, v in enumerate(values)
    )
    log_post = hypotheses @ fit - len(digits) * np.asarray(log_z)
    post = np.exp(log_post - log_post.max())
    weights = (post / post.sum()) @ hypotheses
    return OpponentEstimate(weights, values)

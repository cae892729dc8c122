"""Texts a mediator weighs, shared by the mediators: the limits a text keeps (every reported red
line, while some text keeps them all), one-issue changes and a neutral draft within limits, how
fair a text is by the parties' reports (Nash 1950: the product of the reported gains over the
reported reservation values), the best text of the reports within limits, and when a mediator
may adopt a text against votes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from dragoman._arrays import BoolArray, Digits, FloatArray
from dragoman.analysis.problem import BargainingProblem
from dragoman.negotiation.reports import ReportMemo, has_inside
from dragoman.negotiation.view import SeatView
from dragoman.strategies.mediators._hearing import inside_reports, reported_utilities
from dragoman.utility.compiled_utility import CompiledUtility

__all__ = [
    "Yardstick",
    "best_reported",
    "limits",
    "neutral_text",
    "one_issue_changes",
    "overrules",
]

#: A text with a party below its reported reservation value scores this much lower per unit
#: of utility missing, so climbing first lifts every party into the reported zone.
SHORTFALL_PENALTY = 1e3
#: Gains are floored here before their logarithm (a gain of 0 is far worse than any above).
SMALLEST_GAIN = 1e-9


def limits(view: SeatView, memo: ReportMemo | None = None) -> tuple[BoolArray, ...]:
    """Per issue, the values a mediator's text keeps: those inside every reported red line,
    or, when the reports leave no text inside them all, every value."""
    allowed = inside_reports(view, memo)
    if has_inside(allowed):
        return allowed
    return tuple(np.ones_like(a) for a in allowed)


class Yardstick:
    """The parties' reports as a yardstick for texts: each party's reported gain over its
    reported reservation value, and their Nash product (as a sum of logarithms)."""

    def __init__(self, parties: Sequence[str], utilities: Sequence[CompiledUtility]) -> None:
        self.parties = tuple(parties)
        self.utilities = tuple(utilities)
        self.reservation = np.array([u.reservation_value for u in utilities], dtype=np.float64)

    @classmethod
    def of(cls, view: SeatView, memo: ReportMemo | None = None) -> Yardstick | None:
        """The yardstick of the reports the mediator holds; None until every party reported."""
        reported = reported_utilities(view, memo)
        parties = view.public.parties
        if any(p not in reported for p in parties):
            return None
        return cls(parties, [reported[p] for p in parties])

    def gains(self, digits: Digits) -> FloatArray:
        """(parties, n) reported gains of texts given as (n, issues) value positions."""
        u = np.stack([utility.utilities_of_digits(digits) for utility in self.utilities])
        return np.asarray(u - self.reservation[:, None])

    def fairness(self, digits: Digits) -> FloatArray:
        """How fair each text is by the reports: the log of the Nash product of the gains,
        lowered steeply for every party left below its reservation value."""
        g = self.gains(digits)
        logs = np.log(np.maximum(g, SMALLEST_GAIN)).sum(axis=0)
        return np.asarray(logs + SHORTFALL_PENALTY * np.minimum(g, 0.0).sum(axis=0))

    def best_move(self, text: Digits, candidates: Digits) -> tuple[int | None, frozenset[str]]:
        """The candidate fairer than `text` by the most (None: none is fairer), and the
        parties it costs (by the reports): those who will vote against it."""
        if candidates.shape[0] == 0:
            return None, frozenset()
        scores = self.fairness(candidates)
        k = int(np.argmax(scores))
        if scores[k] <= float(self.fairness(text[None, :])[0]) + 1e-12:
            return None, frozenset()
        before, after = self.gains(text[None, :])[:, 0], self.gains(candidates[k : k + 1])[:, 0]
        return k, frozenset(p for p, b, a in zip(self.parties, before, after, strict=True) if a < b)


def one_issue_changes(text: Digits, allowed: Sequence[BoolArray]) -> Digits:
    """Every text that differs from `text` (value positions) on one issue, within `allowed`."""
    rows = []
    for i, mask in enumerate(allowed):
        values = np.flatnonzero(mask)
        values = values[values != int(text[i])]
        block = np.repeat(text[None, :], values.size, axis=0)
        block[:, i] = values
        rows.append(block)
    return np.concatenate(rows).astype(np.int16) if rows else np.empty((0, text.size), np.int16)


def neutral_text(allowed: Sequence[BoolArray]) -> Digits:
    """Every issue at the middle of its allowed values: a draft favouring no one."""
    middles = []
    for mask in allowed:
        values = np.flatnonzero(mask)
        middles.append(int(values[(values.size - 1) // 2]) if values.size else (mask.size - 1) // 2)
    return np.array(middles, dtype=np.int16)


def best_reported(utilities: Sequence[CompiledUtility], allowed: Sequence[BoolArray]) -> int | None:
    """The Nash point of the reports among the texts within `allowed`; without a zone there,
    the frontier text with the largest sum of reported utilities; None if `allowed` is empty."""
    if not has_inside(allowed):
        return None
    problem = BargainingProblem(utilities, allowed)
    nash = problem.solution("nash")
    if nash is not None:
        return nash
    frontier = problem.frontier
    if frontier.size == 0:
        return None
    return int(frontier.outcomes[int(np.argmax(frontier.utilities.sum(axis=0)))])


def overrules(approvals: Mapping[str, bool], losers: frozenset[str]) -> bool:
    """Whether a mediator adopts a text despite its votes: every vote against it comes from a
    party the reports said it costs (a trade toward a fairer text, expected), and at least one
    party approves. A vote against from a party the reports said gains means they misled."""
    against = {p for p, approve in approvals.items() if not approve}
    return bool(against) and against <= losers and len(against) < len(approvals)

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
from dragoman.negotiation.reports import has_inside
from dragoman.strategies.mediators._hearing import Hearing, inside_reports, reported_utilities
from dragoman.utility.compiled_utility import CompiledUtility

__all__ = [
    "Yardstick",
    "adopts",
    "best_reported",
    "climb",
    "floors",
    "leaves_at_least",
    "limits",
    "neutral_text",
    "one_issue_changes",
]

#: A text with a party below its reported reservation value scores this much lower per unit
#: of utility missing, so climbing first lifts every party into the reported zone.
SHORTFALL_PENALTY = 1e3
#: Gains are floored here before their logarithm (a gain of 0 is far worse than any above).
SMALLEST_GAIN = 1e-9
#: A text is fairer than another when its fairness is higher by more than this.
FAIRER = 1e-12
#: A utility this close to the least a party can get counts as the least.
FLOOR_TOLERANCE = 1e-9


def limits(hearing: Hearing) -> tuple[BoolArray, ...]:
    """Per issue, the values a mediator's text keeps: those inside every reported red line,
    or, when the reports leave no text inside them all, every value."""
    allowed = inside_reports(hearing)
    if has_inside(allowed):
        return allowed
    return tuple(np.ones_like(a) for a in allowed)


class Yardstick:
    """The parties' reports as a yardstick for texts: each party's reported gain over its
    reported reservation value (`floored`: over the least it can get, if that is more), and
    their Nash product (as a sum of logarithms)."""

    def __init__(
        self, parties: Sequence[str], utilities: Sequence[CompiledUtility], floored: bool = False
    ) -> None:
        self.parties = tuple(parties)
        self.utilities = tuple(utilities)
        self.reservation = np.array([u.reservation_value for u in utilities], dtype=np.float64)
        self.least = floors(utilities)
        self.floored = floored
        self.base = self.least if floored else self.reservation

    @classmethod
    def of(cls, hearing: Hearing, floored: bool = False) -> Yardstick | None:
        """The yardstick of the reports the mediator holds; None until every party reported."""
        reported = reported_utilities(hearing)
        parties = hearing.view.public.parties
        if any(p not in reported for p in parties):
            return None
        return cls(parties, [reported[p] for p in parties], floored)

    def at_least(self, text: Digits) -> bool:
        """Whether `text` leaves some party at the least it can get (`leaves_at_least`)."""
        return leaves_at_least(self.utilities, text)

    def gains(self, digits: Digits) -> FloatArray:
        """(parties, n) reported gains of texts given as (n, issues) value positions."""
        u = np.stack([utility.utilities_of_digits(digits) for utility in self.utilities])
        return np.asarray(u - self.base[:, None])

    def fairness(self, digits: Digits) -> FloatArray:
        """How fair each text is by the reports: the log of the Nash product of the gains,
        lowered steeply for every party left below its reservation value."""
        g = self.gains(digits)
        logs = np.log(np.maximum(g, SMALLEST_GAIN)).sum(axis=0)
        return np.asarray(logs + SHORTFALL_PENALTY * np.minimum(g, 0.0).sum(axis=0))

    def best_move(self, text: Digits, candidates: Digits) -> int | None:
        """The candidate fairer than `text` by the most (None: none is fairer)."""
        if candidates.shape[0] == 0:
            return None
        scores = self.fairness(candidates)
        k = int(np.argmax(scores))
        if scores[k] <= float(self.fairness(text[None, :])[0]) + FAIRER:
            return None
        return k

    def overrules(self, text: Digits, candidate: Digits, approvals: Mapping[str, bool]) -> bool:
        """Whether a mediator adopts `candidate` in place of `text` despite votes against it:
        the reports rate it fairer, and every vote against comes from a party they say it
        costs (a trade toward a fairer text, expected); a vote against from a party the
        reports say gains means its report misled, and is respected."""
        against = {p for p, approve in approvals.items() if not approve}
        pair = np.stack([text, candidate])
        before, after = self.gains(pair).T
        costs = {p for p, b, a in zip(self.parties, before, after, strict=True) if a < b}
        fairness = self.fairness(pair)
        return against <= costs and float(fairness[1]) > float(fairness[0]) + FAIRER


def climb(yardstick: Yardstick, text: Digits, candidates: Digits) -> tuple[int | None, bool]:
    """One step of a climb: the fairest candidate (None: none is fairer), and whether the
    climb now weighs gains over the least each party can get (it does from the first top that
    leaves a party there: such a text is never agreed; a mediator keeps to it, or the climb
    would fall back to that top)."""
    k = yardstick.best_move(text, candidates)
    if k is None and not yardstick.floored and yardstick.at_least(text):
        floored = Yardstick(yardstick.parties, yardstick.utilities, floored=True)
        return floored.best_move(text, candidates), True
    return k, yardstick.floored


def leaves_at_least(utilities: Sequence[CompiledUtility], text: Digits) -> bool:
    """Whether `text` (value positions) leaves some party at the least it can get: a party
    conceding over time accepts that only when time is up, so such a text is never agreed."""
    u = np.array([float(utility.utilities_of_digits(text[None, :])[0]) for utility in utilities])
    return bool(np.any(u <= floors(utilities) + FLOOR_TOLERANCE))


def floors(utilities: Sequence[CompiledUtility]) -> FloatArray:
    """Each party's reservation value, or the least utility it can get if that is more (a
    party conceding over time bottoms out there)."""
    return np.array([max(u.reservation_value, u.utility_range()[0]) for u in utilities])


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
    """The Nash point of the reports among the texts within `allowed` (where it leaves a party
    at the least it can get, the Nash point of the gains over those least utilities: the other
    is never agreed); without a zone there, the frontier text with the largest sum of reported
    utilities; None if `allowed` is empty."""
    if not has_inside(allowed):
        return None
    problem = BargainingProblem(utilities, allowed)
    nash = problem.solution("nash")
    if nash is not None:
        text = problem.space.digits(problem.space.ids([nash]))[0]
        if leaves_at_least(utilities, text):
            return BargainingProblem(utilities, allowed, floors(utilities)).solution("nash")
        return nash
    frontier = problem.frontier
    if frontier.size == 0:
        return None
    return int(frontier.outcomes[int(np.argmax(frontier.utilities.sum(axis=0)))])


def adopts(
    hearing: Hearing,
    current: int | None,
    candidate: int,
    approvals: Mapping[str, bool],
    floored: bool = False,
) -> bool:
    """Whether a mediator adopts `candidate` as the single text: every party approves, or the
    reports overrule the votes against it (`Yardstick.overrules`; weighing gains over the
    least each party can get when `floored` or when the current text leaves a party there)."""
    if all(approvals.values()) or current is None:
        return all(approvals.values())
    yardstick = Yardstick.of(hearing, floored)
    if yardstick is None:
        return False
    digits = hearing.view.public.outcome_space.digits(np.array([current, candidate]))
    if not yardstick.floored and yardstick.at_least(digits[0]):
        yardstick = Yardstick(yardstick.parties, yardstick.utilities, floored=True)
    return yardstick.overrules(digits[0], digits[1], approvals)

"""The bargaining problem of a scenario: the parties' utilities over the outcomes inside a set of
red lines, with the reservation values as the disagreement point.

One object answers every question the analysis asks (frontier, bargaining solutions, zone of
possible agreement, concessions) whatever the size of the space; the method behind its frontier
is chosen once, here: enumeration where the space is enumerable; else the exact issue-by-issue
fold where utilities are additive; else, for two parties with sums of terms, the exact MIP
solver (within a time limit); else a flagged approximate search. `bargaining_problem(scenario)`
is built once per scenario object and reused by every analysis and assessment on it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import numpy as np

from dragoman._arrays import BoolArray, FloatArray, OutcomeIds
from dragoman._derived import derived
from dragoman.analysis.factors import Factor, additive_factors, folded_frontier
from dragoman.analysis.frontier import Budget, Frontier, FrontierMethod
from dragoman.analysis.pareto import pareto_frontier_within
from dragoman.analysis.search import search_frontier
from dragoman.analysis.solutions import SOLUTION_RULES
from dragoman.analysis.solver import TIME_LIMIT, solver_available, solver_frontier
from dragoman.analysis.zone_count import ZONE_SAMPLE, count_additive_zone, estimate_share
from dragoman.analysis.zopa import smallest_concessions, uniform_concession, zone_mask
from dragoman.model.scenario import Scenario
from dragoman.utility.compiled_utility import CompiledUtility
from dragoman.utility.lazy import enumerable
from dragoman.utility.masks import product_mask
from dragoman.utility.scenario import compiled

__all__ = ["ROUNDING", "BargainingProblem", "Zone", "bargaining_problem"]

#: Sums closer than this (relative) to a reservation value may fall either side by rounding.
ROUNDING = 1e-9
#: The note of an enumerated frontier cut short by the time limit.
_UNFINISHED = (
    "the time limit was reached after {seconds:.1f} s: the frontier points found are exact, "
    "points of smaller utility sums may be missing"
)


@dataclass(frozen=True)
class Zone:
    """The zone of possible agreement: whether it exists (always exact), its size, and its
    Nash point. The size is exact (`count_exact`), or bounded (`bounds`: outcomes worth a
    reservation value to within rounding, counted without enumeration, may go either way), or
    estimated from a uniform sample (`share`)."""

    exists: bool
    count: int
    count_exact: bool
    nash: int | None  # outcome of the Nash point inside the zone
    nash_utilities: FloatArray | None
    share: float | None = None  # the sampled share, when the count is an estimate
    bounds: tuple[int, int] | None = None  # lowest and highest count, when bounded
    #: False when no zone was found on an approximate frontier: one may still exist
    certain: bool = True


class BargainingProblem:
    """Utilities over the outcomes inside `allowed` (per-issue value masks); see the module doc."""

    def __init__(
        self,
        utilities: Sequence[CompiledUtility],
        allowed: Sequence[BoolArray],
        reservation: FloatArray | None = None,
        *,
        time_limit: float = TIME_LIMIT,
        table: FloatArray | None = None,
        method: FrontierMethod | None = None,
        budget: Budget | None = None,
    ) -> None:
        self.utilities = tuple(utilities)
        self.space = self.utilities[0].space
        self.allowed = tuple(np.asarray(a, dtype=bool) for a in allowed)
        default = [u.reservation_value for u in self.utilities]
        self.reservation = np.asarray(default if reservation is None else reservation, float)
        self.time_limit = time_limit
        #: shared with every restricted variant: their frontiers stay inside one time limit
        self.budget = budget or Budget(time_limit)
        self._table = table
        self._factors: tuple[FloatArray, list[Factor]] | str = "not additive"
        self._forced = method
        self.method = self._choose_method(method)

    def _choose_method(self, forced: FrontierMethod | None) -> FrontierMethod:
        """The one place the frontier method is decided (`forced`: a method asked for, e.g.
        to check one method against another; ValueError if it cannot apply)."""
        if forced is FrontierMethod.ENUMERATION or (forced is None and enumerable(self.space)):
            if not enumerable(self.space):
                raise ValueError("the space is too large to enumerate")
            return FrontierMethod.ENUMERATION
        if forced in (None, FrontierMethod.ADDITIVE):
            self._factors = additive_factors(self.utilities, self.allowed)
            if not isinstance(self._factors, str):
                return FrontierMethod.ADDITIVE
            if forced is not None:
                raise ValueError(self._factors)
        two_sums = len(self.utilities) == 2 and all(u.terms.is_sum() for u in self.utilities)
        if forced is FrontierMethod.SOLVER or (forced is None and two_sums and solver_available()):
            if not (two_sums and solver_available()):
                raise ValueError("the solver needs two parties with sums of terms, and highspy")
            return FrontierMethod.SOLVER
        return FrontierMethod.SEARCH

    # --- what the problem is --------------------------------------------------------------
    @property
    def table(self) -> FloatArray:
        """(parties, outcomes) utilities of every outcome (enumerable spaces only)."""
        if self._table is None:
            self._table = np.stack([np.asarray(u.table) for u in self.utilities])
        return self._table

    @property
    def feasible_count(self) -> int:
        """How many outcomes lie inside `allowed` (exact, at any size)."""
        return math.prod(int(mask.sum()) for mask in self.allowed)

    def restricted(self, allowed: Sequence[BoolArray]) -> BargainingProblem:
        """The same parties over other red lines (e.g. with some dropped): arrays shared; the
        problem itself when the red lines allow the same values (no frontier solved twice)."""
        masks = [np.asarray(a, dtype=bool) for a in allowed]
        if len(masks) == len(self.allowed) and all(map(np.array_equal, masks, self.allowed)):
            return self
        table = self._table if self.method is FrontierMethod.ENUMERATION else None
        return BargainingProblem(
            self.utilities,
            allowed,
            self.reservation,
            time_limit=self.time_limit,
            table=table,
            method=self._forced,
            budget=self.budget,
        )

    def utilities_of(self, outcomes: Sequence[int] | OutcomeIds) -> FloatArray:
        """(parties, n) utilities of outcome indices."""
        ids = self.space.ids(list(outcomes) if not isinstance(outcomes, np.ndarray) else outcomes)
        if self.method is FrontierMethod.ENUMERATION:
            return self.table[:, ids.astype(np.int64)]
        digits = self.space.digits(ids)
        return np.stack([u.utilities_of_digits(digits) for u in self.utilities])

    # --- frontier and solutions -----------------------------------------------------------
    @cached_property
    def frontier(self) -> Frontier:
        """The Pareto frontier inside `allowed`, by the method chosen."""
        if self.method is FrontierMethod.ENUMERATION:
            feasible = product_mask(self.allowed)
            seconds = self.budget.share()
            found, complete = pareto_frontier_within(self.table, feasible, seconds)
            note = "" if complete else _UNFINISHED.format(seconds=seconds)
            return Frontier(found, self.table[:, found], complete, self.method, note)
        if self.method is FrontierMethod.ADDITIVE:
            assert not isinstance(self._factors, str)
            constants, factors = self._factors
            return folded_frontier(self.utilities, self.allowed, self.space, constants, factors)
        if self.method is FrontierMethod.SOLVER:
            terms = [u.terms for u in self.utilities]
            return solver_frontier(terms, self.allowed, self.space, self.budget.share())
        evaluators = [u.utilities_of_digits for u in self.utilities]
        reason = self._factors if isinstance(self._factors, str) else ""
        if len(self.utilities) != 2:
            reason += f"; the exact solver handles two parties (not {len(self.utilities)})"
        elif not solver_available():
            reason += "; no MIP solver installed (pip install 'dragoman[solver]')"
        return search_frontier(
            evaluators, self.allowed, self.space, reason.strip("; "), self.budget.share()
        )

    @cached_property
    def solutions(self) -> dict[str, int]:
        """Each bargaining solution that exists: its position among the frontier points."""
        found = {}
        for key, rule in SOLUTION_RULES.items():
            position = rule(self.frontier.utilities, self.reservation)
            if position is not None:
                found[key] = position
        return found

    def solution(self, key: str) -> int | None:
        """The outcome of solution `key` (e.g. "nash"), or None if it does not exist."""
        position = self.solutions.get(key)
        return None if position is None else int(self.frontier.outcomes[position])

    # --- the zone of possible agreement ---------------------------------------------------
    @cached_property
    def zone(self) -> Zone:
        """Whether a zone exists (a frontier point is individually rational exactly when some
        outcome is), how large it is, and its Nash point (the problem's Nash solution)."""
        u = self.frontier.utilities
        exists = bool(np.all(u >= self.reservation[:, None], axis=0).any())
        nash = self.solutions.get("nash") if exists else None
        nash_outcome = None if nash is None else int(self.frontier.outcomes[nash])
        nash_u = None if nash is None else u[:, nash]
        if not exists:
            return Zone(False, 0, True, None, None, certain=self.frontier.exact)
        if self.method is FrontierMethod.ENUMERATION:
            zone = zone_mask(self.table, self.reservation, product_mask(self.allowed))
            return Zone(True, int(zone.sum()), True, nash_outcome, nash_u)
        bounds = self._count_additive() if not isinstance(self._factors, str) else None
        if bounds is not None:
            low, high = bounds
            return Zone(True, low, low == high, nash_outcome, nash_u, bounds=bounds)
        evaluators = [u.utilities_of_digits for u in self.utilities]
        share = estimate_share(evaluators, self.reservation, self.allowed)
        # hits / sample size, exactly (no float rounding of counts beyond 2**53)
        count = round(Fraction(share).limit_denominator(ZONE_SAMPLE) * self.feasible_count)
        return Zone(True, count, False, nash_outcome, nash_u, share=share)

    def _count_additive(self) -> tuple[int, int] | None:
        """The zone size of additive utilities, counted from raw sums: (outcomes surely in,
        outcomes within rounding of being in); None when too large to count."""
        assert not isinstance(self._factors, str)
        constants, factors = self._factors
        tables = [f.table for f in factors]
        centre = []
        for u, rv in zip(self.utilities, self.reservation, strict=True):
            if rv > u.terms.cap:
                return 0, 0
            centre.append(rv * u.terms.scale)
        slack = ROUNDING * np.maximum(1.0, np.abs(np.array(centre)))
        surely = count_additive_zone(constants, tables, np.array(centre) + slack)
        maybe = count_additive_zone(constants, tables, np.array(centre) - slack)
        return None if surely is None or maybe is None else (surely, maybe)

    @cached_property
    def concessions(self) -> tuple[FloatArray, float]:
        """Per party, the reservation-value reduction that alone opens a zone (inf: none), and
        the reduction by every party at once that does; exact from the frontier points."""
        u = self.frontier.utilities
        everywhere = np.ones(u.shape[1], dtype=bool)
        return (
            smallest_concessions(u, self.reservation, everywhere),
            uniform_concession(u, self.reservation, everywhere),
        )


def bargaining_problem(
    scenario: Scenario, red_lines: bool = True, time_limit: float = TIME_LIMIT
) -> BargainingProblem:
    """The scenario's bargaining problem inside every red line (or with all set aside), built
    once per scenario object and solver `time_limit` (seconds, for spaces too large to
    enumerate)."""

    def build() -> BargainingProblem:
        c = compiled(scenario)
        if not red_lines:
            inner = bargaining_problem(scenario, True, time_limit)
            return inner.restricted(c.allowed(red_lines=False))
        return BargainingProblem(c.utilities, c.allowed(), c.reservation, time_limit=time_limit)

    return derived(scenario, ("bargaining problem", red_lines, time_limit), build)

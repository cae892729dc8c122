"""Analysis of a scenario whose outcome space is too large to enumerate (> ENUMERATION_LIMIT).

The frontier comes from `exact_frontier`: exactly, by a MIP solver, for two parties whose
utilities are sums of terms (`utility_terms`) when `highspy` is installed; otherwise from a
sample plus local search, flagged approximate. The bargaining solutions are then chosen among
the frontier points (each lies on the frontier, so nothing is lost); the feasible count is
exact (a product of per-issue counts); whether a zone exists is exact too (some frontier point
is individually rational exactly when some outcome is), but its size is estimated from a
uniform sample, and the blocking report (which re-enumerates relaxed zones) is not made.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from dragoman.analysis.analyze import SOLUTIONS, Analysis, SolutionPoint, ZopaReport
from dragoman.analysis.assess import AgreementAssessment
from dragoman.analysis.metrics import nash_distance, pareto_distance
from dragoman.analysis.solutions import nash_point
from dragoman.analysis.solver import (
    TIME_LIMIT,
    FrontierResult,
    search_frontier,
    solver_available,
    solver_frontier,
)
from dragoman.analysis.zopa import smallest_concessions, uniform_concession
from dragoman.model.scenario import Scenario
from dragoman.utility.candidates import SAMPLE_SEED, sample_digits
from dragoman.utility.terms import NotLinearizableError, terms_of

__all__ = ["ZONE_SAMPLE", "analyze_large", "assess_large", "large_frontier"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Outcomes sampled to estimate the size of the zone of possible agreement.
ZONE_SAMPLE = 200_000


def _allowed(scenario: Scenario, red_lines: bool) -> tuple[BoolArray, ...]:
    """Per issue, the values every party's red lines accept (all, if `red_lines` is False)."""
    allowed = [np.ones(int(r), dtype=bool) for r in scenario.outcome_space.radices]
    for utility in scenario.utilities if red_lines else ():
        for k, mask in enumerate(utility.issue_allowed()):
            allowed[k] &= mask
    return tuple(allowed)


def large_frontier(
    scenario: Scenario, red_lines: bool = True, time_limit: float = TIME_LIMIT
) -> FrontierResult:
    """The frontier inside every red line (or ignoring them), by the best method available."""
    utilities = scenario.utilities
    allowed = _allowed(scenario, red_lines)
    space = scenario.outcome_space
    if len(utilities) != 2:
        reason = f"the exact solver handles two parties (this scenario has {len(utilities)})"
    elif not solver_available():
        reason = "no MIP solver installed (pip install 'dragoman[solver]' for an exact frontier)"
    else:
        try:
            terms = [terms_of(u) for u in utilities]
        except NotLinearizableError as exc:
            reason = f"the exact solver needs sums of terms: {exc}"
        else:
            return solver_frontier(terms, allowed, space, time_limit)
    return search_frontier([u.utilities_of_digits for u in utilities], allowed, space, reason)


def analyze_large(scenario: Scenario, time_limit: float = TIME_LIMIT) -> Analysis:
    """`analyze` for huge spaces (see the module doc); `notes` say how the frontier was found."""
    names = [p.name for p in scenario.negotiators]
    reservation = np.array([u.reservation_value for u in scenario.utilities])
    has_red_lines = any(u.red_line_masks for u in scenario.utilities)
    frontier = large_frontier(scenario, True, time_limit)
    reference = large_frontier(scenario, False, time_limit) if has_red_lines else frontier
    allowed = _allowed(scenario, True)
    feasible_count = math.prod(int(mask.sum()) for mask in allowed)
    notes = [
        f"outcome space too large to enumerate: frontier by {frontier.method} "
        f"in {frontier.seconds:.1f} s; {frontier.note}",
        "one outcome is shown per frontier point (outcomes with equal utilities are not listed)",
    ]
    zopa = _zopa(scenario, frontier, reservation, allowed, feasible_count, has_red_lines)
    return Analysis(
        title=scenario.metadata.title,
        parties=names,
        reservation_values=dict(zip(names, reservation.tolist(), strict=True)),
        outcome_count=scenario.outcome_space.size,
        feasible_count=feasible_count,
        frontier=frontier.outcomes.tolist(),
        frontier_utilities=frontier.utilities.T.tolist(),
        solutions=_solutions(scenario, frontier, reservation, names),
        zopa=zopa,
        reference_frontier_count=int(reference.outcomes.size),
        reference_frontier=reference.outcomes.tolist(),
        reference_solutions=_solutions(scenario, reference, reservation, names),
        method=frontier.method,
        exact=frontier.exact,
        notes=notes,
    )


def _solutions(
    scenario: Scenario, frontier: FrontierResult, reservation: FloatArray, names: list[str]
) -> list[SolutionPoint]:
    space = scenario.outcome_space
    found = []
    for key, (name, rule) in SOLUTIONS.items():
        pos = rule(frontier.utilities, reservation)
        if pos is None:
            continue
        index = int(frontier.outcomes[pos])
        values = frontier.utilities[:, pos]
        utilities = {n: round(float(v), 6) for n, v in zip(names, values, strict=True)}
        found.append(
            SolutionPoint(key, name, index, space.outcome(index), space.describe(index), utilities)
        )
    return found


def _zopa(
    scenario: Scenario,
    frontier: FrontierResult,
    reservation: FloatArray,
    allowed: tuple[BoolArray, ...],
    feasible_count: int,
    has_red_lines: bool,
) -> ZopaReport:
    u = frontier.utilities
    points = np.ones(u.shape[1], dtype=bool)
    exists = bool(np.all(u >= reservation[:, None], axis=0).any())
    sample = sample_digits(allowed, ZONE_SAMPLE, np.random.default_rng(SAMPLE_SEED))
    inside = np.ones(sample.shape[0], dtype=bool)
    for utility, rv in zip(scenario.utilities, reservation, strict=True):
        inside &= utility.utilities_of_digits(sample) >= rv
    share = float(inside.mean()) if sample.shape[0] else 0.0
    estimate = round(share * feasible_count)
    names = [p.name for p in scenario.negotiators]
    concessions = smallest_concessions(u, reservation, points)
    report = ZopaReport(
        exists=exists,
        feasible_count=feasible_count,
        zone_count=estimate,
        issue_conflicts=[],
        blockers=[],
        concessions=dict(zip(names, concessions.tolist(), strict=True)),
        uniform_concession=uniform_concession(u, reservation, points),
    )
    return replace(report, summary=_summary(report, exists, share, has_red_lines))


def _summary(report: ZopaReport, exists: bool, share: float, has_red_lines: bool) -> list[str]:
    sample = f"a uniform sample of {ZONE_SAMPLE:,} outcomes"
    if exists:
        size = (
            f"about {report.zone_count:,} outcomes ({share:.4%} of {sample})"
            if report.zone_count
            else f"too few outcomes for {sample} to find any"
        )
        lines = [f"A zone of possible agreement exists (frontier points reach it): {size}."]
    else:
        lines = ["No frontier point gives every party its reservation value: no zone exists."]
        if has_red_lines:
            lines.append("The blocking report is not made for spaces too large to enumerate.")
    for party, c in report.concessions.items():
        if math.isfinite(c) and c > 0:
            lines.append(
                f"{party} lowering its reservation value by {c:.3f} alone would open a zone."
            )
    return lines


def assess_large(scenario: Scenario, outcome: int) -> AgreementAssessment:
    """`assess_agreement` for huge spaces: distances to the solver's frontier and Nash point."""
    space = scenario.outcome_space
    names = [p.name for p in scenario.negotiators]
    point = np.array([float(u.utilities(np.array([outcome]))[0]) for u in scenario.utilities])
    reservation = np.array([u.reservation_value for u in scenario.utilities])
    frontier = large_frontier(scenario)
    nash = nash_point(frontier.utilities, reservation) if frontier.outcomes.size else None
    nash_index = None if nash is None else int(frontier.outcomes[nash])
    nash_u = None if nash is None else frontier.utilities[:, nash]
    on_frontier = bool(np.any(np.all(np.abs(frontier.utilities - point[:, None]) < 1e-12, axis=0)))
    return AgreementAssessment(
        outcome=space.outcome(outcome),
        utilities=dict(zip(names, point.round(6).tolist(), strict=True)),
        pareto_distance=pareto_distance(point, frontier.utilities),
        on_frontier=on_frontier,
        nash_outcome=None if nash_index is None else space.outcome(nash_index),
        nash_utilities=None
        if nash_u is None
        else dict(zip(names, nash_u.round(6).tolist(), strict=True)),
        nash_distance=float("nan") if nash_u is None else nash_distance(point, nash_u),
    )

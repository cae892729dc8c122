"""The analysis of a scenario: a thin facade over its bargaining problem.

`analyze(scenario)` returns an `Analysis`: sizes, the Pareto frontier inside every red line, the
bargaining solutions, and the ZOPA report (what blocks agreement, and what would unblock it), at
any size of the outcome space (`dragoman.analysis.problem` picks the method).
"""

from __future__ import annotations

from collections.abc import Sequence

from dragoman import arguments
from dragoman.analysis.blocking import rounded, zopa_report
from dragoman.analysis.frontier import FrontierMethod
from dragoman.analysis.problem import BargainingProblem, bargaining_problem
from dragoman.analysis.results import Analysis, SolutionPoint
from dragoman.analysis.solutions import SOLUTION_NAMES
from dragoman.analysis.solver import TIME_LIMIT
from dragoman.model.outcomes import OutcomeSpace
from dragoman.model.scenario import Scenario

__all__ = ["Analysis", "analyze", "solution_points"]


def analyze(scenario: Scenario, time_limit: float = TIME_LIMIT) -> Analysis:
    """Frontier, solutions and ZOPA report of a scenario (`time_limit`: seconds the solver or
    search may spend in all on the frontiers of a space too large to enumerate, the variants
    with red lines dropped included; past it the frontiers are approximate; a finite number,
    0 or more)."""
    time_limit = arguments.seconds(time_limit, "time_limit", least=0.0)
    problem = bargaining_problem(scenario, time_limit=time_limit)
    problem.budget.restart()
    reference = bargaining_problem(scenario, red_lines=False, time_limit=time_limit)
    names = [p.name for p in scenario.negotiators]
    frontier = problem.frontier
    reference.frontier  # noqa: B018 (found before the what-ifs of the ZOPA report share the time)
    return Analysis(
        title=scenario.metadata.title,
        parties=names,
        reservation_values=dict(zip(names, problem.reservation.tolist(), strict=True)),
        outcome_count=scenario.outcome_space.size,
        feasible_count=problem.feasible_count,
        frontier=[int(o) for o in frontier.outcomes],
        frontier_utilities=frontier.utilities.T.tolist(),
        solutions=solution_points(scenario.outcome_space, problem, names),
        zopa=zopa_report(scenario, problem),
        reference_frontier_count=reference.frontier.size,
        reference_frontier=[int(o) for o in reference.frontier.outcomes],
        reference_solutions=solution_points(scenario.outcome_space, reference, names),
        method=str(frontier.method),
        exact=frontier.exact and reference.frontier.exact,
        notes=_notes(problem),
    )


def solution_points(
    space: OutcomeSpace, problem: BargainingProblem, names: Sequence[str]
) -> dict[str, SolutionPoint]:
    """Each bargaining solution of `problem` that exists, in values, words and utilities."""
    points = {}
    for key, position in problem.solutions.items():
        index = int(problem.frontier.outcomes[position])
        points[key] = SolutionPoint(
            key=key,
            name=SOLUTION_NAMES[key],
            outcome_index=index,
            outcome=space.values(index),
            outcome_text=space.describe(index),
            utilities=rounded(names, problem.frontier.utilities[:, position]),
        )
    return points


def _notes(problem: BargainingProblem) -> list[str]:
    """How the frontier was found, where that was not by enumeration."""
    frontier = problem.frontier
    if frontier.method is FrontierMethod.ENUMERATION:
        return [] if frontier.exact else [f"frontier by enumeration (APPROXIMATE): {frontier.note}"]
    exactness = "exact" if frontier.exact else "APPROXIMATE"
    notes = [
        f"outcome space too large to enumerate: frontier by {frontier.method} ({exactness}) "
        f"in {frontier.seconds:.1f} s; {frontier.note}".rstrip("; "),
        "one outcome is shown per frontier point (outcomes with equal utilities are not listed)",
    ]
    if not problem.zone.count_exact and problem.zone.exists:
        notes.append("the size of the zone is estimated from a uniform sample of outcomes")
    return notes

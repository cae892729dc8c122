"""How good is an agreement? Its utilities, and its distance to the Pareto frontier and to the
Nash point of the scenario (both inside every red line), as GENIUS reports them. The frontier
and the Nash point come from the scenario's bargaining problem, computed once and reused by
every assessment."""

from __future__ import annotations

import math
from dataclasses import dataclass

from dragoman.analysis.blocking import rounded
from dragoman.analysis.metrics import nash_distance, on_frontier, pareto_distance
from dragoman.analysis.problem import BargainingProblem, bargaining_problem
from dragoman.analysis.results import Value
from dragoman.model.scenario import Scenario

__all__ = ["AgreementAssessment", "assess_agreement", "assess_outcome"]


@dataclass(frozen=True)
class AgreementAssessment:
    """An agreed outcome measured against the scenario's frontier and Nash point."""

    outcome: dict[str, Value]
    utilities: dict[str, float]
    pareto_distance: float  # 0 on the frontier; nan when the frontier is empty
    on_frontier: bool
    nash_outcome: dict[str, Value] | None
    nash_utilities: dict[str, float] | None
    nash_distance: float  # nan when there is no Nash point


def assess_agreement(scenario: Scenario, outcome: int) -> AgreementAssessment:
    """Utilities of `outcome` and its distances to the frontier and the Nash point."""
    names = [p.name for p in scenario.negotiators]
    return assess_outcome(bargaining_problem(scenario), outcome, names)


def assess_outcome(
    problem: BargainingProblem, outcome: int, names: list[str]
) -> AgreementAssessment:
    """`assess_agreement` on a bargaining problem (its frontier is computed once)."""
    space = problem.space
    point = problem.utilities_of([outcome])[:, 0]
    frontier = problem.frontier
    nash = problem.solution("nash")
    nash_u = None if nash is None else frontier.utilities[:, problem.solutions["nash"]]
    return AgreementAssessment(
        outcome=space.values(outcome),
        utilities=rounded(names, point),
        pareto_distance=pareto_distance(point, frontier.utilities),
        on_frontier=on_frontier(point, frontier.utilities),
        nash_outcome=None if nash is None else space.values(nash),
        nash_utilities=None if nash_u is None else rounded(names, nash_u),
        nash_distance=math.nan if nash_u is None else nash_distance(point, nash_u),
    )

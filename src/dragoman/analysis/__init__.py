"""Analysis: pure functions on utility arrays (frontier, solutions, zone), the bargaining
problem of a scenario, `analyze` (the scenario-level facade) and `assess_agreement`.
Names load lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dragoman._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover - for type checkers; at run time names load lazily
    from dragoman.analysis.assess import AgreementAssessment, assess_agreement
    from dragoman.analysis.frontier import Frontier
    from dragoman.analysis.pareto import pareto_frontier
    from dragoman.analysis.problem import BargainingProblem, bargaining_problem
    from dragoman.analysis.results import (
        Analysis,
        Blocker,
        BlockerKind,
        IssueConflict,
        SolutionPoint,
        ZopaReport,
    )
    from dragoman.analysis.scenario import analyze
    from dragoman.analysis.solutions import (
        egalitarian_point,
        individually_rational,
        kalai_smorodinsky_point,
        nash_point,
        utilitarian_point,
    )
    from dragoman.analysis.zopa import smallest_concessions, uniform_concession, zone_mask

__getattr__, __dir__ = lazy_exports(__name__, __file__)  # __all__ too

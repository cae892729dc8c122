"""Analysis: pure functions on utility arrays, and `analyze`, the scenario-level facade."""

from dragoman.analysis.analyze import Analysis, analyze
from dragoman.analysis.pareto import pareto_frontier
from dragoman.analysis.solutions import (
    egalitarian_point,
    individually_rational,
    kalai_smorodinsky_point,
    nash_point,
    utilitarian_point,
)
from dragoman.analysis.zopa import smallest_concessions, uniform_concession, zone_mask

__all__ = [
    "Analysis",
    "analyze",
    "egalitarian_point",
    "individually_rational",
    "kalai_smorodinsky_point",
    "nash_point",
    "pareto_frontier",
    "smallest_concessions",
    "uniform_concession",
    "utilitarian_point",
    "zone_mask",
]

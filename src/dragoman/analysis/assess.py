"""How good is an agreement? Its utilities, and its distance to the Pareto frontier and to the
Nash point of the scenario (both inside every red line), as GENIUS reports them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dragoman.analysis.metrics import nash_distance, pareto_distance
from dragoman.analysis.pareto import pareto_frontier
from dragoman.analysis.solutions import nash_point
from dragoman.model.outcomes import product_mask
from dragoman.model.scenario import Scenario
from dragoman.utility.lazy import ENUMERATION_LIMIT

__all__ = ["AgreementAssessment", "assess_agreement"]


@dataclass(frozen=True)
class AgreementAssessment:
    """An agreed outcome measured against the scenario's frontier and Nash point."""

    outcome: dict[str, str]
    utilities: dict[str, float]
    pareto_distance: float  # 0 on the frontier; nan when the frontier is empty
    on_frontier: bool
    nash_outcome: dict[str, str] | None
    nash_utilities: dict[str, float] | None
    nash_distance: float  # nan when there is no Nash point


def assess_agreement(scenario: Scenario, outcome: int) -> AgreementAssessment:
    """Utilities of `outcome` and its distances to the frontier and the Nash point."""
    space = scenario.outcome_space
    if space.size > ENUMERATION_LIMIT:  # no whole-space table: the solver's frontier
        from dragoman.analysis.huge import assess_large

        return assess_large(scenario, outcome)
    names = [p.name for p in scenario.negotiators]
    table = np.stack([u.table for u in scenario.utilities])
    reservation = np.array([u.reservation_value for u in scenario.utilities])
    allowed = [np.ones(r, dtype=bool) for r in space.shape]
    for u in scenario.utilities:
        for position, mask in u.red_line_masks:
            allowed[position] &= mask
    frontier = pareto_frontier(table, product_mask(allowed))
    point = table[:, outcome]
    nash = nash_point(table[:, frontier], reservation) if frontier.size else None
    nash_index = None if nash is None else int(frontier[nash])
    return AgreementAssessment(
        outcome=space.outcome(outcome),
        utilities=dict(zip(names, point.round(6).tolist(), strict=True)),
        pareto_distance=pareto_distance(point, table[:, frontier]),
        on_frontier=bool(np.isin(outcome, frontier)),
        nash_outcome=None if nash_index is None else space.outcome(nash_index),
        nash_utilities=None
        if nash_index is None
        else dict(zip(names, table[:, nash_index].round(6).tolist(), strict=True)),
        nash_distance=float("nan")
        if nash_index is None
        else nash_distance(point, table[:, nash_index]),
    )

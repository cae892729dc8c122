"""The analysis of a scenario: a thin facade that builds the arrays and calls the pure functions.

`analyze(scenario)` returns an `Analysis`: sizes, the Pareto frontier inside every red line, the
bargaining solutions, and the ZOPA report (what blocks agreement, and what would unblock it).
Everything in it is plain data, ready for the CLI, JSON, or a plot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from dragoman.analysis.pareto import pareto_frontier
from dragoman.analysis.solutions import (
    egalitarian_point,
    kalai_smorodinsky_point,
    nash_point,
    utilitarian_point,
)
from dragoman.analysis.zopa import (
    Constraint,
    Relaxation,
    feasible_mask,
    relaxations,
    smallest_concessions,
    uniform_concession,
    zone_mask,
)
from dragoman.model.scenario import Scenario
from dragoman.utility.lazy import ENUMERATION_LIMIT

__all__ = ["Analysis", "Blocker", "IssueConflict", "SolutionPoint", "ZopaReport", "analyze"]

FloatArray = npt.NDArray[np.float64]

SOLUTIONS: dict[str, tuple[str, Callable[[FloatArray, FloatArray], int | None]]] = {
    "nash": ("Nash bargaining solution", nash_point),
    "kalai_smorodinsky": ("Kalai–Smorodinsky", kalai_smorodinsky_point),
    "kalai_genius": (
        "Kalai (GENIUS variant: equal utilities)",
        lambda u, r: kalai_smorodinsky_point(u, r, variant="genius"),
    ),
    "utilitarian": ("Utilitarian (max sum)", utilitarian_point),
    "egalitarian": ("Egalitarian (max-min gain)", egalitarian_point),
}


@dataclass(frozen=True)
class SolutionPoint:
    """One solution concept's outcome, in words and utilities."""

    key: str
    name: str
    outcome_index: int
    outcome: dict[str, str]  # issue -> value
    outcome_text: dict[str, str]  # issue -> value in words
    utilities: dict[str, float]


@dataclass(frozen=True)
class IssueConflict:
    """An issue on which the parties' red lines leave no common value."""

    issue: str
    allowed: dict[str, list[str]]


@dataclass(frozen=True)
class Blocker:
    """The effect of dropping one red line, a party's red lines, or an issue's red lines."""

    kind: str  # "red line" | "party red lines" | "issue red lines" | "pair of red lines"
    label: str
    opens_zone: bool
    zone_size: int
    nash_outcome: dict[str, str] | None
    nash_utilities: dict[str, float] | None


@dataclass(frozen=True)
class ZopaReport:
    """Whether a zone of possible agreement exists and, if not, what blocks it."""

    exists: bool
    feasible_count: int
    zone_count: int
    issue_conflicts: list[IssueConflict]
    blockers: list[Blocker]
    concessions: dict[str, float]  # per party: RV reduction alone that opens a zone (inf: none)
    uniform_concession: float  # RV reduction by every party that opens a zone
    summary: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Analysis:
    """Everything `dragoman analyze` reports about a scenario."""

    title: str
    parties: list[str]
    reservation_values: dict[str, float]
    outcome_count: int
    feasible_count: int
    frontier: list[int]
    frontier_utilities: list[list[float]]
    solutions: list[SolutionPoint]
    zopa: ZopaReport
    reference_frontier_count: int  # frontier ignoring red lines, for context
    reference_frontier: list[int]  # its outcome indices
    reference_solutions: list[SolutionPoint]
    method: str = "enumeration"  # how the frontier was found (a solver on huge spaces)
    exact: bool = True  # False when a time limit or a heuristic may have missed frontier points
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (infinities become None)."""
        return _finite(asdict(self))  # type: ignore[no-any-return]


def analyze(scenario: Scenario) -> Analysis:
    """Frontier, solutions and ZOPA report of a scenario."""
    space = scenario.outcome_space
    if space.size > ENUMERATION_LIMIT:  # no whole-space arrays: a solver finds the frontier
        from dragoman.analysis.huge import analyze_large

        return analyze_large(scenario)
    names = [p.name for p in scenario.negotiators]
    utilities = np.stack([u.utilities() for u in scenario.utilities])
    reservation = np.array([u.reservation_value for u in scenario.utilities])
    constraints, labels = _constraints(scenario)
    feasible = feasible_mask(space.shape, constraints)
    frontier = pareto_frontier(utilities, feasible)
    reference = pareto_frontier(utilities)

    def solve(points: npt.NDArray[np.int64]) -> list[SolutionPoint]:
        found = []
        for key, (name, rule) in SOLUTIONS.items():
            pos = rule(utilities[:, points], reservation)
            if pos is not None:
                found.append(_point(scenario, key, name, int(points[pos]), utilities, names))
        return found

    return Analysis(
        title=scenario.metadata.title,
        parties=names,
        reservation_values=dict(zip(names, reservation.tolist(), strict=True)),
        outcome_count=space.size,
        feasible_count=int(feasible.sum()),
        frontier=frontier.tolist(),
        frontier_utilities=utilities[:, frontier].T.tolist(),
        solutions=solve(frontier),
        zopa=_zopa(scenario, utilities, reservation, constraints, labels, feasible),
        reference_frontier_count=int(reference.size),
        reference_frontier=reference.tolist(),
        reference_solutions=solve(reference),
    )


def _constraints(scenario: Scenario) -> tuple[list[Constraint], list[tuple[str, str]]]:
    """Every red line as a Constraint, with (party name, red line in words)."""
    constraints, labels = [], []
    for party, utility in zip(scenario.negotiators, scenario.utilities, strict=True):
        assert party.preferences is not None
        for red_line, (position, mask) in zip(
            party.preferences.red_lines, utility.red_line_masks, strict=True
        ):
            constraints.append(Constraint(position, mask))
            labels.append((party.name, red_line.describe()))
    return constraints, labels


def _zopa(
    scenario: Scenario,
    utilities: FloatArray,
    reservation: FloatArray,
    constraints: list[Constraint],
    labels: list[tuple[str, str]],
    feasible: npt.NDArray[np.bool_],
) -> ZopaReport:
    space = scenario.outcome_space
    names = [p.name for p in scenario.negotiators]
    zone = zone_mask(utilities, reservation, feasible)
    conflicts = _issue_conflicts(scenario, constraints, labels)
    groups = _groups(scenario, constraints, labels)
    blockers: list[Blocker] = []
    if not zone.any():
        tried = relaxations(
            utilities, reservation, space.shape, constraints, [g for _, _, g in groups]
        )
        by_dropped = {r.dropped: r for r in tried}
        for k, (party, text) in enumerate(labels):
            blockers.append(
                _blocker(
                    scenario, "red line", f"{party}: {text}", by_dropped[(k,)], utilities, names
                )
            )
        for kind, label, group in groups:
            if len(group) > 1:
                blockers.append(
                    _blocker(scenario, kind, label, by_dropped[group], utilities, names)
                )
        for r in tried:
            if len(r.dropped) == 2 and r.dropped not in {g for _, _, g in groups}:
                label = " + ".join(f"{labels[k][0]}: {labels[k][1]}" for k in r.dropped)
                blockers.append(_blocker(scenario, "pair of red lines", label, r, utilities, names))
    concessions = smallest_concessions(utilities, reservation, feasible)
    report = ZopaReport(
        exists=bool(zone.any()),
        feasible_count=int(feasible.sum()),
        zone_count=int(zone.sum()),
        issue_conflicts=conflicts,
        blockers=blockers,
        concessions=dict(zip(names, concessions.tolist(), strict=True)),
        uniform_concession=uniform_concession(utilities, reservation, feasible),
    )
    return replace(report, summary=_summary(report))


def _groups(
    scenario: Scenario, constraints: list[Constraint], labels: list[tuple[str, str]]
) -> list[tuple[str, str, tuple[int, ...]]]:
    """Red lines grouped by party and by issue: (kind, label, constraint numbers)."""
    groups = []
    for party in scenario.negotiators:
        ks = tuple(k for k, (p, _) in enumerate(labels) if p == party.name)
        if ks:
            groups.append(("party red lines", f"all red lines of {party.name}", ks))
    for position, issue in enumerate(scenario.issues):
        ks = tuple(k for k, c in enumerate(constraints) if c.issue == position)
        if ks:
            groups.append(("issue red lines", f"all red lines on {issue.name}", ks))
    return groups


def _issue_conflicts(
    scenario: Scenario, constraints: list[Constraint], labels: list[tuple[str, str]]
) -> list[IssueConflict]:
    conflicts = []
    for position, issue in enumerate(scenario.issues):
        common = np.ones(issue.cardinality, dtype=bool)
        allowed: dict[str, npt.NDArray[np.bool_]] = {}
        for c, (party, _) in zip(constraints, labels, strict=True):
            if c.issue == position:
                allowed[party] = allowed.get(party, np.ones_like(common)) & c.allowed
                common &= c.allowed
        if allowed and not common.any():
            conflicts.append(
                IssueConflict(
                    issue.name,
                    {p: [issue.labels[i] for i in np.flatnonzero(m)] for p, m in allowed.items()},
                )
            )
    return conflicts


def _blocker(
    scenario: Scenario,
    kind: str,
    label: str,
    relaxation: Relaxation,
    utilities: FloatArray,
    names: list[str],
) -> Blocker:
    nash = relaxation.nash
    return Blocker(
        kind=kind,
        label=label,
        opens_zone=relaxation.zone_size > 0,
        zone_size=relaxation.zone_size,
        nash_outcome=None if nash is None else scenario.outcome_space.outcome(nash),
        nash_utilities=None if nash is None else _utilities_of(nash, utilities, names),
    )


def _point(
    scenario: Scenario, key: str, name: str, index: int, utilities: FloatArray, names: list[str]
) -> SolutionPoint:
    space = scenario.outcome_space
    return SolutionPoint(
        key,
        name,
        index,
        space.outcome(index),
        space.describe(index),
        _utilities_of(index, utilities, names),
    )


def _utilities_of(index: int, utilities: FloatArray, names: list[str]) -> dict[str, float]:
    return {n: round(float(utilities[i, index]), 6) for i, n in enumerate(names)}


def _summary(report: ZopaReport) -> list[str]:
    """The ZOPA report in a few plain sentences."""
    if report.exists:
        return [
            f"A zone of possible agreement exists: {report.zone_count} of the "
            f"{report.feasible_count} outcomes inside every red line give every party at least "
            "its reservation value."
        ]
    lines = []
    for conflict in report.issue_conflicts:
        sides = "; ".join(f"{p} accepts only {', '.join(v)}" for p, v in conflict.allowed.items())
        lines.append(f"Red lines on '{conflict.issue}' are incompatible: {sides}.")
    if report.feasible_count == 0:
        lines.append("No outcome satisfies every red line.")
    else:
        lines.append(
            f"{report.feasible_count} outcomes satisfy every red line, but none gives every party "
            "its reservation value."
        )
    opening = [b for b in report.blockers if b.opens_zone]
    singles = [b for b in opening if b.kind == "red line"]
    for b in singles or opening:
        lines.append(f"Dropping {b.kind} '{b.label}' alone opens a zone of {b.zone_size} outcomes.")
    if not opening:
        lines.append("No single red line (or pair), dropped alone, opens a zone.")
    finite = {p: c for p, c in report.concessions.items() if np.isfinite(c)}
    for party, c in finite.items():
        lines.append(f"{party} lowering its reservation value by {c:.3f} alone would open a zone.")
    if np.isfinite(report.uniform_concession):
        lines.append(
            f"Every party lowering its reservation value by {report.uniform_concession:.3f} "
            "would open a zone."
        )
    return lines


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if np.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value

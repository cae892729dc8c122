"""The ZOPA report: whether a zone of possible agreement exists and, if not, what blocks it.

Each red line is dropped alone, then each party's and each issue's red lines together, then (if
none of that opens a zone) pairs of red lines: the report says which drops open a zone, how
large, and where its Nash point lies; and how far reservation values would have to fall. Every
number comes from the bargaining problem, so the report works at any size of the space.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations

import numpy as np

from dragoman._derived import derived
from dragoman._words import count, number, shown
from dragoman.analysis.frontier import FrontierMethod
from dragoman.analysis.problem import BargainingProblem, Zone
from dragoman.analysis.results import Blocker, BlockerKind, IssueConflict, ZoneSize, ZopaReport
from dragoman.analysis.zopa import zone_mask
from dragoman.model.outcomes import OutcomeSpace
from dragoman.model.scenario import Scenario
from dragoman.utility.masks import RedLineMask, allowed_values
from dragoman.utility.scenario import compiled

__all__ = ["MAX_PAIRS", "opening_drops", "out_of_reach_notes", "zopa_report"]

#: Most pairs of red lines tried when no single red line (or group) opens a zone.
MAX_PAIRS = 200


@dataclass(frozen=True)
class _RedLine:
    party: str
    text: str
    mask: RedLineMask

    @property
    def label(self) -> str:
        return f"{self.party}: {self.text}"


def zopa_report(scenario: Scenario, problem: BargainingProblem) -> ZopaReport:
    """The report for `problem`, the scenario's problem inside every red line."""
    red_lines = _red_lines(scenario)
    names = list(compiled(scenario).parties)
    zone = problem.zone
    blockers = [] if zone.exists else _blockers(scenario, problem, red_lines, names)
    concessions, uniform = problem.concessions
    report = ZopaReport(
        exists=zone.exists,
        feasible_count=problem.feasible_count,
        zone=_zone_size(zone),
        issue_conflicts=_issue_conflicts(scenario.outcome_space, red_lines),
        blockers=blockers,
        concessions=dict(zip(names, concessions.tolist(), strict=True)),
        uniform_concession=uniform,
        certain=zone.certain,
    )
    return replace(report, summary=[*out_of_reach_notes(scenario), *summary(report)])


def out_of_reach_notes(scenario: Scenario) -> list[str]:
    """A sentence for each party whose reservation value is above the best utility it can
    reach: it accepts no outcome, so no zone can exist (the root cause, said first)."""
    issues = {issue.name: issue for issue in scenario.issues}
    lines = []
    for party in scenario.negotiators:
        prefs = party.preferences
        if prefs is None:
            continue
        best = prefs.out_of_reach(issues)
        if best is not None:
            lines.append(
                f"{party.name}'s reservation value ({number(prefs.reservation_value)}) is above "
                f"the best utility {party.name} can reach ({number(best)}): {party.name} "
                "accepts no outcome, so no zone can exist whatever the red lines."
            )
    return lines


def opening_drops(scenario: Scenario, problem: BargainingProblem) -> dict[str, bool]:
    """Which red lines block, in the ZOPA report's words: for each party's red lines on each
    issue ("Party: issue"), all red lines on each issue ("all red lines on issue") and all of
    each party's ("all red lines of Party"), whether dropping them alone opens a zone (all
    False when a zone exists: nothing blocks). Every group is asked even where it holds one
    red line only (the report leaves those out), so that the samples of a study, whose red
    lines vary, all answer the same questions. Fast enough to ask of every sample."""
    red_lines = _red_lines(scenario)
    radices = scenario.outcome_space.radices
    masks = [r.mask for r in red_lines]
    by_party_issue: dict[str, list[int]] = {}
    by_issue: dict[str, list[int]] = {}
    by_party: dict[str, list[int]] = {}
    for k, r in enumerate(red_lines):
        issue = scenario.issues[r.mask.issue].name
        by_party_issue.setdefault(f"{r.party}: {issue}", []).append(k)
        by_issue.setdefault(issue, []).append(k)
        by_party.setdefault(r.party, []).append(k)
    groups = {
        **by_party_issue,
        **{f"all red lines on {issue}": ks for issue, ks in by_issue.items()},
        **{f"all red lines of {party}": ks for party, ks in by_party.items()},
    }
    if problem.zone.exists:
        return dict.fromkeys(groups, False)
    return {
        label: _opens(
            problem, allowed_values(radices, masks, skip=ks), {masks[k].issue for k in ks}
        )
        for label, ks in groups.items()
    }


def _opens(problem: BargainingProblem, allowed: Sequence[np.ndarray], issues: set[int]) -> bool:
    """Whether a zone exists inside `allowed`, which relaxes the problem's red lines on
    `issues` only: on an enumerable space straight from the table of outcomes worth every
    reservation value (per value of a single issue, computed once per issue), else from the
    restricted problem."""
    if problem.method is not FrontierMethod.ENUMERATION:
        return problem.restricted(allowed).zone.exists
    if len(issues) == 1:
        (issue,) = issues
        reachable = derived(problem, ("rational values", issue), lambda: _by_value(problem, issue))
        return bool(reachable[allowed[issue]].any())
    shaped = _rational(problem)
    for axis, mask in enumerate(allowed):
        shaped = np.compress(mask, shaped, axis=axis)
    return bool(shaped.any())


def _rational(problem: BargainingProblem) -> np.ndarray:
    """Whether each outcome gives every party its reservation value, red lines aside, shaped
    as the outcome space (one axis per issue)."""

    def make() -> np.ndarray:
        everywhere = np.ones(problem.table.shape[1], dtype=bool)
        return zone_mask(problem.table, problem.reservation, everywhere).reshape(
            problem.space.shape
        )

    return derived(problem, "rational outcomes", make)


def _by_value(problem: BargainingProblem, issue: int) -> np.ndarray:
    """Per value of `issue`: whether an outcome with it, inside every other issue's red lines,
    gives every party its reservation value."""
    shaped = _rational(problem)
    for axis, mask in enumerate(problem.allowed):
        if axis != issue:
            shaped = np.compress(mask, shaped, axis=axis)
    others = tuple(a for a in range(shaped.ndim) if a != issue)
    return np.asarray(shaped.any(axis=others) if others else shaped, dtype=bool)


def _red_lines(scenario: Scenario) -> list[_RedLine]:
    found = []
    for party, utility in zip(scenario.negotiators, compiled(scenario).utilities, strict=True):
        assert party.preferences is not None
        for red_line, mask in zip(party.preferences.red_lines, utility.red_line_masks, strict=True):
            found.append(_RedLine(party.name, red_line.describe(), mask))
    return found


def _groups(
    scenario: Scenario, red_lines: list[_RedLine]
) -> list[tuple[BlockerKind, str, tuple[int, ...]]]:
    """Red lines grouped by party and by issue: (kind, label, red line numbers)."""
    groups = []
    for party in scenario.negotiators:
        ks = tuple(k for k, r in enumerate(red_lines) if r.party == party.name)
        if len(ks) > 1:
            groups.append((BlockerKind.PARTY_RED_LINES, f"all red lines of {party.name}", ks))
    for position, issue in enumerate(scenario.issues):
        ks = tuple(k for k, r in enumerate(red_lines) if r.mask.issue == position)
        if len(ks) > 1:
            groups.append((BlockerKind.ISSUE_RED_LINES, f"all red lines on {issue.name}", ks))
    return groups


def _blockers(
    scenario: Scenario, problem: BargainingProblem, red_lines: list[_RedLine], names: list[str]
) -> list[Blocker]:
    radices = scenario.outcome_space.radices
    masks = [r.mask for r in red_lines]

    def drop(kind: BlockerKind, label: str, dropped: Sequence[int]) -> Blocker:
        relaxed = problem.restricted(allowed_values(radices, masks, skip=dropped))
        return _blocker(scenario.outcome_space, kind, label, relaxed, names)

    found = [drop(BlockerKind.RED_LINE, r.label, (k,)) for k, r in enumerate(red_lines)]
    found += [drop(kind, label, ks) for kind, label, ks in _groups(scenario, red_lines)]
    if not any(b.opens_zone for b in found):
        pairs = list(combinations(range(len(red_lines)), 2))[:MAX_PAIRS]
        grouped = {ks for _, _, ks in _groups(scenario, red_lines)}
        for pair in pairs:
            if pair not in grouped:
                label = " + ".join(red_lines[k].label for k in pair)
                found.append(drop(BlockerKind.PAIR, label, pair))
    return found


def _blocker(
    space: OutcomeSpace, kind: BlockerKind, label: str, relaxed: BargainingProblem, names: list[str]
) -> Blocker:
    zone = relaxed.zone
    nash, utilities = zone.nash, zone.nash_utilities
    return Blocker(
        kind=kind,
        label=label,
        opens_zone=zone.exists,
        zone=_zone_size(zone),
        nash_outcome=None if nash is None else space.values(nash),
        nash_utilities=None if utilities is None else rounded(names, utilities),
    )


def rounded(names: Sequence[str], utilities: np.ndarray) -> dict[str, float]:
    """{party: utility} rounded to 12 decimals, as the engine records agreements: float noise
    goes, every digit a user could compare with the frontier stays (screens shorten them)."""
    return {n: round(float(u), 12) for n, u in zip(names, utilities, strict=True)}


def _issue_conflicts(space: OutcomeSpace, red_lines: list[_RedLine]) -> list[IssueConflict]:
    conflicts = []
    for position, issue in enumerate(space.issues):
        common = np.ones(issue.cardinality, dtype=bool)
        allowed: dict[str, np.ndarray] = {}
        for r in red_lines:
            if r.mask.issue == position:
                allowed[r.party] = allowed.get(r.party, np.ones_like(common)) & r.mask.allowed
                common &= r.mask.allowed
        if allowed and not common.any():
            values = {
                p: [issue.value(int(i)) for i in np.flatnonzero(m)] for p, m in allowed.items()
            }
            conflicts.append(IssueConflict(issue.name, values))
    return conflicts


def _zone_size(zone: Zone) -> ZoneSize:
    bounds = None if zone.count_exact else zone.bounds
    return ZoneSize(zone.count, zone.count_exact, bounds, zone.share)


def summary(report: ZopaReport) -> list[str]:
    """The ZOPA report in a few plain sentences."""
    if report.exists:
        return [
            f"A zone of possible agreement exists: {report.zone.words()} of the "
            f"{report.feasible_count:,} "
            "outcomes inside every red line give every party at least its reservation value."
        ]
    lines = []
    if not report.certain:
        lines.append(
            "No outcome found gives every party its reservation value, but the frontier is "
            "approximate (a time limit or a heuristic): a zone may still exist."
        )
    for conflict in report.issue_conflicts:
        sides = "; ".join(
            f"{p} accepts only {', '.join(map(str, v))}" for p, v in conflict.allowed.items()
        )
        lines.append(f"Red lines on '{conflict.issue}' are incompatible: {sides}.")
    if report.feasible_count == 0:
        lines.append("No outcome satisfies every red line.")
    else:
        lines.append(
            f"{count(report.feasible_count, 'outcome')} satisfy every red line, but none gives "
            "every party its reservation value."
        )
    opening = [b for b in report.blockers if b.opens_zone]
    singles = [b for b in opening if b.kind is BlockerKind.RED_LINE]
    for b in singles or opening:
        size = count(b.zone.count, "outcome") if b.zone.exact else f"{b.zone.words()} outcomes"
        lines.append(f"Dropping {b.kind} '{b.label}' alone opens a zone of {size}.")
    if not opening:
        lines.append("No single red line (or pair), dropped alone, opens a zone.")
    for party, c in report.concessions.items():
        if math.isfinite(c):
            lines.append(
                f"{party} lowering its reservation value by {shown(c)} alone would open a zone."
            )
    if math.isfinite(report.uniform_concession):
        lines.append(
            f"Every party lowering its reservation value by {shown(report.uniform_concession)} "
            "would open a zone."
        )
    return lines

"""Tests of `analyze()` on the built-in Gaza scenario (`dragoman.analysis.scenario`).

The scenario's numbers are illustrative and may be tuned, so nothing here hard-codes a zone size:
the tests assert the structural facts the scenario is built to show (the Philadelphi Corridor red
lines conflict; dropping either side's corridor red line opens a zone) and that every number in
the report agrees with a brute force over the scenario's outcomes.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pytest
from brute_force import (
    SCORES,
    best_point,
    frontier_brute_force,
    frontier_two_party_by_sorting,
    kalai_smorodinsky_brute_force,
    nash_score,
)

import dragoman
from dragoman.analysis.results import Analysis, Blocker
from dragoman.analysis.scenario import analyze
from dragoman.model.red_lines import RedLine
from dragoman.model.scenario import Scenario
from dragoman.utility.scenario import compiled

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

CORRIDOR = "philadelphi_corridor"


@dataclass(frozen=True)
class RedLineFacts:
    party: str
    red_line: RedLine
    issue: int  # position of its issue
    allowed: BoolArray  # which of the issue's values it accepts

    @property
    def label(self) -> str:
        return f"{self.party}: {self.red_line.describe()}"


class GazaFacts:
    """The scenario's outcomes, utilities and red lines, computed outcome by outcome."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.space = scenario.outcome_space
        self.names = [p.name for p in scenario.negotiators]
        self.digits = self.space.digits(np.arange(self.space.size))
        self.utilities = np.stack([u.utilities() for u in compiled(scenario).utilities])
        self.reservation = np.array([u.reservation_value for u in compiled(scenario).utilities])
        self.red_lines = [
            RedLineFacts(party.name, r, self.space.issue_position(r.issue), r.mask(issue))
            for party in scenario.negotiators
            for r in (party.preferences.red_lines if party.preferences else ())
            for issue in [self.space.issues[self.space.issue_position(r.issue)]]
        ]

    @cached_property
    def gathered_utilities(self) -> FloatArray:
        """Utilities summed from each outcome's value positions (a second code path)."""
        return np.stack(
            [u.utilities_of_digits(self.digits) for u in compiled(self.scenario).utilities]
        )

    def acceptable(self, dropped: frozenset[int] = frozenset()) -> BoolArray:
        ok = np.ones(self.space.size, dtype=bool)
        for k, line in enumerate(self.red_lines):
            if k not in dropped:
                ok &= line.allowed[self.digits[:, line.issue]]
        return ok

    def zone(self, dropped: frozenset[int] = frozenset()) -> BoolArray:
        rational: BoolArray = np.all(self.utilities >= self.reservation[:, None], axis=0)
        return self.acceptable(dropped) & rational

    def nash_in_zone(self, dropped: frozenset[int]) -> int | None:
        inside = np.flatnonzero(self.zone(dropped))
        pos = best_point(self.utilities[:, inside], self.reservation, nash_score)
        return None if pos is None else int(inside[pos])

    def dropped_by(self, blocker: Blocker) -> frozenset[int]:
        """The red lines (numbers) a blocker drops, read from its kind and label."""
        by_label = {line.label: k for k, line in enumerate(self.red_lines)}
        if blocker.kind == "red line":
            return frozenset([by_label[blocker.label]])
        if blocker.kind == "pair of red lines":
            return frozenset(by_label[part] for part in blocker.label.split(" + "))
        if blocker.kind == "party red lines":
            party = blocker.label.removeprefix("all red lines of ")
            return frozenset(k for k, line in enumerate(self.red_lines) if line.party == party)
        assert blocker.kind == "issue red lines", blocker.kind
        issue = self.space.issue_position(blocker.label.removeprefix("all red lines on "))
        return frozenset(k for k, line in enumerate(self.red_lines) if line.issue == issue)


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return dragoman.load_scenario("gaza-ceasefire-2024")


@pytest.fixture(scope="module")
def facts(scenario: Scenario) -> GazaFacts:
    return GazaFacts(scenario)


@pytest.fixture(scope="module")
def analysis(scenario: Scenario) -> Analysis:
    return analyze(scenario)


def corridor_blocker(analysis: Analysis, party: str) -> Blocker:
    found = [
        b
        for b in analysis.zopa.blockers
        if b.kind == "red line" and b.label.startswith(f"{party}:") and CORRIDOR in b.label
    ]
    assert len(found) == 1, [b.label for b in analysis.zopa.blockers]
    return found[0]


def test_brute_force_utilities_agree(facts: GazaFacts) -> None:
    np.testing.assert_allclose(facts.gathered_utilities, facts.utilities, rtol=0, atol=1e-12)


def test_sizes_and_parties(analysis: Analysis, facts: GazaFacts) -> None:
    assert analysis.parties == facts.names == ["Israel", "Hamas"]
    assert analysis.outcome_count == facts.space.size
    assert analysis.feasible_count == analysis.zopa.feasible_count == int(facts.acceptable().sum())
    assert analysis.reservation_values == dict(zip(facts.names, facts.reservation, strict=True))


def test_no_zone_of_possible_agreement(analysis: Analysis, facts: GazaFacts) -> None:
    assert not analysis.zopa.exists
    assert analysis.zopa.zone.count == 0 == int(facts.zone().sum())
    # no rational point inside every red line, so no solution there either
    assert analysis.solutions == {}


def test_corridor_red_lines_are_reported_as_an_issue_conflict(
    analysis: Analysis, facts: GazaFacts
) -> None:
    conflicts = {c.issue: c for c in analysis.zopa.issue_conflicts}
    assert CORRIDOR in conflicts
    allowed = conflicts[CORRIDOR].allowed
    assert set(allowed) == {"Israel", "Hamas"}
    assert not set(allowed["Israel"]) & set(allowed["Hamas"])
    position = facts.space.issue_position(CORRIDOR)
    issue = facts.space.issues[position]
    for line in facts.red_lines:
        if line.issue == position:
            assert allowed[line.party] == [issue.value(i) for i in np.flatnonzero(line.allowed)]
    # and exactly the issues whose red lines leave no common value are listed
    expected = []
    for position, issue in enumerate(facts.space.issues):
        lines = [line for line in facts.red_lines if line.issue == position]
        if lines and not np.logical_and.reduce([line.allowed for line in lines]).any():
            expected.append(issue.name)
    assert [c.issue for c in analysis.zopa.issue_conflicts] == expected


@pytest.mark.parametrize("party", ["Israel", "Hamas"])
def test_dropping_either_corridor_red_line_opens_a_zone(
    analysis: Analysis, facts: GazaFacts, party: str
) -> None:
    blocker = corridor_blocker(analysis, party)
    dropped = facts.dropped_by(blocker)
    assert blocker.opens_zone
    assert blocker.zone.count == int(facts.zone(dropped).sum()) > 0
    nash = facts.nash_in_zone(dropped)
    assert nash is not None
    assert blocker.nash_outcome == facts.space.values(nash)
    assert blocker.nash_utilities is not None
    for i, name in enumerate(facts.names):
        assert blocker.nash_utilities[name] == pytest.approx(facts.utilities[i, nash], abs=1e-6)


def test_every_blocker_agrees_with_brute_force(analysis: Analysis, facts: GazaFacts) -> None:
    assert analysis.zopa.blockers, "no zone, so the report must say what blocks it"
    singles = [b for b in analysis.zopa.blockers if b.kind == "red line"]
    assert sorted(b.label for b in singles) == sorted(line.label for line in facts.red_lines)
    for blocker in analysis.zopa.blockers:
        dropped = facts.dropped_by(blocker)
        size = int(facts.zone(dropped).sum())
        assert blocker.zone.count == size, blocker.label
        assert blocker.opens_zone == (size > 0)
        nash = facts.nash_in_zone(dropped)
        assert blocker.nash_outcome == (None if nash is None else facts.space.values(nash))
    # pairs are tried only when no single red line or group opens the zone
    if any(b.opens_zone for b in analysis.zopa.blockers if b.kind != "pair of red lines"):
        assert not [b for b in analysis.zopa.blockers if b.kind == "pair of red lines"]


def test_concessions_agree_with_brute_force(analysis: Analysis, facts: GazaFacts) -> None:
    feasible = facts.acceptable()
    for i, name in enumerate(facts.names):
        others = feasible.copy()
        for j in range(len(facts.names)):
            if j != i:
                others &= facts.utilities[j] >= facts.reservation[j]
        expected = (
            max(0.0, float(facts.reservation[i] - facts.utilities[i, others].max()))
            if others.any()
            else math.inf
        )
        assert analysis.zopa.concessions[name] == expected
    shortfall = facts.reservation[:, None] - facts.utilities[:, feasible]
    uniform = max(0.0, float(shortfall.max(axis=0).min())) if feasible.any() else math.inf
    assert analysis.zopa.uniform_concession == uniform


def test_summary_names_the_conflict_and_each_opening_red_line(analysis: Analysis) -> None:
    text = "\n".join(analysis.zopa.summary)
    assert CORRIDOR in text
    for party in ("Israel", "Hamas"):
        assert corridor_blocker(analysis, party).label in text


def test_a_reservation_value_out_of_reach_is_named_first_as_the_cause() -> None:
    """A party whose reservation value is above every utility it can reach accepts nothing:
    the summary says so first, naming the party and both numbers; others are not named."""
    pie = dragoman.load_scenario("pie-split")
    alice = next(p for p in pie.parties if p.name == "Alice")
    assert alice.preferences is not None
    raised = alice.preferences.model_copy(update={"reservation_value": 1.5})
    report = analyze(pie.with_preferences({"Alice": raised})).zopa
    assert not report.exists
    assert report.summary[0] == (
        "Alice's reservation value (1.5) is above the best utility Alice can reach (1): Alice "
        "accepts no outcome, so no zone can exist whatever the red lines."
    )
    assert not any(line.startswith("Bob's reservation value") for line in report.summary)
    assert not any("accepts no outcome" in line for line in analyze(pie).zopa.summary)


def test_frontier_inside_the_red_lines(analysis: Analysis, facts: GazaFacts) -> None:
    feasible = facts.acceptable()
    expected = frontier_two_party_by_sorting(facts.utilities, feasible)
    assert analysis.frontier == expected.tolist()
    assert analysis.frontier_utilities == facts.utilities[:, expected].T.tolist()


def test_reference_frontier_and_solutions_ignore_the_red_lines(
    analysis: Analysis, facts: GazaFacts
) -> None:
    u, r = facts.utilities, facts.reservation
    reference = frontier_two_party_by_sorting(u)
    assert analysis.reference_frontier_count == reference.size
    on_frontier = set(reference.tolist())
    expected: dict[str, int | None] = {
        key: best_point(u, r, SCORES[key]) for key in ("nash", "utilitarian", "egalitarian")
    }
    expected["kalai_smorodinsky"] = kalai_smorodinsky_brute_force(u, r)
    genius = best_point(u[:, reference], r, SCORES["kalai_genius"])
    expected["kalai_genius"] = None if genius is None else int(reference[genius])
    got = analysis.reference_solutions
    assert set(got) == {k for k, v in expected.items() if v is not None}
    for key, solution in got.items():
        assert solution.outcome_index in on_frontier
        assert solution.outcome_index == expected[key], key
        assert solution.outcome == facts.space.values(solution.outcome_index)
        assert solution.outcome_text == facts.space.describe(solution.outcome_index)
        for i, name in enumerate(facts.names):
            assert solution.utilities[name] == pytest.approx(u[i, solution.outcome_index], abs=1e-6)


def test_frontier_brute_force_on_a_sample_of_the_scenario(facts: GazaFacts) -> None:
    # the sorting reference used above, checked against the O(m^2) definition on 2000 outcomes
    sample = np.sort(np.random.default_rng(2024).choice(facts.space.size, 2000, replace=False))
    points = facts.utilities[:, sample]
    np.testing.assert_array_equal(
        frontier_two_party_by_sorting(points), frontier_brute_force(points)
    )


def test_to_dict_is_json_serialisable(analysis: Analysis) -> None:
    data = analysis.to_dict()
    text = json.dumps(data, allow_nan=False)
    back = json.loads(text)
    assert back == data
    assert back["zopa"]["exists"] is False
    assert back["outcome_count"] == analysis.outcome_count
    # infinities become None
    for name, value in analysis.zopa.concessions.items():
        assert back["zopa"]["concessions"][name] == (value if math.isfinite(value) else None)
    assert {c["issue"] for c in back["zopa"]["issue_conflicts"]} >= {CORRIDOR}


def test_solution_utilities_keep_the_frontier_digits() -> None:
    """A solution's utilities in the report are the frontier's to 12 places, not shortened:
    a script comparing them with `frontier_utilities` finds the same numbers."""
    report = analyze(dragoman.load_scenario("river-basin")).to_dict()
    frontier = dict(zip(report["frontier"], report["frontier_utilities"], strict=True))
    shortened = 0
    for solution in report["solutions"].values():
        point = frontier[solution["outcome_index"]]
        utilities = list(solution["utilities"].values())
        assert utilities == pytest.approx(point, abs=1e-12)
        shortened += any(round(u, 6) != u for u in utilities)
    assert shortened  # river-basin's utilities have more than 6 decimals

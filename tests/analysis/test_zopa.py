"""Tests of the zone of possible agreement: the pure functions of `dragoman.analysis.zopa` and
the zone of a bargaining problem after dropping red lines (`BargainingProblem.restricted`).

Small hand-made constraint sets where the blocking red line is known, then random small cases
(hypothesis) against brute forces that walk the outcomes one by one with itertools; utilities
are arbitrary tables (`table_problems`), not only additive ones.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pytest
from brute_force import best_point, nash_score
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from table_problems import table_problem

from dragoman.analysis.zopa import smallest_concessions, uniform_concession, zone_mask
from dragoman.utility.masks import RedLineMask as Constraint
from dragoman.utility.masks import allowed_values, product_mask

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

TIES = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True)
class Relaxation:
    """The zone after dropping some constraints (numbered): its size and Nash outcome."""

    dropped: tuple[int, ...]
    zone_size: int
    nash: int | None


def feasible_mask(
    radices: Sequence[int], constraints: Sequence[Constraint], skip: Sequence[int] = ()
) -> BoolArray:
    return product_mask(allowed_values(radices, constraints, skip))


def relax(
    utilities: FloatArray,
    reservation: FloatArray,
    radices: Sequence[int],
    constraints: Sequence[Constraint],
    dropped: tuple[int, ...],
) -> Relaxation:
    """The zone of the bargaining problem with the constraints `dropped` left out."""
    problem = table_problem(utilities, radices, reservation)
    zone = problem.restricted(allowed_values(radices, constraints, dropped)).zone
    assert zone.count_exact
    return Relaxation(dropped, zone.count, zone.nash)


def relaxations(
    utilities: FloatArray,
    reservation: FloatArray,
    radices: Sequence[int],
    constraints: Sequence[Constraint],
    groups: Sequence[tuple[int, ...]] = (),
    max_pairs: int = 200,
) -> list[Relaxation]:
    """Each constraint dropped alone, each group, then pairs if none opens (the report's order)."""
    trials: list[tuple[int, ...]] = [(k,) for k in range(len(constraints))]
    trials += [tuple(g) for g in groups if len(g) > 1]
    found = [relax(utilities, reservation, radices, constraints, t) for t in trials]
    if not any(r.zone_size for r in found):
        pairs = list(itertools.combinations(range(len(constraints)), 2))[:max_pairs]
        found += [relax(utilities, reservation, radices, constraints, p) for p in pairs]
    return found


def red_line(issue: int, allowed: Sequence[int], radix: int) -> Constraint:
    mask = np.zeros(radix, dtype=bool)
    mask[list(allowed)] = True
    return Constraint(issue, mask)


# --- brute forces ---------------------------------------------------------------------------


def outcomes_of(radices: Sequence[int]) -> list[tuple[int, ...]]:
    """Every outcome as value positions, in mixed-radix order (last issue fastest)."""
    return list(itertools.product(*(range(r) for r in radices)))


def feasible_by_walking(
    radices: Sequence[int], constraints: Sequence[Constraint], skip: Sequence[int] = ()
) -> BoolArray:
    return np.array(
        [
            all(bool(c.allowed[d[c.issue]]) for k, c in enumerate(constraints) if k not in skip)
            for d in outcomes_of(radices)
        ],
        dtype=bool,
    )


def zone_by_walking(
    utilities: FloatArray, reservation: FloatArray, feasible: BoolArray
) -> BoolArray:
    n, m = utilities.shape
    return np.array(
        [
            feasible[k] and all(utilities[i, k] >= reservation[i] for i in range(n))
            for k in range(m)
        ],
        dtype=bool,
    )


def concessions_by_walking(
    utilities: FloatArray, reservation: FloatArray, feasible: BoolArray
) -> list[float]:
    n, m = utilities.shape
    out = []
    for i in range(n):
        needed = [
            max(0.0, float(reservation[i] - utilities[i, k]))
            for k in range(m)
            if feasible[k] and all(utilities[j, k] >= reservation[j] for j in range(n) if j != i)
        ]
        out.append(min(needed) if needed else math.inf)
    return out


def uniform_by_walking(
    utilities: FloatArray, reservation: FloatArray, feasible: BoolArray
) -> float:
    n, m = utilities.shape
    needed = [
        max(0.0, max(float(reservation[j] - utilities[j, k]) for j in range(n)))
        for k in range(m)
        if feasible[k]
    ]
    return min(needed) if needed else math.inf


def relaxation_by_walking(
    utilities: FloatArray,
    reservation: FloatArray,
    radices: Sequence[int],
    constraints: Sequence[Constraint],
    dropped: tuple[int, ...],
) -> Relaxation:
    zone = zone_by_walking(
        utilities, reservation, feasible_by_walking(radices, constraints, dropped)
    )
    inside = np.flatnonzero(zone)
    nash = best_point(utilities[:, inside], reservation, nash_score)
    return Relaxation(dropped, int(inside.size), None if nash is None else int(inside[nash]))


# --- hand-made cases ------------------------------------------------------------------------


def test_feasible_mask_follows_mixed_radix_order_and_skip() -> None:
    radices = (3, 2)  # outcome (a, b) has index 2 a + b
    constraints = [red_line(0, [0, 2], 3), red_line(1, [1], 2)]
    np.testing.assert_array_equal(
        feasible_mask(radices, constraints), [False, True, False, False, False, True]
    )
    np.testing.assert_array_equal(
        feasible_mask(radices, constraints, skip=[1]), [True, True, False, False, True, True]
    )
    np.testing.assert_array_equal(feasible_mask(radices, []), np.ones(6, dtype=bool))


def test_issue_conflict_blocks_and_which_red_line_opens_the_zone() -> None:
    # Issue A (3 values), issue B (2 values). X: A in {0, 1}; Y: A in {2}; Y: B in {1}.
    # Everyone is content with everything (utility 1, reservation 0), so only red lines block.
    radices = (3, 2)
    constraints = [red_line(0, [0, 1], 3), red_line(0, [2], 3), red_line(1, [1], 2)]
    utilities = np.ones((2, 6))
    reservation = np.zeros(2)
    assert not feasible_mask(radices, constraints).any()
    got = relaxations(utilities, reservation, radices, constraints, groups=[(1, 2)])
    assert got == [
        Relaxation((0,), 1, 5),  # A in {2}, B in {1}: only (2, 1)
        Relaxation((1,), 2, 1),  # A in {0, 1}, B in {1}: (0, 1), (1, 1); ties: lower index
        Relaxation((2,), 0, None),  # the A conflict remains
        Relaxation((1, 2), 4, 0),  # all of Y's red lines: A in {0, 1}, any B
    ]  # a single drop opens the zone, so no pairs are tried


def test_reservation_values_make_a_harmless_looking_red_line_block() -> None:
    # A and B have 2 values each; outcome (a, b) has index 2 a + b.
    # X: 0.7 for a = 0, 0.3 for b = 0. Y: 0.3 for a = 1, 0.7 for b = 1. Both need 0.7.
    # X's red line b in {0} leaves (0, 0) -> (1, 0) and (1, 0) -> (0.3, 0.3): no zone.
    # Y's red line a in {0, 1} changes nothing. Dropping X's opens the zone at (0, 1).
    radices = (2, 2)
    a, b = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
    utilities = np.stack([0.7 * (a == 0) + 0.3 * (b == 0), 0.3 * (a == 1) + 0.7 * (b == 1)])
    reservation = np.array([0.7, 0.7])
    constraints = [red_line(1, [0], 2), red_line(0, [0, 1], 2)]
    feasible = feasible_mask(radices, constraints)
    assert not zone_mask(utilities, reservation, feasible).any()
    assert relaxations(utilities, reservation, radices, constraints) == [
        Relaxation((0,), 1, 1),
        Relaxation((1,), 0, None),
    ]
    # X alone cannot help: Y never gets 0.7 with b = 0. Y alone must accept 0 at (0, 0).
    concessions = smallest_concessions(utilities, reservation, feasible)
    assert concessions[0] == math.inf
    assert concessions[1] == pytest.approx(0.7)
    # both lowering by 0.4 admit (1, 0), where each gets 0.3
    assert uniform_concession(utilities, reservation, feasible) == pytest.approx(0.4)


def test_pairs_are_tried_when_no_single_red_line_opens_the_zone() -> None:
    # Three parties each insist on a different value of A (3 values); B (2 values) is free.
    radices = (3, 2)
    constraints = [red_line(0, [0], 3), red_line(0, [1], 3), red_line(0, [2], 3)]
    utilities = np.ones((3, 6))
    reservation = np.zeros(3)
    got = relaxations(utilities, reservation, radices, constraints)
    assert [r.dropped for r in got] == [(0,), (1,), (2,), (0, 1), (0, 2), (1, 2)]
    assert [r.zone_size for r in got] == [0, 0, 0, 2, 2, 2]
    # dropping (0, 1) leaves A = 2: outcomes 4 and 5, all ties, so the lower index
    assert [r.nash for r in got[3:]] == [4, 2, 0]
    limited = relaxations(utilities, reservation, radices, constraints, max_pairs=2)
    assert [r.dropped for r in limited] == [(0,), (1,), (2,), (0, 1), (0, 2)]


def test_no_zone_without_any_red_line_tries_every_pair_and_finds_nothing() -> None:
    # Price with 3 values; X wants it low, Y high; each needs 0.6: no outcome suits both.
    radices = (3,)
    utilities = np.array([[1.0, 0.5, 0.0], [0.0, 0.5, 1.0]])
    reservation = np.array([0.6, 0.6])
    constraints = [red_line(0, [0, 1, 2], 3), red_line(0, [0, 1, 2], 3)]
    got = relaxations(utilities, reservation, radices, constraints)
    assert [r.dropped for r in got] == [(0,), (1,), (0, 1)]
    assert all(r.zone_size == 0 and r.nash is None for r in got)
    feasible = feasible_mask(radices, constraints)
    # alone, X must accept Y's only acceptable outcome (price 2), where X gets 0: 0.6 (and
    # symmetrically for Y); together, both lowering by 0.1 admit the middle price
    np.testing.assert_allclose(smallest_concessions(utilities, reservation, feasible), [0.6, 0.6])
    assert uniform_concession(utilities, reservation, feasible) == pytest.approx(0.1)


def test_concessions_are_zero_with_a_zone_and_inf_without_feasible_outcomes() -> None:
    utilities = np.array([[0.8, 0.2], [0.3, 0.9]])
    reservation = np.array([0.5, 0.2])
    everything = np.ones(2, dtype=bool)
    np.testing.assert_array_equal(smallest_concessions(utilities, reservation, everything), [0, 0])
    assert uniform_concession(utilities, reservation, everything) == 0.0
    nothing = np.zeros(2, dtype=bool)
    assert np.isinf(smallest_concessions(utilities, reservation, nothing)).all()
    assert uniform_concession(utilities, reservation, nothing) == math.inf


# --- random small cases against the brute forces ------------------------------------------


@st.composite
def zopa_cases(
    draw: st.DrawFn,
) -> tuple[FloatArray, FloatArray, tuple[int, ...], list[Constraint], list[tuple[int, ...]]]:
    radices = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    size = math.prod(radices)
    n = draw(st.integers(1, 3))
    values = st.one_of(st.sampled_from(TIES), st.floats(0.0, 1.0))
    utilities = draw(arrays(np.float64, (n, size), elements=values))
    reservation = draw(arrays(np.float64, (n,), elements=values))
    constraints = []
    for _ in range(draw(st.integers(0, 4))):
        issue = draw(st.integers(0, len(radices) - 1))
        allowed = draw(arrays(np.bool_, (radices[issue],)))
        constraints.append(Constraint(issue, allowed))
    groups = draw(
        st.lists(
            st.lists(st.integers(0, max(0, len(constraints) - 1)), unique=True, max_size=3).map(
                lambda g: tuple(sorted(g))
            ),
            max_size=2,
        )
        if constraints
        else st.just([])
    )
    return utilities, reservation, radices, constraints, groups


@settings(max_examples=150, deadline=None)
@given(zopa_cases())
def test_feasible_and_zone_masks_match_walking_the_outcomes(
    case: tuple[FloatArray, FloatArray, tuple[int, ...], list[Constraint], list[tuple[int, ...]]],
) -> None:
    utilities, reservation, radices, constraints, _ = case
    feasible = feasible_mask(radices, constraints)
    np.testing.assert_array_equal(feasible, feasible_by_walking(radices, constraints))
    np.testing.assert_array_equal(
        zone_mask(utilities, reservation, feasible),
        zone_by_walking(utilities, reservation, feasible),
    )


@settings(max_examples=150, deadline=None)
@given(zopa_cases())
def test_concessions_match_brute_force_and_open_the_zone(
    case: tuple[FloatArray, FloatArray, tuple[int, ...], list[Constraint], list[tuple[int, ...]]],
) -> None:
    utilities, reservation, radices, constraints, _ = case
    feasible = feasible_by_walking(radices, constraints)
    singles = smallest_concessions(utilities, reservation, feasible)
    assert singles.tolist() == concessions_by_walking(utilities, reservation, feasible)
    uniform = uniform_concession(utilities, reservation, feasible)
    assert uniform == uniform_by_walking(utilities, reservation, feasible)
    # meaning: lowering by the concession (plus rounding slack) opens a zone, by less does not
    for i, c in enumerate(singles):
        if np.isfinite(c):
            lowered = reservation.copy()
            lowered[i] -= c + 1e-9
            assert zone_by_walking(utilities, lowered, feasible).any()
            if c > 1e-9:
                lowered[i] = reservation[i] - (c - 1e-9)
                assert not zone_by_walking(utilities, lowered, feasible).any()
    if np.isfinite(uniform):
        assert zone_by_walking(utilities, reservation - uniform - 1e-9, feasible).any()
        if uniform > 1e-9:
            assert not zone_by_walking(utilities, reservation - uniform + 1e-9, feasible).any()


@settings(max_examples=150, deadline=None)
@given(zopa_cases(), st.integers(0, 6))
def test_relaxations_match_brute_force(
    case: tuple[FloatArray, FloatArray, tuple[int, ...], list[Constraint], list[tuple[int, ...]]],
    max_pairs: int,
) -> None:
    utilities, reservation, radices, constraints, groups = case
    got = relaxations(utilities, reservation, radices, constraints, groups, max_pairs=max_pairs)
    trials = [(k,) for k in range(len(constraints))] + [g for g in groups if len(g) > 1]
    expected = [
        relaxation_by_walking(utilities, reservation, radices, constraints, t) for t in trials
    ]
    if not any(r.zone_size for r in expected):
        pairs = list(itertools.combinations(range(len(constraints)), 2))[:max_pairs]
        expected += [
            relaxation_by_walking(utilities, reservation, radices, constraints, p) for p in pairs
        ]
    assert got == expected

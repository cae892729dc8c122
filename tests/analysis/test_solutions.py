"""Tests of the bargaining solutions (`dragoman.analysis.solutions`).

Properties: each solution computed on all points is individually rational and lies on the Pareto
frontier (GENIUS's Kalai variant: computed on frontier points, as its docstring asks), and equals a
Python-loop brute force with the documented tie rules (best score, then larger sum, then lower
position). Textbook cases with known answers, sources in comments.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pytest
from brute_force import (
    SCORES,
    best_point,
    dominated_mask,
    frontier_brute_force,
    kalai_smorodinsky_brute_force,
)
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dragoman.analysis.solutions import (
    egalitarian_point,
    individually_rational,
    kalai_smorodinsky_point,
    nash_point,
    utilitarian_point,
)

FloatArray = npt.NDArray[np.float64]
Rule = Callable[[npt.ArrayLike, npt.ArrayLike], int | None]

TIES = (0.0, 0.25, 0.5, 0.75, 1.0)

RULES: dict[str, Rule] = {
    "nash": nash_point,
    "kalai_smorodinsky": kalai_smorodinsky_point,
    "utilitarian": utilitarian_point,
    "egalitarian": egalitarian_point,
}


def genius_kalai(u: npt.ArrayLike, r: npt.ArrayLike) -> int | None:
    return kalai_smorodinsky_point(u, r, variant="genius")


@st.composite
def bargaining_sets(draw: st.DrawFn, min_parties: int = 1) -> tuple[FloatArray, FloatArray]:
    """(parties, points) utilities in [0, 1] and reservation values, often with ties."""
    n = draw(st.integers(min_parties, 4))
    m = draw(st.integers(0, 120))
    values = draw(
        st.sampled_from(
            [
                st.sampled_from(TIES),
                st.floats(0.0, 1.0),
                st.one_of(st.sampled_from(TIES), st.floats(0.0, 1.0)),
            ]
        )
    )
    utilities = draw(arrays(np.float64, (n, m), elements=values))
    reservation = draw(
        arrays(
            np.float64,
            (n,),
            elements=st.one_of(st.sampled_from((0.0, 0.25, 0.5)), st.floats(0, 0.6)),
        )
    )
    return utilities, reservation


def on_frontier_and_rational(
    utilities: FloatArray, reservation: FloatArray, pos: int, exact: bool = True
) -> None:
    # exact: dominated by no point even by one bit (a solution asked of any set of points);
    # else on the frontier as the analysis counts it (GENIUS's Kalai, asked of its points)
    if exact:
        assert not dominated_mask(utilities, utilities[:, [pos]]).any()
    else:
        assert pos in set(frontier_brute_force(utilities).tolist())
    assert individually_rational(utilities, reservation)[pos]


@pytest.mark.parametrize("key", sorted(RULES))
@settings(max_examples=150, deadline=None)
@given(case=bargaining_sets())
@example(case=(np.array([[1.0 - 2.0**-53, 1.0]]), np.array([0.3])))  # fails: see ULP_CASE below
def test_solution_is_rational_and_on_the_frontier(
    key: str, case: tuple[FloatArray, FloatArray]
) -> None:
    utilities, reservation = case
    pos = RULES[key](utilities, reservation)
    if pos is None:
        assert not individually_rational(utilities, reservation).any()
    else:
        on_frontier_and_rational(utilities, reservation, pos)


@settings(max_examples=150, deadline=None)
@given(case=bargaining_sets(min_parties=2))
def test_genius_kalai_on_frontier_points_is_rational(case: tuple[FloatArray, FloatArray]) -> None:
    utilities, reservation = case
    frontier = frontier_brute_force(utilities)
    pos = genius_kalai(utilities[:, frontier], reservation)
    if pos is None:
        assert not individually_rational(utilities[:, frontier], reservation).any()
    else:
        on_frontier_and_rational(utilities, reservation, int(frontier[pos]), exact=False)


@pytest.mark.parametrize("key", ["nash", "utilitarian", "egalitarian"])
@settings(max_examples=150, deadline=None)
@given(case=bargaining_sets())
def test_solution_equals_brute_force(key: str, case: tuple[FloatArray, FloatArray]) -> None:
    utilities, reservation = case
    expected = best_point(utilities, reservation, SCORES[key])
    assert RULES[key](utilities, reservation) == expected


@settings(max_examples=150, deadline=None)
@given(case=bargaining_sets())
def test_kalai_smorodinsky_equals_brute_force(case: tuple[FloatArray, FloatArray]) -> None:
    utilities, reservation = case
    expected = kalai_smorodinsky_brute_force(utilities, reservation)
    assert kalai_smorodinsky_point(utilities, reservation) == expected


@settings(max_examples=150, deadline=None)
@given(case=bargaining_sets(min_parties=2))
def test_genius_kalai_equals_brute_force(case: tuple[FloatArray, FloatArray]) -> None:
    utilities, reservation = case
    expected = best_point(utilities, reservation, SCORES["kalai_genius"])
    assert genius_kalai(utilities, reservation) == expected


@settings(max_examples=100, deadline=None)
@given(case=bargaining_sets())
def test_nash_on_frontier_equals_nash_on_all_points(case: tuple[FloatArray, FloatArray]) -> None:
    # GENIUS takes the argmax over the frontier only; both must pick the same point
    utilities, reservation = case
    frontier = frontier_brute_force(utilities)
    on_all = nash_point(utilities, reservation)
    on_frontier = nash_point(utilities[:, frontier], reservation)
    assert on_all == (None if on_frontier is None else int(frontier[on_frontier]))


# --- textbook cases -------------------------------------------------------------------------


def pie(points: int = 101) -> FloatArray:
    """Splitting a pie: party 1 gets x, party 2 gets 1 - x, x on a grid over [0, 1]."""
    x = np.linspace(0.0, 1.0, points)
    return np.stack([x, 1.0 - x])


def test_nash_splits_the_pie_equally() -> None:
    # Nash (1950), "The Bargaining Problem", Econometrica 18(2): with frontier u1 + u2 = 1 and
    # disagreement point (0, 0), max u1 * u2 gives u1 = u2 = 1/2.
    x = pie()[0]
    assert x[nash_point(pie(), [0.0, 0.0])] == pytest.approx(0.5)
    assert nash_point(pie(), [0.0, 0.0]) == 50


def test_nash_with_a_disagreement_point() -> None:
    # Nash (1950): max (u1 - d1)(u2 - d2) on u1 + u2 = 1 gives u1 = (1 + d1 - d2) / 2;
    # with d = (0.2, 0): u1 = 0.6.
    pos = nash_point(pie(), [0.2, 0.0])
    assert pos == 60
    assert pie()[0][pos] == pytest.approx(0.6)


def test_kalai_smorodinsky_on_a_concave_frontier() -> None:
    # Kalai & Smorodinsky (1975), "Other solutions to Nash's bargaining problem", Econometrica
    # 43(3): the point of the frontier on the segment from d = (0, 0) to the ideal point (1, 1).
    # On u2 = 1 - u1^2 that is u1 = u2 = 1 - u1^2, i.e. u1 = (sqrt(5) - 1) / 2.
    u1 = np.linspace(0.0, 1.0, 10_001)
    utilities = np.stack([u1, 1.0 - u1**2])
    step = u1[1] - u1[0]
    golden = (math.sqrt(5) - 1) / 2
    pos = kalai_smorodinsky_point(utilities, [0.0, 0.0])
    assert pos is not None
    assert abs(utilities[0, pos] - golden) <= step
    assert abs(utilities[1, pos] - golden) <= 2 * step  # |du2/du1| = 2 u1 < 2 there
    # best utilities are 1 and d = 0: GENIUS's equal-utility variant finds the same point
    assert genius_kalai(utilities, [0.0, 0.0]) == pos
    # and Nash differs: max u1 (1 - u1^2) at u1 = 1/sqrt(3) (first-order condition)
    nash = nash_point(utilities, [0.0, 0.0])
    assert nash is not None
    assert abs(utilities[0, nash] - 1 / math.sqrt(3)) <= step


def test_genius_and_textbook_kalai_differ_when_best_utilities_are_not_one() -> None:
    # Frontier u1 = x / 2, u2 = 1 - x: party 1's best utility is 1/2.
    # Textbook (Kalai & Smorodinsky 1975): u1 / (1/2) = u2 / 1  ->  x = 1/2, (u1, u2) = (1/4, 1/2).
    # GENIUS (equal utilities, FORMATS.md): u1 = u2  ->  x = 2/3, (u1, u2) = (1/3, 1/3).
    x = np.arange(301) / 300
    utilities = np.stack([x / 2, 1.0 - x])
    textbook = kalai_smorodinsky_point(utilities, [0.0, 0.0])
    genius = genius_kalai(utilities, [0.0, 0.0])
    assert textbook == 150
    assert utilities[:, 150] == pytest.approx([0.25, 0.5])
    assert genius == 200
    assert utilities[:, 200] == pytest.approx([1 / 3, 1 / 3])


def test_textbook_kalai_measures_gains_from_the_disagreement_point() -> None:
    # Pie with d = (0.2, 0): ideal gains are (0.8, 0.8) (party 2's best rational utility is
    # 1 - 0.2), so equal relative gains give x - 0.2 = 1 - x, x = 0.6; GENIUS's variant ignores
    # d and picks x = 0.5 (rational since 0.5 >= 0.2).
    assert kalai_smorodinsky_point(pie(), [0.2, 0.0]) == 60
    assert genius_kalai(pie(), [0.2, 0.0]) == 50


def test_egalitarian_and_utilitarian_textbook_values() -> None:
    # Points (1, 0), (0.6, 0.6), (0.3, 0.9): the utilitarian point maximises the sum (1.2, twice:
    # ties go to the larger sum, equal here, then the lower position); egalitarian max-min is
    # (0.6, 0.6).
    utilities = np.array([[1.0, 0.6, 0.3], [0.0, 0.6, 0.9]])
    assert utilitarian_point(utilities, [0.0, 0.0]) == 1
    assert egalitarian_point(utilities, [0.0, 0.0]) == 1
    assert egalitarian_point(utilities, [0.0, 0.35]) == 2  # gains (0.6, 0.25) vs (0.3, 0.55)


def test_ties_go_to_the_larger_sum_then_the_lower_position() -> None:
    # Nash products all 0.25: (0.5, 0.5) has sum 1, (1, 0.25) and (0.25, 1) sum 1.25;
    # the larger sum wins, then the lower position of the two.
    utilities = np.array([[0.5, 1.0, 0.25], [0.5, 0.25, 1.0]])
    assert nash_point(utilities, [0.0, 0.0]) == 1


@pytest.mark.parametrize("rule", [*RULES.values(), genius_kalai])
def test_none_when_no_point_is_individually_rational(rule: Rule) -> None:
    utilities = np.array([[0.1, 0.9, 0.5], [0.9, 0.1, 0.4]])
    assert rule(utilities, [0.6, 0.6]) is None
    assert rule(np.zeros((2, 0)), [0.0, 0.0]) is None


@pytest.mark.parametrize("rule", [*RULES.values(), genius_kalai])
def test_mismatched_reservation_raises_value_error(rule: Rule) -> None:
    with pytest.raises(ValueError):
        rule(np.zeros((2, 3)), [0.0, 0.0, 0.0])
    with pytest.raises(ValueError):
        rule(np.zeros(3), [0.0])


def test_reservation_value_exactly_met_is_rational() -> None:
    utilities = np.array([[0.4, 0.7], [0.6, 0.2]])
    np.testing.assert_array_equal(individually_rational(utilities, [0.4, 0.2]), [True, True])
    # gains (0, 0.4) and (0.3, 0): both products are 0; the larger sum of gains (0.4) wins
    assert nash_point(utilities, [0.4, 0.2]) == 0


def test_genius_kalai_with_one_party() -> None:
    # BUG (reported): with a single party the summed pairwise differences is the Python int 0,
    # a 0-d array after np.asarray, and `_best` fails indexing it (IndexError). Every other
    # rule handles one party; so should this one (every rational point ties: the best utility).
    utilities = np.array([[0.2, 0.9, 0.5]])
    assert genius_kalai(utilities, [0.0]) == 1


# Point 1 dominates point 0 by one ulp on party 0's utility, but the gains round equal:
# (1 - 2^-53) - 0.3 == 1.0 - 0.3 == 0.7 in float64. Found by hypothesis in the property test.
ULP_CASE = (np.array([[1.0 - 2.0**-53, 1.0], [0.5, 0.5]]), np.array([0.3, 0.0]))


@pytest.mark.parametrize("key", sorted(RULES))
def test_solution_is_undominated_when_gains_round_equal(key: str) -> None:
    # BUG (reported): the module docstring promises every solution lies on the frontier, but the
    # score and the tie-break (sum of gains) are computed from rounded gains, so the two points
    # tie on both and the lower position wins: the dominated point 0. (For utilitarian_point
    # the utility sums round equal too: (1 - 2^-53) + 0.5 == 1.5.)
    utilities, reservation = ULP_CASE
    pos = RULES[key](utilities, reservation)
    assert pos == 1, f"{key} chose the dominated point {pos}"


def test_utilitarian_is_undominated_when_sums_round_equal() -> None:
    # BUG (reported): the same with utility sums: (2^-60, 1) dominates (0, 1), yet both sum to
    # 1.0 in float64, so utilitarian_point returns the dominated point 0.
    utilities = np.array([[0.0, 2.0**-60], [1.0, 1.0]])
    assert utilitarian_point(utilities, [0.0, 0.0]) == 1

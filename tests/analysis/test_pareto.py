"""Tests of the exact Pareto frontier (`dragoman.analysis.pareto`).

Property tests compare `pareto_frontier` with the definition (non-dominated among the feasible
points, every other feasible point dominated by a frontier point) and with an O(m^2) brute force
(`tests/brute_force.py`), on random utility matrices, with many ties, with and without a feasible
mask, below and above the 64 points at which the pre-filter starts, and above the skyline's block
of ~1400 points.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from brute_force import dominated_mask, frontier_brute_force, frontier_two_party_by_sorting, tied
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dragoman.analysis.pareto import dominated_by, is_dominated, pareto_frontier

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: A small set of values: most points tie with others on some party, many on all.
TIES = (0.0, 0.25, 0.5, 0.75, 1.0)

ELEMENTS = {
    "ties": st.sampled_from(TIES),
    "unit": st.floats(0.0, 1.0),
    "mixed": st.one_of(st.sampled_from(TIES), st.floats(0.0, 1.0)),
    "wide": st.floats(-1e300, 1e300, allow_nan=False, allow_infinity=False),
    # infinities, -0.0, subnormals and values whose sums overflow
    "extreme": st.one_of(
        st.sampled_from((-np.inf, np.inf, -0.0, 5e-324, 1.7e308, -1.7e308)),
        st.floats(allow_nan=False),
    ),
}


@st.composite
def utility_sets(
    draw: st.DrawFn, min_points: int = 0, max_points: int = 300
) -> tuple[FloatArray, BoolArray | None]:
    """A (parties, points) utility matrix and, sometimes, a feasible mask over its points."""
    n = draw(st.integers(1, 4))
    m = draw(st.integers(min_points, max_points))
    elements = ELEMENTS[draw(st.sampled_from(sorted(ELEMENTS)))]
    utilities = draw(arrays(np.float64, (n, m), elements=elements))
    feasible = draw(st.none() | arrays(np.bool_, (m,)))
    return utilities, feasible


def assert_is_frontier(utilities: FloatArray, feasible: BoolArray | None, got: np.ndarray) -> None:
    """The definition: frontier points undominated among feasible ones, the others dominated."""
    m = utilities.shape[1]
    feasible_idx = np.arange(m) if feasible is None else np.flatnonzero(feasible)
    assert got.ndim == 1
    assert np.issubdtype(got.dtype, np.integer)
    assert np.all(np.diff(got) > 0), "indices must be ascending and distinct"
    assert np.isin(got, feasible_idx).all(), "a frontier point outside the feasible set"
    keys = np.zeros_like(utilities)  # utilities as dominance compares them
    keys[:, feasible_idx] = tied(utilities[:, feasible_idx])
    # (a) no feasible point dominates a frontier point
    assert not dominated_mask(keys[:, feasible_idx], keys[:, got]).any()
    # (b) every other feasible point is dominated by some frontier point
    others = np.setdiff1d(feasible_idx, got)
    assert dominated_mask(keys[:, got], keys[:, others]).all()


@settings(max_examples=300, deadline=None)
@given(utility_sets())
def test_frontier_is_non_dominated_and_dominates_the_rest(
    case: tuple[FloatArray, BoolArray | None],
) -> None:
    utilities, feasible = case
    assert_is_frontier(utilities, feasible, pareto_frontier(utilities, feasible))


@settings(max_examples=300, deadline=None)
@given(utility_sets())
def test_frontier_equals_brute_force(case: tuple[FloatArray, BoolArray | None]) -> None:
    utilities, feasible = case
    expected = frontier_brute_force(utilities, feasible)
    np.testing.assert_array_equal(pareto_frontier(utilities, feasible), expected)


def generated_points(kind: str, n: int, m: int, rng: np.random.Generator) -> FloatArray:
    """Point clouds with small and large frontiers, with and without ties."""
    if kind == "uniform":
        return rng.random((n, m))
    if kind == "ties":
        return rng.choice(np.array(TIES), size=(n, m))
    simplex = rng.dirichlet(np.ones(n), size=m).T  # anti-correlated: most points undominated
    if kind == "simplex":
        return simplex
    if kind == "simplex-rounded":  # many exact ties and duplicates on a large frontier
        return np.round(simplex * 8) / 8
    # "simplex-shell": a large frontier plus dominated copies pushed inwards
    inner = simplex * rng.uniform(0.5, 1.0, size=(1, m))
    return np.concatenate([simplex[:, : m // 2], inner[:, m // 2 :]], axis=1)


@settings(max_examples=80, deadline=None)
@given(
    n=st.integers(1, 4),
    m=st.integers(64, 2000),
    kind=st.sampled_from(["uniform", "ties", "simplex", "simplex-rounded", "simplex-shell"]),
    feasible_share=st.sampled_from([None, 0.3, 0.9]),
    seed=st.integers(0, 2**32 - 1),
)
def test_frontier_equals_brute_force_above_prefilter_threshold(
    n: int, m: int, kind: str, feasible_share: float | None, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    utilities = generated_points(kind, n, m, rng)
    feasible = None if feasible_share is None else rng.random(m) < feasible_share
    got = pareto_frontier(utilities, feasible)
    np.testing.assert_array_equal(got, frontier_brute_force(utilities, feasible))


@settings(max_examples=100, deadline=None)
@given(utility_sets(min_points=64, max_points=400))
def test_frontier_from_arrays_above_prefilter_threshold(
    case: tuple[FloatArray, BoolArray | None],
) -> None:
    utilities, feasible = case
    expected = frontier_brute_force(utilities, feasible)
    np.testing.assert_array_equal(pareto_frontier(utilities, feasible), expected)


# --- deterministic cases ------------------------------------------------------------------------


def test_large_frontier_across_skyline_blocks() -> None:
    # 3000 points on the simplex: every point is on the frontier, spread over several blocks
    rng = np.random.default_rng(20240815)
    utilities = rng.dirichlet(np.ones(3), size=3000).T
    got = pareto_frontier(utilities)
    np.testing.assert_array_equal(got, frontier_brute_force(utilities))
    assert got.size > 2900


def test_two_parties_against_sorting_reference_on_many_points() -> None:
    rng = np.random.default_rng(7)
    u0 = rng.integers(0, 50, size=20_000) / 49
    utilities = np.stack([u0, np.round(1 - u0**2 + rng.normal(0, 0.05, u0.size), 2)])
    got = pareto_frontier(utilities)
    np.testing.assert_array_equal(got, frontier_two_party_by_sorting(utilities))


def test_more_than_64_points_with_a_known_frontier() -> None:
    # 100 points on the line u2 = 1 - u1 (all Pareto optimal), 100 strictly inside it
    t = np.linspace(0.0, 1.0, 100)
    line = np.stack([t, 1.0 - t])
    inside = line * 0.9
    utilities = np.concatenate([inside, line], axis=1)
    np.testing.assert_array_equal(pareto_frontier(utilities), np.arange(100, 200))


@pytest.mark.parametrize("n", [1, 2, 3, 4])
@pytest.mark.parametrize("m", [5, 100])
def test_duplicates_are_kept(n: int, m: int) -> None:
    # every point is the same vector: all are on the frontier
    utilities = np.full((n, m), 0.5)
    np.testing.assert_array_equal(pareto_frontier(utilities), np.arange(m))


def test_duplicates_of_best_point_kept_and_dominated_duplicates_dropped() -> None:
    utilities = np.array(
        [
            [1.0, 1.0, 0.0, 0.5, 0.5, 0.0],
            [0.0, 0.0, 1.0, 0.5, 0.5, 0.9],
        ]
    )
    # (1,0) twice, (0,1), (.5,.5) twice: frontier; (0,.9) dominated by (0,1)
    np.testing.assert_array_equal(pareto_frontier(utilities), [0, 1, 2, 3, 4])
    many = np.tile(utilities, 20)  # 120 points: through the pre-filter
    expected = np.flatnonzero(np.tile([True, True, True, True, True, False], 20))
    np.testing.assert_array_equal(pareto_frontier(many), expected)


def test_single_party_frontier_is_every_maximiser() -> None:
    utilities = np.array([[0.2, 0.9, 0.1, 0.9, 0.5]])
    np.testing.assert_array_equal(pareto_frontier(utilities), [1, 3])


@pytest.mark.parametrize("m", [0, 10, 100])
def test_empty_feasible_mask_gives_empty_result(m: int) -> None:
    utilities = np.random.default_rng(m).random((2, m))
    got = pareto_frontier(utilities, np.zeros(m, dtype=bool))
    assert got.shape == (0,)
    assert np.issubdtype(got.dtype, np.integer)


def test_no_points_gives_empty_result() -> None:
    assert pareto_frontier(np.zeros((3, 0))).shape == (0,)


def test_feasible_mask_restricts_the_comparison() -> None:
    # point 1 dominates point 0, but it is infeasible: point 0 is then on the frontier
    utilities = np.array([[0.5, 0.9, 0.1], [0.5, 0.9, 0.6]])
    np.testing.assert_array_equal(pareto_frontier(utilities), [1])
    np.testing.assert_array_equal(pareto_frontier(utilities, [True, False, True]), [0, 2])


@pytest.mark.parametrize("shape", [(5,), (2, 3, 4), ()])
def test_wrong_utility_shape_raises_value_error(shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError):
        pareto_frontier(np.zeros(shape))


@pytest.mark.parametrize("length", [3, 12])
def test_feasible_mask_of_wrong_length_raises_value_error(length: int) -> None:
    # BUG (reported): the mask's length is not checked. A shorter mask silently drops the
    # outcomes past its end; a longer one raises IndexError from deep inside.
    utilities = np.random.default_rng(0).random((2, 10))
    with pytest.raises(ValueError):
        pareto_frontier(utilities, np.ones(length, dtype=bool))


# --- the public dominance helpers ---------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda n: st.tuples(
            arrays(
                np.float64, st.tuples(st.just(n), st.integers(0, 40)), elements=ELEMENTS["mixed"]
            ),
            arrays(
                np.float64, st.tuples(st.just(n), st.integers(0, 40)), elements=ELEMENTS["mixed"]
            ),
        )
    )
)
def test_dominated_by_and_is_dominated_match_the_definition(
    pair: tuple[FloatArray, FloatArray],
) -> None:
    dominators, points = pair
    expected = dominated_mask(dominators, points)
    np.testing.assert_array_equal(dominated_by(dominators, points), expected)
    for k in range(points.shape[1]):
        assert is_dominated(points[:, k], dominators) == expected[k]


def test_nan_utilities_are_refused() -> None:
    with pytest.raises(ValueError, match="NaN"):
        pareto_frontier(np.array([[0.1, np.nan], [0.2, 0.3]]))


@pytest.mark.parametrize("parties", [2, 3])
def test_sums_equal_in_exact_arithmetic_are_ties(parties: int) -> None:
    # 0.1 + 0.2 is 0.30000000000000004 in floats: one bit above 0.3, which kept an outcome
    # that 0.3 and a better second utility dominate on the frontier
    summed = 0.1 + 0.2
    assert summed > 0.3
    rows = [[summed, 0.3], [0.4, 0.5], [0.7, 0.7]][:parties]
    assert pareto_frontier(np.array(rows)).tolist() == [1]
    far = np.array(rows) * 1e6  # at 1,000 and more, where floats hold no 12 decimals, exact
    assert pareto_frontier(far).tolist() == [0, 1]
    apart = np.array([[0.3 + 1e-9, 0.3], [0.4, 0.5]])  # a real difference stays one
    assert pareto_frontier(apart).tolist() == [0, 1]

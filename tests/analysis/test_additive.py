"""The issue-by-issue fold (`dragoman.analysis.additive`) against brute force: on random
additive problems its frontier is exactly the frontier of every sum, and each point's choice
sums to that point."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from brute_force import frontier_brute_force
from hypothesis import given, settings
from hypothesis import strategies as st

from dragoman.analysis import additive
from dragoman.analysis.additive import FoldTooLargeError, distinct_frontier, fold


@st.composite
def additive_problems(draw: st.DrawFn) -> tuple[np.ndarray, list[np.ndarray]]:
    parties = draw(st.integers(1, 3))
    count = draw(st.integers(1, 4))
    grid = st.sampled_from([0.0, 0.125, 0.25, 0.5, 0.75, 1.0])  # ties on purpose
    values = st.one_of(grid, st.floats(0, 1))
    factors = []
    for _ in range(count):
        v = draw(st.integers(1, 4))
        factors.append(np.array([[draw(values) for _ in range(v)] for _ in range(parties)]))
    constant = np.array([draw(values) for _ in range(parties)])
    return constant, factors


def add_up(constant: np.ndarray, factors: list[np.ndarray], choice: tuple[int, ...]) -> np.ndarray:
    """constant + factor contributions, added in factor order (as the fold and the utilities
    add them: equal sums then round alike)."""
    total = constant.copy()
    for f, c in zip(factors, choice, strict=True):
        total = total + f[:, c]
    return total


def every_sum(constant: np.ndarray, factors: list[np.ndarray]) -> np.ndarray:
    choices = itertools.product(*(range(f.shape[1]) for f in factors))
    return np.array([add_up(constant, factors, ch) for ch in choices]).T


@settings(max_examples=200, deadline=None)
@given(additive_problems())
def test_the_fold_is_the_frontier_of_every_sum(
    problem: tuple[np.ndarray, list[np.ndarray]],
) -> None:
    constant, factors = problem
    folded = fold(constant, factors)
    sums = every_sum(constant, factors)
    expected = sums[:, frontier_brute_force(sums)]
    # the same points, to rounding (the fold adds in another order)
    close = np.all(np.abs(folded.points[:, :, None] - expected[:, None, :]) <= 1e-9, axis=0)
    assert close.any(axis=0).all() and close.any(axis=1).all()
    assert folded.points.shape[1] <= expected.shape[1]  # at most one per point
    for k in range(folded.points.shape[1]):  # each point is reached by its choice
        chosen = add_up(constant, factors, tuple(folded.choices[k]))
        np.testing.assert_allclose(chosen, folded.points[:, k], atol=1e-12)


def test_distinct_frontier_keeps_one_of_each_tied_point() -> None:
    points = np.array([[1.0, 1.0, 0.0, 2.0], [1.0, 1.0, 3.0, 0.0]])
    assert distinct_frontier(points).tolist() == [0, 2, 3]


def test_a_fold_that_grows_too_large_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(additive, "MAX_FOLD_CANDIDATES", 10)
    factors = [np.array([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0]])] * 4
    with pytest.raises(FoldTooLargeError, match="frontier grew"):
        fold(np.zeros(2), factors)

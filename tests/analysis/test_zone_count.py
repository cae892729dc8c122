"""Counting the zone of additive utilities without enumeration (`dragoman.analysis.zone_count`)
against brute force, for two parties (the merge-sort tree) and three (blocked comparison).
Values are binary fractions so that sums are exact in any order (elsewhere, outcomes within
rounding of a threshold are reported as bounds: `BargainingProblem.zone`)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dragoman.analysis import zone_count
from dragoman.analysis.zone_count import count_additive_zone


@st.composite
def counting_problems(draw: st.DrawFn) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    parties = draw(st.integers(2, 3))
    # binary fractions: sums are exact in any order, so ties at a threshold are real ties
    values = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])
    factors = []
    for _ in range(draw(st.integers(1, 5))):
        width = draw(st.integers(1, 5))
        factors.append(np.array([[draw(values) for _ in range(width)] for _ in range(parties)]))
    constant = np.array([draw(values) for _ in range(parties)])
    thresholds = np.array(
        [draw(st.sampled_from([0.0, 0.5, 1.25, 2.0, 3.5])) for _ in range(parties)]
    )
    return constant, factors, thresholds


def brute_count(constant: np.ndarray, factors: list[np.ndarray], thresholds: np.ndarray) -> int:
    count = 0
    for choice in itertools.product(*(range(f.shape[1]) for f in factors)):
        total = constant + sum(f[:, c] for f, c in zip(factors, choice, strict=True))
        count += bool(np.all(total >= thresholds))
    return count


@settings(max_examples=200, deadline=None)
@given(counting_problems())
def test_counts_equal_brute_force(problem: tuple[np.ndarray, list[np.ndarray], np.ndarray]) -> None:
    constant, factors, thresholds = problem
    assert count_additive_zone(constant, factors, thresholds) == brute_count(*problem)


def test_too_many_partial_sums_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zone_count, "MAX_HALF_SUMS", 5)
    rng = np.random.default_rng(0)
    factors = [rng.random((2, 10)) for _ in range(6)]
    assert count_additive_zone(np.zeros(2), factors, np.ones(2)) is None


def test_an_empty_factor_leaves_no_outcome() -> None:
    assert count_additive_zone(np.zeros(2), [np.zeros((2, 0))], np.zeros(2)) == 0

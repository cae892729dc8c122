"""Tests of the outcome space: mixed-radix indexing, enumeration, sampling, issue kinds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from dragoman.model.outcomes import (
    CategoricalIssue,
    IntegerIssue,
    OutcomeSpace,
    RealIssue,
)
from dragoman.utility.masks import product_mask
from dragoman.utility.ranking import rank_outcomes


def space_of(radices: list[int]) -> OutcomeSpace:
    return OutcomeSpace(
        [
            CategoricalIssue(name=f"i{k}", values=tuple(f"v{j}" for j in range(r)))
            for k, r in enumerate(radices)
        ]
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 7), min_size=1, max_size=5))
def test_digits_and_index_are_inverse_and_match_itertools_order(radices: list[int]) -> None:
    import itertools

    space = space_of(radices)
    assert space.size == int(np.prod(radices))
    digits = space.enumerate()
    expected = np.array(list(itertools.product(*(range(r) for r in radices))))
    np.testing.assert_array_equal(digits, expected)
    np.testing.assert_array_equal(space.index(digits), np.arange(space.size))


def integer_space(radices: list[int]) -> OutcomeSpace:
    return OutcomeSpace(
        [IntegerIssue(name=f"i{k}", min=0, max=r - 1) for k, r in enumerate(radices)]
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 32_767), min_size=1, max_size=60).filter(
        lambda r: int(np.prod([float(x) for x in r])) > 2**62
    ),
    st.integers(0, 2**32 - 1),
)
def test_wide_indices_are_exact_mixed_radix_python_ints(radices: list[int], seed: int) -> None:
    """Beyond 2**62 outcomes indices are Python ints, computed in int64 groups of issues
    (`dragoman.model.wide_index`): the same numbers as the plain mixed-radix sum."""
    space = integer_space(radices)
    assert space.wide
    digits = space.sample_digits(np.random.default_rng(seed), 50)
    digits[0], digits[1] = 0, np.array(radices) - 1  # the first and the last outcome
    expected = [
        sum(int(d) * int(p) for d, p in zip(row, space.strides, strict=True)) for row in digits
    ]
    index = space.index(digits)
    assert index.dtype == object and index.tolist() == expected
    assert index[0] == 0 and index[1] == space.size - 1
    np.testing.assert_array_equal(space.digits(index), digits)
    with pytest.raises(IndexError):
        space.digits(np.array([space.size], dtype=object))


def test_enumerate_slices_and_dtype() -> None:
    space = space_of([4, 5, 6])
    part = space.enumerate(10, 20)
    assert part.dtype == np.int16
    np.testing.assert_array_equal(part, space.enumerate()[10:20])


def test_ten_million_outcomes_index_without_enumerating() -> None:
    space = space_of([10] * 7)
    assert space.size == 10_000_000
    last = space.digits(np.array([space.size - 1]))
    np.testing.assert_array_equal(last[0], [9] * 7)
    assert space.outcome(1234567) == {f"i{k}": f"v{d}" for k, d in enumerate([1, 2, 3, 4, 5, 6, 7])}


def test_out_of_range_indices_are_refused() -> None:
    space = space_of([2, 3])
    with pytest.raises(IndexError):
        space.digits(np.array([6]))
    with pytest.raises(IndexError):
        space.index(np.array([[0, 3]]))


def test_sampling_uses_the_given_generator() -> None:
    space = space_of([10, 10, 10])
    a = space.sample(np.random.default_rng(7), 50)
    b = space.sample(np.random.default_rng(7), 50)
    np.testing.assert_array_equal(a, b)
    assert a.min() >= 0 and a.max() < space.size
    distinct = space.sample(np.random.default_rng(1), 1000, replace=False)
    assert len(set(distinct.tolist())) == 1000
    with pytest.raises(ValueError, match="cannot draw"):
        space.sample(np.random.default_rng(1), 1001, replace=False)


def test_integer_and_real_issues() -> None:
    weeks = IntegerIssue(name="weeks", min=2, max=8, step=2, unit="weeks")
    assert weeks.labels == ("2", "4", "6", "8")
    assert weeks.index_of(6) == 2
    assert weeks.text(1) == "4 weeks"
    with pytest.raises(ValueError, match="not on the grid"):
        weeks.index_of(5)
    price = RealIssue(name="price", min=0.0, max=1.0, step=0.25)
    np.testing.assert_allclose(price.numeric_values(), [0, 0.25, 0.5, 0.75, 1.0])
    assert price.index_of("0.75") == 3


def test_issue_validation_errors() -> None:
    with pytest.raises(ValidationError, match="at least one value"):
        CategoricalIssue(name="x", values=())
    with pytest.raises(ValidationError, match="listed twice"):
        CategoricalIssue(name="x", values=("a", "a"))
    with pytest.raises(ValidationError, match="below min"):
        IntegerIssue(name="x", min=3, max=1)
    with pytest.raises(ValidationError, match="multiple of step"):
        IntegerIssue(name="x", min=0, max=5, step=2)


def test_outcome_round_trip_by_name() -> None:
    space = OutcomeSpace(
        [
            CategoricalIssue(name="corridor", values=("control", "monitoring", "withdrawal")),
            IntegerIssue(name="weeks", min=2, max=8),
        ]
    )
    index = space.outcome_index({"corridor": "monitoring", "weeks": 6})
    assert space.outcome(index) == {"corridor": "monitoring", "weeks": "6"}
    with pytest.raises(ValueError, match="missing issues"):
        space.outcome_index({"corridor": "monitoring"})
    with pytest.raises(ValueError, match="not a value"):
        space.outcome_index({"corridor": "nowhere", "weeks": 6})
    with pytest.raises(KeyError, match="unknown issue"):
        space.issue_position("nope")


def test_product_mask_matches_per_outcome_check() -> None:
    space = space_of([3, 4, 2])
    allowed = [np.array([1, 0, 1], bool), np.array([1, 1, 0, 1], bool), np.array([0, 1], bool)]
    mask = product_mask(allowed)
    digits = space.enumerate()
    expected = np.all([allowed[i][digits[:, i]] for i in range(3)], axis=0)
    np.testing.assert_array_equal(mask, expected)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0, 0.3333]), min_size=0, max_size=200))
def test_rank_outcomes_is_a_stable_descending_sort(values: list[float]) -> None:
    outcomes = np.arange(len(values), dtype=np.int64) * 3
    ranked, utilities = rank_outcomes(outcomes, np.array(values))
    order = np.argsort(-np.array(values), kind="stable")
    np.testing.assert_array_equal(ranked, outcomes[order])
    np.testing.assert_array_equal(utilities, np.array(values)[order])
    assert not ranked.flags.writeable and not utilities.flags.writeable

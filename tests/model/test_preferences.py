"""Tests of preferences: linear-additive utilities, scorings, red lines, interactions, discount."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from dragoman.model.outcomes import CategoricalIssue, IntegerIssue, OutcomeSpace
from dragoman.model.preferences import (
    IssueScoring,
    Preferences,
    RedLine,
)
from dragoman.utility.compiled_utility import CompiledUtility

SPACE = OutcomeSpace(
    [
        CategoricalIssue(
            name="corridor", values=("control", "reduced", "monitoring", "withdrawal")
        ),
        IntegerIssue(name="weeks", min=2, max=8),
        IntegerIssue(name="hostages", min=10, max=30, step=5),
    ]
)


def prefs(**extra: object) -> Preferences:
    data: dict[str, object] = {
        "weights": {"corridor": 0.5, "weeks": 0.3, "hostages": 0.2},
        "values": {
            "corridor": {
                "scores": {"control": 0.0, "reduced": 0.3, "monitoring": 0.7, "withdrawal": 1.0}
            },
            "weeks": {"linear": "increasing"},
            "hostages": {"points": [[10, 1.0], [20, 0.8], [30, 0.0]]},
        },
    }
    data.update(extra)
    return Preferences.model_validate(data)


def naive_utility(p: Preferences, outcome: dict[str, str]) -> float:
    """Utility of one outcome computed by hand, the slow obvious way."""
    total = 0.0
    for issue in SPACE.issues:
        vector = p.values[issue.name].vector(issue)
        total += p.weights[issue.name] * vector[issue.labels.index(outcome[issue.name])]
    for inter in p.interactions:
        if all(outcome[name] == str(value) for name, value in inter.when.items()):
            total += inter.bonus
    return total


def test_whole_space_equals_batch_equals_naive() -> None:
    p = prefs(interactions=[{"when": {"corridor": "monitoring", "weeks": 6}, "bonus": 0.05}])
    u = CompiledUtility(p, SPACE)
    whole = u.utilities()
    batch = u.utilities(np.arange(SPACE.size))
    np.testing.assert_allclose(whole, batch)
    for index in [0, 17, 33, 101, SPACE.size - 1]:
        assert whole[index] == pytest.approx(naive_utility(p, SPACE.outcome(index)))
    monitoring_6 = SPACE.outcome_index({"corridor": "monitoring", "weeks": 6, "hostages": 10})
    assert whole[monitoring_6] == pytest.approx(0.5 * 0.7 + 0.3 * (4 / 6) + 0.2 * 1.0 + 0.05)


@settings(max_examples=40, deadline=None)
@given(
    a=st.sampled_from(["control", "reduced", "monitoring", "withdrawal"]),
    b=st.integers(2, 8),
    bonus=st.floats(-0.5, 0.5),
    first=st.booleans(),
)
def test_interaction_in_either_issue_order(a: str, b: int, bonus: float, first: bool) -> None:
    when = {"corridor": a, "hostages": 20} if first else {"hostages": 20, "corridor": a}
    p = prefs(interactions=[{"when": when, "bonus": bonus}])
    u = CompiledUtility(p, SPACE)
    whole = u.utilities()
    index = SPACE.outcome_index({"corridor": a, "weeks": b, "hostages": 20})
    assert whole[index] == pytest.approx(naive_utility(p, SPACE.outcome(index)))
    np.testing.assert_allclose(whole, u.utilities(np.arange(SPACE.size)))


def test_red_lines_as_masks() -> None:
    p = prefs(
        red_lines=[
            {"issue": "corridor", "allowed": ["control", "reduced"]},
            {"issue": "weeks", "min": 4},
            {"issue": "hostages", "forbidden": [10]},
        ]
    )
    u = CompiledUtility(p, SPACE)
    mask = u.acceptable()
    digits = SPACE.enumerate()
    expected = (digits[:, 0] <= 1) & (digits[:, 1] >= 2) & (digits[:, 2] != 0)
    np.testing.assert_array_equal(mask, expected)
    np.testing.assert_array_equal(u.acceptable(np.arange(SPACE.size)), expected)


def test_weights_must_sum_to_one() -> None:
    with pytest.raises(ValidationError, match=r"weights must sum to 1 \(got 1.2\)"):
        prefs(weights={"corridor": 0.7, "weeks": 0.3, "hostages": 0.2})
    with pytest.raises(ValidationError, match="must be >= 0"):
        prefs(weights={"corridor": 1.2, "weeks": -0.2})


def test_scoring_needs_exactly_one_form() -> None:
    with pytest.raises(ValidationError, match="exactly one"):
        IssueScoring(linear="increasing", points=((0, 0), (1, 1)))
    with pytest.raises(ValidationError, match="between 0 and 1"):
        IssueScoring(scores={"a": 1.5})
    with pytest.raises(ValidationError, match="strictly increasing"):
        IssueScoring(points=((1, 0), (1, 1)))


def test_scoring_errors_name_the_problem() -> None:
    with pytest.raises(ValueError, match="no score for values"):
        IssueScoring(scores={"control": 1.0}).vector(SPACE.issues[0])
    with pytest.raises(ValueError, match="categorical"):
        IssueScoring(linear="increasing").vector(SPACE.issues[0])


def test_red_line_needs_a_constraint() -> None:
    with pytest.raises(ValidationError, match="needs 'allowed'"):
        RedLine(issue="corridor")
    with pytest.raises(ValueError, match="categorical"):
        RedLine(issue="corridor", min=1).mask(SPACE.issues[0])


def test_utility_range_without_enumeration() -> None:
    u = CompiledUtility(prefs(), SPACE)
    whole = u.utilities()
    assert u.utility_range() == pytest.approx((whole.min(), whole.max()))

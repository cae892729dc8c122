"""Hyper-rectangle preferences (dragoman.model.rectangles, dragoman.utility.rectangles): validation,
GENIUS's meaning against a one-outcome-at-a-time reference, whole-space vs batch evaluation,
and the behaviour on spaces too large to enumerate (lazy tables, candidate rankings)."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dragoman.errors import ScenarioError
from dragoman.model.outcomes import IntegerIssue, OutcomeSpace
from dragoman.model.rectangles import HyperRectanglePreferences
from dragoman.model.scenario import Scenario
from dragoman.utility.compiled_utility import CompiledUtility
from dragoman.utility.lazy import LazyMask, LazyTable, SpaceTooLargeError

ISSUES = [IntegerIssue(name=n, min=0, max=3) for n in ("a", "b", "c")]


def rect(
    utility: float, side: str = "includes", weight: float = 1.0, **bounds: tuple[int, int]
) -> dict[str, Any]:
    box = [{"issue": k, "min": lo, "max": hi} for k, (lo, hi) in bounds.items()]
    return {"utility": utility, "weight": weight, side: box}


def prefs(
    function: dict[str, Any], max_utility: float = 10.0, **extra: Any
) -> HyperRectanglePreferences:
    return HyperRectanglePreferences.model_validate(
        {"kind": "hyper-rectangles", "max_utility": max_utility, "function": function, **extra}
    )


FUNCTION = {
    "aggregation": "sum",
    "rectangles": [
        rect(4, a=(1, 2), b=(0, 0)),
        rect(3, "excludes", weight=2, c=(1, 3)),
        rect(1),  # no bounds: everywhere
    ],
    "functions": [
        {"aggregation": "min", "weight": 0.5, "rectangles": [rect(6, a=(0, 1)), rect(8, b=(1, 3))]},
        {"aggregation": "max", "weight": -1, "rectangles": [rect(2, c=(2, 2)), rect(1, a=(3, 3))]},
    ],
}


def reference(function: dict[str, Any], outcome: dict[str, int]) -> float:
    """GENIUS's UtilityFunction.getUtility, one outcome at a time."""
    terms = []
    for r in function.get("rectangles", []):
        side = "excludes" if r.get("excludes") else "includes"
        inside = all(b["min"] <= outcome[b["issue"]] <= b["max"] for b in r.get(side, []))
        hit = not inside if side == "excludes" else inside
        terms.append(r["utility"] * r.get("weight", 1.0) * hit)
    terms += [reference(f, outcome) * f.get("weight", 1.0) for f in function.get("functions", [])]
    aggregate = {"sum": sum, "max": max, "min": min}[function.get("aggregation", "sum")]
    return float(aggregate(terms)) if terms else 0.0


def test_utilities_follow_genius() -> None:
    space = OutcomeSpace(ISSUES)
    utility = CompiledUtility(prefs(FUNCTION), space)
    expected = [
        min(1.0, reference(FUNCTION, dict(zip("abc", values, strict=True))) / 10)
        for values in itertools.product(range(4), repeat=3)
    ]
    np.testing.assert_allclose(utility.table, expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(utility.utilities(np.arange(64)), expected, rtol=0, atol=1e-12)
    assert utility.utility_range() == (min(expected), max(expected))
    ranked, values = utility.ranking
    assert ranked.size == 64 and np.all(np.diff(values) <= 0)


def test_capped_at_one_and_negative_allowed() -> None:
    space = OutcomeSpace(ISSUES[:1])
    utility = CompiledUtility(
        prefs({"rectangles": [rect(30, a=(0, 1)), rect(-5, a=(3, 3))]}), space
    )
    assert utility.table.tolist() == [1.0, 1.0, 0.0, -0.5]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {
                "function": {
                    "rectangles": [
                        rect(1, a=(0, 1)) | {"excludes": [{"issue": "b", "min": 0, "max": 1}]}
                    ]
                }
            },
            "not both",
        ),
        ({"function": {"weight": 2}}, "top-level function's weight is not applied"),
        ({"function": {"aggregation": "max"}}, "needs at least one term"),
        ({"max_utility": 0}, "greater than 0"),
        ({"function": {"rectangles": [rect(1, a=(3, 1))]}}, "max .* is below min"),
    ],
)
def test_invalid_preferences(change: dict[str, Any], message: str) -> None:
    data = {"kind": "hyper-rectangles", "max_utility": 10, "function": {}} | change
    with pytest.raises(ValueError, match=message):
        HyperRectanglePreferences.model_validate(data)


def scenario_data(function: dict[str, Any]) -> dict[str, Any]:
    party = {"kind": "hyper-rectangles", "max_utility": 10, "function": function}
    return {
        "metadata": {"title": "t"},
        "issues": [i.model_dump() for i in ISSUES]
        + [{"kind": "categorical", "name": "colour", "values": ["red", "blue"]}],
        "parties": [{"name": "p", "preferences": party}, {"name": "q", "preferences": party}],
    }


def test_scenario_checks_bounds_with_paths() -> None:
    function = {"functions": [{"rectangles": [rect(1, colour=(0, 1)), rect(1, nowhere=(0, 1))]}]}
    with pytest.raises(ScenarioError) as caught:
        Scenario.from_data(scenario_data(function))
    paths = [p.path for p in caught.value.problems]
    base = "parties[0].preferences.function.functions[0].rectangles"
    assert f"{base}[0].includes[0].issue" in paths and f"{base}[1].includes[0].issue" in paths
    assert "categorical" in str(caught.value) and "unknown issue 'nowhere'" in str(caught.value)


def test_unknown_preferences_kind_is_one_clear_problem() -> None:
    data = scenario_data({"rectangles": []})
    data["parties"][0]["preferences"]["kind"] = "neural"
    with pytest.raises(ScenarioError, match=r"parties\[0\]\.preferences: unknown preferences kind"):
        Scenario.from_data(data)


def test_errors_inside_preferences_keep_their_path() -> None:
    data = scenario_data({"rectangles": [{"utility": "lots"}]})
    with pytest.raises(
        ScenarioError, match=r"parties\[0\]\.preferences\.function\.rectangles\[0\]\.utility"
    ):
        Scenario.from_data(data)


# --- huge spaces ------------------------------------------------------------------------------

HUGE = [IntegerIssue(name=f"i{k}", min=0, max=9) for k in range(8)]  # 10^8 outcomes


def huge_utility(**extra: Any) -> CompiledUtility:
    function = {
        "rectangles": [
            rect(5, i0=(7, 9), i3=(0, 2)),
            rect(3, i1=(5, 5)),
            rect(4, "excludes", i2=(0, 8), i7=(1, 9)),
            rect(2, i4=(3, 6), i5=(3, 6), i6=(3, 6)),
        ]
    }
    return CompiledUtility(prefs(function, max_utility=14, **extra), OutcomeSpace(HUGE))


def test_huge_space_lazy_tables() -> None:
    utility = huge_utility()
    assert not utility.enumerable
    assert isinstance(utility.table, LazyTable) and isinstance(utility.inside, LazyMask)
    best = OutcomeSpace(HUGE).outcome_index(
        {f"i{k}": v for k, v in enumerate([8, 5, 9, 1, 4, 4, 4, 0])}
    )
    assert utility.table[best] == 1.0 and isinstance(utility.table[best], float)
    assert utility.table[np.array([best, 0])].tolist() == pytest.approx(
        [1.0, 4 / 14]
    )  # i7=0: outside
    assert utility.inside[best] is True
    assert utility.table.flags.writeable is False and len(utility.table) == 10**8
    with pytest.raises(SpaceTooLargeError, match="100,000,000 > 10,000,000"):
        np.asarray(utility.table)
    with pytest.raises(SpaceTooLargeError):
        utility.utilities()
    with pytest.raises(SpaceTooLargeError):
        utility.acceptable()


def test_huge_space_ranking_reaches_the_optimum_deterministically() -> None:
    utility = huge_utility()
    ranked, values = utility.ranking
    assert values[0] == 1.0  # coordinate ascent found the best outcome (14 / 14)
    assert np.all(np.diff(values) <= 0) and np.unique(ranked).size == ranked.size
    np.testing.assert_allclose(values, utility.utilities(ranked))
    again, _ = huge_utility().ranking
    np.testing.assert_array_equal(ranked, again)  # a public, fixed-seed sample
    low, high = utility.utility_range()
    assert high == 1.0 and low == values[-1]


def test_huge_space_ranking_respects_red_lines() -> None:
    utility = huge_utility(red_lines=[{"issue": "i1", "forbidden": [5]}])
    ranked, values = utility.ranking
    digits = utility.space.digits(ranked)
    assert not np.any(digits[:, 1] == 5)
    assert values[0] == pytest.approx(11 / 14)
    forbidden = utility.space.outcome_index({f"i{k}": 5 for k in range(8)})
    assert utility.inside[forbidden] is False


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_batch_equals_whole_space(data: st.DataObject) -> None:
    radices = data.draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))
    issues = [IntegerIssue(name=f"x{k}", min=0, max=r - 1) for k, r in enumerate(radices)]
    bound = st.tuples(st.sampled_from(range(len(issues))), st.integers(0, 3), st.integers(0, 3))
    rectangles = []
    for _ in range(data.draw(st.integers(0, 5))):
        bounds = data.draw(st.lists(bound, max_size=3))
        side = data.draw(st.sampled_from(["includes", "excludes"]))
        box = [{"issue": f"x{k}", "min": min(a, b), "max": max(a, b)} for k, a, b in bounds]
        rectangles.append({"utility": data.draw(st.integers(-5, 9)), side: box})
    aggregation = data.draw(st.sampled_from(["sum", "max", "min"])) if rectangles else "sum"
    function = {"aggregation": aggregation, "rectangles": rectangles}
    utility = CompiledUtility(prefs(function, max_utility=7), OutcomeSpace(issues))
    space = utility.space
    expected = [
        min(1.0, reference(function, {f"x{k}": int(v) for k, v in enumerate(row)}) / 7)
        for row in space.enumerate()
    ]
    np.testing.assert_allclose(utility.utilities(), expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(utility.utilities_of_digits(space.enumerate()), expected, atol=1e-12)


def test_mediators_work_with_hyper_rectangle_parties() -> None:
    from dragoman.negotiation.protocols.single_text import SingleText
    from dragoman.negotiation.session import Session
    from dragoman.strategies.registry import make_agent, make_mediator

    first = {"rectangles": [rect(10, a=(2, 3), b=(0, 1)), rect(4, c=(0, 1))]}
    second = {"rectangles": [rect(10, a=(1, 2), c=(2, 3)), rect(4, b=(0, 2))]}
    data = {
        "metadata": {"title": "rectangles with a mediator"},
        "issues": [i.model_dump() for i in ISSUES],
        "parties": [
            {
                "name": "p",
                "preferences": {"kind": "hyper-rectangles", "max_utility": 14, "function": first},
            },
            {
                "name": "q",
                "preferences": {"kind": "hyper-rectangles", "max_utility": 14, "function": second},
            },
            {"name": "m", "role": "mediator"},
        ],
        "deadline_steps": 60,
    }
    scenario = Scenario.from_data(data)
    for mediator in ("nash", "bridging", "hill-climber", "one-text"):
        seats = {
            "p": make_agent("conceder"),
            "q": make_agent("conceder"),
            "m": make_mediator(mediator),
        }
        result = Session(scenario, SingleText(), seats, seed=1).run()
        assert result.status in ("agreement", "deadline"), (mediator, result.error)
        reports = [e for e in result.events if e.kind == "report"]
        assert reports and reports[0].data["preferences"]["kind"] == "hyper-rectangles"

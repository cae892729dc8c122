"""Tests of the safe formula language used in phase data."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dragoman.model.formula import FormulaError, IssueValue, parse_formula

ISSUES = ("hostages_phase1", "prisoners_per_hostage", "corridor")
VALUES = {
    "hostages_phase1": IssueValue(35.0),
    "prisoners_per_hostage": IssueValue(50.0),
    "corridor": IssueValue(2.0, "third-party monitoring"),
}


def value(text: str) -> float | str:
    return parse_formula(text, ISSUES).evaluate(VALUES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hostages_phase1", 35.0),
        ("prisoners_per_hostage * hostages_phase1", 1750.0),
        ("(hostages_phase1 + 5) / 4", 10.0),
        ("-hostages_phase1 + +1", -34.0),
        ("min(hostages_phase1, 20, 30)", 20.0),
        ("max(1, corridor)", 2.0),
        ("round(hostages_phase1 / 3)", 12.0),
        ("round(hostages_phase1 / 3, 1)", 11.7),
        ("corridor * 0.05", 0.1),
        ("6", 6.0),
    ],
)
def test_arithmetic_over_issue_values(text: str, expected: float) -> None:
    assert value(text) == pytest.approx(expected)


def test_a_bare_categorical_name_is_its_agreed_value_and_a_position_in_arithmetic() -> None:
    assert value("corridor") == "third-party monitoring"
    assert parse_formula("corridor", ISSUES).number(VALUES) == 2.0


def test_numbers_are_formulas_too() -> None:
    assert parse_formula(6, ISSUES).evaluate(VALUES) == 6.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hostage_phase1", "unknown name 'hostage_phase1' (did you mean 'hostages_phase1'?"),
        ("__import__('os').system('true')", "unknown function"),
        ("hostages_phase1.real", "is not allowed"),
        ("hostages_phase1 ** 2", "is not allowed"),
        ("hostages_phase1 > 3", "is not allowed"),
        ("'text'", "only numbers and issue names"),
        ("True", "only numbers and issue names"),
        ("min(hostages_phase1)", "min() takes at least 2 arguments"),
        ("round(1, 2, 3)", "round() takes 1 or 2 arguments"),
        ("max(a=1, b=2)", "takes no keyword arguments"),
        ("min", "is a function"),
        ("[1, 2]", "is not allowed"),
        ("lambda: 1", "is not allowed"),
        ("1 +", "not a valid formula"),
        ("", "empty formula"),
        ("1" + " + 1" * 200, "formula too long (801 > 500 characters, the limit"),
    ],
)
def test_anything_else_is_refused(text: str, message: str) -> None:
    with pytest.raises(FormulaError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_formula(text, ISSUES)


def test_division_by_zero_is_an_error_at_evaluation() -> None:
    formula = parse_formula("hostages_phase1 / (corridor - 2)", ISSUES)
    with pytest.raises(FormulaError, match="divides by zero"):
        formula.number(VALUES)


def test_an_infinite_result_is_an_error() -> None:
    with pytest.raises(FormulaError, match="not a finite number"):
        parse_formula("1e308 * 10", ISSUES).number(VALUES)


# --- property: the evaluator agrees with Python's arithmetic on the grammar it accepts --------

_LEAVES = st.one_of(
    st.integers(-50, 50).map(str),
    st.sampled_from(["hostages_phase1", "prisoners_per_hostage", "corridor"]),
)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(children, st.sampled_from("+-*"), children).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})"
    )
    calls = st.tuples(st.sampled_from(["min", "max"]), children, children).map(
        lambda t: f"{t[0]}({t[1]}, {t[2]})"
    )
    return st.one_of(binary, calls, children.map(lambda c: f"-{c}"))


@given(st.recursive(_LEAVES, _combine, max_leaves=12))
def test_evaluation_matches_python_arithmetic(text: str) -> None:
    namespace = {name: v.number for name, v in VALUES.items()}
    expected = eval(text, {"__builtins__": {"min": min, "max": max}}, namespace)
    assert parse_formula(text, ISSUES).number(VALUES) == pytest.approx(expected)

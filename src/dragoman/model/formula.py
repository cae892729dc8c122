"""Formulas over agreed issue values: a tiny, safe expression language for phase data.

A commitment's amount, a phase's duration or a payoff may be written as a formula over the
agreed values of the issues, e.g. `prisoners_per_hostage * hostages_phase1`. Formulas are parsed
with `ast` and only this grammar is accepted: numbers, issue names, `+ - * /`, unary minus,
parentheses and the functions `min`, `max` (two or more arguments) and `round` (one or two).
Nothing is ever passed to `eval`; anything else (attributes, strings, comparisons, other calls)
is refused with a `FormulaError` whose message the scenario checks prefix with the field path.

Values: a numeric issue stands for its agreed number; a categorical issue stands for the
position of its agreed value (0, 1, ...) inside arithmetic, and for the value itself when the
whole formula is just its name (so `amount: philadelphi_corridor` reads as the agreed option).
"""

from __future__ import annotations

import ast
import difflib
import itertools
import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from dragoman._words import number
from dragoman.limits import over
from dragoman.model.outcomes import AnyIssue

__all__ = ["Formula", "FormulaError", "IssueValue", "parse_formula", "value_at"]

_BINARY: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "min": (2, None),
    "max": (2, None),
    "round": (1, 2),
}


class FormulaError(ValueError):
    """A formula that cannot be parsed, names something unknown, or cannot be evaluated."""


@dataclass(frozen=True)
class IssueValue:
    """An agreed issue value as formulas see it: a number, and the value's text if categorical."""

    number: float
    text: str | None = None  # the agreed option of a categorical issue; None for numeric issues
    label: str = ""  # the value as the scenario names it ("3", "reduced_presence")


def value_at(issue: AnyIssue, position: int) -> IssueValue:
    """The value at `position` of `issue` as formulas see it (the one definition of that)."""
    label = issue.labels[position]
    if issue.is_numeric:
        return IssueValue(float(issue.numeric_values()[position]), label=label)
    return IssueValue(float(position), issue.text(position), label)


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its text, its syntax tree, and the issue names it uses."""

    text: str
    tree: ast.Expression
    names: frozenset[str]

    @property
    def bare_name(self) -> str | None:
        """The issue name if the whole formula is one name (a categorical amount), else None."""
        body = self.tree.body
        return body.id if isinstance(body, ast.Name) else None

    def evaluate(self, values: Mapping[str, IssueValue]) -> float | str:
        """The formula's value: the agreed option's text for a bare categorical name, else a
        number (categorical issues inside arithmetic count as their value's position)."""
        name = self.bare_name
        if name is not None and values[name].text is not None:
            return str(values[name].text)
        return self.number(values)

    def number(self, values: Mapping[str, IssueValue]) -> float:
        """The formula's numeric value (categorical issues as positions); FormulaError if it
        divides by zero or is not finite."""
        try:
            result = _evaluate(self.tree.body, values)
        except ZeroDivisionError:
            raise FormulaError(f"{self.text!r} divides by zero{self._at(values)}") from None
        except OverflowError:
            result = math.inf
        if not math.isfinite(result):
            raise FormulaError(f"{self.text!r} is not a finite number{self._at(values)}")
        return result

    def first_failure(
        self, choices: Mapping[str, Sequence[IssueValue]], amount: bool = False
    ) -> FormulaError | None:
        """The error of the formula at the first combination of `choices` (the values each
        name may take, in order) where it cannot be evaluated, or None (`amount`: a bare
        categorical name is its text, as a commitment's amount)."""
        names = sorted(self.names)
        for combination in itertools.product(*(choices[n] for n in names)):
            try:
                values = dict(zip(names, combination, strict=True))
                self.evaluate(values) if amount else self.number(values)
            except FormulaError as exc:
                return exc
        return None

    def _at(self, values: Mapping[str, IssueValue]) -> str:
        """' when a = 1, b = x': the values of the names used, for an error."""
        shown = [f"{n} = {values[n].label or number(values[n].number)}" for n in sorted(self.names)]
        return f" when {', '.join(shown)}" if shown else ""


def parse_formula(text: str | float, known: Iterable[str]) -> Formula:
    """Parse `text` (a number is accepted as is) and check every name is in `known`."""
    source = repr(float(text)) if isinstance(text, int | float) else str(text).strip()
    if not source:
        raise FormulaError("empty formula")
    too_long = over("formula_chars", len(source))
    if too_long:
        raise FormulaError(too_long)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"not a valid formula: {exc.msg} in {source!r}") from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaError(f"not a valid formula: {source!r}") from None
    names = frozenset(_check(tree.body, source))
    known = sorted(known)
    for name in sorted(names):
        if name not in known:
            raise FormulaError(_unknown_name(name, known))
    return Formula(source, tree, names)


def _unknown_name(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown name {name!r} ({hint}issues: {', '.join(known) or 'none'})"


def _check(node: ast.AST, source: str) -> Iterable[str]:
    """The names used by `node`; FormulaError for anything outside the grammar."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise FormulaError(f"only numbers and issue names are allowed (got {node.value!r})")
        return []
    if isinstance(node, ast.Name):
        if node.id in _FUNCTIONS:
            raise FormulaError(f"{node.id!r} is a function: call it, e.g. {node.id}(a, b)")
        return [node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return [*_check(node.left, source), *_check(node.right, source)]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return list(_check(node.operand, source))
    if isinstance(node, ast.Call):
        return _check_call(node, source)
    segment = ast.get_source_segment(source, node) or type(node).__name__
    raise FormulaError(
        f"{segment!r} is not allowed (use numbers, issue names, + - * /, min, max, round)"
    )


def _check_call(node: ast.Call, source: str) -> list[str]:
    name = node.func.id if isinstance(node.func, ast.Name) else None
    if name not in _FUNCTIONS:
        called = ast.get_source_segment(source, node.func) or "?"
        raise FormulaError(f"unknown function {called!r} (allowed: min, max, round)")
    if node.keywords:
        raise FormulaError(f"{name}() takes no keyword arguments")
    low, high = _FUNCTIONS[name]
    count = len(node.args)
    if count < low or (high is not None and count > high):
        wanted = f"{low} or {high}" if high is not None else f"at least {low}"
        raise FormulaError(f"{name}() takes {wanted} arguments (got {count})")
    if any(isinstance(arg, ast.Starred) for arg in node.args):
        raise FormulaError(f"{name}() does not take *arguments")
    return [n for arg in node.args for n in _check(arg, source)]


def _evaluate(node: ast.expr, values: Mapping[str, IssueValue]) -> float:
    """Evaluate a checked tree (only the node kinds `_check` lets through)."""
    if isinstance(node, ast.Constant):
        assert isinstance(node.value, int | float)
        return float(node.value)
    if isinstance(node, ast.Name):
        return float(values[node.id].number)
    if isinstance(node, ast.BinOp):
        op = _BINARY[type(node.op)]
        return op(_evaluate(node.left, values), _evaluate(node.right, values))
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    args = [_evaluate(arg, values) for arg in node.args]
    if not all(map(math.isfinite, args)):
        return math.nan  # refused by `Formula.number`: min/max/round of NaN or inf are not numbers
    if node.func.id == "min":
        return min(args)
    if node.func.id == "max":
        return max(args)
    if len(args) == 2:
        return float(round(args[0], max(-400, min(400, int(args[1])))))
    return float(round(args[0]))

"""Drafting a report: the preferences a party may report to mediators, the truth, an
exaggeration, or its own edits (weights, scores, red lines, reservation value); reading the
reports heard is `dragoman.negotiation.reports`. Every result is validated as preferences of
the party's kind, so a report a person makes at a terminal or in a browser is one the
mediators can read; what is wrong is said in words (ValueError).

Each function takes and returns plain preferences data (`model_dump(mode="json")`); front
ends parse what a person types into these calls.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from dragoman._words import number
from dragoman.model.kinds import parse_preferences
from dragoman.model.outcomes import AnyIssue

__all__ = [
    "DEFAULT_EXAGGERATION",
    "checked_report",
    "exaggerated",
    "with_red_line",
    "with_reservation_value",
    "with_score",
    "with_weight",
    "without_red_line",
]

#: How much `exaggerated` stretches by default.
DEFAULT_EXAGGERATION = 2.0


def checked_report(data: Mapping[str, Any]) -> dict[str, Any]:
    """`data` validated as preferences; ValueError with pydantic's first message if not."""
    try:
        return parse_preferences(dict(data)).model_dump(mode="json")
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"][1:])  # the kind tag dropped
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ValueError(f"{where}: {message}" if where else message) from None


def exaggerated(data: Mapping[str, Any], factor: float = DEFAULT_EXAGGERATION) -> dict[str, Any]:
    """A report that overstates: each issue's scores spread `factor` times as far from their
    middle (clipped to 0..1), and a reservation value closer to 1 (1 - (1 - rv) / factor)."""
    if not factor >= 1:
        raise ValueError(f"exaggerate by a factor of 1 or more (got {number(factor)})")
    out = copy.deepcopy(dict(data))
    for scoring in (out.get("values") or {}).values():
        if scoring.get("scores"):
            scoring["scores"] = _spread(scoring["scores"], factor)
        if scoring.get("points"):
            ys = _spread({str(k): y for k, (_, y) in enumerate(scoring["points"])}, factor)
            scoring["points"] = [[x, ys[str(k)]] for k, (x, _) in enumerate(scoring["points"])]
    rv = float(out.get("reservation_value", 0.0))
    out["reservation_value"] = round(1 - (1 - rv) / factor, 6) if rv < 1 else rv
    return checked_report(out)


def _spread(scores: Mapping[str, float], factor: float) -> dict[str, float]:
    middle = (max(scores.values()) + min(scores.values())) / 2
    return {
        k: round(min(1.0, max(0.0, middle + factor * (s - middle))), 6) for k, s in scores.items()
    }


def with_weight(data: Mapping[str, Any], issue: str, weight: float) -> dict[str, Any]:
    """The report with `issue` weighing `weight`, the other weights rescaled to sum to 1."""
    weights = dict(_field(data, "weights"))
    if issue not in weights:
        raise ValueError(f"no weight for {issue!r} (weights: {', '.join(weights)})")
    if not 0 <= weight <= 1:
        raise ValueError(f"a weight is between 0 and 1 (got {number(weight)})")
    rest = sum(w for name, w in weights.items() if name != issue)
    others = len(weights) - 1
    for name in weights:
        if name != issue:
            share = weights[name] / rest if rest > 0 else 1 / max(1, others)
            weights[name] = round((1 - weight) * share, 9)
    weights[issue] = weight
    return checked_report({**data, "weights": weights})


def with_score(data: Mapping[str, Any], issue: str, value: str, score: float) -> dict[str, Any]:
    """The report scoring `value` of categorical `issue` at `score` (0..1)."""
    values = copy.deepcopy(dict(_field(data, "values")))
    scores = (values.get(issue) or {}).get("scores")
    if scores is None:
        raise ValueError(f"{issue!r} is not scored value by value (no scores to edit)")
    if value not in scores:
        raise ValueError(f"{value!r} is not a value of {issue!r} ({', '.join(scores)})")
    scores[value] = score
    return checked_report({**data, "values": values})


def with_reservation_value(data: Mapping[str, Any], value: float) -> dict[str, Any]:
    """The report with reservation value `value`."""
    return checked_report({**data, "reservation_value": value})


def with_red_line(
    data: Mapping[str, Any], issue: AnyIssue, allowed: Sequence[str]
) -> dict[str, Any]:
    """The report with a red line on `issue` allowing only `allowed` (replacing any other)."""
    for value in allowed:
        issue.index_of(value)  # ValueError naming the issue's values
    kept = [r for r in data.get("red_lines") or () if r["issue"] != issue.name]
    typed = [issue.value(issue.index_of(v)) for v in allowed]
    return checked_report({**data, "red_lines": [*kept, {"issue": issue.name, "allowed": typed}]})


def without_red_line(data: Mapping[str, Any], issue: str) -> dict[str, Any]:
    """The report without its red line on `issue`."""
    kept = [r for r in data.get("red_lines") or () if r["issue"] != issue]
    if len(kept) == len(data.get("red_lines") or ()):
        raise ValueError(f"no red line on {issue!r} to drop")
    return checked_report({**data, "red_lines": kept})


def _field(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    if name not in data:
        raise ValueError(f"these preferences have no {name} to edit ({data.get('kind')})")
    return data[name]  # type: ignore[no-any-return]

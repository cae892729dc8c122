"""What GENIUS XML and GeniusWeb JSON cannot express, found all at once: each limit a scenario
passes is one `Problem` with the field path of the faulty part, so `dragoman export` (and
`validate`-like runs of the exporters) list every party and issue problem in one run.

The checks run on a scenario's sound parts (`dragoman.model.partial.Parts`), so they can be
reported together with the schema errors and cross-checks of a scenario that is not yet valid.
The writers (`dragoman.io.genius_export`, `dragoman.io.geniusweb`) write only what passed.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from dragoman._arrays import IntArray
from dragoman._words import number, plain
from dragoman.errors import Problem
from dragoman.model.outcomes import AnyIssue, CategoricalIssue, IntegerIssue
from dragoman.model.partial import Parts
from dragoman.model.preferences import WEIGHT_TOLERANCE, IssueScoring, Preferences
from dragoman.model.rectangles import HyperRectanglePreferences
from dragoman.model.scenario import Scenario
from dragoman.model.sections import Party
from dragoman.utility.scenario import compiled

__all__ = ["as_line", "genius_limits", "geniusweb_limits", "reservation_outcomes"]

#: Below this, GENIUS treats an issue's best evaluation as zero.
TINY_SCORE = 1e-5


def genius_limits(parts: Parts) -> list[Problem]:
    """Everything GENIUS XML cannot express: integer steps other than 1, red lines,
    interactions, discrete scores whose best is not 1 on a weighted issue, numeric scorings
    that are not a GENIUS evaluator, rectangles bounding non-integer issues."""
    problems = [
        Problem(f"issue {issue.name!r}: GENIUS integer issues have step 1", f"issues[{k}].step")
        for k, issue in parts.issues.items()
        if isinstance(issue, IntegerIssue) and issue.step != 1
    ]
    for k, party in _negotiators(parts):
        problems += _genius_party(parts, k, party)
    return problems


def geniusweb_limits(parts: Parts) -> list[Problem]:
    """Everything a GeniusWeb LinearAdditiveUtilitySpace cannot express: other kinds, red
    lines, interactions, a discount, weights not summing to 1, numeric scorings that are not
    one straight line, a reservation value no outcome is worth."""
    problems: list[Problem] = []
    for k, party in _negotiators(parts):
        problems += _geniusweb_party(parts, k, party)
    return problems


def _negotiators(parts: Parts) -> Iterator[tuple[int, Party]]:
    for k, party in parts.parties.items():
        if party.role == "party" and party.preferences is not None:
            yield k, party


def _common(k: int, party: Party, lacks: str) -> Iterator[Problem]:
    """Red lines and interactions: neither format has them (`lacks`: "<format> ... has no")."""
    prefs = party.preferences
    base = f"parties[{k}].preferences"
    who = f"party {party.name!r}"
    if prefs is not None and prefs.red_lines:
        yield Problem(f"{who}: {lacks} red lines", f"{base}.red_lines")
    if isinstance(prefs, Preferences) and prefs.interactions:
        yield Problem(f"{who}: {lacks} interactions", f"{base}.interactions")


def _genius_party(parts: Parts, k: int, party: Party) -> Iterator[Problem]:
    yield from _common(k, party, "GENIUS profiles have no")
    prefs = party.preferences
    base = f"parties[{k}].preferences"
    who = f"party {party.name!r}"
    if isinstance(prefs, HyperRectanglePreferences):
        yield from _rectangle_bounds(parts, prefs, who, base)
    elif isinstance(prefs, Preferences):
        issues = parts.issue_names()
        for name, scoring in prefs.values.items():
            issue = issues.get(name)
            if issue is not None:
                where = f"{who}, issue {name!r}"
                weight = prefs.weights.get(name, 0.0)
                yield from _genius_scoring(issue, scoring, weight, where, f"{base}.values.{name}")
    elif prefs is not None:
        yield Problem(f"{who}: GENIUS has no {prefs.kind} profiles", f"{base}.kind")


def _rectangle_bounds(
    parts: Parts, prefs: HyperRectanglePreferences, who: str, base: str
) -> Iterator[Problem]:
    kinds = {issue.name: issue.kind for issue in parts.issues.values()}
    for rect in prefs.function.walk():
        for bound in rect.bounds:
            whole = bound.min.is_integer() and bound.max.is_integer()
            if kinds.get(bound.issue, "integer") != "integer" or not whole:
                yield Problem(
                    f"{who}: GENIUS rectangles bound integer issues by whole numbers (bound "
                    f"on {bound.issue!r}: {number(bound.min)}..{number(bound.max)})",
                    f"{base}.function",
                )


def _genius_scoring(
    issue: AnyIssue, scoring: IssueScoring, weight: float, where: str, path: str
) -> Iterator[Problem]:
    try:
        scores = scoring.vector(issue)
    except ValueError:
        return  # the cross-checks report it
    if isinstance(issue, CategoricalIssue):
        if weight > 0 and TINY_SCORE <= scores.max() < 1.0:
            yield Problem(
                f"{where}: GENIUS divides evaluations by their best, so a best score of "
                f"{number(scores.max())} would become 1 (scale the scores to a best of 1 and the "
                "weight down instead)",
                path,
            )
        return
    if as_line(issue, scoring) is not None:
        return
    if isinstance(issue, IntegerIssue):
        yield Problem(f"{where}: GENIUS integer evaluators are clipped lines", path)
        return
    points = scoring.points or ()
    if not (len(points) == 3 and [s for _, s in points] == [0.0, 1.0, 0.0]):
        yield Problem(f"{where}: GENIUS real evaluators are lines or triangles", path)


def as_line(issue: AnyIssue, scoring: IssueScoring) -> tuple[float, float, float] | None:
    """(slope, offset, origin) of a clipped-line scoring of a numeric issue, or None."""
    if isinstance(issue, CategoricalIssue):
        return None
    if scoring.affine is not None:
        a = scoring.affine
        return a.slope, a.offset, issue.min if a.origin is None else a.origin
    span = issue.max - issue.min
    if scoring.linear is not None and span > 0:
        rising = scoring.linear == "increasing"
        return (1 / span if rising else -1 / span), (0.0 if rising else 1.0), issue.min
    scores = scoring.vector(issue)
    if np.all(scores == scores[0]):
        return 0.0, float(scores[0]), issue.min
    return None


def _geniusweb_party(parts: Parts, k: int, party: Party) -> Iterator[Problem]:
    prefs = party.preferences
    base = f"parties[{k}].preferences"
    who = f"party {party.name!r}"
    if not isinstance(prefs, Preferences):
        kind = prefs.kind if prefs is not None else "no"
        yield Problem(f"{who}: GeniusWeb profiles here are linear additive only ({kind})", base)
        return
    yield from _common(k, party, "a LinearAdditiveUtilitySpace has no")
    if prefs.discount_factor != 1.0:
        yield Problem(
            f"{who}: GeniusWeb has no discount (discount factor {number(prefs.discount_factor)})",
            f"{base}.discount_factor",
        )
    total = sum(prefs.weights.get(i.name, 0.0) for i in parts.issues.values())
    if parts.whole("issues") and abs(total - 1.0) > WEIGHT_TOLERANCE:
        yield Problem(
            f"{who}: GeniusWeb weights must sum to 1 (got {plain(total)})", f"{base}.weights"
        )
    issues = parts.issue_names()
    for name, scoring in prefs.values.items():
        issue = issues.get(name)
        if issue is None or isinstance(issue, CategoricalIssue):
            continue
        try:
            scores, grid = scoring.vector(issue), issue.numeric_values()
        except ValueError:
            continue  # the cross-checks report it
        line = np.interp(grid, [grid[0], grid[-1]], [scores[0], scores[-1]])
        if grid.size < 2 or not np.allclose(line, scores, rtol=0, atol=1e-12):
            path = f"{base}.values.{name}"
            yield Problem(f"{who}, issue {name!r}: numberutils are one straight line", path)
    whole, rv = parts.scenario, prefs.reservation_value
    if isinstance(whole, Scenario) and rv > 0 and reservation_outcomes(whole, k).size == 0:
        yield Problem(
            f"{who}: no outcome is worth the reservation value {number(prefs.reservation_value)}",
            f"{base}.reservation_value",
        )


def reservation_outcomes(scenario: Scenario, k: int) -> IntArray:
    """The outcomes worth at least party `k`'s reservation value, cheapest first: GeniusWeb
    states a reservation value as one of them."""
    party = scenario.parties[k]
    assert party.preferences is not None
    j = [p.name for p in scenario.negotiators].index(party.name)
    table = np.asarray(compiled(scenario).utilities[j].utilities())
    worth = np.flatnonzero(table >= party.preferences.reservation_value - 1e-9)
    return worth[np.argsort(table[worth], kind="stable")]

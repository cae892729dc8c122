"""GENIUS XML out: a Scenario as a domain file and one profile file per party.

The files mean, under GENIUS's reading (`dragoman.io.genius`), what the scenario means; what
GENIUS cannot express is refused with a `GeniusError` naming the party and the field rather than
written approximately: red lines, interactions, integer issues with a step other than 1, discrete
scores whose best is not 1 on a weighted issue (GENIUS divides by the best), and numeric scorings
that are not one of its evaluators (a clipped line; on real issues also a triangle).

Names: the domain file is `<title>.xml`, each profile `<party>.xml`, so a scenario imported from
GENIUS exports to files that import back to an identical scenario. Numbers are written exactly
(`repr`), whole numbers without a decimal point.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ElementTree, SubElement, indent

import numpy as np

from dragoman.io.genius_nonlinear import nonlinear_utility_element
from dragoman.io.genius_xml import GeniusError
from dragoman.model.outcomes import CategoricalIssue, IntegerIssue, RealIssue
from dragoman.model.preferences import IssueScoring, Preferences
from dragoman.model.rectangles import HyperRectanglePreferences
from dragoman.model.scenario import Scenario
from dragoman.model.sections import Party

__all__ = ["export_genius", "safe_file_stem"]

AnyIssue = CategoricalIssue | IntegerIssue | RealIssue
_UNSAFE = '/\\:*?"<>|\0'


def safe_file_stem(name: str) -> str:
    """`name` usable as a file name: path separators and reserved characters become '_'."""
    stem = "".join("_" if c in _UNSAFE or ord(c) < 32 else c for c in name).strip().lstrip(".")
    return stem or "unnamed"


def export_genius(scenario: Scenario, folder: str | Path) -> list[Path]:
    """Write the domain and one profile per party into `folder`; the paths written, domain
    first. Nothing is written unless every part can be expressed in GENIUS XML."""
    out = Path(folder)
    domain_file = out / f"{safe_file_stem(scenario.metadata.title)}.xml"
    documents: list[tuple[Path, Element]] = [(domain_file, _domain(scenario, domain_file))]
    for party in scenario.negotiators:
        path = out / f"{safe_file_stem(party.name)}.xml"
        if path in {p for p, _ in documents}:
            raise GeniusError(path, f"party {party.name!r}: a second file with this name")
        documents.append((path, _profile(scenario, party, path)))
    out.mkdir(parents=True, exist_ok=True)
    for path, root in documents:
        indent(root)
        ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return [p for p, _ in documents]


def _objective(parent: Element) -> Element:
    return SubElement(parent, "objective", index="0", description="", name="root", type="objective")


def _issue_element(parent: Element, issue: AnyIssue, index: int, file: Path) -> Element:
    """An issue as the domain lists it (profiles repeat it, adding evaluations)."""
    kind = {"categorical": "discrete", "integer": "integer", "real": "real"}[issue.kind]
    element = SubElement(
        parent, "issue", index=str(index), name=issue.name, type=kind, etype=kind, vtype=kind
    )
    if isinstance(issue, CategoricalIssue):
        for k, value in enumerate(issue.values, start=1):
            SubElement(element, "item", index=str(k), value=value)
    elif isinstance(issue, IntegerIssue):
        if issue.step != 1:
            raise GeniusError(file, f"issue {issue.name!r}: GENIUS integer issues have step 1")
        element.set("lowerbound", str(issue.min))
        element.set("upperbound", str(issue.max))
    else:
        SubElement(element, "range", lowerbound=_text(issue.min), upperbound=_text(issue.max))
    return element


def _domain(scenario: Scenario, file: Path) -> Element:
    root = Element("negotiation_template")
    space = SubElement(root, "utility_space", number_of_issues=str(len(scenario.issues)))
    objective = _objective(space)
    for k, issue in enumerate(scenario.issues, start=1):
        _issue_element(objective, issue, k, file)
    return root


def _profile(scenario: Scenario, party: Party, file: Path) -> Element:
    prefs = party.preferences
    assert prefs is not None
    if prefs.red_lines:
        raise GeniusError(file, f"party {party.name!r}: GENIUS profiles have no red lines")
    root = Element("utility_space")
    objective = _objective(root)
    if isinstance(prefs, HyperRectanglePreferences):
        root.set("type", "nonlinear")
        for k, issue in enumerate(scenario.issues, start=1):
            _issue_element(objective, issue, k, file)
        index_of = {issue.name: k for k, issue in enumerate(scenario.issues, start=1)}
        _check_bounds(scenario, prefs, party, file)
        nonlinear_utility_element(objective, prefs, index_of)
    elif isinstance(prefs, Preferences):
        _linear_profile(scenario, prefs, party, objective, file)
    else:
        raise GeniusError(file, f"party {party.name!r}: GENIUS has no {prefs.kind} profiles")
    SubElement(root, "discount_factor", value=_text(prefs.discount_factor))
    SubElement(root, "reservation", value=_text(prefs.reservation_value))
    return root


def _check_bounds(
    scenario: Scenario, prefs: HyperRectanglePreferences, party: Party, file: Path
) -> None:
    kinds = {issue.name: issue.kind for issue in scenario.issues}
    for rect in prefs.function.walk():
        for bound in rect.bounds:
            if kinds[bound.issue] != "integer" or not (
                bound.min.is_integer() and bound.max.is_integer()
            ):
                raise GeniusError(
                    file,
                    f"party {party.name!r}: GENIUS rectangles bound integer issues by whole "
                    f"numbers (bound on {bound.issue!r}: {bound.min:g}..{bound.max:g})",
                )


def _linear_profile(
    scenario: Scenario, prefs: Preferences, party: Party, objective: Element, file: Path
) -> None:
    if prefs.interactions:
        raise GeniusError(file, f"party {party.name!r}: GENIUS profiles have no interactions")
    for k, issue in enumerate(scenario.issues, start=1):
        scoring = prefs.values.get(issue.name)
        if scoring is None:
            continue
        element = _issue_element(objective, issue, k, file)
        where = f"party {party.name!r}, issue {issue.name!r}"
        weight = prefs.weights.get(issue.name, 0.0)
        _evaluations(element, issue, scoring, weight, where, file)
    for k, issue in enumerate(scenario.issues, start=1):
        SubElement(objective, "weight", index=str(k), value=_text(prefs.weights.get(issue.name, 0)))


def _evaluations(
    element: Element, issue: AnyIssue, scoring: IssueScoring, weight: float, where: str, file: Path
) -> None:
    """Fill a profile's issue element with the evaluator that means `scoring` to GENIUS."""
    if isinstance(issue, CategoricalIssue):
        scores = scoring.vector(issue)
        if weight > 0 and 1e-5 <= scores.max() < 1.0:
            raise GeniusError(
                file,
                f"{where}: GENIUS divides evaluations by their best, so a best score of "
                f"{scores.max():g} would become 1 (scale the scores to a best of 1 and the weight "
                "down instead)",
            )
        for item, score in zip(element.findall("item"), scores.tolist(), strict=True):
            item.set("evaluation", _text(score))
        return
    attributes = _numeric_evaluator(issue, scoring, where, file)
    SubElement(element, "evaluator", attributes)


def _numeric_evaluator(
    issue: IntegerIssue | RealIssue, scoring: IssueScoring, where: str, file: Path
) -> dict[str, str]:
    line = _as_line(issue, scoring)
    if isinstance(issue, IntegerIssue):
        if line is None:
            raise GeniusError(file, f"{where}: GENIUS integer evaluators are clipped lines")
        slope, offset, origin = line
        offset = offset if origin == issue.min else offset + slope * (issue.min - origin)
        return {"ftype": "linear", "slope": _text(slope), "offset": _text(offset)}
    if line is not None:
        slope, offset, origin = line
        if slope == 0:
            return {"ftype": "constant", "parameter0": _text(offset)}
        p0 = offset if origin == 0 else offset - slope * origin
        return {"ftype": "linear", "parameter0": _text(p0), "parameter1": _text(slope)}
    points = scoring.points or ()
    if len(points) == 3 and [s for _, s in points] == [0.0, 1.0, 0.0]:
        (low, _), (top, _), (high, _) = points
        return {
            "ftype": "triangular",
            "parameter0": _text(low),
            "parameter1": _text(high),
            "parameter2": _text(top),
        }
    raise GeniusError(file, f"{where}: GENIUS real evaluators are lines or triangles")


def _as_line(issue: IntegerIssue | RealIssue, scoring: IssueScoring) -> tuple[float, ...] | None:
    """(slope, offset, origin) of a clipped-line scoring, or None if it is not one."""
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


def _text(value: Any) -> str:
    """A number as GENIUS reads it: whole numbers without a decimal point, others exactly."""
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 2**53 else repr(number)

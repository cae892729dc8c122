"""GENIUS XML out: a Scenario as a domain file and one profile file per party.

The files mean, under GENIUS's reading (`dragoman.io.genius`), what the scenario means; what
GENIUS cannot express is refused, every such part at once (`dragoman.io.format_limits`), rather
than written approximately: red lines, interactions, integer issues with a step other than 1,
discrete scores whose best is not 1 on a weighted issue (GENIUS divides by the best), and
numeric scorings that are not one of its evaluators (a clipped line; on real issues also a
triangle).

Names are safe and short (`file_stem`: letters, digits, `_`, `-` and `.`, at most 60
characters): the domain file is `<stem>.xml` (the title's, or one given), each profile
`<party>.xml`, so a scenario imported from GENIUS (whose title is its domain file's stem)
exports to files that import back to an identical scenario. Numbers are written exactly
(`repr`), whole numbers without a decimal point.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ElementTree, SubElement, indent

from dragoman.errors import Problem
from dragoman.io.format_limits import as_line, genius_limits
from dragoman.io.genius_nonlinear import nonlinear_utility_element
from dragoman.io.genius_xml import GeniusProblemsError
from dragoman.model.outcomes import CategoricalIssue, IntegerIssue, RealIssue
from dragoman.model.partial import Parts
from dragoman.model.preferences import IssueScoring, Preferences
from dragoman.model.rectangles import HyperRectanglePreferences
from dragoman.model.scenario import Scenario
from dragoman.model.sections import Party

__all__ = ["export_genius", "export_paths", "file_stem"]

AnyIssue = CategoricalIssue | IntegerIssue | RealIssue
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
MAX_STEM = 60


def file_stem(name: str) -> str:
    """`name` as a short, safe file name: runs of anything but letters, digits, `_`, `-`
    and `.` become one `_` (no spaces, parentheses or path separators), at most 60 characters."""
    stem = _UNSAFE.sub("_", name).strip("_.-")[:MAX_STEM].rstrip("_.-")
    return stem or "unnamed"


def export_paths(
    scenario: Scenario, folder: str | Path, suffix: str, stem: str | None = None
) -> list[Path]:
    """The files an export writes, domain first: `<stem>` (default: the title's), then one
    per party; GeniusProblemsError if two would have the same name."""
    out = Path(folder)
    names = [
        file_stem(stem or scenario.metadata.title),
        *(file_stem(p.name) for p in scenario.negotiators),
    ]
    paths = [out / f"{name}{suffix}" for name in names]
    index = {party.name: k for k, party in enumerate(scenario.parties)}
    clashes = [
        Problem(
            f"party {party.name!r}: its file {paths[k + 1].name} would overwrite another",
            f"parties[{index[party.name]}].name",
        )
        for k, party in enumerate(scenario.negotiators)
        if paths[k + 1] in paths[: k + 1]
    ]
    if clashes:
        raise GeniusProblemsError(clashes)
    return paths


def export_genius(scenario: Scenario, folder: str | Path, stem: str | None = None) -> list[Path]:
    """Write the domain and one profile per party into `folder`; the paths written, domain
    first. Nothing is written unless every part can be expressed in GENIUS XML (else an
    GeniusProblemsError lists every part that cannot)."""
    problems = genius_limits(Parts.of(scenario))
    if problems:
        raise GeniusProblemsError(problems)
    paths = export_paths(scenario, folder, ".xml", stem)
    documents: list[tuple[Path, Element]] = [(paths[0], _domain(scenario))]
    for path, party in zip(paths[1:], scenario.negotiators, strict=True):
        documents.append((path, _profile(scenario, party)))
    Path(folder).mkdir(parents=True, exist_ok=True)
    for path, root in documents:
        indent(root)
        ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return paths


def _objective(parent: Element) -> Element:
    return SubElement(parent, "objective", index="0", description="", name="root", type="objective")


def _issue_element(parent: Element, issue: AnyIssue, index: int) -> Element:
    """An issue as the domain lists it (profiles repeat it, adding evaluations)."""
    kind = {"categorical": "discrete", "integer": "integer", "real": "real"}[issue.kind]
    element = SubElement(
        parent, "issue", index=str(index), name=issue.name, type=kind, etype=kind, vtype=kind
    )
    if isinstance(issue, CategoricalIssue):
        for k, value in enumerate(issue.values, start=1):
            SubElement(element, "item", index=str(k), value=value)
    elif isinstance(issue, IntegerIssue):
        element.set("lowerbound", str(issue.min))
        element.set("upperbound", str(issue.max))
    else:
        SubElement(element, "range", lowerbound=_text(issue.min), upperbound=_text(issue.max))
    return element


def _domain(scenario: Scenario) -> Element:
    root = Element("negotiation_template")
    space = SubElement(root, "utility_space", number_of_issues=str(len(scenario.issues)))
    objective = _objective(space)
    for k, issue in enumerate(scenario.issues, start=1):
        _issue_element(objective, issue, k)
    return root


def _profile(scenario: Scenario, party: Party) -> Element:
    """A party's profile (its preferences passed `genius_limits`)."""
    prefs = party.preferences
    assert prefs is not None
    root = Element("utility_space")
    objective = _objective(root)
    if isinstance(prefs, HyperRectanglePreferences):
        root.set("type", "nonlinear")
        for k, issue in enumerate(scenario.issues, start=1):
            _issue_element(objective, issue, k)
        index_of = {issue.name: k for k, issue in enumerate(scenario.issues, start=1)}
        nonlinear_utility_element(objective, prefs, index_of)
    else:
        assert isinstance(prefs, Preferences)
        _linear_profile(scenario, prefs, objective)
    SubElement(root, "discount_factor", value=_text(prefs.discount_factor))
    SubElement(root, "reservation", value=_text(prefs.reservation_value))
    return root


def _linear_profile(scenario: Scenario, prefs: Preferences, objective: Element) -> None:
    for k, issue in enumerate(scenario.issues, start=1):
        scoring = prefs.values.get(issue.name)
        if scoring is not None:
            _evaluations(_issue_element(objective, issue, k), issue, scoring)
    for k, issue in enumerate(scenario.issues, start=1):
        SubElement(objective, "weight", index=str(k), value=_text(prefs.weights.get(issue.name, 0)))


def _evaluations(element: Element, issue: AnyIssue, scoring: IssueScoring) -> None:
    """Fill a profile's issue element with the evaluator that means `scoring` to GENIUS."""
    if isinstance(issue, CategoricalIssue):
        for item, score in zip(
            element.findall("item"), scoring.vector(issue).tolist(), strict=True
        ):
            item.set("evaluation", _text(score))
        return
    SubElement(element, "evaluator", _numeric_evaluator(issue, scoring))


def _numeric_evaluator(issue: IntegerIssue | RealIssue, scoring: IssueScoring) -> dict[str, str]:
    line = as_line(issue, scoring)
    if isinstance(issue, IntegerIssue):
        assert line is not None
        slope, offset, origin = line
        offset = offset if origin == issue.min else offset + slope * (issue.min - origin)
        return {"ftype": "linear", "slope": _text(slope), "offset": _text(offset)}
    if line is not None:
        slope, offset, origin = line
        if slope == 0:
            return {"ftype": "constant", "parameter0": _text(offset)}
        p0 = offset if origin == 0 else offset - slope * origin
        return {"ftype": "linear", "parameter0": _text(p0), "parameter1": _text(slope)}
    (low, _), (top, _), (high, _) = scoring.points or ()
    return {
        "ftype": "triangular",
        "parameter0": _text(low),
        "parameter1": _text(high),
        "parameter2": _text(top),
    }


def _text(value: Any) -> str:
    """A number as GENIUS reads it: whole numbers without a decimal point, others exactly."""
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 2**53 else repr(number)

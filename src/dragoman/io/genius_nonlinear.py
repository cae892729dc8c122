"""GENIUS nonlinear profiles (ANAC 2014 hyper-rectangles) in and out.

Read as GENIUS's `NonlinearUtilitySpace` reads them: `objective/utility[@maxutility]` holds one
top-level `ufun` (its `weight` is not applied); a `ufun` aggregates (`sum`, `max`, `min`) its
`hyperRectangle`s and its nested `ufun`s (each times its `weight`); a rectangle is worth
`utility * weight` (weight 1 when absent) inside all its `INCLUDES` bounds, or outside its
`EXCLUDES` box (GENIUS keeps only the EXCLUDES bounds when a rectangle has both); bounds name
integer issues by `index`, min and max inclusive.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import Element, SubElement

from dragoman.io.genius_xml import XmlFile
from dragoman.model.outcomes import CategoricalIssue, IntegerIssue, RealIssue
from dragoman.model.rectangles import AGGREGATIONS, HyperRectanglePreferences, RectangleFunction

__all__ = ["nonlinear_utility_element", "read_nonlinear"]

AnyIssue = CategoricalIssue | IntegerIssue | RealIssue
IssueAt = Callable[[XmlFile, Element], AnyIssue]


def read_nonlinear(xml: XmlFile, issue_at: IssueAt) -> dict[str, Any]:
    """The `hyper-rectangles` preferences data of a nonlinear profile (without RV/discount)."""
    utility = xml.root.find("objective/utility")
    if utility is None:
        utility = xml.root.find(".//utility")
    if utility is None:
        raise xml.error(xml.root, "a nonlinear profile needs an <objective><utility> element")
    functions = utility.findall("ufun")
    if len(functions) != 1:
        raise xml.error(utility, f"needs exactly one top-level <ufun> (got {len(functions)})")
    top = _function(xml, functions[0], issue_at)
    top["weight"] = 1.0  # GENIUS does not apply the top-level weight
    return {
        "kind": "hyper-rectangles",
        "max_utility": xml.number(utility, "maxutility"),
        "function": top,
    }


def _function(xml: XmlFile, element: Element, issue_at: IssueAt) -> dict[str, Any]:
    aggregation = (element.get("aggregation") or "sum").lower()
    if aggregation not in AGGREGATIONS:
        known = ", ".join(AGGREGATIONS)
        raise xml.error(element, f"unknown aggregation {aggregation!r} (known: {known})")
    for child in element:
        if child.tag not in ("hyperRectangle", "ufun"):
            raise xml.error(child, "unknown element in a <ufun> (hyperRectangle or ufun)")
    weight = xml.number(element, "weight") if element.get("weight") is not None else 1.0
    return {
        "aggregation": aggregation,
        "weight": weight,
        "rectangles": [_rectangle(xml, r, issue_at) for r in element.findall("hyperRectangle")],
        "functions": [_function(xml, f, issue_at) for f in element.findall("ufun")],
    }


def _rectangle(xml: XmlFile, element: Element, issue_at: IssueAt) -> dict[str, Any]:
    side = "excludes" if element.find("EXCLUDES") is not None else "includes"
    bounds = []
    for bound in element.findall(side.upper()):
        issue = issue_at(xml, bound)
        if not isinstance(issue, IntegerIssue):
            raise xml.error(bound, f"issue {issue.name!r} is not an integer issue")
        low, high = xml.integer(bound, "min"), xml.integer(bound, "max")
        if high < low:
            raise xml.error(bound, f"max ({high}) is below min ({low})")
        bounds.append({"issue": issue.name, "min": float(low), "max": float(high)})
    weight = xml.number(element, "weight") if element.get("weight") is not None else 1.0
    return {"utility": xml.number(element, "utility"), "weight": weight, side: bounds}


def nonlinear_utility_element(
    parent: Element, preferences: HyperRectanglePreferences, index_of: dict[str, int]
) -> Element:
    """Append the `<utility>` element of a nonlinear profile to `parent` (an `<objective>`)."""
    utility = SubElement(parent, "utility", maxutility=_text(preferences.max_utility))
    _function_element(utility, preferences.function, index_of)
    return utility


def _function_element(
    parent: Element, function: RectangleFunction, index_of: dict[str, int]
) -> None:
    element = SubElement(
        parent,
        "ufun",
        type="PlainUfun",
        weight=_text(function.weight),
        aggregation=function.aggregation,
    )
    for rect in function.rectangles:
        attributes = {"utility": _text(rect.utility)}
        if rect.weight != 1.0:
            attributes["weight"] = _text(rect.weight)
        rect_element = SubElement(element, "hyperRectangle", attributes)
        tag = "EXCLUDES" if rect.excludes else "INCLUDES"
        for bound in rect.bounds:
            SubElement(
                rect_element,
                tag,
                index=str(index_of[bound.issue]),
                min=_text(bound.min),
                max=_text(bound.max),
            )
    for nested in function.functions:
        _function_element(element, nested, index_of)


def _text(value: float) -> str:
    """A number as GENIUS reads it: whole numbers without a decimal point, others exactly."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))

"""The weights of a linear GENIUS profile, read as GENIUS reads them.

GENIUS 10.4, `genius.core.utility.AdditiveUtilitySpace` (`loadTreeRecursive`, `getUtility`):

* at every element of the profile, the `weight`s among its children are matched by `index` to
  the `issue` and `objective` elements among the same children; a weight that matches no
  sibling is never used;
* a weight matched to an objective gives it an objective evaluator, which `getUtility` skips:
  the utility is the sum, over every issue of the tree, of issue weight × evaluation. So an
  objective's weight, the root objective's included, changes nothing, and it is **not**
  multiplied into the weights of the issues below it.

Read here accordingly: objective weights (an index naming an objective of the domain or of the
profile) are accepted and set aside. Refused, each with the file, line and element: an issue's
weight that is not beside its `<issue>` element (GENIUS would not use it, and the issue would
have no weight), an index naming no issue and no objective (GENIUS ignores it silently; it
usually means a profile of another domain), a second weight for one issue, a negative weight,
and issue weights not summing to 1 within `GENIUS_WEIGHT_TOLERANCE`.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from dragoman._words import number, plain
from dragoman.io.genius_domain import AnyIssue, GeniusDomain, objective_indices
from dragoman.io.genius_xml import XmlFile
from dragoman.model.preferences import GENIUS_WEIGHT_TOLERANCE

__all__ = ["read_weights"]

_NODES = ("issue", "objective")


def read_weights(xml: XmlFile, domain: GeniusDomain) -> dict[str, float]:
    """Each domain issue's weight, by issue name (see the module doc)."""
    objectives = domain.objectives | objective_indices(xml)
    weights: dict[str, float] = {}
    for parent in xml.root.iter():
        siblings = {
            xml.integer(child, "index"): child
            for child in parent
            if child.tag in _NODES and child.get("index") is not None
        }
        for element in parent.findall("weight"):
            issue = _weighted_issue(xml, element, siblings, objectives, domain)
            weight = xml.number(element, "value")
            if issue is None:
                continue  # an objective's weight: GENIUS never uses it
            if issue.name in weights:
                raise xml.error(element, "a second <weight> for this issue")
            if not weight >= 0:
                raise xml.error(element, f"a weight must be >= 0 (got {number(weight)})")
            weights[issue.name] = weight
    _check_all_weighted(xml, domain, weights)
    return weights


def _weighted_issue(
    xml: XmlFile,
    element: Element,
    siblings: dict[int, Element],
    objectives: frozenset[int],
    domain: GeniusDomain,
) -> AnyIssue | None:
    """The issue a `<weight>` weighs, or None for an objective's weight; GeniusError for a
    weight GENIUS would not give to any issue."""
    index = xml.integer(element, "index")
    sibling = siblings.get(index)
    if sibling is not None and sibling.tag == "issue":
        return domain.issue_at(xml, sibling)
    if sibling is not None or index in objectives:
        return None
    if index in domain.issues:
        name = domain.issues[index].name
        raise xml.error(
            element,
            f"the weight of issue {name!r} is not beside its <issue> element (GENIUS matches "
            "a weight only to the issues and objectives inside the same element)",
        )
    issues = ", ".join(str(i) for i in domain.issues)
    known = ", ".join(str(i) for i in sorted(objectives)) or "none"
    raise xml.error(
        element,
        f"index {index} names no issue and no objective (issue indices: {issues}; "
        f"objective indices: {known})",
    )


def _check_all_weighted(xml: XmlFile, domain: GeniusDomain, weights: dict[str, float]) -> None:
    """GeniusError unless every issue has a weight and the weights sum to 1 (within the
    tolerance GENIUS's own files need)."""
    missing = [i.name for i in domain.issues.values() if i.name not in weights]
    if missing:
        raise xml.error(None, f"missing weights: no <weight> for issues {missing}")
    total = sum(weights.values())
    if abs(total - 1.0) > GENIUS_WEIGHT_TOLERANCE:
        raise xml.error(
            None,
            f"weights sum to {plain(total)}, not 1 (GENIUS profiles may miss 1 by at most "
            f"{number(GENIUS_WEIGHT_TOLERANCE)})",
        )

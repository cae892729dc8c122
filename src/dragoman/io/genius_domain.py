"""GENIUS domain files (`negotiation_template`): the issues, keyed by their GENIUS `index`, and
the indices of the objectives above them (`dragoman.io.genius` reads the profiles).

The issue kind comes from `type` (absent: discrete); real issues are enumerated on a grid of
`real_levels` values. Issues nested in sub-objectives are read like the others: GENIUS sums
over every issue of the tree (`Objective.getPreorderIssueEnumeration`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from dragoman.io.genius_xml import GeniusError, XmlFile, read_xml
from dragoman.model.outcomes import CategoricalIssue, IntegerIssue, RealIssue

__all__ = ["AnyIssue", "GeniusDomain", "read_genius_domain"]

AnyIssue = CategoricalIssue | IntegerIssue | RealIssue


@dataclass(frozen=True)
class GeniusDomain:
    """A domain file read: its issues keyed by GENIUS index (file order), its name, and the
    indices of its objectives (the root's included)."""

    file: Path
    name: str
    issues: dict[int, AnyIssue]
    objectives: frozenset[int] = frozenset()

    def issue_at(self, xml: XmlFile, element: Element) -> AnyIssue:
        """The domain issue an element's `index` attribute names (GeniusError if none)."""
        index = xml.integer(element, "index")
        if index not in self.issues:
            known = ", ".join(str(i) for i in self.issues)
            raise xml.error(element, f"index {index} names no domain issue (indices: {known})")
        return self.issues[index]


def read_genius_domain(path: str | Path, real_levels: int = 11) -> GeniusDomain:
    """The issues of a GENIUS domain file (real issues on a grid of `real_levels` values)."""
    if real_levels < 2:
        raise GeniusError(path, f"real issues need at least 2 grid values (got {real_levels})")
    xml = read_xml(Path(path))
    if xml.root.tag != "negotiation_template":
        raise xml.error(None, f"not a GENIUS domain (root element is <{xml.root.tag}>)")
    issues: dict[int, AnyIssue] = {}
    names: set[str] = set()
    for element in xml.root.iter("issue"):
        index = xml.integer(element, "index")
        issue = _domain_issue(xml, element, index, real_levels)
        if index in issues or issue.name in names:
            raise xml.error(element, "a second issue with this index or name")
        issues[index] = issue
        names.add(issue.name)
    if not issues:
        raise xml.error(None, "the domain has no <issue> elements")
    name = xml.root.get("name") or xml.path.stem
    return GeniusDomain(xml.path, name, issues, objective_indices(xml))


def objective_indices(xml: XmlFile) -> frozenset[int]:
    """The `index` of every `<objective>` element of a file (those without one are skipped)."""
    return frozenset(
        xml.integer(element, "index")
        for element in xml.root.iter("objective")
        if element.get("index") is not None
    )


def _domain_issue(xml: XmlFile, element: Element, index: int, real_levels: int) -> AnyIssue:
    kind = element.get("type") or "discrete"
    name = element.get("name") or f"issue{index}"
    try:
        if kind == "discrete":
            values = tuple(str(item.get("value")) for item in element.findall("item"))
            if not values:
                raise xml.error(element, "a discrete issue needs <item> values")
            return CategoricalIssue(name=name, values=values)
        if kind == "integer":
            low, high = xml.integer(element, "lowerbound"), xml.integer(element, "upperbound")
            return IntegerIssue(name=name, min=low, max=high)
        if kind == "real":
            bounds = element.find("range")
            if bounds is None:
                raise xml.error(element, "a real issue needs a <range> child")
            lower, upper = xml.number(bounds, "lowerbound"), xml.number(bounds, "upperbound")
            step = (upper - lower) / (real_levels - 1) if upper > lower else 1.0
            return RealIssue(name=name, min=lower, max=upper, step=step)
    except ValueError as exc:  # pydantic: duplicate values, empty range, ...
        message = str(exc).splitlines()[-1].strip().removeprefix("Value error, ")
        raise xml.error(element, message.split(" [type=")[0]) from None
    raise xml.error(element, f"unknown issue type {kind!r} (known: discrete, integer, real)")

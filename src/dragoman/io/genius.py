"""GENIUS XML in: a domain (`negotiation_template`) and linear-additive profiles (`utility_space`)
become a Scenario, read with GENIUS's meaning (see ../shared/data/FORMATS.md):

* the issue kind comes from `type` (absent: discrete; `type` wins over `vtype`);
* profile issues and weights are matched to domain issues by `index`, not by name;
* discrete evaluations are divided by their issue's largest evaluation (0 if that is < 1e-5);
* integer evaluators give clip01(slope * (x - lowerbound) + offset); real `linear` evaluators
  clip01(parameter1 * x + parameter0), sampled on a grid of `real_levels` values;
* weights are used as written; `reservation` absent = 0; a discount <= 0 or > 1 means none.

XML is parsed with defusedxml: DTDs, entities and external references are refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from dragoman.errors import DragomanError
from dragoman.outcomes import CategoricalIssue, IntegerIssue, RealIssue
from dragoman.scenario import Scenario

__all__ = ["GeniusError", "load_genius", "read_genius_domain", "read_genius_profile"]

AnyIssue = CategoricalIssue | IntegerIssue | RealIssue
_TINY_MAX = 1e-5


class GeniusError(DragomanError):
    """A GENIUS file that cannot be read: names the file and what is wrong, in one line."""


def _parse(path: Path) -> Any:
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        return SafeET.parse(path).getroot()
    except DefusedXmlException as exc:
        raise GeniusError(f"{path}: refused unsafe XML ({type(exc).__name__})") from None
    except SafeET.ParseError as exc:
        raise GeniusError(f"{path}: not well-formed XML ({exc})") from None
    except OSError as exc:
        raise GeniusError(f"{path}: cannot read the file ({exc.strerror})") from None


def _number(element: Any, attribute: str, path: Path) -> float:
    text = element.get(attribute)
    try:
        return float(text)
    except (TypeError, ValueError):
        where = (
            f"<{element.tag} name={element.get('name')!r}>"
            if element.get("name")
            else f"<{element.tag}>"
        )
        raise GeniusError(f"{path}: {where} needs a numeric {attribute!r} (got {text!r})") from None


def read_genius_domain(path: Path, real_levels: int = 11) -> tuple[dict[int, AnyIssue], str]:
    """The issues of a domain file keyed by GENIUS index, and the domain's name."""
    root = _parse(path)
    if root.tag != "negotiation_template":
        raise GeniusError(f"{path}: not a GENIUS domain (root element is <{root.tag}>)")
    issues: dict[int, AnyIssue] = {}
    for element in root.iter("issue"):
        kind = element.get("type") or "discrete"
        index = int(_number(element, "index", path))
        name = str(element.get("name") or f"issue{index}")
        if kind == "discrete":
            values = tuple(str(item.get("value")) for item in element.findall("item"))
            if not values:
                raise GeniusError(f"{path}: discrete issue {name!r} has no <item> values")
            issues[index] = CategoricalIssue(name=name, values=values)
        elif kind == "integer":
            low, high = _number(element, "lowerbound", path), _number(element, "upperbound", path)
            issues[index] = IntegerIssue(kind="integer", name=name, min=int(low), max=int(high))
        elif kind == "real":
            bounds = element.find("range")
            if bounds is None:
                raise GeniusError(f"{path}: real issue {name!r} has no <range>")
            low, high = _number(bounds, "lowerbound", path), _number(bounds, "upperbound", path)
            step = (high - low) / (real_levels - 1) if high > low else 1.0
            issues[index] = RealIssue(kind="real", name=name, min=low, max=high, step=step)
        else:
            raise GeniusError(f"{path}: issue {name!r} has unknown type {kind!r}")
    if not issues:
        raise GeniusError(f"{path}: the domain has no <issue> elements")
    return issues, str(root.get("name") or path.stem)


def read_genius_profile(path: Path, issues: dict[int, AnyIssue]) -> dict[str, Any]:
    """A linear-additive profile as the `preferences` data of a scenario party."""
    root = _parse(path)
    if root.tag != "utility_space":
        raise GeniusError(f"{path}: not a GENIUS profile (root element is <{root.tag}>)")
    kind = root.get("type")
    if kind not in (None, "linear"):
        raise GeniusError(f"{path}: profile type {kind!r} is not linear additive")
    weights: dict[str, float] = {}
    for element in root.iter("weight"):
        index = int(_number(element, "index", path))
        if index not in issues:
            raise GeniusError(f"{path}: <weight index={index}> names no domain issue")
        weights[issues[index].name] = _number(element, "value", path)
    values: dict[str, Any] = {}
    for element in root.iter("issue"):
        index = int(_number(element, "index", path))
        if index not in issues:
            raise GeniusError(f"{path}: <issue index={index}> names no domain issue")
        issue = issues[index]
        values[issue.name] = _scoring(element, issue, path)
    missing = [i.name for i in issues.values() if i.name not in weights]
    if missing:
        raise GeniusError(f"{path}: no <weight> for issues {missing}")
    reservation = root.find(".//reservation")
    discount = root.find(".//discount_factor")
    d = 1.0 if discount is None else _number(discount, "value", path)
    return {
        "weights": weights,
        "values": values,
        "reservation_value": 0.0 if reservation is None else _number(reservation, "value", path),
        "discount_factor": 1.0 if d <= 0 or d > 1 else d,
    }


def _scoring(element: Any, issue: AnyIssue, path: Path) -> dict[str, Any]:
    if isinstance(issue, CategoricalIssue):
        raw = {str(i.get("value")): _number(i, "evaluation", path) for i in element.findall("item")}
        missing = [v for v in issue.values if v not in raw]
        if missing:
            raise GeniusError(f"{path}: no evaluation for {missing} of issue {issue.name!r}")
        top = max(raw[v] for v in issue.values)
        scale = top if top >= _TINY_MAX else float("inf")
        return {"scores": {v: max(0.0, raw[v] / scale) for v in issue.values}}
    evaluator = element.find("evaluator")
    if evaluator is None:
        raise GeniusError(f"{path}: issue {issue.name!r} has no <evaluator>")
    grid = issue.numeric_values()
    if isinstance(issue, IntegerIssue):
        slope, offset = _number(evaluator, "slope", path), _number(evaluator, "offset", path)
        scores = slope * (grid - issue.min) + offset
    else:
        ftype = evaluator.get("ftype")
        if ftype == "linear":
            p0, p1 = _number(evaluator, "parameter0", path), _number(evaluator, "parameter1", path)
            scores = p1 * grid + p0
        elif ftype == "constant":
            scores = np.full_like(grid, _number(evaluator, "parameter0", path))
        else:
            raise GeniusError(f"{path}: unknown evaluator type {ftype!r} for issue {issue.name!r}")
    clipped = np.clip(scores, 0.0, 1.0)
    if grid.size == 1:
        return {
            "points": [[float(grid[0]), float(clipped[0])], [float(grid[0]) + 1, float(clipped[0])]]
        }
    return {"points": [[float(x), float(s)] for x, s in zip(grid, clipped, strict=True)]}


def load_genius(
    domain: str | Path, profiles: Sequence[str | Path], real_levels: int = 11
) -> Scenario:
    """A scenario from a GENIUS domain file and one profile file per party."""
    domain_path = Path(domain)
    issues, name = read_genius_domain(domain_path, real_levels)
    if len(profiles) < 2:
        raise GeniusError(f"{domain_path}: give at least two profiles (got {len(profiles)})")
    parties = []
    for profile in profiles:
        path = Path(profile)
        parties.append({"name": path.stem, "preferences": read_genius_profile(path, issues)})
    data = {
        "metadata": {
            "title": name,
            "description": f"Imported from GENIUS: {domain_path.name}",
            "sources": [{"id": "genius", "title": domain_path.name, "publisher": "GENIUS / ANAC"}],
        },
        "issues": [i.model_dump() for i in issues.values()],
        "parties": parties,
    }
    return Scenario.from_data(data)

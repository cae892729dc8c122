"""GENIUS XML domains and linear-additive profiles as dragoman arrays (test helper, not a test).

Reads the ANAC domains under the shared data folder (`../shared/data/anac`, or the folder named by
the DRAGOMAN_SHARED_DATA environment variable, which holds `anac/`) with defusedxml, following
the GENIUS semantics written down in `shared/data/FORMATS.md`:

* the issue kind comes from `type` (absent: discrete; `type` wins over `vtype`);
* profile issues and `weight` elements are matched to domain issues by `index`, not by name;
* discrete evaluations are divided by the largest evaluation of their issue (0 if it is < 1e-5);
* integer evaluators give clip01(slope * (x - lowerbound) + offset); real `linear` evaluators
  clip01(parameter1 * x + parameter0), on a grid of `real_levels` values;
* weights are used as written (not re-normalised) and the utility is capped at 1;
* `reservation` absent means 0; a discount factor <= 0 or > 1 means 1 (no discount).

Nonlinear profiles (`utility_space type="nonlinear"`, ANAC 2014) raise `NonlinearProfileError`.
The utility of the whole space is built by numpy broadcasting, one issue at a time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import defusedxml.ElementTree as SafeET
import numpy as np
import numpy.typing as npt

from dragoman.model.outcomes import CategoricalIssue, IntegerIssue, OutcomeSpace, RealIssue

__all__ = [
    "DATA_ENV",
    "GeniusDomain",
    "GeniusIssue",
    "GeniusProfile",
    "NonlinearProfileError",
    "anac_folder",
    "domain_files",
    "linear_domain_folders",
    "read_domain",
    "read_issues",
    "read_profile",
]

FloatArray = npt.NDArray[np.float64]
IssueKind = Literal["discrete", "integer", "real"]

#: Environment variable naming the shared data folder (the one that holds `anac/`).
DATA_ENV = "DRAGOMAN_SHARED_DATA"
#: Below this, a discrete issue's largest evaluation counts as 0 (GENIUS's EvaluatorDiscrete).
_TINY_MAX = 1e-5


class NonlinearProfileError(ValueError):
    """The profile is not linear additive (e.g. ANAC 2014 hyper-rectangles)."""


@dataclass(frozen=True)
class GeniusIssue:
    """One domain issue: its GENIUS index, name, kind and values (labels, or a numeric range)."""

    index: int
    name: str
    kind: IssueKind
    values: tuple[str, ...] = ()
    lower: float = 0.0
    upper: float = 0.0

    def dragoman_issue(self, real_levels: int) -> CategoricalIssue | IntegerIssue | RealIssue:
        """The same issue as a dragoman issue (real ranges on a grid of `real_levels` values)."""
        if self.kind == "discrete":
            return CategoricalIssue(name=self.name, values=self.values)
        if self.kind == "integer":
            return IntegerIssue(name=self.name, min=int(self.lower), max=int(self.upper))
        step = (self.upper - self.lower) / (real_levels - 1) if self.upper > self.lower else 1.0
        return RealIssue(name=self.name, min=self.lower, max=self.upper, step=step)


@dataclass(frozen=True)
class GeniusProfile:
    """One party's linear-additive profile, aligned with the domain's issues."""

    name: str
    weights: FloatArray  # per domain issue, as written in the file (0 if absent)
    evaluations: tuple[FloatArray, ...]  # per domain issue: value in [0, 1] of each issue value
    reservation_value: float
    discount_factor: float

    def utilities(self, shape: Sequence[int]) -> FloatArray:
        """Utility of every outcome (mixed radix, last issue fastest), capped at 1."""
        total = np.zeros(tuple(shape), dtype=np.float64)
        for position, (weight, values) in enumerate(
            zip(self.weights, self.evaluations, strict=True)
        ):
            view = [1] * len(shape)
            view[position] = len(values)
            total += weight * values.reshape(view)
        return np.minimum(total, 1.0).ravel()


@dataclass(frozen=True)
class GeniusDomain:
    """A domain, its dragoman outcome space and the profiles read for it."""

    name: str
    folder: Path
    issues: tuple[GeniusIssue, ...]
    space: OutcomeSpace
    profiles: tuple[GeniusProfile, ...]
    domain_file: Path
    profile_files: tuple[Path, ...]

    def utilities(self) -> FloatArray:
        """(parties, outcomes) utilities over the whole space."""
        shape = self.space.shape
        return np.stack([p.utilities(shape) for p in self.profiles])

    def reservation(self) -> FloatArray:
        """Each profile's reservation value."""
        return np.array([p.reservation_value for p in self.profiles], dtype=np.float64)


def anac_folder() -> Path | None:
    """The ANAC data folder, or None when it is not there (tests then skip).

    Under CI (CI=true) the data must be there: CI lays shared/ beside the clone, and tests that
    skip there would prove nothing, so a missing folder is an error instead.
    """
    override = os.environ.get(DATA_ENV)
    base = Path(override) if override else Path(__file__).resolve().parents[2] / "shared" / "data"
    folder = base / "anac"
    if folder.is_dir():
        return folder
    if os.environ.get("CI", "").lower() == "true":
        raise RuntimeError(f"CI run without the ANAC test data: {folder} does not exist")
    return None


def _root(path: Path) -> Any:
    return SafeET.parse(path).getroot()


def domain_files(folder: Path) -> tuple[Path | None, list[Path]]:
    """The domain file (root `negotiation_template`) and profile files (root `utility_space`)."""
    domain: Path | None = None
    profiles: list[Path] = []
    for path in sorted(folder.glob("*.xml")):
        if path.name == "pareto.xml":  # plain text "u1, u2" lines, not XML
            continue
        tag = _root(path).tag
        if tag == "negotiation_template":
            domain = path
        elif tag == "utility_space":
            profiles.append(path)
    return domain, profiles


def read_issues(path: Path) -> tuple[GeniusIssue, ...]:
    """The issues of a domain file, in file order."""
    root = _root(path)
    if root.tag != "negotiation_template":
        raise ValueError(f"{path}: not a GENIUS domain (root is {root.tag!r})")
    issues = []
    for element in root.iter("issue"):
        kind = element.get("type") or "discrete"  # `type` wins over `vtype`; absent = discrete
        index, name = int(element.get("index")), str(element.get("name"))
        if kind == "discrete":
            values = tuple(str(item.get("value")) for item in element.findall("item"))
            issues.append(GeniusIssue(index, name, "discrete", values=values))
        elif kind == "integer":
            lower, upper = float(element.get("lowerbound")), float(element.get("upperbound"))
            issues.append(GeniusIssue(index, name, "integer", lower=lower, upper=upper))
        elif kind == "real":
            bounds = element.find("range")
            lower, upper = float(bounds.get("lowerbound")), float(bounds.get("upperbound"))
            issues.append(GeniusIssue(index, name, "real", lower=lower, upper=upper))
        else:
            raise ValueError(f"{path}: issue {name!r} has unknown type {kind!r}")
    return tuple(issues)


def _clip01(x: FloatArray) -> FloatArray:
    return np.clip(x, 0.0, 1.0)


def _evaluations(element: Any, issue: GeniusIssue, grid: FloatArray, path: Path) -> FloatArray:
    """Value in [0, 1] of each of the issue's values, from one profile `issue` element."""
    if issue.kind == "discrete":
        # direct children only: the Car profiles nest other `item`s in similarity functions
        raw = {str(i.get("value")): float(i.get("evaluation")) for i in element.findall("item")}
        missing = [v for v in issue.values if v not in raw]
        if missing:
            raise ValueError(f"{path}: no evaluation for {missing} of issue {issue.name!r}")
        values = np.array([raw[v] for v in issue.values], dtype=np.float64)
        top = float(values.max())
        return values / top if top >= _TINY_MAX else np.zeros_like(values)
    evaluator = element.find("evaluator")
    if issue.kind == "integer":
        slope, offset = float(evaluator.get("slope")), float(evaluator.get("offset"))
        return _clip01(slope * (grid - issue.lower) + offset)
    ftype = evaluator.get("ftype")
    if ftype == "linear":
        p0, p1 = float(evaluator.get("parameter0")), float(evaluator.get("parameter1"))
        return _clip01(p1 * grid + p0)
    if ftype == "constant":
        return _clip01(np.full_like(grid, float(evaluator.get("parameter0"))))
    raise ValueError(f"{path}: real evaluator {ftype!r} is not supported by this reader")


def read_profile(path: Path, issues: Sequence[GeniusIssue], space: OutcomeSpace) -> GeniusProfile:
    """A linear-additive profile, aligned with `issues` by index."""
    root = _root(path)
    if root.tag != "utility_space":
        raise ValueError(f"{path}: not a GENIUS profile (root is {root.tag!r})")
    if root.get("type") not in (None, "linear"):
        raise NonlinearProfileError(f"{path}: profile type {root.get('type')!r}")
    position = {issue.index: k for k, issue in enumerate(issues)}
    weights = np.zeros(len(issues), dtype=np.float64)
    for element in root.iter("weight"):
        weights[position[int(element.get("index"))]] = float(element.get("value"))
    evaluations: list[FloatArray | None] = [None] * len(issues)
    for element in root.iter("issue"):
        k = position[int(element.get("index"))]
        grid = space.issues[k].numeric_values()
        evaluations[k] = _evaluations(element, issues[k], grid, path)
    if any(e is None for e in evaluations):
        raise ValueError(f"{path}: some domain issues have no evaluator")
    reservation = root.find(".//reservation")
    discount = root.find(".//discount_factor")
    d = 1.0 if discount is None else float(discount.get("value"))
    return GeniusProfile(
        name=path.stem,
        weights=weights,
        evaluations=tuple(e for e in evaluations if e is not None),
        reservation_value=0.0 if reservation is None else float(reservation.get("value")),
        discount_factor=1.0 if d <= 0 or d > 1 else d,
    )


def read_domain(
    folder: Path, max_profiles: int | None = None, real_levels: int = 11
) -> GeniusDomain:
    """The domain in `folder` with its first `max_profiles` profiles (file-name order)."""
    domain_file, profile_files = domain_files(folder)
    if domain_file is None:
        raise ValueError(f"{folder}: no domain file")
    chosen = tuple(profile_files[:max_profiles])
    issues = read_issues(domain_file)
    space = OutcomeSpace([issue.dragoman_issue(real_levels) for issue in issues])
    return GeniusDomain(
        name=folder.name,
        folder=folder,
        issues=issues,
        space=space,
        profiles=tuple(read_profile(p, issues, space) for p in chosen),
        domain_file=domain_file,
        profile_files=chosen,
    )


def outcome_count(issues: Sequence[GeniusIssue], real_levels: int = 11) -> int:
    """Size of the outcome space of `issues`, without building it."""
    count = 1
    for issue in issues:
        if issue.kind == "discrete":
            count *= len(issue.values)
        elif issue.kind == "integer":
            count *= int(issue.upper - issue.lower) + 1
        else:
            count *= real_levels
    return count


def linear_domain_folders(anac: Path, max_outcomes: int = 400_000) -> list[Path]:
    """Folders under `anac` with only linear-additive profiles and at most `max_outcomes`."""
    found = []
    for folder in sorted(p.parent for p in anac.rglob("*.xml")):
        if folder in found:
            continue
        domain, profiles = domain_files(folder)
        if domain is None or not profiles:
            continue
        if any(_root(p).get("type") not in (None, "linear") for p in profiles):
            continue
        if outcome_count(read_issues(domain)) <= max_outcomes:
            found.append(folder)
    return found

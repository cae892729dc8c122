"""GENIUS XML in: a domain (`negotiation_template`) and profiles (`utility_space`) become a
Scenario, read with GENIUS's meaning (`../shared/data/FORMATS.md`, `docs/genius-semantics.md`):

* the issue kind comes from `type` (absent: discrete; `type` wins over `vtype`); real issues are
  enumerated on a grid of `real_levels` values (`dragoman.io.genius_domain`);
* profile issues and weights are matched to domain issues by `index`, not by name;
* discrete evaluations are divided by their issue's largest evaluation (0 if that is < 1e-5);
* integer evaluators give clip01(slope * (x - lowerbound) + offset); real `linear` evaluators
  clip01(parameter1 * x + parameter0); `constant` and `triangular` ones likewise (kept exactly
  as `affine` or `points` scorings, so an export writes the same numbers back);
* weights are used as written (`weights_as_written: true`: they may miss 1 by up to 0.02 and the
  utility is capped at 1); each is matched to the issue beside it, and objectives' weights (the
  root's included) are set aside, as GENIUS does (`dragoman.io.genius_weights`);
  `reservation` absent = 0; a discount <= 0 or > 1 means none;
* `type="nonlinear"` profiles (ANAC 2014 hyper-rectangles) become `hyper-rectangles` preferences
  (`dragoman.io.genius_nonlinear`).

Every file is parsed with defusedxml (`dragoman.io.genius_xml`); every fault is a one-line
`GeniusError` naming the file, the line and the element. The export is `dragoman.io.genius_export`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from dragoman._words import number
from dragoman.errors import Problem, ScenarioError
from dragoman.io.genius_domain import AnyIssue, GeniusDomain, read_genius_domain
from dragoman.io.genius_nonlinear import read_nonlinear
from dragoman.io.genius_weights import read_weights
from dragoman.io.genius_xml import (
    GeniusError,
    GeniusProblemsError,
    MalformedXmlError,
    UnsafeXmlError,
    XmlFile,
    read_xml,
)
from dragoman.model.outcomes import CategoricalIssue, IntegerIssue
from dragoman.model.scenario import Scenario

__all__ = [
    "GeniusDomain",
    "GeniusError",
    "GeniusProblemsError",
    "UnsafeXmlError",
    "find_genius_files",
    "imported_scenario",
    "load_genius",
    "load_genius_folder",
    "party_names",
    "read_genius_domain",
    "read_genius_profile",
    "sort_genius_files",
]

_TINY_MAX = 1e-5
_REAL_EVALUATORS = ("linear", "constant", "triangular")


def read_genius_profile(path: str | Path, domain: GeniusDomain) -> dict[str, Any]:
    """A profile as the `preferences` data of a scenario party (either kind)."""
    xml = read_xml(Path(path))
    if xml.root.tag != "utility_space":
        raise xml.error(None, f"not a GENIUS profile (root element is <{xml.root.tag}>)")
    kind = xml.root.get("type")
    common = _reservation_and_discount(xml)
    if kind == "nonlinear":
        return read_nonlinear(xml, domain.issue_at) | common
    if kind not in (None, "linear"):
        raise xml.error(
            xml.root, f"profile type {kind!r} is not supported (linear additive or nonlinear)"
        )
    weights = read_weights(xml, domain)
    values: dict[str, Any] = {}
    for element in xml.root.iter("issue"):
        issue = domain.issue_at(xml, element)
        scoring = _scoring(xml, element, issue)
        if scoring is not None:
            values[issue.name] = scoring
    unscored = [n for n, w in weights.items() if w > 0 and n not in values]
    if unscored:
        raise xml.error(None, f"issues {unscored} have a weight but no evaluator")
    return {"weights_as_written": True, "weights": weights, "values": values} | common


def _reservation_and_discount(xml: XmlFile) -> dict[str, float]:
    reservation = xml.root.find(".//reservation")
    discount = xml.root.find(".//discount_factor")
    d = 1.0 if discount is None else xml.number(discount, "value")
    return {
        "reservation_value": 0.0 if reservation is None else xml.number(reservation, "value"),
        "discount_factor": 1.0 if d <= 0 or d > 1 else d,
    }


def _scoring(xml: XmlFile, element: Element, issue: AnyIssue) -> dict[str, Any] | None:
    """An issue's scoring, or None when the profile's issue element evaluates nothing."""
    if isinstance(issue, CategoricalIssue):
        return _discrete_scoring(xml, element, issue)
    evaluator = element.find("evaluator")
    if evaluator is None:
        return None
    ftype = evaluator.get("ftype") or "linear"
    if isinstance(issue, IntegerIssue):
        if ftype != "linear":
            raise xml.error(
                evaluator, f"unknown evaluator type {ftype!r} for an integer issue (known: linear)"
            )
        slope, offset = xml.number(evaluator, "slope"), xml.number(evaluator, "offset")
        return {"affine": {"slope": slope, "offset": offset}}
    return _real_scoring(xml, evaluator, ftype)


def _discrete_scoring(xml: XmlFile, element: Element, issue: CategoricalIssue) -> dict[str, Any]:
    # direct children only: the Car profiles nest other <item>s in similarity functions
    raw: dict[str, float] = {}
    for item in element.findall("item"):
        value = str(item.get("value"))
        if value not in issue.values:
            raise xml.error(item, f"value {value!r} is not a value of issue {issue.name!r}")
        raw[value] = xml.number(item, "evaluation")
        if not raw[value] >= 0:
            raise xml.error(item, f"an evaluation must be >= 0 (got {number(raw[value])})")
    missing = [v for v in issue.values if v not in raw]
    if missing:
        raise xml.error(element, f"no evaluation for values {missing}")
    top = max(raw.values())
    scale = top if top >= _TINY_MAX else float("inf")
    return {"scores": {v: raw[v] / scale for v in issue.values}}


def _real_scoring(xml: XmlFile, evaluator: Element, ftype: str) -> dict[str, Any]:
    if ftype == "linear":
        p0, p1 = xml.number(evaluator, "parameter0"), xml.number(evaluator, "parameter1")
        return {"affine": {"slope": p1, "offset": p0, "origin": 0.0}}
    if ftype == "constant":
        return {"affine": {"slope": 0.0, "offset": xml.number(evaluator, "parameter0")}}
    if ftype == "triangular":
        low, high = xml.number(evaluator, "parameter0"), xml.number(evaluator, "parameter1")
        top = xml.number(evaluator, "parameter2")
        if not low < top < high:
            raise xml.error(evaluator, "a triangular evaluator needs lower < top < upper")
        return {"points": [[low, 0.0], [top, 1.0], [high, 0.0]]}
    known = ", ".join(_REAL_EVALUATORS)
    raise xml.error(evaluator, f"unknown evaluator type {ftype!r} (known: {known})")


def load_genius(
    domain: str | Path,
    profiles: Sequence[str | Path],
    real_levels: int = 11,
    names: Mapping[str, str] | None = None,
) -> Scenario:
    """A scenario from a GENIUS domain file and one profile file per party, named after its
    file's stem or as `names` says ({profile file, its name or its stem: party name})."""
    read = read_genius_domain(domain, real_levels)
    if len(profiles) < 2:
        raise GeniusError(read.file, f"give at least two profiles (got {len(profiles)})")
    parties, problems = [], []
    for name, profile in zip(party_names(profiles, names), profiles, strict=True):
        try:
            parties.append({"name": name, "preferences": read_genius_profile(profile, read)})
        except UnsafeXmlError:
            raise
        except GeniusError as exc:  # every profile is read: all their faults at once
            problems.append(Problem(exc.detail, file=exc.file, line=exc.line))
    if problems:  # (a profile given twice is reported once)
        raise GeniusProblemsError(list(dict.fromkeys(problems)))
    data = {
        "metadata": {
            "title": read.name,
            "description": f"Imported from GENIUS: {read.file.name}",
            "sources": [{"id": "genius", "title": read.file.name, "publisher": "GENIUS / ANAC"}],
        },
        "issues": [i.model_dump() for i in read.issues.values()],
        "parties": parties,
    }
    return imported_scenario(data, [Path(p) for p in profiles], read.file)


def party_names(
    profiles: Sequence[str | Path],
    names: Mapping[str, str] | None = None,
    defaults: Sequence[str] | None = None,
) -> list[str]:
    """Each profile's party name: as `names` gives it (keyed by the file as given, its file
    name or its stem), else its default (the file's stem). GeniusError for a key that names
    none of the profiles, and for a name given that another party has too (given, or its
    default: nobody is renamed behind the user's back); defaults alone that repeat get "-2"."""
    remaining = dict(names or {})
    given: list[tuple[str, str] | None] = []  # (the key typed, the name) of each profile
    for profile in profiles:
        path = Path(profile)
        keys = [
            k for k in (str(profile), str(path.resolve()), path.name, path.stem) if k in remaining
        ]
        given.append((keys[0], remaining[keys[0]]) if keys else None)
        for key in keys:
            remaining.pop(key, None)
    if remaining:
        known = ", ".join(Path(p).name for p in profiles)
        raise GeniusError(next(iter(remaining)), f"--party: not one of the profiles ({known})")
    fallback = [
        defaults[j] if defaults is not None else Path(p).stem for j, p in enumerate(profiles)
    ]
    wanted = [g[1] if g else fallback[j] for j, g in enumerate(given)]
    for j, g in enumerate(given):
        if g is not None:
            _refuse_a_shared_name(profiles, given, wanted, j)
    renamed = {g[1] for g in given if g is not None}
    chosen: list[str] = []
    for j, name in enumerate(wanted):
        while given[j] is None and (name in chosen or name in renamed):
            name += "-2"
        chosen.append(name)
    return chosen


def _refuse_a_shared_name(
    profiles: Sequence[str | Path],
    given: Sequence[tuple[str, str] | None],
    wanted: Sequence[str],
    j: int,
) -> None:
    """GeniusError naming both profiles when the name given to profile `j` is another's."""
    key, name = given[j] or ("", "")
    other = next((k for k, w in enumerate(wanted) if w == name and k != j), None)
    if other is None or Path(profiles[other]) == Path(profiles[j]):
        return
    there, theirs = Path(profiles[other]).name, given[other]
    if theirs is not None:
        clash = f"--party {theirs[0]}={name} gives the party of {there} that name too"
    else:
        clash = f"the party of {there} is named {name!r} already (rename it too: "
        clash += f"--party {there}=NAME)"
    raise GeniusError(profiles[j], f"--party {key}={name}: {clash}; give each party its own name")


def imported_scenario(data: dict[str, Any], profiles: Sequence[Path], source: Path) -> Scenario:
    """The scenario of imported files; every check only the whole scenario can make is
    reported at once, each naming the profile file of its party (else the domain's)."""
    try:
        return Scenario.from_data(data)
    except ScenarioError as exc:
        raise GeniusProblemsError(
            [_located(p, data, profiles, source) for p in exc.problems]
        ) from None


def _located(
    problem: Problem, data: dict[str, Any], profiles: Sequence[Path], source: Path
) -> Problem:
    """The problem, filed under the profile of the party its path names."""
    file = source
    if problem.path.startswith("parties["):
        k = int(problem.path.split("]")[0].removeprefix("parties["))
        negotiators = [p for p in data["parties"] if p.get("role", "party") == "party"]
        if k < len(negotiators) and k < len(profiles):
            file = profiles[k]
    return replace(problem, file=str(file))


def find_genius_files(
    folder: str | Path, notes: list[str] | None = None
) -> tuple[Path, list[Path]]:
    """The domain file (root `negotiation_template`) and profile files (root `utility_space`)
    of a folder, in file-name order. A file that is no GENIUS file is skipped, each with a
    note in `notes` saying why: not XML (GENIUS's `pareto.xml` is plain text), or XML of
    another root element. A file that may be a domain or a profile and cannot be read is an
    error (`GeniusError`, naming the file and the line): not well-formed XML with a GENIUS
    root or none reached, too big, unreadable; unsafe XML is refused (`UnsafeXmlError`)."""
    found = sorted(Path(folder).glob("*.xml"))
    return sort_genius_files(found, Path(folder), skip_others=True, notes=notes)


_ROOTS = ("negotiation_template", "utility_space")


def sort_genius_files(
    paths: Sequence[str | Path],
    where: Path,
    skip_others: bool = False,
    notes: list[str] | None = None,
) -> tuple[Path, list[Path]]:
    """The domain and the profiles among `paths`, told apart by their XML root elements
    (`where` names the place in errors); a file that is no GENIUS file is refused, or with
    `skip_others` (a folder's other files) skipped with a note in `notes`
    (`find_genius_files`)."""
    domains: list[Path] = []
    profiles: list[Path] = []
    for path in map(Path, paths):
        try:
            xml = read_xml(path)
        except MalformedXmlError as exc:
            unrelated = _no_genius_file(exc)
            if not skip_others or unrelated is None:
                raise
            _skipped(notes, path, unrelated)
            continue
        if xml.root.tag == "negotiation_template":
            domains.append(path)
        elif xml.root.tag == "utility_space":
            profiles.append(path)
        elif skip_others:
            _skipped(notes, path, f"not a GENIUS domain or profile (root <{xml.root.tag}>)")
        else:
            raise xml.error(
                None, f"not a GENIUS domain or profile (root element is <{xml.root.tag}>)"
            )
    if not domains:
        raise GeniusError(where, "no GENIUS domain file (root <negotiation_template>) here")
    if len(domains) > 1:
        names = ", ".join(d.name for d in domains)
        raise GeniusError(where, f"more than one GENIUS domain file ({names}): give one")
    return domains[0], profiles


def _no_genius_file(exc: MalformedXmlError) -> str | None:
    """Why a file that does not parse is no GENIUS file, or None if it may be one (a
    broken domain or profile: its root is GENIUS's, or the parse stopped before any root)."""
    if exc.root is None and not exc.markup:
        return "not XML"
    if exc.root is not None and exc.root not in _ROOTS:
        return f"not a GENIUS domain or profile (root <{exc.root}>, and not well-formed)"
    return None


def _skipped(notes: list[str] | None, path: Path, why: str) -> None:
    if notes is not None:
        notes.append(f"skipped {path}: {why}")


def load_genius_folder(
    folder: str | Path,
    max_profiles: int | None = None,
    real_levels: int = 11,
    names: Mapping[str, str] | None = None,
    notes: list[str] | None = None,
) -> Scenario:
    """The scenario of a GENIUS folder: its domain and its first `max_profiles` profiles
    (found by their root elements, `find_genius_files`, which notes in `notes` each file it
    skips), parties named as in `load_genius`."""
    domain, profiles = find_genius_files(folder, notes)
    return load_genius(domain, profiles[:max_profiles], real_levels, names)

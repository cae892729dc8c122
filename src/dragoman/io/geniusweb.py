"""GeniusWeb JSON in and out: a domain (`issuesValues`) and `LinearAdditiveUtilitySpace` profiles.

Read with GeniusWeb's meaning (`../shared/data/FORMATS.md`): discrete value sets are
categorical issues; number value sets (`range`: low, high, step) are integer issues when all
three are whole numbers (and high - low is a multiple of step), real issues otherwise. Value
utilities come wrapped as `discreteutils` / `numberutils` or as `DiscreteValueSetUtilities` /
`NumberValueSetUtilities` (both spellings occur); a value missing from `valueUtilities` is worth
0; a number utility interpolates linearly between (lowValue, lowUtility) and (highValue,
highUtility), which must be the range's ends (GeniusWeb's `isFitting`). Weights must sum to 1.
The reservation is a bid: the reservation value is its utility (issues missing from a partial
bid contribute 0). GeniusWeb has no discount.

Written back the same way; what a LinearAdditiveUtilitySpace cannot express (red lines,
interactions, a discount, hyper-rectangles, numeric scorings that are not one straight line) is
refused, every part at once (`dragoman.io.format_limits`). A reservation value becomes the bid
worth the least among those worth at least it (exactly it, for an imported profile).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from dragoman._words import count, number
from dragoman.io.format_limits import geniusweb_limits, reservation_outcomes
from dragoman.io.genius import imported_scenario, party_names
from dragoman.io.genius_export import export_paths
from dragoman.io.genius_xml import GeniusError, GeniusProblemsError
from dragoman.io.json_text import JsonRefusedError, parse_json
from dragoman.limits import over
from dragoman.model.outcomes import CategoricalIssue, IntegerIssue, RealIssue
from dragoman.model.partial import Parts
from dragoman.model.preferences import IssueScoring, Preferences
from dragoman.model.scenario import Scenario
from dragoman.model.sections import Party

__all__ = ["export_geniusweb", "load_geniusweb", "read_geniusweb_domain"]

AnyIssue = CategoricalIssue | IntegerIssue | RealIssue
_WRAPPERS = {
    "discreteutils": "discrete",
    "DiscreteValueSetUtilities": "discrete",
    "numberutils": "number",
    "NumberValueSetUtilities": "number",
}
_SPELLINGS = {
    False: ("discreteutils", "numberutils"),
    True: ("DiscreteValueSetUtilities", "NumberValueSetUtilities"),
}


def _read_json(path: Path) -> Any:
    try:
        too_big = over("json_bytes", path.stat().st_size)
        if too_big:
            raise GeniusError(path, too_big)
        return parse_json(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise GeniusError(path, f"cannot read the file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise GeniusError(path, "not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise GeniusError(path, f"not JSON ({exc.msg}, column {exc.colno})", exc.lineno) from None
    except JsonRefusedError as exc:
        raise GeniusError(path, str(exc), exc.line) from None


def _mapping(value: Any, path: Path, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise GeniusError(path, f"{field}: expected a JSON object, got {type(value).__name__}")
    return value


def _number(value: Any, path: Path, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise GeniusError(path, f"{field}: expected a number (got {value!r})")
    try:
        number = float(value)
    except ValueError:
        raise GeniusError(path, f"{field}: expected a number (got {value!r})") from None
    if not math.isfinite(number):
        raise GeniusError(path, f"{field}: expected a finite number (got {value!r})")
    return number


def domain_issues(data: Any, path: Path, field: str = "") -> tuple[str, list[AnyIssue]]:
    """The name and issues of a GeniusWeb domain object (`field`: where it sits in the file)."""
    domain = _mapping(data, path, field or "domain")
    prefix = f"{field}." if field else ""
    values = _mapping(domain.get("issuesValues"), path, f"{prefix}issuesValues")
    issues = [
        _issue(name, spec, path, f"{prefix}issuesValues.{name}") for name, spec in values.items()
    ]
    if not issues:
        raise GeniusError(path, f"{prefix}issuesValues: the domain has no issues")
    return str(domain.get("name") or path.stem), issues


def _issue(name: str, spec: Any, path: Path, field: str) -> AnyIssue:
    spec = _mapping(spec, path, field)
    try:
        if "values" in spec:
            if not isinstance(spec["values"], list):
                raise GeniusError(path, f"{field}.values: expected a list")
            return CategoricalIssue(name=name, values=tuple(str(v) for v in spec["values"]))
        if "range" in spec:
            r = _mapping(spec["range"], path, f"{field}.range")
            low, high, step = (
                _number(r.get(k), path, f"{field}.range.{k}") for k in ("low", "high", "step")
            )
            whole = all(float(x).is_integer() for x in (low, high, step)) and step > 0
            if whole and (high - low) % step == 0:
                return IntegerIssue(name=name, min=int(low), max=int(high), step=int(step))
            return RealIssue(name=name, min=low, max=high, step=step)
    except ValueError as exc:  # pydantic: empty range, duplicate values, ...
        message = str(exc).splitlines()[-1].strip().removeprefix("Value error, ")
        raise GeniusError(path, f"{field}: {message.split(' [type=')[0]}") from None
    raise GeniusError(path, f"{field}: expected 'values' or 'range'")


def read_geniusweb_domain(path: str | Path) -> tuple[str, list[AnyIssue]]:
    """The name and issues of a GeniusWeb domain file."""
    file = Path(path)
    return domain_issues(_read_json(file), file)


def _scoring(spec: Any, issue: AnyIssue, path: Path, field: str) -> dict[str, Any]:
    spec = _mapping(spec, path, field)
    if len(spec) != 1 or next(iter(spec)) not in _WRAPPERS:
        known = ", ".join(_WRAPPERS)
        raise GeniusError(path, f"{field}: expected one of {known} (got {', '.join(spec)})")
    wrapper, body = next(iter(spec.items()))
    body = _mapping(body, path, f"{field}.{wrapper}")
    if _WRAPPERS[wrapper] == "discrete":
        if not isinstance(issue, CategoricalIssue):
            raise GeniusError(path, f"{field}: discrete utilities for a number issue")
        table = _mapping(body.get("valueUtilities"), path, f"{field}.{wrapper}.valueUtilities")
        unknown = [v for v in table if v not in issue.values]
        if unknown:
            raise GeniusError(path, f"{field}: values {unknown} are not values of the issue")
        scores = {v: _number(table.get(v, 0), path, f"{field}.{wrapper}.{v}") for v in issue.values}
        return {"scores": scores}
    if isinstance(issue, CategoricalIssue):
        raise GeniusError(path, f"{field}: number utilities for a discrete issue")
    low, high = (
        _number(body.get(k), path, f"{field}.{wrapper}.{k}") for k in ("lowValue", "highValue")
    )
    if low != issue.min or high != issue.max or not high > low:
        raise GeniusError(
            path, f"{field}: lowValue {number(low)} and highValue {number(high)} must be the "
            f"range's ends, {number(issue.min)} and {number(issue.max)}",
        )  # fmt: skip
    ulow, uhigh = (
        _number(body.get(k), path, f"{field}.{wrapper}.{k}") for k in ("lowUtility", "highUtility")
    )
    return {"points": [[low, ulow], [high, uhigh]]}


def _profile(path: Path, issues: list[AnyIssue]) -> tuple[str, dict[str, Any]]:
    """A profile file as (party name, preferences data)."""
    data = _mapping(_read_json(path), path, "the profile")
    if "LinearAdditiveUtilitySpace" not in data:
        kinds = ", ".join(data) or "nothing"
        raise GeniusError(path, f"not a LinearAdditiveUtilitySpace profile (found {kinds})")
    space = _mapping(data["LinearAdditiveUtilitySpace"], path, "LinearAdditiveUtilitySpace")
    base = "LinearAdditiveUtilitySpace"
    by_name = {issue.name: issue for issue in issues}
    raw_weights = _mapping(space.get("issueWeights"), path, f"{base}.issueWeights")
    weights = {k: _number(w, path, f"{base}.issueWeights.{k}") for k, w in raw_weights.items()}
    utilities = _mapping(space.get("issueUtilities"), path, f"{base}.issueUtilities")
    values = {}
    for name, spec in utilities.items():
        if name not in by_name:
            raise GeniusError(path, f"{base}.issueUtilities.{name}: not an issue of the domain")
        values[name] = _scoring(spec, by_name[name], path, f"{base}.issueUtilities.{name}")
    prefs: dict[str, Any] = {"weights": weights, "values": values}
    bid = space.get("reservationBid")
    if bid is not None:
        prefs["reservation_value"] = _bid_utility(bid, prefs, by_name, path)
    return str(space.get("name") or path.stem), prefs


def _bid_utility(bid: Any, prefs: dict[str, Any], issues: dict[str, AnyIssue], path: Path) -> float:
    """The utility of a (possibly partial) bid: Σ weight × value utility of the issues it has."""
    field = "LinearAdditiveUtilitySpace.reservationBid"
    chosen = _mapping(_mapping(bid, path, field).get("issuevalues"), path, f"{field}.issuevalues")
    total = 0.0
    for name, value in chosen.items():
        issue = issues.get(name)
        if issue is None or name not in prefs["values"]:
            continue  # GeniusWeb: an issue without utilities contributes 0
        try:
            position = issue.index_of(value)
            scores = IssueScoring.model_validate(prefs["values"][name]).vector(issue)
        except ValueError as exc:
            raise GeniusError(path, f"{field}.issuevalues.{name}: {exc}") from None
        total += prefs["weights"].get(name, 0.0) * float(scores[position])
    return total


def _kind(data: Any) -> str:
    """What a JSON document is to GeniusWeb: "domain" (it has `issuesValues`), "profile" (one
    class name wrapping an object that has a `domain`, as every GeniusWeb profile does,
    LinearAdditiveUtilitySpace or not), or "" (neither)."""
    if isinstance(data, dict) and "issuesValues" in data:
        return "domain"
    if isinstance(data, dict) and len(data) == 1:
        body = next(iter(data.values()))
        if isinstance(body, dict) and "domain" in body:
            return "profile"
    return ""


def _sorted_files(
    paths: list[Path], folder: Path | None, notes: list[str] | None
) -> tuple[list[Path], list[Path]]:
    """The domain files and the profile files among `paths`. Given files are all one or the
    other; a folder's file that is neither is skipped, with a note in `notes` (one that is not
    JSON is an error naming its line: a broken domain or profile cannot be told apart)."""
    domains, profiles = [], []
    for path in paths:
        data = (
            _read_json(path) if folder is not None else _mapping(_read_json(path), path, "the file")
        )
        kind = _kind(data)
        if kind == "domain":
            domains.append(path)
        elif kind == "profile" or folder is None:  # a file given is a profile, or refused as one
            profiles.append(path)
        elif notes is not None:
            found = ", ".join(data) if isinstance(data, dict) else f"a JSON {type(data).__name__}"
            notes.append(f"skipped {path}: not a GeniusWeb domain or profile ({found or 'empty'})")
    return domains, profiles


def _domain_and_profiles(
    paths: list[Path], folder: Path | None = None, notes: list[str] | None = None
) -> tuple[str, list[AnyIssue], Path, list[Path]]:
    """Title, issues and source file of the domain (its own file, found by `issuesValues`, or
    else the first profile's embedded copy), and the profile files (`folder`: where they were
    found, named when they are too few or too many; its other files noted in `notes`)."""
    domains, profiles = _sorted_files(paths, folder, notes)
    if len(domains) > 1 or len(profiles) < 2:
        found = f"{count(len(domains), 'domain file')} and " + count(len(profiles), "profile")
        if folder is not None:
            found = (
                f"{count(len(paths), '*.json file')} here: {found}"
                if paths
                else "no *.json file here"
            )
        where = folder if folder is not None else paths[0] if paths else Path(".")
        raise GeniusError(
            where, f"give at most one domain file and at least two profiles ({found})"
        )
    if domains:
        title, issues = read_geniusweb_domain(domains[0])
        return title, issues, domains[0], profiles
    embedded = _mapping(_read_json(profiles[0]), profiles[0], "the profile")
    space = _mapping(embedded.get("LinearAdditiveUtilitySpace"), profiles[0], "the profile")
    field = "LinearAdditiveUtilitySpace.domain"
    title, issues = domain_issues(space.get("domain"), profiles[0], field)
    return title, issues, profiles[0], profiles


def load_geniusweb(
    files: Sequence[str | Path],
    names: Mapping[str, str] | None = None,
    notes: list[str] | None = None,
    used: list[Path] | None = None,
) -> Scenario:
    """A scenario from GeniusWeb files: an optional domain file and one
    LinearAdditiveUtilitySpace profile per party, named after its `name` or as `names` says
    ({profile file, its name or its stem: party name}); a single folder stands for its
    `*.json` files, those that are no domain or profile skipped with a note in `notes`.
    `used` is given the file of the domain (the first profile, whose copy stands in for a
    domain file not given) and each party's profile, in order."""
    paths = [Path(f) for f in files]
    folder = paths[0] if len(paths) == 1 and paths[0].is_dir() else None
    if folder is not None:
        paths = sorted(folder.glob("*.json"))
    title, issues, source, profiles = _domain_and_profiles(paths, folder, notes)
    if used is not None:
        used += [source, *profiles]
    read = [_profile(path, issues) for path in profiles]
    chosen = party_names(profiles, names, [name for name, _ in read])
    data = {
        "metadata": {
            "title": title,
            "description": f"Imported from GeniusWeb: {source.name}",
            "sources": [{"id": "geniusweb", "title": source.name, "publisher": "GeniusWeb"}],
        },
        "issues": [i.model_dump() for i in issues],
        "parties": [
            {"name": name, "preferences": prefs}
            for name, (_, prefs) in zip(chosen, read, strict=True)
        ],
    }
    return imported_scenario(data, profiles, source)


# --- out --------------------------------------------------------------------------------------


def _domain_json(scenario: Scenario) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for issue in scenario.issues:
        if isinstance(issue, CategoricalIssue):
            values[issue.name] = {"values": list(issue.values)}
        else:
            values[issue.name] = {
                "range": {"low": issue.min, "high": issue.max, "step": issue.step}
            }
    return {"name": scenario.metadata.title, "issuesValues": values}


def export_geniusweb(
    scenario: Scenario, folder: str | Path, long_names: bool = False, stem: str | None = None
) -> list[Path]:
    """Write the domain and one profile per party into `folder` (domain first); utilities are
    wrapped as `discreteutils` / `numberutils`, or with `long_names` as the class names.
    Nothing is written unless every part can be expressed (else every part that cannot is
    listed, `dragoman.io.format_limits`)."""
    problems = geniusweb_limits(Parts.of(scenario))
    if problems:
        raise GeniusProblemsError(problems)
    paths = export_paths(scenario, folder, ".json", stem)
    domain = _domain_json(scenario)
    documents = [(paths[0], domain)]
    for path, party in zip(paths[1:], scenario.negotiators, strict=True):
        documents.append((path, _profile_json(scenario, party, domain, _SPELLINGS[long_names])))
    Path(folder).mkdir(parents=True, exist_ok=True)
    for path, document in documents:
        path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return paths


def _profile_json(
    scenario: Scenario, party: Party, domain: dict[str, Any], wrappers: tuple[str, str]
) -> dict[str, Any]:
    """A party's profile (its preferences passed `geniusweb_limits`)."""
    prefs = party.preferences
    assert isinstance(prefs, Preferences)
    body = {
        "domain": domain,
        "name": party.name,
        "issueUtilities": dict(_issue_utilities(scenario, prefs, wrappers)),
        "issueWeights": {i.name: prefs.weights.get(i.name, 0.0) for i in scenario.issues},
        "reservationBid": _reservation_bid(scenario, party),
    }
    return {"LinearAdditiveUtilitySpace": body}


def _issue_utilities(
    scenario: Scenario, prefs: Preferences, wrappers: tuple[str, str]
) -> Iterator[tuple[str, dict[str, Any]]]:
    for issue in scenario.issues:
        scoring = prefs.values.get(issue.name)
        if scoring is None:
            continue
        scores = scoring.vector(issue)
        if isinstance(issue, CategoricalIssue):
            table = dict(zip(issue.values, scores.tolist(), strict=True))
            yield issue.name, {wrappers[0]: {"valueUtilities": table}}
            continue
        ends = {"lowValue": issue.min, "lowUtility": float(scores[0])}
        ends |= {"highValue": issue.max, "highUtility": float(scores[-1])}
        yield issue.name, {wrappers[1]: ends}


def _reservation_bid(scenario: Scenario, party: Party) -> dict[str, Any] | None:
    """The bid standing for the reservation value: None for 0; else an outcome worth exactly
    it if there is one (as for an imported profile), else the least-valued one worth more."""
    prefs = party.preferences
    assert prefs is not None
    if prefs.reservation_value <= 0:
        return None
    ordered = reservation_outcomes(scenario, scenario.parties.index(party))
    issues = {issue.name: issue for issue in scenario.issues}
    data = prefs.model_dump(mode="json")
    bids = [_bid(scenario, int(o)) for o in ordered[:64]]
    exact = [b for b in bids if _bid_utility(b, data, issues, Path()) == prefs.reservation_value]
    return exact[0] if exact else bids[0]


def _bid(scenario: Scenario, outcome: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for issue, label in zip(
        scenario.issues, scenario.outcome_space.outcome(outcome).values(), strict=True
    ):
        if isinstance(issue, CategoricalIssue):
            values[issue.name] = label
        else:
            values[issue.name] = int(label) if isinstance(issue, IntegerIssue) else float(label)
    return {"issuevalues": values}

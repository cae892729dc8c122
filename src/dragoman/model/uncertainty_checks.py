"""The checks of a scenario's `uncertainty:` section, each problem at its own field path: a
path names a field its distribution fits, and no field is listed twice; every Dirichlet alpha;
and the scenario stays valid at the parameter's extremes and at every choice, with a
reservation value the party can reach.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from pydantic import ValidationError

from dragoman._words import plain
from dragoman.errors import Problem, ScenarioError
from dragoman.model.outcomes import AnyIssue
from dragoman.model.sections import Party
from dragoman.model.uncertainty import (
    Choice,
    Dirichlet,
    UncertainParameter,
    Uncertainty,
    current,
    field_key,
    probes,
    value_text,
)

__all__ = [
    "Sampleable",
    "parameter_problems",
    "partial_uncertainty_problems",
    "uncertainty_problems",
]


class Sampleable(Protocol):
    """What the checks need of a scenario (`dragoman.model.scenario.Scenario`, which imports
    this module): its issues and parties, and its sampled variants."""

    @property
    def issues(self) -> Sequence[AnyIssue]: ...

    @property
    def parties(self) -> Sequence[Party]: ...

    def sampled(self, assignments: Sequence[tuple[str, Any]]) -> Sampleable: ...


def uncertainty_problems(scenario: Sampleable, uncertainty: Uncertainty) -> list[Problem]:
    """Every fault of the section (see the module doc), at `uncertainty.parameters[k]`."""
    return _problems(scenario, list(enumerate(uncertainty.parameters)))


def partial_uncertainty_problems(scenario: Sampleable, section: Any) -> list[Problem]:
    """The faults of a section that did not validate, found in the parameters that did (the
    others' kinds or numbers are reported by the schema; their paths are checked here too),
    so one run reports every fault at once. `scenario` is the rest, validated without it."""
    raw = section.get("parameters") if isinstance(section, dict) else None
    if not isinstance(raw, list):
        return []
    parties = [p.model_dump(by_alias=True) for p in scenario.parties]
    valid: list[tuple[int, UncertainParameter]] = []
    invalid: list[tuple[int, str, str]] = []  # (position, path, name) of the others
    problems: list[Problem] = []
    for k, item in enumerate(raw):
        try:
            valid.append((k, UncertainParameter.model_validate(item)))
        except ValidationError:
            path = item.get("path") if isinstance(item, dict) else None
            if not isinstance(path, str):
                continue
            try:
                given = current(parties, path)
            except ValueError as exc:
                problems.append(Problem(str(exc), f"uncertainty.parameters[{k}].path"))
                continue
            label = item.get("label")
            invalid.append((k, path, label if isinstance(label, str) and label else path))
            problems += _unvalidated_choice(scenario, path, given, item, k)
    named = [(k, p.path, p.name) for k, p in valid] + invalid
    twice = _listed_twice(parties, sorted(named))
    return problems + twice + _problems(scenario, valid, twice=False)


def _unvalidated_choice(
    scenario: Sampleable, path: str, given: Any, item: dict[str, Any], k: int
) -> list[Problem]:
    """The faults of the values of a choice that failed its schema for another reason (its
    probabilities, say): each value of the wrong kind for the field, and each other value
    that makes the scenario invalid."""
    d = item.get("distribution")
    values = d.get("values") if isinstance(d, dict) and d.get("kind") == "choice" else None
    if not isinstance(values, list) or isinstance(given, dict):
        return []
    where = f"uncertainty.parameters[{k}]"
    wrong = _choice_faults(given, values)
    problems = [Problem(message, f"{where}.{field}") for field, message in wrong]
    numeric = not isinstance(given, list | tuple)
    bad = dict(wrong)
    tried = [(f"values[{j}]", f"values[{j}]" + (f" = {value_text(v)}" if numeric else ""), v)
             for j, v in enumerate(values) if f"distribution.values[{j}]" not in bad]  # fmt: skip
    return _in_order(problems + _probe(scenario, path, tried, where, every=True))


def _problems(
    scenario: Sampleable, parameters: list[tuple[int, UncertainParameter]], twice: bool = True
) -> list[Problem]:
    """The faults of `parameters`, each (its position in the section, the parameter); a field
    listed twice among them too unless `twice` is False (checked by the caller)."""
    parties = [p.model_dump(by_alias=True) for p in scenario.parties]
    named = [(k, p.path, p.name) for k, p in parameters]
    problems = _listed_twice(parties, named) if twice else []
    for k, parameter in parameters:
        where = f"uncertainty.parameters[{k}]"
        wrong = parameter_problems(parties, parameter)
        problems += [Problem(message, f"{where}.{field}") for field, message in wrong]
        if all(field.startswith("distribution.values[") for field, _ in wrong):
            # a value of the wrong kind leaves the others to judge, each on its own
            given = current(parties, parameter.path)
            bad = {field.removeprefix("distribution.") for field, _ in wrong}
            tried = [t for t in probes(parameter, given) if t[0] not in bad]
            every = isinstance(parameter.distribution, Choice)
            problems += _probe(scenario, parameter.path, tried, where, every=every)
    return _in_order(problems)


def _in_order(problems: list[Problem]) -> list[Problem]:
    """Problems in the order of their parameters, a choice's in the order of its values."""

    def place(problem: Problem) -> tuple[int, int]:
        found = re.match(r"uncertainty\.parameters\[(\d+)\](?:\.distribution\.values\[(\d+)\])?",
                         problem.path)  # fmt: skip
        return (int(found[1]), int(found[2] or -1)) if found else (-1, -1)

    return sorted(problems, key=place)


def parameter_problems(
    parties: list[dict[str, Any]], parameter: UncertainParameter
) -> list[tuple[str, str]]:
    """What is wrong with a parameter's path or the kind of its distribution, as (field,
    message) pairs (the field relative to the parameter: `path`, `distribution.alpha.X`)."""
    try:
        given = current(parties, parameter.path)
    except ValueError as exc:
        return [("path", str(exc))]
    d = parameter.distribution
    if isinstance(d, Dirichlet):
        if not isinstance(given, dict):
            return [("path", "a dirichlet is for a weight vector (…preferences.weights)")]
        return [(f"distribution.{field}", message) for field, message in d.faults(given)]
    if isinstance(given, list | tuple):
        if not isinstance(d, Choice):
            return [("path", "red lines take a choice of red-line sets (lists of red lines)")]
        return _choice_faults(given, d.values)
    if isinstance(given, bool) or not isinstance(given, int | float):
        return [("path", f"the field holds {type(given).__name__}, not a number")]
    if isinstance(d, Choice):
        return _choice_faults(given, d.values)
    return []


def _choice_faults(given: Any, values: Sequence[Any]) -> list[tuple[str, str]]:
    """Each value of a choice of the wrong kind for the field, at its own place: red lines
    take red-line sets (lists), a number numbers."""
    if isinstance(given, list | tuple):
        return [(f"distribution.values[{j}]", "red lines take a choice of red-line sets (lists "
                 f"of red lines), not {value_text(v)}")
                for j, v in enumerate(values) if not isinstance(v, list | tuple)]  # fmt: skip
    return [(f"distribution.values[{j}]", f"a number takes a choice of numbers, not {v!r}")
            for j, v in enumerate(values) if not _is_number(v)]  # fmt: skip


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _listed_twice(
    parties: list[dict[str, Any]], parameters: Sequence[tuple[int, str, str]]
) -> list[Problem]:
    """A field listed by two parameters, each (position, path, name), however the party is
    written; or two parameters on one party's weights (a `weights.ISSUE` scales the others:
    two would fight). A parameter failing its schema is listed too: its path is its own."""
    problems: list[Problem] = []
    seen: dict[tuple[int, tuple[str, ...]], tuple[int, str]] = {}
    for k, path, name in parameters:
        try:
            party, steps = field_key(parties, path)
        except ValueError:
            continue  # reported with the parameter
        key = (party, steps[:1]) if steps[0] == "weights" else (party, steps)
        if key in seen:
            j, first = seen[key]
            what = "the weights of one party" if steps[0] == "weights" else path
            problems.append(Problem(
                f"parameters[{j}] ({first!r}) and parameters[{k}] ({name!r}) both set "
                f"{what}: list each once",
                f"uncertainty.parameters[{k}].path",
            ))  # fmt: skip
        else:
            seen[key] = (k, name)
    return problems


def _probe(
    scenario: Sampleable,
    path: str,
    tried: Sequence[tuple[str, str, Any]],
    where: str,
    every: bool = False,
) -> list[Problem]:
    """The faults of the scenario with the field at `path` set to each (field, how to name
    it, value) of `tried`: the first value's only (a range's ends and median are one fault
    seen thrice), or with `every` each value's (a choice's values are independent)."""
    problems: list[Problem] = []
    for field, shown, value in tried:
        at = f"{where}.distribution" + (f".{field}" if field else "")
        try:
            variant = scenario.sampled([(path, value)])
        except ScenarioError as exc:
            found = [Problem(f"with {shown}: {_named(scenario, p)}", at) for p in exc.problems]
        else:
            beyond = _out_of_reach(variant, path)
            found = [Problem(f"with {shown}: {beyond}", at)] if beyond else []
        problems += found
        if found and not every:
            break
    return problems


def _named(scenario: Sampleable, problem: Problem) -> str:
    """A sampled variant's fault as the scenario's author wrote the path: `parties[Israel]`,
    not the variant's `parties[0]`."""
    path = re.sub(r"^parties\[(\d+)\]", lambda m: _party(scenario, int(m[1])), problem.path)
    return f"{path}: {problem.message}" if path else problem.message


def _party(scenario: Sampleable, k: int) -> str:
    parties = scenario.parties
    return f"parties[{parties[k].name}]" if 0 <= k < len(parties) else f"parties[{k}]"


def _out_of_reach(variant: Sampleable, path: str) -> str | None:
    """Why a sampled reservation value rules out every agreement (None: it does not)."""
    parties = [p.model_dump(by_alias=True) for p in variant.parties]
    k, steps = field_key(parties, path)
    prefs = variant.parties[k].preferences
    if steps != ("reservation_value",) or prefs is None:
        return None
    best = prefs.out_of_reach({i.name: i for i in variant.issues})
    if best is None:
        return None
    name = variant.parties[k].name
    return (
        f"a reservation value above {plain(best)}, the best utility {name} can reach: no "
        "agreement could ever be accepted"
    )

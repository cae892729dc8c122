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
    valid, problems = [], []
    for k, item in enumerate(raw):
        try:
            valid.append((k, UncertainParameter.model_validate(item)))
        except ValidationError:
            path = item.get("path") if isinstance(item, dict) else None
            if isinstance(path, str):
                try:
                    current(parties, path)
                except ValueError as exc:
                    problems.append(Problem(str(exc), f"uncertainty.parameters[{k}].path"))
    return problems + _problems(scenario, valid)


def _problems(
    scenario: Sampleable, parameters: list[tuple[int, UncertainParameter]]
) -> list[Problem]:
    """The faults of `parameters`, each (its position in the section, the parameter)."""
    parties = [p.model_dump(by_alias=True) for p in scenario.parties]
    problems = _listed_twice(parties, parameters)
    for k, parameter in parameters:
        where = f"uncertainty.parameters[{k}]"
        wrong = parameter_problems(parties, parameter)
        problems += [Problem(message, f"{where}.{field}") for field, message in wrong]
        if not wrong:
            problems += _probe(scenario, parameter, current(parties, parameter.path), where)
    return problems


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
        if not isinstance(d, Choice) or not all(isinstance(v, list | tuple) for v in d.values):
            return [("path", "red lines take a choice of red-line sets (lists of red lines)")]
        return []
    if isinstance(given, bool) or not isinstance(given, int | float):
        return [("path", f"the field holds {type(given).__name__}, not a number")]
    if isinstance(d, Choice) and not d.numeric:
        return [("path", "a number takes a choice of numbers")]
    return []


def _listed_twice(
    parties: list[dict[str, Any]], parameters: list[tuple[int, UncertainParameter]]
) -> list[Problem]:
    """A field listed by two parameters (however the party is written), or two parameters on
    one party's weights (a `weights.ISSUE` scales the others: two would fight)."""
    problems: list[Problem] = []
    seen: dict[tuple[int, tuple[str, ...]], tuple[int, UncertainParameter]] = {}
    for k, parameter in parameters:
        try:
            party, steps = field_key(parties, parameter.path)
        except ValueError:
            continue  # reported with the parameter
        key = (party, steps[:1]) if steps[0] == "weights" else (party, steps)
        if key in seen:
            j, first = seen[key]
            what = "the weights of one party" if steps[0] == "weights" else parameter.path
            problems.append(Problem(
                f"parameters[{j}] ({first.name!r}) and parameters[{k}] "
                f"({parameter.name!r}) both set {what}: list each once",
                f"uncertainty.parameters[{k}].path",
            ))  # fmt: skip
        else:
            seen[key] = (k, parameter)
    return problems


def _probe(
    scenario: Sampleable, parameter: UncertainParameter, given: Any, where: str
) -> list[Problem]:
    for field, shown, value in probes(parameter, given):
        at = f"{where}.distribution" + (f".{field}" if field else "")
        try:
            variant = scenario.sampled([(parameter.path, value)])
        except ScenarioError as exc:
            return [Problem(f"with {shown}: {_named(scenario, p)}", at) for p in exc.problems]
        beyond = _out_of_reach(variant, parameter)
        if beyond:
            return [Problem(f"with {shown}: {beyond}", at)]
    return []


def _named(scenario: Sampleable, problem: Problem) -> str:
    """A sampled variant's fault as the scenario's author wrote the path: `parties[Israel]`,
    not the variant's `parties[0]`."""
    path = re.sub(r"^parties\[(\d+)\]", lambda m: _party(scenario, int(m[1])), problem.path)
    return f"{path}: {problem.message}" if path else problem.message


def _party(scenario: Sampleable, k: int) -> str:
    parties = scenario.parties
    return f"parties[{parties[k].name}]" if 0 <= k < len(parties) else f"parties[{k}]"


def _out_of_reach(variant: Sampleable, parameter: UncertainParameter) -> str | None:
    """Why a sampled reservation value rules out every agreement (None: it does not)."""
    parties = [p.model_dump(by_alias=True) for p in variant.parties]
    k, steps = field_key(parties, parameter.path)
    prefs = variant.parties[k].preferences
    if steps != ("reservation_value",) or prefs is None:
        return None
    best = prefs.out_of_reach({i.name: i for i in variant.issues})
    if best is None:
        return None
    name = variant.parties[k].name
    return (
        f"a reservation value above {best:.3g}, the best utility {name} can reach: no "
        "agreement could ever be accepted"
    )

"""The checks of a scenario's `uncertainty:` section, each problem at its own field path: a
path names a field its distribution fits, and no field is listed twice; every Dirichlet alpha;
and the scenario stays valid at the parameter's extremes and at every choice, with a
reservation value the party can reach.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

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

__all__ = ["Sampleable", "parameter_problems", "uncertainty_problems"]


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
    parties = [p.model_dump(by_alias=True) for p in scenario.parties]
    problems = _listed_twice(parties, uncertainty.parameters)
    for k, parameter in enumerate(uncertainty.parameters):
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
    parties: list[dict[str, Any]], parameters: tuple[UncertainParameter, ...]
) -> list[Problem]:
    """A field listed by two parameters (however the party is written), or two parameters on
    one party's weights (a `weights.ISSUE` scales the others: two would fight)."""
    problems: list[Problem] = []
    seen: dict[tuple[int, tuple[str, ...]], int] = {}
    for k, parameter in enumerate(parameters):
        try:
            party, steps = field_key(parties, parameter.path)
        except ValueError:
            continue  # reported with the parameter
        key = (party, steps[:1]) if steps[0] == "weights" else (party, steps)
        if key in seen:
            j = seen[key]
            what = "the weights of one party" if steps[0] == "weights" else parameter.path
            problems.append(Problem(
                f"parameters[{j}] ({parameters[j].name!r}) and parameters[{k}] "
                f"({parameter.name!r}) both set {what}: list each once",
                f"uncertainty.parameters[{k}].path",
            ))  # fmt: skip
        else:
            seen[key] = k
    return problems


def _probe(
    scenario: Sampleable, parameter: UncertainParameter, given: Any, where: str
) -> list[Problem]:
    for value in probes(parameter, given):
        shown = f"{value:.10g}" if isinstance(value, float) else repr(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        try:
            variant = scenario.sampled([(parameter.path, value)])
        except ScenarioError as exc:
            return [Problem(f"with {shown}: {p}", f"{where}.distribution") for p in exc.problems]
        beyond = _out_of_reach(variant, parameter)
        if beyond:
            return [Problem(f"with {shown}: {beyond}", f"{where}.distribution")]
    return []


def _out_of_reach(variant: Sampleable, parameter: UncertainParameter) -> str | None:
    """Why a sampled reservation value rules out every agreement (None: it does not)."""
    parties = [p.model_dump(by_alias=True) for p in variant.parties]
    k, steps = field_key(parties, parameter.path)
    prefs = variant.parties[k].preferences
    if steps != ("reservation_value",) or prefs is None:
        return None
    best = prefs.best_utility({i.name: i for i in variant.issues})
    if prefs.reservation_value <= best + 1e-9:
        return None
    name = variant.parties[k].name
    return (
        f"a reservation value above {best:.3g}, the best utility {name} can reach: no "
        "agreement could ever be accepted"
    )

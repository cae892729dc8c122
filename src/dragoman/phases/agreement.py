"""An agreement to implement: the agreed value of every issue, where it came from, and a note
when the source is not what was asked for (the Nash point with the red lines set aside, because
no outcome inside them is individually rational).

Words, one meaning each: an agreement is *read* (from a mapping here; from a file or a log in
`dragoman.io.agreement_file`), *chosen* by a bargaining solution (`choose_solution`), and
*assessed* (`dragoman.analysis.assess`, `dragoman.phases.implementation`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dragoman.analysis.scenario import analyze
from dragoman.analysis.solutions import SOLUTION_NAMES
from dragoman.errors import DragomanError, Problem, ScenarioError
from dragoman.model.scenario import Scenario

__all__ = [
    "Agreement",
    "AgreementError",
    "agreement_from_mapping",
    "choose_solution",
    "red_line_breaches",
]


class AgreementError(ScenarioError):
    """An agreement that does not fit the scenario (unknown issue, value not on offer, ...),
    or a source that holds none; one `Problem` per fault, with file, line and issue."""


@dataclass(frozen=True)
class Agreement:
    """The agreed outcome (issue -> value), its source in words, and a caveat if any."""

    outcome: dict[str, str]
    source: str
    note: str = ""


def agreement_from_mapping(
    scenario: Scenario,
    mapping: Mapping[str, Any],
    source: str,
    file: str = "",
    line_of: Callable[[str], int | None] = lambda _: None,
) -> Agreement:
    """An agreement from {issue: value}; AgreementError listing every unknown issue, value not
    on offer, and missing issue (`line_of` locates an issue's line in `file`)."""
    issues = {i.name: i for i in scenario.issues}
    problems, outcome = [], {}
    for name, value in mapping.items():
        name = str(name)
        if name not in issues:
            known = ", ".join(issues)
            message = f"unknown issue {name!r} (issues: {known})"
            problems.append(Problem(message, name, file, line_of(name)))
            continue
        try:
            outcome[name] = issues[name].labels[issues[name].index_of(value)]
        except ValueError as exc:
            problems.append(Problem(str(exc), name, file, line_of(name)))
    missing = [name for name in issues if name not in mapping]
    if missing:
        message = f"no agreed value for {', '.join(missing)} (every issue needs one)"
        problems.append(Problem(message, "", file, 1 if file else None))
    if problems:
        raise AgreementError(problems)
    agreed = {name: outcome[name] for name in issues}
    breaches = red_line_breaches(scenario, agreed)
    note = ""
    if breaches:
        note = (
            "This agreement breaches red lines of the scenario: "
            + "; ".join(breaches)
            + ". It is analysed as given, for reference."
        )
    return Agreement(agreed, source, note)


def red_line_breaches(scenario: Scenario, outcome: Mapping[str, str]) -> list[str]:
    """Each party's red lines that `outcome` ({issue: value}) breaches, in words."""
    issues = {i.name: i for i in scenario.issues}
    found = []
    for party in scenario.negotiators:
        for red_line in getattr(party.preferences, "red_lines", ()):
            issue = issues[red_line.issue]
            if not red_line.mask(issue)[issue.index_of(outcome[red_line.issue])]:
                found.append(f"{party.name}: {red_line.describe()}")
    return found


def choose_solution(scenario: Scenario, solution: str = "nash") -> Agreement:
    """The outcome a bargaining solution picks inside every red line; if none exists, the one
    it picks with the red lines set aside, with a note saying so plainly."""
    if solution not in SOLUTION_NAMES:
        known = ", ".join(SOLUTION_NAMES)
        raise DragomanError(f"unknown solution {solution!r} (known: {known})")
    result = analyze(scenario)
    name = SOLUTION_NAMES[solution]
    space = scenario.outcome_space
    inside = result.solutions.get(solution)
    if inside is not None:
        return Agreement(space.outcome(inside.outcome_index), f"{name}, inside every red line")
    aside = result.reference_solutions.get(solution)
    if aside is None:
        raise DragomanError(f"the {name} does not exist for this scenario: nothing to implement")
    why = " ".join(result.zopa.summary[:1]) or "No outcome inside every red line qualifies."
    note = (
        f"No {name} exists inside every red line. {why} The agreement implemented below is "
        f"the {name} with every red line set aside: for reference only, it breaches at least "
        "one party's red line."
    )
    return Agreement(space.outcome(aside.outcome_index), f"{name}, red lines set aside", note)

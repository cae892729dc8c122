"""Which agreement to implement: issue values from a mapping, a bargaining solution, or a log.

An `Agreement` is the agreed value of every issue plus where it came from, and a note when the
source is not what was asked for (the Nash point with the red lines set aside, because no
outcome inside them is individually rational).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dragoman.errors import DragomanError, Problem, ScenarioError

if TYPE_CHECKING:
    from dragoman.model.scenario import Scenario
    from dragoman.negotiation.events import Event

__all__ = [
    "Agreement",
    "AgreementError",
    "agreement_from_events",
    "agreement_from_mapping",
    "red_line_breaches",
    "solution_agreement",
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


def solution_agreement(scenario: Scenario, solution: str = "nash") -> Agreement:
    """The outcome a bargaining solution picks inside every red line; if none exists, the one
    it picks with the red lines set aside, with a note saying so plainly."""
    from dragoman.analysis.analyze import SOLUTIONS, analyze

    if solution not in SOLUTIONS:
        raise DragomanError(f"unknown solution {solution!r} (known: {', '.join(SOLUTIONS)})")
    result = analyze(scenario)
    name = SOLUTIONS[solution][0]
    inside = {p.key: p for p in result.solutions}
    if solution in inside:
        return Agreement(inside[solution].outcome, f"{name}, inside every red line")
    aside = {p.key: p for p in result.reference_solutions}
    if solution not in aside:
        raise DragomanError(f"the {name} does not exist for this scenario: nothing to implement")
    why = " ".join(result.zopa.summary[:1]) or "No outcome inside every red line qualifies."
    note = (
        f"No {name} exists inside every red line. {why} The agreement implemented below is "
        f"the {name} with every red line set aside: for reference only, it breaches at least "
        "one party's red line."
    )
    return Agreement(aside[solution].outcome, f"{name}, red lines set aside", note)


def agreement_from_events(scenario: Scenario, events: Sequence[Event], log: str) -> Agreement:
    """The agreement of the last session in a negotiation log; AgreementError if it ended
    without one. The outcome is read in the log's own scenario, then matched to `scenario`."""
    from dragoman.io.eventlog_records import split_sessions
    from dragoman.io.scenario_file import parse_scenario
    from dragoman.negotiation.events import EventKind

    sessions = split_sessions(events)
    if not sessions:
        raise AgreementError([Problem("the log holds no session", file=log)])
    info, session = sessions[-1]
    end = session[-1]
    if end.kind != EventKind.AGREEMENT or end.outcome is None:
        raise AgreementError(
            [
                Problem(
                    f"session {info.session_id} ended without agreement ({info.status} after "
                    f"{end.step} steps): nothing to implement",
                    file=log,
                )
            ]
        )
    text = session[0].data.get("scenario")
    recorded = parse_scenario(text, log) if isinstance(text, str) else scenario
    if not 0 <= end.outcome < recorded.outcome_space.size:
        raise AgreementError([Problem(f"agreed outcome {end.outcome} is out of range", file=log)])
    outcome = recorded.outcome_space.outcome(end.outcome)
    return agreement_from_mapping(
        scenario, outcome, f"agreement of session {info.session_id} in {log}", log
    )

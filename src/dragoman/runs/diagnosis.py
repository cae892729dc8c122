"""Why a negotiation ended without agreement, in words: a pure function of the event log and the
scenario (the parties' true preferences, which no seat saw). It names what blocked the deal:
no zone at all, reports that leave none, texts that always breached one party's red line or
stayed below its reservation value, or texts in the zone that no one accepted in time."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dragoman._arrays import Digits
from dragoman._words import count, number
from dragoman.analysis.problem import BargainingProblem, bargaining_problem
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import Event, EventKind
from dragoman.negotiation.reports import (
    compile_report,
    has_inside,
    reported_allowed,
    reports_in_log,
)
from dragoman.utility.masks import passes
from dragoman.utility.scenario import compiled

__all__ = ["diagnose"]

#: Events whose outcome a mediated session put to the parties (else: the parties' offers).
TEXT_KINDS = (EventKind.TEXT, EventKind.RELAY)


def diagnose(scenario: Scenario, events: Sequence[Event]) -> list[str]:
    """What kept the session recorded in `events` from an agreement (empty if it agreed or
    ended in an error, which says why itself)."""
    if not events or events[-1].kind in (EventKind.AGREEMENT, EventKind.ERROR):
        return []
    lines = []
    if events[-1].kind == EventKind.BREAKDOWN and events[-1].data.get("by"):
        lines.append(f"{events[-1].data['by']} walked away at step {events[-1].step}")
    if not bargaining_problem(scenario).zone.exists:
        lines.append(
            "no zone of agreement: no text is inside every red line and worth every party's "
            "reservation value (see `dragoman analyze`)"
        )
    lines += _reports(scenario, events)
    return lines + _texts(scenario, events)


def _reports(scenario: Scenario, events: Sequence[Event]) -> list[str]:
    """What the parties' preference reports, taken together, left the mediators."""
    parties = [p.name for p in scenario.negotiators]
    reports = reports_in_log(events, parties)
    if len(reports) < len(parties):
        return []
    space = scenario.outcome_space
    utilities = [compile_report(reports[p], space) for p in parties]
    allowed = reported_allowed(space, utilities)
    if not has_inside(allowed):
        closed = [space.names[i] for i, a in enumerate(allowed) if not a.any()]
        return [f"the parties' reported red lines exclude every value of {', '.join(closed)}"]
    truthful = all(
        reports[p.name] == p.preferences.model_dump(mode="json")
        for p in scenario.negotiators
        if p.preferences is not None
    )  # then the reported zone is the scenario's, found once per scenario
    problem = bargaining_problem(scenario) if truthful else BargainingProblem(utilities, allowed)
    if not problem.zone.exists:
        return [
            "the parties' reports leave no zone: no text inside every reported red line is "
            "worth every reported reservation value"
        ]
    return []


def _texts(scenario: Scenario, events: Sequence[Event]) -> list[str]:
    """What the texts put to the parties (or, unmediated, their offers) had against them."""
    mediators = _mediators(scenario, events)
    kinds = TEXT_KINDS if mediators else (EventKind.OFFER,)
    what = "text" if mediators else "offer"
    space = scenario.outcome_space
    # a log read back may name outcomes outside the space: the timeline says so, not here
    put = [
        e
        for e in events
        if e.kind in kinds and e.outcome is not None and 0 <= e.outcome < space.size
    ]
    if not put:
        return [f"no {what} was put to the parties ({', '.join(mediators)} composed none)"]
    outcomes = sorted({int(e.outcome) for e in put if e.outcome is not None})
    digits = space.digits(space.ids(outcomes))
    lines = _breaches(scenario, digits, what) + _shortfalls(scenario, digits, what)
    return lines or [_missed(scenario, events, put, digits, what)]


def _mediators(scenario: Scenario, events: Sequence[Event]) -> list[str]:
    """The mediators who sat in the session (its start event names every seat)."""
    parties = {p.name for p in scenario.negotiators}
    seats = events[0].data.get("seats", {}) if events[0].kind == EventKind.START else {}
    return [name for name in seats if name not in parties]


def _breaches(scenario: Scenario, digits: Digits, what: str) -> list[str]:
    """Each party's red line that every text breached."""
    lines = []
    space = scenario.outcome_space
    for party, utility in zip(
        compiled(scenario).parties, compiled(scenario).utilities, strict=True
    ):
        for mask in utility.red_line_masks:
            if not mask.allowed[digits[:, mask.issue]].any():
                issue = space.names[mask.issue]
                lines.append(f"every {what} proposed breached {party}'s red line on {issue}")
    return lines


def _shortfalls(scenario: Scenario, digits: Digits, what: str) -> list[str]:
    """Each party whom every text left below its reservation value."""
    lines = []
    c = compiled(scenario)
    for party, utility in zip(c.parties, c.utilities, strict=True):
        best = float(utility.utilities_of_digits(digits).max())
        rv = utility.reservation_value
        if best < rv:
            lines.append(
                f"{what}s stayed below {party}'s reservation value (best proposed "
                f"{number(best)} < {number(rv)})"
            )
    return lines


def _missed(
    scenario: Scenario, events: Sequence[Event], put: Sequence[Event], digits: Digits, what: str
) -> str:
    """Texts in the zone that were not accepted in time, or texts each failing someone."""
    c = compiled(scenario)
    u = np.stack([utility.utilities_of_digits(digits) for utility in c.utilities])
    inside = passes(digits, c.allowed()) & np.all(u >= c.reservation[:, None], axis=0)
    if not inside.any():
        return (
            f"no {what} proposed was inside every red line and worth every party's reservation "
            "value (each failed someone)"
        )
    space = scenario.outcome_space
    zone = set(np.asarray(space.index(digits[inside])).tolist())
    last = next(e for e in reversed(put) if e.outcome in zone)
    answers = _answers(scenario, events, last)
    by = f"; the last of them (step {last.step}) was {answers}" if answers else ""
    were = "was" if len(zone) == 1 else "were"
    return (
        f"{len(zone)} of {count(len(digits), what)} proposed {were} in the zone, but none was "
        f"accepted by every party before the deadline{by}"
    )


#: How a party answered a proposal, as the diagnosis words it (in this order).
_ANSWER_WORDS = {
    EventKind.REJECT: "rejected by",
    EventKind.ACCEPT: "accepted by",
    EventKind.WALK_AWAY: "walked away from by",
}


def _answers(scenario: Scenario, events: Sequence[Event], last: Event) -> str:
    """Who rejected, accepted or left unanswered the proposal `last` (a text carried to several
    parties at one step is one proposal), each party by its own answer to it: its first
    response naming the outcome after the proposal was put (an earlier rejection of the same
    outcome, put again later, is not an answer to it)."""
    parties = [p.name for p in scenario.negotiators]
    put = [
        k
        for k, e in enumerate(events)
        if e.kind == last.kind
        and (e.step, e.sender, e.outcome) == (last.step, last.sender, last.outcome)
    ]
    to = {r for k in put for r in events[k].receivers} & set(parties)
    said: dict[str, EventKind] = {}
    for e in events[put[0] + 1 :]:
        if e.kind in _ANSWER_WORDS and e.outcome == last.outcome and e.sender in to:
            said.setdefault(e.sender, e.kind)
    groups = [
        f"{words} {', '.join(sorted(p for p in said if said[p] == kind))}"
        for kind, words in _ANSWER_WORDS.items()
        if kind in said.values()
    ]
    silent = sorted(to - set(said))
    if silent and said:
        groups.append(f"not answered by {', '.join(silent)}")
    return "; ".join(groups)

"""The rules every finished session must keep, read from its event log and its seats' views.

`session_breaches(session)` checks what no protocol, agent or mediator may break: one start
event first and one end event last, steps and rounds that never go back, outcomes that exist,
messages only on existing channels between seated seats, every inbox holding exactly the
messages addressed to its seat, views that show a seat only its own preferences, and an
agreement only with every party's support. `agent_breaches` adds what an agent promises about
its own red lines and reservation value.
"""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np

from dragoman.model.kinds import PreferencesBase
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import END_KINDS, MESSAGE_KINDS, Event, EventKind
from dragoman.negotiation.session import Session, SessionResult
from dragoman.utility.compiled_utility import CompiledUtility
from dragoman.utility.scenario import compiled

__all__ = ["agent_breaches", "same_log", "session_breaches"]

#: What a party's last word on the table may be; the agreement needs it to be an endorsement.
_WORDS = frozenset({EventKind.OFFER, EventKind.ACCEPT, EventKind.REJECT, EventKind.WALK_AWAY})


def session_breaches(session: Session) -> list[str]:
    """Every rule the finished `session` broke (an empty list when it kept them all)."""
    result = session.result
    if result is None:
        return ["the session has not ended"]
    problems = (
        [f"the session ended in an error: {result.error}"] if result.status == "error" else []
    )
    problems += _record(session, result)
    problems += _channels(session, result.events)
    problems += _inboxes(session, result.events)
    problems += _privacy(session)
    problems += _support(session, result)
    return problems


def _record(session: Session, result: SessionResult) -> list[str]:
    """One start first, one end last matching the result; time never runs backwards; every
    outcome named exists."""
    events, size = result.events, session.public.outcome_space.size
    problems = []
    starts = [e for e in events if e.kind == EventKind.START]
    if not events or events[0].kind != EventKind.START or len(starts) != 1:
        problems.append("the log does not open with exactly one start event")
    ends = [e for e in events if e.kind in END_KINDS]
    if len(ends) != 1 or not events or events[-1] is not ends[0]:
        problems.append(f"the log has {len(ends)} end events, and they are not only the last")
    elif (ends[0].kind.value, ends[0].outcome) != (result.status.value, result.agreement):
        problems.append(f"the end event {ends[0].kind} disagrees with the result {result.status}")
    for before, after in itertools.pairwise(events):
        if (after.step, after.round) < (before.step, before.round):
            problems.append(f"time went back from step {before.step} to {after.step}")
            break
    if any(e.step > session.public.total_steps for e in events):
        problems.append(f"an event after the step budget of {session.public.total_steps}")
    problems += [
        f"{e.kind} names outcome {e.outcome}, outside 0..{size - 1}"
        for e in events
        if e.outcome is not None and not 0 <= e.outcome < size
    ]
    return problems


def _channels(session: Session, events: tuple[Event, ...]) -> list[str]:
    """Messages go from a seat to seats on existing channels; other events are no messages."""
    problems = []
    channels, seated = session.public.channels, set(session.seats)
    for e in events:
        if e.kind not in MESSAGE_KINDS:
            if e.sender or e.receivers:
                problems.append(f"a {e.kind} event is addressed like a message")
            continue
        if e.sender not in seated or not e.receivers:
            problems.append(f"a {e.kind} from {e.sender or 'nobody'} to {e.receivers or 'nobody'}")
        problems += [
            f"a {e.kind} from {e.sender} to {r}, who has no channel or no seat"
            for r in e.receivers
            if (e.sender, r) not in channels or r not in seated
        ]
    return list(dict.fromkeys(problems))


def _inboxes(session: Session, events: tuple[Event, ...]) -> list[str]:
    """Each seat received exactly the messages addressed to it, in order."""
    return [
        f"{name}'s inbox differs from the messages addressed to it"
        for name, view in session.views.items()
        if view.inbox != tuple(e for e in events if name in e.receivers)
    ]


def _utilities(scenario: Scenario) -> dict[str, CompiledUtility]:
    """Each party's compiled utility, by name."""
    table = compiled(scenario)
    return dict(zip(table.parties, table.utilities, strict=True))


def _privacy(session: Session) -> list[str]:
    """A party's view holds its own preferences, a mediator's none; the public part of every
    view is one shared object without preferences; no party receives another's preferences."""
    utilities = _utilities(session.scenario)
    problems = []
    for name, view in session.views.items():
        if view.seat != name or view.role != session.scenario.party(name).role:
            problems.append(f"{name}'s view names seat {view.seat!r} in role {view.role!r}")
        if view.utility is not utilities.get(name):
            problems.append(f"{name}'s view holds preferences other than its own")
        if view.public is not session.public:
            problems.append(f"{name}'s view has a public scenario of its own")
        if name in utilities and any('"preferences"' in e.to_json() for e in view.inbox):
            problems.append(f"{name}, a party, received preferences")
    private = (Scenario, CompiledUtility, PreferencesBase)
    for f in dataclasses.fields(session.public):
        if isinstance(getattr(session.public, f.name), private):
            problems.append(f"the public scenario exposes preferences in {f.name!r}")
    return problems


def _support(session: Session, result: SessionResult) -> list[str]:
    """An agreement only on an outcome every party last offered or accepted, with the
    utilities the parties' tables give it."""
    agreed = result.agreement
    if (
        result.status != "agreement"
        or agreed is None
        or not 0 <= agreed < session.public.outcome_space.size
    ):
        return []
    problems = []
    for party, utility in _utilities(session.scenario).items():
        said = [e for e in result.events if e.sender == party and e.kind in _WORDS]
        last = said[-1] if said else None
        if (
            last is None
            or last.kind not in (EventKind.OFFER, EventKind.ACCEPT)
            or last.outcome != agreed
        ):
            problems.append(f"agreement on {agreed} without the support of {party}")
        if not np.isclose(result.utilities.get(party, np.nan), float(utility.table[agreed])):
            problems.append(f"the agreement reports a wrong utility for {party}")
    return problems


def agent_breaches(scenario: Scenario, seat: str, events: tuple[Event, ...]) -> list[str]:
    """What the agent at `seat` did against its own red lines and reservation value: offers
    beyond its red lines, acceptances below its RV or beyond its red lines, votes for texts
    beyond its red lines."""
    table = compiled(scenario)
    utility = table.utilities[table.parties.index(seat)]
    problems = []
    for e in events:
        if e.sender != seat or e.outcome is None or not 0 <= e.outcome < table.space.size:
            continue  # an outcome that does not exist is a breach of the session's rules
        inside = bool(utility.acceptable(np.array([e.outcome]))[0])
        below = bool(utility.table[e.outcome] < utility.reservation_value)
        if e.kind == EventKind.OFFER and not inside:
            problems.append(f"offered {e.outcome} outside its red lines")
        if e.kind == EventKind.ACCEPT and (below or not inside):
            problems.append(f"accepted {e.outcome} below its RV or beyond its red lines")
        if e.kind == EventKind.VOTE and e.data.get("approve") and not inside:
            problems.append(f"voted for text {e.outcome} outside its red lines")
    return problems


def same_log(a: SessionResult, b: SessionResult) -> bool:
    """Whether two sessions left the same event log, event by event."""
    return [e.to_dict() for e in a.events] == [e.to_dict() for e in b.events]

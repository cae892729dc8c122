"""What each page's template is given: the seat's own state (and, for a mediator, its
console), the organiser's dashboard, and the debrief (the report's data, built once). Who sits
where is named as the terminal names it (`render.report.seating`): a seat, as `seen_by` lets it
see the start (the other seats' strategies not disclosed); the organiser, in full."""

from __future__ import annotations

import secrets
from dataclasses import replace
from typing import Any

from dragoman.analysis.scenario import analyze
from dragoman.io.scenario_file import builtin_scenarios
from dragoman.negotiation.protocols.registry import protocol_names
from dragoman.negotiation.visibility import seen_by, visible_events
from dragoman.render.brief import brief_of
from dragoman.render.html import data_uri
from dragoman.render.plots import utility_space_png
from dragoman.render.report import Report, build_report, seating
from dragoman.strategies.registry import agent_names, mediator_names
from dragoman.web.access import Seated
from dragoman.web.console import answers_to_latest, sent_by_parties
from dragoman.web.db import ExerciseRow
from dragoman.web.hub import Hub
from dragoman.web.live import LiveSession
from dragoman.web.state import event_out, group_status, seat_state

__all__ = ["dashboard_context", "debrief_context", "home_context", "seat_context"]


def home_context() -> dict[str, Any]:
    """The organiser form's choices."""
    return {
        "scenarios": list(builtin_scenarios()),
        "protocols": list(protocol_names()),
        "agents": agent_names(),
        "mediators": mediator_names(),
    }


def seat_context(seated: Seated) -> dict[str, Any]:
    """A seat's page: only what its own view and its visible events hold."""
    live, view, name = seated.live, seated.view, seated.name
    state = seat_state(live, name)
    shown = visible_events(name, live.session.events)
    events = [event_out(view, k, e) for k, e in enumerate(shown)]
    space = view.public.outcome_space
    base = _base_outcome(seated, state.current)
    issues = [
        (i.name, i.labels, i.labels[d])
        for i, d in zip(space.issues, space.digits([base])[0], strict=True)
    ]
    context: dict[str, Any] = {
        "s": state,
        "seat_id": seated.row.id,
        "events": events[::-1],
        "issues": issues,
        "csrf": seated.row.csrf,
        "key": secrets.token_urlsafe(16),
        "mediators": mediator_names(),
        "brief": None if view.utility is None else brief_of(name, view.utility.preferences, space),
        "sig_actions": f"{state.step}:{state.your_turn}:{state.status}",
        "sig_events": f"{len(events)}:{state.status}",
        "console": None,
        "seats": _seats(live, name),
    }
    if view.role == "mediator":
        received = [event_out(view, 0, e) for e in sent_by_parties(view, shown)]
        context["console"] = {
            "received": received[::-1],
            "answers": answers_to_latest(view, shown),
            "paused": live.paused_in is not None,
        }
    return context


def dashboard_context(hub: Hub, exercise: ExerciseRow) -> dict[str, Any]:
    """The class dashboard: each group's line and links; the comparison once all have ended."""
    rows = hub.store.sessions(exercise.id)
    lives = [hub.live(r.id) for r in rows]
    groups = [group_status(live) for live in lives]
    links = {r.group: {s.name: f"/join/{s.token}" for s in hub.store.seats(r.id)} for r in rows}
    ended = all(live.session.done for live in lives)
    plot = None
    if ended and lives:
        plot = _class_plot(hub, exercise, lives)
    return {
        "exercise": exercise,
        "groups": groups,
        "links": links,
        "ended": ended,
        "plot": plot,
        "parties": list(lives[0].session.public.parties) if lives else [],
        "seats": {live.group: _seats(live) for live in lives},
    }


def debrief_context(hub: Hub, live: LiveSession, seat: str | None = None) -> dict[str, Any]:
    """The debrief: the report of the group's session (built once: the session has ended),
    who sat where as `seat` may see it (None: the organiser, in full)."""
    report = live.extras.get("debrief")
    if report is None:
        report = build_report(live.setup.scenario, live.session.events)
        live.extras["debrief"] = report
    assert isinstance(report, Report)
    if seat is not None:
        report = replace(report, seats=_seats(live, seat))
    return {"r": report, "group": live.group}


def _seats(live: LiveSession, seat: str | None = None) -> list[str]:
    """Who sits where in the group's session, as `seat` may see it (None: in full)."""
    session = live.session
    start = session.events[0] if seat is None else seen_by(seat, session.events[0])
    return [] if start is None else seating(session.scenario, start)


def _class_plot(hub: Hub, exercise: ExerciseRow, lives: list[LiveSession]) -> str:
    """Every group's agreement in one utility-space plot (built once per finished class)."""
    key = "class-plot"
    first = lives[0]
    if key not in first.extras:
        scenario = first.setup.scenario
        marks = {
            f"group {live.group}": dict(live.session.result.utilities)
            for live in lives
            if live.session.result and live.session.result.agreement is not None
        }
        first.extras[key] = data_uri(utility_space_png(scenario, analyze(scenario), marks))
    return str(first.extras[key])


def _base_outcome(seated: Seated, current: Any) -> int:
    """The outcome the forms start from: the one on the table, else the seat's best."""
    view = seated.view
    space = view.public.outcome_space
    if current is not None:
        return space.outcome_index(current)
    if view.utility is not None:
        return int(view.utility.ranking[0][0])
    return 0

"""What a mediator has heard: parties' latest proposals, answers and reported preferences,
whether told directly or passed on by a colleague (CONSULT events)."""

from __future__ import annotations

from typing import Any

from dragoman.model.kinds import parse_preferences
from dragoman.negotiation.events import Event, EventKind
from dragoman.negotiation.view import SeatView
from dragoman.utility.compiled_utility import CompiledUtility, compile_preferences

__all__ = ["heard", "latest_offers", "reported_preferences", "reported_utilities"]


def heard(view: SeatView) -> list[tuple[str, str, Event]]:
    """(party, kind, event) for every party message the mediator knows of, oldest first."""
    out = []
    parties = set(view.public.parties)
    for event in view.inbox:
        if event.sender in parties:
            out.append((event.sender, event.kind.value, event))
        elif event.kind == EventKind.CONSULT and event.data.get("origin") in parties:
            kind = str(event.data.get("origin_kind", event.data.get("answer", "")))
            out.append((str(event.data["origin"]), kind, event))
    return out


def latest_offers(view: SeatView) -> dict[str, int]:
    """Each party's latest position the mediator knows of: a proposal, or a preferred text."""
    offers: dict[str, int] = {}
    for party, kind, event in heard(view):
        if kind in (EventKind.OFFER, EventKind.CRITIQUE) and event.outcome is not None:
            offers[party] = event.outcome
    return offers


def reported_preferences(view: SeatView) -> dict[str, dict[str, Any]]:
    """Each party's latest preference report the mediator knows of (as reported: maybe untrue)."""
    reports: dict[str, dict[str, Any]] = {}
    for party, kind, event in heard(view):
        if kind == EventKind.REPORT and "preferences" in event.data:
            reports[party] = dict(event.data["preferences"])
    return reports


def reported_utilities(view: SeatView) -> dict[str, CompiledUtility]:
    """Reported preferences (of either kind) compiled over the outcome space, for every party
    that reported."""
    space = view.public.outcome_space
    return {
        party: compile_preferences(parse_preferences(report), space)
        for party, report in reported_preferences(view).items()
    }

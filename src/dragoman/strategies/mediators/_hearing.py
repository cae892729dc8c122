"""What a mediator has heard: the positions parties took and their reported preferences,
whether told directly or passed on by a colleague (CONSULT events)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dragoman._arrays import BoolArray
from dragoman.negotiation.events import Event, EventKind
from dragoman.negotiation.reports import ReportMemo, reported_allowed
from dragoman.negotiation.view import SeatView
from dragoman.utility.compiled_utility import CompiledUtility

__all__ = [
    "heard",
    "inside_reports",
    "positions",
    "reported_utilities",
]


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


def positions(view: SeatView, most: int | None = None) -> dict[str, list[int]]:
    """Each party's distinct positions the mediator knows of (proposals, preferred texts and
    texts it accepted), newest first (the `most` newest, if given)."""
    found: dict[str, list[int]] = {}
    taken = (EventKind.OFFER, EventKind.CRITIQUE, EventKind.ACCEPT)
    for party, kind, event in reversed(heard(view)):
        if kind in taken and event.outcome is not None:
            seen = found.setdefault(party, [])
            if event.outcome not in seen and (most is None or len(seen) < most):
                seen.append(event.outcome)
    return found


def reported_utilities(
    view: SeatView, memo: ReportMemo | None = None
) -> dict[str, CompiledUtility]:
    """Reported preferences (of either kind) compiled over the outcome space, for every party
    that reported, in the parties' order (each compiled once with a mediator's `memo`)."""
    memo = memo or ReportMemo()
    space = view.public.outcome_space
    latest: dict[str, Mapping[str, Any]] = {}
    for party, kind, event in heard(view):
        if kind == EventKind.REPORT and "preferences" in event.data:
            latest[party] = event.data["preferences"]
    parties = [p for p in view.public.parties if p in latest]
    return {p: memo.compiled(latest[p], space) for p in parties}


def inside_reports(view: SeatView, memo: ReportMemo | None = None) -> tuple[BoolArray, ...]:
    """Per issue, the values inside every red line reported to the mediator so far."""
    utilities = reported_utilities(view, memo).values()
    return reported_allowed(view.public.outcome_space, utilities)

"""What a seat may know, as plain data for its page and the JSON API: its brief, the clock,
the request it must answer, the current text, and its own timeline (`visible_to` decides).
The organiser's view of a group is here too; nothing here reads another seat's view."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pydantic import BaseModel

from dragoman.negotiation.events import Event, EventKind
from dragoman.negotiation.requests import Request
from dragoman.negotiation.view import SeatView
from dragoman.negotiation.visibility import visible_events
from dragoman.render.brief import brief_of
from dragoman.web.answers import choices
from dragoman.web.live import LiveSession

__all__ = [
    "EventOut",
    "GroupStatus",
    "RequestOut",
    "SeatState",
    "event_out",
    "group_status",
    "seat_events",
    "seat_state",
]

Value = str | int | float
_PROPOSALS = (EventKind.TEXT, EventKind.RELAY, EventKind.OFFER)


class EventOut(BaseModel):
    """One event as a seat may see it; outcomes in values and words, with the seat's own
    utility of them (parties only)."""

    seq: int
    step: int
    round: int
    kind: str
    sender: str
    receivers: list[str]
    outcome: dict[str, Value] | None = None
    outcome_text: dict[str, str] | None = None
    utility: float | None = None
    data: dict[str, Any] = {}


class RequestOut(BaseModel):
    """What the session asks of the seat now."""

    action: str
    choices: list[str]
    offer: dict[str, Value] | None = None
    current: dict[str, Value] | None = None
    approvals: dict[str, bool] | None = None


class SeatState(BaseModel):
    """Everything a seat may know now."""

    seat: str
    role: str
    session: int
    group: int
    title: str
    protocol: str
    status: str
    step: int
    total_steps: int
    round: int  # 1-based
    rounds: int
    your_turn: bool
    request: RequestOut | None
    reachable: list[str]
    parties: list[str]  # every negotiating party (public)
    brief: dict[str, Any] | None
    best: dict[str, Value] | None  # the seat's own best outcome (parties only)
    current: dict[str, Value] | None
    current_utility: float | None
    events: int  # how many events the seat may see (GET .../events?after=N for them)


class GroupStatus(BaseModel):
    """One group's session as the organiser sees it."""

    group: int
    session: int
    status: str
    step: int
    total_steps: int
    round: int
    rounds: int
    last_text: dict[str, str] | None
    agreement: dict[str, str] | None
    utilities: dict[str, float]


def event_out(view: SeatView | None, seq: int, event: Event) -> EventOut:
    """An event with its outcome decoded (and valued by `view`'s own utility, if any)."""
    space = view.public.outcome_space if view else None
    out = EventOut(
        seq=seq,
        step=event.step,
        round=event.round,
        kind=event.kind.value,
        sender=event.sender,
        receivers=list(event.receivers),
        data=dict(event.data),
    )
    if event.outcome is not None and space is not None:
        out.outcome = space.values(event.outcome)
        out.outcome_text = space.describe(event.outcome)
        if view is not None and view.utility is not None:
            out.utility = view.my_utility(event.outcome)
    return out


def seat_events(live: LiveSession, seat: str, after: int = 0) -> list[EventOut]:
    """The seat's own timeline, from its `after`-th visible event on."""
    view = live.session.views[seat]
    shown = visible_events(seat, live.session.events)
    return [event_out(view, k, e) for k, e in enumerate(shown) if k >= after]


def seat_state(live: LiveSession, seat: str) -> SeatState:
    """What `seat` may know now."""
    session, view = live.session, live.session.views[seat]
    space = view.public.outcome_space
    request = live.waiting
    mine = request if request is not None and request.seat == seat else None
    shown = visible_events(seat, session.events)
    current = _current(shown, mine)
    brief = None
    if view.utility is not None:  # the brief never changes: built once per seat
        brief = live.extras.get(f"brief:{seat}")
        if brief is None:
            brief = asdict(brief_of(seat, view.utility.preferences, space))
            live.extras[f"brief:{seat}"] = brief
    return SeatState(
        seat=seat,
        role=view.role,
        session=live.id,
        group=live.group,
        title=view.public.title,
        protocol=session.protocol.name,
        status=live.status,
        step=view.step,
        total_steps=view.total_steps,
        round=view.round + 1,
        rounds=max(1, len(view.public.rounds)),
        your_turn=mine is not None,
        request=_request_out(view, mine),
        reachable=list(view.reachable()),
        parties=list(view.public.parties),
        brief=brief,
        best=None if view.utility is None else space.values(int(view.utility.ranking[0][0])),
        current=None if current is None else view.public.outcome_space.values(current),
        current_utility=None
        if current is None or view.utility is None
        else view.my_utility(current),
        events=len(shown),
    )


def group_status(live: LiveSession) -> GroupStatus:
    """The organiser's line for one group."""
    session = live.session
    space = session.public.outcome_space
    texts = [e for e in session.events if e.kind in _PROPOSALS and e.outcome is not None]
    result = session.result
    agreed = None if result is None else result.agreement
    return GroupStatus(
        group=live.group,
        session=live.id,
        status=live.status,
        step=session.clock.step,
        total_steps=session.public.total_steps,
        round=session.clock.round + 1,
        rounds=max(1, len(session.public.rounds)),
        last_text=space.describe(texts[-1].outcome)
        if texts and texts[-1].outcome is not None
        else None,
        agreement=None if agreed is None else space.describe(agreed),
        utilities=dict(result.utilities) if result is not None else {},
    )


def _request_out(view: SeatView, request: Request | None) -> RequestOut | None:
    if request is None:
        return None
    space = view.public.outcome_space
    return RequestOut(
        action=request.action.value,
        choices=choices(request),
        offer=None if request.offer is None else space.values(request.offer),
        current=None if request.current is None else space.values(request.current),
        approvals=None if request.approvals is None else dict(request.approvals),
    )


def _current(events: list[Event], request: Request | None) -> int | None:
    """The outcome on the table for this seat: the one it is asked about, else the latest
    text, relay or offer it received or sent."""
    if request is not None and request.offer is not None:
        return request.offer
    for event in reversed(events):
        if event.kind in _PROPOSALS and event.outcome is not None:
            return int(event.outcome)
    return None

"""What a mediator's console shows beyond a seat's page: what parties sent it, and which
parties accepted the latest text (directly, or as a colleague reported), from its own
visible events only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dragoman.negotiation.events import Event, EventKind
from dragoman.negotiation.view import SeatView

__all__ = ["Answers", "answers_to_latest", "sent_by_parties"]

_ANSWERS = {
    EventKind.ACCEPT: "accept",
    EventKind.REJECT: "reject",
    EventKind.WALK_AWAY: "walk_away",
}
_TEXTS = (EventKind.TEXT, EventKind.RELAY)


@dataclass(frozen=True)
class Answers:
    """The latest text the mediator knows of, and each party's answer to it (if known)."""

    text: dict[str, str] | None
    answers: dict[str, str]


def sent_by_parties(view: SeatView, events: Sequence[Event]) -> list[Event]:
    """Messages parties sent this mediator, or that colleagues passed on from parties."""
    parties = set(view.public.parties)
    return [
        e
        for e in events
        if view.seat in e.receivers and (e.sender in parties or e.data.get("origin") in parties)
    ]


def answers_to_latest(view: SeatView, events: Sequence[Event]) -> Answers:
    """Each party's answer to the latest text this mediator carried or heard of."""
    latest: int | None = None
    answers: dict[str, str] = {}
    for e in events:
        if _is_text(view, e):
            latest, answers = e.outcome, {}
        elif e.outcome is not None and e.outcome == latest:
            if e.kind in _ANSWERS and e.sender in view.public.parties:
                answers[e.sender] = _ANSWERS[e.kind]
            elif e.kind is EventKind.CONSULT and "answer" in e.data:
                answers[str(e.data.get("origin"))] = str(e.data["answer"])
            elif e.kind is EventKind.VOTE:
                answers[e.sender] = "for" if e.data.get("approve") else "against"
    space = view.public.outcome_space
    return Answers(None if latest is None else space.describe(latest), answers)


def _is_text(view: SeatView, e: Event) -> bool:
    """A text put to the parties: carried by this mediator, or handed to it to carry."""
    if e.outcome is None:
        return False
    if e.kind in _TEXTS and e.sender == view.seat:
        return True
    return e.kind is EventKind.CONSULT and e.data.get("purpose") == "carry text"

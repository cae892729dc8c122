"""Who a request speaks for: the seat (or organiser) whose token it carries, in the
Authorization header (API clients) or in the seat's own cookie (its pages), and the one path
every action takes, from a page or the API, into the hub."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException, Request

from dragoman.negotiation.view import SeatView
from dragoman.web.answers import payload_of
from dragoman.web.db import ExerciseRow, SeatRow
from dragoman.web.hub import Accepted, Hub
from dragoman.web.live import LiveSession
from dragoman.web.security import bearer, cookie_name
from dragoman.web.spec import ActionIn

__all__ = ["Seated", "hub_of", "organiser", "perform", "seat_by_cookie", "seat_by_header"]

_NO_SEAT = "no seat for this token: use your invitation link"


@dataclass(frozen=True)
class Seated:
    """A request's seat: its row, its live session and its view."""

    row: SeatRow
    live: LiveSession

    @property
    def name(self) -> str:
        """The seat's name in the scenario."""
        return self.row.name

    @property
    def view(self) -> SeatView:
        """The seat's own view of its session."""
        return self.live.session.views[self.row.name]


def hub_of(request: Request) -> Hub:
    """The app's hub."""
    hub: Hub = request.app.state.hub
    return hub


def seat_by_header(request: Request) -> Seated:
    """The seat of the request's bearer token (403 if missing or unknown)."""
    token = bearer(request)
    return _seated(request, token)


def seat_by_cookie(request: Request, seat_id: int) -> Seated:
    """The seat of page `seat_id`, if the request holds that seat's cookie (403 otherwise)."""
    token = request.cookies.get(cookie_name("seat", seat_id))
    seated = _seated(request, token)
    if seated.row.id != seat_id:
        raise HTTPException(403, _NO_SEAT)
    return seated


def organiser(request: Request, exercise_id: int | None = None) -> ExerciseRow:
    """The exercise of the organiser's token (header, or the exercise page's cookie)."""
    if exercise_id is None:
        token = bearer(request)
    else:
        token = bearer(request) or request.cookies.get(cookie_name("exercise", exercise_id))
    exercise = hub_of(request).store.exercise_by_token(token) if token else None
    if exercise is None or (exercise_id is not None and exercise.id != exercise_id):
        raise HTTPException(403, "not the organiser's token: use the organiser link")
    return exercise


def perform(hub: Hub, seated: Seated, action: ActionIn) -> Accepted:
    """Take a seat's action (the same path for pages and the API)."""
    live = seated.live
    with live.lock:  # a retry is answered before its answer is read against the new request
        done = hub.already(live, seated.name, action.key)
        if done is not None:
            return done
        payload = payload_of(seated.view, live.waiting, action)
        return hub.act(live, seated.name, action.action, payload, action.key)


def _seated(request: Request, token: str | None) -> Seated:
    hub = hub_of(request)
    row = hub.store.seat_by_token(token) if token and len(token) <= 100 else None
    if row is None:
        raise HTTPException(403, _NO_SEAT)
    return Seated(row, hub.live(row.session_id))

"""The pages: the organiser's form and class dashboard, each seat's page (the mediator's
console for a mediator), the debrief. Server-rendered; a little JavaScript swaps in the parts
that change when the stream says so. Tokens travel in cookies scoped to their own pages."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from dragoman.web.access import Seated, hub_of, organiser, perform, seat_by_cookie
from dragoman.web.api import OutcomeIn, SuggestIn, calculate, suggestion
from dragoman.web.context import dashboard_context, debrief_context, home_context, seat_context
from dragoman.web.exercises import ExerciseError, create_exercise
from dragoman.web.forms import action_of_form
from dragoman.web.live import ActionError
from dragoman.web.problems import error_body
from dragoman.web.security import cookie_name, csrf_ok
from dragoman.web.tools import Evaluation, Suggestion
from dragoman.web.uploads import exercise_of_form

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
_FORM_COOKIE = "dragoman_form"


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A template rendered as a page."""
    html = request.app.state.templates.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status)


def _cookie(response: Response, name: str, value: str, path: str) -> None:
    response.set_cookie(
        name,
        value,
        path=path,
        httponly=True,
        samesite="strict",
        secure=False,
        max_age=60 * 60 * 24 * 30,
    )


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    """The organiser's form: a scenario, a protocol, who sits where, how many groups."""
    token = request.cookies.get(_FORM_COOKIE) or secrets.token_urlsafe(16)
    response = page(request, "home.html", **home_context(), csrf=token, problems=[])
    _cookie(response, _FORM_COOKIE, token, "/")
    return response


@router.post("/exercises", response_class=HTMLResponse)
async def new_exercise(request: Request) -> Response:
    """Create an exercise from the form (an upload is validated with the scenario schema)."""
    form = await request.form()
    token = request.cookies.get(_FORM_COOKIE, "")
    if not token or not csrf_ok(token, str(form.get("csrf", ""))):
        raise HTTPException(403, "the form has expired: reload the page and submit it again")
    try:
        spec = await exercise_of_form(form)
        out = await run_in_threadpool(create_exercise, hub_of(request), spec, str(request.base_url))
    except ExerciseError as exc:
        context = home_context()
        return page(request, "home.html", 422, **context, csrf=token, problems=exc.problems)
    return page(request, "created.html", 201, out=out)


@router.get("/favicon.ico")
def favicon() -> Response:
    """No icon (browsers ask for one)."""
    return Response(status_code=204)


@router.get("/join/{token}")
def join(token: str, request: Request) -> Response:
    """An invitation link: keep the seat's token in its cookie, then open the seat's page."""
    row = hub_of(request).store.seat_by_token(token) if len(token) <= 100 else None
    return _enter(token, "seat", None if row is None else row.id, "no such invitation")


@router.get("/organise/{token}")
def organise(token: str, request: Request) -> Response:
    """The organiser's link: keep the token in the exercise's cookie, open the dashboard."""
    exercise = hub_of(request).store.exercise_by_token(token) if len(token) <= 100 else None
    return _enter(token, "exercise", None if exercise is None else exercise.id, "no such exercise")


def _enter(token: str, kind: str, ident: int | None, unknown: str) -> Response:
    """A private link opened: 404 if unknown, else the token into the cookie of its pages
    (`/seat/ID` or `/exercise/ID`) and a redirect there, off the link."""
    if ident is None:
        raise HTTPException(404, unknown)
    response = RedirectResponse(f"/{kind}/{ident}", status_code=303)
    _cookie(response, cookie_name(kind, ident), token, f"/{kind}/{ident}")
    return response


@router.get("/seat/{seat_id}", response_class=HTMLResponse)
def seat_page(seat_id: int, request: Request) -> HTMLResponse:
    """A seat's page (a mediator's console for a mediator)."""
    seated = seat_by_cookie(request, seat_id)
    with seated.live.lock:
        return page(request, "seat.html", **seat_context(seated))


@router.get("/seat/{seat_id}/panel", response_class=HTMLResponse)
def seat_panel(seat_id: int, request: Request) -> HTMLResponse:
    """The parts of a seat's page that change (swapped in live)."""
    seated = seat_by_cookie(request, seat_id)
    with seated.live.lock:
        return page(request, "seat_panel.html", **seat_context(seated))


@router.post("/seat/{seat_id}/act")
async def seat_act(seat_id: int, request: Request) -> Response:
    """A seat's form: checked for its CSRF token, then the same path as the API's actions."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    wants_json = "application/json" in request.headers.get("accept", "")
    seated = await run_in_threadpool(seat_by_cookie, request, seat_id)
    given = request.headers.get("x-csrf-token") or form.get("csrf")
    if not csrf_ok(seated.row.csrf, given):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page")
    try:
        action = action_of_form(seated.view, form)
        accepted = await run_in_threadpool(perform, hub_of(request), seated, action)
    except ActionError as exc:
        if wants_json:
            return JSONResponse(error_body(str(exc)), status_code=exc.status)
        return page(
            request,
            "message.html",
            exc.status,
            title="Not accepted",
            text=str(exc),
            back=f"/seat/{seat_id}",
        )
    if wants_json:
        return JSONResponse({"seq": accepted.seq, "applied": accepted.applied})
    return RedirectResponse(f"/seat/{seat_id}", status_code=303)


@router.get("/seat/{seat_id}/debrief", response_class=HTMLResponse)
def seat_debrief(seat_id: int, request: Request) -> HTMLResponse:
    """The group's debrief, for everyone in it, once the negotiation has ended."""
    seated = seat_by_cookie(request, seat_id)
    return _debrief(request, seated.live.id, back=f"/seat/{seat_id}", seat=seated.name)


@router.get("/exercise/{exercise_id}", response_class=HTMLResponse)
def dashboard(exercise_id: int, request: Request) -> HTMLResponse:
    """The class dashboard: every group live, then the groups' agreements compared."""
    exercise = organiser(request, exercise_id)
    return page(request, "dashboard.html", **dashboard_context(hub_of(request), exercise))


@router.get("/exercise/{exercise_id}/panel", response_class=HTMLResponse)
def dashboard_panel(exercise_id: int, request: Request) -> HTMLResponse:
    """The dashboard's live part."""
    exercise = organiser(request, exercise_id)
    context = dashboard_context(hub_of(request), exercise)
    return page(request, "dashboard_panel.html", **context)


@router.get("/exercise/{exercise_id}/groups/{group}/debrief", response_class=HTMLResponse)
def group_debrief(exercise_id: int, group: int, request: Request) -> HTMLResponse:
    """A group's debrief, for the organiser."""
    exercise = organiser(request, exercise_id)
    rows = [r for r in hub_of(request).store.sessions(exercise.id) if r.group == group]
    if not rows:
        raise HTTPException(404, "no such group")
    return _debrief(request, rows[0].id, back=f"/exercise/{exercise_id}")


def _debrief(request: Request, session_id: int, back: str, seat: str | None = None) -> HTMLResponse:
    """The debrief page, with who sat where as `seat` may see it (None: the organiser's)."""
    hub = hub_of(request)
    live = hub.live(session_id)
    if not live.session.done:
        return page(
            request,
            "message.html",
            409,
            title="Not yet",
            text="The debrief opens when the negotiation has ended.",
            back=back,
        )
    return page(request, "debrief.html", **debrief_context(hub, live, seat), back=back)


@router.post("/seat/{seat_id}/evaluate")
def seat_evaluate(seat_id: int, body: OutcomeIn, request: Request) -> Evaluation:
    """The page's utility calculator (the API's, with the page's cookie and CSRF token)."""
    return calculate(body, _checked(request, seat_id))


@router.post("/seat/{seat_id}/suggest")
def seat_suggest(seat_id: int, body: SuggestIn, request: Request) -> Suggestion:
    """The console's suggestion (the API's, with the page's cookie and CSRF token)."""
    return suggestion(body, _checked(request, seat_id))


def _checked(request: Request, seat_id: int) -> Seated:
    seated = seat_by_cookie(request, seat_id)
    if not csrf_ok(seated.row.csrf, request.headers.get("x-csrf-token")):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page")
    return seated

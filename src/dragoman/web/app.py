"""The FastAPI app: the JSON API, the pages, the live streams and the static files, over one
database; errors as clear 4xx messages and generic 500s, security headers on every page."""

from __future__ import annotations

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from dragoman.errors import DragomanError
from dragoman.render.html import environment
from dragoman.web import api, pages, stream
from dragoman.web.db import DEFAULT_URL, open_database
from dragoman.web.exercises import ExerciseError
from dragoman.web.hub import Hub
from dragoman.web.live import ActionError
from dragoman.web.problems import error_body, joined, validation_problems
from dragoman.web.security import BodyLimit, SecurityHeaders, internal_error
from dragoman.web.spec import MAX_BODY_BYTES
from dragoman.web.store import Store

__all__ = ["create_app"]


def create_app(database_url: str = DEFAULT_URL) -> FastAPI:
    """The web app on the database at `database_url` (any SQLAlchemy URL)."""
    app = FastAPI(
        title="Dragoman",
        summary="Negotiation exercises in the browser; any program can play a seat.",
        description="Seats authenticate with `Authorization: Bearer TOKEN` (the token of their "
        "invitation link); organisers with the organiser token. See docs/web.md.",
        version="1",
    )
    app.state.hub = Hub(Store(open_database(database_url)))
    loader = jinja2.PackageLoader("dragoman.web", "templates")
    app.state.templates = environment(loader)
    app.include_router(api.router)
    app.include_router(stream.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("dragoman.web", "static")]), name="static")
    _handlers(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    return app


def _handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(ValidationError, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(ActionError, _refused)  # type: ignore[arg-type]
    app.add_exception_handler(ExerciseError, _refused)  # type: ignore[arg-type]
    app.add_exception_handler(DragomanError, _refused)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, internal_error)


async def _refused(request: Request, exc: ActionError | ExerciseError | DragomanError) -> Response:
    """An action or an exercise refused: its status (422 by default) and what is wrong."""
    if isinstance(exc, ExerciseError):
        body = error_body("the exercise was not created", exc.problems)
    else:
        body = error_body(str(exc))
    status = exc.status if isinstance(exc, ActionError) else 422
    return JSONResponse(body, status_code=status)


async def _invalid(request: Request, exc: RequestValidationError | ValidationError) -> Response:
    """A malformed request: 422 naming each field at fault (the input is not echoed)."""
    errors = (
        exc.errors()
        if isinstance(exc, RequestValidationError)
        else exc.errors(include_input=False, include_url=False)
    )
    problems = validation_problems(errors)
    return JSONResponse(error_body(joined(problems), problems), status_code=422)


async def _http(request: Request, exc: HTTPException) -> Response:
    """4xx as JSON for the API, as a short page for a browser."""
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(
            error_body(str(exc.detail)), status_code=exc.status_code, headers=exc.headers
        )
    html = request.app.state.templates.get_template("message.html").render(
        title=f"Error {exc.status_code}", text=str(exc.detail), back="/"
    )
    return HTMLResponse(html, status_code=exc.status_code)

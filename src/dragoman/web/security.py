"""The web app's guards: who a request speaks for (a seat's or the organiser's token, from
the Authorization header or the seat's own cookie), CSRF checks for cookie-borne posts, a cap
on request bodies, generic 500s with an id (the error logged here only), and a log filter that
keeps tokens out of the logs."""

from __future__ import annotations

import logging
import re
import secrets
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from dragoman.web.problems import error_body

__all__ = [
    "BodyLimit",
    "RedactTokens",
    "SecurityHeaders",
    "bearer",
    "cookie_name",
    "csrf_ok",
    "internal_error",
    "redact",
]

log = logging.getLogger("dragoman.web")

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

#: Tokens in paths (invitation links /join/TOKEN, /organise/TOKEN) are cut from log lines.
_TOKEN_IN_PATH = re.compile(r"/(join|organise)/[A-Za-z0-9_-]+")
#: Anything shaped like one of our tokens (43 URL-safe characters), anywhere in a line.
_TOKEN_SHAPE = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")


def redact(text: str) -> str:
    """`text` with every token replaced by a placeholder."""
    text = _TOKEN_IN_PATH.sub(lambda m: f"/{m.group(1)}/[token]", text)
    return _TOKEN_SHAPE.sub("[token]", text)


class RedactTokens(logging.Filter):
    """A log filter: redacts tokens from the record's message and from its arguments (uvicorn's
    access lines keep the path as an argument, which their formatter reads)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True


def bearer(request: Request) -> str | None:
    """The token of an `Authorization: Bearer TOKEN` header."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def cookie_name(kind: str, ident: int) -> str:
    """The cookie holding the token of seat (or exercise) `ident`, sent only to its pages."""
    return f"dragoman_{kind}_{ident}"


def csrf_ok(expected: str, given: str | None) -> bool:
    """Whether a form's or header's CSRF token matches the seat's."""
    return given is not None and secrets.compare_digest(expected.encode(), given.encode())


def internal_error(request: Request, exc: Exception) -> Response:
    """A generic 500 naming an id; the error itself goes to the server's log only."""
    ident = uuid.uuid4().hex[:12]
    log.error("error %s on %s %s", ident, request.method, redact(request.url.path), exc_info=exc)
    return JSONResponse(error_body(f"internal error (id {ident})"), status_code=500)


class BodyLimit:
    """ASGI middleware: refuse a request whose body is larger than `limit` bytes (413),
    by its Content-Length or as it streams in."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _too_large(self.limit)(scope, receive, send)
            return
        seen = 0

        async def limited() -> MutableMapping[str, Any]:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLargeError()
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLargeError:
            await _too_large(self.limit)(scope, receive, send)


class _TooLargeError(Exception):
    pass


def _too_large(limit: int) -> Response:
    return JSONResponse(error_body(f"request body larger than {limit:,} bytes"), status_code=413)


_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'"
)
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),  # an invitation link never leaks as a referrer
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """ASGI middleware: security headers on every response (a content security policy on
    every page but the API's own documentation, which loads its viewer from elsewhere)."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = list(_HEADERS)
        if not str(scope.get("path", "")).startswith(("/docs", "/redoc")):
            extra.append((b"content-security-policy", _CSP.encode()))

        async def with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)

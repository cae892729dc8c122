"""Running the web app: uvicorn on a socket bound to one host and port (0: any free one), with
every log line (access lines included) on standard error, passed through the filter that
removes tokens; the caller is told the address once the server accepts requests."""

from __future__ import annotations

import copy
import errno
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import uvicorn
from sqlalchemy.exc import SQLAlchemyError

from dragoman.errors import InputError, Problem
from dragoman.web.security import RedactTokens

__all__ = ["Address", "listening_socket", "log_config", "serve"]


@dataclass(frozen=True)
class Address:
    """Where the server listens: the host asked for and the port bound (never 0)."""

    host: str
    port: int

    @property
    def url(self) -> str:
        """The app's URL (an IPv6 address in brackets)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration, with the token filter on every handler, every line on
    standard error (standard output stays the caller's), and the web app's own logger (errors
    with their ids) on the default handler."""
    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["filters"] = {"redact": {"()": RedactTokens}}
    for handler in config["handlers"].values():
        handler["filters"] = ["redact"]
        handler["stream"] = "ext://sys.stderr"
    config["loggers"]["dragoman.web"] = {"handlers": ["default"], "level": "INFO"}
    return config


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to `host` and `port` (0: a free port), as uvicorn binds one; an address
    that cannot be had is an error whose field is the option at fault (`--host` for a name or
    address not of this machine, else `--port`), not uvicorn's log line and exit code 1."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        wrong_host = isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL
        fault = f"cannot listen on {host}:{port} ({exc.strerror or exc})"
        raise InputError([Problem(fault, "--host" if wrong_host else "--port")]) from None
    return sock


def serve(host: str, port: int, database_url: str, ready: Callable[[Address], None]) -> None:
    """Serve the app until stopped (Ctrl-C); `ready` is told the address once the server
    accepts requests (with the port it bound, when `port` is 0)."""
    from dragoman.web.app import create_app

    sock = listening_socket(host, port)
    with sock:
        try:
            app = create_app(database_url)
        except (SQLAlchemyError, ImportError) as exc:  # a bad URL, no server there, no driver
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            fault = f"cannot open the database ({reason})"  # never the URL: it may hold a password
            raise InputError([Problem(fault, "--db")]) from None
        logging.getLogger("dragoman.web").addFilter(RedactTokens())
        config = uvicorn.Config(app, log_config=log_config(), timeout_graceful_shutdown=3)
        address = Address(host, int(sock.getsockname()[1]))
        _Announcing(config, lambda: ready(address)).run([sock])


class _Announcing(uvicorn.Server):
    """uvicorn's server, telling `started()` once it is up (its lifespan run, listening)."""

    def __init__(self, config: uvicorn.Config, started: Callable[[], None]) -> None:
        super().__init__(config)
        self._started = started

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            self._started()

"""A real server for the web tests: `dragoman serve` as a subprocess on a free loopback port,
over a database given by URL (a fresh SQLite file, or a fresh database on the PostgreSQL server
that .ci/run starts); it can be stopped, killed with SIGKILL and started again on the same
database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

POSTGRES_ENV = "DRAGOMAN_TEST_POSTGRES_URL"


def free_port() -> int:
    """A port nobody listens on, on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """`dragoman serve` on 127.0.0.1, its output kept in a log file."""

    def __init__(self, database_url: str, log: Path) -> None:
        self.database_url = database_url
        self.log_path = log
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        command = [sys.executable, "-m", "dragoman", "serve", "--port", str(self.port),
                   "--db", self.database_url]  # fmt: skip
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.log()}")
            try:
                if httpx.get(f"{self.url}/api/catalogue", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not start:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no clean-up (what a crash or a pulled plug does)."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def postgres_url() -> str | None:
    """The PostgreSQL server's URL; under CI it must be there (.ci/run starts the server)."""
    url = os.environ.get(POSTGRES_ENV)
    if not url and os.environ.get("CI") == "true":
        pytest.fail(f"{POSTGRES_ENV} is not set: .ci/run must start PostgreSQL and export it")
    return url or None


@contextmanager
def fresh_database(kind: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database: a new SQLite file, or a new PostgreSQL database
    (dropped afterwards); skips PostgreSQL where no server is given (never under CI)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'web.db'}"
        return
    base = postgres_url()
    if base is None:
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV} (see docs/web.md)")
    from sqlalchemy import create_engine, make_url, text

    name = f"dragoman_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def running_server(database_url: str, folder: Path) -> Iterator[LiveServer]:
    """A started server, stopped afterwards (its log is shown if the test fails)."""
    server = LiveServer(database_url, folder / "server.log").start()
    try:
        yield server
    finally:
        server.stop()

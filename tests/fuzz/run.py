"""One fuzz case through the CLI, in this process (typer's CliRunner on `dragoman.app.cli.app`),
and what came of it: the exit code and every way it may have gone wrong."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import typer.main
import typer.testing
from fuzz.cases import Case
from typer.testing import CliRunner

from dragoman.app.cli import app

ESC = "\x1b"
#: The click command of the CLI, built once: typer rebuilds it on every invoke (most of the
#: time of a small case), and the command holds no state between invocations.
_COMMAND = typer.main.get_command(app)


@dataclass
class Outcome:
    """What one run of a case showed."""

    exit_code: int
    failure: str  # "" when the run kept every promise, else the class of its failure
    detail: str = ""


def run_case(case: Case, folder: Path | None = None) -> Outcome:
    """Run `case` (its files written to `folder`, else a temporary folder) and judge it."""
    if folder is None:
        with tempfile.TemporaryDirectory() as tmp:
            return run_case(case, Path(tmp))
    args = case.write(folder)
    with mock.patch.object(typer.testing, "_get_command", lambda _: _COMMAND):
        result = CliRunner().invoke(app, args, input=case.stdin, env={"COLUMNS": "100"})
    out, err = result.stdout, result.stderr
    exc = result.exception
    if isinstance(exc, MemoryError):
        return Outcome(result.exit_code, "memory", repr(exc))
    if exc is not None and not isinstance(exc, SystemExit):
        return Outcome(result.exit_code, "traceback", f"{type(exc).__name__}: {exc}"[:2000])
    if result.exit_code not in (0, 2):
        return Outcome(result.exit_code, "traceback", f"exit code {result.exit_code}: {err[-500:]}")
    if "Traceback (most recent call last)" in out + err:
        return Outcome(result.exit_code, "traceback", (out + err)[-2000:])
    if ESC in out or ESC in err:
        at = (out + err).index(ESC)
        return Outcome(result.exit_code, "escape", repr((out + err)[max(0, at - 80) : at + 40]))
    if case.off_grid and _snapped(case, result.exit_code, out):
        return Outcome(result.exit_code, "snap", out[-1500:])
    return Outcome(result.exit_code, "")


def _snapped(case: Case, exit_code: int, out: str) -> bool:
    """Whether an off-grid value was taken: a file with one must be refused (exit 2); typed
    at the seat, every such line is refused, so the seat's own offer never appears."""
    if case.snap_marker:
        return case.snap_marker in out
    return exit_code != 2

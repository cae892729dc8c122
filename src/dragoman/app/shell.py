"""What every command shares: the typer app, the consoles (fresh per invocation, sized for
the terminal or COLUMNS), the translation of Dragoman's errors to exit code 2, common options."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from dragoman.errors import DragomanError

__all__ = [
    "CONSOLES",
    "IMAGE_SUFFIXES",
    "ScenarioArg",
    "app",
    "check_image_path",
    "party_issue",
    "reports_errors",
]

app = typer.Typer(
    help="Dragoman: model, analyse and run mediated, multi-party, multi-issue negotiations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: click wraps it at any width, rich would cut it
)


class Consoles:
    """The standard output and error consoles of the running command."""

    def __init__(self) -> None:
        self.out = Console(emoji=False)
        self.err = Console(stderr=True, emoji=False)

    def reset(self) -> None:
        """Fresh consoles, sized for the terminal (or COLUMNS) the command runs in."""
        self.__init__()  # type: ignore[misc]


CONSOLES = Consoles()


@app.callback()
def _consoles() -> None:
    """Model, analyse and run mediated, multi-party, multi-issue negotiations."""
    CONSOLES.reset()


F = TypeVar("F", bound=Callable[..., Any])

ScenarioArg = Annotated[str, typer.Argument(help="A scenario file, or a built-in scenario's name.")]


def reports_errors(command: F) -> F:
    """Turn Dragoman's errors into one line each on stderr and exit code 2 (no traceback)."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DragomanError as exc:
            for line in str(exc).splitlines():
                CONSOLES.err.print(f"error: {line}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


IMAGE_SUFFIXES = (".png", ".svg", ".pdf")


def check_image_path(path: Path | None) -> None:
    """Refuse a plot path we cannot write before any work is done."""
    if path is not None and path.suffix.lower() not in IMAGE_SUFFIXES:
        raise DragomanError(
            f"{path}: plots are written as {', '.join(IMAGE_SUFFIXES)} (got {path.suffix!r})"
        )


def party_issue(text: str) -> tuple[str, str]:
    party, sep, issue = text.partition(":")
    if not sep:
        raise DragomanError(f"--drop-red-line {text!r}: write PARTY:ISSUE")
    return party.strip(), issue.strip()

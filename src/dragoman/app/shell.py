"""What every command shares: the typer app, the consoles (fresh per invocation, sized for
the terminal or COLUMNS), the translation of Dragoman's errors to exit code 2, common options."""

from __future__ import annotations

import importlib
import importlib.metadata
import re
import signal
import threading
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from textwrap import TextWrapper
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
import typer.core
from rich.console import Console
from typer.core import TyperCommand, TyperGroup

from dragoman.app.interrupt import Terminated, interrupted
from dragoman.app.json_output import RUN, print_json_error
from dragoman.errors import DragomanError, Problem, ScenarioError, problems_of
from dragoman.io.output_paths import check_file_path
from dragoman.render.literal import LiteralConsole, clean

if TYPE_CHECKING:
    from dragoman.model.scenario import Scenario

__all__ = [
    "CONSOLES",
    "IMAGE_SUFFIXES",
    "JsonFlag",
    "PlainGroup",
    "ScenarioArg",
    "app",
    "check_image_path",
    "drop_red_lines",
    "party_issue",
    "plain_help",
    "print_notes",
    "report_error",
    "reports_errors",
]


#: The click that typer runs on: recent typers carry their own copy (`typer._click`).
_click: Any = getattr(typer.core, "_click", None) or importlib.import_module("click")


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> str:
    """Paragraphs of `text` wrapped at spaces only, never inside a hyphenated name."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    wrapper = TextWrapper(
        max(width, 10), initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    )
    wrapper.break_long_words = False  # a long option or path stays whole
    return "\n\n".join(wrapper.fill(p) for p in paragraphs)


class _WholeWords(_click.HelpFormatter):  # type: ignore[misc]
    """click's plain help, but wrapped at spaces only: "hill-climber" is never cut in two."""

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(_wrap(text, self.width, indent, indent) + "\n")

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        first_col = min(max((len(a) for a, _ in rows), default=0), col_max) + col_spacing
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not text:
                self.write("\n")
                continue
            if len(term) <= first_col - col_spacing:
                self.write(" " * (first_col - len(term)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            pad = " " * (first_col + self.current_indent)
            lines = _wrap(text, max(self.width - first_col - 2, 10)).splitlines()
            self.write("\n".join([lines[0], *(pad + line for line in lines[1:])]) + "\n")


class _PlainContext(_click.Context):  # type: ignore[misc]
    formatter_class = _WholeWords


class _PlainCommand(TyperCommand):
    context_class = _PlainContext


def _literal_usage(error: Any) -> Any:
    """A usage error (it echoes what was typed) made to print as every other error does: one
    `error:` line on stderr, what was typed shown literally, and where to find help (and
    under `--json`, the error document on stdout)."""
    message = clean(error.format_message())
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        message = f"{message.rstrip('.')} (see '{clean(ctx.command_path)} --help')"

    def show(file: Any = None) -> None:
        report_error([message], [Problem(message, path=_usage_field(error))])

    error.show = show
    return error


def _usage_field(error: Any) -> str:
    """The option or argument a usage error is about ('' when it is about none)."""
    option = getattr(error, "option_name", None)
    if option:
        return str(option)
    param = getattr(error, "param", None)
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "option" and param.opts:
        return str(max(param.opts, key=len))
    return str(getattr(param, "name", None) or "")  # an argument, by its name


def report_error(lines: list[str], problems: list[Problem]) -> None:
    """The one way an error is shown: each line as `error: ...` on stderr, and under `--json`
    the error document on stdout (`dragoman.app.json_output.print_json_error`)."""
    for line in lines:
        CONSOLES.err.print(f"error: {clean(line)}", markup=False, highlight=False, soft_wrap=True)
    print_json_error("\n".join(lines), problems)


class PlainGroup(TyperGroup):
    """A command group whose help is plain text wrapped at spaces (no rich markup), whose
    usage errors print what was typed literally (no control character reaches the terminal),
    and whose run Ctrl-C ends as it ends the command at any moment (`app.interrupt`)."""

    context_class = _PlainContext

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        if parent is None:  # the whole command line, as typed
            RUN.start(args)
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except _click.ClickException as exc:
            raise _literal_usage(exc) from None
        except KeyboardInterrupt:
            interrupted()

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _click.ClickException as exc:
            raise _literal_usage(exc) from None
        except KeyboardInterrupt:  # as at any other moment (`dragoman.__main__`): one line
            interrupted()


def plain_help(group: typer.Typer) -> None:
    """Give every command of `group` and of its sub-groups the plain, whole-word help."""
    for command in group.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = _PlainCommand
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            plain_help(sub.typer_instance)


app = typer.Typer(
    help="Dragoman: model, analyse and run mediated, multi-party, multi-issue negotiations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: wrapped at any width, where rich would cut it
    cls=PlainGroup,
)


class Consoles:
    """The standard output and error consoles of the running command."""

    def __init__(self) -> None:
        self.out = LiteralConsole(emoji=False)
        self.err = LiteralConsole(stderr=True, emoji=False)

    def reset(self) -> None:
        """Fresh consoles, sized for the terminal (or COLUMNS) the command runs in."""
        self.__init__()  # type: ignore[misc]


CONSOLES = Consoles()


def _version(value: bool) -> None:
    """`--version`: the package's version, then exit."""
    if value:
        typer.echo(f"dragoman {importlib.metadata.version('dragoman')}")
        raise typer.Exit()


@app.callback()
def _consoles(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Model, analyse and run mediated, multi-party, multi-issue negotiations."""
    CONSOLES.reset()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)
        hangup = getattr(signal, "SIGHUP", None)  # the terminal closed: as SIGTERM, unless
        if hangup is not None and signal.getsignal(hangup) is signal.SIG_DFL:  # nohup'd
            signal.signal(hangup, _terminated)


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM (or SIGHUP) ends the command like Ctrl-C does: open logs are closed on the way
    out, a session in progress kept as cut short."""
    hangup = signum == getattr(signal, "SIGHUP", None)
    raise Terminated(signum, "hung up (SIGHUP)" if hangup else "terminated (SIGTERM)")


F = TypeVar("F", bound=Callable[..., Any])

ScenarioArg = Annotated[str, typer.Argument(help="A scenario file, or a built-in scenario's name.")]
JsonFlag = Annotated[
    bool,
    typer.Option("--json", help="Print JSON only: the shape of each is in docs/schemas."),
]


def reports_errors(command: F) -> F:
    """Turn Dragoman's errors into one line each on stderr and exit code 2 (no traceback);
    under `--json`, also the error document on stdout (`report_error`)."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DragomanError as exc:
            report_error(str(exc).splitlines(), problems_of(exc))
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def print_notes(console: Console, notes: Iterable[str]) -> None:
    """Each note as one `note: ...` line (what seating added, what a killed run left)."""
    for note in notes:
        console.print(f"note: {clean(note)}", markup=False, highlight=False, soft_wrap=True)


IMAGE_SUFFIXES = (".png", ".svg", ".pdf")


def check_image_path(path: Path | None) -> None:
    """Refuse a plot path we cannot write before any work is done."""
    if path is None:
        return
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise DragomanError(
            f"{path}: plots are written as {', '.join(IMAGE_SUFFIXES)} (got {path.suffix!r})"
        )
    check_file_path(path, "the plot")


def party_issue(text: str) -> tuple[str, str]:
    """A `--drop-red-line PARTY:ISSUE` value as (party, issue)."""
    party, sep, issue = text.partition(":")
    if not sep:
        raise DragomanError(f"--drop-red-line {text!r}: write PARTY:ISSUE")
    return party.strip(), issue.strip()


def drop_red_lines(scenario: Scenario, items: list[str] | None) -> Scenario:
    """The scenario without the red lines `--drop-red-line` names, each fault naming the
    option and the value typed: `--drop-red-line Nobody:x: no party named 'Nobody' (...)`."""
    for item in items or []:
        try:
            scenario = scenario.without_red_lines([party_issue(item)])
        except ScenarioError as exc:
            faults = "; ".join(p.message for p in exc.problems)
            raise DragomanError(f"--drop-red-line {item}: {faults}") from None
    return scenario

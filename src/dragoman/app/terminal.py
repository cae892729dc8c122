"""A person in a seat, at a terminal: the prompts, help and validated input.

The session asks a `QueuedSeat` for an answer exactly as it asks an agent; this module shows
what is on the table, reads a line, checks it, and submits it. A bad line gets a specific
message and the same prompt again; `?` lists the step's commands with examples; accepting an
outcome worth no more than no deal (or breaching one's own red line) asks for a confirmation;
the report step lets the player report the truth, nothing, or a draft it shapes. What the seat
may see around the prompts (its brief, its timeline) is `dragoman.app.seat_screens`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table

from dragoman._words import shown
from dragoman.app.answers import (
    base_outcome,
    on_the_table,
    parse_counter,
    parse_outcome,
    parse_response,
    parse_yes_no,
    same_outcome,
)
from dragoman.app.report_prompt import ReportDraft, Submit
from dragoman.app.seat_screens import HumanLeftError
from dragoman.app.step_help import REMINDERS, step_help
from dragoman.errors import ProtocolError
from dragoman.limits import over
from dragoman.negotiation.cautions import acceptance_cautions
from dragoman.negotiation.events import Response
from dragoman.negotiation.session import Action, Request, Session
from dragoman.negotiation.view import SeatView
from dragoman.render.literal import clean, literal, literal_text

__all__ = [
    "HumanLeftError",
    "TerminalHuman",
    "parse_counter",
    "parse_outcome",
    "parse_response",
    "parse_yes_no",
]


class TerminalHuman:
    """Answers a session's requests for the human seats from lines typed at a terminal."""

    def __init__(self, console: Console, read: Callable[[str], str] = input) -> None:
        self.console = console
        self.read = read

    def answer(self, session: Session, request: Request) -> None:
        """Prompt until a valid answer is submitted to the session."""
        view = session.views[request.seat]
        self._show(view, request)
        draft = None
        if request.action is Action.REPORT and view.utility is not None:
            truth = view.utility.preferences.model_dump(mode="json")
            draft = ReportDraft(truth, view.public.outcome_space)
        while True:
            line = self._line(clean(f"{request.seat} ({request.action.value}) > "), request.seat)
            if line.strip() in ("?", "help"):
                self.console.print(
                    literal_text(step_help(request.action, view.public.outcome_space))
                )
                continue
            try:
                answer = self._parse(view, request, line, draft)
                if answer is _AGAIN or not self._confirmed(view, request, answer):
                    continue
                session.submit(answer)
                return
            except (ValueError, ProtocolError) as exc:
                self.console.print(f"[red]not accepted:[/red] {literal(exc)}", highlight=False)

    def _line(self, prompt: str, seat: str) -> str:
        try:
            return self.read(prompt)
        except EOFError:
            raise HumanLeftError(f"input ended: {seat}'s seat was left empty") from None

    def _parse(self, view: SeatView, request: Request, line: str, draft: ReportDraft | None) -> Any:
        too_long = over("input_chars", len(line))
        if too_long:
            raise ValueError(too_long)
        word = line.strip().lower()
        if request.action == Action.RESPOND:
            return parse_response(line)
        if request.action == Action.COUNTER:
            return parse_counter(line, view, request)
        if request.action in (Action.VOTE, Action.ADOPT):
            return parse_yes_no(line)
        if request.action == Action.REPORT:
            if draft is None:
                return None
            read = draft.read(line)
            if isinstance(read, Submit):
                return read.preferences
            self.console.print(literal_text("\n".join(read)), highlight=False)
            return _AGAIN
        if request.action in (Action.CRITIQUE, Action.COMPOSE) and word == "none":
            return None
        if word == "same":
            return same_outcome(view, request)
        base = base_outcome(view, request)
        if word == "best" and view.utility is not None:
            return int(view.utility.ranking[0][0])
        return parse_outcome(line, view.public.outcome_space, base)

    def _confirmed(self, view: SeatView, request: Request, answer: Any) -> bool:
        """Whether an acceptance the player may regret is confirmed (True for any other)."""
        if answer is not Response.ACCEPT or request.offer is None:
            return True
        cautions = acceptance_cautions(view, request.offer)
        if not cautions:
            return True
        for caution in cautions:
            self.console.print(
                f"[bold yellow]warning:[/bold yellow] {literal(caution)}", highlight=False
            )
        while True:
            line = self._line("accept anyway? (yes/no) > ", request.seat)
            try:
                return parse_yes_no(line)
            except ValueError as exc:
                self.console.print(f"[red]not accepted:[/red] {literal(exc)}", highlight=False)

    def _show(self, view: SeatView, request: Request) -> None:
        """What is on the table (and the current text, for a vote), or that nothing is yet."""
        table_outcome = on_the_table(view, request)
        title = f"step {view.step} of {view.total_steps}"
        if table_outcome is None:
            title += ": nothing is on the table yet"
        table = Table(title=title, title_justify="left")
        table.add_column("issue")
        outcomes: list[int] = []  # one column each, after the issues'
        if table_outcome is not None:
            # a single-text mediator composing the next text is shown the current one
            composing = request.offer is None and request.current is not None
            table.add_column("current text" if composing else "on the table")
            outcomes.append(table_outcome)
            if request.offer is not None and request.current is not None:
                table.add_column("current text")
                outcomes.append(request.current)
        elif view.utility is not None and request.action is not Action.REPORT:
            table.add_column("your best outcome (not offered by anyone)")
            outcomes.append(base_outcome(view, request))
        self._rows(table, view, outcomes)
        if outcomes:
            self.console.print(table)
        else:
            self.console.print(title, highlight=False)
        self.console.print(f"[dim]{REMINDERS[request.action]}; '?' for help[/dim]")

    def _rows(self, table: Table, view: SeatView, outcomes: list[int]) -> None:
        space = view.public.outcome_space
        decoded = [space.outcome(o) for o in outcomes]
        for issue in space.names:
            table.add_row(literal_text(issue), *(literal_text(d[issue]) for d in decoded))
        if view.utility is not None and outcomes:
            table.add_row(
                "your utility", *(f"{shown(view.my_utility(o))}" for o in outcomes), style="bold"
            )


_AGAIN = object()  # a line that did something (e.g. edited a draft) and asks for the next

"""A person in a seat, at a terminal: the brief, the prompts, and validated input.

The session asks a `QueuedSeat` for an answer exactly as it asks an agent; this module shows the
seat's own brief and the current text, reads a line, checks it, and submits it. A bad line gets
a specific message and the same prompt again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from dragoman.errors import DragomanError, ProtocolError
from dragoman.model.outcomes import OutcomeSpace
from dragoman.negotiation.events import EventKind, Response
from dragoman.negotiation.session import Action, Request, Session
from dragoman.negotiation.view import SeatView

__all__ = [
    "HumanLeftError",
    "TerminalHuman",
    "parse_counter",
    "parse_outcome",
    "parse_response",
    "parse_yes_no",
]

HELP = {
    Action.PROPOSE: "type changes as issue=value[, issue=value...] (from the text shown), "
    "'same' to keep it, or 'best' for your best outcome",
    Action.CRITIQUE: "type the change you prefer as issue=value[, ...], or 'none'",
    Action.RESPOND: "type accept, reject or walk away",
    Action.COUNTER: "type accept, walk away, or a counter-offer as issue=value[, ...] "
    "(changes to the offer shown), 'best' for your best outcome",
    Action.VOTE: "type yes (prefer the new text) or no (keep the current one)",
    Action.REPORT: "type 'truth' to report your preferences to the mediators, or 'none'",
    Action.COMPOSE: "type the text to put forward as issue=value[, ...] (changes to the text "
    "shown), 'same' to keep it, or 'none' to relay the parties' own proposals",
    Action.ADOPT: "type yes (adopt the new text) or no (keep the current one)",
}


class HumanLeftError(DragomanError):
    """The person's input ended (end of file) before the negotiation did."""


def parse_response(text: str) -> Response:
    """accept / reject / walk away (or a, r, w)."""
    word = text.strip().lower().replace(" ", "_").replace("-", "_")
    table = {"a": "accept", "r": "reject", "w": "walk_away", "walk": "walk_away"}
    try:
        return Response(table.get(word, word))
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a response: {HELP[Action.RESPOND]}") from None


def parse_yes_no(text: str) -> bool:
    """yes / no (or y, n)."""
    word = text.strip().lower()
    if word in ("y", "yes"):
        return True
    if word in ("n", "no"):
        return False
    raise ValueError(f"{text.strip()!r} is not yes or no")


def parse_outcome(text: str, space: OutcomeSpace, base: int) -> int:
    """`issue=value, ...` applied to outcome `base`; names every unknown issue or value."""
    digits = space.digits(np.array([base]))[0]
    pairs = [p.strip() for p in text.split(",") if p.strip()]
    if not pairs:
        raise ValueError("nothing typed: give issue=value pairs")
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise ValueError(f"{pair!r}: write issue=value")
        try:
            position = space.issue_position(name.strip())
        except KeyError as exc:
            raise ValueError(str(exc.args[0])) from None
        digits[position] = space.issues[position].index_of(value.strip())
    return int(space.index(digits))


class TerminalHuman:
    """Answers a session's requests for one seat from lines typed at a terminal."""

    def __init__(self, console: Console, read: Callable[[str], str] = input) -> None:
        self.console = console
        self.read = read
        self._briefed: set[str] = set()

    def answer(self, session: Session, request: Request) -> None:
        """Prompt until a valid answer is submitted to the session."""
        view = session.views[request.seat]
        if request.seat not in self._briefed:
            self._briefed.add(request.seat)
            self.console.print(brief(view))
        self._show(view, request)
        while True:
            try:
                line = self.read(f"{request.seat} ({request.action.value}) > ")
            except EOFError:
                raise HumanLeftError(f"input ended: {request.seat}'s seat was left empty") from None
            if line.strip() in ("?", "help"):
                self.console.print(HELP[request.action])
                continue
            try:
                session.submit(self._parse(view, request, line))
                return
            except (ValueError, ProtocolError) as exc:
                self.console.print(f"[red]not accepted:[/red] {exc}", highlight=False)

    def _parse(self, view: SeatView, request: Request, line: str) -> Any:
        space = view.public.outcome_space
        word = line.strip().lower()
        if request.action == Action.RESPOND:
            return parse_response(line)
        if request.action == Action.COUNTER:
            return parse_counter(line, view, request)
        if request.action in (Action.VOTE, Action.ADOPT):
            return parse_yes_no(line)
        if request.action == Action.REPORT:
            if word in ("truth", "none"):
                return None if word == "none" else view.utility.preferences.model_dump(mode="json")  # type: ignore[union-attr]
            raise ValueError(HELP[Action.REPORT])
        if request.action in (Action.CRITIQUE, Action.COMPOSE) and word == "none":
            return None
        base = _base(view, request)
        if word == "same":
            return base
        if word == "best" and view.utility is not None:
            return int(view.utility.ranking[0][0])
        return parse_outcome(line, space, base)

    def _show(self, view: SeatView, request: Request) -> None:
        space = view.public.outcome_space
        shown = request.offer if request.offer is not None else _base(view, request)
        table = Table(title=f"step {view.step} of {view.total_steps}", title_justify="left")
        table.add_column("issue")
        table.add_column("on the table")
        if request.current is not None:
            table.add_column("current text")
        outcome = space.outcome(shown)
        current = space.outcome(request.current) if request.current is not None else None
        for issue in space.names:
            row = [issue, outcome[issue]] + ([current[issue]] if current else [])
            table.add_row(*row)
        if view.utility is not None:
            row = ["your utility", f"{view.my_utility(shown):.3f}"]
            if request.current is not None:
                row.append(f"{view.my_utility(request.current):.3f}")
            table.add_row(*row, style="bold")
        self.console.print(table)
        self.console.print(f"[dim]{HELP[request.action]}; '?' for help[/dim]")


def parse_counter(line: str, view: SeatView, request: Request) -> Response | int:
    """accept / walk away, or a counter-offer edited from the offer on the table."""
    word = line.strip().lower()
    if "=" not in word and word not in ("best", "same"):
        try:
            response = parse_response(line)
        except ValueError:
            typed = line.strip()
            raise ValueError(
                f"{typed!r} is neither a response nor a counter-offer: {HELP[Action.COUNTER]}"
            ) from None
        if response is Response.REJECT:
            raise ValueError("to reject, make a counter-offer (issue=value, ...)")
        return response
    if word == "best" and view.utility is not None:
        return int(view.utility.ranking[0][0])
    return parse_outcome(line, view.public.outcome_space, _base(view, request))


def _base(view: SeatView, request: Request) -> int:
    """The outcome a proposal is edited from: the text on the table, else own best."""
    if request.offer is not None:
        return request.offer
    received = view.last(EventKind.TEXT) or view.last(EventKind.OFFER) or view.last(EventKind.RELAY)
    if received is not None and received.outcome is not None:
        return received.outcome
    if view.utility is not None:
        return int(view.utility.ranking[0][0])
    return 0


def brief(view: SeatView) -> Table:
    """The seat's own brief: its preferences only (weights, scores, red lines, RV, discount)."""
    table = Table(title=f"Your brief: {view.seat} (private)", title_justify="left", show_lines=True)
    table.add_column("issue")
    table.add_column("weight", justify="right")
    table.add_column("how you value it")
    if view.utility is None:
        table.add_row("-", "-", "You are a mediator: you have no preferences of your own.")
        return table
    prefs = view.utility.preferences
    issues = view.public.outcome_space.issues
    if all(prefs.describe_issue(issue) is None for issue in issues):
        table.add_row("all", "-", prefs.describe())
        return table
    red = {r.issue: r.describe() for r in prefs.red_lines}
    for issue in issues:
        text = prefs.describe_issue(issue) or "-"
        if issue.name in red:
            text += f"\n[red]red line: {red[issue.name]}[/red]"
        weight = prefs.issue_weight(issue)
        table.add_row(issue.name, "-" if weight is None else f"{weight:.2f}", text)
    table.caption = (
        f"reservation value (no deal) {prefs.reservation_value:.2f}; "
        f"discount factor {prefs.discount_factor:g} per unit of time"
    )
    return table

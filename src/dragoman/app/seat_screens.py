"""What each person at the terminal sees: their brief and a timeline of only the events their
seat may see (`dragoman.negotiation.visibility`), never another party's messages or brief.

One person: the timeline runs live. Several people at one terminal take turns: before each
turn the screen is cleared and a hand-over screen asks to pass the keyboard ("press Enter when
only Hamas is looking"); then that seat's brief and its own timeline are shown again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from dragoman._words import shown
from dragoman.errors import DragomanError
from dragoman.io.scenario_file import parse_scenario
from dragoman.model.outcomes import OutcomeSpace
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import END_KINDS, Event, EventKind
from dragoman.negotiation.view import SeatView
from dragoman.negotiation.visibility import seen_by
from dragoman.render.brief import brief_of
from dragoman.render.literal import literal_text
from dragoman.render.timeline import LiveTimeline

__all__ = ["HumanLeftError", "SeatScreens", "brief", "brief_data", "own_result"]


class HumanLeftError(DragomanError):
    """The person's input ended (end of file) before the negotiation did."""


class SeatScreens:
    """A session sink keeping, per human seat, the events it may see, and showing them when
    the seat has the keyboard (`take`) and at the end (`finish`)."""

    def __init__(
        self,
        console: Console,
        seats: Sequence[str],
        read: Callable[[str], str] = input,
        *,
        live: bool = True,
    ) -> None:
        self.console, self.read = console, read
        self.live = live
        self.handover = len(seats) > 1
        self.seen: dict[str, list[Event]] = {seat: [] for seat in seats}
        self._shown = dict.fromkeys(seats, 0)
        self._timelines: dict[str, LiveTimeline] = {}
        self._current: str | None = None
        self._scenario: Scenario | None = None  # the session's: a seat's start event omits it

    def __call__(self, event: Event) -> None:
        if event.kind is EventKind.START:
            self._scenario = parse_scenario(str(event.data.get("scenario", "")), "<START event>")
        for seat, seen in self.seen.items():
            shown = seen_by(seat, event)
            if shown is not None and (self.live or event.kind in _QUIET_KINDS):
                seen.append(shown)
        if not self.handover and self._current is not None:
            self._flush(self._current)

    def take(self, seat: str, view: SeatView) -> None:
        """Give `seat` the keyboard: its brief the first time (and after each hand-over),
        then whatever it has not seen yet."""
        if seat != self._current:
            if self.handover:
                self._hand_over(seat)
            if self.handover or self._current is None:
                self._timelines[seat] = self._timeline()
                self._shown[seat] = 0
                self._flush(seat)
                self.console.print(brief(view))
            self._current = seat
        self._flush(seat)
        self._timelines[seat].flush()  # a text carried to the seat shows before it must act

    def finish(self, views: Mapping[str, SeatView]) -> None:
        """The end, as each seat may see it (in turn, behind the hand-over screen)."""
        for seat in self.seen:
            if self.handover or seat not in self._timelines:
                self._current = None
                self.take(seat, views[seat])
            self._flush(seat)
            self._timelines[seat].flush()
            ends = [e for e in self.seen[seat] if e.kind in END_KINDS]
            if ends:
                self.console.print(own_result(seat, ends[-1], views[seat].public.outcome_space))

    def _flush(self, seat: str) -> None:
        timeline = self._timelines.get(seat)
        if timeline is None:
            return
        events = self.seen[seat]
        for event in events[self._shown[seat] :]:
            timeline(event)
        self._shown[seat] = len(events)

    def _timeline(self) -> LiveTimeline:
        # relays to the seat too: what it may see is already all that concerns it
        return LiveTimeline(self.console, show_messages=True, scenario=self._scenario)

    def _hand_over(self, seat: str) -> None:
        """Clear the screen and wait until only `seat` is looking."""
        self._clear()
        self.console.print(
            Panel(
                literal_text(
                    f"Pass the keyboard to {seat}; press Enter when only {seat} is looking."
                )
            ),
            highlight=False,
        )
        try:
            self.read("")
        except EOFError:
            raise HumanLeftError(f"input ended: {seat}'s seat was left empty") from None
        self._clear()

    def _clear(self) -> None:
        """Clear the screen, and the scrollback too: no scrolling up to the last turn."""
        self.console.clear()
        if self.console.is_terminal:
            self.console.file.write("\x1b[3J")
            self.console.file.flush()


#: With the timeline off (--quiet), a seat still sees the start and the end.
_QUIET_KINDS = frozenset({EventKind.START, *END_KINDS})


def own_result(seat: str, end: Event, space: OutcomeSpace) -> Panel:
    """The end as the seat may see it: how it ended, the agreement in words, its own utility
    (never another party's: `seen_by` has left only its own in the event)."""
    lines = [f"{end.kind.value} at step {end.step}"]
    if end.outcome is not None:
        values = space.outcome(end.outcome)
        lines.append(", ".join(f"{issue}={value}" for issue, value in values.items()))
    for key, label in (("utilities", "your utility"), ("discounted", "discounted")):
        mine = (end.data.get(key) or {}).get(seat)
        if isinstance(mine, int | float):
            lines.append(f"{label} ({seat}): {shown(mine)}")
    body = literal_text("\n".join(lines))
    return Panel(body, title="result", title_align="left", expand=False)


def brief(view: SeatView) -> Table:
    """The seat's own brief, as a live seat and its replay show it: its preferences only
    (weights, scores, red lines, RV, discount: `brief_of`, the web's brief), its role and
    the seats it may address."""
    title = literal_text(f"Your brief: {view.seat} (private)")
    table = Table(title=title, title_justify="left", show_lines=True)
    table.add_column("issue")
    table.add_column("weight", justify="right")
    table.add_column("how you value it")
    reach = f"You are a {view.role}; you may address {', '.join(view.reachable()) or 'nobody'}."
    if view.utility is None:
        table.add_row("-", "-", "A mediator has no preferences of its own.")
        table.caption = literal_text(reach)
        return table
    own = brief_of(view.seat, view.utility.preferences, view.public.outcome_space)
    if all(i.valuation == "-" for i in own.issues):  # preferences not issue by issue
        table.add_row("all", "-", literal_text(own.summary))
    else:
        for i in own.issues:
            text = literal_text(i.valuation)
            if i.red_line is not None:
                text.append(literal_text(f"\nred line: {i.red_line}", "red"))
            weight = "-" if i.weight is None else shown(i.weight)
            table.add_row(literal_text(i.name), weight, text)
    table.caption = literal_text(  # as the web brief shows them: three decimals, an ellipsis if cut
        f"reservation value (no deal) {shown(own.reservation_value)}; "
        f"discount factor {shown(own.discount_factor)} per unit of time\n{reach}"
    )
    return table


def brief_data(view: SeatView) -> dict[str, Any]:
    """The seat's own brief as data (`replay --json`): its role, the seats it may address,
    and its preferences as the web's brief gives them (`brief_of`; None for a mediator)."""
    utility = view.utility
    own = (
        None
        if utility is None
        else brief_of(view.seat, utility.preferences, view.public.outcome_space)
    )
    return {
        "seat": view.seat,
        "role": view.role,
        "reachable": list(view.reachable()),
        "preferences": None if own is None else asdict(own),
    }

"""A negotiation's timeline for the terminal: one line per event, then the result.

The timeline is a view of the event stream and of nothing else: outcomes are decoded with the
scenario embedded in the START event, so a log read back from disk renders exactly as the live
session did. Each line shows step, round, sender → receivers, kind and the outcome as compact
`issue=value` pairs; where the pairs would not fit on the line, only the issues changed since the
last outcome shown between the same seats are shown, marked "Δ" (a message to several seats
counts as shown between the sender and each of them too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from dragoman.errors import DragomanError
from dragoman.io.scenario_file import parse_scenario
from dragoman.model.outcomes import OutcomeSpace
from dragoman.negotiation.events import END_KINDS, Event, EventKind

__all__ = ["HIDDEN_KINDS", "LiveTimeline", "TimelineError", "render_timeline"]

#: Kinds shown only with `show_messages=True`: mediators' relays and consultations.
HIDDEN_KINDS = frozenset({EventKind.RELAY, EventKind.CONSULT})
_KIND_STYLES = {
    EventKind.OFFER: "cyan",
    EventKind.TEXT: "magenta",
    EventKind.ACCEPT: "green",
    EventKind.REJECT: "red",
    EventKind.WALK_AWAY: "bold red",
    EventKind.RELAY: "dim",
    EventKind.CONSULT: "dim",
}
_END_STYLES = {"agreement": "green", "breakdown": "yellow", "deadline": "yellow", "error": "red"}
_KIND_WIDTH = 9  # the longest kind names: walk_away, agreement, breakdown


class TimelineError(DragomanError):
    """Events that cannot be shown as a timeline (e.g. a stream not opened by its START)."""


def render_timeline(events: Iterable[Event], console: Console, show_messages: bool = False) -> None:
    """Print a whole event stream (one or more sessions) as timelines."""
    timeline = LiveTimeline(console, show_messages=show_messages)
    for event in events:
        timeline(event)


@dataclass
class _Layout:
    """What a session's timeline needs to know, fixed at its START event."""

    space: OutcomeSpace
    seats: tuple[str, ...]
    rounds: list[str]  # round names by index ([] if the scenario has no rounds)
    widths: tuple[int, int, int, int]  # step, round (0: no column), who, outcome
    #: last outcome shown between each set of seats (sender and receivers)
    shown: dict[frozenset[str], dict[str, str]] = field(default_factory=dict)
    hidden: int = 0


class LiveTimeline:
    """A session sink printing each event as it arrives; the first event must be START.

    `show_messages=False` (the default) hides relays and consultations between mediators and
    seats, which repeat what the offers already say; the closing summary counts them.
    """

    def __init__(self, console: Console, show_messages: bool = False, summary: bool = True) -> None:
        self.console = console
        self.show_messages = show_messages
        self.summary = summary
        self._layout: _Layout | None = None

    def __call__(self, event: Event) -> None:
        if event.kind == EventKind.START:
            self._start(event)
            return
        layout = self._layout
        if layout is None:
            raise TimelineError(f"a timeline begins with a start event, not {event.kind}")
        if event.kind == EventKind.ROUND:
            if event.round < len(layout.rounds):  # the event's name wins over the scenario's
                layout.rounds[event.round] = str(event.data.get("name") or event.round + 1)
            self.console.print(Rule(_round_title(event.round, event.data), style="dim"))
        elif event.kind in END_KINDS:
            if self.summary:
                self.console.print(_summary(event, layout))
        elif event.kind in HIDDEN_KINDS and not self.show_messages:
            layout.hidden += 1
        else:
            self.console.print(_row(layout, *_cells(event, layout)))

    def _start(self, event: Event) -> None:
        data = event.data
        scenario = parse_scenario(str(data.get("scenario", "")), "<START event>")
        # scenario order: canonical JSON sorts the keys of "seats", so a log read back would not
        seated = data.get("seats") or {p.name: {} for p in scenario.negotiators}
        seats = tuple(p.name for p in scenario.parties if p.name in seated)
        rounds = [r.name for r in scenario.rounds]
        total = int(data.get("total_steps") or scenario.total_steps or 100)
        layout = _Layout(scenario.outcome_space, seats, rounds, (0, 0, 0, 0))
        layout.widths = _widths(self.console.width, total, rounds, seats)
        self._layout = layout
        self.console.print(_plain(_header(data, scenario.metadata.title, seats)))
        if scenario.rounds:
            first = scenario.rounds[0]
            self.console.print(Rule(_round_title(0, first.model_dump()), style="dim"))
        self.console.print(_row(layout, "step", "round", "who", "kind", "outcome", style="dim"))


def _widths(
    width: int, total_steps: int, rounds: list[str], seats: tuple[str, ...]
) -> tuple[int, int, int, int]:
    """Column widths for a console `width`: who takes about a quarter, the outcome the rest.

    Who names every receiver where that fits in a quarter of the width, else says "all" (or
    "+n") but keeps room for one sender and one receiver, up to a third of the width. A round
    width of 0 means no round column (no rounds, or a console narrower than 100 columns).
    """
    step = max(4, len(str(total_steps)))
    round_ = min(max((len(r) for r in rounds), default=0), 16) if width >= 100 else 0
    full = max((len(_who(s, [o for o in seats if o != s], seats, 10**6)) for s in seats), default=1)
    short = max((len(f"{s} → all") for s in seats), default=1)
    pair = max((len(f"{a} → {b}") for a in seats for b in seats if a != b), default=0)
    who = full if full <= width // 4 else max(short, min(pair, width // 3))
    gaps = 4 if round_ else 3
    return step, round_, who, max(12, width - step - round_ - who - _KIND_WIDTH - gaps)


def _who(sender: str, receivers: list[str], seats: tuple[str, ...], width: int) -> str:
    """`sender → receivers`, shortened to "all" (every other seat) or "first +n" if too wide."""
    text = f"{sender or '—'} → {', '.join(receivers)}" if receivers else sender or "—"
    if len(text) <= width or len(receivers) < 2:
        return text
    if set(receivers) | {sender} >= set(seats):
        return f"{sender} → all"
    return f"{sender} → {receivers[0]} +{len(receivers) - 1}"


def _cells(event: Event, layout: _Layout) -> tuple[str, str, str, Text, Text]:
    """Step, round, who, kind and outcome of a message or protocol note."""
    rounds = layout.rounds
    round_ = rounds[event.round] if event.round < len(rounds) else str(event.round + 1)
    who = _who(event.sender, list(event.receivers), layout.seats, layout.widths[2])
    kind = Text(event.kind.value, style=_KIND_STYLES.get(event.kind, ""))
    text = Text() if event.outcome is None else _outcome_cell(event, layout)
    extra = _scalars(event.data)
    if extra:
        text.append(("  " if text else "") + extra, style="dim")
    return str(event.step), round_, who, kind, text


def _outcome_cell(event: Event, layout: _Layout) -> Text:
    """The outcome in words; only the changed issues ("Δ") where all would not fit."""
    assert event.outcome is not None
    values = _decode(layout.space, event.outcome)
    line = frozenset((event.sender, *event.receivers))
    before = layout.shown.get(line)
    # a message to several seats is also heard on each pairwise line (a text, then each answer)
    for key in (line, *(frozenset((event.sender, r)) for r in event.receivers)):
        layout.shown[key] = values
    full = _pairs(values)
    if before is None or len(full) <= layout.widths[3] or before.keys() != values.keys():
        return Text(full)
    changed = {k: v for k, v in values.items() if before[k] != v}
    if not changed:
        return Text("(unchanged)", style="dim")
    return Text.assemble(("Δ ", "bold yellow"), _pairs(changed))


def _decode(space: OutcomeSpace, index: int) -> dict[str, str]:
    """Outcome `index` as {issue: value}; a note instead of a crash for a bad index."""
    if not 0 <= index < space.size:
        return {"outcome": f"#{index} (outside the outcome space)"}
    return space.outcome(index)


def _pairs(values: Mapping[str, str]) -> str:
    """Compact `issue=value` pairs."""
    return ", ".join(f"{k}={v}" for k, v in values.items())


def _scalars(data: Mapping[str, Any]) -> str:
    """A message's plain-valued data as `key=value` (nested data is left to the log)."""
    plain = (str, int, float, bool)
    return ", ".join(f"{k}={v}" for k, v in data.items() if isinstance(v, plain))


def _row(layout: _Layout, *cells: str | Text, style: str = "") -> Table:
    """One timeline line: fixed-width columns so that successive lines align."""
    step, round_, who, _ = layout.widths
    grid = Table.grid(padding=(0, 1, 0, 0), expand=True)
    grid.add_column(width=step, justify="right", style="dim", no_wrap=True)
    if round_:
        grid.add_column(width=round_, no_wrap=True, overflow="ellipsis")
    grid.add_column(width=who, overflow="fold")
    grid.add_column(width=_KIND_WIDTH, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    shown = [_plain(c) for k, c in enumerate(cells) if k != 1 or round_]
    grid.add_row(*shown, style=style)
    return grid


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _plain(cell: str | Text) -> Text:
    """A cell as literal text: no rich markup, no terminal control characters (a log may come
    from anywhere, and replaying it must not drive the terminal)."""
    if isinstance(cell, Text):
        cell.plain = _CONTROL.sub("?", cell.plain)  # keeps the cell's styles
        return cell
    return Text(_CONTROL.sub("?", cell))


def _header(data: Mapping[str, Any], title: str, order: tuple[str, ...]) -> Text:
    """Title, then protocol, seed, step budget and who sits where."""
    seats = data.get("seats") or {}
    who = ", ".join(
        f"{name}: {seats[name].get('strategy', '?')}" for name in order if name in seats
    )
    facts = [f"protocol {data.get('protocol', '?')}", f"seed {data.get('seed', '?')}"]
    facts += [f"{data['total_steps']} steps"] if "total_steps" in data else []
    return Text.assemble(
        (title, "bold"), "\n", (" · ".join(facts) + (f" · {who}" if who else ""), "dim")
    )


def _round_title(index: int, data: Mapping[str, Any]) -> str:
    """The rule text of a round: "round 2: name · venue · dates", empty parts left out."""
    parts = [str(data.get(k) or "") for k in ("name", "venue", "dates")]
    pause = data.get("pause_steps")
    if isinstance(pause, int) and pause > 0:
        parts.append(f"after a pause of {pause} steps")
    return f"round {index + 1}: " + " · ".join(p for p in parts if p)


def _summary(event: Event, layout: _Layout) -> Panel:
    """The closing summary: status, the agreement in words, each party's utilities."""
    status, data = event.kind.value, event.data
    head = f"{status} at step {event.step}"
    if event.kind == EventKind.BREAKDOWN and data.get("by"):
        head += f": {data['by']} walked away"
    elif event.kind == EventKind.DEADLINE:
        head += ": the step budget ran out without agreement"
    elif event.kind == EventKind.ERROR:
        head += f": {data.get('error', '')}"
    parts: list[Text | Table] = [Text(head, style=f"bold {_END_STYLES[status]}")]
    if event.outcome is not None:
        parts.append(Text(_pairs(_decode(layout.space, event.outcome))))
    parts += [_utilities(data, layout.seats)] if data.get("utilities") else []
    if layout.hidden:
        parts.append(Text(f"{layout.hidden} relay/consult messages hidden", style="dim"))
    return Panel(Group(*parts), title="result", border_style=_END_STYLES[status], expand=False)


def _utilities(data: Mapping[str, Any], order: tuple[str, ...]) -> Table:
    """Each party's utility and discounted utility, in seat order."""
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
    for name in ("party", "utility", "discounted"):
        table.add_column(name, justify="left" if name == "party" else "right", style="")
    discounted = data.get("discounted") or {}
    utilities = data["utilities"]
    parties = [p for p in order if p in utilities] + sorted(set(utilities) - set(order))
    for party in parties:
        u, d = utilities[party], discounted.get(party)
        table.add_row(party, f"{u:.3f}", "" if d is None else f"{d:.3f}")
    return table

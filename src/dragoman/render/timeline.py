"""A negotiation's timeline for the terminal: a legend, one line per message, rounds and the
pauses between them, the end; a replay then renders the result as the live run did.

The timeline is a view of the event stream and of nothing else: outcomes are decoded with the
scenario embedded in the START event, so a log read back from disk renders exactly as the live
session did. A mediator's text carried to several parties at one step is one line naming every
party it went to. An outcome is shown as `issue=value` pairs where they fit on the line, else
as "Δ" and the issues changed since the sender's previous proposal; an answer names the
proposal it answers ("= US's text of step 4"). Outcome numbers are never shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from dragoman._words import count
from dragoman.errors import DragomanError
from dragoman.io.scenario_file import parse_scenario
from dragoman.model.outcomes import OutcomeSpace
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import END_KINDS, Event, EventKind
from dragoman.render.literal import clean, literal_text
from dragoman.render.timeline_lines import (
    KIND_WIDTH,
    LEGEND,
    Chunk,
    Seating,
    notes,
    pack,
    packed,
    pairs,
    seat_labels,
    who,
)

__all__ = ["HIDDEN_KINDS", "LEGEND", "LiveTimeline", "TimelineError", "render_timeline"]

#: Kinds shown only with `show_messages=True`: mediators' relays and consultations.
HIDDEN_KINDS = frozenset({EventKind.RELAY, EventKind.CONSULT})
#: Kinds that answer a proposal (shown by the proposal they answer).
_ANSWERS = frozenset({EventKind.ACCEPT, EventKind.REJECT, EventKind.WALK_AWAY, EventKind.VOTE})
#: Kinds that pass an outcome on, or answer it: shown by the proposal they name, if shown.
_PASSED_ON = _ANSWERS | {EventKind.RELAY, EventKind.CONSULT}
#: Kinds carried to each party by its own mediator, shown once for all of them.
_CARRIED = frozenset({EventKind.TEXT, EventKind.RELAY})
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
_MIN_OUTCOME = 20  # below this many columns for the outcome, a message takes two lines


class TimelineError(DragomanError):
    """Events that cannot be shown as a timeline (e.g. a stream not opened by its START)."""


def render_timeline(events: Iterable[Event], console: Console, show_messages: bool = False) -> None:
    """Print a whole event stream (one or more sessions) as timelines, each followed by its
    result as `dragoman negotiate` prints it."""
    timeline = LiveTimeline(console, show_messages=show_messages, result=True)
    for event in events:
        timeline(event)
    timeline.flush()


@dataclass
class _Layout:
    """What a session's timeline needs to know, fixed at its START event."""

    space: OutcomeSpace
    seating: Seating
    rounds: list[str]  # round names by index ([] if the scenario has no rounds)
    width: int
    step: int  # column widths; round 0: no round column
    round: int
    who: int
    stacked: bool  # a message's outcome on the lines below it
    #: each sender's latest proposal shown, in words
    last: dict[str, dict[str, str]] = field(default_factory=dict)
    #: each outcome's latest proposal shown: (sender, kind, step)
    proposed: dict[int, tuple[str, str, int]] = field(default_factory=dict)
    hidden: int = 0
    events: list[Event] = field(default_factory=list)


class LiveTimeline:
    """A session sink printing each event as it arrives; the first event must be START.

    `show_messages=False` (the default) hides relays and consultations between mediators and
    seats, which repeat what the offers already say; the end line counts them. `result=True`
    prints the result after the end, rebuilt from the events (a replay; a live run prints its
    own). A text carried to several parties waits for its last carrier: call `flush()` before
    the session waits for a person.
    """

    def __init__(
        self,
        console: Console,
        show_messages: bool = False,
        result: bool = False,
        scenario: Scenario | None = None,
    ) -> None:
        self.console = console
        self.show_messages = show_messages
        self.result = result
        self.scenario = scenario  # the session's, when its start event as shown omits it
        self._layout: _Layout | None = None
        self._pending: list[Event] = []
        self._legend_shown = False

    def __call__(self, event: Event) -> None:
        if event.kind == EventKind.START:
            self.flush()
            self._start(event)
            return
        layout = self._layout
        if layout is None:
            raise TimelineError(f"a timeline begins with a start event, not {event.kind}")
        if self.result:
            layout.events.append(event)  # to rebuild the result at the end
        if self._pending and not _same_carry(self._pending[0], event):
            self.flush()
        if event.kind in _CARRIED and "lead" in event.data:
            self._pending.append(event)
        elif event.kind == EventKind.ROUND:
            self._round(event, layout)
        elif event.kind in END_KINDS:
            self._end(event, layout)
        else:
            self._message([event], layout)

    def flush(self) -> None:
        """Print the text waiting for more of its carriers, if any."""
        pending, self._pending = self._pending, []
        if pending and self._layout is not None:
            self._message(pending, self._layout)

    def _start(self, event: Event) -> None:
        data = event.data
        scenario = self.scenario or parse_scenario(str(data.get("scenario", "")), "<START event>")
        # scenario order: canonical JSON sorts the keys of "seats", so a log read back would not
        seated = data.get("seats") or {p.name: {} for p in scenario.negotiators}
        seating = Seating(
            tuple(p.name for p in scenario.parties if p.name in seated),
            tuple(p.name for p in scenario.negotiators if p.name in seated),
            tuple(p.name for p in scenario.mediators if p.name in seated),
        )
        total = int(data.get("total_steps") or scenario.total_steps or 100)
        rounds = [r.name for r in scenario.rounds]
        self._layout = _layout(scenario.outcome_space, seating, rounds, total, self.console.width)
        if self.result:
            self._layout.events.append(event)
        self.console.print(
            literal_text(_header(data, scenario.metadata.title, seating.seats, self.console.width))
        )
        if not self._legend_shown:
            self._legend_shown = True
            for line in LEGEND:
                self.console.print(Text(line, style="dim"))
        if scenario.rounds:
            self._rule(_round_title(0, scenario.rounds[0].model_dump()))
        self.console.print(_column_heads(self._layout), style="dim")

    def _round(self, event: Event, layout: _Layout) -> None:
        if event.round < len(layout.rounds):  # the event's name wins over the scenario's
            layout.rounds[event.round] = str(event.data.get("name") or event.round + 1)
        pause = event.data.get("pause_steps")
        if isinstance(pause, int) and pause > 0:
            self._rule(f"pause of {count(pause, 'step')}, no talks")
        self._rule(_round_title(event.round, event.data))

    def _rule(self, title: str) -> None:
        """A rule across the console with `title`, or the title alone if it is too wide."""
        line = f"── {clean(title)} "
        rest = self.console.width - cell_len(line)
        self.console.print(Text(line + "─" * rest if rest >= 2 else line, style="dim"))

    def _message(self, group: list[Event], layout: _Layout) -> None:
        first = group[0]
        if first.kind in HIDDEN_KINDS and not self.show_messages:
            layout.hidden += len(group)
            return
        self.console.print(literal_text(_line(group, layout)), overflow="fold", no_wrap=False)

    def _end(self, event: Event, layout: _Layout) -> None:
        self.flush()
        status, data = event.kind.value, event.data
        head = f"{status} at step {event.step}"
        if event.kind == EventKind.BREAKDOWN and data.get("by"):
            head += f": {data['by']} walked away"
        elif event.kind == EventKind.DEADLINE:
            head += ": the step budget ran out without agreement"
        elif event.kind == EventKind.ERROR:
            head += f": {data.get('error', '')}"
        if layout.hidden:
            head += f" ({count(layout.hidden, 'relay/consult message')} hidden)"
        self._rule(head)
        if self.result:
            from dragoman.render.negotiation import render_result
            from dragoman.runs.negotiation import result_from_events

            render_result(result_from_events(layout.events), self.console)
        self._layout = None


def _same_carry(first: Event, event: Event) -> bool:
    """Whether `event` carries the same text as `first`, at the same step, to another party."""
    return (
        event.kind == first.kind
        and event.step == first.step
        and event.outcome == first.outcome
        and event.data == first.data
    )


def _layout(
    space: OutcomeSpace, seating: Seating, rounds: list[str], total: int, width: int
) -> _Layout:
    """Column widths for a console `width`: who names every receiver where that fits in a
    quarter of the width, else shortens (see `who`); a round column from 100 columns, when the
    round names are short; the outcome takes the rest, or the lines below if under 20."""
    step = max(4, len(str(total)))
    longest = max(map(cell_len, rounds), default=0)
    round_ = longest if width >= 100 and longest <= 16 else 0
    full, short = seating.widest_full(), seating.widest_short()
    who_ = full if full <= width // 4 else max(short, min(full, width // 4))
    used = step + (round_ + 1 if round_ else 0) + who_ + KIND_WIDTH + 3
    stacked = width - used < _MIN_OUTCOME
    return _Layout(space, seating, rounds, width, step, round_, who_, stacked)


def _column_heads(layout: _Layout) -> Text:
    if layout.stacked:
        return Text(f"{'step':>{layout.step}} who, kind; the outcome below")
    return Text(_head(layout, "step", "round", "who", "kind") + "outcome")


def _head(layout: _Layout, step: str, round_: str, who_: str, kind: str) -> str:
    """The fixed columns of a line, padded so that successive lines align."""
    text = _pad(step, layout.step, right=True) + " "
    if layout.round:
        text += _pad(round_, layout.round) + " "
    return text + _pad(who_, layout.who) + " " + _pad(kind, KIND_WIDTH) + " "


def _pad(text: str, width: int, right: bool = False) -> str:
    """`text` padded to `width` terminal cells (wide characters count double)."""
    fill = " " * max(0, width - cell_len(text))
    return fill + text if right else text + fill


def _line(group: list[Event], layout: _Layout) -> Text:
    """One message (or one text carried to several parties) as its line(s)."""
    first = group[0]
    sender = str(first.data.get("lead") or first.sender)
    receivers = [r for e in group for r in e.receivers]
    rounds = layout.rounds
    round_ = rounds[first.round] if first.round < len(rounds) else str(first.round + 1)
    chunks = _outcome(group, sender, layout)
    carriers = [f"{e.sender} to {', '.join(e.receivers)}" for e in group if e.sender != sender]
    extra = notes(first.data)
    if first.kind == EventKind.RELAY and chunks and chunks[0][0] == "=":
        extra = [n for n in extra if n != first.data.get("source")]  # the proposal is named
    extra += [f"carried by {'; '.join(carriers)}"] if carriers else []
    said: list[str] = []
    for note in extra:  # each after a "·": it reads apart from the outcome without colour too
        said += ["·", *note.split()] if chunks or said else note.split()
    chunks += [(word, "dim") for word in said]
    kind, style = first.kind.value, _KIND_STYLES.get(first.kind, "")
    if layout.stacked:
        head = _pad(str(first.step), layout.step, right=True) + " "
        words = [(w, "") for w in layout.seating.full(sender, receivers).split()]
        line = pack(head, [*words, (kind, style)], layout.width, layout.step + 1)
        if chunks:
            line.append("\n")
            line.append_text(pack(" " * (layout.step + 1), chunks, layout.width, 2))
        return line
    shown = who(layout.seating, sender, receivers, layout.who)
    head = _head(layout, str(first.step), round_, shown, kind)
    line = pack(head, chunks, layout.width, layout.step + 1)
    start = len(head) - KIND_WIDTH - 1
    line.stylize(style, start, start + len(kind))
    return line


def _outcome(group: list[Event], sender: str, layout: _Layout) -> list[Chunk]:
    """The outcome of a message in words (see the module docstring); proposals remembered."""
    event = group[0]
    if event.outcome is None:
        return []
    if not 0 <= event.outcome < layout.space.size:
        return [("(an outcome outside the outcome space)", "red")]
    values = layout.space.outcome(event.outcome)
    known = layout.proposed.get(event.outcome)
    if event.kind in _PASSED_ON and known is not None:
        by, kind, step = known
        return [(w, "") for w in f"= {by}'s {kind} of step {step}".split()]
    if event.kind in _ANSWERS or event.kind in _PASSED_ON:
        return pairs(values)
    before = layout.last.get(sender)
    if event.kind == EventKind.CRITIQUE and isinstance(event.data.get("text"), int):
        before = _decoded(layout.space, event.data["text"]) or before
    else:
        layout.last[sender] = values
    layout.proposed[event.outcome] = (sender, event.kind.value, event.step)
    return _changes(values, before, layout)


def _changes(values: dict[str, str], before: dict[str, str] | None, layout: _Layout) -> list[Chunk]:
    """Every pair where they fit on one line (or nothing came before), else only the changes."""
    full = pairs(values)
    indent = layout.step + 1 if layout.stacked else cell_len(_head(layout, "", "", "", ""))
    room = layout.width - indent
    one_line = sum(cell_len(c) + 1 for c, _ in full) - 1 <= room
    if before is None or before.keys() != values.keys() or (one_line and before != values):
        return full
    changed = {k: v for k, v in values.items() if before[k] != v}
    if not changed:
        return [("(unchanged)", "dim")]
    return [("Δ", "bold yellow"), *pairs(changed)]


def _decoded(space: OutcomeSpace, index: int) -> dict[str, str] | None:
    return space.outcome(index) if 0 <= index < space.size else None


def _header(data: Mapping[str, Any], title: str, order: tuple[str, ...], width: int) -> Text:
    """Title, then protocol, seed, step budget and who sits where with its strategy's
    parameters, broken between items to fit `width` (an item too wide alone cut with "…")."""
    facts = [f"protocol {data.get('protocol', '?')}", f"seed {data.get('seed', '?')}"]
    steps = data.get("total_steps")
    facts += [count(steps, "step")] if isinstance(steps, int) else []
    sitting = seat_labels(data.get("seats"), order)
    lines = packed(facts, max(width, 20)) + packed(sitting, max(width, 20))
    return Text.assemble((title, "bold"), "\n", ("\n".join(lines), "dim"))


def _round_title(index: int, data: Mapping[str, Any]) -> str:
    """The rule text of a round: "round 2: name · venue · dates", empty parts left out."""
    parts = [str(data.get(k) or "") for k in ("name", "venue", "dates")]
    return f"round {index + 1}: " + " · ".join(p for p in parts if p)

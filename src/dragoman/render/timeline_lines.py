"""The pieces of a timeline line: who to whom, the outcome in words, a message's notes, and the
packing of them into lines of a given width without splitting an `issue=value` pair.

A line is `step [round] sender → receivers kind outcome`; receivers are named in full where
the column allows, else as "all", "parties", "mediators" or "first +n" (the legend says so).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from dragoman._words import shown
from dragoman.negotiation.events import EventKind

__all__ = [
    "KIND_WIDTH",
    "LEGEND",
    "Chunk",
    "Seating",
    "notes",
    "pack",
    "packed",
    "pairs",
    "seat_label",
    "seat_labels",
    "who",
]

#: The longest kind shown on a line ("walk_away").
KIND_WIDTH = 9

#: Printed once at the start of every timeline, and in docs/negotiation.md.
LEGEND = (
    "How to read the timeline: one line per message: step, sender → receivers, kind, outcome.",
    "→ all: to every other seat; → parties, → mediators: to every other party, every other "
    "mediator; B +2: to B and 2 more receivers (a wider terminal names them all).",
    "issue=value: the outcome proposed; Δ: only the issues changed since the sender's previous "
    "proposal; (unchanged): the sender's previous proposal again; = US's text of step 4: an "
    "answer to that proposal.",
    "Kinds: report (a party's preferences, to mediators), offer (a party's proposal), text (a "
    "mediator's negotiating text, shown once with every party it went to), vote (on a candidate "
    "text), critique (the change a party wants to the text, as Δ), accept, reject, walk_away; "
    "relay and consult (mediators passing messages on) are hidden unless asked for.",
)

#: Message data that are outcome numbers (shown decoded, or by the proposal they name).
OUTCOME_KEYS = frozenset({"current", "text"})

Chunk = tuple[str, str]  # text, style: never split across lines


@dataclass(frozen=True)
class Seating:
    """Who sits in a session, in scenario order."""

    seats: tuple[str, ...]
    parties: tuple[str, ...]
    mediators: tuple[str, ...]

    def full(self, sender: str, receivers: Sequence[str]) -> str:
        """`sender → every receiver`."""
        return f"{sender or '—'} → {', '.join(receivers)}" if receivers else sender or "—"

    def group(self, sender: str, receivers: Sequence[str]) -> str | None:
        """The group ("all", "parties", "mediators") the receivers are exactly, if any."""
        heard = set(receivers)
        for name, members in (
            ("all", self.seats),
            ("parties", self.parties),
            ("mediators", self.mediators),
        ):
            others = set(members) - {sender}
            if len(others) > 1 and heard == others:
                return name
        return None

    def widest_short(self) -> int:
        """The widest shortened `sender → ...` any seat can need."""
        widths = [0]
        for s in self.seats:
            widths += [cell_len(f"{s} → {g}") for g in ("all", "parties", "mediators")]
            widths += [cell_len(f"{s} → {r} +{len(self.seats)}") for r in self.seats if r != s]
        return max(widths)

    def widest_full(self) -> int:
        """The widest `sender → every other seat`."""
        return max(cell_len(self.full(s, [o for o in self.seats if o != s])) for s in self.seats)


def who(seating: Seating, sender: str, receivers: Sequence[str], width: int) -> str:
    """`sender → receivers`, shortened to a group or "first +n" where it is wider than `width`."""
    text = seating.full(sender, receivers)
    if cell_len(text) <= width or len(receivers) < 2:
        return text
    group = seating.group(sender, receivers)
    if group is not None:
        return f"{sender} → {group}"
    return f"{sender} → {receivers[0]} +{len(receivers) - 1}"


def pairs(values: Mapping[str, str]) -> list[Chunk]:
    """`issue=value` pairs, each a chunk ending in its comma."""
    items = [f"{k}={v}" for k, v in values.items()]
    return [(item + ("," if k < len(items) - 1 else ""), "") for k, item in enumerate(items)]


def notes(data: Mapping[str, Any]) -> list[str]:
    """A message's data in words; outcome numbers, nested data and what the line already says
    (the lead mediator is its sender) left out."""
    said: list[str] = []
    for key, value in data.items():
        if key in OUTCOME_KEYS or not isinstance(value, str | int | float | bool):
            continue
        text = _note(key, value, data)
        if text:
            said.append(text)
    return said


def _note(key: str, value: Any, data: Mapping[str, Any]) -> str:
    """One item of a message's data in words ("" for nothing to say)."""
    if key == "source":
        return "" if value == "mediator text" else str(value)
    if key == "approve":
        return "in favour" if value else "against"
    if key == "reminder":
        return "reminder of the current text" if value else ""
    if key == "origin":
        if "origin_kind" in data:  # an outcome passed on is named by its proposal already
            what = data["origin_kind"]
            return f"passes on {value}'s {what}" if what == EventKind.REPORT else ""
        if "answer" in data:
            return f"passes on {value}'s answer: {data['answer']}"
        return f"from {value}"
    if key in ("lead", "origin_kind", "answer", "steps"):
        return ""
    return f"{key}={value}"


def pack(head: str, chunks: Sequence[Chunk], width: int, indent: int) -> Text:
    """`head` then the chunks, wrapped at `width` between chunks, continuation lines aligned
    under the first chunk; where a chunk is too wide for that, every chunk goes below the head,
    from column `indent`."""
    out = Text(head)
    start = cell_len(head)
    if any(cell_len(c) > width - start for c, _ in chunks):
        start = indent
        out.append("\n" + " " * indent)
    column = start
    for k, (text, style) in enumerate(chunks):
        size = cell_len(text)
        if k and column + 1 + size > width:
            out.append("\n" + " " * start)
            column = start
        elif k:
            out.append(" ")
            column += 1
        out.append(text, style=style)
        column += size
    return out


def seat_label(name: str, spec: Any) -> str:
    """Who sits at a seat as a start event records it: "Israel: boulware (e=0.25)", the
    strategy's parameters in brackets, by name (as a log read back holds them; none: the
    strategy alone), so that two differently configured agents never look the same."""
    spec = spec if isinstance(spec, Mapping) else {}
    params = spec.get("params") if isinstance(spec.get("params"), Mapping) else {}
    given = ", ".join(f"{k}={_parameter(v)}" for k, v in sorted(params.items()))
    return f"{name}: {spec.get('strategy', '?')}" + (f" ({given})" if given else "")


def seat_labels(seats: Any, order: Sequence[str] | None = None) -> list[str]:
    """Every seat of a start event's `seats` as `seat_label` shows it, in `order` (default:
    as recorded), for the timeline's header, the report and the web pages alike."""
    seats = seats if isinstance(seats, Mapping) else {}
    names = list(seats) if order is None else [name for name in order if name in seats]
    return [seat_label(name, seats[name]) for name in names]


def _parameter(value: Any) -> str:
    """A parameter's value as typed where short (0.25), else visibly abbreviated (0.123…)."""
    if isinstance(value, float) and len(repr(value)) > 7:
        return shown(value)
    return str(value)


def packed(items: Sequence[str], width: int, separator: str = " · ") -> list[str]:
    """`items` joined by `separator` into lines of at most `width` cells, broken between
    items only; an item wider than a line alone is cut, visibly, with "…"."""
    lines: list[str] = []
    for item in items:
        if cell_len(item) > width:
            cut = Text(item)
            cut.truncate(width, overflow="ellipsis")
            item = cut.plain
        joined = f"{lines[-1]}{separator}{item}" if lines else item
        if lines and cell_len(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(item)
    return lines

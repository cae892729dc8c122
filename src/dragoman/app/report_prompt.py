"""The report step at the terminal: a player reports the truth, nothing, or a draft it shapes
(an exaggeration, weights, scores, red lines, a reservation value), validated as preferences
(`dragoman.negotiation.report_edits`) before anything is sent."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dragoman._words import number
from dragoman.model.outcomes import OutcomeSpace
from dragoman.negotiation import report_edits as edits

__all__ = ["ReportDraft", "Submit"]


@dataclass(frozen=True)
class Submit:
    """The report to send (None: report nothing)."""

    preferences: dict[str, Any] | None


@dataclass
class ReportDraft:
    """A player's draft report, starting from its true preferences."""

    truth: dict[str, Any]
    space: OutcomeSpace
    draft: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.draft = dict(self.truth)

    def read(self, line: str) -> Submit | list[str]:
        """What a typed line does: a report to send, or the draft's lines after an edit;
        ValueError saying what is wrong (the draft is then unchanged)."""
        words = line.strip().split(maxsplit=1)
        command = words[0].lower() if words else ""
        rest = words[1].strip() if len(words) > 1 else ""
        if command in ("truth", "none", "send"):
            chosen = {"truth": self.truth, "none": None, "send": self.draft}[command]
            return Submit(chosen)
        if command != "show":
            self.draft = self._edited(command, rest, line.strip())
        return describe_report(self.draft, self.truth)

    def _edited(self, command: str, rest: str, line: str) -> dict[str, Any]:
        if command == "exaggerate":
            factor = _number(rest, "exaggerate FACTOR") if rest else edits.DEFAULT_EXAGGERATION
            return edits.exaggerated(self.truth, factor)
        if command == "weight":
            issue, value = _assignment(rest, "weight ISSUE=W")
            return edits.with_weight(self.draft, issue, _number(value, "the weight"))
        if command == "score":
            target, value = _assignment(rest, "score ISSUE.VALUE=S")
            issue, dot, label = target.partition(".")
            if not dot:
                raise ValueError("write score ISSUE.VALUE=S")
            return edits.with_score(self.draft, issue, label, _number(value, "the score"))
        if command.startswith("rv") or command.startswith("reservation"):
            _, value = _assignment(line, "rv=X")
            return edits.with_reservation_value(self.draft, _number(value, "rv"))
        if command == "redline":
            issue, values = _assignment(rest, "redline ISSUE=V1|V2")
            position = _issue(self.space, issue)
            allowed = [v.strip() for v in values.split("|") if v.strip()]
            return edits.with_red_line(self.draft, self.space.issues[position], allowed)
        if command == "drop" and rest.lower().startswith("redline"):
            return edits.without_red_line(self.draft, rest[len("redline") :].strip())
        raise ValueError(f"{line!r} is not a report command: type '?' to see them")


def describe_report(draft: Mapping[str, Any], truth: Mapping[str, Any]) -> list[str]:
    """The draft in words: each field that differs from the truth, or that none does."""
    if dict(draft) == dict(truth):
        return ["draft: your true preferences (type 'send', or edit it)"]
    lines = ["draft (what differs from your true preferences; 'send' reports it):"]
    for key in ("reservation_value", "discount_factor"):
        if draft.get(key) != truth.get(key):
            lines.append(f"  {key}: {number(truth[key])} -> {number(draft[key])}")
    for name, weight in (draft.get("weights") or {}).items():
        before = (truth.get("weights") or {}).get(name)
        if before != weight:
            was = "none" if before is None else number(before)
            lines.append(f"  weight of {name}: {was} -> {number(weight)}")
    for name, scoring in (draft.get("values") or {}).items():
        before = (truth.get("values") or {}).get(name)
        if before != scoring and scoring.get("scores"):
            shown = ", ".join(f"{k}: {number(v)}" for k, v in scoring["scores"].items())
            lines.append(f"  scores of {name}: {shown}")
        elif before != scoring:
            lines.append(f"  scoring of {name} changed")
    if draft.get("red_lines") != truth.get("red_lines"):
        shown = "; ".join(_red_line(r) for r in draft.get("red_lines") or ()) or "none"
        lines.append(f"  red lines: {shown}")
    return lines


def _red_line(data: Mapping[str, Any]) -> str:
    if data.get("allowed") is not None:
        return f"{data['issue']} in {{{', '.join(map(str, data['allowed']))}}}"
    if data.get("forbidden") is not None:
        return f"{data['issue']} not in {{{', '.join(map(str, data['forbidden']))}}}"
    bounds = [f">= {number(data['min'])}" if data.get("min") is not None else ""]
    bounds.append(f"<= {number(data['max'])}" if data.get("max") is not None else "")
    return f"{data['issue']} " + " and ".join(b for b in bounds if b)


def _assignment(text: str, form: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise ValueError(f"write {form}")
    return name.strip(), value.strip()


def _number(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{what} must be a number (got {text!r})") from None


def _issue(space: OutcomeSpace, name: str) -> int:
    try:
        return space.issue_position(name)
    except KeyError as exc:
        raise ValueError(str(exc.args[0])) from None

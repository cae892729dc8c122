"""Preference reports: what parties told the mediators about their preferences (REPORT events,
as reported: maybe untrue), compiled over the outcome space, and which texts lie inside every
reported red line. The one place that decides the latter, from the reported utilities'
red-line masks (`dragoman.utility.masks`); mediators and the diagnosis of a failed session
both ask here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from dragoman._arrays import BoolArray
from dragoman.model.kinds import parse_preferences
from dragoman.model.outcomes import OutcomeSpace
from dragoman.negotiation.events import Event, EventKind
from dragoman.utility.compiled_utility import CompiledUtility, compile_preferences
from dragoman.utility.masks import allowed_values

__all__ = ["ReportMemo", "compile_report", "has_inside", "reported_allowed", "reports_in_log"]


def reports_in_log(events: Iterable[Event], parties: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Each party's latest preference report in an event log (REPORT events it sent)."""
    reports: dict[str, dict[str, Any]] = {}
    for event in events:
        kind, sender = event.kind, event.sender
        if kind == EventKind.REPORT and sender in parties and "preferences" in event.data:
            reports[sender] = dict(event.data["preferences"])
    return reports


def compile_report(report: Mapping[str, Any], space: OutcomeSpace) -> CompiledUtility:
    """A reported preference profile (of any kind) compiled over `space`."""
    return compile_preferences(parse_preferences(dict(report)), space)


class ReportMemo:
    """Reports compiled once each: a report is one object in every message that carries it
    (the session's event and the mediators' consultations share it), so a mediator keeping a
    memo compiles it when first heard, not at every step. Entries hold their report, so an
    object's identity is never reused while it is remembered."""

    __slots__ = ("_compiled",)

    def __init__(self) -> None:
        self._compiled: dict[int, tuple[Mapping[str, Any], CompiledUtility]] = {}

    def compiled(self, report: Mapping[str, Any], space: OutcomeSpace) -> CompiledUtility:
        """The compiled `report`, compiled on first use."""
        entry = self._compiled.get(id(report))
        if entry is None or entry[0] is not report:
            entry = (report, compile_report(report, space))
            self._compiled[id(report)] = entry
        return entry[1]


def reported_allowed(
    space: OutcomeSpace, utilities: Iterable[CompiledUtility]
) -> tuple[BoolArray, ...]:
    """Per issue, the values inside every reported red line (all values when none is
    reported): a text is inside every reported red line when each of its values is allowed."""
    return allowed_values(space.radices, [m for u in utilities for m in u.red_line_masks])


def has_inside(allowed: Sequence[BoolArray]) -> bool:
    """Whether any text passes per-issue masks `allowed` (red lines bind one issue each, so
    one exists exactly when every issue keeps a value)."""
    return all(bool(a.any()) for a in allowed)

"""What a mediator has heard: the positions parties took and their reported preferences,
whether told directly or passed on by a colleague (CONSULT events).

A mediator keeps one `Hearing` and reads its view through it at every step; each read takes
only the messages new since the last (`SeatView.since`), so a step's work does not grow with
the length of the talks. A hearing read from another view (the same mediator seated again)
starts over from that view's first message.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import islice
from typing import Any

from dragoman._arrays import BoolArray
from dragoman.negotiation.events import Event, EventKind
from dragoman.negotiation.reports import ReportMemo, reported_allowed
from dragoman.negotiation.view import SeatView
from dragoman.utility.compiled_utility import CompiledUtility

__all__ = ["Hearing", "inside_reports", "reported_utilities"]

#: The kinds of message by which a party takes a position: proposals, preferred texts, and
#: texts it accepted.
TAKEN = frozenset({EventKind.OFFER.value, EventKind.CRITIQUE.value, EventKind.ACCEPT.value})


class Hearing:
    """One mediator's hearing: each party's latest report, and its distinct positions in the
    order it last took them, kept up to date by `read`."""

    __slots__ = ("_latest", "_positions", "_read", "_reports", "_taken", "_view", "epoch", "memo")

    def __init__(self) -> None:
        #: reports compiled once each, for as long as the mediator lives
        self.memo = ReportMemo()
        #: how many times the hearing started over (a consumer of `taken` starts over too)
        self.epoch = 0
        self._view: SeatView | None = None
        self._start(None)

    def _start(self, view: SeatView | None) -> None:
        self._view = view
        self._read = 0  # messages of the view read
        self._reports: dict[str, Mapping[str, Any]] = {}
        #: per party, its positions as keys in the order of the last time each was taken
        self._positions: dict[str, dict[int, None]] = {}
        self._latest: dict[str, int] = {}  # per party, when (message count) it last took one
        self._taken: list[int] = []  # every (party, position) first taken, oldest first

    @property
    def view(self) -> SeatView:
        """The view last read."""
        if self._view is None:
            raise RuntimeError("a hearing is read from a view before it is asked anything")
        return self._view

    def read(self, view: SeatView) -> Hearing:
        """Take in what is new in `view` (all of it, if the view is not the one last read)."""
        if view is not self._view or view.heard < self._read:
            self._start(view)
            self.epoch += 1
        if view.heard > self._read:
            parties = set(view.public.parties)
            for event in view.since(self._read):
                self._read += 1
                self._take(event, parties)
        return self

    def _take(self, event: Event, parties: set[str]) -> None:
        if event.sender in parties:
            party, kind = event.sender, event.kind.value
        elif event.kind is EventKind.CONSULT and event.data.get("origin") in parties:
            party = str(event.data["origin"])
            kind = str(event.data.get("origin_kind", event.data.get("answer", "")))
        else:
            return
        if kind == EventKind.REPORT.value and "preferences" in event.data:
            self._reports[party] = event.data["preferences"]
        if kind in TAKEN and event.outcome is not None:
            seen = self._positions.setdefault(party, {})
            if event.outcome in seen:
                del seen[event.outcome]  # taken again: now the newest
            else:
                self._taken.append(event.outcome)
            seen[event.outcome] = None
            self._latest[party] = self._read

    def positions(self, most: int | None = None) -> dict[str, list[int]]:
        """Each party's distinct positions (proposals, preferred texts and texts it accepted),
        newest first (the `most` newest, if given); the party that moved last first."""
        order = sorted(self._latest, key=self._latest.__getitem__, reverse=True)
        found = {}
        for party in order:
            newest = reversed(self._positions[party])
            found[party] = list(newest if most is None else islice(newest, most))
        return found

    def taken(self, start: int = 0) -> list[int]:
        """Every position as first taken by each party, oldest first, from the `start`-th on
        (a consumer that keeps count reads only what is new)."""
        return self._taken[start:]

    def reports(self) -> dict[str, Mapping[str, Any]]:
        """Each party's latest report, in the parties' order (parties that reported only)."""
        return {p: self._reports[p] for p in self.view.public.parties if p in self._reports}


def reported_utilities(hearing: Hearing) -> dict[str, CompiledUtility]:
    """Reported preferences (of either kind) compiled over the outcome space, for every party
    that reported, in the parties' order (each compiled once by the hearing's memo)."""
    space = hearing.view.public.outcome_space
    return {p: hearing.memo.compiled(r, space) for p, r in hearing.reports().items()}


def inside_reports(hearing: Hearing) -> tuple[BoolArray, ...]:
    """Per issue, the values inside every red line reported to the mediator so far."""
    utilities = reported_utilities(hearing).values()
    return reported_allowed(hearing.view.public.outcome_space, utilities)

"""Strategies played in lockstep: one seat of many bilateral alternating-offers negotiations at
once, every move an array operation over the negotiations (rows) that are open.

The batched engine (`dragoman.experiments.batched`) drives a `Lockstep` per seat, strategy and
scenario variant; each strategy that has one makes it next to its own rule
(`lockstep(view, seeds, stream)`), keeping per row what it has heard, and
`tests/experiments/test_batched.py` holds every one to the session, row for row. (Oblivious
agents need none: their `Plan`s are stacked as arrays.)
"""

from __future__ import annotations

from typing import Protocol

from dragoman._arrays import BoolArray, IntArray
from dragoman.negotiation.view import SeatView

__all__ = ["Lockstep", "LockstepAgent", "plays_in_lockstep"]


class Lockstep(Protocol):
    """One seat's strategy over the rows of a batch (row numbers index the whole batch)."""

    def opening(self, rows: IntArray) -> IntArray:
        """The offers that open the negotiations `rows` (step 0)."""
        ...

    def counter(self, t: int, rows: IntArray, standing: IntArray) -> tuple[BoolArray, IntArray]:
        """At step `t`, which rows accept their `standing` offer, and the counter-offers of
        the rows that do not (in order)."""
        ...

    def hear(self, rows: IntArray, offers: IntArray) -> None:
        """The opponent offered `offers` in `rows`."""
        ...


class LockstepAgent(Protocol):
    """A strategy that can play in lockstep (naive tit-for-tat, MiCRO)."""

    def lockstep(self, view: SeatView, seeds: IntArray, stream: int) -> Lockstep:
        """Its play at `view`'s seat over a batch: row r's random draws, if any, from stream
        `stream` of `seeds[r]` (the session's seat stream)."""
        ...


def plays_in_lockstep(cls: type) -> bool:
    """Whether the strategy class has a lockstep form of its own: a subclass inheriting one
    may have changed the rule that form mirrors, so it plays in the session only."""
    return callable(vars(cls).get("lockstep"))

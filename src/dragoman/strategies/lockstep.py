"""Strategies played in lockstep: one seat of many bilateral alternating-offers negotiations at
once, every move an array operation over the negotiations (rows) that are open.

The batched engine (`dragoman.experiments.batched`) drives a `Lockstep` per seat and strategy;
each strategy that has one makes it next to its own rule (`lockstep(view, rows, seeds)`), and
`tests/experiments/test_batched.py` holds every one to the session, row for row. An oblivious
agent's lockstep is its `Plan` read as arrays (`PlanLockstep`); a reactive one (tit-for-tat,
MiCRO) keeps, per row, what it has heard.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from dragoman._arrays import BoolArray, FloatArray, IntArray
from dragoman.strategies.oblivious import Plan
from dragoman.utility.compiled_utility import CompiledUtility

__all__ = ["Lockstep", "PlanLockstep"]


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


class PlanLockstep:
    """Oblivious agents' plans, stacked: row r plays plan `which[r]`."""

    def __init__(self, utility: CompiledUtility, plans: Sequence[Plan], which: IntArray) -> None:
        self.table: FloatArray = np.asarray(utility.table, dtype=np.float64)
        self.inside: BoolArray = np.asarray(utility.inside, dtype=bool)
        self.offers = np.array([p.offers for p in plans], dtype=np.int64)
        self.thresholds = np.array([p.thresholds for p in plans], dtype=np.float64)
        self.which = which

    def opening(self, rows: IntArray) -> IntArray:
        return np.asarray(self.offers[self.which[rows], 0], dtype=np.int64)

    def counter(self, t: int, rows: IntArray, standing: IntArray) -> tuple[BoolArray, IntArray]:
        plan = self.which[rows]
        accept = self.inside[standing] & (self.table[standing] >= self.thresholds[plan, t])
        return accept, self.offers[plan[~accept], t]

    def hear(self, rows: IntArray, offers: IntArray) -> None:
        """An oblivious agent ignores what it hears."""

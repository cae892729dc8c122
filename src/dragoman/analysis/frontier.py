"""A frontier as found by one of the methods, and how it was found."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

from dragoman._arrays import FloatArray, OutcomeIds

__all__ = ["Budget", "Frontier", "FrontierMethod"]


class FrontierMethod(StrEnum):
    """How a frontier was found."""

    ENUMERATION = "enumeration"
    ADDITIVE = "issue-by-issue fold of additive utilities"
    SOLVER = "MIP solver (HiGHS), ε-constraint"
    SEARCH = "sample + local search (approximate)"


@dataclass(frozen=True)
class Frontier:
    """Frontier points: their outcomes (ascending by index when enumerated), their utilities,
    and whether they are known to be every frontier point (`exact`)."""

    outcomes: OutcomeIds
    utilities: FloatArray  # (parties, points)
    exact: bool
    method: FrontierMethod
    note: str = ""
    seconds: float = 0.0
    #: False when one outcome stands for each frontier point (ties not listed)
    every_outcome: bool = True

    @property
    def size(self) -> int:
        """How many frontier outcomes (or points) were found."""
        return int(self.outcomes.size)


class Budget:
    """The seconds that every frontier of one problem and of its variants (red lines dropped)
    may spend in all, once started: a frontier may use `SHARE` of what remains, so the variants
    found after it get time too and the whole stays inside the stated limit."""

    SHARE = 0.75

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._deadline: float | None = None

    def restart(self) -> None:
        """Start the budget afresh (an analysis states its own time limit)."""
        self._deadline = time.perf_counter() + self.seconds

    def share(self) -> float:
        """The seconds the next frontier may use (starting the budget on first use)."""
        if self._deadline is None:
            self.restart()
        assert self._deadline is not None
        return max(0.0, self._deadline - time.perf_counter()) * self.SHARE

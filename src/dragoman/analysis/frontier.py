"""A frontier as found by one of the methods, and how it was found."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dragoman._arrays import FloatArray, OutcomeIds

__all__ = ["Frontier", "FrontierMethod"]


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

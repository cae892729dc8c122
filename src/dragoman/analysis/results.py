"""What the analysis returns: plain, typed data (named fields, enums, values typed as their
issue's kind), ready for the CLI, JSON, plots and the web app."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from dragoman.analysis.zone_count import ZONE_SAMPLE

__all__ = [
    "Analysis",
    "Blocker",
    "BlockerKind",
    "IssueConflict",
    "SolutionPoint",
    "Value",
    "ZoneSize",
    "ZopaReport",
    "plain",
]

#: An issue value: text for categorical issues, a number for numeric ones.
Value = str | int | float


class BlockerKind(StrEnum):
    """What a blocker drops."""

    RED_LINE = "red line"
    PARTY_RED_LINES = "party red lines"
    ISSUE_RED_LINES = "issue red lines"
    PAIR = "pair of red lines"


@dataclass(frozen=True)
class ZoneSize:
    """How many outcomes a zone of possible agreement holds: exactly (`exact`), between
    `bounds` (outcomes worth a reservation value to within rounding, counted without
    enumeration, may go either way), or estimated from a uniform sample (`share`)."""

    count: int  # the exact count, the lower bound, or the estimate
    exact: bool = True
    bounds: tuple[int, int] | None = None
    share: float | None = None

    def words(self) -> str:
        """The size in words, saying how it is known."""
        if self.exact:
            return f"{self.count:,}"
        if self.bounds is not None:
            low, high = self.bounds
            return f"{low:,} to {high:,} (outcomes at a reservation value, to rounding)"
        if not self.share:  # the zone exists (a frontier point is in it), yet the sample missed it
            return f"fewer than 1 in {ZONE_SAMPLE:,} (none of a uniform sample of that many)"
        share = f"{self.share:.2%}" if self.share >= 1e-4 else f"{self.share:.1e}"
        return f"about {share} (sampled)"


@dataclass(frozen=True)
class SolutionPoint:
    """One solution concept's outcome, in values, in words and in utilities."""

    key: str
    name: str
    outcome_index: int
    outcome: dict[str, Value]  # issue -> value, typed as the issue's kind
    outcome_text: dict[str, str]  # issue -> value in words
    utilities: dict[str, float]


@dataclass(frozen=True)
class IssueConflict:
    """An issue on which the parties' red lines leave no common value."""

    issue: str
    allowed: dict[str, list[Value]]


@dataclass(frozen=True)
class Blocker:
    """The effect of dropping one red line, a party's red lines, an issue's, or a pair."""

    kind: BlockerKind
    label: str
    opens_zone: bool
    zone: ZoneSize
    nash_outcome: dict[str, Value] | None
    nash_utilities: dict[str, float] | None


@dataclass(frozen=True)
class ZopaReport:
    """Whether a zone of possible agreement exists and, if not, what blocks it."""

    exists: bool
    feasible_count: int
    zone: ZoneSize
    issue_conflicts: list[IssueConflict]
    blockers: list[Blocker]
    concessions: dict[str, float]  # per party: RV reduction alone that opens a zone (inf: none)
    uniform_concession: float  # RV reduction by every party that opens a zone
    summary: list[str] = field(default_factory=list)
    #: False when no zone was found on an approximate frontier: one may still exist
    certain: bool = True


@dataclass(frozen=True)
class Analysis:
    """Everything `dragoman analyze` reports about a scenario."""

    title: str
    parties: list[str]
    reservation_values: dict[str, float]
    outcome_count: int
    feasible_count: int
    frontier: list[int]
    frontier_utilities: list[list[float]]
    solutions: dict[str, SolutionPoint]
    zopa: ZopaReport
    reference_frontier_count: int  # frontier ignoring red lines, for context
    reference_frontier: list[int]  # its outcome indices
    reference_solutions: dict[str, SolutionPoint]
    method: str = "enumeration"  # how the frontier was found
    exact: bool = True  # False when a time limit or a heuristic may have missed frontier points
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (infinities become None)."""
        return plain(asdict(self))  # type: ignore[no-any-return]


def plain(value: Any) -> Any:
    """`value` with enums as their values, tuples as lists and non-finite floats as None."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value

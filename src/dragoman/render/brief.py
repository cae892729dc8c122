"""A party's brief as plain data for pages: its issues, weights, how it values each, its red
lines, reservation value and discount factor. Built from one party's preferences only, so a
seat's page can be given nothing but its own (the debrief builds every party's)."""

from __future__ import annotations

from dataclasses import dataclass, field

from dragoman.model.kinds import PreferencesBase
from dragoman.model.outcomes import OutcomeSpace

__all__ = ["Brief", "IssueBrief", "brief_of"]


@dataclass(frozen=True)
class IssueBrief:
    """One issue as a party sees it."""

    name: str
    description: str
    values: list[str]  # the issue's value labels, in order
    weight: float | None  # None: the kind has no issue weights
    valuation: str  # how the party values it, in words
    red_line: str | None  # the party's red line on it, in words
    allowed: list[bool] = field(default_factory=list)  # per value: inside the red lines


@dataclass(frozen=True)
class Brief:
    """A party's private brief."""

    party: str
    summary: str  # the preferences in a sentence
    issues: list[IssueBrief]
    reservation_value: float
    discount_factor: float
    red_lines: list[str]  # every red line, with its note, in words


def brief_of(party: str, preferences: PreferencesBase, space: OutcomeSpace) -> Brief:
    """The brief of `party`, from its own preferences over `space`."""
    red: dict[str, list[str]] = {}
    allowed: dict[str, list[bool]] = {}
    for line in preferences.red_lines:
        red.setdefault(line.issue, []).append(line.describe())
        issue = space.issues[space.issue_position(line.issue)]
        mask = line.mask(issue).tolist()
        before = allowed.get(line.issue, [True] * issue.cardinality)
        allowed[line.issue] = [a and b for a, b in zip(before, mask, strict=True)]
    issues = [
        IssueBrief(
            name=issue.name,
            description=issue.description or "",
            values=list(issue.labels),
            weight=preferences.issue_weight(issue),
            valuation=preferences.describe_issue(issue) or "-",
            red_line="; ".join(red[issue.name]) if issue.name in red else None,
            allowed=allowed.get(issue.name, [True] * issue.cardinality),
        )
        for issue in space.issues
    ]
    lines = [r.describe() + (f" ({r.note})" if r.note else "") for r in preferences.red_lines]
    return Brief(
        party=party,
        summary=preferences.describe(),
        issues=issues,
        reservation_value=preferences.reservation_value,
        discount_factor=preferences.discount_factor,
        red_lines=lines,
    )

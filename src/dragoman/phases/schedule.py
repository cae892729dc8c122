"""The schedule of a phased agreement: the scenario's phases with the agreed numbers filled in.

`build_schedule(scenario, outcome)` evaluates every formula of the `phases:` section at the agreed
issue values: each phase's length, how its exchanges are batched, who moves first in each batch,
and every commitment in words ("release of 35 hostages"). Phases run in order; each starts once
the previous one is completed (and verified, if it names monitors).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from dragoman._words import noun, number
from dragoman.errors import Problem, ScenarioError
from dragoman.model.formula import FormulaError, IssueValue, parse_formula, value_at

if TYPE_CHECKING:
    from dragoman.model.phases import Commitment, Phase
    from dragoman.model.scenario import Scenario

__all__ = [
    "CommitmentPlan",
    "PhasePlan",
    "Schedule",
    "build_schedule",
    "evaluate_number",
    "format_amount",
    "issue_values",
    "whole_weeks",
]

#: The longest phase a schedule accepts (ten years): beyond it the model is meaningless.
MAX_PHASE_WEEKS = 520


@dataclass(frozen=True)
class CommitmentPlan:
    """A commitment with its agreed amount: who does what, in words."""

    party: str
    action: str
    amount: float | str | None  # a number, a categorical option's text, or None
    words: str


@dataclass(frozen=True)
class PhasePlan:
    """One phase of the schedule, with its length and batches evaluated."""

    name: str
    weeks: float | None  # None only in scenarios without an implementation section
    batches: int
    weekly: bool  # batches follow the length (one a week)
    description: str
    commitments: tuple[CommitmentPlan, ...]
    movers: tuple[str, ...]  # negotiating parties, in the order they act in each batch
    verified_by: tuple[str, ...]
    preconditions: tuple[str, ...]  # in words, the previous phase's completion first

    @property
    def whole_weeks(self) -> int:
        """The weeks the simulation gives the phase: its length rounded up, at least 1."""
        return whole_weeks(self.weeks)

    @property
    def summary(self) -> str:
        """The phase in one line, e.g. "Phase 1 (6 weeks): ceasefire; release of 35 hostages"."""
        words = list(dict.fromkeys(c.words for c in self.commitments))
        head = ", ".join(filter(None, (_weeks_text(self.weeks), self._batches_text())))
        title = f"{self.name} ({head})" if head else self.name
        return f"{title}: {'; '.join(words) or self.description or 'no commitments'}"

    def _batches_text(self) -> str:
        if self.batches == 1:
            return ""
        return f"in {self.batches} {'weekly ' if self.weekly else ''}batches"


@dataclass(frozen=True)
class Schedule:
    """A phased agreement: the agreed outcome and its phases in order."""

    outcome: dict[str, str]  # issue -> agreed value
    parties: tuple[str, ...]  # the negotiating parties
    phases: tuple[PhasePlan, ...]

    def lines(self) -> list[str]:
        """Each phase in words, then its commitments by party and its preconditions."""
        out = []
        for phase in self.phases:
            out.append(phase.summary)
            out.extend(f"  {c.party}: {c.words}" for c in phase.commitments)
            out.extend(f"  starts when: {p}" for p in phase.preconditions)
        return out

    def with_phase(
        self, k: int, *, weeks: float | None = None, batches: int | Literal["weekly"] | None = None
    ) -> Schedule:
        """A variant with phase `k` lasting `weeks` and/or split into `batches` (a weekly phase
        keeps one batch a week when only its length changes)."""
        plan = self.phases[k]
        new_weeks = plan.weeks if weeks is None else weeks
        weekly = plan.weekly if batches is None else batches == "weekly"
        count = plan.batches if batches is None or batches == "weekly" else batches
        if weekly:
            count = whole_weeks(new_weeks)
        plan = replace(plan, weeks=new_weeks, batches=count, weekly=weekly)
        return replace(self, phases=(*self.phases[:k], plan, *self.phases[k + 1 :]))


def issue_values(scenario: Scenario, outcome: Mapping[str, str]) -> dict[str, IssueValue]:
    """The agreed value of every issue as formulas see it (numbers; positions and texts)."""
    return {i.name: value_at(i, i.index_of(outcome[i.name])) for i in scenario.issues}


def build_schedule(scenario: Scenario, outcome: Mapping[str, str]) -> Schedule:
    """The scenario's phases with every formula evaluated at the agreed `outcome`."""
    values = issue_values(scenario, outcome)
    plans = []
    for k, phase in enumerate(scenario.phases):
        previous = scenario.phases[k - 1] if k else None
        plans.append(_plan(scenario, k, phase, previous, values))
    parties = tuple(p.name for p in scenario.negotiators)
    return Schedule(dict(outcome), parties, tuple(plans))


def _plan(
    scenario: Scenario,
    k: int,
    phase: Phase,
    previous: Phase | None,
    values: dict[str, IssueValue],
) -> PhasePlan:
    weeks = None
    if phase.duration_weeks is not None:
        path = f"phases[{k}].duration_weeks"
        weeks = evaluate_number(phase.duration_weeks, values, path)
        if not 0 < weeks <= MAX_PHASE_WEEKS:
            raise ScenarioError(
                [
                    Problem(
                        f"a phase must last more than 0 and at most {MAX_PHASE_WEEKS} weeks "
                        f"(got {number(weeks)})",
                        path,
                    )
                ]
            )
    weekly = phase.batches == "weekly"
    batches = whole_weeks(weeks) if weekly else int(phase.batches)
    commitments = tuple(
        _commitment(c, values, f"phases[{k}].commitments[{j}]")
        for j, c in enumerate(phase.commitments)
    )
    return PhasePlan(
        name=phase.name,
        weeks=weeks,
        batches=batches,
        weekly=weekly,
        description=phase.description,
        commitments=commitments,
        movers=_movers(scenario, phase),
        verified_by=phase.verified_by,
        preconditions=(*_after(previous), *phase.preconditions),
    )


def _after(previous: Phase | None) -> tuple[str, ...]:
    if previous is None:
        return ()
    monitors = _join(previous.verified_by)
    return (f"{previous.name} completed" + (f", verified by {monitors}" if monitors else ""),)


def _movers(scenario: Scenario, phase: Phase) -> tuple[str, ...]:
    """Negotiating parties in the order they first appear among the phase's commitments, then
    the others in file order: every party can break a ceasefire, listed commitments or not."""
    parties = [p.name for p in scenario.negotiators]
    first = [c.party for c in phase.commitments if c.party in parties]
    return tuple(dict.fromkeys([*first, *parties]))


def _commitment(c: Commitment, values: dict[str, IssueValue], path: str) -> CommitmentPlan:
    amount: float | str | None = None
    if c.amount != "":
        try:
            amount = parse_formula(c.amount, values).evaluate(values)
        except FormulaError as exc:
            raise ScenarioError([Problem(str(exc), f"{path}.amount")]) from None
    shown = "" if amount is None else format_amount(amount)
    default = f"{c.action}: {shown}" if shown else c.action
    words = c.text.format(amount=shown) if c.text else default
    return CommitmentPlan(c.party, c.action, amount, words)


def evaluate_number(value: float | str, values: Mapping[str, IssueValue], path: str) -> float:
    """A number, or a formula's value at the agreed issue values; ScenarioError with `path`."""
    try:
        return parse_formula(value, values).number(values)
    except FormulaError as exc:
        raise ScenarioError([Problem(str(exc), path)]) from None


def whole_weeks(weeks: float | None) -> int:
    """A length in whole weeks: rounded up, at least 1 (None counts as 1)."""
    return max(1, math.ceil((weeks or 1.0) - 1e-9))


def format_amount(amount: float | str) -> str:
    """An amount in words: 1750.0 -> "1,750", 7.5 -> "7.5", 100 / 3 -> "33.33…" (visibly
    abbreviated), a text unchanged."""
    if isinstance(amount, str):
        return amount
    if abs(amount - round(amount)) < 1e-9:
        return f"{round(amount):,}"
    text = f"{amount:,.2f}".rstrip("0").rstrip(".")
    return text if float(text.replace(",", "")) == amount else f"{amount:,.2f}…"


def _weeks_text(weeks: float | None) -> str:
    if weeks is None:
        return ""
    return f"{format_amount(weeks)} {noun(weeks, 'week')}"


def _join(names: tuple[str, ...]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"

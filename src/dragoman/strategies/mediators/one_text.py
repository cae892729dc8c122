"""Camp David one-text mediator (Fisher's single negotiating text, as used at Camp David in
1978; Raiffa 1982, "The Art and Science of Negotiation", ch. 14): the mediator drafts a neutral
text, collects each party's criticism (the one change it would most like; in shuttle talks,
its latest proposal), and revises the draft; repeat until every party accepts.

What we changed, and why. The first version drafted every issue at its middle value (which may
breach a red line), moved an issue one position at a time and only where no one pulled the
other way: opposite pulls froze an issue, steps of one position stalled on wide issues, and a
vote against any revision kept the draft where it was. Now the draft and every revision stay
inside the red lines the parties reported; each criticism proposes moves on its issue toward
what was asked (all the way, half way, or one step); with every party's report the mediator
revises to the move that most raises the Nash product of the reported gains, and adopts it
against the votes of those the reports say it costs (the mediator owns the text, as at Camp
David; a vote against from a party the reports said gains is respected). A party's own critique
may ask for what another's red line rules out, so the mediator also reads from each report the
changes that party would ask for next, and weighs packages (a concession to each of two sides
on different issues), which single moves toward one side cannot reach. A draft that leaves a
party at the least it can get is never accepted in time: from there the revisions weigh gains
over those least utilities. Without reports it moves each issue half way toward the criticism
where no one pulls the other way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

import numpy as np

from dragoman._arrays import BoolArray, Digits
from dragoman.model.outcomes import OutcomeSpace
from dragoman.negotiation.strategy import Mediator
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.mediators._hearing import Hearing
from dragoman.strategies.mediators._texts import (
    Yardstick,
    adopts,
    climb,
    limits,
    neutral_text,
    one_issue_changes,
)
from dragoman.strategies.registry import register
from dragoman.utility.masks import passes

__all__ = ["OneText"]

#: The newest positions per party (proposals, critiques) the revisions move toward.
POSITIONS = 8
#: One-issue changes per party the mediator reads from its report as criticism to come.
WISHES = 3


@register
class OneText(Mediator):
    """Draft, collect criticism, revise toward it where the reports say it is fairer."""

    name: ClassVar[str] = "one-text"
    traits: ClassVar[Traits] = {
        "family": Family.SINGLE_TEXT,
        "source": "Raiffa 1982",
        "stochastic": False,
    }

    def __init__(self) -> None:
        self._draft: int | None = None
        self._pending: int | None = None  # a revision not yet voted on
        self._hearing = Hearing()
        self._floored = False  # climbing gains over the least each party can get

    def compose(self, view: SeatView) -> int | None:
        space = view.public.outcome_space
        if self._pending is not None:  # nobody voted (shuttle): the revision stands
            self._draft, self._pending = self._pending, None
        heard = self._hearing.read(view)
        allowed = limits(heard)
        draft = None if self._draft is None else space.digits(np.array([self._draft]))[0]
        if draft is None or not bool(passes(draft[None, :], allowed)[0]):
            self._draft = int(space.index(neutral_text(allowed)))
            return self._draft
        taken = heard.positions(POSITIONS)
        wanted = {p: space.digits(np.array(texts)) for p, texts in taken.items()}
        yardstick = Yardstick.of(heard, self._floored)
        revised, self._floored = _revision(space, draft, wanted, allowed, yardstick)
        self._pending = revised
        return self._draft if revised is None else revised

    def adopt(
        self, view: SeatView, current: int | None, candidate: int, approvals: Mapping[str, bool]
    ) -> bool:
        heard = self._hearing.read(view)
        adopted = adopts(heard, current, candidate, approvals, self._floored)
        self._draft = candidate if adopted else current
        self._pending = None
        return adopted


def _revision(
    space: OutcomeSpace,
    draft: Digits,
    wanted: Mapping[str, Digits],
    allowed: tuple[BoolArray, ...],
    yardstick: Yardstick | None,
) -> tuple[int | None, bool]:
    """The revised draft (None: keep the draft), and whether the revisions now weigh gains
    over the least each party can get (`climb`)."""
    if yardstick is None:
        latest = [texts[0] for texts in wanted.values() if texts.shape[0]]
        revised = _halfway(draft, latest, allowed)
        same = np.array_equal(revised, draft)
        return None if same else int(space.index(revised)), False
    asked = dict(wanted)
    for p, wishes in _anticipated(yardstick, draft, allowed).items():
        asked[p] = np.concatenate([asked[p], wishes]) if p in asked else wishes
    moves = _revisions_toward(space, draft, asked, allowed)
    k, floored = climb(yardstick, draft, moves)
    return None if k is None else int(space.index(moves[k])), floored


def _anticipated(
    yardstick: Yardstick, draft: Digits, allowed: tuple[BoolArray, ...]
) -> dict[str, Digits]:
    """The criticism each party's report predicts within the limits: its `WISHES` most
    valued one-issue changes (a party's own critique may ask for what another's red line
    rules out; the mediator reads its interests from the report instead)."""
    changes = one_issue_changes(draft, allowed)
    gains = yardstick.gains(changes) - yardstick.gains(draft[None, :])
    wishes = {}
    for k, party in enumerate(yardstick.parties):
        order = np.argsort(-gains[k], kind="stable")[:WISHES]
        wishes[party] = changes[order[gains[k][order] > 0]]
    return wishes


def _revisions_toward(
    space: OutcomeSpace,
    draft: Digits,
    wanted: Mapping[str, Digits],
    allowed: tuple[BoolArray, ...],
) -> Digits:
    """Revisions of the draft toward the criticism: each one-issue move toward a position a
    party took, and each package of two such moves toward two parties (a concession to each
    side on a different issue)."""
    singles = {p: _steps_toward(space, draft, texts, allowed) for p, texts in wanted.items()}
    rows = [
        draft + np.eye(draft.size, dtype=np.int16)[i] * (v - draft[i])
        for steps in singles.values()
        for i, v in steps
    ]
    parties = list(singles)
    for a, first in enumerate(parties):
        for second in parties[a + 1 :]:
            for i, v in singles[first]:
                for j, w in singles[second]:
                    if i != j:
                        row = draft.copy()
                        row[i], row[j] = v, w
                        rows.append(row)
    return np.array(rows, dtype=np.int16).reshape(-1, draft.size)


def _steps_toward(
    space: OutcomeSpace, draft: Digits, texts: Digits, allowed: tuple[BoolArray, ...]
) -> set[tuple[int, int]]:
    """(issue, value) moves of the draft toward each text: all the way, half way and one step
    on ordered and numeric issues, all the way on unordered ones; within `allowed`."""
    steps = set()
    for target in texts:
        for i in np.flatnonzero(target != draft):
            now, goal = int(draft[i]), int(target[i])
            issue = space.issues[i]
            values = {goal}
            if issue.is_numeric or getattr(issue, "ordered", False):
                sign = 1 if goal > now else -1
                values |= {now + sign * ((abs(goal - now) + 1) // 2), now + sign}
            steps |= {(int(i), v) for v in values if allowed[i][v]}
    return steps


def _halfway(draft: Digits, wanted: Sequence[Digits], allowed: tuple[BoolArray, ...]) -> Digits:
    """Raiffa's revision without reports: each issue half way (at least one step) toward the
    criticism where no one pulls the other way, kept within `allowed`."""
    if not wanted:
        return draft
    pulls = np.stack(wanted).astype(np.int64) - draft.astype(np.int64)
    up, down = (pulls > 0).any(axis=0), (pulls < 0).any(axis=0)
    one_way = up ^ down
    size = np.where(up, pulls.max(axis=0), pulls.min(axis=0))
    step = np.where(one_way, np.sign(size) * np.maximum(1, np.abs(size) // 2), 0)
    revised = draft.astype(np.int64) + step
    for i, mask in enumerate(allowed):
        if not mask[revised[i]]:
            revised[i] = draft[i]
    return revised.astype(np.int16)

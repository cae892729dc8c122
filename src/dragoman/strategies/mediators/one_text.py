"""Camp David one-text mediator (Fisher's single negotiating text, as used at Camp David in
1978; Raiffa 1982, "The Art and Science of Negotiation", ch. 14): the mediator drafts a neutral
text, collects each party's criticism (the one change it would most like), and revises the
draft, moving an issue one step toward what was asked only when no other party asked for the
opposite; repeat until every party accepts."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from dragoman.negotiation.events import EventKind
from dragoman.negotiation.strategy import Mediator
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.registry import register

__all__ = ["OneText"]


@register
class OneText(Mediator):
    """Draft, collect criticism, revise one step at a time where no one objects."""

    name: ClassVar[str] = "one-text"
    traits: ClassVar[Traits] = {
        "family": Family.SINGLE_TEXT,
        "source": "Raiffa 1982",
        "stochastic": False,
    }

    def __init__(self) -> None:
        self._draft: int | None = None
        self._read = 0  # inbox position up to which criticism has been used

    def compose(self, view: SeatView) -> int | None:
        space = view.public.outcome_space
        if self._draft is None:
            self._draft = int(space.index((space.radices - 1) // 2))
            return self._draft
        inbox = view.inbox
        criticism = [e for e in inbox[self._read :] if e.kind == EventKind.CRITIQUE]
        self._read = len(inbox)
        if not criticism:
            return self._draft
        digits = space.digits(np.array([self._draft]))[0].astype(np.int64)
        pulls = np.zeros((len(criticism), len(space.issues)), dtype=np.int64)
        for k, event in enumerate(criticism):
            assert event.outcome is not None
            wanted = space.digits(np.array([event.outcome]))[0].astype(np.int64)
            pulls[k] = np.sign(wanted - digits)
        up, down = (pulls > 0).any(axis=0), (pulls < 0).any(axis=0)
        step = np.where(up & ~down, 1, np.where(down & ~up, -1, 0))
        revised = np.clip(digits + step, 0, space.radices - 1)
        self._draft = int(space.index(revised))
        return self._draft

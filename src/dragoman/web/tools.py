"""A seat's tools, on its own view only: the utility calculator (an outcome's utility and the
red lines it breaches) and, for a mediator, a suggestion from an automated mediator strategy
(a fresh registered mediator's `compose` on the mediator's own view)."""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel

from dragoman.errors import DragomanError
from dragoman.negotiation.view import SeatView
from dragoman.strategies.registry import make_mediator, mediator_names

__all__ = ["Evaluation", "Suggestion", "evaluate", "suggest"]

Value = str | int | float


class Evaluation(BaseModel):
    """An outcome valued by the seat: its utility, and the seat's red lines it breaches."""

    utility: float
    reservation_value: float
    acceptable: bool  # inside every one of the seat's red lines
    breaches: list[str]


class Suggestion(BaseModel):
    """What an automated mediator would put forward now (None: it would relay)."""

    strategy: str
    outcome: dict[str, Value] | None
    outcome_text: dict[str, str] | None


def evaluate(view: SeatView, outcome: int) -> Evaluation:
    """The seat's utility of `outcome` and the red lines it breaches (parties only)."""
    if view.utility is None:
        raise DragomanError("a mediator has no utility to compute")
    space = view.public.outcome_space
    values = space.values(outcome)
    prefs = view.utility.preferences
    breaches = []
    for line in prefs.red_lines:
        issue = space.issues[space.issue_position(line.issue)]
        if not bool(line.mask(issue)[issue.index_of(values[line.issue])]):
            breaches.append(line.describe())
    return Evaluation(
        utility=view.my_utility(outcome),
        reservation_value=prefs.reservation_value,
        acceptable=not breaches,
        breaches=breaches,
    )


def suggest(view: SeatView, strategy: str) -> Suggestion:
    """A registered mediator's text for this mediator's view, now; the session is untouched
    (the strategy is a fresh instance with its own generator)."""
    if view.role != "mediator":
        raise DragomanError("only a mediator can ask for a suggestion")
    if strategy not in mediator_names():
        raise DragomanError(f"no mediator strategy {strategy!r} ({', '.join(mediator_names())})")
    mediator = make_mediator(strategy)
    mediator.setup(view, np.random.default_rng(0))
    text = mediator.compose(view)
    space = view.public.outcome_space
    return Suggestion(
        strategy=strategy,
        outcome=None if text is None else space.values(text),
        outcome_text=None if text is None else space.describe(text),
    )

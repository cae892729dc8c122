"""What a party should know before it accepts an outcome: that it is worth no more than no deal
(its reservation value), or that it breaches one of its own red lines. Front ends ask for a
confirmation when there is any; agents decide for themselves."""

from __future__ import annotations

from dragoman._words import shown
from dragoman.negotiation.view import SeatView

__all__ = ["acceptance_cautions"]


def acceptance_cautions(view: SeatView, outcome: int) -> list[str]:
    """Each reason, in words, why accepting `outcome` may be against the seat's own interest
    (empty for a mediator, or an outcome above its reservation value and inside its red lines)."""
    utility = view.utility
    if utility is None:
        return []
    cautions = []
    worth, rv = view.my_utility(outcome), utility.reservation_value
    if worth <= rv + 1e-12:
        cautions.append(
            f"it is worth {shown(worth)} to you, at or below your reservation value {shown(rv)}: "
            "no deal would serve you as well"
        )
    space = view.public.outcome_space
    digits = space.digits([outcome])[0]
    for red_line in utility.preferences.red_lines:
        position = space.issue_position(red_line.issue)
        if not red_line.mask(space.issues[position])[digits[position]]:
            cautions.append(f"it breaches your red line {red_line.describe()}")
    return cautions

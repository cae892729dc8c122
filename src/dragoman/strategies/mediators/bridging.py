"""Bridging mediator: searches texts "between" the parties' latest proposals, issue by issue
(for ordered and numeric issues every value between the proposals, for unordered ones the
proposed values), and proposes the one with the largest product of reported gains, or, without
reports, the most balanced one. A formal version of the mediators' "bridging proposal" (e.g. the
US text tabled in Doha in August 2024; Pruitt 1981 on bridging solutions)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import numpy.typing as npt

from dragoman.model.outcomes import OutcomeSpace
from dragoman.negotiation.strategy import Mediator
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.mediators._hearing import latest_offers, reported_utilities
from dragoman.strategies.registry import register
from dragoman.utility.masks import product_mask

__all__ = ["Bridging"]


@register
class Bridging(Mediator):
    """Propose the best text inside the box spanned by the parties' latest proposals."""

    name: ClassVar[str] = "bridging"
    traits: ClassVar[Traits] = {
        "family": Family.BRIDGING,
        "source": "Pruitt 1981",
        "stochastic": False,
    }

    def compose(self, view: SeatView) -> int | None:
        offers = latest_offers(view)
        space = view.public.outcome_space
        if len(offers) < 2:
            return _middle(space)
        box = np.flatnonzero(_between(space, list(offers.values())))
        utilities = reported_utilities(view)
        if len(utilities) == len(view.public.parties):
            gains = np.stack([u.table[box] - u.reservation_value for u in utilities.values()])
            inside = np.all(np.stack([u.acceptable(box) for u in utilities.values()]), axis=0)
            score = np.where(
                inside & np.all(gains >= 0, axis=0), np.prod(np.clip(gains, 0, None), axis=0), -1.0
            )
            score = score + 1e-9 * gains.sum(axis=0)
        else:
            score = -_imbalance(space, box, list(offers.values()))
        return int(box[int(np.argmax(score))])


def _between(space: OutcomeSpace, offers: list[int]) -> npt.NDArray[np.bool_]:
    """Whole-space mask of outcomes whose every issue value lies between the offers' values."""
    digits = space.digits(np.array(offers))
    allowed = []
    for i, issue in enumerate(space.issues):
        mask = np.zeros(issue.cardinality, dtype=bool)
        values = digits[:, i]
        if issue.is_numeric or getattr(issue, "ordered", False):
            mask[int(values.min()) : int(values.max()) + 1] = True
        else:
            mask[values] = True
        allowed.append(mask)
    return product_mask(allowed)


def _imbalance(
    space: OutcomeSpace, box: npt.NDArray[np.int64], offers: list[int]
) -> npt.NDArray[np.float64]:
    """How unevenly each text's distance (in issue positions) is shared between the offers."""
    digits = space.digits(box).astype(np.float64)
    scale = np.maximum(space.radices - 1, 1).astype(np.float64)
    distances = [
        np.abs(digits - space.digits(np.array([o]))[0]).__truediv__(scale).sum(axis=1)
        for o in offers
    ]
    d = np.stack(distances)
    return np.asarray(d.max(axis=0) - d.min(axis=0) + 1e-3 * d.sum(axis=0))


def _middle(space: OutcomeSpace) -> int:
    """The outcome with every issue at its middle value: a neutral first draft."""
    return int(space.index((space.radices - 1) // 2))

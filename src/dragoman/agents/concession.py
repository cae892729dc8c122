"""Building blocks shared by strategies: aspiration curves, picking an outcome at a target
utility, and acceptance rules. Small named functions, composed by the strategies."""

from __future__ import annotations

import numpy as np

from dragoman.preferences import LinearAdditiveUtility
from dragoman.protocols.events import EventKind, Response
from dragoman.protocols.view import SeatView

__all__ = [
    "ac_next",
    "aspiration",
    "is_acceptable",
    "opponent_offers",
    "outcome_at",
    "own_utility",
    "rational_count",
    "utility_bounds",
]


def own_utility(view: SeatView) -> LinearAdditiveUtility:
    """The seat's own compiled preferences (a party's view always has them)."""
    if view.utility is None:
        raise TypeError(f"{view.seat} has no preferences: only parties negotiate for themselves")
    return view.utility


def rational_count(view: SeatView) -> int:
    """How many outcomes inside the red lines are worth at least the RV: a prefix of the
    ranking (which is best first), found by bisection."""
    utility = own_utility(view)
    _, utilities = utility.ranking
    return int(np.searchsorted(-utilities, -utility.reservation_value, side="right"))


def is_acceptable(view: SeatView, offer: int) -> bool:
    """Whether `offer` respects the party's red lines and is worth at least its RV."""
    utility = own_utility(view)
    inside = bool(utility.acceptable(np.array([offer]))[0])
    return inside and float(utility.table[offer]) >= utility.reservation_value


def ac_next(view: SeatView, offer: int, next_offer: int) -> Response:
    """AC_next (Baarslag et al. 2014): accept an acceptable offer at least as good as the
    outcome the party would offer next."""
    good = view.my_utility(offer) >= view.my_utility(next_offer)
    return Response.ACCEPT if good and is_acceptable(view, offer) else Response.REJECT


def opponent_offers(view: SeatView) -> list[int]:
    """Offers received from the sender of the latest offer, oldest first (bilateral: the
    opponent's; multilateral: the party heard last)."""
    last = view.last(EventKind.OFFER)
    return [] if last is None else view.received_outcomes(EventKind.OFFER, last.sender)


def aspiration(time: float, exponent: float, best: float, worst: float) -> float:
    """Faratin et al. (1998) polynomial concession: best - (best - worst) * t**(1/e).

    e < 1 concedes late (Boulware), e = 1 linearly, e > 1 early (Conceder).
    """
    t = min(1.0, max(0.0, time))
    return float(best - (best - worst) * t ** (1.0 / exponent))


def utility_bounds(view: SeatView) -> tuple[float, float]:
    """The best utility inside the party's red lines and the worst it will settle for (its RV,
    or the worst acceptable outcome if that is higher)."""
    assert view.utility is not None
    _, utilities = view.utility.ranking
    if utilities.size == 0:
        return view.utility.reservation_value, view.utility.reservation_value
    best = float(utilities[0])
    worst = max(view.utility.reservation_value, float(utilities[-1]))
    return best, min(best, worst)


def outcome_at(view: SeatView, target: float) -> int:
    """The acceptable outcome whose utility is closest to `target` from above (or the best)."""
    assert view.utility is not None
    ranked, utilities = view.utility.ranking
    # utilities are sorted descending: count those >= target, take the last of them
    # a target a rounding error above a utility still reaches that utility
    k = int(np.searchsorted(-utilities, -(target - 1e-12), side="right"))
    return int(ranked[max(0, k - 1)])

"""Building blocks shared by strategies: aspiration curves, picking an outcome at a target
utility, and acceptance rules. Small named functions, composed by the strategies."""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np

from dragoman._derived import derived
from dragoman.negotiation.events import EventKind, Response
from dragoman.negotiation.view import SeatView
from dragoman.utility.compiled_utility import CompiledUtility

__all__ = [
    "Remembered",
    "ac_next",
    "admissible_of",
    "aspiration",
    "concession_schedule",
    "is_acceptable",
    "opponent_offers",
    "outcome_at",
    "outcomes_at",
    "own_utility",
    "rational_count",
    "remembered_outcomes_at",
    "utility_bounds",
    "utility_of",
]


def own_utility(view: SeatView) -> CompiledUtility:
    """The seat's own compiled preferences (a party's view always has them)."""
    if view.utility is None:
        raise TypeError(f"{view.seat} has no preferences: only parties negotiate for themselves")
    return view.utility


def rational_count(view: SeatView) -> int:
    """How many outcomes inside the red lines are worth at least the RV: a prefix of the
    ranking (which is best first), found by bisection."""
    utility = own_utility(view)
    _, utilities = utility.ranking
    return _count_at_least(utilities, utility.reservation_value)


def is_acceptable(view: SeatView, offer: int) -> bool:
    """Whether `offer` respects the party's red lines and is worth at least its RV."""
    utility = own_utility(view)
    return bool(utility.inside[offer]) and float(utility.table[offer]) >= utility.reservation_value


def ac_next(view: SeatView, offer: int, next_offer: int) -> Response:
    """AC_next (Baarslag et al. 2014): accept an acceptable offer at least as good as the
    outcome the party would offer next."""
    utility = own_utility(view)
    value, admissible = utility_of(utility), admissible_of(utility)
    good = value[offer] >= value[next_offer]
    acceptable = admissible[offer] >= utility.reservation_value  # NaN outside the red lines
    return Response.ACCEPT if good and acceptable else Response.REJECT


def opponent_offers(view: SeatView) -> list[int]:
    """Offers received from the sender of the latest offer, oldest first (bilateral: the
    opponent's; multilateral: the party heard last); in mediated talks, where no party's offer
    reaches another, the texts and relays put to this party (`SeatView.proposals`)."""
    last = view.last(EventKind.OFFER)
    if last is None:
        return view.proposals()
    return view.received_outcomes(EventKind.OFFER, last.sender)


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
    # utilities are sorted descending: count those >= target, take the last of them;
    # a target a rounding error above a utility still reaches that utility
    k = _count_at_least(utilities, target - 1e-12)
    return int(ranked[max(0, k - 1)])


def concession_schedule(
    view: SeatView, exponent: float
) -> tuple[tuple[float, ...], tuple[int, ...]]:
    """Aspiration and offer at every step 0..budget of the session, computed at once.

    The same values `aspiration` and `outcome_at` give step by step, for agents whose target
    depends on time alone: their per-step work becomes a look-up. Cached per (utility,
    exponent, budget), so a tournament replaying a scenario computes each schedule once.
    """
    utility = own_utility(view)
    best, worst = utility_bounds(view)
    key = (float(exponent), max(1, view.total_steps), best, worst)
    cache = _SCHEDULES.setdefault(utility, {})
    if key not in cache:
        cache[key] = _schedule(utility, *key)
    return cache[key]


Schedule = tuple[tuple[float, ...], tuple[int, ...]]
#: Schedules per compiled utility; entries go when the utility (its scenario) does.
_SCHEDULES: weakref.WeakKeyDictionary[
    CompiledUtility, dict[tuple[float, int, float, float], Schedule]
]
_SCHEDULES = weakref.WeakKeyDictionary()


def _schedule(
    utility: CompiledUtility, exponent: float, budget: int, best: float, worst: float
) -> Schedule:
    t = np.minimum(1.0, np.arange(budget + 1) / budget)
    targets = best - (best - worst) * t ** (1.0 / exponent)
    if utility.ranking[1].size == 0:
        return tuple(targets.tolist()), (0,) * (budget + 1)
    return tuple(targets.tolist()), tuple(outcomes_at(utility, targets).tolist())


def outcomes_at(utility: CompiledUtility, targets: np.ndarray) -> np.ndarray:
    """`outcome_at` for an array of targets: for each, the acceptable outcome whose utility is
    closest from above (or the best)."""
    ranked, utilities = utility.ranking
    k = utilities.size - utilities[::-1].searchsorted(targets - 1e-12, side="left")
    return np.asarray(ranked[np.maximum(0, k - 1)])  # object ids on huge spaces


def _count_at_least(descending: np.ndarray, value: float) -> int:
    """How many entries of a descending array are >= value (bisection on a reversed view)."""
    return int(descending.size - descending[::-1].searchsorted(value, side="left"))


#: How many keys a `Remembered` keeps before it starts afresh.
_REMEMBERED = 1 << 16


class Remembered(dict[Any, Any]):
    """A dict that finds a missing key's value with `find` and keeps it: a look-up seen before
    costs one dict access (no numpy call). Up to `_REMEMBERED` keys, then it starts afresh."""

    __slots__ = ("_find",)

    def __init__(self, find: Callable[[Any], Any]) -> None:
        super().__init__()
        self._find = find

    def __missing__(self, key: Any) -> Any:
        value = self._find(key)
        if len(self) >= _REMEMBERED:
            self.clear()
        self[key] = value
        return value


def _remembered(
    utility: CompiledUtility, key: Hashable, find: Callable[[CompiledUtility, Any], Any]
) -> Remembered:
    """One look-up of `utility`, remembered for as long as the utility lives (strategies ask
    about the same few outcomes turn after turn, negotiation after negotiation)."""
    return derived(utility, key, _new_remembered, utility, find)


def _new_remembered(
    utility: CompiledUtility, find: Callable[[CompiledUtility, Any], Any]
) -> Remembered:
    ref = weakref.ref(utility)  # not the utility itself: the cache must not keep it alive
    return Remembered(lambda key: find(ref(), key))  # type: ignore[arg-type]


def utility_of(utility: CompiledUtility) -> Remembered:
    """outcome -> its (undiscounted) utility, `float(utility.table[outcome])`, remembered."""
    return _remembered(utility, _UTILITY, _utility)


def admissible_of(utility: CompiledUtility) -> Remembered:
    """outcome -> its utility if inside the red lines, else NaN (which no threshold reaches),
    remembered: `admissible[o] >= t` is `bool(inside[o]) and float(table[o]) >= t`."""
    return _remembered(utility, _ADMISSIBLE, _admissible)


def ranked_of(utility: CompiledUtility) -> tuple[Remembered, Remembered]:
    """k -> the k-th outcome of the ranking (best first) and k -> its utility, remembered (a
    strategy walking down the ranking reads the same few ranks turn after turn)."""
    return _remembered(utility, _RANKED, _ranked), _remembered(utility, _RANKED_UTILITY, _ranked_u)


_UTILITY, _ADMISSIBLE, _OUTCOME_AT, _RANKED, _RANKED_UTILITY = (
    ("remembered", n) for n in ("utility", "admissible", "at", "ranked", "ranked utility")
)


def _ranked(utility: CompiledUtility, k: int) -> int:
    return int(utility.ranking[0][k])


def _ranked_u(utility: CompiledUtility, k: int) -> float:
    return float(utility.ranking[1][k])


def _utility(utility: CompiledUtility, outcome: int) -> float:
    return float(utility.table[outcome])


def _admissible(utility: CompiledUtility, outcome: int) -> float:
    return float(utility.table[outcome]) if bool(utility.inside[outcome]) else math.nan


def remembered_outcomes_at(utility: CompiledUtility) -> Remembered:
    """target -> `outcome_at` a view with `utility` gives for it, remembered."""
    return _remembered(utility, _OUTCOME_AT, _outcome_at)


def _outcome_at(utility: CompiledUtility, target: float) -> int:
    ranked, utilities = utility.ranking
    k = _count_at_least(utilities, target - 1e-12)
    return int(ranked[max(0, k - 1)])

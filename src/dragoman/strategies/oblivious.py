"""Oblivious agents: strategies whose every move depends only on the clock and their own
preferences, never on what they heard (time-based concession, the hard-liner, Rubinstein's
split). Each computes its whole play once, as a `Plan`; the session asks it step by step and
the batched engine (`dragoman.experiments.batched`) reads the same plan as arrays, so both run
one code path. Such a strategy declares `"oblivious": True` in its traits, which
`dragoman.testing.check_agent` holds against what it does.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from dragoman.negotiation.strategy import Agent, Response
from dragoman.negotiation.view import SeatView
from dragoman.strategies.concession import Remembered, admissible_of, own_utility
from dragoman.utility.compiled_utility import CompiledUtility

__all__ = ["ObliviousAgent", "Plan", "plays_its_plan"]


@dataclass(frozen=True)
class Plan:
    """An oblivious agent's whole play over a step budget: at step t it offers `offers[t]`,
    and accepts an offer o iff o is inside its red lines and its utility of o is at least
    `thresholds[t]` (which already includes the reservation value)."""

    offers: tuple[int, ...]  # (budget + 1,) outcome indices
    thresholds: tuple[float, ...]  # (budget + 1,) utilities

    @classmethod
    def of(cls, offers: object, thresholds: object, reservation_value: float) -> Plan:
        """A plan from per-step offers and targets (arrays or sequences), the targets raised
        to the reservation value (what `is_acceptable` demands as well)."""
        raised = np.maximum(np.asarray(thresholds, dtype=np.float64), reservation_value)
        return cls(tuple(int(o) for o in np.asarray(offers)), tuple(raised.tolist()))


class ObliviousAgent(Agent):
    """An agent playing its `Plan`: subclasses implement `make_plan` only."""

    _plan: Plan | None = None
    _planned_for: CompiledUtility | None = None  # the preferences `_plan` is for
    _plan_view: SeatView | None = None  # the view `_plan` was last asked for
    _admissible: Remembered | None = None  # of `_planned_for` (`admissible_of`)
    #: whether the class answers with ObliviousAgent's own `propose`, `respond` and `counter`
    #: (only then may the batched engine play its plan in its place)
    _reads_plan: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        base = ObliviousAgent
        answers = (cls.propose, cls.respond, cls.counter)
        cls._reads_plan = answers == (base.propose, base.respond, base.counter)

    def make_plan(self, view: SeatView) -> Plan:
        """The agent's play at every step 0..budget of a session seen through `view`."""
        raise NotImplementedError

    def plan(self, view: SeatView) -> Plan:
        """The plan for this seat's session (made at set-up, or now when used outside one).

        A plan depends only on the strategy, its parameters, the seat's compiled preferences
        and the budget, so it is made once per such key and shared (a tournament replaying a
        scenario plans each agent once); the instance keeps the last one with the preferences
        it is for, so an instance seated twice plays each seat's own."""
        if view is self._plan_view:  # a view's preferences and budget never change
            return self._plan  # type: ignore[return-value]
        plan, utility = self._plan, self._planned_for
        if (
            plan is None
            or utility is not view.utility
            or len(plan.offers) != max(1, view.total_steps) + 1
        ):
            key = (type(self), tuple(sorted(self.parameters().items())), view.total_steps)
            utility = own_utility(view)
            cache = _PLANS.setdefault(utility, {})
            if key not in cache:
                cache[key] = self.make_plan(view)
            plan, self._plan, self._planned_for = cache[key], cache[key], utility
        self._plan_view, self._admissible = view, admissible_of(utility)  # type: ignore[arg-type]
        return plan

    def setup(self, view: SeatView, rng: np.random.Generator) -> None:
        """Make the plan once: each step is then a look-up."""
        super().setup(view, rng)
        self._plan = self._plan_view = None
        self.plan(view)

    def propose(self, view: SeatView) -> int:
        plan = self.plan(view)
        return plan.offers[min(view.step, len(plan.offers) - 1)]

    def respond(self, view: SeatView, offer: int) -> Response:
        plan = self.plan(view)
        step = min(view.step, len(plan.offers) - 1)
        return Response.ACCEPT if self._accepts(plan, step, offer) else Response.REJECT

    def counter(self, view: SeatView, offer: int) -> Response | int:
        """One turn read off the plan: accept, or counter with the planned offer (through
        `respond` and `propose` where a subclass changes them)."""
        if not self._reads_plan:
            return super().counter(view, offer)
        plan = self._plan if view is self._plan_view else self.plan(view)
        assert plan is not None and self._admissible is not None
        offers = plan.offers
        step = min(view.step, len(offers) - 1)
        accepts = self._admissible[offer] >= plan.thresholds[step]  # `_accepts`, inline
        return Response.ACCEPT if accepts else offers[step]

    def _accepts(self, plan: Plan, step: int, offer: int) -> bool:
        """Whether the plan (just asked for) accepts `offer` at `step`: inside the red lines,
        at its threshold."""
        assert self._admissible is not None
        return bool(self._admissible[offer] >= plan.thresholds[step])


def plays_its_plan(cls: type) -> bool:
    """Whether the agent class answers every turn off its `Plan` (a subclass that changes
    `propose`, `respond` or `counter` does not: the batched engine leaves it to the session)."""
    return issubclass(cls, ObliviousAgent) and cls._reads_plan


#: Plans per compiled utility; entries go when the utility (its scenario) does.
_PLANS: weakref.WeakKeyDictionary[CompiledUtility, dict[Any, Plan]] = weakref.WeakKeyDictionary()

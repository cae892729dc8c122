"""The `oblivious` trait is held against behaviour: an agent declaring it must play its plan."""

from __future__ import annotations

from typing import ClassVar

import pytest

from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies import Agent
from dragoman.strategies.oblivious import ObliviousAgent, Plan
from dragoman.strategies.registry import agent_names, strategy_class
from dragoman.testing import check_agent


class _Listener(ObliviousAgent):
    """Declares oblivious but concedes to the best offer it heard: caught by the check."""

    name: ClassVar[str] = "listener-for-test"
    traits: ClassVar[Traits] = {
        "family": Family.TIME_BASED,
        "source": "test",
        "stochastic": False,
        "oblivious": True,
    }

    def make_plan(self, view: SeatView) -> Plan:
        assert view.utility is not None
        best = int(view.utility.ranking[0][0])
        n = view.total_steps + 1
        return Plan.of([best] * n, [2.0] * n, view.utility.reservation_value)

    def propose(self, view: SeatView) -> int:
        heard = [e.outcome for e in view.inbox if e.outcome is not None]
        return int(heard[-1]) if heard else super().propose(view)


class _Pretender(Agent):
    """Declares oblivious with no plan at all."""

    name: ClassVar[str] = "pretender-for-test"
    traits: ClassVar[Traits] = {
        "family": Family.FIXED,
        "source": "test",
        "stochastic": False,
        "oblivious": True,
    }

    def propose(self, view: SeatView) -> int:
        assert view.utility is not None
        return int(view.utility.ranking[0][0])

    def respond(self, view: SeatView, offer: int) -> object:  # type: ignore[override]
        from dragoman.negotiation.events import Response

        return Response.REJECT


def test_an_agent_that_listens_is_not_oblivious() -> None:
    with pytest.raises(AssertionError, match="declares oblivious=True but at step"):
        check_agent(_Listener)


def test_an_oblivious_agent_needs_a_plan() -> None:
    with pytest.raises(AssertionError, match="is no ObliviousAgent"):
        check_agent(_Pretender)


def test_the_oblivious_built_ins() -> None:
    oblivious = {
        name
        for name in agent_names()
        if strategy_class("agent", name).traits.get("oblivious", False)
    }
    assert oblivious == {"boulware", "conceder", "linear", "time-based", "hardliner", "spe-split"}


def test_a_subclass_that_changes_respond_answers_turns_with_it() -> None:
    """An oblivious agent reads a turn off its plan only while `propose` and `respond` are
    its own; a subclass changing them is asked through them."""
    from dragoman.io.scenario_file import load_scenario
    from dragoman.negotiation.events import Response
    from dragoman.negotiation.view import Clock, PublicScenario
    from dragoman.strategies.time_based import Linear
    from dragoman.utility.scenario import compiled

    class Refuser(Linear):
        def respond(self, view: SeatView, offer: int) -> Response:
            return Response.WALK_AWAY

    pie = load_scenario("pie-split")
    utility = compiled(pie).utilities[0]
    view = SeatView("Alice", "party", PublicScenario.of(pie, 10), utility, Clock())
    best = int(utility.ranking[0][0])
    assert Linear().counter(view, best) is Response.ACCEPT
    assert Refuser().counter(view, best) is Response.WALK_AWAY

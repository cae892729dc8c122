"""Every registered agent strategy passes the conformance check, and the check catches each
breach it claims to."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dragoman.negotiation.events import Event, EventKind
from dragoman.negotiation.view import SeatView
from dragoman.strategies import Agent, Response, agent_names
from dragoman.strategies.concession import own_utility
from dragoman.strategies.registry import strategy_class
from dragoman.testing.scripted import check_agent, random_scenario
from dragoman.utility.scenario import compiled


@pytest.mark.parametrize("name", agent_names())
def test_registered_agent_conforms(name: str) -> None:
    cls = strategy_class("agent", name)
    assert issubclass(cls, Agent)
    check_agent(cls)


@settings(max_examples=15, deadline=None)
@given(name=st.sampled_from(agent_names()), seed=st.integers(1, 2**16))
def test_registered_agents_conform_on_other_random_scenarios(name: str, seed: int) -> None:
    check_agent(strategy_class("agent", name), seed=seed)


@pytest.mark.parametrize("name", agent_names())
def test_registered_agent_names_its_source(name: str) -> None:
    cls = strategy_class("agent", name)
    module = __import__(cls.__module__, fromlist=["_"])
    assert (module.__doc__ or "").strip(), f"{cls.__module__} has no docstring"
    assert (cls.__doc__ or "").strip(), f"{cls.__qualname__} has no docstring"
    assert cls.traits.get("source"), f"{name} has no traits['source']"


def test_random_scenario_is_valid_small_and_reproducible() -> None:
    a = random_scenario(np.random.default_rng(3))
    b = random_scenario(np.random.default_rng(3))
    assert a == b
    assert a.outcome_space.size == 4**3
    assert compiled(a).utilities[0].ranking[0].size > 0


# --- strategies that break the rules, to show the check catches each breach ---------------


class Stubborn(Agent):
    """A well-behaved test strategy: offers its best, rejects everything."""

    name: ClassVar[str] = "stubborn-for-test"

    def propose(self, view: SeatView) -> int:
        return int(own_utility(view).ranking[0][0])

    def respond(self, view: SeatView, offer: int) -> Response:
        return Response.REJECT


class OffersOutside(Stubborn):
    """Offers an outcome beyond its red lines."""

    def propose(self, view: SeatView) -> int:
        inside = own_utility(view).acceptable()
        return int(np.flatnonzero(~inside)[0]) if not inside.all() else super().propose(view)


class AcceptsAnything(Stubborn):
    """Accepts every offer, even below its RV."""

    def respond(self, view: SeatView, offer: int) -> Response:
        return Response.ACCEPT


class Unseeded(Stubborn):
    """Draws from a generator it was not given."""

    def propose(self, view: SeatView) -> int:
        return int(own_utility(view).ranking[0][np.random.default_rng().integers(3)])


class Meddler(Stubborn):
    """Slips a message into its own inbox."""

    def respond(self, view: SeatView, offer: int) -> Response:
        view.deliver(Event(0, 0, EventKind.OFFER, "ghost", (view.seat,), offer))
        return Response.REJECT


class Mumbler(Stubborn):
    """Answers with something that is not a response."""

    def respond(self, view: SeatView, offer: int) -> Response:
        return "maybe"  # type: ignore[return-value]


class YesToAll(Stubborn):
    """Votes for every text, even beyond its red lines."""

    def vote(self, view: SeatView, current: int | None, candidate: int) -> bool:
        return True


@pytest.mark.parametrize(
    ("cls", "message"),
    [
        (OffersOutside, "outside its red lines"),
        (AcceptsAnything, "below its RV"),
        (Unseeded, "same seed differ"),
        (Meddler, "changed its view"),
        (Mumbler, "invalid answer"),
        (YesToAll, "voted for text"),
    ],
)
def test_check_agent_catches_each_breach(cls: type[Agent], message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        check_agent(cls)


def test_check_agent_passes_a_well_behaved_strategy() -> None:
    check_agent(Stubborn)

"""`check_agent` passes a well-behaved agent and catches each breach it claims to."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pytest

from dragoman.negotiation.events import Event, EventKind
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies import Agent, Response
from dragoman.strategies.concession import own_utility
from dragoman.testing import check_agent


class Stubborn(Agent):
    """A well-behaved test strategy: offers its best, rejects everything."""

    name: ClassVar[str] = "stubborn-for-test"
    traits: ClassVar[Traits] = {"family": Family.FIXED, "source": "this test", "stochastic": False}

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


class Impostor(Stubborn):
    """Rewrites the role its view shows."""

    def respond(self, view: SeatView, offer: int) -> Response:
        view.role = "mediator"
        return Response.REJECT


class Mumbler(Stubborn):
    """Answers with something that is not a response."""

    def respond(self, view: SeatView, offer: int) -> Response:
        return "maybe"  # type: ignore[return-value]


class Crasher(Stubborn):
    """Raises in the middle of the session."""

    def respond(self, view: SeatView, offer: int) -> Response:
        raise RuntimeError("out of ideas")


class YesToAll(Stubborn):
    """Votes for every text, even beyond its red lines."""

    def vote(self, view: SeatView, current: int | None, candidate: int) -> bool:
        return True


class SecretGambler(Stubborn):
    """Draws on its generator while declaring itself deterministic."""

    def propose(self, view: SeatView) -> int:
        return int(own_utility(view).ranking[0][self.rng.integers(2)])


class FakeGambler(Stubborn):
    """Declares itself stochastic and never draws."""

    traits: ClassVar[Traits] = {"family": Family.BASELINE, "source": "a", "stochastic": True}


class LooseTraits(Stubborn):
    """Traits outside the vocabulary: a plain string family and a key nobody knows."""

    traits: ClassVar[Any] = {"family": "fixed", "source": "a", "stochastic": False, "mood": 1}


class NoTraits(Agent):
    """Declares no traits at all."""

    def propose(self, view: SeatView) -> int:
        return int(own_utility(view).ranking[0][0])

    def respond(self, view: SeatView, offer: int) -> Response:
        return Response.REJECT


@pytest.mark.parametrize(
    ("cls", "message"),
    [
        (OffersOutside, "outside its red lines"),
        (AcceptsAnything, "below its RV"),
        (Unseeded, "same seed differ"),
        (Meddler, "respond changed its view"),
        (Impostor, "respond changed its view"),
        (Mumbler, "invalid answer"),
        (Crasher, "respond raised RuntimeError: out of ideas"),
        (YesToAll, "voted for text"),
        (SecretGambler, "declares stochastic=False but used its random generator"),
        (FakeGambler, "declares stochastic=True but never used"),
        (LooseTraits, "trait 'family' must be a Family"),
        (LooseTraits, "unknown trait 'mood'"),
        (NoTraits, "declares no traits"),
    ],
)
def test_check_agent_catches_each_breach(cls: type[Agent], message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        check_agent(cls)


def test_check_agent_passes_a_well_behaved_strategy() -> None:
    check_agent(Stubborn)


def test_check_agent_names_where_a_breach_happened() -> None:
    with pytest.raises(AssertionError) as caught:
        check_agent(AcceptsAnything)
    report = str(caught.value)
    assert report.startswith("AcceptsAnything (stubborn-for-test):")
    assert "Upstream vs linear, alternating on 'Shared river basin" in report
    assert "B vs boulware, alternating on 'Random small scenario" in report


def test_check_agent_builds_with_the_parameters_given() -> None:
    class Picky(Stubborn):
        def __init__(self, offset: int = 0) -> None:
            self.offset = offset

        def propose(self, view: SeatView) -> int:
            inside = own_utility(view).acceptable()
            return int(np.flatnonzero(~inside)[0]) if self.offset and not inside.all() else 0

    with pytest.raises(AssertionError, match="outside its red lines"):
        check_agent(Picky, offset=1)


def test_check_agent_refuses_what_is_no_agent_class() -> None:
    with pytest.raises(TypeError, match="needs an Agent class"):
        check_agent(Stubborn())  # type: ignore[arg-type]

"""`check_mediator` passes a well-behaved mediator and catches each breach it claims to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np
import pytest

from dragoman.negotiation.events import Event, EventKind
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies import Mediator
from dragoman.testing import check_mediator


class Middle(Mediator):
    """A well-behaved test mediator: always proposes the text with every issue at its middle."""

    name: ClassVar[str] = "middle-for-test"
    traits: ClassVar[Traits] = {
        "family": Family.BRIDGING,
        "source": "this test",
        "stochastic": False,
    }

    def compose(self, view: SeatView) -> int | None:
        space = view.public.outcome_space
        return int(space.index((space.radices - 1) // 2))


class Overshoots(Middle):
    """Proposes a text past the end of the outcome space."""

    def compose(self, view: SeatView) -> int | None:
        return view.public.outcome_space.size


class Wordy(Middle):
    """Proposes a text that is not an outcome index."""

    def compose(self, view: SeatView) -> int | None:
        return "a fair deal"  # type: ignore[return-value]


class Unseeded(Middle):
    """Draws its texts from a generator it was not given."""

    def compose(self, view: SeatView) -> int | None:
        return int(np.random.default_rng().integers(view.public.outcome_space.size))


class Meddler(Middle):
    """Slips a message into its own inbox."""

    def compose(self, view: SeatView) -> int | None:
        view.deliver(Event(0, 0, EventKind.OFFER, "ghost", (view.seat,), 0))
        return super().compose(view)


class Crasher(Middle):
    """Raises when asked for a text."""

    def compose(self, view: SeatView) -> int | None:
        raise ValueError("no text today")


class Undecided(Middle):
    """Answers a vote's outcome with something that is not True or False."""

    def compose(self, view: SeatView) -> int | None:
        return view.step % view.public.outcome_space.size  # a new text often: votes follow

    def adopt(
        self, view: SeatView, current: int | None, candidate: int, approvals: Mapping[str, bool]
    ) -> bool:
        return "perhaps"  # type: ignore[return-value]


class SecretGambler(Middle):
    """Draws on its generator while declaring itself deterministic."""

    def compose(self, view: SeatView) -> int | None:
        return int(self.rng.integers(view.public.outcome_space.size))


class FalseRelay(Middle):
    """Declares it composes no text (a relay), and composes one."""

    composes: ClassVar[bool] = False


@pytest.mark.parametrize(
    ("cls", "message"),
    [
        (Overshoots, "invalid answer to compose: outcome .* is outside"),
        (Wordy, "invalid answer to compose: expected an outcome index"),
        (Unseeded, "same seed differ"),
        (Meddler, "compose changed its view"),
        (Crasher, "compose raised ValueError: no text today"),
        (Undecided, "invalid answer to adopt"),
        (SecretGambler, "declares stochastic=False but used its random generator"),
        (FalseRelay, "declares composes=False but composed a text"),
    ],
)
def test_check_mediator_catches_each_breach(cls: type[Mediator], message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        check_mediator(cls)


def test_check_mediator_passes_a_well_behaved_mediator() -> None:
    check_mediator(Middle)


def test_check_mediator_plays_both_mediated_protocols_on_every_scenario() -> None:
    with pytest.raises(AssertionError) as caught:
        check_mediator(Crasher)
    report = str(caught.value)
    for protocol in ("single-text", "shuttle"):
        for title in ("Shared river basin", "Gaza ceasefire", "Random small scenario"):
            assert f"{protocol} on '{title}" in report, (protocol, title)


def test_check_mediator_refuses_an_agent_class() -> None:
    from dragoman.testing import ScriptedAgent

    with pytest.raises(TypeError, match="needs a Mediator class"):
        check_mediator(ScriptedAgent)  # type: ignore[arg-type]

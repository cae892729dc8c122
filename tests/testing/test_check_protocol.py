"""`check_protocol` passes well-behaved protocols, built-in or not, and catches each breach it
claims to."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest

from dragoman.errors import ProtocolError
from dragoman.model.scenario import Scenario
from dragoman.negotiation import Action, Context, EventKind, Request, Response, Shuttle, SingleText
from dragoman.negotiation.session import NegotiationProtocol, ProtocolRun
from dragoman.testing import check_protocol


@dataclass(frozen=True)
class TakeItOrLeaveIt:
    """A protocol of our own: the first party offers once, the others accept it or not."""

    name: str = "take-it-or-leave-it"

    def seats_needed(self, scenario: Scenario) -> tuple[str, ...]:
        parties = tuple(p.name for p in scenario.negotiators)
        if not all(scenario.may_send(a, b) for a in parties for b in parties if a != b):
            raise ProtocolError("needs direct channels")
        return parties

    def run(self, ctx: Context) -> ProtocolRun:
        first, *others = ctx.parties
        offer = yield Request(first, Action.PROPOSE)
        ctx.send(EventKind.OFFER, first, others, offer)
        for party in others:
            answer = yield Request(party, Action.RESPOND, offer=offer)
            kind = EventKind.ACCEPT if answer is Response.ACCEPT else EventKind.REJECT
            ctx.send(kind, party, [first], offer)
            if answer is not Response.ACCEPT:
                return None
        return offer


@dataclass(frozen=True)
class TalksPastTheMediators(Shuttle):
    """Lets the first party address the second directly, channel or not."""

    def run(self, ctx: Context) -> ProtocolRun:
        offer = yield Request(ctx.parties[0], Action.PROPOSE)
        ctx.send(EventKind.OFFER, ctx.parties[0], ctx.parties[1:], offer)
        return (yield from super().run(ctx))


@dataclass(frozen=True)
class Leaks(SingleText):
    """Shows every party what the others reported."""

    def run(self, ctx: Context) -> ProtocolRun:
        lead = self.lead(ctx.scenario)
        for p in ctx.parties:
            report = yield Request(p, Action.REPORT)
            ctx.send(EventKind.CONSULT, lead, list(ctx.parties), None, preferences=report)
        return (yield from super().run(ctx))


@dataclass(frozen=True)
class Presumes(TakeItOrLeaveIt):
    """Declares the first offer agreed without asking anyone."""

    def run(self, ctx: Context) -> ProtocolRun:
        offer = yield Request(ctx.parties[0], Action.PROPOSE)
        ctx.send(EventKind.OFFER, ctx.parties[0], ctx.parties[1:], offer)
        return offer


@dataclass(frozen=True)
class AsksAStranger(SingleText):
    """Asks a seat that is not at the table for a text."""

    def run(self, ctx: Context) -> ProtocolRun:
        yield Request("nobody", Action.COMPOSE)
        return None


@dataclass(frozen=True)
class AsksAPartyToMediate(TakeItOrLeaveIt):
    """Asks a party to compose a text."""

    def run(self, ctx: Context) -> ProtocolRun:
        yield Request(ctx.parties[0], Action.COMPOSE)
        return None


@dataclass(frozen=True)
class OffersNothing(TakeItOrLeaveIt):
    """Asks a party to respond to an outcome that does not exist."""

    def run(self, ctx: Context) -> ProtocolRun:
        yield Request(ctx.parties[0], Action.RESPOND, offer=ctx.public.outcome_space.size)
        return None


@dataclass(frozen=True)
class EndsTwice(TakeItOrLeaveIt):
    """Tries to record an end of its own."""

    def run(self, ctx: Context) -> ProtocolRun:
        ctx.note(EventKind.DEADLINE, steps=0)
        return (yield from super().run(ctx))


@dataclass(frozen=True)
class ShufflesUnseeded(TakeItOrLeaveIt):
    """Picks the first mover with a generator it was not given."""

    def run(self, ctx: Context) -> ProtocolRun:
        order = list(ctx.parties)
        first = order[int(np.random.default_rng().integers(len(order)))]
        offer = yield Request(first, Action.PROPOSE)
        ctx.send(EventKind.OFFER, first, [p for p in order if p != first], offer)
        return None


@dataclass(frozen=True)
class ForgetsAParty(TakeItOrLeaveIt):
    """Leaves the last party out of its seats."""

    def seats_needed(self, scenario: Scenario) -> tuple[str, ...]:
        return super().seats_needed(scenario)[:-1]


@dataclass(frozen=True)
class ChangesItsMind(TakeItOrLeaveIt):
    """Needs different seats each time it is asked."""

    asked: list[int] = field(default_factory=list)

    def seats_needed(self, scenario: Scenario) -> tuple[str, ...]:
        self.asked.append(1)
        seats = super().seats_needed(scenario)
        return seats if len(self.asked) % 2 else seats[::-1]


@dataclass(frozen=True)
class RunsNowhere(TakeItOrLeaveIt):
    """Refuses every scenario."""

    def seats_needed(self, scenario: Scenario) -> tuple[str, ...]:
        raise ProtocolError("not here")


def test_check_protocol_passes_a_well_behaved_protocol_of_our_own() -> None:
    check_protocol(TakeItOrLeaveIt())


@pytest.mark.parametrize(
    ("protocol", "message"),
    [
        (TalksPastTheMediators(), "no channel from Israel to Hamas"),
        (Leaks(), "a party, received preferences"),
        (Presumes(), "agreement declared without the acceptance"),
        (AsksAStranger(), "asked 'nobody' to compose, who has no seat"),
        (AsksAPartyToMediate(), "asked party Alice to compose"),
        (OffersNothing(), "asked Alice to respond on 101, no outcome"),
        (EndsTwice(), "a protocol cannot note a deadline event"),
        (ShufflesUnseeded(), "same seed differ"),
        (ForgetsAParty(), "seats_needed leaves out Bob"),
        (ChangesItsMind(), "seats_needed gives two answers"),
        (RunsNowhere(), "runs on none of the check's scenarios"),
    ],
    ids=lambda p: type(p).__name__ if not isinstance(p, str) else "",
)
def test_check_protocol_catches_each_breach(protocol: NegotiationProtocol, message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        check_protocol(protocol)


def test_check_protocol_takes_a_registered_name_and_refuses_an_unknown_one() -> None:
    check_protocol("alternating")
    with pytest.raises(ProtocolError, match="did you mean 'shuttle'"):
        check_protocol("shutle")

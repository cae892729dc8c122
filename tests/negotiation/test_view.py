"""A seat's view keeps the proposals put to it, the reading reciprocal strategies answer."""

from __future__ import annotations

from types import MappingProxyType

from dragoman import load_scenario
from dragoman.negotiation.events import Event, EventKind
from dragoman.negotiation.view import Clock, PublicScenario, SeatView


def _event(kind: EventKind, sender: str, outcome: int | None, **data: str) -> Event:
    return Event(0, 0, kind, sender, ("Alice",), outcome, MappingProxyType(data))


def test_proposals_are_offers_texts_and_relays_of_the_other_side_in_order() -> None:
    pie = load_scenario("pie-split")
    view = SeatView("Alice", "party", PublicScenario.of(pie, 10), None, Clock())
    view.deliver(_event(EventKind.OFFER, "Bob", 3))
    view.deliver(_event(EventKind.RELAY, "M", 90, origin="Alice"))  # her own, carried back
    view.deliver(_event(EventKind.RELAY, "M", 5, origin="Bob"))
    view.deliver(_event(EventKind.ACCEPT, "Bob", 5))  # an answer, not a proposal
    view.deliver(_event(EventKind.TEXT, "M", 50))
    view.deliver(_event(EventKind.REPORT, "Bob", None))
    assert view.proposals() == [3, 5, 50]
    assert view.proposals(start=2) == [50]
    assert view.received_outcomes(EventKind.OFFER) == [3]  # by kind, as before

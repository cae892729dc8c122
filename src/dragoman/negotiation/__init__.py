"""The negotiation engine: sessions, seats' views, events, requests, the strategy base classes,
and the protocols (each registers itself by name)."""

from dragoman.negotiation.events import END_KINDS, MESSAGE_KINDS, Event, EventKind, Response
from dragoman.negotiation.protocols.alternating import AlternatingOffers
from dragoman.negotiation.protocols.registry import (
    make_protocol,
    protocol_class,
    protocol_names,
    register_protocol,
)
from dragoman.negotiation.protocols.shuttle import Shuttle
from dragoman.negotiation.protocols.single_text import SingleText
from dragoman.negotiation.requests import Action, Request
from dragoman.negotiation.session import (
    Context,
    NegotiationProtocol,
    QueuedSeat,
    Seat,
    Session,
    SessionResult,
    Status,
)
from dragoman.negotiation.strategy import Agent, Mediator, Strategy
from dragoman.negotiation.traits import Family, Traits, trait_problems
from dragoman.negotiation.view import Clock, PublicScenario, SeatView

__all__ = [
    "END_KINDS",
    "MESSAGE_KINDS",
    "Action",
    "Agent",
    "AlternatingOffers",
    "Clock",
    "Context",
    "Event",
    "EventKind",
    "Family",
    "Mediator",
    "NegotiationProtocol",
    "PublicScenario",
    "QueuedSeat",
    "Request",
    "Response",
    "Seat",
    "SeatView",
    "Session",
    "SessionResult",
    "Shuttle",
    "SingleText",
    "Status",
    "Strategy",
    "Traits",
    "make_protocol",
    "protocol_class",
    "protocol_names",
    "register_protocol",
    "trait_problems",
]

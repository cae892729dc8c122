"""Negotiating strategies (one per module) and the registry that finds them by name."""

from dragoman.negotiation.strategy import Agent, Mediator, Response
from dragoman.negotiation.traits import Family, Traits
from dragoman.strategies.registry import (
    agent_names,
    make_agent,
    make_mediator,
    mediator_names,
    register,
)

__all__ = [
    "Agent",
    "Family",
    "Mediator",
    "Response",
    "Traits",
    "agent_names",
    "make_agent",
    "make_mediator",
    "mediator_names",
    "register",
]

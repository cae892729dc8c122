"""Negotiating strategies (one per module) and the registry that finds them by name."""

from dragoman.negotiation.strategy import Agent, Mediator, Response
from dragoman.strategies.registry import (
    agent_names,
    make_agent,
    make_mediator,
    mediator_names,
    register,
)

__all__ = [
    "Agent",
    "Mediator",
    "Response",
    "agent_names",
    "make_agent",
    "make_mediator",
    "mediator_names",
    "register",
]

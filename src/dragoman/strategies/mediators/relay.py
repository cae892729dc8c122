"""Relay-only mediator: a pure go-between that composes nothing of its own and carries each
party's latest proposal to the other side (the classic shuttle messenger; Kissinger-era
"step-by-step" shuttle diplomacy in its plainest form)."""

from __future__ import annotations

from typing import ClassVar

from dragoman.negotiation.strategy import Mediator
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.strategies.registry import register

__all__ = ["Relay"]


@register
class Relay(Mediator):
    """Composes nothing: the protocol relays a party's proposal instead."""

    name: ClassVar[str] = "relay"
    traits: ClassVar[Traits] = {
        "family": Family.RELAY,
        "source": "shuttle diplomacy",
        "stochastic": False,
    }
    composes: ClassVar[bool] = False

    def compose(self, view: SeatView) -> int | None:
        return None

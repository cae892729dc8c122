"""Who sits in a session and how it ended: queued (human) seats, the status and the result."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dragoman.negotiation.events import Event
from dragoman.negotiation.strategy import Strategy

__all__ = ["QueuedSeat", "Seat", "SessionResult", "Status"]


class QueuedSeat:
    """A seat whose answers arrive from outside (a person at a terminal or in a browser)."""

    kind = "human"
    name = "human"

    def __init__(self) -> None:
        self.answers: deque[Any] = deque()


Seat = Strategy | QueuedSeat


class Status(StrEnum):
    """How a session ended."""

    AGREEMENT = "agreement"
    BREAKDOWN = "breakdown"  # a party walked away
    DEADLINE = "deadline"  # the step budget ran out
    ERROR = "error"  # a seat failed or broke a rule


@dataclass(frozen=True)
class SessionResult:
    """How a session ended, and the record of it."""

    status: Status
    agreement: int | None
    steps: int
    events: tuple[Event, ...]
    utilities: dict[str, float] = field(default_factory=dict)  # undiscounted, at agreement
    discounted: dict[str, float] = field(default_factory=dict)  # U * d**t at agreement time
    error: str | None = None

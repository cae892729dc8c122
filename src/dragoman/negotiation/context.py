"""What a protocol may do, and what a protocol is: `Context` knows the scenario and every seat's
inbox and sends messages (channels, seats and outcomes enforced); a protocol checks a scenario
and then runs as a generator of requests."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Mapping
from typing import Any, Protocol

import numpy as np

from dragoman.errors import ProtocolError
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import END_KINDS, MESSAGE_KINDS, Event, EventKind
from dragoman.negotiation.requests import Request
from dragoman.negotiation.view import SeatView

__all__ = ["Context", "NegotiationProtocol", "ProtocolRun", "Record"]

#: Records an event (kind, sender, receivers, outcome, data) and returns it: the session's.
Record = Callable[[EventKind, str, tuple[str, ...], "int | None", dict[str, Any]], Event]

ProtocolRun = Generator[Request, Any, int | None]


class NegotiationProtocol(Protocol):
    """A negotiation protocol: checks a scenario, then runs as a generator of requests."""

    @property
    def name(self) -> str:
        """The protocol's name in the CLI and in logs."""
        ...

    def seats_needed(self, scenario: Scenario) -> tuple[str, ...]:
        """Every seat the protocol will ask to act (raise ProtocolError if it cannot run)."""
        ...

    def run(self, ctx: Context) -> ProtocolRun:
        """Yield requests, receive answers; return the agreed outcome or None."""
        ...


class Context:
    """What a protocol may do: know the scenario and send messages (channels enforced)."""

    def __init__(
        self,
        scenario: Scenario,
        views: Mapping[str, SeatView],
        rng: np.random.Generator,
        record: Record,
    ) -> None:
        public = next(iter(views.values())).public
        self.scenario = scenario
        self.public = public
        self.parties = public.parties
        self.mediators = tuple(m for m in public.mediators if m in views)
        self.rng = rng
        #: the outcome each party last endorsed (offered or accepted); None after a rejection
        self.support: dict[str, int | None] = dict.fromkeys(self.parties)
        self._marks: dict[str, int] = {}
        self._views = views
        self._record = record
        self._channels = public.channels
        # (sender, receivers) checked -> the receivers' inboxes, in order
        self._routes: dict[tuple[str, tuple[str, ...]], tuple[Callable[[Event], None], ...]] = {}
        self._inboxes = {name: view.deliver for name, view in views.items()}
        self._size = public.outcome_space.size

    def inbox(self, seat: str, start: int = 0) -> tuple[Event, ...]:
        """Messages delivered to `seat` so far (the mechanism may read every inbox), from the
        `start`-th on: with `mark`, what is new since the last look."""
        return self._views[seat].since(start)

    def heard(self, seat: str) -> int:
        """How many messages `seat` has received (where the next look at its inbox starts)."""
        return self._views[seat].heard

    def mark(self, key: str, position: int) -> int:
        """Remember `position` under `key`; return the position remembered before (0 at first)."""
        previous = self._marks.get(key, 0)
        self._marks[key] = position
        return previous

    def send(
        self,
        kind: EventKind,
        sender: str,
        receivers: Iterable[str],
        outcome: int | None = None,
        **data: Any,
    ) -> None:
        """Record a message and deliver it; ProtocolError if a channel is missing, a seat is not
        at the table, or the outcome does not exist."""
        to = receivers if type(receivers) is tuple else tuple(receivers)
        inboxes = self._routes.get((sender, to))
        if inboxes is None:
            inboxes = self._check_route(kind, sender, to)
        if outcome is not None and not 0 <= outcome < self._size:
            raise ProtocolError(f"the {kind} names outcome {outcome}, which does not exist")
        event = self._record(kind, sender, to, outcome, data)
        for deliver in inboxes:
            deliver(event)
        support = self.support
        if sender in support:
            if kind is EventKind.OFFER or kind is EventKind.ACCEPT:
                support[sender] = outcome
            elif kind is EventKind.REJECT or kind is EventKind.WALK_AWAY:
                support[sender] = None

    def _check_route(
        self, kind: EventKind, sender: str, to: tuple[str, ...]
    ) -> tuple[Callable[[Event], None], ...]:
        """The receivers' inboxes; ProtocolError unless every receiver is seated and reachable
        from a seated sender. A route that passes is remembered (channels and seats do not
        change in a session)."""
        inboxes = self._inboxes
        for receiver in to:
            if (sender, receiver) not in self._channels:
                raise ProtocolError(
                    f"no channel from {sender} to {receiver}: the {kind} was not delivered"
                )
            if receiver not in inboxes or sender not in inboxes:
                absent = receiver if receiver not in inboxes else sender
                raise ProtocolError(f"{absent} has no seat here: the {kind} was not delivered")
        route = self._routes[sender, to] = tuple(inboxes[receiver] for receiver in to)
        return route

    def note(self, kind: EventKind, **data: Any) -> None:
        """Record an event that is not a message (e.g. a protocol-level decision); messages go
        through `send`, and only the session records the start and the end."""
        if kind in MESSAGE_KINDS or kind in END_KINDS or kind is EventKind.START:
            raise ProtocolError(f"a protocol cannot note a {kind} event")
        self._record(kind, "", (), None, data)

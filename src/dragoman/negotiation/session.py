"""The session: a step-based state machine running one negotiation under one protocol.

A protocol is a generator: it yields a `Request` whenever a seat must act and receives the
answer. The session answers each request by calling the seat's strategy with that seat's view,
or, for a queued (human) seat, with an answer submitted from outside; one code path for all.
`step()` answers one request; `run()` steps to the end. Every message goes through `Context.send`,
which refuses messages on channels that do not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from dragoman import arguments
from dragoman.errors import ProtocolError
from dragoman.limits import over
from dragoman.model.scenario import Scenario
from dragoman.negotiation.context import Context, NegotiationProtocol, ProtocolRun
from dragoman.negotiation.events import END_KINDS, NO_DATA, Event, EventKind, Response
from dragoman.negotiation.requests import (
    TAKES_OFFER,
    TAKES_VIEW,
    Action,
    Request,
    answer_table,
    needs_offer,
    validate_answer,
)
from dragoman.negotiation.seats import QueuedSeat, Seat, SessionResult, Status
from dragoman.negotiation.strategy import Agent, Mediator, Strategy
from dragoman.negotiation.streams import seed_stream
from dragoman.negotiation.view import Clock, PublicScenario, SeatView
from dragoman.utility.scenario import compiled

__all__ = [
    "DEFAULT_STEPS",
    "Action",
    "Context",
    "NegotiationProtocol",
    "ProtocolRun",
    "QueuedSeat",
    "Request",
    "Seat",
    "Session",
    "SessionResult",
    "Status",
    "settled",
    "step_budget",
]

_OUTCOME_ACTIONS = frozenset({Action.PROPOSE, Action.COUNTER})
_RESPONSE_ACTIONS = frozenset({Action.RESPOND, Action.COUNTER})
_new_event = tuple.__new__  # Event(...) without the named tuple's Python-level __new__

#: Step budget when neither the session nor the scenario sets one.
DEFAULT_STEPS = 100


def step_budget(steps: int | None, scenario: Scenario) -> int:
    """The step budget of a negotiation: `steps`, else the scenario's, else `DEFAULT_STEPS`;
    ProtocolError over the limit 'steps', before any seat plans its offers for every step
    (ArgumentError for a given budget that is not a whole number, at least 1)."""
    budget = arguments.count(steps, "steps") or scenario.total_steps or DEFAULT_STEPS
    too_many = over("steps", budget)
    if too_many:
        raise ProtocolError(f"steps: {too_many}")
    return budget


class Session:
    """One negotiation of `scenario` under `protocol`, one seat per party and mediator."""

    def __init__(
        self,
        scenario: Scenario,
        protocol: NegotiationProtocol,
        seats: Mapping[str, Seat],
        *,
        seed: int = 0,
        total_steps: int | None = None,
        sinks: Iterable[Callable[[Event], None]] = (),
        notes: Iterable[str] = (),
    ) -> None:
        self.scenario = scenario
        self.protocol = protocol
        self.seed = arguments.seed(seed)
        #: what was said about how the session was set up (e.g. a neutral mediator seated)
        self.notes = tuple(notes)
        budget = step_budget(total_steps, scenario)
        self.public = PublicScenario.of(scenario, budget)
        self.seats: dict[str, Seat] = _seated(scenario, protocol, seats)
        self.clock = Clock()
        self.compiled = compiled(scenario)
        self.views = {
            name: SeatView.of(scenario, name, self.public, self.clock) for name in self.seats
        }
        # stream k of the seed for seat k, the last for the protocol (`streams`)
        seat_rngs = {name: seed_stream(seed, k) for k, name in enumerate(self.seats)}
        self.protocol_rng = seed_stream(seed, len(self.seats))
        self.events: list[Event] = []
        self._sinks = list(sinks)
        self._round_ends = _round_ends(scenario, budget)
        self.result: SessionResult | None = None
        self.waiting: Request | None = None
        self._record_start()
        for name, seat in self.seats.items():
            if isinstance(seat, Strategy):
                self._setup(name, seat, seat_rngs[name])
        self._seated = {
            name: (self.views[name], answer_table(seat))
            for name, seat in self.seats.items()
            if isinstance(seat, Strategy)
        }
        self._size = self.public.outcome_space.size
        self._budget = self.public.total_steps
        self.context = Context(scenario, self.views, self.protocol_rng, self.record)
        self._run = protocol.run(self.context)
        self._send = self._run.send
        self._request: Request | None = None
        if self.result is None:
            self._advance(None, first=True)

    # --- driving --------------------------------------------------------------------------
    @property
    def done(self) -> bool:
        """Whether the session has ended."""
        return self.result is not None

    def step(self) -> bool:
        """Answer one request; False when the session is over or waits for a queued seat."""
        request = self._request
        if request is None or self.result is not None:
            return False
        seated = self._seated.get(request.seat)
        if seated is None:
            return self._step_queued(request)
        view, table = seated
        action = request.action
        found = table.get(action)
        if found is None:
            self._end_error(request.seat, f"a {self.seats[request.seat].kind} cannot {action}")
            return False
        answer_with, takes = found
        try:
            if takes is TAKES_OFFER:
                offer = request.offer
                answer = answer_with(view, needs_offer(request) if offer is None else offer)
            elif takes is TAKES_VIEW:
                answer = answer_with(view)
            else:
                answer = takes(answer_with, view, request)  # type: ignore[operator]
        except Exception as exc:  # a seat's failure ends the negotiation cleanly, no retry
            self._end_error(request.seat, f"{action} raised {type(exc).__name__}: {exc}")
            return False
        if type(answer) is int:  # the answers of nearly every step are checked inline
            common = 0 <= answer < self._size and action in _OUTCOME_ACTIONS
        else:
            common = type(answer) is Response and action in _RESPONSE_ACTIONS
            common = common and not (action is Action.COUNTER and answer is Response.REJECT)
        if not common:
            try:
                answer = validate_answer(request, answer, self._size)
            except ProtocolError as exc:
                self._end_error(request.seat, f"invalid answer to {action}: {exc}")
                return False
        self._advance(answer)
        return self.result is None

    def _step_queued(self, request: Request) -> bool:
        seat = self.seats.get(request.seat)
        if not isinstance(seat, QueuedSeat):  # neither a strategy nor a queue: no seat at all
            self._end_error("", f"the protocol asked {request.seat}, who has no seat, to act")
            return False
        if not seat.answers:
            self.waiting = request
            return False
        self.waiting = None
        self._advance(seat.answers.popleft())
        return self.result is None

    def run(self) -> SessionResult:
        """Step until the end (or until a queued seat has no answer: then the result is None)."""
        while self.step():
            pass
        if self.result is None:
            raise ProtocolError(f"waiting for {self.waiting.seat if self.waiting else '?'} to act")
        return self.result

    def submit(self, answer: Any) -> None:
        """Queue an answer for the queued seat the session waits for (validated first)."""
        if self.waiting is None:
            raise ProtocolError("no seat is waiting for an answer")
        seat = self.seats[self.waiting.seat]
        assert isinstance(seat, QueuedSeat)
        seat.answers.append(validate_answer(self.waiting, answer, self.public.outcome_space.size))

    # --- recording ------------------------------------------------------------------------
    def record(
        self,
        kind: EventKind,
        sender: str,
        receivers: tuple[str, ...],
        outcome: int | None,
        data: dict[str, Any],
    ) -> Event:
        """Append an event at the current step and round, and pass it to the sinks."""
        clock = self.clock
        frozen = MappingProxyType(data) if data else NO_DATA
        fields = (clock.step, clock.round, kind, sender, receivers, outcome, frozen)
        event: Event = _new_event(Event, fields)
        self.events.append(event)
        if self._sinks:
            for sink in self._sinks:
                sink(event)
        return event

    def _record_start(self) -> None:
        data = {
            "title": self.scenario.metadata.title,
            "protocol": self.protocol.name,
            "seed": self.seed,
            "total_steps": self.public.total_steps,
            "seats": {name: _describe(seat) for name, seat in self.seats.items()},
            "scenario": self.scenario.yaml_text,
        }
        if self.notes:
            data["notes"] = list(self.notes)
        self.record(EventKind.START, "", (), None, data)

    # --- internals ------------------------------------------------------------------------
    def _advance(self, answer: Any, first: bool = False) -> None:
        """Send the answer into the protocol and take its next request (or its end)."""
        try:
            request = next(self._run) if first else self._send(answer)
        except StopIteration as stop:
            if not first:
                self.clock.step += 1  # the answer that ended the protocol was a step too
            self._finish(stop.value)
            return
        except ProtocolError as exc:
            self._end_error("", str(exc))
            return
        clock = self.clock
        if not first:
            if self._round_ends:
                self._tick()
            else:
                clock.step += 1
        if self.result is not None:
            return
        if clock.step >= self._budget:
            self._run.close()
            self._end(EventKind.DEADLINE, None, {"steps": clock.step})
            return
        self._request = request

    def _tick(self) -> None:
        """One step passes; at a round's end, the pause after it passes too, and the next
        round begins (marked by a round event)."""
        clock = self.clock
        clock.step += 1
        k = clock.round
        if k >= len(self._round_ends) or clock.step < self._round_ends[k]:
            return
        pause = self.scenario.rounds[k].pause_steps
        if clock.step + pause >= self._budget:  # the deadline falls at the budget, in the
            clock.step = max(clock.step, self._budget)  # pause: the next round never begins
            return
        clock.step += pause  # time passes with no talks
        clock.round = k + 1
        r = self.scenario.rounds[k + 1]
        data = {"name": r.name, "venue": r.venue, "dates": r.dates, "pause_steps": pause}
        self.record(EventKind.ROUND, "", (), None, data)

    def _finish(self, agreement: int | None) -> None:
        if agreement is None:
            walked = [e.sender for e in self.events if e.kind == EventKind.WALK_AWAY]
            self._end(EventKind.BREAKDOWN, None, {"by": walked[-1] if walked else ""})
            return
        unsupported = [p for p, o in self.context.support.items() if o != agreement]
        if unsupported:
            self._end_error(
                "", f"agreement declared without the acceptance of {', '.join(unsupported)}"
            )
            return
        t = self.clock.step / self.public.total_steps
        utilities, discounted = {}, {}
        for party, utility in zip(self.public.parties, self.compiled.utilities, strict=True):
            u = float(utility.table[agreement])
            utilities[party], discounted[party] = settled(u, utility.discount_factor, t)
        self._end(
            EventKind.AGREEMENT,
            agreement,
            {"utilities": utilities, "discounted": discounted, "time": t},
        )

    def _end(
        self, kind: EventKind, outcome: int | None, data: dict[str, Any], error: str | None = None
    ) -> None:
        event = self.record(kind, "", (), outcome, data)
        assert event.kind in END_KINDS
        self._request = None
        self.result = SessionResult(
            status=Status(kind.value),
            agreement=outcome,
            steps=self.clock.step,
            events=tuple(self.events),
            utilities=dict(data.get("utilities", {})),
            discounted=dict(data.get("discounted", {})),
            error=error,
        )

    def _end_error(self, seat: str, message: str) -> None:
        run = getattr(self, "_run", None)
        if run is not None:
            run.close()
        text = f"{seat}: {message}" if seat else message
        self._end(EventKind.ERROR, None, {"seat": seat, "error": message}, error=text)

    def _setup(self, name: str, seat: Strategy, rng: np.random.Generator) -> None:
        view = self.views[name]
        self._guarded(name, "setup", lambda: seat.setup(view, rng))

    def _guarded(self, seat: str, action: str, call: Callable[[], Any]) -> tuple[bool, Any]:
        """Call a seat once; if it raises, record the error and end the session (no retry)."""
        try:
            return True, call()
        except Exception as exc:  # a seat's failure must end the negotiation cleanly
            if self.result is None:
                self._end_error(seat, f"{action} raised {type(exc).__name__}: {exc}")
            return False, None


def settled(utility: float, discount_factor: float, time: float) -> tuple[float, float]:
    """A party's utility of an agreement and its value at normalised `time`, U * d**t, as
    recorded (rounded to 12 places); the batched engine records agreements the same way."""
    return round(utility, 12), round(utility * discount_factor**time, 12)


def _seated(
    scenario: Scenario, protocol: NegotiationProtocol, seats: Mapping[str, Seat]
) -> dict[str, Seat]:
    """The seats the protocol needs, in its order; ProtocolError for a missing or unknown seat,
    or a strategy of the wrong role (an agent at a mediator's seat, or the reverse)."""
    needed = protocol.seats_needed(scenario)
    missing = [s for s in needed if s not in seats]
    unknown = [s for s in seats if s not in {p.name for p in scenario.parties}]
    if missing or unknown:
        raise ProtocolError(
            "; ".join(
                ([f"no seat for {', '.join(missing)}"] if missing else [])
                + ([f"not in the scenario: {', '.join(unknown)}"] if unknown else [])
            )
        )
    for name in needed:
        role, seat = scenario.party(name).role, seats[name]
        expected = Agent if role == "party" else Mediator
        if isinstance(seat, Strategy) and not isinstance(seat, expected):
            wanted = "an agent" if role == "party" else "a mediator"
            raise ProtocolError(f"{name} is a {role}: give it {wanted} strategy")
    return {name: seats[name] for name in needed}


def _round_ends(scenario: Scenario, budget: int) -> list[int]:
    """The step at which each round but the last ends (pauses before it included)."""
    ends, total = [], 0
    for r in scenario.rounds[:-1]:
        total += r.steps
        ends.append(total)
        total += r.pause_steps
    return ends


def _describe(seat: Seat) -> dict[str, Any]:
    if isinstance(seat, QueuedSeat):
        return {"strategy": "human", "params": {}}
    return {"strategy": seat.name, "params": seat.parameters()}

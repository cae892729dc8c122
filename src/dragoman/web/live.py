"""One group's session, live in the server: the engine's `Session` driven by the accepted
actions of its human seats, in their recorded order.

Sessions are deterministic per seed, so the state after any list of actions is the state of a
fresh session that replays them: that is how a restarted server resumes (`replay`). Automated
seats act at once; the session then waits for a person, or holds at a round's start when a
mediator paused it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dragoman.errors import ProtocolError
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import EventKind
from dragoman.negotiation.requests import validate_answer
from dragoman.negotiation.session import Request, Session
from dragoman.runs.negotiation import start_session
from dragoman.web.broadcast import Channel
from dragoman.web.store import Recorded

__all__ = ["ActionError", "LiveSession", "Setup"]

#: Action kinds that are not answers to the session's request.
CONTROL_KINDS = frozenset({"message", "pause", "resume"})


class ActionError(Exception):
    """An action the session cannot take now; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Setup:
    """What builds a group's session: the scenario, protocol, seats and seed."""

    scenario: Scenario
    protocol: str
    agents: Mapping[str, str]
    mediators: Mapping[str, str]
    humans: tuple[str, ...]
    seed: int
    steps: int | None

    def start(self) -> Session:
        """A fresh session (the same every time: same seed, same strategies)."""
        return start_session(
            self.scenario,
            self.protocol,
            agents=self.agents,
            mediators=self.mediators,
            humans=self.humans,
            seed=self.seed,
            steps=self.steps,
            label=_form_label,
        )


def _form_label(kind: str, name: str) -> str:
    """A seat choice as the exercise's form names it: `seats.NAME`."""
    return f"seats.{name}"


class LiveSession:
    """A group's session with its lock, its pause, and the channel its pages listen to."""

    def __init__(self, session_id: int, exercise_id: int, group: int, setup: Setup) -> None:
        self.id = session_id
        self.exercise_id = exercise_id
        self.group = group
        self.setup = setup
        self.session = setup.start()
        self.lock = threading.RLock()
        self.applied = 0  # actions applied so far (the next action's position)
        self.stored = 0  # events stored in the database so far
        self.keys: dict[str, Recorded] = {}  # the applied actions by key (as stored)
        self.paused_in: int | None = None  # the round in which a pause was asked
        self.channel = Channel()
        self.extras: dict[str, Any] = {}  # pages built once the session has ended (debrief)
        self._drive()

    @property
    def waiting(self) -> Request | None:
        """The request a person must answer now (None: nobody, or the talks are held)."""
        if self.session.done or self.held:
            return None
        return self.session.waiting

    @property
    def held(self) -> bool:
        """Whether a pause holds the talks (from the start of the round after it was asked)."""
        return self.paused_in is not None and self.session.clock.round > self.paused_in

    @property
    def status(self) -> str:
        """running, paused (asked), held, or how the session ended."""
        result = self.session.result
        if result is not None:
            return result.status.value
        if self.held:
            return "held"
        return "running" if self.paused_in is None else "paused"

    def check(self, seat: str, kind: str, payload: Any) -> None:
        """Refuse (`ActionError`) an action the session cannot take now."""
        session = self.session
        if session.done:
            raise ActionError("the negotiation has ended")
        if kind == "message":
            self._check_message(seat, payload)
        elif kind in ("pause", "resume"):
            if session.scenario.party(seat).role != "mediator":
                raise ActionError("only a mediator can pause or resume the talks", 403)
        else:
            request = self.waiting
            if request is None or request.seat != seat:
                raise ActionError("it is not your turn" if not self.held else "the talks are held")
            if request.action.value != kind:
                raise ActionError(
                    f"the session asks you to {request.action.value}, not {kind}", 422
                )
            try:
                validate_answer(request, payload, session.public.outcome_space.size)
            except ProtocolError as exc:
                raise ActionError(str(exc), 422) from None

    def apply(self, action: Recorded) -> None:
        """Take an accepted action, then let the automated seats act until a person must."""
        session = self.session
        if action.kind == "message":
            to, text = action.payload["to"], action.payload["text"]
            session.record(EventKind.MESSAGE, action.seat, (to,), None, {"text": text})
        elif action.kind == "pause":
            self.paused_in = session.clock.round
        elif action.kind == "resume":
            self.paused_in = None
        else:
            session.submit(action.payload)
        self.applied = action.seq + 1
        self.keys[action.key] = action
        self._drive()

    def replay(self, actions: Sequence[Recorded]) -> None:
        """Apply recorded actions in order (a restarted server resuming the session)."""
        for action in actions:
            self.apply(action)

    def _drive(self) -> None:
        while not self.session.done and not self.held and self.session.step():
            pass

    def _check_message(self, seat: str, payload: Any) -> None:
        to, text = payload.get("to"), payload.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ActionError("a message needs a text", 422)
        if not isinstance(to, str) or not self.session.public.may_send(seat, to):
            raise ActionError(f"you have no channel to {to!r}", 422)

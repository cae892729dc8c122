"""Requests a protocol makes of a seat, and the checking of answers.

`answer_table(seat)` maps each action to the strategy's bound method that answers it and how
that method takes the request (`TAKES_VIEW`, `TAKES_OFFER`, or an adapter), built once per seat,
so the session's hot path is one dictionary look-up and one call of the strategy's own method.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, NamedTuple

import numpy as np

from dragoman.errors import ProtocolError
from dragoman.model.kinds import parse_preferences
from dragoman.negotiation.events import Response
from dragoman.negotiation.strategy import Agent, Mediator, Strategy
from dragoman.negotiation.view import SeatView

__all__ = [
    "TAKES_OFFER",
    "TAKES_VIEW",
    "Action",
    "Answer",
    "Request",
    "answer_table",
    "needs_offer",
    "validate_answer",
]


class Action(StrEnum):
    """What a request asks a seat to do."""

    PROPOSE = "propose"
    RESPOND = "respond"
    COUNTER = "counter"  # accept, walk away, or answer with a counter-offer (one turn)
    CRITIQUE = "critique"
    VOTE = "vote"
    REPORT = "report"
    COMPOSE = "compose"
    ADOPT = "adopt"


class Request(NamedTuple):
    """A seat must act: propose, respond to `offer`, vote on `offer` against `current`, ..."""

    seat: str
    action: Action
    offer: int | None = None
    current: int | None = None
    approvals: Mapping[str, bool] | None = None


Answer = Callable[..., Any]
#: How an answering method takes a request: `method(view)`, `method(view, request.offer)` (the
#: offer required), or an adapter `takes(method, view, request)`.
Takes = str | Callable[[Answer, SeatView, Request], Any]
TAKES_VIEW = "view"
TAKES_OFFER = "offer"


def answer_table(seat: Strategy) -> dict[Action, tuple[Answer, Takes]]:
    """For each action the strategy can take, its bound method answering it and how that
    method takes the request (looked up once, when the seat is seated)."""
    if isinstance(seat, Agent):
        methods = _AGENT_ANSWERS
    elif isinstance(seat, Mediator):
        methods = _MEDIATOR_ANSWERS
    else:
        raise ProtocolError(f"{type(seat).__name__} is neither an agent nor a mediator")
    return {action: (getattr(seat, name), takes) for action, (name, takes) in methods.items()}


def _vote(method: Answer, view: SeatView, r: Request) -> Any:
    return method(view, r.current, needs_offer(r))


def _adopt(method: Answer, view: SeatView, r: Request) -> Any:
    return method(view, r.current, needs_offer(r), r.approvals or {})


_AGENT_ANSWERS: Mapping[Action, tuple[str, Takes]] = {
    Action.PROPOSE: ("propose", TAKES_VIEW),
    Action.RESPOND: ("respond", TAKES_OFFER),
    Action.COUNTER: ("counter", TAKES_OFFER),
    Action.CRITIQUE: ("critique", TAKES_OFFER),
    Action.VOTE: ("vote", _vote),
    Action.REPORT: ("report", TAKES_VIEW),
}
_MEDIATOR_ANSWERS: Mapping[Action, tuple[str, Takes]] = {
    Action.COMPOSE: ("compose", TAKES_VIEW),
    Action.ADOPT: ("adopt", _adopt),
}


def needs_offer(request: Request) -> int:
    """The request's offer; ProtocolError if it has none."""
    if request.offer is None:
        raise ProtocolError(f"a {request.action} request needs an offer")
    return request.offer


def validate_answer(request: Request, answer: Any, size: int) -> Any:
    """The answer in canonical form; ProtocolError saying what is wrong with it."""
    action = request.action
    # fast paths: the answers of nearly every step
    if action is Action.PROPOSE and type(answer) is int and 0 <= answer < size:
        return answer
    if action is Action.RESPOND and type(answer) is Response:
        return answer
    if action is Action.COUNTER:
        return _counter(answer, size)
    if action in (Action.PROPOSE, Action.COMPOSE, Action.CRITIQUE):
        return _outcome(answer, size, optional=action is not Action.PROPOSE)
    if action is Action.RESPOND:
        try:
            return Response(answer)
        except ValueError:
            raise ProtocolError(f"expected accept, reject or walk_away, got {answer!r}") from None
    if action in (Action.VOTE, Action.ADOPT):
        if not isinstance(answer, bool | np.bool_):
            raise ProtocolError(f"expected True or False, got {answer!r}")
        return bool(answer)
    if action is Action.REPORT:
        if answer is None:
            return None
        try:
            parse_preferences(answer)
        except Exception as exc:
            raise ProtocolError(f"reported preferences are invalid: {exc}") from None
        return answer
    raise ProtocolError(f"unknown action {action}")  # pragma: no cover


def _counter(answer: Any, size: int) -> Response | int:
    """accept, walk_away, or a counter-offer (an outcome index)."""
    if isinstance(answer, int | np.integer) and not isinstance(answer, bool):
        outcome = _outcome(answer, size, optional=False)
        assert outcome is not None
        return outcome
    try:
        response = Response(answer)
    except ValueError:
        raise ProtocolError(
            f"expected accept, walk_away or a counter-offer, got {answer!r}"
        ) from None
    if response is Response.REJECT:
        raise ProtocolError("a rejection must come with a counter-offer")
    return response


def _outcome(answer: Any, size: int, optional: bool) -> int | None:
    if answer is None and optional:
        return None
    if isinstance(answer, bool) or not isinstance(answer, int | np.integer):
        raise ProtocolError(f"expected an outcome index, got {answer!r}")
    if not 0 <= int(answer) < size:
        raise ProtocolError(f"outcome {int(answer)} is outside 0..{size - 1}")
    return int(answer)

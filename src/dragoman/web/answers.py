"""An action from a page or an API client, as the session's answer: outcomes given issue by
issue become outcome indices, reports become preferences (the truth, nothing, or a claim),
responses and votes their engine values. What is stored and replayed is this answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dragoman.negotiation.requests import Action, Request
from dragoman.negotiation.view import SeatView
from dragoman.web.live import CONTROL_KINDS, ActionError
from dragoman.web.spec import ActionIn

__all__ = ["choices", "outcome_of", "payload_of"]

_OUTCOME = frozenset({Action.PROPOSE, Action.COMPOSE, Action.CRITIQUE})


def payload_of(view: SeatView, request: Request | None, action: ActionIn) -> Any:
    """The stored form of `action` (an engine answer, or a control's data); `ActionError`
    (422) when the action lacks what its kind needs."""
    kind = action.action
    if kind in CONTROL_KINDS:
        return {"to": action.to, "text": (action.text or "").strip()} if kind == "message" else None
    if request is None:
        return None  # refused by the session's own check: not this seat's turn
    what = request.action
    if what in _OUTCOME:
        if action.outcome is None and what is not Action.PROPOSE:
            return None  # compose: relay instead; critique: no change
        return _outcome(view, action)
    if what is Action.RESPOND:
        return _needed(action.response, "response")
    if what is Action.COUNTER:
        if action.outcome is not None and action.response in ("accept", "walk_away"):
            raise ActionError(
                f"a counter takes a response ({action.response}) or an outcome (a counter-"
                "offer), not both: leave out the one you do not mean",
                422,
            )
        return (
            _outcome(view, action)
            if action.outcome is not None
            else _needed(action.response, "response or an outcome")
        )
    if what in (Action.VOTE, Action.ADOPT):
        return _needed(action.approve, "approve (true or false)")
    return _report(view, action)


def choices(request: Request) -> list[str]:
    """What a seat may answer to `request`, in words the API takes."""
    table = {
        Action.PROPOSE: ["outcome"],
        Action.RESPOND: ["accept", "reject", "walk_away"],
        Action.COUNTER: ["accept", "walk_away", "outcome"],
        Action.CRITIQUE: ["outcome", "none"],
        Action.VOTE: ["approve", "reject"],
        Action.REPORT: ["truth", "none", "custom"],
        Action.COMPOSE: ["outcome", "relay"],
        Action.ADOPT: ["approve", "reject"],
    }
    return table[request.action]


def _needed(value: Any, what: str) -> Any:
    if value is None:
        raise ActionError(f"this action needs {what}", 422)
    return value


def _outcome(view: SeatView, action: ActionIn) -> int:
    if action.outcome is None:
        raise ActionError("this action needs an outcome: {issue: value, ...}", 422)
    return outcome_of(view, action.outcome)


def outcome_of(view: SeatView, outcome: Mapping[str, Any]) -> int:
    """The index of an outcome given issue by issue; `ActionError` (422) naming the fault."""
    try:
        return view.public.outcome_space.outcome_index(outcome)
    except (ValueError, KeyError) as exc:
        raise ActionError(f"outcome: {exc}", 422) from None


def _report(view: SeatView, action: ActionIn) -> Any:
    """truth: the seat's own preferences; none: nothing; custom: the preferences given."""
    choice = _needed(action.report, "report (truth, none or custom)")
    if choice == "none":
        return None
    if choice == "custom":
        return _needed(action.preferences, "preferences for a custom report")
    if view.utility is None:
        raise ActionError("a mediator has no preferences to report", 422)
    return view.utility.preferences.model_dump(mode="json")

"""A page's form, as the action the API takes: issue values from the per-issue selects,
responses, votes, reports (a claim edits the seat's own weights), messages. The same
`ActionIn` validation then applies to pages and programs alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from dragoman.negotiation.view import SeatView
from dragoman.web.live import ActionError
from dragoman.web.problems import validation_message
from dragoman.web.spec import ActionIn

__all__ = ["action_of_form"]

_PLAIN = ("key", "action", "response", "report", "to", "text")


def action_of_form(view: SeatView, form: Mapping[str, str]) -> ActionIn:
    """The action a submitted form asks for; `ActionError` (422) saying what is wrong."""
    data: dict[str, Any] = {k: form[k] for k in _PLAIN if form.get(k)}
    if "approve" in form:
        data["approve"] = form["approve"] == "yes"
    issues = {k[len("issue:") :]: v for k, v in form.items() if k.startswith("issue:")}
    # the selects are always sent: a relay, an acceptance or walking away leaves them unused
    unused = form.get("relay") == "yes" or form.get("response") in ("accept", "walk_away")
    if issues and not unused:
        data["outcome"] = _typed(view, issues)
    if data.get("report") == "custom":
        data["preferences"] = _claimed(view, form)
    try:
        return ActionIn.model_validate(data)
    except ValidationError as exc:
        raise ActionError(validation_message(exc), 422) from None


def _typed(view: SeatView, issues: Mapping[str, str]) -> dict[str, str | int | float]:
    """Each value typed as its issue (a select sends text)."""
    space = view.public.outcome_space
    out: dict[str, str | int | float] = {}
    for name, text in issues.items():
        try:
            issue = space.issues[space.issue_position(name)]
        except KeyError:
            raise ActionError(f"unknown issue {name!r}", 422) from None
        out[name] = text
        for position, label in enumerate(issue.labels):
            if label == text:
                out[name] = issue.value(position)
    return out


def _claimed(view: SeatView, form: Mapping[str, str]) -> dict[str, Any]:
    """The seat's own preferences with the weights it claims (a report that need not be true)."""
    if view.utility is None:
        raise ActionError("a mediator has no preferences to report", 422)
    preferences = view.utility.preferences.model_dump(mode="json")
    if "weights" not in preferences:
        raise ActionError("these preferences have no weights to claim: report truth or none", 422)
    weights = {}
    for name in preferences["weights"]:
        try:
            weights[name] = float(form.get(f"weight:{name}", preferences["weights"][name]))
        except ValueError:
            raise ActionError(f"weight of {name}: not a number", 422) from None
    total = sum(weights.values())
    if not all(w >= 0 for w in weights.values()) or total <= 0:
        raise ActionError("claimed weights must be at least 0, and not all 0", 422)
    preferences["weights"] = {name: w / total for name, w in weights.items()}  # they sum to 1
    return preferences

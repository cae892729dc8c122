"""What a person types at a seat, read: responses, yes/no, outcomes as `issue=value` changes to
the text on the table, counter-offers; each bad line gets a message saying what to type."""

from __future__ import annotations

import numpy as np

from dragoman.model.outcomes import OutcomeSpace
from dragoman.negotiation.events import EventKind, Response
from dragoman.negotiation.requests import Request
from dragoman.negotiation.view import SeatView

__all__ = [
    "RESPONSE_WORDS",
    "base_outcome",
    "on_the_table",
    "parse_counter",
    "parse_outcome",
    "parse_response",
    "parse_yes_no",
    "same_outcome",
]

RESPONSE_WORDS = "accept, reject or walk away (a, r, w)"
COUNTER_WORDS = "accept, walk away, or a counter-offer as issue=value[, ...]"


def parse_response(text: str) -> Response:
    """accept / reject / walk away (or a, r, w)."""
    word = text.strip().lower().replace(" ", "_").replace("-", "_")
    table = {"a": "accept", "r": "reject", "w": "walk_away", "walk": "walk_away"}
    try:
        return Response(table.get(word, word))
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a response: type {RESPONSE_WORDS}") from None


def parse_yes_no(text: str) -> bool:
    """yes / no (or y, n)."""
    word = text.strip().lower()
    if word in ("y", "yes"):
        return True
    if word in ("n", "no"):
        return False
    raise ValueError(f"{text.strip()!r} is not yes or no")


def parse_outcome(text: str, space: OutcomeSpace, base: int) -> int:
    """`issue=value, ...` applied to outcome `base`; names every unknown issue or value."""
    digits = space.digits(np.array([base]))[0]
    pairs = [p.strip() for p in text.split(",") if p.strip()]
    if not pairs:
        raise ValueError("nothing typed: give issue=value pairs")
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise ValueError(f"{pair!r}: write issue=value")
        try:
            position = space.issue_position(name.strip())
        except KeyError as exc:
            raise ValueError(str(exc.args[0])) from None
        digits[position] = space.issues[position].index_of(value.strip())
    return int(space.index(digits))


def parse_counter(line: str, view: SeatView, request: Request) -> Response | int:
    """accept / walk away, or a counter-offer edited from the offer on the table."""
    word = line.strip().lower()
    if "=" not in word and word not in ("best", "same"):
        try:
            response = parse_response(line)
        except ValueError:
            typed = line.strip()
            raise ValueError(
                f"{typed!r} is neither a response nor a counter-offer: type {COUNTER_WORDS}, "
                "or 'best' for your best outcome"
            ) from None
        if response is Response.REJECT:
            raise ValueError("to reject, make a counter-offer (issue=value, ...)")
        return response
    if word == "best" and view.utility is not None:
        return int(view.utility.ranking[0][0])
    return parse_outcome(line, view.public.outcome_space, base_outcome(view, request))


def on_the_table(view: SeatView, request: Request) -> int | None:
    """The outcome before the seat: the one it is asked about, else the current text (a
    single-text mediator composing the next), else the last text, offer or relay it received;
    None when nothing has been put to it yet."""
    if request.offer is not None:
        return request.offer
    if request.current is not None:
        return request.current
    received = view.last(EventKind.TEXT) or view.last(EventKind.OFFER) or view.last(EventKind.RELAY)
    return None if received is None else received.outcome


def same_outcome(view: SeatView, request: Request) -> int:
    """What `same` puts forward: the outcome on the table, else the party's own best (the
    outcome shown); ValueError for a mediator with nothing on the table."""
    if view.utility is None and on_the_table(view, request) is None:
        raise ValueError("nothing is on the table yet: type a text as issue=value[, ...]")
    return base_outcome(view, request)


def base_outcome(view: SeatView, request: Request) -> int:
    """The outcome a proposal is edited from: the one on the table, else the seat's own best
    (else the first outcome, for a mediator before anything was said)."""
    table = on_the_table(view, request)
    if table is not None:
        return table
    if view.utility is not None:
        return int(view.utility.ranking[0][0])
    return 0

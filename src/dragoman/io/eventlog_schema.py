"""The shape of a stored event, checked on every read (JSONL and SQLite alike).

A log may come from anywhere, so nothing in it is trusted: the common fields (step, round, kind,
sender, receivers, outcome) and, for the kinds whose data the readers use, the data itself
(START: title, protocol, seed, step budget, seats, scenario text; ROUND; the ends: utilities,
times, who walked away, the error) are validated by pydantic models, and a fault is reported
with the field's path (`data.utilities.Alice: ...`). Numbers must be finite.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from dragoman.negotiation.events import Event, EventKind

__all__ = ["decode_record"]


class _Checked(BaseModel):
    model_config = ConfigDict(extra="allow", allow_inf_nan=False, strict=True)


class _Record(_Checked):
    """The fields every stored event has."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, strict=True)

    step: StrictInt = Field(ge=0)
    round: StrictInt = Field(ge=0)
    kind: EventKind = Field(strict=False)  # stored as its text
    sender: StrictStr = ""
    receivers: list[StrictStr] = []
    outcome: StrictInt | None = Field(None, ge=0)
    data: dict[str, Any] = {}


class _Seat(_Checked):
    strategy: StrictStr
    params: dict[str, StrictStr | StrictInt | float | bool] = {}


class _Start(_Checked):
    title: StrictStr = ""
    protocol: StrictStr = ""
    seed: StrictInt | None = Field(None, ge=0)
    total_steps: StrictInt | None = Field(None, ge=1)
    seats: dict[str, _Seat] = {}
    scenario: StrictStr = ""


class _Round(_Checked):
    name: StrictStr = ""
    venue: StrictStr = ""
    dates: StrictStr = ""
    pause_steps: StrictInt = Field(0, ge=0)


class _Agreement(_Checked):
    utilities: dict[str, float] = {}
    discounted: dict[str, float] = {}
    time: float = Field(0.0, ge=0.0, le=1.0)


class _Deadline(_Checked):
    steps: StrictInt = Field(0, ge=0)


class _Breakdown(_Checked):
    by: StrictStr = ""


class _Error(_Checked):
    seat: StrictStr = ""
    error: StrictStr = ""


_DATA: dict[EventKind, type[_Checked]] = {
    EventKind.START: _Start,
    EventKind.ROUND: _Round,
    EventKind.AGREEMENT: _Agreement,
    EventKind.DEADLINE: _Deadline,
    EventKind.BREAKDOWN: _Breakdown,
    EventKind.ERROR: _Error,
}


def decode_record(record: Any) -> Event:
    """The event a stored record describes; ValueError naming the first bad field."""
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    try:
        checked = _Record.model_validate(record)
        shape = _DATA.get(checked.kind)
        if shape is not None:
            shape.model_validate(checked.data)
    except ValidationError as exc:
        raise ValueError(_first_problem(exc, checked_data="checked" in locals())) from None
    return Event.from_dict(record)


def _first_problem(exc: ValidationError, checked_data: bool) -> str:
    """The first fault of a record in a few words, with its field path."""
    error = exc.errors()[0]
    loc = ".".join(str(part) for part in error["loc"])
    path = f"data.{loc}" if checked_data else loc
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "enum":
        message = f"unknown event kind {error.get('input')!r}"
    return f"field {path}: {message}" if path else message

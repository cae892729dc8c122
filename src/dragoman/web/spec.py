"""What the web API accepts and returns, validated by pydantic: an exercise to create, an action
to take, and the limits on both (sizes, counts, the shape of keys)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    model_validator,
)

from dragoman.model.base import issue_value

__all__ = [
    "KEY_PATTERN",
    "MAX_BODY_BYTES",
    "MAX_GROUPS",
    "MAX_MESSAGE_CHARS",
    "MAX_SCENARIO_CHARS",
    "ActionIn",
    "ExerciseIn",
    "ExerciseOut",
    "GroupOut",
    "Problem",
    "ProblemsOut",
    "Value",
]

#: The largest request body read (an uploaded scenario included).
MAX_BODY_BYTES = 2_000_000
#: The largest scenario text accepted from an upload.
MAX_SCENARIO_CHARS = 1_000_000
#: Groups of one exercise (a class of many groups is one exercise).
MAX_GROUPS = 100
#: The longest free-text message between seats.
MAX_MESSAGE_CHARS = 2000
#: Idempotency keys: what a client may send so that a retried action is applied once.
KEY_PATTERN = r"^[A-Za-z0-9_-]{8,80}$"


#: What a JSON value that is no issue value is called.
_JSON_KINDS: dict[type, str] = {
    dict: "a JSON object",
    list: "a JSON array",
    type(None): "a JSON null",
}


def _issue_value(value: Any) -> str | int | float:
    """Text, a whole number or a real as JSON gives it, never true/false: the scenario model's
    rule (`dragoman.model.base.issue_value`), in JSON's words."""
    return issue_value(value, _JSON_KINDS)


#: An issue value as JSON gives it: text, a whole number or a real (`_issue_value`).
Value = Annotated[
    str | int | float, PlainValidator(_issue_value, json_schema_input_type=str | int | float)
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExerciseIn(_Strict):
    """An exercise: a scenario (built-in by name, or uploaded YAML), a protocol, who sits where
    (seat -> "human" or a strategy `NAME[:k=v,...]`; unnamed seats get the defaults), and how
    many groups play it, each with its own session (seeds `seed`, `seed`+1, ...)."""

    scenario: str | None = Field(None, max_length=200, description="A built-in scenario's name.")
    scenario_yaml: str | None = Field(
        None, max_length=MAX_SCENARIO_CHARS, description="Scenario YAML text (an upload)."
    )
    protocol: str = Field("alternating", max_length=60)
    seats: dict[str, str] = Field(default_factory=dict, max_length=100)
    groups: int = Field(1, ge=1, le=MAX_GROUPS)
    seed: int = Field(0, ge=0, le=2**31 - 1)
    steps: int | None = Field(None, ge=1, le=10_000)
    drop_red_lines: list[str] = Field(
        default_factory=list, max_length=100, description="PARTY:ISSUE red lines to drop first."
    )

    @model_validator(mode="after")
    def _one_scenario(self) -> ExerciseIn:
        if (self.scenario is None) == (self.scenario_yaml is None):
            raise ValueError("give exactly one of 'scenario' (a built-in) or 'scenario_yaml'")
        for name, spec in self.seats.items():
            if not name or len(name) > 200 or not spec or len(spec) > 200:
                raise ValueError("seats: each seat and strategy is 1 to 200 characters")
        return self


class GroupOut(_Strict):
    """One group's session and the private invitation link of each human seat."""

    group: int
    session: int
    seats: dict[str, str]  # seat -> invitation link (keep private: it is the seat's key)


class ExerciseOut(_Strict):
    """A created exercise: the organiser's private link and every group's invitations."""

    exercise: int
    title: str
    organiser: str  # the organiser's link (private)
    organiser_token: str  # the organiser's token, for the JSON API (Authorization: Bearer)
    groups: list[GroupOut]
    tokens: dict[str, dict[str, str]]  # group -> seat -> token, for API seats


class ActionIn(_Strict):
    """One action of a seat. `key` makes a retry harmless: an action is applied once per key.

    kinds: the action the session waits for (propose, respond, counter, critique, vote,
    report, compose, adopt), or `message` (free text to a seat you have a channel to), or
    `pause` / `resume` (a mediator holds the talks at the next round's start)."""

    key: str = Field(pattern=KEY_PATTERN)
    action: Literal[
        "propose",
        "respond",
        "counter",
        "critique",
        "vote",
        "report",
        "compose",
        "adopt",
        "message",
        "pause",
        "resume",
    ]
    outcome: dict[str, Value] | None = Field(None, max_length=1000)
    response: Literal["accept", "reject", "walk_away"] | None = None
    approve: bool | None = None
    report: Literal["truth", "none", "custom"] | None = None
    preferences: dict[str, Any] | None = None
    to: str | None = Field(None, max_length=200)
    text: str | None = Field(None, max_length=MAX_MESSAGE_CHARS)


class Problem(_Strict):
    """One problem with a request, located where possible."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None


class ProblemsOut(_Strict):
    """A refused request: what is wrong, one problem per line."""

    detail: str
    problems: list[Problem] = Field(default_factory=list)

"""The Scenario: a frozen, schema-validated description of a negotiation.

Structure is checked by pydantic; references between parts (an issue named in a red line, a
value named in a score table, a party named in a channel) are checked by `cross_check`, which
returns every problem with the path of the faulty field. Reading and writing files is in
`dragoman.io.scenario_file`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from dragoman.errors import Problem, ScenarioError
from dragoman.model.kinds import (
    PREFERENCE_KINDS,
    AnyPreferences,
    CompiledUtility,
    compile_preferences,
)
from dragoman.model.outcomes import Issue, OutcomeSpace
from dragoman.model.preferences import Preferences
from dragoman.model.rectangles import HyperRectanglePreferences, check_rectangles

__all__ = [
    "FORMAT_VERSION",
    "Channel",
    "Commitment",
    "Fact",
    "Guarantee",
    "Implementation",
    "Metadata",
    "Party",
    "Phase",
    "PhasePayoff",
    "Round",
    "Scenario",
    "SeatSpec",
    "Source",
    "Spoiler",
    "cross_check",
]

FORMAT_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Strict):
    """A citation for a reported fact."""

    id: str = Field(min_length=1)
    title: str
    publisher: str = ""
    date: str = ""
    url: str = ""


class Fact(_Strict):
    """A reported fact the scenario is built on, with the ids of its sources."""

    text: str
    sources: tuple[str, ...] = ()


class Metadata(_Strict):
    """What the scenario is, where its facts come from, and what is assumed."""

    title: str = Field(min_length=1)
    description: str = ""
    assumptions: str = Field(
        "", description="Which parts (usually the preferences) are illustrative assumptions."
    )
    sources: tuple[Source, ...] = ()
    facts: tuple[Fact, ...] = ()
    tags: tuple[str, ...] = ()


class Party(_Strict):
    """A seat at the table: a negotiating party (with preferences) or a mediator."""

    name: str = Field(min_length=1)
    role: Literal["party", "mediator"] = "party"
    label: str = Field("", description="Longer display name, e.g. 'United States' for 'US'.")
    description: str = ""
    preferences: AnyPreferences | None = None

    @model_validator(mode="after")
    def _preferences_match_role(self) -> Party:
        if self.role == "party" and self.preferences is None:
            raise ValueError("a party with role 'party' needs 'preferences'")
        if self.role == "mediator" and self.preferences is not None:
            raise ValueError("a mediator has no 'preferences' (it does not negotiate for itself)")
        return self


class Channel(_Strict):
    """Who may send messages to whom (directed)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    sender: str = Field(alias="from")
    receivers: tuple[str, ...] = Field(alias="to", min_length=1)


class Round(_Strict):
    """A session of talks at a venue, with its step budget."""

    name: str = Field(min_length=1)
    venue: str = ""
    steps: int = Field(gt=0, description="How many protocol steps the round lasts.")
    pause_steps: int = Field(
        0,
        ge=0,
        description="Time (in steps) that passes after this round before the next, with no "
        "talks: it counts toward the deadline and the parties' discounting.",
    )
    dates: str = ""
    note: str = ""


def _number_or_formula(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"expected a number or a formula over issue names (got {value!r})")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"expected a finite number (got {value!r})")
    return value


def _whole_or_weekly(value: Any) -> Any:
    if value == "weekly" or (isinstance(value, int) and not isinstance(value, bool) and value > 0):
        return value
    raise ValueError(f"expected a whole number of batches (>= 1) or 'weekly' (got {value!r})")


#: A number, or a formula over agreed issue values (`dragoman.model.formula`).
Quantity = Annotated[float | str, BeforeValidator(_number_or_formula)]


class Commitment(_Strict):
    """Something a party does in a phase; `amount` may be a formula over agreed issue values."""

    party: str
    action: str
    amount: Quantity = ""
    text: str = Field(
        "", description="The commitment in words; '{amount}' is replaced by the agreed amount."
    )


class Phase(_Strict):
    """One phase of a phased agreement; `dragoman.phases` turns it into a schedule."""

    name: str = Field(min_length=1)
    duration_weeks: Quantity | None = Field(
        None, description="Weeks the phase lasts: a number or a formula over issue values."
    )
    description: str = ""
    commitments: tuple[Commitment, ...] = ()
    preconditions: tuple[str, ...] = Field((), description="Further conditions, in words.")
    batches: Annotated[int | Literal["weekly"], BeforeValidator(_whole_or_weekly)] = Field(
        1, description="Exchanges carried out at once (1), in n batches, or one batch a week."
    )
    verified_by: tuple[str, ...] = Field(
        (), description="Monitors (mediators) who verify the phase before the next one starts."
    )

    @field_validator("duration_weeks")
    @classmethod
    def _positive(cls, value: float | str | None) -> float | str | None:
        if isinstance(value, int | float) and not 0 < value <= 520:
            raise ValueError(f"a phase must last more than 0 and at most 520 weeks (got {value:g})")
        return value


class PhasePayoff(_Strict):
    """One party's stakes in one phase (numbers or formulas), in the units of its utility."""

    party: str
    phase: str
    complete: Quantity = Field(0.0, description="Value of the phase being completed.")
    defect: Quantity = Field(0.0, description="Value of defecting at the phase.")
    cost: Quantity = Field(0.0, description="Cost of defecting (reputation, standing penalties).")
    betrayed: Quantity = Field(0.0, description="Value when another party defects at the phase.")
    note: str = ""


class Guarantee(_Strict):
    """A penalty (or forfeited escrow) a party incurs if it defects at a phase."""

    party: str
    phase: str
    penalty: Quantity
    by: tuple[str, ...] = Field((), description="The guarantors.")
    note: str = ""

    @field_validator("penalty")
    @classmethod
    def _not_negative(cls, value: float | str) -> float | str:
        if not isinstance(value, str) and value < 0:
            raise ValueError(f"a guarantee's penalty cannot be negative (got {value:g})")
        return value


class Spoiler(_Strict):
    """A third party whose actions may cause escalation shocks during implementation."""

    name: str = Field(min_length=1)
    description: str = ""
    sources: tuple[str, ...] = ()
    weekly_probability: float = Field(ge=0, le=1, description="Chance of a shock in a week.")
    deterrence: float = Field(0.0, ge=0, le=1, description="Share of that chance deterred.")
    phases: tuple[str, ...] = Field((), description="Phases it is active in; empty: all.")


class Implementation(_Strict):
    """Payoffs, guarantees and spoilers of a phased agreement (`docs/phases.md`)."""

    assumptions: str = ""
    weekly_discount: float = Field(1.0, gt=0, le=1)
    unverified_detection: float = Field(
        1.0, gt=0, le=1, description="Chance a violation is established without a monitor."
    )
    absorption: float = Field(
        0.0, ge=0, le=1, description="Chance mediators restore the deal after a shock/violation."
    )
    compliance_noise: float = Field(0.0, ge=0, description="Bound of the uniform noise.")
    payoffs: tuple[PhasePayoff, ...] = ()
    guarantees: tuple[Guarantee, ...] = ()
    spoilers: tuple[Spoiler, ...] = ()


class SeatSpec(_Strict):
    """Who sits in a seat by default: a registered strategy and its parameters."""

    strategy: str = Field(min_length=1)
    params: dict[str, str | int | float | bool] = Field(default_factory=dict)


class Scenario(_Strict):
    """A negotiation: issues, parties and mediators, channels, rounds, and deal phases."""

    format_version: Literal[1] = 1
    metadata: Metadata
    issues: tuple[Issue, ...] = Field(min_length=1)
    parties: tuple[Party, ...] = Field(min_length=2)
    channels: tuple[Channel, ...] | None = Field(
        None, description="Directed channels; absent means everyone may talk to everyone."
    )
    rounds: tuple[Round, ...] = ()
    deadline_steps: int | None = Field(None, gt=0, description="Total step budget.")
    phases: tuple[Phase, ...] = ()
    implementation: Implementation | None = Field(
        None, description="Payoffs, guarantees and spoilers of the phases (illustrative)."
    )
    seats: dict[str, SeatSpec] = Field(
        default_factory=dict, description="Default strategy per party or mediator."
    )

    @classmethod
    def from_data(cls, data: Any) -> Scenario:
        """Validate plain data (as parsed from YAML); raise ScenarioError listing every fault."""
        try:
            scenario = cls.model_validate(data)
        except ValidationError as exc:
            errors = _without_echoes(exc.errors())
            raise ScenarioError(
                [Problem(plain_message(e), format_path(data, e["loc"])) for e in errors]
            ) from None
        problems = cross_check(scenario)
        if problems:
            raise ScenarioError(problems)
        return scenario

    # --- derived views ----------------------------------------------------------------------
    @cached_property
    def outcome_space(self) -> OutcomeSpace:
        """The outcome space spanned by the issues."""
        return OutcomeSpace(self.issues)

    @cached_property
    def yaml_text(self) -> str:
        """The scenario as canonical YAML (computed once; embedded in event logs)."""
        from dragoman.io.scenario_file import dump_scenario

        return dump_scenario(self)

    @property
    def negotiators(self) -> tuple[Party, ...]:
        """The parties with role 'party', in file order."""
        return tuple(p for p in self.parties if p.role == "party")

    @property
    def mediators(self) -> tuple[Party, ...]:
        """The parties with role 'mediator', in file order."""
        return tuple(p for p in self.parties if p.role == "mediator")

    def party(self, name: str) -> Party:
        """The party or mediator called `name`."""
        for p in self.parties:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.parties)
        raise KeyError(f"no party or mediator named {name!r} (known: {known})")

    @cached_property
    def utilities(self) -> tuple[CompiledUtility, ...]:
        """Compiled utility of each negotiating party, in `negotiators` order."""
        space = self.outcome_space
        return tuple(
            compile_preferences(p.preferences, space)
            for p in self.negotiators
            if p.preferences is not None
        )

    @cached_property
    def channel_pairs(self) -> frozenset[tuple[str, str]]:
        """Every (sender, receiver) pair the channels allow (computed once)."""
        names = [p.name for p in self.parties]
        return frozenset((a, b) for a in names for b in names if self.may_send(a, b))

    def may_send(self, sender: str, receiver: str) -> bool:
        """Whether the channels let `sender` address `receiver`."""
        if sender == receiver:
            return False
        if self.channels is None:
            return True
        return any(c.sender == sender and receiver in c.receivers for c in self.channels)

    def without_red_lines(self, drops: list[tuple[str, str]]) -> Scenario:
        """A what-if copy with the red lines of each (party, issue) in `drops` removed."""
        data = self.model_dump(by_alias=True)
        for party_name, issue in drops:
            k = next((i for i, p in enumerate(data["parties"]) if p["name"] == party_name), None)
            if k is None or data["parties"][k]["preferences"] is None:
                raise ScenarioError([Problem(f"no party named {party_name!r}", "parties")])
            prefs = data["parties"][k]["preferences"]
            kept = [r for r in prefs["red_lines"] if r["issue"] != issue]
            if len(kept) == len(prefs["red_lines"]):
                path = f"parties[{k}].preferences.red_lines"
                raise ScenarioError([Problem(f"{party_name} has no red line on {issue!r}", path)])
            prefs["red_lines"] = kept
        return Scenario.from_data(data)

    @property
    def total_steps(self) -> int | None:
        """The step budget: `deadline_steps`, else the rounds' steps and the pauses between
        them, else None."""
        if self.deadline_steps is not None:
            return self.deadline_steps
        pauses = sum(r.pause_steps for r in self.rounds[:-1])
        return (sum(r.steps for r in self.rounds) + pauses) or None


# --- cross-reference checks -------------------------------------------------------------------


def cross_check(scenario: Scenario) -> list[Problem]:
    """Every reference between parts of the scenario that does not resolve, with its path."""
    return [
        *_check_names(scenario),
        *_check_channels(scenario),
        *(p for k, party in enumerate(scenario.parties) for p in _check_party(scenario, k, party)),
        *_check_phases(scenario),
        *_check_seats(scenario),
        *_check_sources(scenario),
    ]


def _duplicates(names: list[str]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for k, name in enumerate(names):
        if name in seen:
            yield k, name
        seen.add(name)


def _check_names(s: Scenario) -> Iterator[Problem]:
    for k, name in _duplicates([i.name for i in s.issues]):
        yield Problem(f"duplicate issue name {name!r}", f"issues[{k}].name")
    for k, name in _duplicates([p.name for p in s.parties]):
        yield Problem(f"duplicate party name {name!r}", f"parties[{k}].name")
    if len(s.negotiators) < 2:
        yield Problem(
            f"a negotiation needs at least 2 parties with role 'party' (got {len(s.negotiators)})",
            "parties",
        )


def _check_channels(s: Scenario) -> Iterator[Problem]:
    names = {p.name for p in s.parties}
    for k, channel in enumerate(s.channels or ()):
        if channel.sender not in names:
            yield Problem(_unknown("party", channel.sender, names), f"channels[{k}].from")
        for j, receiver in enumerate(channel.receivers):
            if receiver not in names:
                yield Problem(_unknown("party", receiver, names), f"channels[{k}].to[{j}]")
            elif receiver == channel.sender:
                yield Problem("a party cannot send to itself", f"channels[{k}].to[{j}]")


def _check_party(s: Scenario, k: int, party: Party) -> Iterator[Problem]:
    prefs = party.preferences
    if prefs is None:
        return
    base = f"parties[{k}].preferences"
    issues = {i.name: i for i in s.issues}
    if isinstance(prefs, HyperRectanglePreferences):
        yield from check_rectangles(prefs, issues, base)
    else:
        yield from _check_linear(prefs, issues, base)
    for j, red_line in enumerate(prefs.red_lines):
        path = f"{base}.red_lines[{j}]"
        if red_line.issue not in issues:
            yield Problem(_unknown("issue", red_line.issue, issues), f"{path}.issue")
            continue
        issue = issues[red_line.issue]
        bad = False
        for field in ("allowed", "forbidden"):
            for v, value in enumerate(getattr(red_line, field) or ()):
                try:
                    issue.index_of(value)
                except ValueError as exc:
                    bad = True
                    yield Problem(str(exc), f"{path}.{field}[{v}]")
        if bad:
            continue
        try:
            if not red_line.mask(issue).any():
                yield Problem("the red line excludes every value of its issue", path)
        except ValueError as exc:
            yield Problem(str(exc), path)


def _check_linear(prefs: Preferences, issues: dict[str, Issue], base: str) -> Iterator[Problem]:
    """Weights, scorings and interactions of linear-additive preferences."""
    for name in prefs.weights:
        if name not in issues:
            yield Problem(_unknown("issue", name, issues), f"{base}.weights.{name}")
    for name, weight in prefs.weights.items():
        if weight > 0 and name in issues and name not in prefs.values:
            yield Problem(f"issue {name!r} has weight {weight} but no scoring", f"{base}.values")
    for name, scoring in prefs.values.items():
        if name not in issues:
            yield Problem(_unknown("issue", name, issues), f"{base}.values.{name}")
            continue
        issue = issues[name]
        if scoring.scores is not None:
            extra = [v for v in scoring.scores if v not in issue.labels]
            if extra:
                yield Problem(
                    f"unknown values {extra} (issue {name!r} has: {', '.join(issue.labels)})",
                    f"{base}.values.{name}.scores",
                )
        try:
            scoring.vector(issue)
        except ValueError as exc:
            yield Problem(str(exc), f"{base}.values.{name}")
    for j, interaction in enumerate(prefs.interactions):
        for name, value in interaction.when.items():
            path = f"{base}.interactions[{j}].when.{name}"
            if name not in issues:
                yield Problem(_unknown("issue", name, issues), path)
                continue
            try:
                issues[name].index_of(value)
            except ValueError as exc:
                yield Problem(str(exc), path)


def _check_phases(s: Scenario) -> Iterator[Problem]:
    # imported here: dragoman.phases builds on this module
    from dragoman.model.phase_checks import check_phases

    yield from check_phases(s)


def _check_seats(s: Scenario) -> Iterator[Problem]:
    """Each default seat names a known party and a strategy that builds with its params."""
    from dragoman.strategies.registry import StrategyError, make_agent, make_mediator

    roles = {p.name: p.role for p in s.parties}
    for name, seat in s.seats.items():
        if name not in roles:
            yield Problem(_unknown("party", name, roles), f"seats.{name}")
            continue
        make = make_agent if roles[name] == "party" else make_mediator
        try:
            make(seat.strategy, **seat.params)
        except StrategyError as exc:
            yield Problem(str(exc), f"seats.{name}")


def _check_sources(s: Scenario) -> Iterator[Problem]:
    ids = {source.id for source in s.metadata.sources}
    for k, fact in enumerate(s.metadata.facts):
        for j, source in enumerate(fact.sources):
            if source not in ids:
                yield Problem(_unknown("source", source, ids), f"metadata.facts[{k}].sources[{j}]")


def _unknown(kind: str, name: str, known: Any) -> str:
    return f"unknown {kind} {name!r} (known: {', '.join(sorted(known)) or 'none'})"


# --- turning pydantic errors into plain problems ------------------------------------------------

_ISSUE_KINDS = ("categorical", "integer", "real")
_UNION_TAGS = (*_ISSUE_KINDS, *PREFERENCE_KINDS)


def _without_echoes(errors: list[Any]) -> list[Any]:
    """Drop "too short" complaints about a list whose own items were already reported (an
    invalid item leaves the list short after validation: an echo, not a second fault)."""
    locs = [tuple(e["loc"]) for e in errors]
    return [
        e
        for e in errors
        if not (
            e["type"] == "too_short"
            and any(
                len(other) > len(e["loc"]) and other[: len(e["loc"])] == tuple(e["loc"])
                for other in locs
            )
        )
    ]


def data_loc(data: Any, loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """`loc` with pydantic's union tags removed, so it follows the data's own keys."""
    out: list[int | str] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            out.append(part)
        elif isinstance(part, str) and part in _UNION_TAGS and isinstance(node, dict):
            continue  # discriminated-union tag, not a key of the data
        else:
            out.append(part)
            node = None
    return tuple(out)


def format_path(data: Any, loc: tuple[int | str, ...]) -> str:
    """A field path like `parties[1].preferences.weights`."""
    text = ""
    for part in data_loc(data, loc):
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def plain_message(error: Any) -> str:
    """Pydantic's message without its prefixes, in the scenario's terms."""
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see `dragoman schema`)"
    if kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag", "")
        return f"unknown issue kind {tag!r} (use one of: {', '.join(_ISSUE_KINDS)})"
    if kind == "union_tag_not_found":
        return f"each issue needs a 'kind' ({', '.join(_ISSUE_KINDS)})"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if kind.endswith("_type") or kind.endswith("_parsing"):
        given = repr(error.get("input"))
        message += f" (got {given if len(given) <= 60 else given[:57] + '...'})"
    return message

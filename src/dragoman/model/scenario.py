"""The Scenario: a frozen, schema-validated description of a negotiation.

Structure is checked by pydantic; references between parts (an issue named in a red line, a
value named in a score table, a party named in a channel) by `dragoman.model.checks`, which
returns every problem with the path of the faulty field. A scenario holds no derived state:
its outcome space, channel pairs and canonical text are derived once per object
(`dragoman._derived`), so a copy or variant derives its own. Files are in `dragoman.io`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator

from dragoman._derived import derived
from dragoman.errors import Problem, ScenarioError
from dragoman.limits import over, within
from dragoman.model.base import Description, PositiveWhole
from dragoman.model.checks import cross_check, preference_problems
from dragoman.model.kinds import PreferencesBase, rebuild_with_kinds
from dragoman.model.messages import format_path, plain_message, without_echoes
from dragoman.model.outcomes import Issue, OutcomeSpace
from dragoman.model.partial import Parts, scenario_parts
from dragoman.model.phases import Implementation, Phase
from dragoman.model.sections import Channel, Metadata, Party, Round, SeatSpec
from dragoman.model.text import scenario_yaml
from dragoman.model.uncertainty import Uncertainty, assign
from dragoman.model.uncertainty_checks import partial_uncertainty_problems, uncertainty_problems

__all__ = ["FORMAT_VERSION", "PartsCheck", "Scenario"]

FORMAT_VERSION = 1

#: A further check of a scenario's sound parts (seats, a file format's limits, ...).
PartsCheck = Callable[[Parts], list[Problem]]


class Scenario(Description):
    """A negotiation: issues, parties and mediators, channels, rounds, and deal phases."""

    format_version: Literal[1] = 1
    metadata: Metadata
    issues: tuple[Issue, ...] = Field(min_length=1)
    parties: tuple[Party, ...] = Field(min_length=2)
    channels: tuple[Channel, ...] | None = Field(
        None, description="Directed channels; absent means everyone may talk to everyone."
    )
    rounds: tuple[Round, ...] = ()
    deadline_steps: PositiveWhole | None = Field(None, description="Total step budget.")
    phases: tuple[Phase, ...] = ()
    implementation: Implementation | None = Field(
        None, description="Payoffs, guarantees and spoilers of the phases (illustrative)."
    )
    seats: dict[str, SeatSpec] = Field(
        default_factory=dict, description="Default strategy per party or mediator."
    )
    uncertainty: Uncertainty | None = Field(
        None, description="Preference numbers given as distributions (uncertainty studies)."
    )

    @field_validator("issues", "phases", mode="before")
    @classmethod
    def _within_limits(cls, value: Any, info: ValidationInfo) -> Any:
        return _counted(value, str(info.field_name))

    @field_validator("deadline_steps")
    @classmethod
    def _steps_within_limit(cls, value: int | None) -> int | None:
        return within("steps", value)

    @classmethod
    def from_data(cls, data: Any, checks: Sequence[PartsCheck] = ()) -> Scenario:
        """Validate plain data (as parsed from YAML); raise ScenarioError listing every fault:
        pydantic's, then the cross-checks and each of `checks` (e.g. a file format's limits)
        run on whatever parts validated (`dragoman.model.partial`). Sections over their
        limits ('issues', 'phases') are refused first, before any work on them."""
        oversized = _oversized(data)
        if oversized:
            raise ScenarioError(oversized)
        try:
            scenario = cls.model_validate(data)
        except ValidationError as exc:
            errors = without_echoes(exc.errors())
            problems = [
                Problem(plain_message(e, model=cls), format_path(data, e["loc"])) for e in errors
            ]
            if isinstance(data, Mapping):
                parts = scenario_parts(data, _defaults())
                problems += [*cross_check(parts), *(p for check in checks for p in check(parts))]
                if all(e["loc"][:1] == ("uncertainty",) for e in errors):
                    problems += _section_faults(cls, data, problems)
                    problems.sort(key=_parameter_position)  # each parameter's faults together
            raise ScenarioError(problems) from None
        parts = Parts.of(scenario)
        problems = [*cross_check(parts), *(p for check in checks for p in check(parts))]
        if not problems and scenario.uncertainty is not None:
            problems = uncertainty_problems(scenario, scenario.uncertainty)
        if problems:
            raise ScenarioError(problems)
        return scenario

    # --- variants ---------------------------------------------------------------------------
    def revised(self, changes: Mapping[str, Any]) -> Scenario:
        """A validated variant with top-level fields replaced by `changes` (plain data or
        models); the supported way to make what-if and sampled variants."""
        data = self.model_dump(by_alias=True)
        for key, value in changes.items():
            data[key] = value
        return Scenario.from_data(data)

    def with_preferences(self, preferences: Mapping[str, PreferencesBase]) -> Scenario:
        """A validated variant in which the named parties have new preferences."""
        unknown = [name for name in preferences if name not in {p.name for p in self.parties}]
        if unknown:
            raise ScenarioError([Problem(f"no party named {unknown[0]!r}", "parties")])
        parties = [
            p.model_copy(update={"preferences": preferences[p.name]})
            if p.name in preferences
            else p
            for p in self.parties
        ]
        return self.revised({"parties": parties})

    def sampled(self, assignments: Sequence[tuple[str, Any]]) -> Scenario:
        """A concrete variant: each (path, value) of the `uncertainty` section set (see
        `dragoman.model.uncertainty`), the section itself dropped. Every path leads into a
        party's preferences, so only the parties changed are validated again, with the checks
        of preferences; the rest is this scenario's, already validated (a study makes
        thousands of variants: `revised` would check every section of each)."""
        data = [p.model_dump(by_alias=True) for p in self.parties]
        changed = {assign(data, path, value) for path, value in assignments}
        parties, problems = list(self.parties), []
        for k in sorted(changed):
            try:
                parties[k] = Party.model_validate(data[k])
            except ValidationError as exc:
                problems += [
                    Problem(
                        plain_message(e, model=Party),
                        format_path({"parties": data}, ("parties", k, *e["loc"])),
                    )
                    for e in without_echoes(exc.errors())
                ]
        if problems:
            raise ScenarioError(problems)
        variant = self.model_copy(update={"parties": tuple(parties), "uncertainty": None})
        problems = preference_problems(Parts.of(variant), changed)
        if problems:
            raise ScenarioError(problems)
        return variant

    def without_red_lines(self, drops: Sequence[tuple[str, str]]) -> Scenario:
        """A what-if variant with the red lines of each (party, issue) in `drops` removed."""
        data = self.model_dump(by_alias=True)
        for party_name, issue in drops:
            k = next((i for i, p in enumerate(data["parties"]) if p["name"] == party_name), None)
            if k is None or data["parties"][k]["preferences"] is None:
                parties = ", ".join(p.name for p in self.negotiators)
                message = f"no party named {party_name!r} (parties: {parties})"
                if k is not None:
                    message = f"{party_name} is a mediator, with no red lines (parties: {parties})"
                raise ScenarioError([Problem(message, "parties")])
            prefs = data["parties"][k]["preferences"]
            kept = [r for r in prefs["red_lines"] if r["issue"] != issue]
            if len(kept) == len(prefs["red_lines"]):
                path = f"parties[{k}].preferences.red_lines"
                names = [i.name for i in self.issues]
                if issue not in names:
                    message = f"no issue named {issue!r} (issues: {', '.join(names)})"
                    raise ScenarioError([Problem(message, "issues")])
                kinds = list(dict.fromkeys(r["issue"] for r in prefs["red_lines"]))
                has = f"its red lines: {', '.join(kinds)}" if kinds else "it has none"
                message = f"{party_name} has no red line on {issue!r} ({has})"
                raise ScenarioError([Problem(message, path)])
            prefs["red_lines"] = kept
        return Scenario.from_data(data)

    # --- derived views (once per object, never copied) --------------------------------------
    @property
    def outcome_space(self) -> OutcomeSpace:
        """The outcome space spanned by the issues."""
        return derived(self, "outcome_space", lambda: OutcomeSpace(self.issues))

    @property
    def yaml_text(self) -> str:
        """The scenario as canonical YAML (embedded in event logs)."""
        return derived(self, "yaml_text", lambda: scenario_yaml(self))

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

    @property
    def channel_pairs(self) -> frozenset[tuple[str, str]]:
        """Every (sender, receiver) pair the channels allow."""
        return derived(self, "channel_pairs", self._channel_pairs)

    def _channel_pairs(self) -> frozenset[tuple[str, str]]:
        names = [p.name for p in self.parties]
        return frozenset((a, b) for a in names for b in names if self.may_send(a, b))

    def may_send(self, sender: str, receiver: str) -> bool:
        """Whether the channels let `sender` address `receiver`."""
        if sender == receiver:
            return False
        if self.channels is None:
            return True
        return any(c.sender == sender and receiver in c.receivers for c in self.channels)

    @property
    def total_steps(self) -> int | None:
        """The step budget: `deadline_steps`, else the rounds' steps and the pauses between
        them, else None."""
        if self.deadline_steps is not None:
            return self.deadline_steps
        pauses = sum(r.pause_steps for r in self.rounds[:-1])
        return (sum(r.steps for r in self.rounds) + pauses) or None


def _defaults() -> dict[str, Any]:
    """Each section's value when a file leaves it out."""
    return {
        name: info.get_default(call_default_factory=True)
        for name, info in Scenario.model_fields.items()
        if not info.is_required()
    }


rebuild_with_kinds(Scenario)


def _counted(value: Any, section: str) -> Any:
    """`value`, or ValueError when it lists more items than the limit named `section`."""
    too_many = over(section, len(value)) if isinstance(value, list | tuple) else None
    if too_many:
        raise ValueError(too_many)
    return value


def _oversized(data: Any) -> list[Problem]:
    """The sections of raw scenario data listing more items than their limits."""
    problems = []
    for section in ("issues", "phases"):
        value = data.get(section) if isinstance(data, Mapping) else None
        try:
            _counted(value, section)
        except ValueError as exc:
            problems.append(Problem(str(exc), section))
    return problems


def _section_faults(
    cls: type[Scenario], data: Mapping[str, Any], found: list[Problem]
) -> list[Problem]:
    """When only the uncertainty section failed its schema: the faults of its parameters that
    did validate, checked against the rest of the scenario (every fault at once)."""
    if found and any(not p.path.startswith("uncertainty") for p in found):
        return []
    try:
        rest = cls.model_validate({**data, "uncertainty": None})
    except ValidationError:
        return []
    if cross_check(Parts.of(rest)):
        return []
    return partial_uncertainty_problems(rest, data.get("uncertainty"))


def _parameter_position(problem: Problem) -> int:
    """The position of the uncertain parameter a problem is about (-1: none)."""
    found = re.match(r"uncertainty\.parameters\[(\d+)\]", problem.path)
    return int(found[1]) if found else -1

"""The parts of a scenario that validate, even when the whole does not: each section, and each
item of a list section, is validated on its own, so the cross-checks (and a file format's
limits) can run on whatever is sound and every fault is reported in one pass, not in waves.

`Parts.of(scenario)` gives the parts of a valid scenario (all complete); `scenario_parts(data)`
those of plain data. A check of parts skips what it cannot judge: a reference to an item that
failed validation is neither right nor wrong yet (`Parts.unknowable`). The scenario module
builds on this one, so a whole scenario is known here only by its sections (`Sections`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import TypeAdapter, ValidationError

from dragoman.model.outcomes import AnyIssue, Issue
from dragoman.model.phases import Implementation, Phase
from dragoman.model.sections import Channel, Metadata, Party, SeatSpec

__all__ = ["Parts", "Sections", "scenario_parts"]

#: List sections validated item by item, and the type of their items.
_ITEMS: dict[str, Any] = {"issues": Issue, "parties": Party, "channels": Channel, "phases": Phase}


class Sections(Protocol):
    """The sections of a valid scenario that `Parts.of` reads (a `Scenario` is one)."""

    @property
    def metadata(self) -> Metadata: ...
    @property
    def issues(self) -> Sequence[AnyIssue]: ...
    @property
    def parties(self) -> Sequence[Party]: ...
    @property
    def channels(self) -> Sequence[Channel] | None: ...
    @property
    def phases(self) -> Sequence[Phase]: ...
    @property
    def implementation(self) -> Implementation | None: ...
    @property
    def seats(self) -> Mapping[str, SeatSpec]: ...


@dataclass(frozen=True)
class Parts:
    """The sound parts of a scenario: list items by their index in the data, the other
    sections if they validated, and which sections validated whole."""

    issues: dict[int, AnyIssue] = field(default_factory=dict)
    parties: dict[int, Party] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    phases: dict[int, Phase] = field(default_factory=dict)
    metadata: Metadata | None = None
    implementation: Implementation | None = None
    seats: dict[str, SeatSpec] = field(default_factory=dict)
    complete: frozenset[str] = frozenset()
    #: names of the issues and parties that failed validation (None: some have no name)
    failed_names: dict[str, frozenset[str] | None] = field(default_factory=dict)
    scenario: Sections | None = None  # the whole, when it validated

    @classmethod
    def of(cls, scenario: Sections) -> Parts:
        """The parts of a valid scenario: everything sound, everything complete."""
        return cls(
            issues=dict(enumerate(scenario.issues)),
            parties=dict(enumerate(scenario.parties)),
            channels=dict(enumerate(scenario.channels or ())),
            phases=dict(enumerate(scenario.phases)),
            metadata=scenario.metadata,
            implementation=scenario.implementation,
            seats=dict(scenario.seats),
            complete=frozenset((*_ITEMS, "metadata", "implementation", "seats")),
            scenario=scenario,
        )

    def whole(self, *sections: str) -> bool:
        """Whether every one of `sections` validated whole."""
        return all(s in self.complete for s in sections)

    def unknowable(self, section: str, name: str) -> bool:
        """Whether a reference to `name` in `section` cannot be judged: an item of that
        section failed validation and may be the one named."""
        failed = self.failed_names.get(section, frozenset())
        return failed is None or name in failed

    def issue_names(self) -> dict[str, AnyIssue]:
        """The sound issues by name."""
        return {issue.name: issue for issue in self.issues.values()}


def scenario_parts(data: Mapping[str, Any], defaults: Mapping[str, Any]) -> Parts:
    """The parts of `data` that validate on their own (`defaults`: each section's value when
    the data leaves it out, as the scenario model has it)."""
    items: dict[str, dict[int, Any]] = {}
    complete: set[str] = set()
    failed: dict[str, frozenset[str] | None] = {}
    for section, item_type in _ITEMS.items():
        raw = data.get(section, defaults.get(section))
        good, names = _items(raw, item_type)
        items[section] = good
        failed[section] = names
        if names == frozenset() and isinstance(raw, list | tuple | type(None)):
            complete.add(section)
    others = {}
    for section in ("metadata", "implementation", "seats"):
        value, ok = _section(section, data.get(section, defaults.get(section)))
        others[section] = value
        if ok:
            complete.add(section)
    return Parts(
        issues=items["issues"],
        parties=items["parties"],
        channels=items["channels"],
        phases=items["phases"],
        metadata=others["metadata"],
        implementation=others["implementation"],
        seats=others["seats"] or {},
        complete=frozenset(complete),
        failed_names=failed,
    )


def _items(raw: Any, item_type: Any) -> tuple[dict[int, Any], frozenset[str] | None]:
    """The items of a list section that validate, and the names of those that do not."""
    if raw is None:
        return {}, frozenset()
    if not isinstance(raw, list | tuple):
        return {}, None
    adapter: TypeAdapter[Any] = TypeAdapter(item_type)
    good: dict[int, Any] = {}
    names: set[str] = set()
    nameless = False
    for k, item in enumerate(raw):
        try:
            good[k] = adapter.validate_python(item)
        except ValidationError:
            name = item.get("name") if isinstance(item, dict) else None
            if isinstance(name, str):
                names.add(name)
            else:
                nameless = True
    return good, None if nameless else frozenset(names)


_SECTIONS: dict[str, Any] = {
    "metadata": Metadata,
    "implementation": Implementation | None,
    "seats": dict[str, SeatSpec],
}


def _section(section: str, raw: Any) -> tuple[Any, bool]:
    """A section validated alone: (its value, True), or (None, False) if it is not sound."""
    try:
        return TypeAdapter(_SECTIONS[section]).validate_python(raw), True
    except ValidationError:
        return None, False

"""The sections of a scenario besides its issues and phases: metadata (sources, facts), the
parties and mediators, the channels between them, the rounds of talks, default seats."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator

import dragoman.model.preferences
import dragoman.model.rectangles  # noqa: F401 - the built-in kinds, registered before Party
from dragoman.model.base import Description, Whole
from dragoman.model.kinds import AnyPreferences, rebuild_with_kinds

__all__ = ["Channel", "Fact", "Metadata", "Party", "Round", "SeatSpec", "Source"]


class Source(Description):
    """A citation for a reported fact."""

    id: str = Field(min_length=1)
    title: str
    publisher: str = ""
    date: str = ""
    url: str = ""


class Fact(Description):
    """A reported fact the scenario is built on, with the ids of its sources."""

    text: str
    sources: tuple[str, ...] = ()


class Metadata(Description):
    """What the scenario is, where its facts come from, and what is assumed."""

    title: str = Field(min_length=1)
    description: str = ""
    assumptions: str = Field(
        "", description="Which parts (usually the preferences) are illustrative assumptions."
    )
    sources: tuple[Source, ...] = ()
    facts: tuple[Fact, ...] = ()
    tags: tuple[str, ...] = ()


class Party(Description):
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


class Channel(Description):
    """Who may send messages to whom (directed)."""

    model_config = ConfigDict(populate_by_name=True)

    sender: str = Field(alias="from")
    receivers: tuple[str, ...] = Field(alias="to", min_length=1)


class Round(Description):
    """A session of talks at a venue, with its step budget."""

    name: str = Field(min_length=1)
    venue: str = ""
    steps: Whole = Field(gt=0, description="How many protocol steps the round lasts.")
    pause_steps: Whole = Field(
        0,
        ge=0,
        description="Time (in steps) that passes after this round before the next, with no "
        "talks: it counts toward the deadline and the parties' discounting.",
    )
    dates: str = ""
    note: str = ""


class SeatSpec(Description):
    """Who sits in a seat by default: a registered strategy and its parameters."""

    strategy: str = Field(min_length=1)
    params: dict[str, str | int | float | bool] = Field(default_factory=dict)


rebuild_with_kinds(Party)

"""Kinds of preferences: the base every kind shares, and the registry that makes a kind known.

A kind is one pydantic class deriving from `PreferencesBase` with a literal `kind` tag; defining
the class registers it (`linear-additive`, the default, and `hyper-rectangles` are built in).
`AnyPreferences`, the field type of a party's preferences, is the union of every registered
kind, picked by the `kind` key (absent: `linear-additive`, so format-1 files stay valid); the
models holding it are rebuilt when a kind is registered later. How a kind turns into numbers is
the utility layer's business (`dragoman.utility.kinds`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, ClassVar, Union, get_args

from pydantic import (
    BaseModel,
    Discriminator,
    Field,
    GetCoreSchemaHandler,
    Tag,
    TypeAdapter,
)
from pydantic_core import CoreSchema

from dragoman._words import number
from dragoman.errors import Problem
from dragoman.model.base import Description, Number
from dragoman.model.outcomes import AnyIssue
from dragoman.model.red_lines import RedLine

__all__ = [
    "DEFAULT_KIND",
    "AnyPreferences",
    "PreferencesBase",
    "parse_preferences",
    "preference_kinds",
    "rebuild_with_kinds",
]

#: The kind of preferences that omit `kind`.
DEFAULT_KIND = "linear-additive"

_KINDS: dict[str, type[PreferencesBase]] = {}
_DEPENDENTS: list[type[BaseModel]] = []
_ADAPTER: list[TypeAdapter[PreferencesBase]] = []


class PreferencesBase(Description):
    """What every kind of preferences has: a reservation value, a discount factor, red lines.

    A kind adds its own fields and a literal `kind: Literal["name"]`; it may add cross-checks
    against the scenario's issues (`check`) and words for a party's brief (`describe`,
    `describe_issue`).
    """

    kind: str
    reservation_value: Number = Field(0.0, description="Utility of no agreement.")
    discount_factor: Number = Field(
        1.0, gt=0, le=1, description="Utility at normalised time t is U * d**t."
    )
    red_lines: tuple[RedLine, ...] = ()

    #: Whether the class is a kind of its own (False for intermediate base classes).
    abstract: ClassVar[bool] = False

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if cls.__dict__.get("abstract", False):
            return
        tags = get_args(cls.model_fields["kind"].annotation)
        if len(tags) != 1 or not isinstance(tags[0], str):
            raise TypeError(f"{cls.__qualname__} needs `kind: Literal['name']` to be a kind")
        kind: str = tags[0]
        if kind in _KINDS and _KINDS[kind].__qualname__ != cls.__qualname__:
            raise TypeError(f"two kinds of preferences are named {kind!r}")
        _KINDS[kind] = cls
        _ADAPTER.clear()
        for model in _DEPENDENTS:
            model.model_rebuild(force=True)

    def check(self, issues: Mapping[str, AnyIssue], base: str) -> Iterator[Problem]:
        """Faults in references to the scenario's issues (`base` is the field path)."""
        yield from ()

    def best_utility(self, issues: Mapping[str, AnyIssue]) -> float:
        """An upper bound of the utility the party can reach (here 1: a kind caps its utility
        at 1 unless it says otherwise); a reservation value above it rules out any deal."""
        return 1.0

    def out_of_reach(self, issues: Mapping[str, AnyIssue]) -> float | None:
        """The best utility the party can reach when its reservation value is above it (then
        it accepts no outcome at all), else None."""
        best = self.best_utility(issues)
        return best if self.reservation_value > best + 1e-9 else None

    def describe(self) -> str:
        """The preferences in a sentence, for a party's brief."""
        return (
            f"{self.kind} preferences; reservation value {number(self.reservation_value)}; "
            f"discount factor {number(self.discount_factor)}"
        )

    def describe_issue(self, issue: AnyIssue) -> str | None:
        """How the party values one issue, in words (None: not issue by issue)."""
        return None

    def issue_weight(self, issue: AnyIssue) -> float | None:
        """The weight of one issue (None: the kind has no issue weights)."""
        return None


def preference_kinds() -> tuple[str, ...]:
    """The names of every registered kind of preferences."""
    return tuple(_KINDS)


def _kind(value: Any) -> str | None:
    """The union's tag: the `kind` key (default `linear-additive`) or attribute."""
    if isinstance(value, dict):
        kind = value.get("kind", DEFAULT_KIND)
        return kind if isinstance(kind, str) else None
    return getattr(value, "kind", None)


class _EveryKind:
    """Annotation marker: validate as the tagged union of the kinds registered so far."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        members = tuple(Annotated[cls, Tag(kind)] for kind, cls in _KINDS.items())
        either: Any = Union.__getitem__(members)  # a union built at run time
        union = Annotated[
            either,
            Discriminator(
                _kind,
                custom_error_type="preferences_kind",
                custom_error_message=(
                    f"unknown preferences kind (use one of: {', '.join(_KINDS)})"
                ),
            ),
        ]
        return handler.generate_schema(union)


#: Preferences of any registered kind (the type of `Party.preferences`).
AnyPreferences = Annotated[PreferencesBase, _EveryKind()]


def rebuild_with_kinds(*models: type[BaseModel]) -> None:
    """Rebuild `models` (in order) whenever a kind is registered, so they accept it."""
    _DEPENDENTS.extend(models)


def parse_preferences(data: Any) -> PreferencesBase:
    """Preferences of any kind from plain data (e.g. a party's report to mediators);
    pydantic's ValidationError if they are not valid."""
    if not _ADAPTER:
        _ADAPTER.append(TypeAdapter(AnyPreferences))
    return _ADAPTER[0].validate_python(data)

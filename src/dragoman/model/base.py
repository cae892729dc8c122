"""The base of every description: frozen, no unknown fields, no NaN or infinite numbers (a
number from a file must be finite: NaN would silently match nothing, or everything), no
true/false where a number is expected, and no text longer than its limit (names and labels
'name_chars', other texts 'text_chars').

Every number of a description is typed here once: `Number` (a real) and `Whole` (an integer)
refuse true and false, which pydantic's lax mode would take as 1 and 0 (YAML reads `yes`,
`no`, `on`, `off` as booleans); an issue's value (text or a number) is `IssueValue`.

A description is read-only all the way down: every mapping in it is a `FrozenDict` and every
list a tuple, on validation and on `model_copy(update=...)`, so that what is derived from it
(`dragoman._derived`: compiled utilities, frontiers) can never outlive its data; changing a score
in place raises TypeError (make a variant instead)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, NoReturn, Self, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from dragoman.limits import limit, refusal

__all__ = [
    "YAML_KINDS",
    "Description",
    "FrozenDict",
    "IssueValue",
    "Number",
    "PositiveNumber",
    "PositiveWhole",
    "Whole",
    "frozen",
    "issue_value",
]

K = TypeVar("K")
V = TypeVar("V")

#: Fields whose texts (and the items of their lists) are names, labels or values.
_NAMES = frozenset(
    {"name", "title", "party", "issue", "phase", "action", "label", "values", "by", "role", "id"}
    | {"verified_by", "phases", "parties", "from", "to", "mediators", "members"}
)

#: What a refused true/false is told (YAML's yes/no/on/off are true/false too).
_NOT_BOOL = "not true/false (YAML reads yes, no, on and off as true/false)"


def _no_bool(kind: str, words: str) -> Callable[[Any], Any]:
    """A check refusing true/false with pydantic's own error `kind` and message `words`."""

    def check(value: Any) -> Any:
        if isinstance(value, bool):
            raise PydanticCustomError(kind, f"{words}, {_NOT_BOOL}")
        return value

    return check


_REAL = BeforeValidator(_no_bool("float_type", "Input should be a valid number"))
_WHOLE = BeforeValidator(_no_bool("int_type", "Input should be a valid integer"))

#: A real number of a description (true/false refused).
Number = Annotated[float, _REAL]
#: A whole number of a description (true/false refused).
Whole = Annotated[int, _WHOLE]
#: Numbers above 0 where None is allowed too (`Field(gt=0)` on `Number | None` would not reach
#: the number's schema: the bound is set before the check, so the JSON Schema states it).
PositiveNumber = Annotated[float, Field(gt=0), _REAL]
PositiveWhole = Annotated[int, Field(gt=0), _WHOLE]


#: What a value that is no issue value is called, by its type in YAML (a request's JSON
#: names them its own way: `dragoman.web.spec`).
YAML_KINDS: Mapping[type, str] = {dict: "a mapping", list: "a list", type(None): "null"}


def issue_value(value: Any, kinds: Mapping[type, str] = YAML_KINDS) -> str | int | float:
    """An issue's value as a file or a request gives it: text, a whole number or a real, never
    true/false (one error, not one per type tried; `kinds` names the other types)."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return value
    got = "true or false" if isinstance(value, bool) else kinds.get(type(value), "a value")
    raise PydanticCustomError("issue_value", f"an issue's value is text or a number, not {got}")


#: An issue's value: text, a whole number or a real (`issue_value`).
IssueValue = Annotated[
    str | int | float, PlainValidator(issue_value, json_schema_input_type=str | int | float)
]


class FrozenDict(dict[K, V]):
    """A mapping of a description: a dict (it serialises, compares and reads as one) that
    refuses every change, and is hashable (its values are frozen too: `frozen`)."""

    __slots__ = ()

    def _refuse(self) -> NoReturn:
        raise TypeError(
            "a scenario's mappings are read-only (a description never changes: make a variant, "
            "e.g. model_copy(update=...) or Scenario.revised)"
        )

    def __setitem__(self, key: K, value: V) -> None:
        self._refuse()

    def __delitem__(self, key: K) -> None:
        self._refuse()

    def __ior__(self, other: Any) -> Self:  # type: ignore[override,misc]  # refuses all
        self._refuse()

    def clear(self) -> None:
        self._refuse()

    def pop(self, key: K, *default: Any) -> V:
        self._refuse()

    def popitem(self) -> tuple[K, V]:
        self._refuse()

    def setdefault(self, key: K, default: Any = None) -> V:
        self._refuse()

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._refuse()

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        return (type(self), (dict(self),))  # copies and pickles never call __setitem__

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self  # nothing in it can change


def frozen(value: Any) -> Any:
    """`value` read-only all the way down: mappings as `FrozenDict`, lists and tuples as
    tuples, sets as frozensets (descriptions, already read-only, and other values as they are;
    `value` itself when nothing in it changes)."""
    if isinstance(value, FrozenDict | BaseModel | str | bytes | int | float | None):
        return value
    if isinstance(value, dict):
        return FrozenDict({k: frozen(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        items = tuple(frozen(v) for v in value)
        same = type(value) is tuple and all(a is b for a, b in zip(items, value, strict=True))
        return value if same else items
    if isinstance(value, set | frozenset):
        return frozenset(value)
    return value


class Description(BaseModel):
    """A validated, immutable part of a scenario (its mappings and lists read-only too)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    @model_validator(mode="after")
    def _read_only(self) -> Self:
        _freeze(self, self.__dict__)
        return self

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy with the fields in `update` replaced (not validated, as pydantic's; their
        mappings and lists made read-only too)."""
        copy = super().model_copy(update=update, deep=deep)
        _freeze(copy, update or ())
        return copy

    @model_validator(mode="before")
    @classmethod
    def _texts_within_limits(cls, data: Any) -> Any:
        if isinstance(data, dict):
            bounds = {name: limit(name) for name in ("name_chars", "text_chars")}
            for key, value in data.items():
                _check_text(str(key), value, bounds)
        return data


def _check_text(field: str, value: Any, bounds: dict[str, int]) -> None:
    """ValueError naming `field` when its text, an item of its list, or a key or text of its
    mapping is longer than its limit (`bounds`: the limits in force, by name)."""
    kind = "name_chars" if field in _NAMES else "text_chars"
    items: list[tuple[Any, str]] = [(value, kind)]
    if isinstance(value, list | tuple):
        items = [(item, kind) for item in value]
    elif isinstance(value, dict):
        items = [pair for k, v in value.items() for pair in ((k, "name_chars"), (v, kind))]
    for item, name in items:
        if isinstance(item, str) and len(item) > bounds[name]:
            raise ValueError(f"{field}: {refusal(name, len(item))}")


def _freeze(model: BaseModel, names: Iterable[str]) -> None:
    """Make the fields `names` of `model` read-only, in place (on validation and copying
    only, before anything can have seen the mutable value)."""
    fields = model.__dict__
    for name in list(names):
        if name in fields:
            value = frozen(fields[name])
            if value is not fields[name]:
                fields[name] = value

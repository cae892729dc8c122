"""The base of every description: frozen, no unknown fields, no NaN or infinite numbers (a
number from a file must be finite: NaN would silently match nothing, or everything), and no text
longer than its limit (names and labels 'name_chars', other texts 'text_chars')."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from dragoman.limits import limit, refusal

__all__ = ["Description"]

#: Fields whose texts (and the items of their lists) are names, labels or values.
_NAMES = frozenset(
    {"name", "title", "party", "issue", "phase", "action", "label", "values", "by", "role", "id"}
    | {"verified_by", "phases", "parties", "from", "to", "mediators", "members"}
)


class Description(BaseModel):
    """A validated, immutable part of a scenario."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

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

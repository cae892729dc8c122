"""Pydantic's validation errors turned into plain problems: the field path as the data spells
it (no union tags), and the message in the scenario's own terms."""

from __future__ import annotations

from typing import Any

from dragoman.model.kinds import preference_kinds

__all__ = ["data_loc", "format_path", "plain_message", "without_echoes"]

_ISSUE_KINDS = ("categorical", "integer", "real")
_DISTRIBUTIONS = ("uniform", "normal", "triangular", "choice", "dirichlet")


def without_echoes(errors: list[Any]) -> list[Any]:
    """Drop "too short" complaints about a list whose own items were already reported (an
    invalid item leaves the list short after validation: an echo, not a second fault)."""
    parents = {tuple(e["loc"])[:n] for e in errors for n in range(len(e["loc"]))}
    return [e for e in errors if not (e["type"] == "too_short" and tuple(e["loc"]) in parents)]


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
        elif isinstance(part, str) and part in _union_tags() and isinstance(node, dict):
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


def plain_message(error: Any, schema: str = "dragoman schema") -> str:
    """Pydantic's message without its prefixes, in the scenario's terms (`schema`: the command
    that prints the schema the input failed)."""
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return f"unknown field (check the spelling; see `{schema}`)"
    if kind == "union_tag_invalid" and "distribution" in error["loc"]:
        tag = error.get("ctx", {}).get("tag", "")
        return f"unknown kind {tag!r}, known: {', '.join(_DISTRIBUTIONS)}"
    if kind == "union_tag_not_found" and "distribution" in error["loc"]:
        return f"a distribution needs a 'kind' ({', '.join(_DISTRIBUTIONS)})"
    if kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag", "")
        return f"unknown issue kind {tag!r} (use one of: {', '.join(_ISSUE_KINDS)})"
    if kind == "union_tag_not_found":
        return f"each issue needs a 'kind' ({', '.join(_ISSUE_KINDS)})"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if kind in ("tuple_type", "list_type"):  # YAML has lists, not tuples
        message = "Input should be a list, e.g. [a, b] or one '- item' per line"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        given = repr(error.get("input"))
        message += f" (got {given if len(given) <= 60 else given[:57] + '...'})"
    return message


def _union_tags() -> frozenset[str]:
    """Tags pydantic puts in error locations of the scenario's tagged unions."""
    return frozenset((*_ISSUE_KINDS, *_DISTRIBUTIONS, *preference_kinds()))

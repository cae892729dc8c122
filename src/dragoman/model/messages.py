"""Pydantic's validation errors turned into plain problems: the field path as the data spells
it (no union tags), and the message in the scenario's own terms."""

from __future__ import annotations

from difflib import get_close_matches
from functools import cache
from typing import Any

from pydantic import BaseModel

from dragoman.model.kinds import preference_kinds

__all__ = ["data_loc", "format_path", "known_fields", "plain_message", "without_echoes"]

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


def plain_message(
    error: Any, schema: str = "dragoman schema", model: type[BaseModel] | None = None
) -> str:
    """Pydantic's message without its prefixes, in the scenario's terms (`schema`: the command
    that prints the schema the input failed; `model`: the one validated, whose field names
    an unknown field is matched against for a "did you mean")."""
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        loc = tuple(error["loc"])
        close = get_close_matches(
            str(loc[-1]).replace("-", "_").lower(),
            known_fields(model, loc[:-1]) if model is not None and loc else [],
            n=1,
            cutoff=0.6,
        )
        if close:
            return f"unknown field; did you mean {close[0]!r}? (see `{schema}`)"
        return f"unknown field (check the spelling; see `{schema}`)"
    if kind == "union_tag_invalid" and "distribution" in error["loc"]:
        tag = error.get("ctx", {}).get("tag", "")
        return f"unknown kind {tag!r}, known: {', '.join(_DISTRIBUTIONS)}"
    if kind == "union_tag_not_found" and "distribution" in error["loc"]:
        return f"a distribution needs a 'kind' ({', '.join(_DISTRIBUTIONS)}){_kind_typo(error)}"
    if kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag", "")
        return f"unknown issue kind {tag!r} (use one of: {', '.join(_ISSUE_KINDS)})"
    if kind == "union_tag_not_found":
        return f"each issue needs a 'kind' ({', '.join(_ISSUE_KINDS)}){_kind_typo(error)}"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if kind in ("tuple_type", "list_type"):  # YAML has lists, not tuples
        message = "Input should be a list, e.g. [a, b] or one '- item' per line"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        given = repr(error.get("input"))
        message += f" (got {given if len(given) <= 60 else given[:57] + '...'})"
    return message


def _kind_typo(error: Any) -> str:
    """'; is 'knd' meant to be 'kind'?' when the entry lacking its 'kind' has a key close to it."""
    given = error.get("input")
    keys = [str(k) for k in given] if isinstance(given, dict) else []
    close = get_close_matches("kind", keys, n=1, cutoff=0.6)
    return f"; is {close[0]!r} meant to be 'kind'?" if close else ""


def known_fields(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The field names allowed at pydantic location `loc` of `model` (union tags in `loc`
    choose their variant), read off the model's JSON Schema; [] where it cannot tell."""
    root = _json_schema(model)
    node: Any = root
    for part in loc:
        node = _next(root, _resolved(root, node), part)
        if node is None:
            return []
    return sorted(_properties(root, _resolved(root, node)))


@cache
def _json_schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(by_alias=True)


def _resolved(root: dict[str, Any], node: Any) -> Any:
    """`node` with its `$ref` followed, and an optional's null variant dropped."""
    while isinstance(node, dict):
        if "$ref" in node:
            node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
            continue
        variants = [v for v in _variants(node) if v.get("type") != "null"]
        if len(variants) == 1 and "discriminator" not in node:
            node = variants[0]
            continue
        return node
    return node


def _variants(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [v for v in (*node.get("oneOf", ()), *node.get("anyOf", ())) if isinstance(v, dict)]


def _next(root: dict[str, Any], node: Any, part: int | str) -> Any:
    """The schema at key or index `part` below `node`; a union tag picks its variant."""
    if not isinstance(node, dict):
        return None
    if isinstance(part, int):
        return node.get("items")
    if part in node.get("properties", {}):
        return node["properties"][part]
    mapping = node.get("discriminator", {}).get("mapping", {})
    if part in mapping:
        return {"$ref": mapping[part]}
    if isinstance(node.get("additionalProperties"), dict):
        return node["additionalProperties"]
    variants = [_resolved(root, v) for v in _variants(node)]
    for variant in variants:  # a tag the schema states as a constant field
        fields = variant.get("properties", {}) if isinstance(variant, dict) else {}
        if any(isinstance(f, dict) and f.get("const") == part for f in fields.values()):
            return variant
    for variant in variants:  # an untagged union: the variant that has the key
        found = _next(root, variant, part)
        if found is not None:
            return found
    return node if variants else None  # a tag the schema does not state: the union stays


def _properties(root: dict[str, Any], node: Any) -> set[str]:
    """Field names of an object schema, or of any variant of a union."""
    if not isinstance(node, dict):
        return set()
    names = set(node.get("properties", {}))
    for variant in _variants(node):
        names |= _properties(root, _resolved(root, variant))
    return names


def _union_tags() -> frozenset[str]:
    """Tags pydantic puts in error locations of the scenario's tagged unions."""
    return frozenset((*_ISSUE_KINDS, *_DISTRIBUTIONS, *preference_kinds()))

"""YAML input files (scenarios, agreements, tournament configurations): read safely within the
limits of `dragoman.limits` (nesting depth, values, keys per mapping, digits of a number), and
every problem located by file, line and field path.

The events are checked first, streamed (libyaml's parser where installed, which is many times
faster than PyYAML's own): an alias or anything over a limit is refused before a node is built,
so composing (recursive in PyYAML) never goes deeper than the limit 'depth'. Locating many
problems is linear (each mapping indexed once).
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from dragoman.errors import InputError, Problem
from dragoman.limits import limit, over, refusal
from dragoman.model.messages import data_loc

__all__ = [
    "StrictLoader",
    "line_of",
    "located",
    "parse_yaml",
    "read_bounded",
    "read_yaml",
    "yaml_problem",
]

_NUMBER = re.compile(r"[-+]?\.?[0-9][0-9a-fA-FxXoObB_.:eE+-]*")

if TYPE_CHECKING or not yaml.__with_libyaml__:  # noqa: SIM108 (a base class, for mypy too)
    _Loader = yaml.SafeLoader
else:
    _Loader = yaml.CSafeLoader


def read_bounded(path: Path, size_limit: str, label: str, error: type[InputError]) -> str:
    """The UTF-8 text of the file at `path`, refused (as `error`, naming `label`) when it is
    larger than the limit `size_limit` or cannot be read."""
    try:
        too_big = over(size_limit, path.stat().st_size)
        if too_big:
            raise error([Problem(too_big, file=label)])
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error([Problem("no such file", file=label)]) from None
    except OSError as exc:
        raise error(
            [Problem(f"cannot read the file ({exc.strerror or exc})", file=label)]
        ) from None
    except UnicodeDecodeError as exc:
        where = f"byte {exc.start:,}"
        raise error([Problem(f"not UTF-8 text (at {where})", file=label)]) from None


def parse_yaml(text: str, what: str = "an input file") -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data of YAML text, composed once; yaml.YAMLError
    for bad YAML, an alias (not allowed in `what`, the kind of file read), and anything over a
    limit (depth, values, keys, digits)."""
    _check_events(text, what)
    loader = StrictLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except (ValueError, OverflowError) as exc:  # a tagged value that is not one (!!timestamp)
        reason = f"a value cannot be read: {str(exc)[:200]}"
        raise yaml.constructor.ConstructorError(None, None, reason, None) from None
    finally:
        loader.dispose()
    return root, data


def read_yaml(
    text: str, file: str, what: str, error: type[InputError]
) -> tuple[yaml.Node | None, dict[str, Any]]:
    """The node tree and the data of YAML text that must be a mapping; `error` (naming `file`
    and the line) when it is not valid YAML, is over a limit or is not a mapping."""
    try:
        root, data = parse_yaml(text, what)
    except yaml.YAMLError as exc:
        raise error([yaml_problem(exc, file, "YAML")]) from None
    if not isinstance(data, dict):
        raise error([Problem(f"{what} must be a YAML mapping (key: value)", file=file, line=1)])
    return root, data


def yaml_problem(exc: yaml.YAMLError, file: str, what: str) -> Problem:
    """A YAML error as one located problem (a limit's refusal in its own words)."""
    mark = getattr(exc, "problem_mark", None)
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    line = mark.line + 1 if mark is not None else None
    message = reason if isinstance(exc, _OverLimit) else f"not valid {what}: {reason}"
    if "maximum nesting depth" in reason:  # libyaml's own bound, met while scanning ahead
        message = refusal("depth", "more than 1,000")
    return Problem(message, file=file, line=line)


def located(problems: list[Problem], root: yaml.Node | None, data: Any, file: str) -> list[Problem]:
    """The problems with `file` and the line of each one's field filled in (linear: every
    mapping is indexed once, whatever the number of problems)."""
    index: dict[int, dict[str, tuple[yaml.Node, int]]] = {}
    return [replace(p, file=file, line=line_of(root, data, p.path, index)) for p in problems]


class _OverLimit(yaml.composer.ComposerError):
    """A YAML document over one of the limits (its message is the limit's refusal)."""


def _check_events(text: str, what: str) -> None:
    """Stream the parser's events and refuse an alias ('billion laughs' of nested references;
    not allowed in `what`) or the first thing over a limit, with its line."""
    most = tuple(limit(n) for n in ("depth", "nodes", "keys", "digits"))
    children: list[int] = []  # per open collection: nodes inside it (a mapping: keys and values)
    mappings: list[bool] = []
    nodes = 0
    parser = _Loader(text)
    try:
        while parser.check_event():
            event: Any = parser.get_event()  # type: ignore[no-untyped-call]
            mark: Any = event.start_mark
            if isinstance(event, yaml.AliasEvent):
                message = f"aliases (*name) are not allowed in {what}"
                raise yaml.composer.ComposerError(None, None, message, mark)
            if isinstance(event, yaml.CollectionEndEvent):
                children.pop()
                mappings.pop()
                continue
            if not isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
                continue
            nodes += 1
            found = _over(event, nodes, children, mappings, most)
            if found is not None:
                raise _OverLimit(None, None, refusal(*found), mark)
    finally:
        parser.dispose()


def _over(
    event: Any, nodes: int, children: list[int], mappings: list[bool], most: tuple[int, ...]
) -> tuple[str, int] | None:
    """The limit `event` passes and the value found (the open collections updated), or None."""
    if children:
        children[-1] += 1
        if mappings[-1] and children[-1] > 2 * most[2]:
            return "keys", (children[-1] + 1) // 2
    if nodes > most[1]:
        return "nodes", nodes
    if isinstance(event, yaml.CollectionStartEvent):
        children.append(0)
        mappings.append(isinstance(event, yaml.MappingStartEvent))
        return ("depth", len(children)) if len(children) > most[0] else None
    value = event.value
    plain_or_tagged = not event.style or event.tag not in (None, "!", "tag:yaml.org,2002:str")
    if plain_or_tagged and len(value) > most[3] and _NUMBER.fullmatch(value):
        return "digits", len(value)
    return None


class StrictLoader(_Loader):
    """PyYAML's safe loader (libyaml's where installed), refusing duplicate and unhashable keys;
    `parse_yaml` checks the events (aliases, limits) before it composes."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    None, None, "a list or a mapping cannot be a key", key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def line_of(
    root: yaml.Node | None,
    data: Any,
    path: str,
    index: dict[int, dict[str, tuple[yaml.Node, int]]] | None = None,
) -> int | None:
    """1-based line of the field at `path` (its key), or of its nearest existing parent; any
    key type (numbers, brackets in names) is located or skipped, never an error. `index`
    caches each mapping's keys across calls."""
    if root is None:
        return None
    index = {} if index is None else index
    node: yaml.Node = root
    line = int(root.start_mark.line)
    for part in data_loc(data, split_path(path)):
        found = _child(node, part, index)
        if found is None:
            break
        node, line = found
    return line + 1


_PART = re.compile(r"\[(-?\d+)\]|\[([^\]]*)\]|([^.\[]+)")


def split_path(path: str) -> tuple[int | str, ...]:
    """`parties[1].preferences.weights` as ('parties', 1, 'preferences', 'weights'); a
    bracketed part that is not a number stays text."""
    parts: list[int | str] = []
    for number, text, name in _PART.findall(path):
        parts.append(int(number) if number else (text or name))
    return tuple(parts)


def _child(
    node: yaml.Node, part: int | str, index: dict[int, dict[str, tuple[yaml.Node, int]]]
) -> tuple[yaml.Node, int] | None:
    """The child node at `part` and the line where it is named (its key, or the item)."""
    if isinstance(node, yaml.MappingNode):
        keys = index.get(id(node))
        if keys is None:
            keys = {}
            for key, value in node.value:
                keys.setdefault(str(key.value), (value, int(key.start_mark.line)))
            index[id(node)] = keys
        return keys.get(str(part))
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    if isinstance(part, int) and 0 <= part < len(items):
        item = items[part]
        return item, int(item.start_mark.line)
    return None

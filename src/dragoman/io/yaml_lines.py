"""YAML input files (scenarios, tournament configurations): read safely, and every problem
located by file, line and field path."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import yaml

from dragoman.errors import InputError, Problem
from dragoman.model.messages import data_loc

__all__ = ["StrictLoader", "line_of", "located", "read_yaml"]


def read_yaml(
    text: str, file: str, what: str, error: type[InputError]
) -> tuple[yaml.Node | None, dict[str, Any]]:
    """The node tree (for line numbers) and the data of YAML text that must be a mapping;
    `error` (naming `file` and the line) when it is not valid YAML or not a mapping."""
    try:
        root = yaml.compose(text, Loader=StrictLoader)
        data = yaml.load(text, Loader=StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = mark.line + 1 if mark is not None else None
        raise error([Problem(f"not valid YAML: {reason}", file=file, line=line)]) from None
    if not isinstance(data, dict):
        raise error([Problem(f"{what} must be a YAML mapping (key: value)", file=file, line=1)])
    return root, data


def located(problems: list[Problem], root: yaml.Node | None, data: Any, file: str) -> list[Problem]:
    """The problems with `file` and the line of each one's field filled in."""
    return [replace(p, file=file, line=line_of(root, data, p.path)) for p in problems]


class StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases (so no 'billion laughs' of nested references)
    and duplicate keys (the second would silently win)."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in scenario files", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def line_of(root: yaml.Node | None, data: Any, path: str) -> int | None:
    """1-based line of the field at `path` (its key), or of its nearest existing parent."""
    if root is None:
        return None
    node: yaml.Node = root
    line = int(root.start_mark.line)
    for part in data_loc(data, _split_path(path)):
        found = _child(node, part)
        if found is None:
            break
        node, line = found
    return line + 1


def _split_path(path: str) -> tuple[int | str, ...]:
    parts: list[int | str] = []
    for piece in path.replace("[", ".[").split("."):
        if not piece:
            continue
        parts.append(int(piece[1:-1]) if piece.startswith("[") else piece)
    return tuple(parts)


def _child(node: yaml.Node, part: int | str) -> tuple[yaml.Node, int] | None:
    """The child node at `part` and the line where it is named (its key, or the item)."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                return value, int(key.start_mark.line)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item = node.value[part]
        return item, int(item.start_mark.line)
    return None

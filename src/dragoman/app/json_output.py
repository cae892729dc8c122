"""Machine-readable output: each `--json` command prints one JSON document, the library's own
result (`to_dict()`) in a versioned envelope `{"format": "dragoman.<command>", "version": 1,
...}`; the shape of each is a JSON Schema in `docs/schemas/<command>.schema.json`. Nothing else
goes to standard output."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import typer

from dragoman.analysis.results import plain
from dragoman.render.literal import json_literal

__all__ = ["JSON_VERSION", "envelope", "print_json"]

#: The version of every `--json` shape; bumped when a field changes meaning or goes away.
JSON_VERSION = 1


def envelope(command: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """`data` as plain JSON values, under the format name and version of `command`."""
    return {"format": f"dragoman.{command}", "version": JSON_VERSION, **plain(dict(data))}


def print_json(command: str, data: Mapping[str, Any]) -> None:
    """Print the envelope of `data` as the command's only output (strict JSON: no NaN)."""
    text = json.dumps(envelope(command, data), indent=2, ensure_ascii=False, allow_nan=False)
    typer.echo(json_literal(text))  # no raw control character, even inside a string

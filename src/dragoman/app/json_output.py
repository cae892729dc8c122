"""Machine-readable output: each `--json` command prints one JSON document (`serve`: one line,
once it listens), the library's own result (`to_dict()`) in a versioned envelope
`{"format": "dragoman.<command>", "version": 1, ...}`; the shape of each is a JSON Schema in
`docs/schemas/<command>.schema.json`. Nothing else goes to standard output. A run given
`--json` that fails prints the error document instead (`docs/schemas/error.schema.json`): the
same problems the `error:` lines on stderr give, each with its file, line and field."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

import typer

from dragoman.analysis.results import plain
from dragoman.errors import Problem
from dragoman.render.literal import json_literal

__all__ = ["JSON_VERSION", "RUN", "envelope", "print_json", "print_json_error", "wants_json"]

#: The version of every `--json` shape; bumped when a field changes meaning or goes away.
JSON_VERSION = 1


class JsonRun:
    """What the running command line asked for: `--json` (`wanted`), and whether its one
    document is out already (`printed`: an error after it adds no second document)."""

    def __init__(self) -> None:
        self.wanted = False
        self.printed = False

    def start(self, args: Sequence[str]) -> None:
        """A new command line, `args` as typed."""
        self.wanted, self.printed = wants_json(args), False


#: The running command line's (one at a time, like the consoles).
RUN = JsonRun()


def wants_json(args: Sequence[str]) -> bool:
    """Whether `--json` is among the arguments typed (before a `--`, which ends options)."""
    typed = list(args)
    if "--" in typed:
        typed = typed[: typed.index("--")]
    return "--json" in typed


def envelope(command: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """`data` as plain JSON values, under the format name and version of `command`."""
    return {"format": f"dragoman.{command}", "version": JSON_VERSION, **plain(dict(data))}


def print_json(command: str, data: Mapping[str, Any], one_line: bool = False) -> None:
    """Print the envelope of `data` as the command's only output (strict JSON: no NaN),
    indented, or as `one_line` (a line a script reads before the command ends: `serve`)."""
    indent = None if one_line else 2
    text = json.dumps(envelope(command, data), indent=indent, ensure_ascii=False, allow_nan=False)
    typer.echo(json_literal(text))  # no raw control character, even inside a string
    RUN.printed = True


def print_json_error(message: str, problems: Sequence[Problem]) -> None:
    """Under `--json`, an error as the run's one document: `{"format": "dragoman.error",
    "version": 1, "error": {"message": ..., "problems": [{file, line, path, message}]}}`."""
    if not RUN.wanted or RUN.printed:
        return
    listed = [asdict(p) for p in problems] or [asdict(Problem(message))]
    print_json("error", {"error": {"message": message, "problems": listed}})

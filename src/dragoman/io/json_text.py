"""JSON text read within the limits of `dragoman.limits`: nesting depth (measured on the text
before parsing, so Python's recursion limit is never reached), values, keys per object and digits
of a number; NaN and Infinity are refused (they are no numbers a file or a log may hold).

Used by GeniusWeb files and JSONL event logs; agreement files read JSON as YAML.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import numpy as np

from dragoman.limits import limit, refusal

__all__ = ["JsonRefusedError", "parse_json"]

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_OPEN = np.frombuffer(b"[{", dtype=np.uint8)
_CLOSE = np.frombuffer(b"]}", dtype=np.uint8)


class JsonRefusedError(ValueError):
    """JSON text over a limit, or holding a number that is not finite; `line` where known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def parse_json(text: str | bytes) -> Any:
    """The value of JSON `text`; JsonRefusedError over a limit, json.JSONDecodeError if not JSON."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    _check_shape(raw)
    digits, keys = limit("digits"), limit("keys")

    def number(literal: str, kind: type[float] | type[int]) -> Any:
        if len(literal) > digits:
            raise JsonRefusedError(refusal("digits", len(literal)))
        value = kind(literal)
        if not math.isfinite(value):
            raise JsonRefusedError(f"{literal[:40]} is not a finite number")
        return value

    def mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        if len(pairs) > keys:
            raise JsonRefusedError(refusal("keys", len(pairs)))
        return dict(pairs)

    return json.loads(
        text,
        parse_int=lambda s: number(s, int),
        parse_float=lambda s: number(s, float),
        parse_constant=_no_constant,
        object_pairs_hook=mapping,
    )


def _check_shape(raw: bytes) -> None:
    """Refuse text nested deeper than the limit 'depth' (naming the line) or holding more
    values than the limit 'nodes', counted outside strings. Openings counted first: no more of
    them than the depth allowed (every log line) needs no walk through the text."""
    text = _STRING.sub(b'""', raw)
    opens = text.count(b"[") + text.count(b"{")
    if opens > limit("depth"):  # it may be nested too deep: find how deep, and where
        bare = np.frombuffer(text, dtype=np.uint8)
        steps = np.isin(bare, _OPEN).astype(np.int32) - np.isin(bare, _CLOSE).astype(np.int32)
        depths = np.cumsum(steps)
        deepest = int(np.argmax(depths))
        if depths[deepest] > limit("depth"):
            line = int(np.count_nonzero(bare[:deepest] == ord("\n"))) + 1
            raise JsonRefusedError(refusal("depth", int(depths[deepest])), line)
    values = text.count(b",") + opens + 1
    if values > limit("nodes"):
        raise JsonRefusedError(refusal("nodes", values))


def _no_constant(name: str) -> Any:
    raise JsonRefusedError(f"{name} is not a finite number")

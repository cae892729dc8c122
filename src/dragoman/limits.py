"""Every input limit, declared once: its name, value, unit, what it bounds and the environment
variable that changes it (read at use time, so a limit can be raised for one run).

A refusal is one line naming the limit, the value found and how to change it:
`too many issues (5,000 > 500, the limit 'issues'; set DRAGOMAN_MAX_ISSUES to change it)`.
The modules that enforce a limit call `limit(name)` or `refusal(name, found)` here; each wraps
the message in its own located error (file, line, field). `docs/limits.md` lists them all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from dragoman._error_base import DragomanError

__all__ = ["LIMITS", "Limit", "LimitError", "limit", "over", "refusal", "within"]


class LimitError(DragomanError):
    """A limit's environment variable that is not a positive number."""


@dataclass(frozen=True)
class Limit:
    """One input limit: `name`, default `value` in `unit`, the refusal's words (`too`), what
    it bounds (`bounds`, for the docs) and the `ceiling` no override may pass (a storage type's)."""

    name: str
    value: int | float
    unit: str
    too: str
    bounds: str
    ceiling: int | None = None

    @property
    def env(self) -> str:
        """The environment variable that overrides the value."""
        return f"DRAGOMAN_MAX_{self.name.upper()}"

    def current(self) -> int | float:
        """The value in force: the environment variable's, else the default."""
        text = os.environ.get(self.env, "").strip().replace("_", "")
        if not text:
            return self.value
        try:
            value = float(text) if isinstance(self.value, float) else int(text)
        except ValueError:
            value = 0
        if not value > 0:
            kind = "number" if isinstance(self.value, float) else "whole number"
            raise LimitError(f"{self.env} must be a positive {kind} (got {text!r})")
        if self.ceiling is not None and value > self.ceiling:
            raise LimitError(f"{self.env} can be at most {self.ceiling:,} (got {value:,})")
        return value


def _limits(*limits: Limit) -> dict[str, Limit]:
    return {item.name: item for item in limits}


#: Every limit by name (the table of `docs/limits.md`, checked against this by a test).
LIMITS = _limits(
    Limit("scenario_bytes", 5_000_000, "bytes", "file too large", "a scenario or tournament file"),
    Limit("xml_bytes", 20_000_000, "bytes", "file too large", "a GENIUS XML file"),
    Limit("json_bytes", 20_000_000, "bytes", "file too large", "a GeniusWeb JSON file"),
    Limit("agreement_bytes", 1_000_000, "bytes", "file too large", "an agreement file"),
    Limit("log_bytes", 200_000_000, "bytes", "log too large", "a JSONL event log"),
    Limit("log_line_bytes", 8_000_000, "bytes", "line too long", "one line of a JSONL log"),
    Limit("depth", 64, "levels", "nested too deeply", "YAML, JSON and XML nesting"),
    Limit("keys", 50_000, "keys", "too many keys in one mapping", "YAML/JSON mappings"),
    Limit(
        "nodes",
        2_000_000,
        "nodes",
        "too many values in one file",
        "YAML/JSON/XML values in one file",
    ),
    Limit("digits", 400, "digits", "number too long", "digits of a number in YAML or JSON"),
    Limit("issues", 500, "issues", "too many issues", "issues of a scenario"),
    Limit(
        "issue_values", 32_767, "values", "too many values per issue", "values of one issue", 32_767
    ),
    Limit("enumeration", 10_000_000, "outcomes", "too many outcomes", "outcomes tabulated"),
    Limit("batches", 1_000, "batches", "too many batches", "batches of one phase"),
    Limit("phases", 100, "phases", "too many phases", "phases of a scenario"),
    Limit("commitments", 200, "commitments", "too many commitments", "commitments of a phase"),
    Limit("formula_chars", 500, "characters", "formula too long", "one formula"),
    Limit("name_chars", 200, "characters", "name too long", "names, labels, values, titles"),
    Limit("text_chars", 20_000, "characters", "text too long", "descriptions, notes, texts"),
    Limit("input_chars", 10_000, "characters", "line too long", "a line typed at a seat"),
    Limit("runs", 10_000_000, "runs", "too many runs", "Monte Carlo runs of `implement`"),
    Limit("samples", 10_000_000, "samples", "too many samples", "samples of an uncertainty study"),
    Limit("cells", 1_000_000, "cells", "too many cells", "negotiations of one tournament"),
    Limit("steps", 1_000_000, "steps", "step budget too large", "steps of one negotiation"),
    Limit(
        "starts",
        10_000,
        "texts",
        "too many starting texts",
        "random texts a hill-climbing mediator weighs to start from (`starts`)",
    ),
    Limit("workers", 256, "workers", "too many workers", "local worker processes of one run"),
    Limit("problems", 50, "problems", "too many problems", "problems listed in one error"),
)


def limit(name: str) -> int:
    """The whole-number value in force of the limit `name` (KeyError for an unknown name)."""
    return int(LIMITS[name].current())


def refusal(name: str, found: int | float | str) -> str:
    """The one-line refusal of `found` (a number, or words such as "more than 1,000") over the
    limit `name`, saying how to change it."""
    item = LIMITS[name]
    value = item.current()
    unit = "" if item.unit in item.too else f" {item.unit}"
    if isinstance(found, str):  # words: "more than 1,000", "at least 2,304,000"
        return (
            f"{item.too} ({found}, over the limit {name!r} of {value:,}{unit}; set {item.env} "
            "to change it)"
        )
    return (
        f"{item.too} ({found:,} > {value:,}{unit}, the limit {name!r}; set {item.env} to change it)"
    )


def over(name: str, found: int | float) -> str | None:
    """The refusal when `found` is over the limit `name`, else None."""
    return refusal(name, found) if found > LIMITS[name].current() else None


def within(name: str, value: int | None) -> int | None:
    """`value` (None passes) if it is not over the limit `name`, else ValueError with the
    refusal: how a pydantic field validator refuses it."""
    too_many = None if value is None else over(name, value)
    if too_many:
        raise ValueError(too_many)
    return value

"""The numbers the public API's jobs take (seeds, step budgets, counts, seconds), checked in
one place: `negotiate`, `implement`, `tournament`, `uncertainty`, `analyze`, the session and
the CLI's options all call these, so a number is refused in the same words from Python and at
the command line, where the name is the option's:

    seed must be at least 0 (got -1)              (Python: negotiate(..., seed=-1))
    --seed must be at least 0 (got -1)            (CLI: dragoman negotiate ... --seed -1)
    steps must be a whole number (got 2.5)
    --steps: step budget too large (2,000,000 > 1,000,000 steps, the limit 'steps'; ...)

Each refusal is an `ArgumentError` (a `DragomanError`, so the CLI prints it as one `error:`
line and exits with code 2; and a `ValueError`, as Python expects of a bad argument).
"""

from __future__ import annotations

import math
from numbers import Integral, Real

from dragoman._error_base import DragomanError
from dragoman.errors import Problem
from dragoman.limits import over

__all__ = ["ArgumentError", "count", "seconds", "seed", "steps", "whole"]


class ArgumentError(DragomanError, ValueError):
    """A number given to a job (or typed as an option) that it cannot take; its one problem's
    field is the argument's (or the option's) name, as `--json`'s error document shows."""

    def __init__(self, name: str, fault: str) -> None:
        self.problems = [Problem(fault, path=name)]
        super().__init__(f"{name} {fault}" if fault.startswith("must") else f"{name}: {fault}")


def whole(value: object, name: str, *, least: int = 0, limit: str | None = None) -> int:
    """`value` as an int: an integer (numpy's too; a bool, a float such as 1.5 or 3.0, or a
    string is refused, as the CLI refuses '3.0'), at least `least`, and within the limit
    `limit` if one is named."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ArgumentError(name, f"must be a whole number (got {value!r})")
    number = int(value)
    if number < least:
        raise ArgumentError(name, f"must be at least {least:,} (got {number:,})")
    too_many = None if limit is None else over(limit, number)
    if too_many:
        raise ArgumentError(name, too_many)
    return number


def seed(value: object, name: str = "seed") -> int:
    """A random seed: a whole number, 0 or more (what numpy's SeedSequence takes)."""
    return whole(value, name)


def steps(value: object, name: str = "steps") -> int | None:
    """A step budget: None (the scenario's), or a whole number from 1 to the limit 'steps'."""
    return None if value is None else whole(value, name, least=1, limit="steps")


def count(value: object, name: str, *, least: int = 1, limit: str | None = None) -> int | None:
    """A count that may be left out (None: the default), else as `whole` checks it."""
    return None if value is None else whole(value, name, least=least, limit=limit)


def seconds(value: object, name: str, *, least: float) -> float:
    """A time in seconds: a finite number, at least `least`."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ArgumentError(name, f"must be a number of seconds (got {value!r})")
    number = float(value)
    if not math.isfinite(number):
        raise ArgumentError(name, f"must be a finite number of seconds (got {value!r})")
    if number < least:
        raise ArgumentError(name, f"must be at least {least:g} seconds (got {number:g})")
    return number

"""Error types that carry the location of the fault (file, line, field path). Their base,
`DragomanError`, is defined below the limits (`dragoman._error_base`) and exported here."""

from __future__ import annotations

from dataclasses import dataclass

from dragoman._error_base import DragomanError
from dragoman.limits import limit

__all__ = [
    "ConfigError",
    "DragomanError",
    "InputError",
    "Problem",
    "ProtocolError",
    "ScenarioError",
    "problems_of",
]


@dataclass(frozen=True)
class Problem:
    """One fault in an input: where it is and what is wrong, in plain words."""

    message: str
    path: str = ""
    file: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.file and self.line is not None:
            where = f"{self.file}:{self.line}"
        head = ": ".join(part for part in (where, self.path) if part)
        return f"{head}: {self.message}" if head else self.message


class InputError(DragomanError):
    """An input file that cannot be loaded or is invalid; one `Problem` per fault found."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError(f"{type(self).__name__} needs at least one problem")
        self.problems = problems
        super().__init__(listed(problems))


def listed(problems: list[Problem]) -> str:
    """The problems one per line, at most the limit 'problems' of them, then how many more."""
    most = limit("problems")
    lines = [str(p) for p in problems[:most]]
    if len(problems) > most:
        lines.append(
            f"... and {len(problems) - most:,} more (set DRAGOMAN_MAX_PROBLEMS to list more)"
        )
    return "\n".join(lines)


def problems_of(error: DragomanError) -> list[Problem]:
    """The problems an error stands for, each with what it knows of the place (file, line,
    field): an error's own `problems` (every error that locates its fault keeps them), else
    one problem, its message."""
    found = getattr(error, "problems", None)
    if isinstance(found, list) and found and all(isinstance(p, Problem) for p in found):
        return found
    return [Problem(str(error))]


class ScenarioError(InputError):
    """A scenario that cannot be loaded or is invalid; one `Problem` per fault found."""


class ConfigError(InputError):
    """An experiment's configuration (a tournament file) that cannot be loaded or is invalid."""


class ProtocolError(DragomanError):
    """A protocol rule was broken: a message on a channel that does not exist, an invalid answer,
    or a protocol that cannot run on this scenario."""

"""Every refused request's body has one shape, `{"detail": ..., "problems": [...]}`: what is
wrong in a line, and each fault with its field (a request's fields named as the client sent
them, without FastAPI's `body.` prefix). pydantic's errors become such problems here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from dragoman.web.spec import Problem, ProblemsOut

__all__ = ["error_body", "joined", "validation_message", "validation_problems"]


def validation_problems(errors: Iterable[Mapping[str, Any]]) -> list[Problem]:
    """One problem per pydantic error: the field it names (no input echoed)."""
    problems = []
    for error in errors:
        loc = [str(p) for p in error["loc"]]
        if loc[:1] == ["body"]:
            loc = loc[1:]
        message = str(error["msg"])
        if error["type"] == "json_invalid":  # the body itself: where the JSON breaks
            at = f", at character {loc[0]}" if loc and loc[0].isdigit() else ""
            loc = []
            reason = (error.get("ctx") or {}).get("error") or "malformed"
            message = f"the body is not JSON ({reason}{at})"
        problems.append(Problem(message=message, field=".".join(loc) or None))
    return problems


def validation_message(exc: ValidationError) -> str:
    """pydantic's errors in one line: each field, then what is wrong."""
    return joined(validation_problems(exc.errors(include_input=False, include_url=False)))


def error_body(detail: str, problems: Iterable[Problem] = ()) -> dict[str, Any]:
    """The body of a refused request: `detail`, and `problems` (empty when `detail` says all)."""
    return ProblemsOut(detail=detail, problems=list(problems)).model_dump(exclude_none=True)


def joined(problems: Iterable[Problem]) -> str:
    """Problems in one line, each after its field."""
    return "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in problems)

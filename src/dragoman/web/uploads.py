"""The organiser's form as an `ExerciseIn`: a built-in scenario or an uploaded file (size
capped, UTF-8, then validated with the scenario schema when the exercise is created), the
seats as NAME=human or NAME=STRATEGY lines, the groups, seed, steps and dropped red lines."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from dragoman.web.exercises import ExerciseError
from dragoman.web.problems import validation_message
from dragoman.web.spec import MAX_SCENARIO_CHARS, ExerciseIn, Problem

__all__ = ["exercise_of_form"]


async def exercise_of_form(form: FormData) -> ExerciseIn:
    """The exercise the form describes; `ExerciseError` naming the field at fault."""
    data: dict[str, Any] = {"protocol": _text(form, "protocol") or "alternating"}
    upload = form.get("scenario_file")
    if isinstance(upload, UploadFile) and upload.filename:
        data["scenario_yaml"] = await _read(upload)
    else:
        data["scenario"] = _text(form, "scenario")
    data["seats"] = _seats(_text(form, "seats"))
    for name in ("groups", "seed", "steps"):
        if _text(form, name):
            data[name] = _number(form, name)
    drops = _text(form, "drop_red_lines")
    data["drop_red_lines"] = [d.strip() for d in drops.replace("\n", ",").split(",") if d.strip()]
    try:
        return ExerciseIn.model_validate(data)
    except ValidationError as exc:
        raise ExerciseError([Problem(message=validation_message(exc))]) from None


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _number(form: FormData, name: str) -> int:
    try:
        return int(_text(form, name))
    except ValueError:
        raise ExerciseError([Problem(message=f"{name}: not a whole number", field=name)]) from None


def _seats(text: str) -> dict[str, str]:
    """NAME=human / NAME=STRATEGY, one per line (or comma-separated)."""
    seats = {}
    for n, item in enumerate(text.replace(",", "\n").splitlines(), start=1):
        if not item.strip():
            continue
        name, sep, strategy = item.partition("=")
        if not sep or not name.strip() or not strategy.strip():
            raise ExerciseError(
                [
                    Problem(
                        message=f"seats, line {n}: write NAME=human or NAME=STRATEGY",
                        field="seats",
                        line=n,
                    )
                ]
            )
        seats[name.strip()] = strategy.strip()
    return seats


async def _read(upload: UploadFile) -> str:
    """The uploaded file's text (at most the scenario size limit, UTF-8)."""
    raw = await upload.read(MAX_SCENARIO_CHARS + 1)
    name = upload.filename or "upload"
    if len(raw) > MAX_SCENARIO_CHARS:
        raise ExerciseError(
            [Problem(message=f"larger than {MAX_SCENARIO_CHARS:,} bytes", file=name)]
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExerciseError(
            [Problem(message=f"not UTF-8 text ({exc.reason})", file=name)]
        ) from None

"""The numbers the public API's jobs take are checked in one place (`dragoman/arguments.py`):
every entry point refuses a negative or fractional seed, a step budget below 1 and the like
with an `ArgumentError`, in the words the CLI uses for its option (there named `--seed`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

import dragoman
from dragoman import arguments
from dragoman.app.cli import app
from dragoman.errors import DragomanError
from dragoman.negotiation.session import Session
from dragoman.runs.negotiation import start_session

PIE = dragoman.load_scenario("pie-split")
GAZA = dragoman.load_scenario("gaza-ceasefire-2024")
CONFIG = {"scenarios": ["pie-split"], "agents": ["boulware", "conceder"], "steps": 20}


def test_whole_numbers_are_integers_within_bounds() -> None:
    assert arguments.seed(0) == 0 and arguments.seed(np.int64(7)) == 7
    assert arguments.steps(None) is None and arguments.steps(1) == 1
    for bad in (1.5, 3.0, True, "3", None):
        with pytest.raises(arguments.ArgumentError, match=r"^seed must be a whole number"):
            arguments.seed(bad)
    with pytest.raises(arguments.ArgumentError, match=r"^--seed must be at least 0 \(got -1\)$"):
        arguments.seed(-1, "--seed")
    with pytest.raises(arguments.ArgumentError, match=r"^steps: step budget too large"):
        arguments.steps(10**9)
    with pytest.raises(arguments.ArgumentError, match="must be a finite number of seconds"):
        arguments.seconds(math.inf, "time_limit", least=0.0)
    assert issubclass(arguments.ArgumentError, DragomanError)
    assert issubclass(arguments.ArgumentError, ValueError)
    assert dragoman.ArgumentError is arguments.ArgumentError


REFUSED: list[tuple[str, Callable[[], Any], str]] = [
    ("negotiate seed=-1", lambda: dragoman.negotiate(PIE, seed=-1), "seed must be at least 0"),
    ("negotiate seed=1.5", lambda: dragoman.negotiate(PIE, seed=1.5), "seed must be a whole"),
    ("negotiate steps=0", lambda: dragoman.negotiate(PIE, steps=0), "steps must be at least 1"),
    ("negotiate steps=-5", lambda: dragoman.negotiate(PIE, steps=-5), "steps must be at least"),
    ("negotiate steps=2.5", lambda: dragoman.negotiate(PIE, steps=2.5), "steps must be a whole"),
    ("start_session seed=-1", lambda: start_session(PIE, seed=-1), "seed must be at least 0"),
    ("implement seed=-1", lambda: dragoman.implement(GAZA, seed=-1), "seed must be at least 0"),
    ("implement runs=2.5", lambda: dragoman.implement(GAZA, runs=2.5), "runs must be a whole"),
    ("implement runs=0", lambda: dragoman.implement(GAZA, runs=0), "runs must be at least 1"),
    (
        "analyze time_limit=-1",
        lambda: dragoman.analyze(PIE, time_limit=-1),
        "time_limit must be at least 0",
    ),
    (
        "analyze time_limit=nan",
        lambda: dragoman.analyze(PIE, time_limit=math.nan),
        "time_limit must",
    ),
    ("tournament seed=-1", lambda: dragoman.tournament(CONFIG, seed=-1), "seed must be at least"),
    ("tournament seed=1.5", lambda: dragoman.tournament(CONFIG, seed=1.5), "seed must be a whole"),
    ("tournament workers=0", lambda: dragoman.tournament(CONFIG, workers=0), "workers must be at"),
    ("tournament batch=0", lambda: dragoman.tournament(CONFIG, batch=0), "batch must be at least"),
    *[
        (f"uncertainty {key}={value}", lambda k=key, v=value: _study(**{k: v}), words)
        for key, value, words in [
            ("seed", -1, "seed must be at least 0"),
            ("seed", 1.5, "seed must be a whole number"),
            ("steps", 0, "steps must be at least 1"),
            ("samples", 1.5, "samples must be a whole number"),
            ("samples", 0, "samples must be at least 1"),
            ("survival_runs", -1, "survival runs must be at least 0"),
            ("sensitivity", -1, "sensitivity must be at least 0"),
            ("workers", 0, "workers must be at least 1"),
        ]
    ],
]


def _study(**given: Any) -> Any:
    settings = {"samples": 2, "sensitivity": 0, "survival_runs": 0, "workers": 1, **given}
    return dragoman.uncertainty(GAZA, protocol="shuttle", **settings)


@pytest.mark.parametrize(("case", "call", "words"), REFUSED, ids=[c for c, _, _ in REFUSED])
def test_every_entry_point_refuses_what_the_cli_refuses(
    case: str, call: Callable[[], Any], words: str
) -> None:
    with pytest.raises(arguments.ArgumentError, match=f"^{words}"):
        call()


def test_a_session_refuses_them_too() -> None:
    session = start_session(PIE)
    with pytest.raises(arguments.ArgumentError, match="seed must be at least 0"):
        Session(PIE, session.protocol, session.seats, seed=-3)
    with pytest.raises(arguments.ArgumentError, match="steps must be at least 1"):
        Session(PIE, session.protocol, session.seats, total_steps=0)


@pytest.mark.parametrize(
    ("args", "python"),
    [
        (["negotiate", "pie-split", "--seed", "-1"], lambda: dragoman.negotiate(PIE, seed=-1)),
        (["negotiate", "pie-split", "--steps", "0"], lambda: dragoman.negotiate(PIE, steps=0)),
        (
            ["implement", "gaza-ceasefire-2024", "--runs", "0"],
            lambda: dragoman.implement(GAZA, runs=0),
        ),
        (
            ["implement", "gaza-ceasefire-2024", "--seed", "-2"],
            lambda: dragoman.implement(GAZA, seed=-2),
        ),
    ],
)
def test_the_cli_says_what_python_says_with_the_option_for_the_name(
    args: list[str], python: Callable[[], Any]
) -> None:
    result = CliRunner().invoke(app, args)
    with pytest.raises(arguments.ArgumentError) as caught:
        python()
    option = args[2]  # --seed, where Python names the argument seed
    said = str(caught.value).replace(option.lstrip("-"), option, 1)
    assert result.exit_code == 2 and result.stderr == f"error: {said}\n"

"""The fuzz suite: hostile inputs of every kind (`fuzz.cases`, choices drawn by hypothesis)
through the CLI in-process. Each run exits 0 or 2, never with an uncaught exception or a
traceback, prints no raw ESC byte, and refuses every value off its issue's grid.

Bounded for CI: a fixed number of examples per target, derandomized (the same inputs on every
run), no example database; the whole suite takes well under 3 minutes on 2 cores.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import pytest
from fuzz.cases import TARGETS
from fuzz.run import run_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

T = TypeVar("T")

settings.register_profile(
    "fuzz-ci",
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class DrawChooser:
    """The generators' choices, drawn by hypothesis (so failures shrink to a small input)."""

    def __init__(self, data: Any) -> None:
        self.data = data

    def pick(self, options: Sequence[T]) -> T:
        return self.data.draw(st.sampled_from(options))

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(st.integers(low, high))


@pytest.mark.parametrize("target", sorted(TARGETS))
@settings(settings.get_profile("fuzz-ci"))
@given(data=st.data())
def test_hostile_input_is_refused_cleanly(
    target: str, data: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp(target)
    chooser = DrawChooser(data)
    case = TARGETS[target](chooser, folder) if target == "eventlog" else TARGETS[target](chooser)
    outcome = run_case(case, folder)
    assert outcome.failure == "", f"{outcome.failure}: {outcome.detail}\nargs: {case.args}"
    assert outcome.exit_code in (0, 2)

"""The experiments' progress bar: drawn only once work starts, its rate counting only what
this run did, over the time since it started (not the gap between two batches)."""

from __future__ import annotations

import io
import re
import time

from rich.console import Console

from dragoman.render.experiments import progress_bar


def drawn(calls: list[tuple[int, int, float]]) -> str:
    """What the bar printed for `calls` of (done, total, seconds to wait before)."""
    out = io.StringIO()
    with progress_bar(Console(file=out, width=120), "negotiations") as update:
        for done, total, wait in calls:
            time.sleep(wait)
            update(done, total)
    return out.getvalue()


def test_no_bar_before_the_first_report() -> None:
    assert drawn([]) == ""


def test_the_rate_is_over_the_run_not_between_two_batches() -> None:
    # two batches finish together after 0.3 s: 200 in at least 0.3 s, not 100 in no time
    text = drawn([(0, 200, 0.0), (100, 200, 0.3), (200, 200, 0.0)])
    rate = int(re.findall(r"([\d,]+)/s", text)[-1].replace(",", ""))
    assert 0 < rate <= 200 / 0.3


def test_a_resumed_run_does_not_count_what_was_done_before() -> None:
    text = drawn([(900, 1000, 0.0), (1000, 1000, 0.25)])
    rate = int(re.findall(r"([\d,]+)/s", text)[-1].replace(",", ""))
    assert 0 < rate <= 100 / 0.25

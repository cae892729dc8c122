"""A general-engine task plays for about `TASK_SECONDS`, then hands back the rest of its
cells as a task of its own, so results are stored as they come; and a local worker whose
driver was killed exits instead of waiting for ever. The cut must change no result."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import dragoman
from dragoman.experiments import tournament as tournaments
from dragoman.experiments.backends import Unfinished, run_tasks
from dragoman.experiments.tournament import Task, play_task
from dragoman.experiments.tournament import tournament as run_tournament

CONFIG = {
    "scenarios": ["pie-split"],
    "agents": ["boulware", "conceder", "naive-tft", "micro"],
    "repetitions": 2,
    "engine": "general",
    "seed": 5,
}


def _results(table: object) -> list[dict[str, object]]:
    rows = table.drop_columns(["wall_time"]).to_pylist()  # type: ignore[attr-defined]
    return sorted(rows, key=lambda row: row["index"])  # type: ignore[arg-type,return-value]


def test_a_task_out_of_time_returns_what_it_played_and_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no time left after its first cell, a task returns that cell's row and a task of
    the other cells; played to the end, the pieces give the whole task's rows."""
    whole = run_tournament(CONFIG, workers=1)
    cells = tuple(tournaments._checked(CONFIG, None)[1])
    monkeypatch.setattr(tournaments, "TASK_SECONDS", 0.0)
    first = play_task(Task(cells, None, "general"))
    assert isinstance(first, Unfinished)
    assert first.result.num_rows == 1
    assert first.rest.cells == cells[1:]
    pieces = [table for _, table in run_tasks(play_task, [Task(cells, None, "general")])]
    assert len(pieces) == len(cells)
    rows = [row for piece in pieces for row in _results(piece)]
    assert sorted(rows, key=lambda row: row["index"]) == _results(whole.table)  # type: ignore[arg-type,return-value]


@pytest.mark.parametrize("workers", [1, 2])
def test_cutting_tasks_changes_no_result(monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    """Every task cut after each cell (rests run on whichever worker is free): the same
    table as uncut, row for row."""
    whole = dragoman.tournament(CONFIG, workers=workers)
    monkeypatch.setattr(tournaments, "TASK_SECONDS", 0.0)
    cut = dragoman.tournament(CONFIG, workers=workers)
    assert _results(cut.table) == _results(whole.table)


ENV = {**os.environ, "COLUMNS": "200"}
SLOW = (
    "scenarios: [river-basin]\nagents: [boulware, conceder, linear]\nsteps: 300\n"
    "repetitions: 40\nengine: general\n"
)


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _wait_for_parts(out: Path, process: subprocess.Popen[str], count: int) -> None:
    deadline = time.monotonic() + 300
    while len(list(out.glob("parts/part-*.parquet"))) < count:
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "no results stored"
        time.sleep(0.05)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_workers_of_a_killed_driver_exit(tmp_path: Path) -> None:
    """SIGKILL to the driver of a two-worker run: its workers notice and exit within seconds
    (they had waited for ever on a pipe nobody reads); a re-run completes, every cell once."""
    path = tmp_path / "t.yaml"
    path.write_text(SLOW, encoding="utf-8")
    out = tmp_path / "o"
    command = [sys.executable, "-m", "dragoman", "tournament", str(path), "--workers", "2",
               "-o", str(out)]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
        start_new_session=True,
    )  # fmt: skip
    workers: set[int] = set()
    try:
        _wait_for_parts(out, process, 1)
        workers = _children(process.pid)
        assert workers, "no worker processes found"
        process.kill()
        process.communicate()
        deadline = time.monotonic() + 10
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(workers), "workers outlived their killed driver"
    finally:
        for pid in _alive(workers):  # not to leak them when the check fails
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    rerun = subprocess.run(command, capture_output=True, text=True, env=ENV, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    cells = pq.read_table(out / "results.parquet", columns=["cell"]).column("cell").to_pylist()
    assert len(cells) == len(set(cells)) == 3 * 27 * 40


#: Mediated cells of tens of milliseconds each: 320 of them, a first task of 250.
MEDIATED = (
    "scenarios: [gaza-ceasefire-2024]\nagents: [boulware, conceder]\nprotocols: [single-text]\n"
    "mediators: [hill-climber]\nrepetitions: 40\nsteps: 120\n"
)


def test_one_worker_stores_results_within_a_task(tmp_path: Path) -> None:
    """One worker plays in the driver: a run interrupted a couple of seconds into a long
    general-engine task has stored what it played by then (a task of 250 cells, seconds of
    play, had stored nothing before its end), and says so."""
    path = tmp_path / "t.yaml"
    path.write_text(MEDIATED, encoding="utf-8")
    out = tmp_path / "o"
    process = subprocess.Popen(
        [sys.executable, "-m", "dragoman", "tournament", str(path), "--workers", "1", "-o",
         str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
        start_new_session=True,
    )  # fmt: skip
    started = time.time()
    _wait_for_parts(out, process, 2)
    sent = time.time()
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    ended = time.time()
    parts = sorted(p.stat().st_mtime - started for p in out.glob("parts/part-*.parquet"))
    timing = f"parts at {parts} s, SIGINT at {sent - started:.2f} s, end at {ended - started:.2f} s"
    assert process.returncode == 130, f"{timing}\n{err}"
    on_disk = sum(pq.read_metadata(p).num_rows for p in out.glob("parts/part-*.parquet"))
    assert 0 < on_disk < 250  # two pieces of the first task, before it would have ended
    (line,) = [line for line in err.splitlines() if line.startswith("interrupted")]
    assert int(line.split()[1].replace(",", "")) <= on_disk

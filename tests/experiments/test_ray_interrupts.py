"""Ctrl-C, SIGKILL and a dead address on the Ray backend, for real: `dragoman tournament
--backend ray` in a subprocess of its own session, which starts a local Ray cluster (its
gcs_server, raylet, agents and workers stay in that session, so /proc finds every process the
run started); real signals. The timeouts only guard against a hang."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dragoman.experiments.tournament import tournament

pytest.importorskip("ray")
if not Path("/proc/self/stat").exists():
    pytest.skip("the leftover processes are found in /proc", allow_module_level=True)

#: Seconds a run may take to exit after a signal before it counts as hung (starting a Ray
#: cluster takes 5 to 15 s on two busy cores, and Ctrl-C waits for the start to finish).
HANG = 60

ENV = {**os.environ, "COLUMNS": "200"}

#: 3,240 general-engine negotiations (about 7 s of CPU): 13 tasks of up to 250 on Ray.
CONFIG = (
    "scenarios: [river-basin]\nagents: [boulware, conceder, linear]\nsteps: 100\n"
    "repetitions: 40\nengine: general\n"
)
CELLS = 3 * 27 * 40  # rotations x agent triples x repetitions


def _session(sid: int) -> dict[int, str]:
    """The live processes of session `sid` (a run's driver and every Ray process it started),
    by pid, each with its name; zombies (exited, not yet reaped) are not live."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # exited meanwhile
            continue
        name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :]
        state, _, _, session = fields.split()[:4]
        if int(session) == sid and state not in "ZX":
            found[int(entry.name)] = name
    return found


def _gone(sid: int, within: float) -> dict[int, str]:
    """What is still running in session `sid` after waiting up to `within` seconds."""
    deadline = time.monotonic() + within
    while (left := _session(sid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


@pytest.fixture
def sessions() -> Iterator[list[int]]:
    """The sessions of the runs a test starts; whatever is left in them (Ray processes that
    outlive a killed driver) is killed at the end, so no test leaks a cluster."""
    started: list[int] = []
    yield started
    for sid in started:
        for pid in _session(sid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _run(path: Path, out: Path, sessions: list[int], *more: str) -> subprocess.Popen[str]:
    """`dragoman tournament PATH --backend ray -o OUT` in a session of its own."""
    process = subprocess.Popen(
        [sys.executable, "-m", "dragoman", "tournament", str(path), "--backend", "ray", "-o",
         str(out), *more],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
        start_new_session=True,
    )  # fmt: skip
    sessions.append(process.pid)
    return process


def _ended(process: subprocess.Popen[str], within: float = HANG) -> tuple[str, str]:
    """The process's output once it exits (killed, and the test failed, if it hangs)."""
    try:
        return process.communicate(timeout=within)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, err = process.communicate()
        raise AssertionError(f"still running {within} s on:\n{err}") from None


def _wait_for(found: Callable[[], object], process: subprocess.Popen[str], what: str) -> None:
    """Wait until `found()` holds (the run failing or finishing first fails the test)."""
    deadline = time.monotonic() + 120
    while not found():
        if process.poll() is not None:
            raise AssertionError(f"the run ended before {what}:\n{process.communicate()[1]}")
        assert time.monotonic() < deadline, f"no {what} in 120 s"
        time.sleep(0.05)


def _parts(out: Path) -> list[Path]:
    return sorted(out.glob("parts/part-*.parquet"))


def _stored(out: Path) -> list[str]:
    """The cells of every stored part (each part read whole: none is damaged)."""
    return [c for p in _parts(out) for c in pq.read_table(p).column("cell").to_pylist()]


def _only_line(err: str) -> str:
    """The one line stderr holds besides the progress bar's; no traceback."""
    assert "Traceback" not in err and "Exception" not in err, err
    lines = [line for line in err.splitlines() if line and not line.startswith("negotiations ")]
    assert len(lines) == 1, err
    return lines[0]


def _resumed(path: Path, out: Path, sessions: list[int], stored: int) -> None:
    """The same command again: it plays only what is not stored, every cell once, and leaves
    no Ray process behind."""
    rerun = _run(path, out, sessions)
    summary, err = _ended(rerun, 300)
    assert rerun.returncode == 0, err
    assert f"{CELLS - stored:,} negotiations played" in summary
    assert f"{stored:,} already finished" in summary
    cells = pq.read_table(out / "results.parquet", columns=["cell"]).column("cell").to_pylist()
    assert len(cells) == len(set(cells)) == CELLS
    assert _gone(rerun.pid, 10) == {}


def test_ctrl_c_mid_run_exits_130_stops_the_cluster_and_a_rerun_finishes(
    tmp_path: Path, sessions: list[int]
) -> None:
    """Ctrl-C as a terminal sends it (SIGINT to the process group) once a batch is stored:
    exit 130 in a few seconds with one line, no traceback, the cluster's processes gone;
    the stored parts are whole, and the re-run plays the rest into the table an
    uninterrupted run gives (on the local backend: `test_ray` pins Ray's table to it)."""
    path = tmp_path / "t.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "o"
    process = _run(path, out, sessions)
    _wait_for(lambda: _parts(out), process, "stored batch")
    assert {"raylet", "gcs_server"} <= set(_session(process.pid).values())
    sent = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    _, err = _ended(process)
    took = time.monotonic() - sent
    assert process.returncode == 130, err
    assert took < 15, f"{took:.1f} s to exit"  # measured: about 3 s (Ray's shutdown)
    line = _only_line(err)
    assert line.startswith("interrupted: ") and line.endswith(
        f"negotiations stored in {out}; re-run the same command to resume"
    )
    said, total = (int(n.replace(",", "")) for n in line.split()[1:4:2])
    assert _gone(process.pid, 5) == {}
    cells = _stored(out)
    assert len(cells) == len(set(cells)) >= said > 0 and total == CELLS
    assert len(cells) < CELLS, "finished before the interrupt: nothing checked"
    _resumed(path, out, sessions, len(cells))
    fresh = tournament(path, workers=2).table.drop_columns(["wall_time"])
    assert pq.read_table(out / "results.parquet").drop_columns(["wall_time"]).equals(fresh)


def test_a_second_ctrl_c_does_not_cut_the_cluster_s_shutdown_short(
    tmp_path: Path, sessions: list[int]
) -> None:
    """Ctrl-C twice, the second while the cluster is being shut down: still exit 130, one
    line, nothing left running (cut short, Ray's shutdown printed a traceback or crashed)."""
    path = tmp_path / "t.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "o"
    process = _run(path, out, sessions)
    _wait_for(lambda: _parts(out), process, "stored batch")
    os.killpg(process.pid, signal.SIGINT)
    time.sleep(0.3)  # the shutdown takes a second or more
    os.killpg(process.pid, signal.SIGINT)
    _, err = _ended(process)
    assert process.returncode == 130, (process.returncode, err)
    assert _only_line(err).startswith("interrupted: ")
    assert _gone(process.pid, 5) == {}


def test_ctrl_c_while_the_cluster_starts_leaves_no_ray_process(
    tmp_path: Path, sessions: list[int]
) -> None:
    """SIGINT to the driver alone while its local cluster is starting (its raylet is up, its
    agents and the driver's own connection not yet): the start is finished, then stopped,
    instead of cut half-way (which leaked the agents, or crashed the driver at exit)."""
    path = tmp_path / "t.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "o"
    process = _run(path, out, sessions)
    _wait_for(lambda: "raylet" in _session(process.pid).values(), process, "raylet")
    process.send_signal(signal.SIGINT)
    _, err = _ended(process)
    assert process.returncode == 130, err
    assert _only_line(err) == ("interrupted before any negotiation was played; nothing was stored")
    assert _gone(process.pid, 5) == {}
    assert _parts(out) == []


def test_a_killed_driver_loses_no_stored_result_and_a_rerun_completes(
    tmp_path: Path, sessions: list[int]
) -> None:
    """SIGKILL of the driver mid-run (no clean-up at all: Ray's agents outlive it, and the
    fixture kills them): every stored part is whole, and the re-run completes the table with
    every cell once."""
    path = tmp_path / "t.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "o"
    process = _run(path, out, sessions)
    _wait_for(lambda: _parts(out), process, "stored batch")
    process.kill()
    process.communicate()
    cells = _stored(out)
    assert 0 < len(cells) == len(set(cells)) < CELLS
    _resumed(path, out, sessions, len(cells))


def test_an_address_where_nothing_listens_is_one_line_and_exit_2_at_once(
    tmp_path: Path, sessions: list[int]
) -> None:
    """`--address 127.0.0.1:1`: the option and the address named, exit 2, no traceback,
    within seconds (Ray alone would retry it for minutes); no cluster started."""
    path = tmp_path / "t.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    started = time.monotonic()
    process = _run(path, tmp_path / "o", sessions, "--address", "127.0.0.1:1")
    out, err = _ended(process)
    took = time.monotonic() - started
    assert process.returncode == 2, err
    assert err == (
        "error: --address 127.0.0.1:1: no Ray cluster answers there (Connection refused); "
        "start one with `ray start --head`, or leave out --address to start a local one\n"
    )
    assert not out
    assert took < 20, f"{took:.1f} s"  # measured: about 2 s, the interpreter's start

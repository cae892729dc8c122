"""Ctrl-C on a local process pool, as a terminal sends it: SIGINT to the whole process group
(the driver and its workers at once), at several moments. Each run is a subprocess in its own
session; the timeouts only guard against a hang."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

#: Seconds a run may take to exit after the interrupt before it counts as hung.
HANG = 60

ENV = {**os.environ, "COLUMNS": "200"}

#: A worker finishes task 0 at once and sits idle in the pool's queue; the other is busy for
#: a minute on task 1 when the interrupt comes.
IDLE_AND_BUSY = """
import sys, time
from dragoman.experiments.backends import run_tasks

def work(k: int) -> int:
    if k:
        time.sleep(120)
    return k

if __name__ == "__main__":
    try:
        for k, _ in run_tasks(work, [0, 1], workers=2):
            print(f"got {k}", flush=True)
            time.sleep(120)  # interrupted here
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        sys.exit(130)
"""


def _interrupt(process: subprocess.Popen[str]) -> tuple[str, str]:
    """SIGINT to the process's group, then its output once it exits (killed if it hangs)."""
    os.killpg(process.pid, signal.SIGINT)
    try:
        return process.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, err = process.communicate()
        raise AssertionError(f"still running {HANG} s after Ctrl-C:\n{err}") from None


def test_ctrl_c_stops_an_idle_worker_and_a_busy_one_without_a_traceback() -> None:
    """The idle worker does not die printing KeyboardInterrupt, the busy one is terminated
    (not waited for), and the driver exits with what it said."""
    process = subprocess.Popen(
        [sys.executable, "-c", IDLE_AND_BUSY], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=ENV, start_new_session=True,
    )  # fmt: skip
    assert process.stdout is not None
    assert process.stdout.readline() == "got 0\n"
    time.sleep(0.5)  # the first worker back in the queue, waiting for work
    out, err = _interrupt(process)
    assert process.returncode == 130, err
    assert out == "interrupted\n"
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err


#: A worker ends while it sends its result: half a message (the header promises a megabyte)
#: sits in the results pipe, and the pool's manager thread waits in `recv` for the rest. The
#: half is written by hand (the pool's worker loop is the caller of a task) to make it certain.
HALF_SENT = """
import os, struct, sys, time
from dragoman.experiments.backends import run_tasks

def work(k: int) -> int:
    if k:
        time.sleep(1)  # after the other worker's result went through
        results = sys._getframe(1).f_locals["result_queue"]
        os.write(results._writer.fileno(), struct.pack("!i", 1 << 20) + b"half")
        time.sleep(120)
    return k

if __name__ == "__main__":
    for k, _ in run_tasks(work, [0, 1], workers=2):
        print(f"got {k}", flush=True)
        time.sleep(2)  # the manager thread is in recv by now
        break  # run_tasks abandons the pool
    print("left", flush=True)
"""


def test_a_worker_ended_while_it_sent_a_result_does_not_hang_the_exit() -> None:
    """The pool abandoned while a worker was half-way through sending a result: the driver
    still exits (the manager thread had waited for the rest of the message for ever, and the
    interpreter's exit waits on it: a SIGTERM'd tournament hung 1 run in 5)."""
    process = subprocess.Popen(
        [sys.executable, "-c", HALF_SENT], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=ENV, start_new_session=True,
    )  # fmt: skip
    try:
        out, err = process.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise AssertionError(f"still running {HANG} s after the pool was abandoned") from None
    assert (out, process.returncode) == ("got 0\nleft\n", 0), err
    assert "Traceback" not in err and "Exception ignored" not in err, err


CONFIG = (
    "scenarios: [river-basin]\nagents: [boulware, conceder, linear]\nsteps: 300\n"
    "repetitions: 12\nengine: general\n"
)
CELLS = 3 * 27 * 12  # rotations x agent triples x repetitions: 8 tasks on 2 workers


def _tournament(path: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "dragoman", "tournament", str(path), "--workers", "2", "-o",
         str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
        start_new_session=True,
    )  # fmt: skip


@pytest.mark.parametrize("parts", [0, 1, 4, 7])
def test_ctrl_c_with_two_workers_exits_130_and_keeps_every_stored_result(
    tmp_path: Path, parts: int
) -> None:
    """Interrupted before any task finished, after the first, midway, and with one task left
    (a worker idle): exit 130, no traceback, the stored count said; the re-run plays only
    the rest, and every cell is stored once."""
    path = tmp_path / "t.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "o"
    process = _tournament(path, out)
    deadline = time.monotonic() + 300
    while len(list(out.glob("parts/part-*.parquet"))) < parts and time.monotonic() < deadline:
        if process.poll() is not None:
            break
        time.sleep(0.02)
    if not parts:
        time.sleep(2)  # the workers forked and playing
    _, err = _interrupt(process)
    if process.returncode == 0:  # finished before the interrupt: nothing to check
        pytest.skip("the tournament finished before the interrupt")
    assert process.returncode == 130, err
    assert "Traceback" not in err and "Exception in thread" not in err, err
    (line,) = [line for line in err.splitlines() if line.startswith("interrupted")]
    early = line.startswith("interrupted before any negotiation")  # a slow start: still setting up
    drawing = line.startswith("interrupted while drawing")  # every negotiation played, stored
    stored = 0 if early else CELLS if drawing else int(line.split()[1].replace(",", ""))
    on_disk = sum(pq.read_metadata(p).num_rows for p in out.glob("parts/part-*.parquet"))
    assert on_disk >= stored >= parts  # every finished batch kept (one may be stored unsaid)
    rerun = _tournament(path, out)
    summary, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    assert f"{CELLS - on_disk:,} negotiations played" in summary
    assert f"{on_disk:,} already finished" in summary
    cells = pq.read_table(out / "results.parquet", columns=["cell"]).column("cell").to_pylist()
    assert len(cells) == len(set(cells)) == CELLS


def test_ctrl_c_before_play_says_nothing_was_played_and_names_no_folder(tmp_path: Path) -> None:
    """Interrupted while the configuration is read (a named pipe no one has written yet holds
    the run there): no count of 0 of 0, no folder named, none made."""
    path = tmp_path / "t.yaml"
    os.mkfifo(path)
    out = tmp_path / "o"
    process = _tournament(path, out)
    deadline = time.monotonic() + HANG
    writer = None
    while writer is None:  # the pipe opens for writing once the run opened it for reading
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        try:
            writer = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            time.sleep(0.02)
    try:
        time.sleep(0.2)  # the run blocked on reading the pipe
        _, err = _interrupt(process)
    finally:
        os.close(writer)
    assert process.returncode == 130, err
    assert "Traceback" not in err, err
    assert "interrupted before any negotiation was played; nothing was stored" in err
    assert str(out) not in err and "0 of 0" not in err and not out.exists()


def test_sigterm_to_the_driver_of_two_workers_ends_the_workers_and_says_what_is_stored(
    tmp_path: Path,
) -> None:
    """`kill PID` (SIGTERM to the driver alone, as a job scheduler ends a job): exit 143 at
    once with the stored count said, and no worker left behind (a worker had inherited the
    command's SIGTERM handler, whose SystemExit the pool's loop takes for a failed task)."""
    path = tmp_path / "t.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "o"
    process = _tournament(path, out)
    deadline = time.monotonic() + 300
    while not list(out.glob("parts/part-*.parquet")) and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    try:
        _, err = process.communicate(timeout=HANG)  # the workers hold the pipes open too
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise AssertionError(f"still running {HANG} s after SIGTERM") from None
    assert process.returncode == 143, err
    assert "Traceback" not in err and "Exception ignored" not in err, err
    (line,) = [line for line in err.splitlines() if line.startswith("terminated (SIGTERM)")]
    assert line.endswith("re-run the same command to resume") or "while drawing" in line
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # nobody left in the run's process group

"""The Ray backend: the same tournament on a local Ray cluster (started here with two CPUs, a
real cluster, no mocks) gives the same results table as the local backend, row for row."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import ray
from experiment_scenarios import scenario_files

from dragoman.errors import DragomanError
from dragoman.experiments.tournament import tournament


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_gives_the_local_table(tmp_path: Path, cluster: None) -> None:
    files = scenario_files(tmp_path)
    config = {
        "scenarios": [files[0], files[3], "pie-split"],
        "agents": ["boulware", "micro", "random"],
        "steps": 50,
        "seed": 11,
    }
    local = tournament(config, workers=1).table.drop_columns(["wall_time"])
    on_ray = tournament(config, backend="ray", batch=9, output=tmp_path / "ray")
    assert on_ray.ran == local.num_rows
    assert on_ray.table.drop_columns(["wall_time"]).equals(local)


@pytest.mark.parametrize("address", ["127.0.0.1:1", "no-port", "ray://127.0.0.1:x"])
def test_an_address_where_no_cluster_answers_is_refused_at_once(address: str) -> None:
    """Ray retries an unreachable cluster for minutes; the backend says so in seconds."""
    started = time.monotonic()
    with pytest.raises(DragomanError, match=r"address|Ray cluster"):
        tournament({"scenarios": ["pie-split"], "agents": ["boulware"]}, backend="ray",
                   address=address)  # fmt: skip
    assert time.monotonic() - started < 30  # not a speed target: a hang would never end


@pytest.mark.parametrize("command", ["tournament", "uncertainty"])
def test_the_cli_refuses_an_unreachable_address_before_drawing_a_bar(
    command: str, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from dragoman.app.cli import app

    config = tmp_path / "t.yaml"
    config.write_text("scenarios: [pie-split]\nagents: [boulware]\n", encoding="utf-8")
    target = str(config) if command == "tournament" else "gaza-ceasefire-2024"
    args = [command, target, "--backend", "ray", "--address", "127.0.0.1:1", "-o", str(tmp_path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "--address 127.0.0.1:1: no Ray cluster answers there" in result.output
    assert "0/" not in result.output  # no progress bar for work that never starts


def _cli(config: Path, address: str, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`dragoman tournament CONFIG --backend ray --address ADDRESS` in a fresh process (so no
    cluster this module joined is used instead)."""
    return subprocess.run(
        [sys.executable, "-m", "dragoman", "tournament", str(config), "--backend", "ray",
         "--address", address, "-o", str(out)],
        capture_output=True, text=True, timeout=180,
        env={**os.environ, "COLUMNS": "200", **env},
    )  # fmt: skip


def test_an_address_where_something_else_answers_is_refused_in_one_line(tmp_path: Path) -> None:
    """A listener that is not a Ray head (a socket that accepts and says nothing, which Ray
    would retry for minutes): one error line at once and exit 2, no traceback."""
    server = socket.create_server(("127.0.0.1", 0))

    def accept() -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            client.close()

    threading.Thread(target=accept, daemon=True).start()
    config = tmp_path / "t.yaml"
    config.write_text("scenarios: [pie-split]\nagents: [boulware]\n", encoding="utf-8")
    address = f"127.0.0.1:{server.getsockname()[1]}"
    try:
        done = _cli(config, address, tmp_path / "o")
    finally:
        server.close()
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"error: --address {address}: something listens there but it is not a Ray cluster (it "
        "does not answer as a gRPC server); give the head node's GCS address (`ray start "
        "--head` prints it)\n"
    )
    assert not done.stdout


def test_a_running_cluster_is_joined_by_its_address(tmp_path: Path, cluster: None) -> None:
    """The cluster this module started, joined from another process by its GCS address: with
    its token (Ray's token authentication) it plays the tournament; without, one line says
    what to set, instead of Ray's screen of retries."""
    address = ray.get_runtime_context().gcs_address
    config = tmp_path / "t.yaml"
    config.write_text("scenarios: [pie-split]\nagents: [boulware, linear]\n", encoding="utf-8")
    done = _cli(config, address, tmp_path / "o", RAY_AUTH_MODE="token")
    assert done.returncode == 0, done.stderr
    assert "negotiations played" in done.stdout
    if os.environ.get("RAY_AUTH_MODE") == "disabled":  # a cluster without tokens: no refusal
        return
    env = {"RAY_AUTH_MODE": "", "RAY_gcs_server_port_wait_time_s": "2"}
    refused = _cli(config, address, tmp_path / "o2", **env)
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.startswith(
        f"error: --address {address}: the Ray cluster there asks for its token"
    )
    assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr


def _play_tasks() -> int:
    """How many Ray workers of this session (the module's cluster) are playing a batch."""
    count = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # exited meanwhile
            continue
        name, fields = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :]
        state, _, _, session = fields.split()[:4]
        count += name == "ray::play_task" and state not in "ZX" and int(session) == os.getsid(0)
    return count


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="workers are found in /proc")
def test_ctrl_c_leaves_a_joined_cluster_running_without_the_run_s_tasks(
    tmp_path: Path, cluster: None
) -> None:
    """Ctrl-C of a run that joined this module's cluster by its address: exit 130 at once,
    one line, the run's tasks gone from the cluster's workers, the cluster still serving."""
    address = ray.get_runtime_context().gcs_address
    config = tmp_path / "t.yaml"
    config.write_text(
        "scenarios: [river-basin]\nagents: [boulware, conceder, linear]\nsteps: 100\n"
        "repetitions: 40\nengine: general\n",
        encoding="utf-8",
    )
    out = tmp_path / "o"
    process = subprocess.Popen(
        [sys.executable, "-m", "dragoman", "tournament", str(config), "--backend", "ray",
         "--address", address, "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "COLUMNS": "200", "RAY_AUTH_MODE": "token"},
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not list(out.glob("parts/part-*.parquet")) and process.poll() is None:
        assert time.monotonic() < deadline, "no batch stored in 120 s"
        time.sleep(0.05)
    assert _play_tasks() > 0, process.communicate()[1]
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if line.startswith("interrupted: ")]
    deadline = time.monotonic() + 10
    while _play_tasks() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _play_tasks() == 0
    assert ray.get(ray.remote(lambda: 1).remote()) == 1

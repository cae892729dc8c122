"""The Ray backend: the same tournament on a local Ray cluster (started here with two CPUs, a
real cluster, no mocks) gives the same results table as the local backend, row for row."""

from __future__ import annotations

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
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
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
    assert "no Ray cluster answers at 127.0.0.1:1" in result.output
    assert "0/" not in result.output  # no progress bar for work that never starts

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

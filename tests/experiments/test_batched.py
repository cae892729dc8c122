"""The batched engine gives the same agreements, steps, offers and utilities as the general
engine (the session) on every cell it handles: hundreds of cells of oblivious agents, bilateral
and trilateral, with red lines, rotated preferences and several step budgets."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from experiment_scenarios import scenario_files

from dragoman.errors import DragomanError
from dragoman.experiments.batched import batchable, spec_is_oblivious
from dragoman.experiments.tournament import tournament
from dragoman.io.scenario_file import load_scenario

OBLIVIOUS = (
    "boulware",
    "conceder",
    "linear",
    "time-based:e=0.5",
    "hardliner",
    "spe-split:opponent_delta=0.8",
)


def _without(table: pa.Table, *names: str) -> pa.Table:
    return table.drop_columns([n for n in names if n in table.column_names])


@pytest.mark.parametrize("steps", [7, 60, 200])
def test_the_batched_engine_equals_the_general_engine(tmp_path: Path, steps: int) -> None:
    files = scenario_files(tmp_path)
    bilateral = {"scenarios": files[:3], "agents": list(OBLIVIOUS), "steps": steps, "seed": 5}
    trilateral = {"scenarios": files[3:], "agents": list(OBLIVIOUS[:3]), "steps": steps}
    for config in (bilateral, trilateral):
        general = tournament({**config, "engine": "general"}, workers=1).table
        batched = tournament({**config, "engine": "batched"}, workers=1).table
        assert set(general.column("engine").to_pylist()) == {"general"}
        assert set(batched.column("engine").to_pylist()) == {"batched"}
        assert general.num_rows >= 81
        left = _without(general, "engine", "wall_time")
        right = _without(batched, "engine", "wall_time")
        assert left.column_names == right.column_names
        for name in left.column_names:  # column by column, to name the one that differs
            assert left.column(name).to_pylist() == right.column(name).to_pylist(), name
    statuses = set(general.column("status").to_pylist())
    assert "agreement" in statuses or steps == 7


def test_the_cells_cover_agreements_and_deadlines(tmp_path: Path) -> None:
    files = scenario_files(tmp_path)
    config = {"scenarios": files[:3], "agents": list(OBLIVIOUS), "steps": 60, "engine": "batched"}
    table = tournament(config, workers=1).table
    assert table.num_rows == 3 * 2 * 36
    assert set(table.column("status").to_pylist()) == {"agreement", "deadline"}


def test_which_agents_and_protocols_it_takes(tmp_path: Path) -> None:
    assert all(spec_is_oblivious(s) for s in OBLIVIOUS)
    assert not spec_is_oblivious("micro") and not spec_is_oblivious("naive-tft")
    pie = load_scenario("pie-split")
    assert batchable(pie, "alternating", ["boulware", "hardliner"])
    assert not batchable(pie, "alternating", ["boulware", "micro"])
    assert not batchable(load_scenario("river-basin"), "single-text", ["boulware"] * 3)


def test_engine_batched_refuses_what_it_cannot_run(tmp_path: Path) -> None:
    files = scenario_files(tmp_path)
    config = {"scenarios": files[:1], "agents": ["boulware", "micro"], "engine": "batched"}
    with pytest.raises(DragomanError, match="batched engine cannot run"):
        tournament(config, workers=1)

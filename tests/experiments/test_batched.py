"""The batched engine gives the same agreements, steps, offers and utilities as the general
engine (the session) on every cell it handles: hundreds of cells of oblivious agents, bilateral
and trilateral, with red lines, rotated preferences and several step budgets; and many scenario
variants in one call (one step loop) play as each does alone."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
import yaml
from experiment_scenarios import scenario_files

from dragoman.errors import DragomanError
from dragoman.experiments.batched import (
    Variant,
    batchable,
    play_batched,
    play_variants,
    spec_in_lockstep,
    spec_is_oblivious,
)
from dragoman.experiments.cells import draw_of, rotated, scenario_of
from dragoman.experiments.tournament import tournament
from dragoman.io.scenario_file import dump_scenario, load_scenario

OBLIVIOUS = (
    "boulware",
    "conceder",
    "linear",
    "time-based:e=0.5",
    "hardliner",
    "spe-split:opponent_delta=0.8",
)
LOCKSTEP = ("naive-tft", "micro")  # reactive, bilateral: in lockstep


def _without(table: pa.Table, *names: str) -> pa.Table:
    return table.drop_columns([n for n in names if n in table.column_names])


def _same_but_engine(left: pa.Table, right: pa.Table) -> None:
    """Column by column (to name the one that differs), the cells' keys in their draws: a key
    ends with the engine that played it."""
    for name in left.column_names:
        if name == "cell":
            left_draws = [draw_of(k) for k in left.column(name).to_pylist()]
            assert left_draws == [draw_of(k) for k in right.column(name).to_pylist()]
        else:
            assert left.column(name).to_pylist() == right.column(name).to_pylist(), name


@pytest.mark.parametrize("steps", [7, 60, 200])
def test_the_batched_engine_equals_the_general_engine(tmp_path: Path, steps: int) -> None:
    files = scenario_files(tmp_path)
    bilateral = {"scenarios": files[:3], "agents": [*OBLIVIOUS, *LOCKSTEP], "steps": steps}
    bilateral |= {"seed": 5, "repetitions": 2}
    trilateral = {"scenarios": files[3:], "agents": list(OBLIVIOUS[:3]), "steps": steps}
    for config in (bilateral, trilateral):
        general = tournament({**config, "engine": "general"}, workers=1).table
        batched = tournament({**config, "engine": "batched"}, workers=1).table
        assert set(general.column("engine").to_pylist()) == {"general"}
        assert set(batched.column("engine").to_pylist()) == {"batched"}
        assert general.num_rows >= 81
        assert config is trilateral or "micro" in set(batched.column("agent_1").to_pylist())
        left = _without(general, "engine", "wall_time")
        right = _without(batched, "engine", "wall_time")
        assert left.column_names == right.column_names
        assert {"agreement", "agreement_values"} <= set(left.column_names)
        _same_but_engine(left, right)
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
    assert spec_in_lockstep("micro") and spec_in_lockstep("naive-tft")
    assert not spec_in_lockstep("relative-tft") and not spec_in_lockstep("boulware")
    pie = load_scenario("pie-split")
    assert batchable(pie, "alternating", ["boulware", "hardliner"])
    assert batchable(pie, "alternating", ["boulware", "micro"])
    assert batchable(pie, "alternating", ["naive-tft", "micro"])
    assert not batchable(pie, "alternating", ["boulware", "relative-tft"])
    three = load_scenario("river-basin")
    assert not batchable(three, "alternating", ["boulware", "micro", "linear"])  # bilateral only
    assert not batchable(load_scenario("river-basin"), "single-text", ["boulware"] * 3)


def test_engine_batched_refuses_what_it_cannot_run(tmp_path: Path) -> None:
    files = scenario_files(tmp_path)
    config = {"scenarios": files[:1], "agents": ["boulware", "relative-tft"], "engine": "batched"}
    with pytest.raises(DragomanError, match="engine: the batched engine cannot run"):
        tournament(config, workers=1)
    path = tmp_path / "refused.yaml"  # from a file: the line of the field; nothing played
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    with pytest.raises(DragomanError, match=r"refused.yaml:\d+: engine: the batched engine"):
        tournament(path, workers=1, output=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_variants_of_any_size_in_one_loop_equal_each_variant_alone(tmp_path: Path) -> None:
    """Bilateral and trilateral variants, rotated, of 36 to 125 outcomes and two step budgets,
    in one call: each variant's play is what it is alone, in its own outcome numbers."""
    files = scenario_files(tmp_path)
    short = scenario_of(files[0]).revised({"deadline_steps": 31})
    variants: list[Variant] = [(short, [("linear", "hardliner"), ("boulware", "conceder")], [0, 0])]
    for reference in files:
        for rotation in range(len(scenario_of(reference).negotiators)):
            variant = rotated(reference, rotation)
            seats = len(variant.negotiators)
            rows = list(itertools.product(OBLIVIOUS[: 6 if seats == 2 else 3], repeat=seats))
            rows = rows[rotation:]  # a different row count per variant
            variants.append((variant, rows, [0] * len(rows)))
    together = play_variants(variants)
    for (scenario, rows, _), play in zip(variants, together, strict=True):
        alone = play_batched(scenario, rows)
        for name in ("agreement", "steps", "offers"):
            assert getattr(play, name).tolist() == getattr(alone, name).tolist(), name
    agreed = np.concatenate([p.agreement for p in together])
    assert (agreed >= 0).any() and (agreed < 0).any()
    assert {int(p.steps.max()) for p in together} >= {31, 200}


def test_one_task_of_several_variants_equals_the_general_engine(tmp_path: Path) -> None:
    """Bilateral and trilateral scenarios and two step budgets in one tournament task (one
    call of the batched engine, each repeated negotiation run once), row for row against the
    session."""
    files = scenario_files(tmp_path)
    short = tmp_path / "short.yaml"
    short.write_text(dump_scenario(scenario_of(files[1]).revised({"deadline_steps": 23})))
    config = {"scenarios": [*files, str(short)], "agents": list(OBLIVIOUS[1:5]), "seed": 3}
    config |= {"repetitions": 2}
    general = tournament({**config, "engine": "general"}, workers=1).table
    batched = tournament({**config, "engine": "batched"}, workers=1, batch=10**6).table
    assert general.num_rows == 2 * (3 * 2 * 16 + 3 * 64 + 2 * 16)
    left, right = _without(general, "engine", "wall_time"), _without(batched, "engine", "wall_time")
    _same_but_engine(left, right)
    walls = set(batched.column("wall_time").to_pylist())
    assert len(walls) == 1 and walls.pop() > 0  # one shared call, its time divided evenly

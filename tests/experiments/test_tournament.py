"""Tournaments: the cells a configuration makes, the same results with 1 and 2 workers, results
kept per finished batch (a killed run loses nothing finished, a re-run duplicates nothing), and
configuration errors named by file, line and field."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from experiment_scenarios import scenario_files

from dragoman.errors import ConfigError
from dragoman.experiments.cells import cell_seed, enumerate_cells
from dragoman.experiments.config import load_config, parse_config
from dragoman.experiments.play import on_batched
from dragoman.experiments.store import ResultStore
from dragoman.experiments.tournament import plan_tasks, tournament

MIXED = ["boulware", "linear", "micro", "naive-tft", "random"]


def _mixed(tmp_path: Path) -> dict[str, object]:
    files = scenario_files(tmp_path)
    return {"scenarios": [files[0], files[1], "pie-split"], "agents": MIXED, "steps": 40}


def test_cells_rotate_preferences_and_respect_self_play(tmp_path: Path) -> None:
    files = scenario_files(tmp_path)
    config = parse_config({"scenarios": [files[0], files[3]], "agents": ["boulware", "linear"]})
    cells = enumerate_cells(config)
    # bilateral: 2 rotations x 4 pairings; trilateral: 3 rotations x 8 triples
    assert len(cells) == 2 * 4 + 3 * 8
    assert len({c.key for c in cells}) == len(cells)
    bilateral = {"scenarios": [files[0]], "self_play": False, "rotate": False}
    no_self = parse_config({**config.model_dump(), **bilateral})
    pairs = [c.agents for c in enumerate_cells(no_self)]
    assert sorted(pairs) == [("boulware", "linear"), ("linear", "boulware")]
    # two agents cannot fill three seats without self-play: the scenario is refused, not skipped
    with pytest.raises(ConfigError, match="has 3 party seats and agents lists only 2"):
        enumerate_cells(parse_config({**config.model_dump(), "self_play": False}))


def test_a_cell_seed_depends_on_the_root_seed_and_the_cell_only() -> None:
    assert cell_seed(1, "abc") == cell_seed(1, "abc")
    assert len({cell_seed(1, "abc"), cell_seed(2, "abc"), cell_seed(1, "abd")}) == 3


def test_the_same_seed_gives_the_same_table_on_one_and_two_workers(tmp_path: Path) -> None:
    config = _mixed(tmp_path)
    one = tournament(config, workers=1, seed=3)
    two = tournament(config, workers=2, seed=3, batch=7)
    assert one.table.num_rows == 3 * 2 * 25
    assert set(one.table.column("engine").to_pylist()) == {"batched", "general"}
    left = one.table.drop_columns(["wall_time"])
    right = two.table.drop_columns(["wall_time"])
    assert left.equals(right)  # row for row, column for column
    other = tournament(config, workers=1, seed=4).table.drop_columns(["wall_time"])
    assert not left.equals(other)  # the random agent draws from its seed


def test_scores_have_an_interval_around_their_mean(tmp_path: Path) -> None:
    scores = tournament(_mixed(tmp_path), workers=1).scores.to_pylist()
    assert sorted(s["strategy"] for s in scores) == sorted(MIXED)
    for row in scores:
        assert row["negotiations"] == 3 * 2 * 10  # each agent at each seat of every pairing
        for axis in ("advantage", "utility", "welfare"):
            assert row[f"{axis}_low"] <= row[axis] <= row[f"{axis}_high"]


def test_a_rerun_skips_finished_cells_and_duplicates_none(tmp_path: Path) -> None:
    config = _mixed(tmp_path)
    out = tmp_path / "out"
    first = tournament(config, workers=1, output=out, batch=11)
    assert first.ran == 150 and first.skipped == 0
    assert {"results.parquet", "results.csv", "scores.csv"} <= {p.name for p in out.iterdir()}
    again = tournament(config, workers=2, output=out)
    assert again.ran == 0 and again.skipped == 150
    assert again.table.drop_columns(["wall_time"]).equals(first.table.drop_columns(["wall_time"]))
    stored = pq.read_table(out / "results.parquet")
    assert stored.num_rows == 150 and len(set(stored.column("cell").to_pylist())) == 150


def test_a_damaged_part_is_set_aside_and_replayed_and_a_copied_one_counts_once(
    tmp_path: Path,
) -> None:
    """A part truncated on disk, a file that is no part at all, and a part copied in twice:
    the re-run renames the unreadable ones (never deletes them), says so, plays their cells
    again and stores every cell once."""
    config = {"scenarios": ["pie-split"], "agents": ["boulware", "linear", "micro"]}
    out = tmp_path / "out"
    first = tournament(config, workers=1, output=out, batch=4)
    parts = sorted((out / "parts").glob("part-*.parquet"))
    lost = pq.read_table(parts[0]).num_rows
    parts[0].write_bytes(parts[0].read_bytes()[:100])
    (out / "parts" / "part-junk.parquet").write_text("not a part\n", encoding="utf-8")
    (out / "parts" / "part-copy.parquet").write_bytes(parts[1].read_bytes())
    again = tournament(config, workers=1, output=out)
    assert again.ran == lost and again.skipped == first.ran - lost
    assert len(again.notes) == 2 and all("could not be read" in n for n in again.notes)
    assert (out / "parts" / f"{parts[0].name}.unreadable").stat().st_size == 100
    assert (out / "parts" / "part-junk.parquet.unreadable").exists()
    drop = ["wall_time"]
    assert again.table.drop_columns(drop).equals(first.table.drop_columns(drop))
    stored = pq.read_table(out / "results.parquet")
    assert stored.num_rows == first.ran == len(set(stored.column("cell").to_pylist()))
    assert tournament(config, workers=1, output=out).notes == ()


_RUN = """
import sys
from dragoman.experiments.play import on_batched
from dragoman.experiments.tournament import plan_tasks, tournament
tournament(sys.argv[1], workers=1, output=sys.argv[2], batch=4)
"""


def test_a_killed_run_loses_no_finished_result_and_resumes(tmp_path: Path) -> None:
    files = scenario_files(tmp_path)
    config = tmp_path / "t.yaml"
    agents = ", ".join(MIXED)
    config.write_text(
        f"scenarios: [{files[0]}, {files[1]}]\nagents: [{agents}]\nsteps: 200\n"
        "repetitions: 3\nengine: general\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-c", _RUN, str(config), str(out)])
    store_parts = out / "parts"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(store_parts.glob("part-*.parquet"))) < 3:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    kept = {p.name: pq.read_table(p) for p in store_parts.glob("part-*.parquet")}
    assert len(kept) >= 3
    finished = ResultStore(out).finished()
    total = len(enumerate_cells(load_config(config)))
    assert 0 < len(finished) < total  # killed mid-run
    resumed = tournament(config, workers=2, output=out)
    assert resumed.skipped == len(finished) and resumed.ran == total - len(finished)
    keys = resumed.table.column("cell").to_pylist()
    assert len(keys) == total == len(set(keys))
    for name, part in kept.items():  # every part kept, unchanged, in the final table
        assert pq.read_table(store_parts / name).equals(part)
    fresh = tournament(config, workers=1).table
    assert resumed.table.drop_columns(["wall_time"]).equals(fresh.drop_columns(["wall_time"]))


def test_configuration_errors_name_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "scenarios: [pie-split]\nagents:\n  - boulware\n  - bolware\nrepetitions: 0\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    text = str(caught.value)
    assert f"{path}:5: repetitions: Input should be greater than or equal to 1" in text
    path.write_text("scenarios: [pie-split]\nagents:\n  - boulware\n  - bolware\n")
    with pytest.raises(ConfigError, match=r"bad.yaml:4: agents\[1\]: unknown agent 'bolware'"):
        load_config(path)
    path.write_text("scenarios: [pie-split]\nagents:\n  - boulware\n  - time-based:e=1,e=2\n")
    with pytest.raises(ConfigError, match=r"bad.yaml:4: agents\[1\]: parameter 'e' is given twice"):
        load_config(path)
    path.write_text("scenarios: [pie-split]\nagents: [boulware, 'relative-tft:delta=2.7']\n")
    with pytest.raises(ConfigError, match=r"bad.yaml:2: agents\[1\]: parameter 'delta' .* whole"):
        load_config(path)
    path.write_text(
        "scenarios: [gaza-ceasefire-2024]\nagents: [boulware]\nprotocols: [alternating]\n"
    )
    with pytest.raises(
        ConfigError, match=r"bad.yaml:3: protocols\[0\]: alternating cannot run on gaza"
    ):
        tournament(path, workers=1)


def test_mediated_protocols_report_each_mediator() -> None:
    config = {
        "scenarios": ["river-basin"],
        "agents": ["boulware", "micro"],
        "protocols": ["single-text"],
        "mediators": ["hill-climber", "one-text"],
        "rotate": False,
        "steps": 30,
    }
    table = tournament(config, workers=1).table
    assert table.num_rows == 2 * 2**3  # two mediators x every triple of the two agents
    assert set(table.column("mediator_1_strategy").to_pylist()) == {"hill-climber", "one-text"}
    assert set(table.column("engine").to_pylist()) == {"general"}
    proposals = table.column("mediator_1_proposals").to_pylist()
    assert all(isinstance(p, int) and p >= 0 for p in proposals) and max(proposals) > 0


def test_two_workers_get_a_batched_task_each_and_several_general_ones(tmp_path: Path) -> None:
    """The batched step loop costs about the same for few rows as for many: one task per
    worker; general-engine cells are spread finer, so both workers stay busy to the end."""
    config = parse_config({**_mixed(tmp_path), "repetitions": 4})
    cells = enumerate_cells(config)
    fast = on_batched(cells, config.engine)
    tasks = plan_tasks(config, cells, 2, None, fast)
    batched = [t for t in tasks if on_batched(t.cells, config.engine)[0]]
    general = [t for t in tasks if not on_batched(t.cells, config.engine)[0]]
    assert len(batched) == 2 and len(general) == 8
    assert sum(len(t.cells) for t in tasks) == len(cells)
    assert len(plan_tasks(config, cells, 1, None, fast)) == 2  # one of each kind


def test_an_agent_listed_twice_in_another_spelling_is_refused(tmp_path: Path) -> None:
    # The same strategy with the same parameters (defaults included) would play the same
    # scores twice under two names; each repeat is reported at its line, as a repeated text is.
    path = tmp_path / "twice.yaml"
    path.write_text(
        "scenarios: [pie-split]\nagents:\n  - 'boulware:'\n  - ' linear '\n  - linear:e=1.0\n"
        "  - boulware:e=0.2\n  - micro\n  - micro\n  - time-based:e=0.5\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    text = str(caught.value)
    assert f"{path}:5: agents[2]: 'linear:e=1.0' is listed twice (as ' linear ': the same " in text
    assert f"{path}:6: agents[3]: 'boulware:e=0.2' is listed twice (as 'boulware:': " in text
    assert f"{path}:8: agents[5]: 'micro' is listed twice\n" in text + "\n"
    assert "agents[6]" not in text  # another exponent is another strategy
    assert len(caught.value.problems) == 3

"""The results table names each negotiation's agreed outcome (its index and its values, null
without one), reads back parts stored before those columns existed, and keeps a mediator
strategy's parameters in `mediator_j_strategy`."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from dragoman.experiments.tournament import tournament
from dragoman.io.scenario_file import load_scenario

_AGREEMENT = ["agreement", "agreement_values"]


def test_each_row_names_its_agreed_outcome_on_both_engines() -> None:
    config = {"scenarios": ["pie-split"], "agents": ["boulware", "linear", "micro"], "steps": 30}
    space = load_scenario("pie-split").outcome_space
    for engine in ("batched", "general"):
        table = tournament({**config, "engine": engine}, workers=1).table
        rows = table.to_pylist()
        agreed = [r for r in rows if r["status"] == "agreement"]
        assert agreed and all(r["engine"] == engine for r in rows)
        for row in rows:
            if row["status"] != "agreement":
                assert row["agreement"] is None and row["agreement_values"] is None
                continue
            assert json.loads(row["agreement_values"]) == space.values(row["agreement"])


def test_parts_stored_without_the_agreement_read_back_with_it_null(tmp_path: Path) -> None:
    """Parts written before the columns existed: the re-run plays nothing again and the
    table has both columns, null in the old parts' rows, the new rows' values kept."""
    config = {"scenarios": ["pie-split"], "agents": ["boulware", "linear"], "steps": 30}
    out = tmp_path / "out"
    first = tournament(config, workers=1, output=out, batch=2)
    parts = sorted((out / "parts").glob("part-*.parquet"))
    assert len(parts) >= 2
    for part in parts:  # every part old: no agreement column anywhere
        pq.write_table(pq.read_table(part).drop_columns(_AGREEMENT), part)
    again = tournament(config, workers=1, output=out)
    assert again.ran == 0 and again.skipped == first.ran
    assert again.table.column_names == first.table.column_names
    assert again.table.column("agreement").null_count == again.table.num_rows
    rest = [n for n in first.table.column_names if n not in (*_AGREEMENT, "wall_time")]
    assert again.table.select(rest).equals(first.table.select(rest))
    for part in parts[2:]:  # the rest played again, stored as the new code stores them
        part.unlink()
    old = {c for p in parts[:2] for c in pq.read_table(p).column("cell").to_pylist()}
    mixed = tournament(config, workers=1, output=out)
    assert mixed.ran == first.ran - len(old) > 0
    kept = dict(zip(*first.table.select(["cell", "agreement"]).to_pydict().values(), strict=True))
    for row in mixed.table.select(["cell", "status", *_AGREEMENT]).to_pylist():
        if row["cell"] in old:
            assert row["agreement"] is None and row["agreement_values"] is None
        else:
            assert row["agreement"] == kept[row["cell"]]
            assert (row["agreement_values"] is None) == (row["status"] != "agreement")
    written = pq.read_table(out / "results.parquet")
    assert written.column_names == first.table.column_names


def test_a_mediator_strategy_keeps_its_parameters() -> None:
    config = {
        "scenarios": ["river-basin"],
        "agents": ["boulware"],
        "protocols": ["single-text"],
        "mediators": ["hill-climber:starts=8", "one-text"],
        "rotate": False,
        "steps": 20,
    }
    rows = tournament(config, workers=1).table.to_pylist()
    assert {(r["mediator"], r["mediator_1_strategy"]) for r in rows} == {
        ("hill-climber:starts=8", "hill-climber:starts=8"),
        ("one-text", "one-text"),
    }

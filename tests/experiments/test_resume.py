"""Resuming a tournament in a folder with a history: whatever the folder holds (results of an
earlier version of a scenario file, of another engine, of another configuration, parts stored
before keys held the content as played), the run returns and writes what a fresh run of its
configuration gives, but the wall time; relative scenario paths start at the configuration's
folder only; the summary states the root seed. Through the CLI and `dragoman.tournament`, on
real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import dragoman
from dragoman.app.cli import app
from dragoman.experiments.cells import draw_of
from dragoman.io.scenario_file import builtin_scenarios

TRADE = """\
format_version: 1
metadata:
  title: Supply contract (test)
issues:
  - {name: price, kind: integer, min: 10, max: 50, step: 5}
  - {name: delivery, kind: categorical, values: [fast, normal, slow], ordered: true}
  - {name: warranty, kind: real, min: 0, max: 3, step: 0.5}
parties:
  - name: Buyer
    preferences:
      reservation_value: 0.3
      discount_factor: 0.95
      weights: {price: 0.5, delivery: 0.3, warranty: 0.2}
      values:
        price: {linear: decreasing}
        delivery: {scores: {fast: 1.0, normal: 0.6, slow: 0.0}}
        warranty: {linear: increasing}
      red_lines:
        - {issue: price, max: 40}
  - name: Seller
    preferences:
      reservation_value: 0.35
      weights: {price: 0.6, delivery: 0.2, warranty: 0.2}
      values:
        price: {linear: increasing}
        delivery: {scores: {fast: 0.0, normal: 0.5, slow: 1.0}}
        warranty: {linear: decreasing}
"""

UNCERTAIN = """\
uncertainty:
  parameters:
    - path: parties[Buyer].preferences.reservation_value
      distribution: {kind: uniform, low: 0.2, high: 0.5}
"""

runner = CliRunner()


def invoked(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `dragoman ARGS` (no traceback may escape)."""
    result = runner.invoke(app, list(args), env={"COLUMNS": "400"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def trade_config(folder: Path, text: str = TRADE) -> Path:
    """The user's trial: `t.yaml` playing `trade.yaml` beside it, seed 1."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "trade.yaml").write_text(text, encoding="utf-8")
    path = folder / "t.yaml"
    path.write_text("scenarios: [trade.yaml]\nagents: [boulware, linear]\nseed: 1\n", "utf-8")
    return path


def without_wall_time(table: pa.Table) -> pa.Table:
    return table.drop_columns(["wall_time"])


def same(left: pa.Table, right: pa.Table) -> bool:
    """Equal schemas and values, a NaN equal to a NaN (a score with no value is NaN)."""

    def rows(table: pa.Table) -> list[dict[str, object]]:
        return [{k: "NaN" if v != v else v for k, v in row.items()} for row in table.to_pylist()]

    return left.schema == right.schema and rows(left) == rows(right)


def assert_written_as_fresh(folder: Path, fresh: Path) -> None:
    """results.parquet, results.csv and the scores in `folder` equal those of a fresh run's
    folder, but the wall time."""
    for name in ("results", "scores"):
        for read in (pq.read_table, pa_csv.read_csv):
            suffix = "parquet" if read is pq.read_table else "csv"
            left, right = read(folder / f"{name}.{suffix}"), read(fresh / f"{name}.{suffix}")
            if name == "results":
                left, right = without_wall_time(left), without_wall_time(right)
            assert same(left, right), f"{name}.{suffix}"


def test_an_edited_scenario_file_is_played_again_and_its_old_results_left_out(
    tmp_path: Path,
) -> None:
    """Buyer's reservation value 0.3 -> 0.6 in trade.yaml: the re-run plays every cell again
    (with the same seeds), says in one line that the stored results of the earlier version
    were left out, and returns and writes what a fresh run of the edited file gives."""
    path = trade_config(tmp_path / "t4")
    out = tmp_path / "out"
    code, text, err = invoked("tournament", str(path), "-o", str(out), "--workers", "1")
    assert code == 0, err
    assert "8 negotiations played" in text and "earlier version" not in text
    before = pq.read_table(out / "results.parquet")
    edited = TRADE.replace("reservation_value: 0.3", "reservation_value: 0.6")
    (path.parent / "trade.yaml").write_text(edited, encoding="utf-8")
    code, text, err = invoked("tournament", str(path), "-o", str(out), "--workers", "1")
    assert code == 0, err
    assert "8 negotiations played" in text and "0 already finished" in text
    (line,) = [line for line in text.splitlines() if "earlier version" in line]
    assert line == (
        "8 stored results are of an earlier version of a scenario or configuration and were "
        "left out (kept in the folder)."
    )
    assert "belong to other cells" not in text
    after = pq.read_table(out / "results.parquet")
    assert after.column("seed").equals(before.column("seed"))  # common random numbers
    assert not without_wall_time(after).equals(without_wall_time(before))
    buyer = [u - a for u, a in zip(after["utility_1"].to_pylist(), after["advantage_1"].to_pylist(),
                                    strict=True)]  # fmt: skip
    rotations = after.column("rotation").to_pylist()
    assert {round(b, 9) for b, r in zip(buyer, rotations, strict=True) if r == 0} == {0.6}
    fresh = tmp_path / "fresh"
    shutil.copytree(path.parent, fresh / "t4")
    assert invoked("tournament", str(fresh / "t4" / "t.yaml"), "-o", str(fresh / "out"))[0] == 0
    assert_written_as_fresh(out, fresh / "out")
    assert len(list((out / "parts").glob("part-*.parquet"))) == 2  # the old results kept
    code, printed, _ = invoked("tournament", str(path), "-o", str(out), "--json")
    data = json.loads(printed)
    assert (data["ran"], data["skipped"], data["earlier_results"], data["other_results"]) == (
        0, 8, 8, 0,
    )  # fmt: skip


def test_an_edit_of_the_uncertainty_section_alone_keeps_the_results(tmp_path: Path) -> None:
    """No cell reads a scenario's `uncertainty` (only uncertainty studies do)."""
    path = trade_config(tmp_path)
    out = tmp_path / "out"
    first = dragoman.tournament(path, output=out, workers=1)
    (tmp_path / "trade.yaml").write_text(TRADE + UNCERTAIN, encoding="utf-8")
    again = dragoman.tournament(path, output=out, workers=1)
    assert (again.ran, again.skipped, again.earlier) == (0, 8, 0)
    assert without_wall_time(again.table).equals(without_wall_time(first.table))


def test_one_process_plays_a_file_edited_between_two_tournaments(tmp_path: Path) -> None:
    """The scenarios a process loaded are read again once their file changed, so a notebook
    running `dragoman.tournament` after an edit plays the edited file (and a stored result
    of the earlier version is not taken for it)."""
    path = trade_config(tmp_path)
    out = tmp_path / "out"
    first = dragoman.tournament(path, output=out, workers=1)
    edited = TRADE.replace("reservation_value: 0.3", "reservation_value: 0.6")
    (tmp_path / "trade.yaml").write_text(edited, encoding="utf-8")
    again = dragoman.tournament(path, output=out, workers=1)
    assert (again.ran, again.skipped, again.earlier, again.others) == (8, 0, 8, 0)
    fresh = dragoman.tournament(path, workers=1).table
    assert without_wall_time(again.table).equals(without_wall_time(fresh))
    assert not without_wall_time(again.table).equals(without_wall_time(first.table))
    rows = again.table.to_pylist()
    assert {round(r["utility_1"] - r["advantage_1"], 9) for r in rows if r["rotation"] == 0} == {
        0.6
    }


def test_a_file_with_a_built_in_scenario_s_content_and_name_is_the_same_cell(
    tmp_path: Path,
) -> None:
    """A cell's identity is its scenario's content and name, not where the file lies: a copy
    of pie-split resumes the built-in's results; an edited copy does not."""
    out = tmp_path / "out"
    config = {"scenarios": ["pie-split"], "agents": ["boulware", "micro"], "steps": 20}
    first = dragoman.tournament(config, output=out, workers=1)
    copy = tmp_path / "pie-split.yaml"
    shutil.copy(builtin_scenarios()["pie-split"], copy)
    copied = dragoman.tournament({**config, "scenarios": [str(copy)]}, output=out, workers=1)
    assert (copied.ran, copied.skipped) == (0, first.ran)
    text = copy.read_text(encoding="utf-8")
    assert "reservation_value: 0.0" in text
    copy.write_text(text.replace("reservation_value: 0.0", "reservation_value: 0.25", 1))
    edited = dragoman.tournament({**config, "scenarios": [str(copy)]}, output=out, workers=1)
    assert (edited.ran, edited.skipped, edited.earlier) == (first.ran, 0, first.ran)


def test_results_of_the_other_engine_are_played_again(tmp_path: Path) -> None:
    """A cell's key holds the engine that plays it: after `engine: general`, `engine: auto`
    plays its batched cells anew (their `engine` column says so), as a fresh run would."""
    config = {"scenarios": ["pie-split"], "agents": ["boulware", "naive-tft", "random"],
              "steps": 30, "seed": 4}  # fmt: skip
    out = tmp_path / "out"
    general = dragoman.tournament({**config, "engine": "general"}, output=out, workers=1)
    auto = dragoman.tournament({**config, "engine": "auto"}, output=out, workers=1)
    fresh = dragoman.tournament({**config, "engine": "auto"}, workers=1).table
    engines = fresh.column("engine").to_pylist()
    assert {"batched", "general"} == set(engines)
    assert auto.ran == auto.earlier == engines.count("batched")
    assert auto.skipped == engines.count("general") and auto.others == 0
    assert without_wall_time(auto.table).equals(without_wall_time(fresh))
    assert general.table.column("seed").equals(fresh.column("seed"))


def test_parts_stored_before_keys_held_the_content_still_load_and_are_played_again(
    tmp_path: Path,
) -> None:
    """A part of an earlier Dragoman (a key was the cell's draw alone) is read, never set
    aside; its cells are played again and its results counted as of an earlier version."""
    path = trade_config(tmp_path)
    out = tmp_path / "out"
    first = dragoman.tournament(path, output=out, workers=1)
    (part,) = (out / "parts").glob("part-*.parquet")
    table = pq.read_table(part)
    old = pa.array([draw_of(k) for k in table.column("cell").to_pylist()], pa.string())
    table = table.set_column(table.column_names.index("cell"), "cell", old)
    table = table.drop_columns(["agreement", "agreement_values"])  # an older part yet
    part.unlink()
    pq.write_table(table, out / "parts" / "part-old.parquet")
    again = dragoman.tournament(path, output=out, workers=1)
    assert again.notes == () and (out / "parts" / "part-old.parquet").exists()
    assert (again.ran, again.skipped, again.earlier, again.others) == (8, 0, 8, 0)
    assert without_wall_time(again.table).equals(without_wall_time(first.table))


THREE_PARTIES = (
    "scenarios: [pie-split, river-basin]\nagents: [boulware, linear]\n"
    "protocols: [alternating, single-text]\nrotate: false\nsteps: 20\nseed: 3\n"
)
TWO_AGENTS = "scenarios: [pie-split]\nagents: [boulware, linear]\nsteps: 20\nseed: 3\n"
THREE_AGENTS = "scenarios: [pie-split]\nagents: [boulware, micro, linear]\nsteps: 20\nseed: 3\n"


@pytest.mark.parametrize(
    "history",
    [[TWO_AGENTS], [THREE_PARTIES], [THREE_PARTIES, TWO_AGENTS]],
    ids=["two-agents", "mediated-three-parties", "both"],
)
def test_a_folder_s_history_changes_nothing_in_the_results(
    tmp_path: Path, history: list[str]
) -> None:
    """Configurations run into the folder before (fewer agents; a three-party scenario and a
    mediated protocol, whose parts hold seat and mediator columns): the 3-agent run returns
    and writes what a fresh run gives, `index` its own cells' places, rows in their order,
    no column of a seat or mediator it has not."""
    out = tmp_path / "out"
    config = tmp_path / "t.yaml"
    for text in history:
        config.write_text(text, encoding="utf-8")
        assert invoked("tournament", str(config), "-o", str(out), "--workers", "1")[0] == 0
    config.write_text(THREE_AGENTS, encoding="utf-8")
    resumed = dragoman.tournament(config, output=out, workers=1)
    assert resumed.skipped > 0
    fresh_out = tmp_path / "fresh"
    fresh = dragoman.tournament(config, output=fresh_out, workers=1)
    assert resumed.table.column("index").to_pylist() == list(range(18))
    assert without_wall_time(resumed.table).equals(without_wall_time(fresh.table))
    assert same(resumed.scores, fresh.scores)
    assert_written_as_fresh(out, fresh_out)
    unstored = dragoman.tournament(config, workers=1).table
    assert without_wall_time(unstored).equals(without_wall_time(fresh.table))


def test_a_relative_scenario_path_starts_at_the_configuration_s_folder_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """trade.yaml in the working directory but not beside sub/rel.yaml: refused, saying where
    it was looked for, exit 2, nothing played; a built-in's name stays a name."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "trade.yaml").write_text(TRADE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    config = Path("sub") / "rel.yaml"
    config.write_text("scenarios: [pie-split, trade.yaml]\nagents: [boulware, linear]\n", "utf-8")
    code, out, err = invoked("tournament", str(config), "-o", "o")
    assert code == 2 and not out and not Path("o").exists()
    assert err.strip() == (
        f"error: {config}:1: scenarios[1]: trade.yaml: no such file (looked in {tmp_path / 'sub'}/)"
    )
    config.write_text("scenarios: [pie-split, ../trade.yaml]\nagents: [boulware, linear]\n")
    code, out, err = invoked("tournament", str(config), "-o", "o", "--workers", "1")
    assert code == 0, err
    assert set(pq.read_table("o/results.parquet")["scenario"].to_pylist()) == {"pie-split", "trade"}


def test_the_summary_states_the_root_seed(tmp_path: Path) -> None:
    path = trade_config(tmp_path)
    out = str(tmp_path / "out")
    code, text, _ = invoked("tournament", str(path), "-o", out, "--workers", "1")
    assert code == 0 and "; root seed 1." in text
    code, text, _ = invoked("tournament", str(path), "-o", out, "--seed", "5", "--workers", "1")
    assert code == 0 and "; root seed 5." in text
    _, printed, _ = invoked("tournament", str(path), "-o", out, "--seed", "5", "--json")
    assert json.loads(printed)["seed"] == 5
    _, printed, _ = invoked("tournament", str(path), "-o", out, "--json")
    assert json.loads(printed)["seed"] == 1

"""What `dragoman uncertainty` says beyond the numbers: the scenario's note on its ranges (on
screen, in summary.json, under the charts), the top of the ranking where it cuts a tie, the
Nash outcome's columns typed as their issues, and its words (`1 sample`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import dragoman
from dragoman.render.experiment_plots import outcomes_figure, tornado_figure

_NOTE_START = "Illustrative assumptions, the same for both sides"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run([sys.executable, "-m", "dragoman", *args], capture_output=True,
                          text=True, env=env, check=False)  # fmt: skip


def test_the_flagships_note_is_on_screen_in_the_summary_and_under_the_charts(
    tmp_path: Path,
) -> None:
    run = _cli("uncertainty", "gaza-ceasefire-2024", "--samples", "30", "--sensitivity", "0",
               "--survival-runs", "20", "--workers", "1", "-o", str(tmp_path))  # fmt: skip
    assert run.returncode == 0, run.stderr
    flat = " ".join(run.stdout.split())
    assert f"Assumptions: {_NOTE_START}" in flat and "not estimates of either side's" in flat
    assert all(len(line) <= 80 for line in run.stdout.splitlines() if ": /" not in line)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["uncertainty_note"].startswith(_NOTE_START)
    assert (tmp_path / "tornado.png").exists() and (tmp_path / "outcomes.png").exists()
    study = dragoman.uncertainty("gaza-ceasefire-2024", samples=30, sensitivity=0,
                                 survival_runs=0, workers=1)  # fmt: skip
    s = study.summary
    for fig in (
        tornado_figure(study.sensitivity, "zopa", title=s.title, note=s.uncertainty_note),
        outcomes_figure(s),
    ):
        texts = [t.get_text() for t in fig.texts] + [a.get_title() for a in fig.axes]
        assert any(t.startswith(s.title) for t in texts)  # titled with the scenario
        caption = [t for t in texts if t.startswith(_NOTE_START)]
        assert caption and all(len(line) <= 130 for line in caption[0].splitlines())


def _five_alike(folder: Path) -> Path:
    """Five parties alike, each reservation value uncertain alike, and a guard whose red line
    caps what they can reach: the five effects on a zone are the same (they tie at rank 1)."""
    scores = "{scores: {a: 1.0, b: 0.5, c: 0.0}}"

    def party(name: str, extra: str = "") -> str:
        return (f"  - name: {name}\n    preferences:\n      weights: {{x: 0.5, y: 0.5}}\n"
                f"      values:\n        x: {scores}\n        y: {scores}\n"
                f"      reservation_value: 0.0\n{extra}")  # fmt: skip

    text = (
        "format_version: 1\nmetadata:\n  title: Five alike\nissues:\n"
        "  - {name: x, kind: categorical, values: [a, b, c]}\n"
        "  - {name: y, kind: categorical, values: [a, b, c]}\nparties:\n"
        + "".join(party(f"P{k}") for k in range(1, 6))
        + party("Guard", "      red_lines:\n        - {issue: x, forbidden: [a]}\n")
        + "deadline_steps: 50\nuncertainty:\n  parameters:\n"
        + "".join(
            f"    - path: parties[P{k}].preferences.reservation_value\n"
            "      distribution: {kind: uniform, low: 0.6, high: 0.77}\n"
            for k in range(1, 6)
        )
    )
    path = folder / "five.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_top_3_says_how_many_more_share_the_third_ones_rank(tmp_path: Path) -> None:
    run = _cli("uncertainty", str(_five_alike(tmp_path)), "--samples", "600", "--seed", "1",
               "--sensitivity", "0", "--workers", "1", "-o", str(tmp_path / "out"))  # fmt: skip
    assert run.returncode == 0, run.stderr
    summary = json.loads((tmp_path / "out/summary.json").read_text())
    assert len(summary["influential"]) == 5 and set(summary["ranks"].values()) == {1}
    flat = " ".join(run.stdout.split())
    assert "; and 2 more tied at 1= (=: tied, their intervals overlap)" in flat


_TRADE = """format_version: 1
metadata: {title: Supply contract}
issues:
  - {name: price, kind: integer, min: 10, max: 50, step: 5}
  - {name: delivery, kind: categorical, values: [fast, normal, slow]}
  - {name: warranty, kind: real, min: 0, max: 3, step: 0.5}
parties:
  - name: Buyer
    preferences:
      reservation_value: 0.2
      weights: {price: 0.5, delivery: 0.3, warranty: 0.2}
      values:
        price: {linear: decreasing}
        delivery: {scores: {fast: 1.0, normal: 0.6, slow: 0.0}}
        warranty: {linear: increasing}
  - name: Seller
    preferences:
      reservation_value: 0.2
      weights: {price: 0.6, delivery: 0.2, warranty: 0.2}
      values:
        price: {linear: increasing}
        delivery: {scores: {fast: 0.0, normal: 0.7, slow: 1.0}}
        warranty: {linear: decreasing}
deadline_steps: 50
uncertainty:
  parameters:
    - path: parties[Buyer].preferences.reservation_value
      distribution: {kind: uniform, low: 0.1, high: 0.5}
"""


def test_the_nash_outcome_columns_are_typed_as_their_issues(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    path = tmp_path / "trade.yaml"
    path.write_text(_TRADE, encoding="utf-8")
    study = dragoman.uncertainty(path, samples=40, sensitivity=0, workers=1,
                                 output=tmp_path / "out")  # fmt: skip
    want = {"nash:price": pa.int64(), "nash:delivery": pa.string(),
            "nash:warranty": pa.float64()}  # fmt: skip
    for table in (study.samples, pq.read_table(tmp_path / "out/samples.parquet")):
        assert {name: table.schema.field(name).type for name in want} == want
    stored = pq.read_table(tmp_path / "out/samples.parquet").column("nash:price").to_pylist()
    assert all(isinstance(v, int) for v in stored if v is not None)
    csv = (tmp_path / "out/samples.csv").read_text().splitlines()
    header = csv[0].split(",")
    row = dict(zip(header, csv[1].split(","), strict=True))
    assert row['"nash:delivery"'].startswith('"') and not row['"nash:price"'].startswith('"')
    back = pa_csv.read_csv(tmp_path / "out/samples.csv")
    assert back.column("nash:price").to_pylist() == stored
    # the shares per option still count every sample with a zone
    shares = study.summary.nash_distribution["price"]
    assert shares and abs(sum(shares.values()) - 1) < 1e-9


def test_one_sample_is_one_sample_everywhere(tmp_path: Path) -> None:
    run = _cli("uncertainty", "gaza-ceasefire-2024", "--samples", "1", "--seed", "1",
               "--sensitivity", "1", "--survival-runs", "5", "--workers", "1",
               "-o", str(tmp_path))  # fmt: skip
    assert run.returncode == 0, run.stderr
    out, err = " ".join(run.stdout.split()), " ".join(run.stderr.split())
    assert "1 sample + 10 Sobol rows" in err
    assert "1 sampled profile (seed 1)" in out and "(1 sample with a zone)" in out
    assert not any(f"1 {word}" in out + err for word in ("samples", "profiles", "rows"))


def test_a_probability_below_0_is_named(tmp_path: Path) -> None:
    path = tmp_path / "trade.yaml"
    path.write_text(
        _TRADE.replace("{kind: uniform, low: 0.1, high: 0.5}",
                       "{kind: choice, values: [0.1, 0.2], probabilities: [1.5, -0.5]}"),
        encoding="utf-8",
    )  # fmt: skip
    run = _cli("uncertainty", str(path), "-o", str(tmp_path / "out"))
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "probabilities[1]: -0.5 is below 0" in run.stderr
    assert "sum to 1" not in run.stderr

"""Numbers in the `uncertainty` and `tournament` summaries: a Sobol estimate outside [0, 1]
shown clipped and marked (the raw value kept in JSON, flagged), zero written as the other
tables write it, and the agreed rate with its decimal; all within 80 columns."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pytest
from experiment_scenarios import small_config, uncertain_pie
from typer.testing import CliRunner

from dragoman._words import percent
from dragoman.app.cli import app

runner = CliRunner()
_SCHEMAS = Path(__file__).parents[2] / "docs" / "schemas"

_ALICE = "parties[Alice].preferences.reservation_value"
_BOB = "parties[Bob].preferences.reservation_value"


def _noisy(st: list[float], st_conf: list[float], s1: list[float]) -> Any:
    """SALib's `sobol.analyze` answering these estimates (one per parameter, in order)."""

    def analyze(*_: Any, **__: Any) -> dict[str, np.ndarray]:
        return {"S1": np.array(s1), "S1_conf": np.array([0.01, 0.0]),
                "ST": np.array(st), "ST_conf": np.array(st_conf)}  # fmt: skip

    return analyze


def _study(tmp_path: Path, *extra: str) -> tuple[str, dict[str, Any]]:
    args = ["uncertainty", str(uncertain_pie(tmp_path)), "--samples", "40", "--sensitivity", "8",
            "--workers", "1", "-o", str(tmp_path / "out"), *extra]  # fmt: skip
    result = runner.invoke(app, args, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if ": " not in line or "/" not in line]
    assert all(len(line) <= 80 for line in lines), result.stdout
    data = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    schema = json.loads((_SCHEMAS / "uncertainty.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    return result.stdout, data


def _cells(text: str) -> set[str]:
    return {cell.strip() for line in text.splitlines() for cell in line.split("│")}


def test_a_sobol_index_outside_0_1_is_shown_clipped_and_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from SALib.analyze import sobol

    monkeypatch.setattr(sobol, "analyze", _noisy([1.416, -0.03], [0.976, 0.01], [0.5, -0.04]))
    text, data = _study(tmp_path)
    assert "1.416" not in text and "-0.03" not in text
    cells = _cells(text)  # the table may come in bands of columns: read it cell by cell
    assert {"1* ±0.976", "0* ±0.010", "0.500", "0*"} <= cells, text
    flat = " ".join(text.split())
    assert "*: the estimate fell outside [0, 1], shown clipped" in flat
    assert "raise --sensitivity (the Sobol base size)" in flat
    rows = {row["parameter"]: row for row in data["sensitivity"]}
    assert rows[_ALICE]["ST"] == 1.416 and rows[_ALICE]["ST_clipped"] is True
    assert rows[_ALICE]["S1_clipped"] is False and rows[_BOB]["S1_clipped"] is True
    assert rows[_BOB]["ST"] == -0.03 and rows[_BOB]["ST_clipped"] is True
    assert rows[_ALICE]["measurable"] and rows[_ALICE]["rank"] == 1
    assert not rows[_BOB]["measurable"]  # ST read as 0: no effect


def test_an_index_within_0_1_has_no_mark_and_zero_reads_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from SALib.analyze import sobol

    monkeypatch.setattr(sobol, "analyze", _noisy([0.6, 0.0], [0.1, 0.0], [0.55, 0.0]))
    text, data = _study(tmp_path)
    assert "*" not in text and "0.000" not in text
    assert {"0.600 ±0.100", "0.550", "0 ±0", "0"} <= _cells(text), text
    rows = data["sensitivity"]
    assert not any(row["ST_clipped"] or row["S1_clipped"] for row in rows)


def test_the_agreed_rate_shows_its_decimal(tmp_path: Path) -> None:
    path = small_config(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["tournament", str(path), "--workers", "1", "-o", str(out)],
                           env={"COLUMNS": "80"})  # fmt: skip
    assert result.exit_code == 0, result.output
    assert all(len(line) <= 80 for line in result.stdout.splitlines() if ": /" not in line)
    scores = json.loads(runner.invoke(app, ["tournament", str(path), "-o", str(out), "--json"])
                        .stdout)["scores"]  # fmt: skip
    rates = {row["strategy"]: row["agreement_rate"] for row in scores}
    assert any(round(r * 100) != r * 100 for r in rates.values())  # some rate has decimals
    for strategy, rate in rates.items():
        line = next(line for line in result.stdout.splitlines() if f"│ {strategy} " in line)
        assert f" {percent(rate)} " in line and re.search(r"\d\.\d…?%", line), line

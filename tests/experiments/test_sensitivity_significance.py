"""The rank-correlation test of an uncertainty study controls for testing many: a parameter
with no effect by construction is not called measurable across many seeded studies (a weight
vector's k weights and the several parameters are one family), and a real effect still is."""

from __future__ import annotations

from pathlib import Path

import pytest

from dragoman.experiments.sensitivity import holm
from dragoman.experiments.uncertainty import uncertainty
from dragoman.io.scenario_file import dump_scenario
from dragoman.testing.generators import additive_scenario

#: P1 accepts anything (reservation 0) and forbids P0's best options: whether a zone exists
#: turns on P0's reservation value alone; P1's weights and scores have no effect on it.
_NULL = ("P1 weights", "P1 score of issue00 v0", "P1 score of issue01 v1")


def _scenario(folder: Path) -> Path:
    text = dump_scenario(additive_scenario(3, 4, seed=2, reservation=0.0))
    text = text.replace(
        "- name: P1\n  preferences:\n",
        "- name: P1\n  preferences:\n    red_lines:\n    - {issue: issue00, forbidden: [v2]}\n"
        "    - {issue: issue01, forbidden: [v1]}\n",
        1,
    )
    text += (
        "uncertainty:\n  parameters:\n"
        "    - path: parties[P0].preferences.reservation_value\n"
        "      label: P0 reservation value\n"
        "      distribution: {kind: uniform, low: 0.3, high: 0.72}\n"
        "    - path: parties[P1].preferences.weights\n"
        f"      label: {_NULL[0]}\n"
        "      distribution: {kind: dirichlet, concentration: 20}\n"
        "    - path: parties[P1].preferences.values.issue00.scores.v0\n"
        f"      label: {_NULL[1]}\n"
        "      distribution: {kind: uniform, low: 0.0, high: 1.0}\n"
        "    - path: parties[P1].preferences.values.issue01.scores.v1\n"
        f"      label: {_NULL[2]}\n"
        "      distribution: {kind: uniform, low: 0.0, high: 1.0}\n"
    )
    path = folder / "null.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_effect_is_not_called_measurable_across_many_seeds(tmp_path: Path) -> None:
    path = _scenario(tmp_path)
    false, real = 0, 0
    for seed in range(60):
        study = uncertainty(path, samples=60, seed=seed, sensitivity=0, workers=1)
        false += any(name in _NULL for name in study.summary.influential)
        real += study.summary.influential == ["P0 reservation value"]
        row = study.sensitivity.to_pylist()[0]
        assert row["spearman_p_adjusted"] >= row["spearman_p"]
    # a 1% family-wise rate expects 0.6 false studies in 60 (the uncorrected test made 5)
    assert false <= 1
    assert real >= 59


def test_holm_adjusts_step_down_and_leaves_no_test_out() -> None:
    nan = float("nan")
    adjusted = holm([0.01, 0.04, nan, 0.03, 0.5])
    assert adjusted[0] == pytest.approx(0.04)  # 4 tests: 4 x 0.01
    assert adjusted[3] == pytest.approx(0.09)  # 3 x 0.03
    assert adjusted[1] == pytest.approx(0.09)  # 2 x 0.04 = 0.08, never below the one before
    assert adjusted[4] == pytest.approx(0.5)
    assert adjusted[2] != adjusted[2]  # NaN: no test

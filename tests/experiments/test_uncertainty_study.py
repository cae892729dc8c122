"""Uncertainty studies: the same seed gives the same numbers on 1 and 2 workers; the shares
answer what an analyst asks (checked against the samples themselves and against cases whose
answer is known); a negotiation and the implementation are chained per sample."""

from __future__ import annotations

import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from dragoman.errors import DragomanError
from dragoman.experiments.sensitivity import _rank, _spearman
from dragoman.experiments.uncertainty import uncertainty
from dragoman.io.scenario_file import dump_scenario, load_scenario

FLAGSHIP = "gaza-ceasefire-2024"


def test_the_same_seed_gives_the_same_study_on_one_and_two_workers() -> None:
    one = uncertainty(FLAGSHIP, samples=80, seed=3, sensitivity=8, workers=1, survival_runs=200)
    two = uncertainty(FLAGSHIP, samples=80, seed=3, sensitivity=8, workers=2, survival_runs=200)
    assert one.samples.equals(two.samples)
    assert one.sensitivity.equals(two.sensitivity)
    assert one.summary == two.summary
    other = uncertainty(FLAGSHIP, samples=80, seed=4, sensitivity=0, workers=1, survival_runs=200)
    assert not other.samples.equals(one.samples)


def test_the_flagship_study_answers_the_analysts_questions(tmp_path: Path) -> None:
    r = uncertainty(FLAGSHIP, samples=150, seed=1, sensitivity=16, survival_runs=200,
                    output=tmp_path)  # fmt: skip
    s, rows = r.summary, r.samples.to_pylist()
    assert s.samples == 150 and 0.0 < s.p_zopa < 1.0
    assert s.p_zopa == sum(row["zopa"] for row in rows) / 150
    # with the corridor red lines as written (both options 0) the sides cannot meet
    written = [row for row in rows if row["Israel corridor red line"] == 0
               and row["Hamas corridor red line"] == 0]  # fmt: skip
    assert written and not any(row["zopa"] for row in written)
    # red lines block only where there is no zone, and a zone opens when both drop the line
    assert s.p_blocks["all red lines on philadelphi_corridor"] == pytest.approx(1.0 - s.p_zopa)
    assert sum(s.nash_distribution["return_north"].values()) == pytest.approx(1.0)
    assert s.nash_samples == sum(row["zopa"] for row in rows)
    assert s.most_stable in s.stability and s.least_stable in s.stability
    assert s.stability[s.most_stable] >= s.stability[s.least_stable]
    top, bottom = max(s.stability.values()), min(s.stability.values())
    assert s.most_stable_issues == sorted(i for i, v in s.stability.items() if v == top)
    assert s.least_stable_issues == sorted(i for i, v in s.stability.items() if v == bottom)
    assert s.most_stable == s.most_stable_issues[0] and s.least_stable in s.least_stable_issues
    assert s.p_completes is not None and 0.0 <= s.p_completes <= 1.0
    assert s.ranking[:2] == ["Israel corridor red line", "Hamas corridor red line"] or \
        s.ranking[:2] == ["Hamas corridor red line", "Israel corridor red line"]  # fmt: skip
    assert {"samples.parquet", "sensitivity.csv", "summary.json"} <= {
        p.name for p in tmp_path.iterdir()
    }


def _uncertain_pie(tmp_path: Path) -> Path:
    text = dump_scenario(load_scenario("pie-split"))
    path = tmp_path / "pie.yaml"
    names = [p.name for p in load_scenario("pie-split").negotiators]
    path.write_text(
        text
        + "uncertainty:\n  parameters:\n"
        + "".join(
            f"    - path: parties[{n}].preferences.reservation_value\n"
            "      distribution: {kind: uniform, low: 0.0, high: 0.8}\n"
            for n in names
        ),
        encoding="utf-8",
    )
    return path


def test_a_negotiation_per_sample_on_the_batched_engine(tmp_path: Path) -> None:
    path = _uncertain_pie(tmp_path)
    names = [p.name for p in load_scenario("pie-split").negotiators]
    r = uncertainty(path, samples=200, seed=2, protocol="alternating",
                    agents=dict.fromkeys(names, "linear"), sensitivity=32,
                    target="agreement", workers=1)  # fmt: skip
    rows = r.samples.to_pylist()
    # the pie splits: a zone exists exactly when the reservation values sum to at most 1
    for row in rows:
        rv = [row[f"parties[{n}].preferences.reservation_value"] for n in names]
        assert row["zopa"] == (sum(rv) <= 1.0 + 1e-9) or abs(sum(rv) - 1.0) < 0.05
    assert r.summary.p_agreement == sum(row["status"] == "agreement" for row in rows) / 200
    assert r.summary.p_agreement is not None and 0.0 < r.summary.p_agreement < 1.0
    assert r.summary.mean_utilities is not None
    assert r.summary.p_completes is None  # no phases: nothing to implement
    assert set(r.sensitivity.column("parameter").to_pylist()) == {
        f"parties[{n}].preferences.reservation_value" for n in names
    }


def test_a_scenario_without_uncertainty_is_refused() -> None:
    with pytest.raises(DragomanError, match="has no uncertainty section"):
        uncertainty("pie-split", samples=5)
    with pytest.raises(DragomanError, match="unknown target"):
        uncertainty(FLAGSHIP, samples=5, target="luck")


def test_a_study_that_cannot_answer_or_is_too_big_is_refused_before_any_work(
    tmp_path: Path,
) -> None:
    """Each refusal names what to change: the Sobol design's rows told apart from the
    samples, the survival runs, and a survival target with nothing to simulate."""
    with pytest.raises(DragomanError, match=r"^sensitivity 100,000,000: its Sobol design adds "
                       r"100,000,000 x \(8 parameters \+ 2\) = 1,000,000,000 rows to the 10 "
                       r"samples: too many samples"):  # fmt: skip
        uncertainty(FLAGSHIP, samples=10, sensitivity=100_000_000)
    with pytest.raises(DragomanError, match=r"^samples: too many samples"):
        uncertainty(FLAGSHIP, samples=20_000_000, sensitivity=0)
    with pytest.raises(DragomanError, match=r"^survival runs: too many runs"):
        uncertainty(FLAGSHIP, samples=10, survival_runs=10**11)
    with pytest.raises(DragomanError, match="'survival' needs survival runs"):
        uncertainty(FLAGSHIP, samples=10, target="survival", survival_runs=0)
    with pytest.raises(DragomanError, match="'survival' needs phases: 'Split the pie"):
        uncertainty(_uncertain_pie(tmp_path), samples=10, target="survival")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DragomanError, match="empty: a folder with no GENIUS files, not a scen"):
        uncertainty(tmp_path / "empty", samples=10)


def test_seats_are_checked_as_negotiate_checks_them(tmp_path: Path) -> None:
    path = _uncertain_pie(tmp_path)
    with pytest.raises(DragomanError, match="--agent Nobody: no such party or mediator"):
        uncertainty(path, samples=5, protocol="alternating", agents={"Nobody": "boulware"})
    with pytest.raises(DragomanError, match="unknown"):
        uncertainty(path, samples=5, protocol="alternating", agents={"Alice": "no-such-agent"})
    with pytest.raises(DragomanError, match="give a protocol"):
        uncertainty(path, samples=5, agents={"Alice": "boulware"})


def test_a_choice_of_numbers_is_stored_and_ranked_as_the_number(tmp_path: Path) -> None:
    path = tmp_path / "discounted.yaml"
    path.write_text(
        dump_scenario(load_scenario("discounted-split"))
        + "uncertainty:\n  parameters:\n"
        + "    - path: parties[First].preferences.discount_factor\n"
        + "      label: patience\n"
        + "      distribution: {kind: choice, values: [1.0, 0.9, 0.95]}\n"
        + "    - path: parties[First].preferences.reservation_value\n"
        + "      distribution: {kind: uniform, low: 0.2, high: 0.8}\n"
        + "    - path: parties[Second].preferences.reservation_value\n"
        + "      distribution: {kind: uniform, low: 0.2, high: 0.8}\n",
        encoding="utf-8",
    )
    r = uncertainty(path, samples=200, seed=1, sensitivity=0, workers=1)
    chosen = r.samples.column("patience").to_pylist()
    assert set(chosen) == {0.9, 0.95, 1.0}  # the values, not their positions 0, 1, 2
    row = next(x for x in r.sensitivity.to_pylist() if x["parameter"] == "patience")
    y = np.array(r.samples.column("zopa").to_pylist(), dtype=float)
    positions = np.array([[1.0, 0.9, 0.95].index(v) for v in chosen], dtype=float)
    assert row["spearman"] == pytest.approx(_spearman(np.array(chosen), y))
    assert row["spearman"] != pytest.approx(_spearman(positions, y))


def test_seed_0_gives_the_same_intervals_in_two_processes(tmp_path: Path) -> None:
    """SALib seeds its bootstrap only for a truthy seed: seed 0 must not mean unseeded."""
    code = (
        "import sys; from dragoman.experiments.uncertainty import uncertainty; "
        "r = uncertainty(sys.argv[1], samples=40, seed=0, sensitivity=8, workers=1); "
        "print(r.sensitivity.column('ST_conf').to_pylist())"
    )
    path = str(_uncertain_pie(tmp_path))
    runs = [subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True,
                           check=True).stdout for _ in range(2)]  # fmt: skip
    assert runs[0] == runs[1] and "nan" not in runs[0]


def _row(name: str, st: float, conf: float, measurable: bool = True) -> dict[str, object]:
    return {"parameter": name, "ST": st, "ST_conf": conf, "spearman": 0.5,
            "measurable": measurable}  # fmt: skip


def test_effects_within_each_others_intervals_share_a_rank() -> None:
    # A [0.4, 0.6] and B [0.35, 0.55] overlap; C [0.15, 0.25] lies below both; D overlaps C
    rows = [_row("A", 0.5, 0.1), _row("B", 0.45, 0.1), _row("C", 0.2, 0.05),
            _row("D", 0.28, 0.04), _row("E", 0.0, 0.0, measurable=False)]  # fmt: skip
    _rank(rows, sobol=True, n=100)
    expected = [(1, True), (1, True), (3, True), (3, True), (0, False)]
    assert [(r["rank"], r["tied"]) for r in rows] == expected
    apart = [_row("A", 0.5, 0.01), _row("B", 0.3, 0.01)]
    _rank(apart, sobol=True, n=100)
    assert [(r["rank"], r["tied"]) for r in apart] == [(1, False), (2, False)]


def test_rank_correlations_tie_by_fishers_interval() -> None:
    close = [dict(_row("A", np.nan, np.nan), spearman=0.50),
             dict(_row("B", np.nan, np.nan), spearman=-0.48)]  # fmt: skip
    _rank(close, sobol=False, n=100)  # |rho| 0.50 and 0.48 over 100 samples: not told apart
    assert [r["rank"] for r in close] == [1, 1]
    _rank(close, sobol=False, n=1_000_000)  # a million samples tell them apart
    assert [r["rank"] for r in close] == [1, 2]


def test_the_progress_moves_at_least_every_100_rows(tmp_path: Path) -> None:
    heard: list[tuple[int, int]] = []
    uncertainty(_uncertain_pie(tmp_path), samples=250, sensitivity=4, workers=1,
                progress=lambda done, total: heard.append((done, total)))  # fmt: skip
    done = [d for d, _ in heard]
    assert heard[0] == (0, 266) and done[-1] == 266  # 250 samples + 4 x (2 + 2) Sobol rows
    assert max(b - a for a, b in pairwise(done)) <= 100


def test_a_sobol_base_that_is_not_a_power_of_two_is_refused_before_any_sampling() -> None:
    # SALib would only warn (its points lose their balance); the study says what to give.
    with pytest.raises(DragomanError, match=r"^sensitivity must be a power of 2 \(got 3; "
                       r".*\): give 2 or 4, or 0 for rank correlations only$"):  # fmt: skip
        uncertainty(FLAGSHIP, samples=10, sensitivity=3)

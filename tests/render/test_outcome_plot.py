"""The Nash-outcome plot of an uncertainty study stays readable: every option is named in its
issue's legend (the rarest merged past a few), no label overlaps another or runs past its
segment, and nothing runs off the figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from dragoman.experiments.uncertainty import UncertaintySummary
from dragoman.render.experiment_plots import LEGEND_OPTIONS, outcomes_figure, plot_outcomes


def _summary() -> UncertaintySummary:
    distribution = {
        "philadelphi_corridor": {"full_military_control": 0.18, "reduced_presence": 0.13,
                                 "third_party_monitoring": 0.39, "full_withdrawal": 0.30},
        "ceasefire_weeks": {str(w): s for w, s in zip(range(1, 13), [0.4, 0.002, 0.01, 0.02,
                            0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.148], strict=True)},
        "return_north": {"with_screening": 0.55, "unrestricted": 0.45},
    }  # fmt: skip
    return UncertaintySummary(
        title="A study", samples=100, seed=0, p_zopa=0.5, p_blocks={}, nash_samples=50,
        nash_distribution=distribution, stability={}, most_stable=None, least_stable=None,
        p_agreement=None, mean_utilities=None, p_completes=None, p_deal_completes=None,
        target="zopa",
    )  # fmt: skip


def test_labels_fit_their_segments_and_legends_name_every_option(tmp_path: Path) -> None:
    fig = outcomes_figure(_summary())
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    named: list[str] = []
    for ax in fig.axes:
        legend = ax.get_legend()
        named += [t.get_text() for t in legend.get_texts()]
        box = legend.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 <= box.y1 <= page.y1
        bars = [p.get_window_extent(renderer) for p in ax.patches]
        for text in ax.texts:  # a share inside a segment: within it, so never over another
            extent = text.get_window_extent(renderer)
            assert any(b.x0 <= extent.x0 and extent.x1 <= b.x1 for b in bars), text.get_text()
        assert len(legend.get_texts()) <= LEGEND_OPTIONS
    assert "full_military_control (18%)" in named and "third_party_monitoring (39%)" in named
    assert "with_screening (55%)" in named
    assert "5 others (10%)" in named  # 12 options: the 7 largest, the rest merged
    for ax in fig.axes:
        assert ax.get_ylabel() in _summary().nash_distribution
        assert ax.yaxis.label.get_window_extent(renderer).x0 >= page.x0
    path = plot_outcomes(_summary(), tmp_path / "o.png")
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_a_chart_interrupted_while_written_leaves_the_earlier_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chart is written under a temporary name and renamed into place: Ctrl-C halfway
    leaves the file that was there (or none), never a half-written PNG, nor the temporary."""
    from matplotlib.figure import Figure

    path = plot_outcomes(_summary(), tmp_path / "outcomes.png")
    before = path.read_bytes()
    assert before.startswith(b"\x89PNG")

    def half_then_interrupted(self: Figure, target: Path, **kwargs: object) -> None:
        Path(target).write_bytes(before[: len(before) // 2])
        raise KeyboardInterrupt

    monkeypatch.setattr(Figure, "savefig", half_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        plot_outcomes(_summary(), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outcomes.png"]


def test_issues_tied_for_most_or_least_stable_are_all_named() -> None:
    from dataclasses import replace

    from dragoman.render.experiments import _stability_line

    s = _summary()  # corridor 0.39, ceasefire 0.4, return 0.55: no tie
    s = replace(s, stability={"a": 0.9, "b": 0.5, "c": 0.5},
                most_stable_issues=["a"], least_stable_issues=["b", "c"])  # fmt: skip
    assert _stability_line(s) == ("Most stable issue: a; least stable issues (tied, 0.500): b, c")
    s = replace(s, stability={"a": 0.5, "b": 0.5}, most_stable_issues=["a", "b"],
                least_stable_issues=["a", "b"])  # fmt: skip
    assert _stability_line(s).startswith("Every issue is as stable")

"""Plots of the utility space: outcomes, the frontier, solutions, reservation lines and,
optionally, agreements reached (one marker each, e.g. every group of a class)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from dragoman._arrays import BoolArray, FloatArray
from dragoman.analysis.results import Analysis, SolutionPoint
from dragoman.errors import DragomanError
from dragoman.io.output_paths import write_whole
from dragoman.model.scenario import Scenario
from dragoman.utility.scenario import compiled

__all__ = ["MAX_DOTS", "plot_utility_space", "save_figure", "utility_space_png"]

#: At most this many outcomes are drawn as dots (a uniform sample beyond it).
MAX_DOTS = 20_000
_MARKERS = {
    "nash": "*",
    "kalai_smorodinsky": "D",
    "kalai_genius": "d",
    "utilitarian": "s",
    "egalitarian": "^",
}

#: Agreements to mark: label -> {party: utility}.
Agreements = Mapping[str, Mapping[str, float]]


def plot_utility_space(
    scenario: Scenario,
    analysis: Analysis,
    path: Path,
    rng: np.random.Generator | None = None,
    agreements: Agreements | None = None,
) -> Path:
    """Write a PNG of the utility space (pairwise panels for more than two parties)."""
    figure = _figure(scenario, analysis, rng or np.random.default_rng(0), agreements or {})
    return save_figure(figure, path, dpi=110)


def save_figure(figure: Any, path: Path, dpi: int = 120) -> Path:
    """Write `figure` at `path` in the format its suffix names (PNG without one), whole (see
    `write_whole`), and close it."""
    path = Path(path)
    kind = path.suffix.lower().removeprefix(".") or "png"
    try:
        return write_whole(
            path, lambda temporary: figure.savefig(temporary, dpi=dpi, format=kind), "the plot"
        )
    finally:
        _pyplot().close(figure)


def utility_space_png(
    scenario: Scenario, analysis: Analysis, agreements: Agreements | None = None
) -> bytes:
    """The same plot as PNG bytes (for pages that embed it)."""
    figure = _figure(scenario, analysis, np.random.default_rng(0), agreements or {})
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90)
    _pyplot().close(figure)
    return buffer.getvalue()


def _pyplot() -> Any:
    """matplotlib's pyplot on the file-only backend; a clear error without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - depends on the install
        raise DragomanError("plotting needs matplotlib: pip install 'dragoman[plot]'") from None
    return plt


def _figure(
    scenario: Scenario, analysis: Analysis, rng: np.random.Generator, agreements: Agreements
) -> Any:
    """The figure: one panel per pair of parties."""
    dots, feasible = _dots(scenario, rng)
    frontier, frontier_label = _frontier(scenario, analysis)
    pairs = list(combinations(range(len(analysis.parties)), 2))
    figure, axes = _pyplot().subplots(1, len(pairs), figsize=(6.5 * len(pairs), 6), squeeze=False)
    for ax, pair in zip(axes[0], pairs, strict=True):
        _scatter(ax, dots[list(pair)], feasible)
        if frontier.size:
            _frontier_line(ax, frontier[:, list(pair)], frontier_label, len(analysis.parties))
        _solutions(ax, analysis, pair)
        _agreements(ax, analysis, pair, agreements)
        _axes(ax, analysis, pair)
    axes[0][0].legend(loc="lower left", fontsize=8)
    figure.suptitle(analysis.title, fontsize=11)
    figure.tight_layout()
    return figure


def _dots(scenario: Scenario, rng: np.random.Generator) -> tuple[FloatArray, BoolArray]:
    """Every outcome's utilities, or a uniform sample's (huge spaces plot without tabulating),
    and which lie inside every red line."""
    space, utilities = scenario.outcome_space, compiled(scenario).utilities
    if space.size > MAX_DOTS:
        shown = np.unique(space.sample(rng, MAX_DOTS))
    else:
        shown = np.arange(space.size, dtype=np.int64)
    feasible = np.ones(shown.size, dtype=bool)
    for u in utilities:
        feasible &= u.acceptable(shown)
    return np.stack([u.utilities(shown) for u in utilities]), feasible


def _frontier(scenario: Scenario, analysis: Analysis) -> tuple[FloatArray, str]:
    """The frontier's points; with nothing inside every red line, the frontier with the red
    lines aside, labelled so."""
    frontier = np.array(analysis.frontier_utilities, dtype=np.float64)
    if frontier.size == 0 and analysis.reference_solutions:
        reference = scenario.outcome_space.ids(analysis.reference_frontier)
        points = np.stack([u.utilities(reference) for u in compiled(scenario).utilities]).T
        return points, "Pareto frontier (red lines aside)"
    return frontier, "Pareto frontier"


def _scatter(ax: Any, xy: FloatArray, feasible: BoolArray) -> None:
    x, y = xy
    kinds = (
        (~feasible, "#cccccc", "outside a red line", 4),
        (feasible, "#6c8ebf", "inside every red line", 5),
    )
    for which, colour, label, size in kinds:
        ax.scatter(x[which], y[which], s=size, c=colour, label=label, rasterized=True)


def _frontier_line(ax: Any, points: FloatArray, label: str, parties: int) -> None:
    """Two parties: the frontier is a curve; more: its projection is a cloud of points."""
    order = np.argsort(points[:, 0])
    style = "-o" if parties == 2 else "o"
    ax.plot(points[order, 0], points[order, 1], style, c="#b85450", ms=3, lw=1.2, label=label)


def _solutions(ax: Any, analysis: Analysis, pair: tuple[int, int]) -> None:
    inside = bool(analysis.solutions)
    points: Sequence[SolutionPoint] = list(
        (analysis.solutions or analysis.reference_solutions).values()
    )
    i, j = (analysis.parties[k] for k in pair)
    for rank, s in enumerate(points):
        ax.scatter(
            [s.utilities[i]],
            [s.utilities[j]],
            marker=_MARKERS.get(s.key, "o"),
            s=260 - 40 * rank,  # later markers smaller and on top: coinciding ones all show
            edgecolors="black",
            zorder=5 + rank,
            label=s.name if inside else f"{s.name} (red lines aside)",
        )


def _agreements(ax: Any, analysis: Analysis, pair: tuple[int, int], agreements: Agreements) -> None:
    i, j = (analysis.parties[k] for k in pair)
    for k, (label, utilities) in enumerate(agreements.items()):
        ax.scatter([utilities[i]], [utilities[j]], marker="X", s=90, c=f"C{k % 10}",
                   edgecolors="black", zorder=20, label=f"agreement: {label}")  # fmt: skip


def _axes(ax: Any, analysis: Analysis, pair: tuple[int, int]) -> None:
    i, j = (analysis.parties[k] for k in pair)
    ax.axvline(analysis.reservation_values[i], ls="--", c="#555555", lw=0.9)
    ax.axhline(analysis.reservation_values[j], ls="--", c="#555555", lw=0.9)
    ax.set_xlabel(f"utility of {i} (dashed: reservation value)")
    ax.set_ylabel(f"utility of {j}")
    ax.grid(alpha=0.3)

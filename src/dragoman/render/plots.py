"""Plots of the utility space: outcomes, the frontier, solutions and reservation lines."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import numpy as np

from dragoman.analysis.results import Analysis
from dragoman.errors import DragomanError
from dragoman.model.scenario import Scenario
from dragoman.utility.scenario import compiled

__all__ = ["plot_utility_space"]

#: At most this many outcomes are drawn as dots (a uniform sample beyond it).
MAX_DOTS = 20_000
_MARKERS = {
    "nash": "*",
    "kalai_smorodinsky": "D",
    "kalai_genius": "d",
    "utilitarian": "s",
    "egalitarian": "^",
}


def plot_utility_space(
    scenario: Scenario, analysis: Analysis, path: Path, rng: np.random.Generator | None = None
) -> Path:
    """Write a PNG of the utility space (pairwise panels for more than two parties)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - depends on the install
        raise DragomanError("plotting needs matplotlib: pip install 'dragoman[plot]'") from None
    rng = rng or np.random.default_rng(0)
    space = scenario.outcome_space
    # dots: every outcome, or a uniform sample (so huge spaces plot too, without tabulating)
    if space.size > MAX_DOTS:
        shown = np.unique(space.sample(rng, MAX_DOTS))
    else:
        shown = np.arange(space.size, dtype=np.int64)
    dots = np.stack([u.utilities(shown) for u in compiled(scenario).utilities])
    feasible = np.ones(shown.size, dtype=bool)
    for u in compiled(scenario).utilities:
        feasible &= u.acceptable(shown)
    pairs = list(combinations(range(len(analysis.parties)), 2))
    fig, axes = plt.subplots(1, len(pairs), figsize=(6.5 * len(pairs), 6), squeeze=False)
    frontier = np.array(analysis.frontier_utilities, dtype=np.float64)
    frontier_label = "Pareto frontier"
    if frontier.size == 0 and analysis.reference_solutions:
        # nothing inside every red line: show the frontier with the red lines aside, labelled so
        reference = scenario.outcome_space.ids(analysis.reference_frontier)
        frontier = np.stack([u.utilities(reference) for u in compiled(scenario).utilities]).T
        frontier_label = "Pareto frontier (red lines aside)"
    solutions = list((analysis.solutions or analysis.reference_solutions).values())
    for ax, (i, j) in zip(axes[0], pairs, strict=True):
        x, y = dots[i], dots[j]
        ax.scatter(
            x[~feasible],
            y[~feasible],
            s=4,
            c="#cccccc",
            label="outside a red line",
            rasterized=True,
        )
        ax.scatter(
            x[feasible],
            y[feasible],
            s=5,
            c="#6c8ebf",
            label="inside every red line",
            rasterized=True,
        )
        if frontier.size:
            fx, fy = frontier[:, i], frontier[:, j]
            order = np.argsort(fx)
            # two parties: the frontier is a curve; more: its projection is a cloud of points
            style = "-o" if len(analysis.parties) == 2 else "o"
            ax.plot(
                fx[order],
                fy[order],
                style,
                c="#b85450",
                ms=3,
                lw=1.2,
                label=frontier_label,
            )
        for rank, s in enumerate(solutions):
            name = s.name if analysis.solutions else f"{s.name} (red lines aside)"
            ax.scatter(
                [s.utilities[analysis.parties[i]]],
                [s.utilities[analysis.parties[j]]],
                marker=_MARKERS.get(s.key, "o"),
                s=260 - 40 * rank,  # later markers smaller and on top: coinciding ones all show
                edgecolors="black",
                zorder=5 + rank,
                label=name,
            )
        rv_i = analysis.reservation_values[analysis.parties[i]]
        rv_j = analysis.reservation_values[analysis.parties[j]]
        ax.axvline(rv_i, ls="--", c="#555555", lw=0.9)
        ax.axhline(rv_j, ls="--", c="#555555", lw=0.9)
        ax.set_xlabel(f"utility of {analysis.parties[i]} (dashed: reservation value)")
        ax.set_ylabel(f"utility of {analysis.parties[j]}")
        ax.grid(alpha=0.3)
    axes[0][0].legend(loc="lower left", fontsize=8)
    fig.suptitle(analysis.title, fontsize=11)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path

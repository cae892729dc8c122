"""Plot of an implementation's survival curve: the share of runs with the deal alive, by week."""

from __future__ import annotations

from pathlib import Path

from dragoman.errors import DragomanError
from dragoman.phases.implementation import ImplementationAssessment
from dragoman.render.plots import _pyplot, save_figure

__all__ = ["plot_survival"]

_STYLES = {"in force": "-", "minimal": "--", "robust": ":"}


def plot_survival(report: ImplementationAssessment, path: Path) -> Path:
    """Write a PNG of the survival curve under each guarantee setting, phases marked."""
    if not report.simulations:
        raise DragomanError("no simulation to plot: the scenario has no implementation section")
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 5))
    for sim in report.simulations:
        weeks = range(len(sim.alive_by_week))
        label = f"guarantees {sim.setting} (all phases: {sim.all_completed:.0%})"
        ax.step(weeks, sim.alive_by_week, where="post", ls=_STYLES[sim.setting], label=label)
    for start, name in zip(report.phase_start, report.phases, strict=True):
        ax.axvline(start, color="#999999", lw=0.8)
        ax.text(start + 0.15, 1.0, name, rotation=90, va="top", fontsize=8, color="#555555")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("weeks since the agreement took effect")
    ax.set_ylabel("share of runs with the deal alive")
    runs = report.simulations[0].runs
    ax.set_title(f"{report.title}\nsurvival of the agreement ({runs:,} runs)", fontsize=10)
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    return save_figure(fig, path)

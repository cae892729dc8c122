"""Plots of experiments (PNG, matplotlib): strategy scores with their confidence intervals,
the distribution of the Nash outcome per issue, and the sensitivity (tornado) chart."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pyarrow as pa

from dragoman.experiments.uncertainty import UncertaintySummary
from dragoman.render.plots import _pyplot

__all__ = ["plot_outcomes", "plot_scores", "plot_tornado"]


def _save(fig: Any, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    _pyplot().close(fig)
    return path


def plot_scores(scores: pa.Table, path: Path, axis: str = "advantage") -> Path:
    """Each strategy's mean score on `axis` with its 95% interval, best at the top."""
    plt = _pyplot()
    rows = sorted(scores.to_pylist(), key=lambda r: r[axis])
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(rows) + 1.5))
    means = [r[axis] for r in rows]
    low = [r[axis] - r[f"{axis}_low"] if not math.isnan(r[f"{axis}_low"]) else 0 for r in rows]
    high = [r[f"{axis}_high"] - r[axis] if not math.isnan(r[f"{axis}_high"]) else 0 for r in rows]
    ax.errorbar(means, range(len(rows)), xerr=[low, high], fmt="o", capsize=4)
    ax.set_yticks(range(len(rows)), [r["strategy"] for r in rows])
    ax.set_xlabel(f"mean {axis.replace('_', ' ')} (95% interval)")
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(f"Strategy scores: {axis.replace('_', ' ')}", fontsize=10)
    return _save(fig, path)


def plot_outcomes(summary: UncertaintySummary, path: Path) -> Path:
    """Per issue, how often each option is the Nash outcome's (stacked shares)."""
    plt = _pyplot()
    issues = list(summary.nash_distribution)
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(issues) + 1.8))
    for k, issue in enumerate(issues):
        left = 0.0
        for option, share in summary.nash_distribution[issue].items():
            ax.barh(k, share, left=left, edgecolor="white")
            if share >= 0.08:
                ax.text(left + share / 2, k, option, ha="center", va="center", fontsize=7)
            left += share
    ax.set_yticks(range(len(issues)), issues)
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.set_xlabel(f"share of the {summary.nash_samples:,} samples with a Nash outcome")
    ax.set_title(f"{summary.title}\nthe Nash outcome per issue", fontsize=10)
    return _save(fig, path)


def plot_tornado(sensitivity: pa.Table, path: Path, target: str = "zopa") -> Path:
    """The assumptions by total-order Sobol index (their intervals as error bars), most
    influential at the top; the rank correlation where no Sobol index was computed."""
    plt = _pyplot()
    rows = sensitivity.to_pylist()[::-1]
    sobol = any(not math.isnan(r["ST"]) for r in rows)
    values = [(r["ST"] if sobol else abs(r["spearman"])) for r in rows]
    values = [0.0 if math.isnan(v) else v for v in values]
    errors = [0.0 if math.isnan(r["ST_conf"]) else r["ST_conf"] for r in rows] if sobol else None
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(rows) + 1.5))
    ax.barh(range(len(rows)), values, xerr=errors, color="#4c72b0", capsize=3)
    if sobol:
        first = [0.0 if math.isnan(r["S1"]) else r["S1"] for r in rows]
        ax.barh(range(len(rows)), first, color="#dd8452", height=0.4, label="first order S1")
        ax.legend(loc="lower right", fontsize=8)
    ax.set_yticks(range(len(rows)), [r["parameter"] for r in rows])
    label = "total-order Sobol index ST" if sobol else "|Spearman rank correlation|"
    ax.set_xlabel(f"{label} of {target}")
    ax.set_title(f"Which assumption matters most for {target}", fontsize=10)
    return _save(fig, path)

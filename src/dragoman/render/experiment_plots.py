"""Plots of experiments (PNG, matplotlib): strategy scores with their confidence intervals,
the distribution of the Nash outcome per issue, and the sensitivity (tornado) chart."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import Any

import pyarrow as pa

from dragoman._words import count
from dragoman.experiments.uncertainty import UncertaintySummary
from dragoman.render.plots import _pyplot, save_figure

__all__ = [
    "LEGEND_OPTIONS",
    "outcomes_figure",
    "plot_outcomes",
    "plot_scores",
    "plot_tornado",
    "tornado_figure",
]


def _save(fig: Any, path: Path, tight: bool = True) -> Path:
    if tight:
        fig.tight_layout()
    return save_figure(fig, path)


def plot_scores(scores: pa.Table, path: Path, axis: str = "advantage") -> Path:
    """Each strategy's mean score on `axis` with its 95% interval, best at the top."""
    plt = _pyplot()
    rows = sorted((r for r in scores.to_pylist() if r[axis] is not None), key=lambda r: r[axis])
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(rows) + 1.5))
    means = [r[axis] for r in rows]
    low = [r[axis] - r[f"{axis}_low"] if r[f"{axis}_low"] is not None else 0 for r in rows]
    high = [r[f"{axis}_high"] - r[axis] if r[f"{axis}_high"] is not None else 0 for r in rows]
    ax.errorbar(means, range(len(rows)), xerr=[low, high], fmt="o", capsize=4)
    ax.set_yticks(range(len(rows)), [r["strategy"] for r in rows])
    ax.set_xlabel(f"mean {axis.replace('_', ' ')} (95% interval)")
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(f"Strategy scores: {axis.replace('_', ' ')}", fontsize=10)
    return _save(fig, path)


def plot_outcomes(summary: UncertaintySummary, path: Path) -> Path:
    """Per issue, how often each option is the Nash outcome's (`outcomes_figure`), as PNG."""
    return _save(outcomes_figure(summary), path, tight=False)


def outcomes_figure(summary: UncertaintySummary) -> Any:
    """One stacked bar per issue, its legend beside it naming every option with its share (past
    `LEGEND_OPTIONS`, the rarest merged into one grey segment); a share is printed in its
    segment only where it fits."""
    plt = _pyplot()
    issues = list(summary.nash_distribution)
    caption = _caption_lines(summary.uncertainty_note, 130)
    room = _CAPTION_LINE * len(caption) + (0.1 if caption else 0.0)  # inches under the axis
    fig, axes = plt.subplots(len(issues), 1, figsize=(10, 0.62 * len(issues) + 1.3 + room),
                             squeeze=False)  # fmt: skip
    left = min(0.45, 0.04 + 0.0068 * max(len(i) for i in issues))  # room for the names
    fig.subplots_adjust(left=left, right=0.56, top=1 - 0.75 / fig.get_figheight(),
                        bottom=(0.55 + room) / fig.get_figheight(), hspace=0.5)  # fmt: skip
    _caption(fig, caption)
    for ax, issue in zip(axes[:, 0], issues, strict=True):
        _outcome_bar(ax, summary.nash_distribution[issue], plt.get_cmap("tab20"))
        ax.set_ylabel(issue, rotation=0, ha="right", va="center", fontsize=8)
    axes[-1, 0].set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25%", "50%", "75%", "100%"])
    axes[-1, 0].tick_params(axis="x", labelsize=8, labelbottom=True)
    with_nash = count(summary.nash_samples, "sample")
    axes[-1, 0].set_xlabel(f"share of the {with_nash} with a Nash outcome", fontsize=8)
    fig.suptitle(f"{summary.title}\nthe Nash outcome per issue", fontsize=10)
    return fig


#: Options named in an issue's legend at most; the rarer ones are merged.
LEGEND_OPTIONS = 8


def _merged(shares: dict[str, float]) -> dict[str, float]:
    """The shares with all but the `LEGEND_OPTIONS - 1` largest merged into "N others"."""
    if len(shares) <= LEGEND_OPTIONS:
        return dict(shares)
    kept = set(sorted(shares, key=lambda o: -shares[o])[: LEGEND_OPTIONS - 1])
    out = {o: v for o, v in shares.items() if o in kept}
    out[f"{len(shares) - len(kept)} others"] = sum(v for o, v in shares.items() if o not in kept)
    return out


def _percent(share: float) -> str:
    return "<1%" if 0 < share < 0.005 else f"{share:.0%}"


def _outcome_bar(ax: Any, shares: dict[str, float], colours: Any) -> None:
    """One issue's stacked bar on `ax`, with its legend to the right."""
    left = 0.0
    renderer = ax.figure.canvas.get_renderer()
    merged = _merged(shares)
    for k, (option, share) in enumerate(merged.items()):
        rest = len(shares) > len(merged) and k == len(merged) - 1  # the merged segment
        ax.barh(0, share, left=left, color="#bbbbbb" if rest else colours(k % 20),
                edgecolor="white", label=f"{option} ({_percent(share)})")  # fmt: skip
        text = ax.text(left + share / 2, 0, _percent(share), ha="center", va="center", fontsize=7)
        x0, x1 = ax.transData.transform([(left, 0), (left + share, 0)])[:, 0]
        if text.get_window_extent(renderer).width > (x1 - x0) - 4:
            text.remove()  # does not fit: the legend gives it
        left += share
    ax.set_xlim(0, 1)
    ax.set_yticks([])
    ax.tick_params(axis="x", labelbottom=False, length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    longest = max(len(o) for o in merged)
    columns = (
        1 if len(merged) <= 2 or longest > 20 else 2 if len(merged) <= 6 or longest > 12 else 3
    )
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=7, ncol=columns,
              frameon=False, handlelength=1, columnspacing=1, borderaxespad=0)  # fmt: skip


#: Height of one caption line, in inches (7-point text).
_CAPTION_LINE = 0.15


def _caption_lines(note: str, width: int) -> list[str]:
    """The scenario's uncertainty note as a chart's caption: wrapped, three lines at most."""
    return textwrap.wrap(note, width, max_lines=3, placeholder=" …") if note else []


def _caption(fig: Any, lines: list[str]) -> None:
    """The caption at the foot of the figure (room for it left by the caller)."""
    if lines:
        fig.text(0.01, 0.01, "\n".join(lines), fontsize=7, style="italic", color="#444444",
                 ha="left", va="bottom")  # fmt: skip


def plot_tornado(
    sensitivity: pa.Table, path: Path, target: str = "zopa", *, title: str = "", note: str = ""
) -> Path:
    """The tornado chart (`tornado_figure`) as PNG."""
    return _save(tornado_figure(sensitivity, target, title=title, note=note), path, tight=False)


def tornado_figure(
    sensitivity: pa.Table, target: str = "zopa", *, title: str = "", note: str = ""
) -> Any:
    """The assumptions by total-order Sobol index (their intervals as error bars), most
    influential at the top, each named with its rank (`1=`: tied; `-`: no measurable effect);
    the rank correlation where no Sobol index was computed; titled with the scenario's `title`,
    its uncertainty `note` the caption."""
    plt = _pyplot()
    rows = sensitivity.to_pylist()[::-1]
    sobol = any(not math.isnan(r["ST"]) for r in rows)
    values = [(r["ST"] if sobol else abs(r["spearman"])) for r in rows]
    values = [0.0 if math.isnan(v) else v for v in values]
    errors = [0.0 if math.isnan(r["ST_conf"]) else r["ST_conf"] for r in rows] if sobol else None
    caption = _caption_lines(note, 120)
    room = _CAPTION_LINE * len(caption) + (0.1 if caption else 0.0)
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(rows) + 1.5 + room))
    label = "total-order Sobol index ST" if sobol else "|Spearman rank correlation|"
    total = "total order ST (whisker: 95% interval)" if sobol else label
    ax.barh(range(len(rows)), values, xerr=errors, color="#4c72b0", capsize=3, label=total)
    if sobol:
        first = [0.0 if math.isnan(r["S1"]) else r["S1"] for r in rows]
        ax.barh(range(len(rows)), first, color="#dd8452", height=0.4, label="first order S1")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_yticks(range(len(rows)), [_ranked(r) for r in rows])
    ax.set_xlabel(f"{label} of {target}")
    words = _TARGET_WORDS.get(target, target)
    heading = f"Which assumption matters most for {words} ({target})"
    ax.set_title(f"{title}\n{heading}" if title else heading, fontsize=10)
    fig.tight_layout(rect=(0.0, room / fig.get_figheight(), 1.0, 1.0))
    _caption(fig, caption)
    return fig


#: What each sensitivity target measures, for the chart's title.
_TARGET_WORDS = {
    "zopa": "whether a ZOPA exists",
    "welfare": "the deal's welfare",
    "survival": "the deal's survival",
    "agreement": "whether they agree",
}


def _ranked(row: dict[str, Any]) -> str:
    """An assumption's label on the tornado chart: its rank, as the terminal shows it."""
    if not row.get("measurable") or not row.get("rank"):
        return f"- {row['parameter']}"
    return f"{row['rank']}{'=' if row.get('tied') else ''} {row['parameter']}"

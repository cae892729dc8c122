"""Tournaments and uncertainty studies at the terminal: a progress bar (done/total, rate, ETA)
and summary tables that stay readable at 80 columns (no number is cut; the tournament's scores
are a `Sheet`: bands of columns or one record per strategy where they do not fit)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from dragoman._words import count, percent, shown
from dragoman.experiments.sensitivity import clipped
from dragoman.experiments.tournament import TournamentResult
from dragoman.experiments.uncertainty import UncertaintyResult, UncertaintySummary
from dragoman.render.literal import literal, literal_text
from dragoman.render.sheet import Column, Sheet, fit

__all__ = ["progress_bar", "render_tournament", "render_uncertainty"]


class _Rate(ProgressColumn):
    """Items done per second since the bar was drawn (rich's own speed is of the last few
    updates: results arrive in chunks, and a chunk over a moment reads as a bogus rate); those
    found done before (a resumed run's) are not counted as done in no time."""

    def render(self, task: Task) -> Text:
        done = task.completed - task.fields.get("first", 0)
        elapsed = task.finished_time if task.finished else task.elapsed
        shown = f"{done / elapsed:,.0f}/s" if done > 0 and elapsed else ""
        return Text(shown, style="progress.data.speed")


class _Count(ProgressColumn):
    """Done / total, with thousands separators."""

    def render(self, task: Task) -> Text:
        total = "?" if task.total is None else f"{int(task.total):,}"
        return Text(f"{int(task.completed):,}/{total}", style="progress.download")


@contextmanager
def progress_bar(
    console: Console, what: str | Callable[[int], str]
) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on `console`, drawn at the first update (an error found before the work
    starts draws nothing; the clock and the rate start there, from the count done then);
    yields the callback `(done, total)` to feed it. `what` labels it, or makes its label from
    the total."""
    with ExitStack() as stack:
        shown: list[tuple[Progress, TaskID]] = []

        def update(done: int, total: int) -> None:
            if not shown:
                label = what(total) if callable(what) else what
                columns = (TextColumn(literal(label)), BarColumn(), _Count(),
                           _Rate(), TimeRemainingColumn())  # fmt: skip
                bar = stack.enter_context(Progress(*columns, console=console, transient=False))
                task = bar.add_task(label, total=total, completed=done, first=done)
                shown.append((bar, task))
            bar, task = shown[0]
            bar.update(task, completed=done, total=total)

        yield update


def _interval(row: dict[str, Any], axis: str) -> str:
    """An axis's mean ±half its 95% interval (the mean alone with one value, `-` with none),
    and `(n=N)` where the mean is over fewer seats than the strategy's negotiations."""
    mean, low, high = row[axis], row[f"{axis}_low"], row[f"{axis}_high"]
    text = "-" if mean is None else shown(mean)
    if mean is not None and low is not None:
        text += f" ±{shown((high - low) / 2)}"
    return f"{text} (n={row[f'{axis}_n']:,})" if _fewer(row, axis) else text


def _fewer(row: dict[str, Any], axis: str) -> bool:
    """Whether the strategy's mean on `axis` is over fewer seats than it sat at."""
    return bool(row[f"{axis}_n"] != row["negotiations"])


#: The scores table's columns after the strategy: (header, axis of the scores table).
_AXES = (("advantage", "advantage"), ("utility", "utility"), ("welfare", "welfare"),
         ("Nash dist.", "nash_distance"), ("KS dist.", "ks_distance"))  # fmt: skip

_LEGEND = "lower is better for the distances (to the Nash and Kalai-Smorodinsky points)"
_FEWER = (
    "; (n=N): the mean of the N seats with a value, fewer than negs (a scenario with no Nash "
    "or KS point has no distance to it)"
)


def _scores_sheet(result: TournamentResult) -> Sheet:
    """The strategies' scores on every ANL axis, each a mean ±95% interval (and the seats it
    is over, where fewer than all); a sheet, so at any width a name and a number stay whole
    (bands of columns, else one record per row)."""
    rows = result.scores.to_pylist()
    fewer = any(_fewer(row, axis) for row in rows for _, axis in _AXES)
    sheet = Sheet(
        [Column("strategy", key=True), Column("negs", numeric=True),
         Column("agreed", numeric=True), *(Column(h, numeric=True) for h, _ in _AXES)],
        title=f"{result.config.title}: scores (mean ±95% interval)",
        legend=_LEGEND + (_FEWER if fewer else ""),
    )  # fmt: skip
    for row in rows:
        sheet.add_row(
            row["strategy"], f"{row['negotiations']:,}", f"{percent(row['agreement_rate'])}",
            *(_interval(row, axis) for _, axis in _AXES),
        )  # fmt: skip
    return sheet


def render_tournament(result: TournamentResult, console: Console) -> None:
    """Where the results are, what ran, and the strategies' scores with 95% intervals."""
    if result.scores.num_rows:
        console.print(fit(_scores_sheet(result), console.width))
    rate = "" if math.isnan(result.rate) or not result.ran else f" ({result.rate:,.0f}/s)"
    console.print(
        f"{result.ran:,} negotiations played in {result.seconds:.1f} s{rate}; "
        f"{result.skipped:,} already finished; root seed {result.config.seed}.",
        highlight=False,
    )
    if result.earlier:
        console.print(
            f"{result.earlier:,} stored results are of an earlier version of a scenario or "
            "configuration and were left out (kept in the folder).",
            highlight=False,
        )
    if result.others:
        console.print(
            f"{result.others:,} stored results in the folder belong to other cells (another "
            "seed or configuration): kept there, left out of these results and scores.",
            highlight=False,
        )
    for label, path in result.paths.items():
        console.print(f"{label}: {literal(path)}", highlight=False, soft_wrap=True)


def render_uncertainty(result: UncertaintyResult, console: Console) -> None:
    """P(ZOPA), what blocks it, the Nash outcome's stability, the negotiation, the
    implementation, and the sensitivity ranking (tables fitted to the width: `fit`)."""
    s = result.summary
    console.print(
        f"[bold]{literal(s.title)}[/bold]: {count(s.samples, 'sampled profile')} (seed {s.seed})"
    )
    if s.uncertainty_note:  # what the ranges are (illustrative, not estimates): before any number
        console.print(literal_text(f"Assumptions: {s.uncertainty_note}", "italic"))
    console.print(f"P(a ZOPA exists) = {shown(s.p_zopa)}", highlight=False)
    if s.p_blocks:
        blocks = Sheet([Column("red lines", key=True), Column("P", numeric=True)],
                       title="P(dropping these red lines alone opens a zone)")  # fmt: skip
        for label, p in sorted(s.p_blocks.items(), key=lambda kv: -kv[1]):
            blocks.add_row(label, f"{shown(p)}")
        console.print(fit(blocks, console.width))
    _render_nash(result, console)
    if s.p_agreement is not None and s.mean_utilities is not None:
        means = ", ".join(f"{literal(p)} {shown(u)}" for p, u in s.mean_utilities.items())
        console.print(f"P(agreement) = {shown(s.p_agreement)}; mean utilities: {means}")
    if s.p_completes is not None and s.p_deal_completes is not None:
        console.print(
            f"P(the deal completes every phase) = {shown(s.p_completes)} of samples with a deal; "
            f"{shown(s.p_deal_completes)} of all samples",
            highlight=False,
        )
    _render_sensitivity(result, console)
    for label, path in result.paths.items():
        console.print(f"{label}: {literal(path)}", highlight=False, soft_wrap=True)


def _render_nash(result: UncertaintyResult, console: Console) -> None:
    s = result.summary
    if not s.nash_samples:
        console.print("No sample has a Nash outcome (no zone of agreement).")
        return
    columns = [Column("issue", key=True), Column("most often"), Column("share", numeric=True),
               Column("options seen", numeric=True)]  # fmt: skip
    with_zone = f"{count(s.nash_samples, 'sample')} with a zone"
    table = Sheet(columns, title=f"Nash outcome per issue ({with_zone})")
    for issue, shares in s.nash_distribution.items():
        top = max(shares, key=lambda v: shares[v])
        table.add_row(issue, top, f"{shown(shares[top])}", str(len(shares)))
    console.print(fit(table, console.width))
    console.print(literal_text(_stability_line(s)))


def _stability_line(s: UncertaintySummary) -> str:
    """The most and least stable issues of the Nash outcome, every tied one named."""
    most, least = s.most_stable_issues, s.least_stable_issues
    if not most:
        return ""
    if most == least:  # one share for every issue
        share = s.stability[most[0]]
        return (
            f"Every issue is as stable: its most common option is the Nash outcome's in a "
            f"share {shown(share)} of the samples with a zone."
        )

    def named(issues: list[str], which: str) -> str:
        if len(issues) == 1:
            return f"{which} issue: {issues[0]}"
        return f"{which} issues (tied, {shown(s.stability[issues[0]])}): {', '.join(issues)}"

    return f"{named(most, 'Most stable')}; {named(least, 'least stable')}"


def _render_sensitivity(result: UncertaintyResult, console: Console) -> None:
    """The ranking, numbered only where the effect is measurable; nothing ranked when the
    target never varies."""
    s = result.summary
    if not s.target_varies:
        console.print(literal_text(
            f"Which assumption matters most (target: {s.target}): the target is the same in "
            "every sample, so nothing ranks (every assumption has no measurable effect on it)."
        ))  # fmt: skip
        return
    rows = result.sensitivity.to_pylist()
    sobol = any(not math.isnan(r["ST"]) for r in rows)
    columns = [Column("#", numeric=True), Column("assumption", key=True),
               Column("ST", numeric=True), Column("S1", numeric=True),
               Column("rank corr.", numeric=True)]  # fmt: skip
    legend = _SOBOL_LEGEND if sobol else _RANK_LEGEND
    if any(r.get("ST_clipped") or r.get("S1_clipped") for r in rows):
        legend += _CLIPPED_LEGEND
    table = Sheet(columns, title=f"Which assumption matters most (target: {s.target})",
                  legend=legend)  # fmt: skip
    for row in rows:
        st = _index(row["ST"], row.get("ST_clipped", False))
        if st != "-" and not math.isnan(row["ST_conf"]):
            st += f" ±{shown(row['ST_conf'])}"
        number = f"{row['rank']}{'=' if row['tied'] else ''}" if row["measurable"] else "-"
        s1 = _index(row["S1"], row.get("S1_clipped", False))
        table.add_row(number, row["parameter"], st, s1, _index(row["spearman"]))
    console.print(fit(table, console.width))
    console.print(literal_text(_top(s, len(rows))))


def _index(value: float | None, clip: bool = False) -> str:
    """An index as the other tables show numbers (`shown`: 0 for zero, `…` where rounded;
    `-` when there is none), clipped to [0, 1] and marked `*` where the estimate fell outside
    (`_CLIPPED_LEGEND`)."""
    if value is None or math.isnan(value):
        return "-"
    return f"{shown(clipped(value))}*" if clip else shown(value)


_SOBOL_LEGEND = (
    "ST, S1: total- and first-order Sobol indices (±: the 95% interval's half-width); "
    "#: rank, '=' tied (95% intervals overlap); '-' no measurable effect: ST is 0, or within "
    "its interval and the rank correlation is not significant (p >= 0.01, corrected "
    "for testing many: Holm over the assumptions, Bonferroni over a weight vector's weights)"
)
_CLIPPED_LEGEND = (
    ". *: the estimate fell outside [0, 1], shown clipped (the raw value is in --json and "
    "sensitivity.csv): it is noisy, raise --sensitivity (the Sobol base size) to steady it"
)
_RANK_LEGEND = (
    "No Sobol design (--sensitivity 0): ranked by the rank correlation; #: rank, '=' tied "
    "(95% intervals overlap); '-' where it is not significant (p >= 0.01, corrected for "
    "testing many: Holm over the assumptions, Bonferroni over a weight vector's weights), no "
    "measurable effect"
)


def _top(summary: UncertaintySummary, count: int) -> str:
    """The top 3 of the measurable effects with their ranks (`=`: tied, within each other's
    intervals), saying so when fewer than 3 are, and how many more share the third's rank
    when the cut falls inside a tie."""
    influential = summary.influential
    if not influential:
        return "No assumption has a measurable effect (see the legend)."
    marks = {n: f"{summary.ranks.get(n, k)}{'=' if n in summary.tied else ''}"
             for k, n in enumerate(influential, 1)}  # fmt: skip
    top = "; ".join(f"{marks[n]}. {n}" for n in influential[:3])
    more = [n for n in influential[3:] if marks[n] == marks[influential[2]]]
    if more:
        top += f"; and {len(more)} more tied at {marks[influential[2]]}"
    notes = ["=: tied, their intervals overlap"] if "=" in "".join(
        marks[n] for n in influential[:3]) else []  # fmt: skip
    rest = count - len(influential)
    if len(influential) < 3:
        notes.append("the other assumption has no measurable effect" if rest == 1 else
                     f"the other {rest} assumptions have no measurable effect")  # fmt: skip
    return f"Top 3: {top}" + (f" ({'; '.join(notes)})" if notes else "")

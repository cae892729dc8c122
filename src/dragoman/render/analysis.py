"""Render an `Analysis` for the terminal with rich."""

from __future__ import annotations

import math

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dragoman.analysis.results import Analysis, SolutionPoint, ZopaReport

__all__ = ["render_analysis"]


def render_analysis(analysis: Analysis, console: Console) -> None:
    """Print sizes, solutions and the ZOPA report."""
    console.print(Panel(_overview(analysis), title=analysis.title, expand=False))
    if analysis.solutions:
        console.print(
            _solutions_table("Solutions inside every red line", list(analysis.solutions.values()))
        )
    else:
        console.print(
            Text(
                "No outcome inside every red line is individually rational: "
                "no bargaining solution exists.",
                style="bold yellow",
            )
        )
        if analysis.reference_solutions:
            console.print(
                _solutions_table(
                    "For reference only: solutions if every red line were set aside",
                    list(analysis.reference_solutions.values()),
                )
            )
    console.print(_zopa_panel(analysis.zopa))


def _overview(a: Analysis) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_row("parties", ", ".join(f"{p} (RV {a.reservation_values[p]:.3f})" for p in a.parties))
    grid.add_row("outcome space", f"{a.outcome_count:,} outcomes")
    grid.add_row("inside every red line", f"{a.feasible_count:,} outcomes")
    grid.add_row("Pareto frontier", f"{len(a.frontier):,} outcomes (inside every red line)")
    grid.add_row("frontier, red lines aside", f"{a.reference_frontier_count:,} outcomes")
    if a.method != "enumeration":
        exactness = "exact" if a.exact else "APPROXIMATE"
        method = a.method if exactness.lower() in a.method else f"{a.method} ({exactness})"
        grid.add_row("frontier method", method)
        for note in a.notes:
            grid.add_row("", Text(note, style="dim"))
    return grid


def _solutions_table(title: str, points: list[SolutionPoint]) -> Table:
    """Issues as rows, one column per solution, utilities at the bottom."""
    table = Table(title=title, title_justify="left")
    table.add_column("issue", style="bold")
    for p in points:
        table.add_column(p.name)
    issues = list(points[0].outcome)
    for k, issue in enumerate(issues):
        table.add_row(
            issue, *(str(p.outcome[issue]) for p in points), end_section=k == len(issues) - 1
        )
    for party in points[0].utilities:
        table.add_row(
            Text(f"utility of {party}", style="italic"),
            *(f"{p.utilities[party]:.3f}" for p in points),
        )
    return table


def _zopa_panel(z: ZopaReport) -> Panel:
    style = "green" if z.exists else "red"
    head = Text(
        "Zone of possible agreement: "
        + ("yes" if z.exists else "NONE" if z.certain else "NONE FOUND (approximate frontier)"),
        style=f"bold {style}",
    )
    parts: list[RenderableType] = [head]
    parts += [Text("• " + line) for line in z.summary]
    if z.blockers:
        table = Table(
            title="What blocks agreement: effect of dropping red lines", title_justify="left"
        )
        table.add_column("dropped")
        table.add_column("kind")
        table.add_column("opens a zone?")
        table.add_column("zone size", justify="right")
        table.add_column("Nash point of the opened zone")
        for b in z.blockers:
            nash = "" if b.nash_outcome is None else ", ".join(map(str, b.nash_outcome.values()))
            if b.nash_utilities:
                nash += "  (" + ", ".join(f"{p} {u:.3f}" for p, u in b.nash_utilities.items()) + ")"
            table.add_row(
                b.label,
                b.kind,
                Text("yes", style="green") if b.opens_zone else Text("no", style="red"),
                b.zone.words(),
                nash,
            )
        parts.append(table)
    if not z.exists:
        concessions = ", ".join(
            f"{p}: {'n/a' if math.isinf(c) else f'{c:.3f}'}" for p, c in z.concessions.items()
        )
        uniform = "n/a" if math.isinf(z.uniform_concession) else f"{z.uniform_concession:.3f}"
        parts.append(
            Text(
                "Smallest reservation-value concession that alone opens a zone (inside every "
                f"red line): {concessions}; by every party at once: {uniform}"
            )
        )
    return Panel(Group(*parts), title="ZOPA report", border_style=style, expand=False)

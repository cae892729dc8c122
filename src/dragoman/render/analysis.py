"""Render an `Analysis` for the terminal: sizes, solutions and the ZOPA report, every table
fitted to the console's width without cutting a number or a name (`render.sheet`)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from rich.console import Console
from rich.text import Text

from dragoman._words import count, shown
from dragoman.analysis.results import Analysis, Blocker, SolutionPoint, Value, ZopaReport
from dragoman.render.literal import literal_text
from dragoman.render.sheet import Column, Sheet, fit

__all__ = ["outcome_pairs", "render_analysis", "utility_list"]


def render_analysis(analysis: Analysis, console: Console) -> None:
    """Print sizes, solutions and the ZOPA report."""
    console.print(literal_text(analysis.title, style="bold"))
    console.print(fit(_overview(analysis), console.width))
    if analysis.solutions:
        title = "Solutions inside every red line"
        _print_solutions(console, title, list(analysis.solutions.values()))
    else:
        console.print(
            literal_text(
                "No outcome inside every red line is individually rational: "
                "no bargaining solution exists.",
                style="bold yellow",
            )
        )
        if analysis.reference_solutions:
            title = "For reference only: solutions if every red line were set aside"
            _print_solutions(console, title, list(analysis.reference_solutions.values()))
    _print_zopa(analysis.zopa, console)


def outcome_pairs(outcome: Mapping[str, Value]) -> str:
    """An outcome as `issue=value` pairs (issue names kept: a bare list of values is a puzzle)."""
    return ", ".join(f"{issue}={value}" for issue, value in outcome.items())


def utility_list(utilities: Mapping[str, float]) -> str:
    """Each party's utility, e.g. "Israel 0.600, Hamas 0.670"."""
    return ", ".join(f"{party} {shown(u)}" for party, u in utilities.items())


def _overview(a: Analysis) -> Sheet:
    sheet = Sheet([Column("", key=True, style="bold"), Column("")], style="plain")
    rvs = ", ".join(f"{p} (RV {shown(a.reservation_values[p])})" for p in a.parties)
    sheet.add_row("parties", rvs)
    sheet.add_row("outcome space", count(a.outcome_count, "outcome"))
    sheet.add_row("inside every red line", count(a.feasible_count, "outcome"))
    sheet.add_row("Pareto frontier", f"{count(len(a.frontier), 'outcome')} (inside every red line)")
    sheet.add_row("frontier, red lines aside", count(a.reference_frontier_count, "outcome"))
    if a.method != "enumeration" or not a.exact:
        exactness = "exact" if a.exact else "APPROXIMATE"
        method = a.method if exactness.lower() in a.method else f"{a.method} ({exactness})"
        sheet.add_row("frontier method", method)
        for note in a.notes:
            sheet.add_row("", Text(note, style="dim"))
    return sheet


def _print_solutions(console: Console, title: str, points: list[SolutionPoint]) -> None:
    """Issues as rows and a column per solution; where that cannot fit, a record per solution."""
    issues = list(points[0].outcome)
    parties = list(points[0].utilities)
    by_issue = Sheet(
        [Column("issue", key=True, style="bold"), *(Column(p.name) for p in points)], title=title
    )
    for k, issue in enumerate(issues):
        cells = (str(p.outcome[issue]) for p in points)
        by_issue.add_row(issue, *cells, end_section=k == len(issues) - 1)
    for party in parties:
        cells = (f"{shown(p.utilities[party])}" for p in points)
        by_issue.add_row(Text(f"utility of {party}", style="italic"), *cells)
    by_solution = Sheet(
        [
            Column("solution", key=True),
            *(Column(i) for i in issues),
            *(Column(f"utility of {p}") for p in parties),
        ]
    )
    for p in points:
        utilities = (f"{shown(p.utilities[party])}" for party in parties)
        by_solution.add_row(p.name, *(str(p.outcome[i]) for i in issues), *utilities)
    console.print(fit(by_issue, console.width, records=by_solution))


def _print_zopa(z: ZopaReport, console: Console) -> None:
    style = "green" if z.exists else "red"
    console.print(literal_text("ZOPA report", style="bold"))
    verdict = "yes" if z.exists else "NONE" if z.certain else "NONE FOUND (approximate frontier)"
    console.print(literal_text(f"Zone of possible agreement: {verdict}", style=f"bold {style}"))
    for line in z.summary:
        console.print(literal_text("• " + line))
    if z.blockers:
        console.print(fit(_blockers(z.blockers), console.width))
    if not z.exists:
        concessions = ", ".join(
            f"{p}: {'n/a' if math.isinf(c) else f'{shown(c)}'}" for p, c in z.concessions.items()
        )
        uniform = "n/a" if math.isinf(z.uniform_concession) else f"{shown(z.uniform_concession)}"
        console.print(
            literal_text(
                "Smallest reservation-value concession that alone opens a zone (inside every "
                f"red line): {concessions}; by every party at once: {uniform}"
            )
        )


def _blockers(blockers: list[Blocker]) -> Sheet:
    sheet = Sheet(
        [
            Column("dropped", key=True),
            Column("kind"),
            Column("opens a zone?"),
            Column("zone size"),
            Column("Nash point of the opened zone"),
        ],
        title="What blocks agreement: effect of dropping red lines",
    )
    for b in blockers:
        nash = "" if b.nash_outcome is None else outcome_pairs(b.nash_outcome)
        if b.nash_utilities:
            nash += f"\n({utility_list(b.nash_utilities)})"
        opens = Text("yes", style="green") if b.opens_zone else Text("no", style="red")
        sheet.add_row(b.label, str(b.kind), opens, b.zone.words(), nash.strip())
    return sheet

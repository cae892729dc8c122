"""Render the end of a negotiation: the agreement in words, utilities, and distances."""

from __future__ import annotations

import math

from rich.console import Console
from rich.table import Table

from dragoman.runs.negotiation import NegotiationResult

__all__ = ["render_result"]


def render_result(result: NegotiationResult, console: Console) -> None:
    """The agreement in words, every party's utility, distance to the frontier and to Nash."""
    a = result.assessment
    if result.agreement is None or a is None:
        reason = {"deadline": "the deadline passed", "breakdown": "a party walked away"}
        why = reason.get(result.status, f"an error: {result.error}")
        console.print(
            f"[bold yellow]No agreement[/bold yellow] after {result.steps} steps: {why}.",
            highlight=False,
        )
        for line in result.diagnosis:
            console.print(f"  - {line}", markup=False, highlight=False)
        return
    table = Table(title=f"Agreement after {result.steps} steps", title_justify="left")
    table.add_column("issue")
    table.add_column("agreed")
    table.add_column("Nash point")
    for issue, value in a.outcome.items():
        table.add_row(issue, str(value), str((a.nash_outcome or {}).get(issue, "-")))
    for party, u in a.utilities.items():
        nash = "-" if a.nash_utilities is None else f"{a.nash_utilities[party]:.3f}"
        table.add_row(
            f"utility of {party}",
            f"{u:.3f} (discounted {result.discounted.get(party, u):.3f})",
            nash,
            style="bold",
        )
    console.print(table)
    frontier = "on the frontier" if a.on_frontier else f"{a.pareto_distance:.3f} from the frontier"
    nash_text = "n/a" if math.isnan(a.nash_distance) else f"{a.nash_distance:.3f}"
    console.print(f"Pareto: {frontier}; distance to the Nash point: {nash_text}", highlight=False)

"""Render the end of a negotiation: the agreement in words, utilities, and distances.

The same function renders a live run and its replay (`dragoman replay` rebuilds the result
from the log), so both end alike.
"""

from __future__ import annotations

import math

from rich.console import Console
from rich.text import Text

from dragoman._words import count, shown
from dragoman.render.literal import clean
from dragoman.render.sheet import Column, Sheet, fit
from dragoman.runs.negotiation import NegotiationResult
from dragoman.utility.scenario import compiled

__all__ = ["render_result"]

_REASONS = {"deadline": "the deadline passed", "breakdown": "a party walked away"}


def render_result(result: NegotiationResult, console: Console) -> None:
    """The agreement in words, every party's utility, distance to the frontier and to Nash."""
    a = result.assessment
    if result.agreement is None or a is None:
        why = _REASONS.get(result.status, f"an error: {result.error}")
        console.print(
            Text.assemble(
                ("No agreement", "bold yellow"), f" after {count(result.steps, 'step')}: {why}."
            )
        )
        for line in result.diagnosis:
            console.print(f"  - {clean(line)}", markup=False, highlight=False)
        return
    outcome = Sheet(
        [Column("issue", key=True), Column("agreed"), Column("Nash point")],
        title=f"Agreement after {count(result.steps, 'step')}",
    )
    for issue, value in a.outcome.items():
        outcome.add_row(issue, str(value), str((a.nash_outcome or {}).get(issue, "-")))
    console.print(fit(outcome, console.width))
    console.print(fit(_utilities(result), console.width))
    if a.on_frontier:
        frontier = "on the frontier"
    elif math.isnan(a.pareto_distance):
        frontier = "no frontier to measure against"
    else:
        frontier = f"{shown(a.pareto_distance)} from the frontier"
    nash_text = "n/a" if math.isnan(a.nash_distance) else f"{shown(a.nash_distance)}"
    console.print(f"Pareto: {frontier}; distance to the Nash point: {nash_text}", highlight=False)


def _utilities(result: NegotiationResult) -> Sheet:
    """Each party's utility of the agreement, discounted (only if some party discounts), and
    its utility at the Nash point."""
    a = result.assessment
    assert a is not None
    columns = [Column("party", key=True), Column("utility", numeric=True)]
    discounting = _discounting(result)
    columns += [Column("discounted", numeric=True)] if discounting else []
    columns.append(Column("at the Nash point", numeric=True))
    sheet = Sheet(columns)
    for party, u in a.utilities.items():
        cells = [party, f"{shown(u)}"]
        cells += [f"{shown(result.discounted.get(party, u))}"] if discounting else []
        cells.append("-" if a.nash_utilities is None else f"{shown(a.nash_utilities[party])}")
        sheet.add_row(*cells)
    if discounting:
        sheet.legend = "discounted: the utility at the time of agreement, U × d^t"
    return sheet


def _discounting(result: NegotiationResult) -> bool:
    """Whether any party discounts (by the scenario, else by the numbers)."""
    if result.scenario is not None:
        return any(u.discount_factor != 1.0 for u in compiled(result.scenario).utilities)
    return any(result.discounted.get(p, u) != u for p, u in result.utilities.items())

"""Render an `ImplementationAssessment` for the terminal with rich."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dragoman.phases.implementation import ImplementationAssessment, SimulationSummary

__all__ = ["render_implementation"]

_SETTING_LABELS = {
    "in force": "guarantees in force",
    "minimal": "minimal guarantees",
    "robust": "robust guarantees",
}


def render_implementation(report: ImplementationAssessment, console: Console) -> None:
    """Print the phased agreement, incentives, guarantees, sequencing and survival."""
    console.print(
        Panel(
            Text(f"Agreement implemented: {report.agreement.source}"),
            title=report.title,
            expand=False,
        )
    )
    if report.agreement.note:
        console.print(Text(f"NOTE: {report.agreement.note}", style="bold yellow"))
    console.print(_agreement_table(report))
    console.print(Text("The phased agreement", style="bold"))
    for line in report.schedule:
        console.print(Text(line, style="" if line.startswith(" ") else "bold"), soft_wrap=True)
    if report.note:
        console.print(Text(report.note, style="yellow"))
        return
    console.print(_incentive_table(report))
    _print_verdict(report, console)
    console.print(_sequencing_table(report))
    _print_spoilers(report, console)
    console.print(_survival_table(report))
    for sim in report.simulations:
        label = _SETTING_LABELS[sim.setting]
        console.print(f"Most common failure point ({label}): {sim.most_common_failure}")
    console.print(
        Text(
            "Which party's move ends a run, and who defects first, depend on the payoffs and on "
            "the order in which each phase lists the parties' commitments (the order of moves); "
            "where payoffs are symmetric, that order alone decides which party is named.",
            style="dim",
        )
    )
    if report.assumptions:
        console.print(Text(f"Assumptions: {report.assumptions}", style="dim"))


def _agreement_table(report: ImplementationAssessment) -> Table:
    table = Table(title="Agreed outcome", title_justify="left")
    table.add_column("issue", style="bold")
    table.add_column("agreed")
    for issue, text in report.agreement_text.items():
        table.add_row(issue, text)
    return table


def _incentive_table(report: ImplementationAssessment) -> Table:
    table = Table(
        title="Incentives per phase and party (most tempting batch, everyone else complying)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 0, 0, 1),
        pad_edge=False,
    )
    for column in ("phase", "party", "batch"):
        table.add_column(column, no_wrap=True)
    for column in ("comply", "defect", "gain", "in force", "needed", "robust", "seen"):
        table.add_column(column, justify="right", no_wrap=True, overflow="fold")
    for row in report.incentives:
        tempted = row.temptation > 1e-9
        table.add_row(
            row.phase,
            row.party,
            str(row.batch),
            f"{row.comply:.3f}",
            f"{row.defect:.3f}",
            Text(f"{row.temptation:+.3f}", style="bold red" if tempted else "green"),
            f"{row.in_force:.3f}",
            f"{row.needed:.3f}",
            f"{row.robust:.3f}",
            f"{row.detection:.0%}",
        )
    table.caption = (
        "comply/defect: value from this move on; gain = defect - comply (the temptation); "
        "seen: chance a violation is detected; guarantees: "
        "penalty (or escrow forfeited) on defection; needed: smallest making compliance an "
        "equilibrium; robust: also covering the compliance noise"
    )
    return table


def _print_verdict(report: ImplementationAssessment, console: Console) -> None:
    verdict = report.verdict
    if verdict is None:
        return
    console.print(Text(verdict.text, style="bold green" if verdict.compliant else "bold red"))
    if verdict.planned:
        console.print(
            "Defections in the plan (were play to reach them): " + "; ".join(verdict.planned)
        )
    needed = [r for r in report.incentives if r.needed > 1e-9]
    if not needed:
        console.print("Smallest guarantees for compliance: none needed.")
        return
    parts = [f"{r.party} at {r.phase}: {r.needed:.3f} ({r.in_force:.3f} in force)" for r in needed]
    console.print("Smallest guarantees for compliance: " + "; ".join(parts))


def _sequencing_table(report: ImplementationAssessment) -> Table:
    table = Table(title="Sequencing alternatives", title_justify="left")
    table.add_column("schedule")
    table.add_column("weeks × batches")
    table.add_column("self-enforcing?")
    for column in ("needed total", "robust total", "P(done)", "P(done), robust"):
        table.add_column(column, justify="right")
    for row in report.sequencing:
        verdict = "yes" if row.compliant else f"no: {row.first_defection} defects"
        table.add_row(
            row.label,
            row.layout,
            verdict,
            f"{row.needed_total:.3f}",
            f"{row.robust_total:.3f}",
            f"{row.survival:.1%}",
            f"{row.survival_robust:.1%}",
        )
    table.caption = "P(done): share of simulated runs completing every phase"
    return table


def _print_spoilers(report: ImplementationAssessment, console: Console) -> None:
    for s in report.spoilers:
        where = ", ".join(s.phases) or "every phase"
        console.print(
            Text(
                f"Spoiler {s.name}: shock chance {s.weekly_probability:.1%} a week, "
                f"{s.deterrence:.0%} deterred -> {s.effective:.2%} a week ({where}). "
                f"{s.description}",
            )
        )
        for source in s.sources:
            console.print(Text(f"  source: {source}", style="dim"))


def _survival_table(report: ImplementationAssessment) -> Table:
    sims = report.simulations
    runs = sims[0].runs if sims else 0
    seed = sims[0].seed if sims else 0
    table = Table(
        title=f"Survival: share of {runs:,} simulated runs (seed {seed})", title_justify="left"
    )
    table.add_column("")
    for sim in sims:
        table.add_column(_SETTING_LABELS[sim.setting], justify="right")
    for phase in report.phases:
        table.add_row(f"reaches {phase}", *(f"{s.reached[phase]:.1%}" for s in sims))
    table.add_row("completes every phase", *(f"{s.all_completed:.1%}" for s in sims), style="bold")
    for party in sims[0].expected_utility if sims else {}:
        table.add_row(f"expected payoff of {party}", *_payoffs(sims, party))
    return table


def _payoffs(sims: list[SimulationSummary], party: str) -> list[str]:
    return [f"{s.expected_utility[party]:.3f}" for s in sims]

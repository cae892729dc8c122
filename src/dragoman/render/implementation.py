"""Render an `ImplementationAssessment` for the terminal, every table fitted to the width.

Two tables value the moves differently, and say so: the incentive table values each move as
if everyone complied afterwards (its "gain" is the temptation the guarantees must cover); the
plan table values the moves at which backward induction defects with everyone following the
plan afterwards: its first row is the verdict's "defects first ... gaining".
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from dragoman._words import count, percent, shown, signed
from dragoman.phases.implementation import ImplementationAssessment, SimulationSummary, Verdict
from dragoman.render.literal import literal_text
from dragoman.render.sheet import Column, Sheet, fit

__all__ = ["render_implementation"]

_SETTING_LABELS = {
    "in force": "guarantees in force",
    "minimal": "minimal guarantees",
    "robust": "robust guarantees",
}
INCENTIVE_LEGEND = (
    "Each move valued as if every party complied after it. comply, defect: the mover's value "
    "from this move on if it complies (and so does everyone to the end) or defects here (after "
    "its cost and the expected guarantee in force); gain = defect − comply, the temptation; "
    "in force: the guarantee (penalty, or escrow forfeited on defection); needed: the smallest "
    "making compliance an equilibrium; robust: also covering the compliance noise; seen: the "
    "chance a violation is detected."
)
PLAN_LEGEND = (
    "Each move valued with every party following the subgame-perfect plan after it (so a "
    "later defection counts): comply is what complying here is then worth, gain = defect − "
    "comply. The first row is where play ends: the verdict's gain. It differs from the "
    "incentive table's, which assumes everyone complies afterwards."
)


def render_implementation(report: ImplementationAssessment, console: Console) -> None:
    """Print the phased agreement, incentives, guarantees, sequencing and survival."""
    console.print(literal_text(report.title, style="bold"))
    console.print(literal_text(f"Agreement implemented: {report.agreement.source}"))
    if report.agreement.note:
        console.print(literal_text(f"NOTE: {report.agreement.note}", style="bold yellow"))
    agreed = Sheet([Column("issue", key=True), Column("agreed")], title="Agreed outcome")
    for issue, text in report.agreement_text.items():
        agreed.add_row(issue, text)
    console.print(fit(agreed, console.width))
    console.print(literal_text("The phased agreement", style="bold"))
    for line in report.schedule:
        console.print(literal_text(line, style="" if line.startswith(" ") else "bold"))
    if report.note:
        console.print(literal_text(report.note, style="yellow"))
        return
    console.print(fit(_incentives(report), console.width))
    if report.verdict is not None:
        _print_verdict(report, report.verdict, console)
    console.print(fit(_sequencing(report), console.width))
    _print_spoilers(report, console)
    console.print(fit(_survival(report), console.width))
    for sim in report.simulations:
        label = _SETTING_LABELS[sim.setting]
        console.print(
            literal_text(f"Most common failure point ({label}): {sim.most_common_failure}")
        )
    console.print(
        literal_text(
            "Which party's move ends a run, and who defects first, depend on the payoffs and on "
            "the order in which each phase lists the parties' commitments (the order of moves); "
            "where payoffs are symmetric, that order alone decides which party is named.",
            style="dim",
        )
    )
    if report.assumptions:
        console.print(literal_text(f"Assumptions: {report.assumptions}", style="dim"))


def _incentives(report: ImplementationAssessment) -> Sheet:
    columns = [Column("phase", key=True), Column("party", key=True), Column("batch", True)]
    headers = ("comply", "defect", "gain", "in force", "needed", "robust", "seen")
    sheet = Sheet(
        [*columns, *(Column(h, numeric=True) for h in headers)],
        title="Incentives per phase and party, if everyone complies afterwards "
        "(the most tempting batch)",
        legend=INCENTIVE_LEGEND,
        style="simple",
    )
    for row in report.incentives:
        tempted = row.temptation > 1e-9
        sheet.add_row(
            row.phase,
            row.party,
            str(row.batch),
            f"{shown(row.comply)}",
            f"{shown(row.defect)}",
            Text(signed(row.temptation), style="bold red" if tempted else "green"),
            f"{shown(row.in_force)}",
            f"{shown(row.needed)}",
            f"{shown(row.robust)}",
            f"{percent(row.detection, 0)}",
        )
    return sheet


def _print_verdict(report: ImplementationAssessment, verdict: Verdict, console: Console) -> None:
    console.print(
        literal_text(verdict.text, style="bold green" if verdict.compliant else "bold red")
    )
    if verdict.moves:
        console.print(fit(_plan(verdict), console.width))
    needed = [r for r in report.incentives if r.needed > 1e-9]
    if not needed:
        console.print("Smallest guarantees for compliance: none needed.")
        return
    parts = [
        f"{r.party} at {r.phase}: {shown(r.needed)} ({shown(r.in_force)} in force)" for r in needed
    ]
    console.print(literal_text("Smallest guarantees for compliance: " + "; ".join(parts)))


def _plan(verdict: Verdict) -> Sheet:
    sheet = Sheet(
        [
            Column("phase", key=True),
            Column("party", key=True),
            Column("batch", numeric=True),
            Column("defect", numeric=True),
            Column("comply", numeric=True),
            Column("gain", numeric=True),
        ],
        title="Where the subgame-perfect plan defects, were play to reach it",
        legend=PLAN_LEGEND,
        style="simple",
    )
    for move in verdict.moves:
        gain = signed(move.gain)
        sheet.add_row(
            move.phase,
            move.party,
            str(move.batch),
            f"{shown(move.defect)}",
            f"{shown(move.comply)}",
            gain,
        )
    return sheet


def _sequencing(report: ImplementationAssessment) -> Sheet:
    headers = ("needed total", "robust total", "P(done)", "P(done), robust")
    sheet = Sheet(
        [
            Column("schedule", key=True),
            Column("weeks × batches"),
            Column("self-enforcing?"),
            *(Column(h, numeric=True) for h in headers),
        ],
        title="Sequencing alternatives",
        legend="weeks × batches: each phase's length (w: weeks) and batches; "
        "P(done): share of simulated runs completing every phase",
    )
    for row in report.sequencing:
        verdict = "yes" if row.compliant else f"no: {row.first_defection} defects"
        sheet.add_row(
            row.label,
            row.layout,
            verdict,
            f"{shown(row.needed_total)}",
            f"{shown(row.robust_total)}",
            f"{percent(row.survival)}",
            f"{percent(row.survival_robust)}",
        )
    return sheet


def _print_spoilers(report: ImplementationAssessment, console: Console) -> None:
    for s in report.spoilers:
        where = ", ".join(s.phases) or "every phase"
        console.print(
            literal_text(
                f"Spoiler {s.name}: shock chance {percent(s.weekly_probability)} a week, "
                f"{percent(s.deterrence, 0)} deterred -> {percent(s.effective, 2)} a week "
                f"({where}). "
                f"{s.description}",
            )
        )
        for source in s.sources:
            console.print(literal_text(f"  source: {source}", style="dim"))


def _survival(report: ImplementationAssessment) -> Sheet:
    sims = report.simulations
    runs = sims[0].runs if sims else 0
    seed = sims[0].seed if sims else 0
    sheet = Sheet(
        [Column("", key=True), *(Column(_SETTING_LABELS[s.setting], True) for s in sims)],
        title=f"Survival: share of {count(runs, 'simulated run')} (seed {seed})",
    )
    for phase in report.phases:
        sheet.add_row(f"reaches {phase}", *(f"{percent(s.reached[phase])}" for s in sims))
    sheet.add_row(
        "completes every phase", *(f"{percent(s.all_completed)}" for s in sims), style="bold"
    )
    for party in sims[0].expected_utility if sims else {}:
        sheet.add_row(f"expected payoff of {party}", *_payoffs(sims, party))
    return sheet


def _payoffs(sims: list[SimulationSummary], party: str) -> list[str]:
    return [f"{shown(s.expected_utility[party])}" for s in sims]

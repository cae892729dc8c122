"""Benchmark: how well every mediator finds the deal, under single text and shuttle talks.

For every registered mediator strategy x parties {boulware, conceder, opponent-model} (every
party the same) x the shipped ANAC domains (y2010 and y2011 bilateral, y2015 three-party: the
first three profiles) and the built-ins (`pie-split`, `river-basin`, `gaza-ceasefire-2024`
with Israel's corridor red line dropped, `discounted-split`) x {single-text, shuttle} x
`--seeds` seeds: `dragoman.negotiate` with the mediator at every mediator's seat the protocol
needs (a neutral one seated where the scenario has none), the parties reporting truthfully
(the default). Settings where no seat is stochastic give one session whatever the seed: seeds
0 and 1 run, are checked equal, and stand for the others (the hill-climber runs every seed).
Measured over the runs on domains with a zone of agreement: the agreement rate, the mean
Euclidean distance of the agreement to the Nash point, the share of agreements on the
Pareto frontier, and the mean steps to agreement (`NegotiationResult.assessment`).

Targets: every mediator agrees in >= 95% of the runs where a zone exists; `nash` agrees at the
Nash point under truthful reports; `hill-climber` and `one-text` agree within 0.1 of it on
average. The relay composes no text: under a single text, where nobody relays, it cannot agree
(its row says so), and its target is for shuttle talks.

Run:  python benchmarks/bench_mediation.py [--markdown] [--seeds 10] [--only NAME ...]
Not a pytest test; the ANAC data come from ../shared/data/anac (or DRAGOMAN_SHARED_DATA).
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dragoman.analysis.problem import bargaining_problem
from dragoman.io.genius import load_genius_folder
from dragoman.io.scenario_file import load_scenario
from dragoman.model.scenario import Scenario
from dragoman.negotiation.protocols.registry import make_protocol
from dragoman.runs.negotiation import NegotiationResult, negotiate
from dragoman.strategies.registry import mediator_names, strategy_class
from dragoman.strategies.seating import seat_mediators

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine_info import machine

PARTIES = ("boulware", "conceder", "opponent-model")
PROTOCOLS = ("single-text", "shuttle")
BILATERAL = ("y2010", "y2011")
THREE_PARTY = ("y2015",)
TARGET_RATE = 0.95
TARGET_DISTANCE = 0.1


@dataclass
class Cell:
    """The runs of one mediator, protocol and line-up on the domains with a zone."""

    runs: int = 0
    agreed: int = 0
    distances: list[float] | None = None
    on_frontier: int = 0
    steps: list[int] | None = None
    failures: dict[str, int] | None = None
    off_nash: dict[str, int] | None = None  # agreements away from the Nash point, by domain

    def add(self, domain: str, result: NegotiationResult) -> None:
        """Count one run."""
        self.distances = self.distances or []
        self.steps = self.steps or []
        self.failures = self.failures or {}
        self.off_nash = self.off_nash or {}
        self.runs += 1
        a = result.assessment
        if result.agreement is None or a is None:
            self.failures[domain] = self.failures.get(domain, 0) + 1
            return
        self.agreed += 1
        self.on_frontier += int(a.on_frontier)
        self.steps.append(result.steps)
        if not math.isnan(a.nash_distance):
            self.distances.append(a.nash_distance)
            if a.nash_distance > 1e-9:
                self.off_nash[domain] = self.off_nash.get(domain, 0) + 1

    def row(self) -> dict[str, str]:
        """The cell as table columns."""
        rate = self.agreed / self.runs if self.runs else math.nan
        mean = statistics.fmean(self.distances) if self.distances else math.nan
        frontier = self.on_frontier / self.agreed if self.agreed else math.nan
        steps = statistics.fmean(self.steps) if self.steps else math.nan
        return {
            "runs": str(self.runs),
            "agreement": f"{rate:.0%}",
            "Nash distance": "-" if math.isnan(mean) else f"{mean:.3f}",
            "on frontier": "-" if math.isnan(frontier) else f"{frontier:.0%}",
            "steps": "-" if math.isnan(steps) else f"{steps:.0f}",
        }


def anac_root() -> Path:
    """The `anac` data folder (DRAGOMAN_SHARED_DATA names the folder holding it)."""
    base = os.environ.get("DRAGOMAN_SHARED_DATA")
    parents = Path(__file__).resolve().parents
    return (Path(base) if base else parents[2] / "shared" / "data") / "anac"


def domains() -> Iterator[tuple[str, Scenario]]:
    """(name, scenario) of every domain benchmarked: the ANAC folders, then the built-ins."""
    root = anac_root()
    for year in (*BILATERAL, *THREE_PARTY):
        for folder in sorted((root / year).iterdir()):
            if folder.is_dir():
                yield f"{year}/{folder.name}", load_genius_folder(folder, max_profiles=3)
    for name in ("pie-split", "river-basin", "discounted-split"):
        yield name, load_scenario(name)
    gaza = load_scenario("gaza-ceasefire-2024")
    yield (
        "gaza (Israel's corridor dropped)",
        gaza.without_red_lines([("Israel", "philadelphi_corridor")]),
    )


def mediator_seats(scenario: Scenario, protocol: str, strategy: str) -> dict[str, str]:
    """`strategy` at every mediator's seat the protocol needs (none named: a neutral one)."""
    rules = make_protocol(protocol)
    seated, _ = seat_mediators(scenario, rules, {})
    needed = rules.seats_needed(seated)
    return {m.name: strategy for m in seated.mediators if m.name in needed}


def run(seeds: int, only: list[str]) -> tuple[dict[tuple[str, str, str], Cell], float, int]:
    """Every setting: the cells, the seconds taken and the runs skipped (no zone)."""
    cells: dict[tuple[str, str, str], Cell] = {}
    start, skipped = time.perf_counter(), 0
    strategies = [m for m in mediator_names() if not only or m in only]
    for name, scenario in domains():
        zone = bargaining_problem(scenario).zone.exists
        for protocol in PROTOCOLS:
            for strategy in strategies:
                mediators = mediator_seats(scenario, protocol, strategy)
                for parties in PARTIES:
                    cell = cells.setdefault((strategy, protocol, parties), Cell())
                    if not zone:
                        skipped += seeds
                        continue
                    for result in _sessions(
                        scenario, protocol, strategy, mediators, parties, seeds
                    ):
                        cell.add(name, result)
    return cells, time.perf_counter() - start, skipped


def _sessions(
    scenario: Scenario,
    protocol: str,
    strategy: str,
    mediators: dict[str, str],
    parties: str,
    seeds: int,
) -> list[NegotiationResult]:
    """The results of seeds 0..seeds-1. Where no seat draws on its generator (every strategy
    declares `stochastic: False`, which the conformance checks hold), every seed gives the
    same session: seeds 0 and 1 are run, checked equal, and stand for the rest."""
    agents = {p.name: parties for p in scenario.negotiators}
    fixed = not any(
        strategy_class(kind, name).traits["stochastic"]
        for kind, name in (("mediator", strategy), ("agent", parties))
    )
    ran = [
        negotiate(scenario, protocol, agents=agents, mediators=mediators, seed=seed)
        for seed in range(min(seeds, 2) if fixed else seeds)
    ]
    if fixed and len(ran) == 2:
        same = [(r.agreement, r.steps, r.status) for r in ran]
        assert same[0] == same[1], f"{strategy} with {parties} on {scenario.metadata.title}"
    return ran + [ran[0]] * (seeds - len(ran))


def table(cells: dict[tuple[str, str, str], Cell], markdown: bool) -> str:
    """One row per mediator, protocol and line-up; then one per mediator and protocol."""
    head = ["mediator", "protocol", "parties", "runs", "agreement", "Nash distance"]
    head += ["on frontier", "steps"]
    rows = [[*key, *cell.row().values()] for key, cell in sorted(cells.items())]
    for strategy, protocol in sorted({(k[0], k[1]) for k in cells}):
        total = Cell()
        for key, cell in cells.items():
            if key[:2] == (strategy, protocol):
                _merge(total, cell)
        rows.append([strategy, protocol, "all", *total.row().values()])
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(head)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*head), *(fmt.format(*r) for r in rows)])


def _merge(total: Cell, cell: Cell) -> None:
    """Add `cell`'s runs to `total`."""
    total.distances = (total.distances or []) + (cell.distances or [])
    total.steps = (total.steps or []) + (cell.steps or [])
    total.failures = dict(total.failures or {})
    total.off_nash = dict(total.off_nash or {})
    for domain, n in (cell.failures or {}).items():
        total.failures[domain] = total.failures.get(domain, 0) + n
    for domain, n in (cell.off_nash or {}).items():
        total.off_nash[domain] = total.off_nash.get(domain, 0) + n
    total.runs += cell.runs
    total.agreed += cell.agreed
    total.on_frontier += cell.on_frontier


def verdicts(cells: dict[tuple[str, str, str], Cell]) -> list[str]:
    """Each target, met or not, in words; and where the failures were."""
    lines = []
    for strategy, protocol in sorted({(k[0], k[1]) for k in cells}):
        total = Cell()
        for key, cell in cells.items():
            if key[:2] == (strategy, protocol):
                _merge(total, cell)
        rate = total.agreed / total.runs if total.runs else 0.0
        mean = statistics.fmean(total.distances) if total.distances else math.nan
        ok = "met" if rate >= TARGET_RATE else "NOT met"
        line = f"{strategy} / {protocol}: agreement {rate:.1%} ({ok}: >= 95%)"
        if strategy == "nash":
            off = sum((total.off_nash or {}).values())
            at = 1 - off / total.agreed if total.agreed else 0.0
            verdict = "met" if off == 0 else "NOT met"
            line += f"; at the Nash point in {at:.0%} of agreements ({verdict})"
            if off:
                line += " (off it on " + ", ".join(sorted(total.off_nash or {})) + ")"
        if strategy in ("hill-climber", "one-text"):
            met = "met" if mean <= TARGET_DISTANCE else "NOT met"
            line += f"; Nash distance {mean:.3f} ({met}: <= 0.1)"
        worst = sorted((total.failures or {}).items(), key=lambda kv: -kv[1])[:4]
        if worst:
            line += "; failures: " + ", ".join(f"{d} {n}" for d, n in worst)
        lines.append(line)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--seeds", type=int, default=10, help="seeds per setting")
    parser.add_argument("--only", nargs="*", default=[], help="only these mediators")
    args = parser.parse_args()
    cells, seconds, skipped = run(args.seeds, args.only)
    print(f"{date.today().isoformat()}; {machine(None)}")
    runs = sum(c.runs for c in cells.values())
    print(f"{runs} runs where a zone exists ({skipped} skipped: no zone) in {seconds:.0f} s")
    print(table(cells, args.markdown))
    print()
    for line in verdicts(cells):
        print(("- " if args.markdown else "") + line)


if __name__ == "__main__":
    main()

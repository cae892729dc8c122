"""Benchmark: negotiation throughput of the engine (sessions, alternating offers), against NegMAS.

Three parts, each printed as a Markdown table:

1. Dragoman alone on random scenarios (3 categorical issues x 10 values, 2 parties, seeded
   linear-additive preferences: Dirichlet weights, uniform scores scaled so each issue's best
   value scores 1; reservation value 0, no discount), `AlternatingOffers()`, deadline 100 seat
   steps, pairings Boulware-Conceder and Boulware-Boulware. Events are always recorded in
   memory; each configuration also runs with a `JsonlLog` sink (one log file per batch, closed,
   i.e. fsync'ed, inside the timer; each event is one write as it happens).
2. The same negotiations in NegMAS 0.16 (`SAOMechanism(outcome_space=..., n_steps=100)`,
   `BoulwareTBNegotiator` / `ConcederTBNegotiator`, `LinearAdditiveUtilityFunction`s holding the
   same utilities) against Dragoman with a comparable budget of 200 seat steps (see STEPS below).
3. The ANAC 2010 Travel domain (188,160 outcomes): per-negotiation set-up and run time.

Timing rules. "cold" Dragoman runs use freshly validated `Scenario` objects (built outside the
timer), so the timed run pays what a new scenario costs: the YAML text embedded in the start
event, compiling the utilities and the cached `.table` / `.ranking`. "warm" runs reuse the same
`Scenario` objects (a tournament replaying one scenario). NegMAS utility functions are built
outside the timer; its mechanisms and negotiators (which sort the outcome space on their first
proposal) are built inside. Each timing is the median over `--repeat` runs.

Agents. NegMAS's named curves are u(t) = 1 - t**4 (Boulware) and 1 - t**0.25 (Conceder), mapped
onto [min, max] of the ufun; Dragoman's `time-based` agent with `e = 1/4` and `e = 4` follows the
same curves (`best - (best - worst) * t**(1/e)`), so both systems run the same strategies.
(Dragoman's own `boulware` / `conceder` defaults are e = 0.2 and e = 2.)

Run:  python benchmarks/bench_engine.py                    (defaults: ~2 minutes on 2 cores)
      python benchmarks/bench_engine.py --negotiations 50 --repeat 1 --no-negmas
Not a pytest test.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from machine_info import machine

from dragoman.io.eventlog import JsonlLog
from dragoman.io.genius import load_genius
from dragoman.model.scenario import Scenario
from dragoman.negotiation import AlternatingOffers, Session
from dragoman.negotiation.events import EventKind
from dragoman.strategies import make_agent
from dragoman.utility.scenario import compiled

ISSUES, VALUES = 3, 10
PARTIES = ("A", "B")
#: NegMAS's deadline (steps: in each step every negotiator acts once, offering or accepting).
NEGMAS_STEPS = 100
#: Dragoman's step budget in part 1 ("deadline 100 steps", a step being one seat action) and
#: the budget comparable to NEGMAS_STEPS: in alternating offers a turn (accept, walk away or
#: counter-offer) is one seat step, so 100 NegMAS rounds of 2 turns = 200 seat steps, which
#: gives both parties the same time grid t = k/100 per own turn.
STEPS = {"native": 100, "comparable": 2 * NEGMAS_STEPS}
TRAVEL = Path(__file__).resolve().parents[1].parent / "shared/data/anac/y2010/Travel"
TRAVEL_FILES = ("travel_domain.xml", "travel_chox.xml", "travel_fanny.xml")


@dataclass(frozen=True)
class Pairing:
    """Two time-based agents, given by NegMAS's concession exponents (1 - t**exponent)."""

    name: str
    exponents: tuple[float, float]

    def dragoman_seats(self, parties: Sequence[str]) -> dict[str, Any]:
        """Dragoman agents with the same curves: e = 1 / exponent."""
        return {
            p: make_agent("time-based", e=1.0 / x)
            for p, x in zip(parties, self.exponents, strict=True)
        }

    def negmas_classes(self) -> list[type]:
        """`BoulwareTBNegotiator` (exponent 4) or `ConcederTBNegotiator` (0.25) per party."""
        from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator

        return [BoulwareTBNegotiator if x > 1 else ConcederTBNegotiator for x in self.exponents]


PAIRINGS = (Pairing("Boulware-Conceder", (4.0, 0.25)), Pairing("Boulware-Boulware", (4.0, 4.0)))


# --- random scenarios -------------------------------------------------------------------------
@dataclass(frozen=True)
class Spec:
    """One random bilateral scenario: weights (party, issue), scores (party, issue, value)."""

    weights: np.ndarray
    scores: np.ndarray


def make_specs(n: int, seed: int) -> list[Spec]:
    """`n` random scenarios from one seeded generator."""
    rng = np.random.default_rng(seed)
    specs = []
    for _ in range(n):
        weights = rng.dirichlet(np.ones(ISSUES), size=len(PARTIES))
        scores = rng.uniform(0.0, 1.0, size=(len(PARTIES), ISSUES, VALUES))
        scores /= scores.max(axis=2, keepdims=True)
        specs.append(Spec(weights, scores))
    return specs


def issue_name(i: int) -> str:
    """The name of issue `i` in both systems."""
    return f"issue{i}"


def value_name(j: int) -> str:
    """The label of value `j` in both systems."""
    return f"v{j}"


def dragoman_scenario(spec: Spec) -> Scenario:
    """A validated Dragoman scenario holding `spec`'s preferences."""
    issues = [
        {
            "kind": "categorical",
            "name": issue_name(i),
            "values": [value_name(j) for j in range(VALUES)],
        }
        for i in range(ISSUES)
    ]
    parties = []
    for k, party in enumerate(PARTIES):
        values = {
            issue_name(i): {
                "scores": {value_name(j): float(spec.scores[k, i, j]) for j in range(VALUES)}
            }
            for i in range(ISSUES)
        }
        weights = {issue_name(i): float(spec.weights[k, i]) for i in range(ISSUES)}
        prefs = {"weights": weights, "values": values, "reservation_value": 0.0}
        parties.append({"name": party, "preferences": prefs})
    metadata = {"title": "random 3x10", "description": "bench_engine random scenario"}
    return Scenario.from_data({"metadata": metadata, "issues": issues, "parties": parties})


def negmas_outcome_space() -> Any:
    """The NegMAS outcome space of the random scenarios (same issue and value names)."""
    from negmas.outcomes import make_issue, make_os

    values = [value_name(j) for j in range(VALUES)]
    return make_os([make_issue(values, name=issue_name(i)) for i in range(ISSUES)])


def negmas_ufuns(spec: Spec, outcome_space: Any) -> list[Any]:
    """NegMAS `LinearAdditiveUtilityFunction`s equal to the Dragoman utilities of `spec`."""
    from negmas.preferences import LinearAdditiveUtilityFunction

    ufuns = []
    for k in range(len(PARTIES)):
        values = {
            issue_name(i): {value_name(j): float(spec.scores[k, i, j]) for j in range(VALUES)}
            for i in range(ISSUES)
        }
        weights = {issue_name(i): float(spec.weights[k, i]) for i in range(ISSUES)}
        ufuns.append(
            LinearAdditiveUtilityFunction(
                values=values, weights=weights, outcome_space=outcome_space, reserved_value=0.0
            )
        )
    return ufuns


def utility_scale(scenario: Scenario, ufuns: Sequence[Any], sample: int | None = None) -> str:
    """How NegMAS's utilities relate to Dragoman's on all outcomes (or a seeded sample): the
    factor c in U_negmas = c * U_dragoman and the largest deviation from it, per party."""
    space = scenario.outcome_space
    if sample is None or sample >= space.size:
        indices = np.arange(space.size)
    else:
        indices = np.random.default_rng(0).choice(space.size, size=sample, replace=False)
    outcomes = [tuple(space.outcome(int(i)).values()) for i in indices]
    parts = []
    for utility, ufun in zip(compiled(scenario).utilities, ufuns, strict=True):
        ours = utility.table[indices]
        theirs = np.array([float(ufun(o)) for o in outcomes])
        c = float(theirs.max() / ours.max())
        parts.append(
            f"c = {c:.6g}, max |U_negmas - c U| / c = {np.abs(theirs - c * ours).max() / c:.1g}"
        )
    return "; ".join(parts)


# --- running batches --------------------------------------------------------------------------
@dataclass
class Tally:
    """What a batch of negotiations did, and how long it took."""

    negotiations: int = 0
    steps: int = 0
    offers: int = 0
    agreements: int = 0
    utility_sums: list[float] = field(default_factory=lambda: [0.0, 0.0])
    seconds: list[float] = field(default_factory=list)

    def add(self, steps: int, offers: int, utilities: Sequence[float] | None) -> None:
        """Count one negotiation (`utilities` None: no agreement)."""
        self.negotiations += 1
        self.steps += steps
        self.offers += offers
        if utilities is not None:
            self.agreements += 1
            for k, u in enumerate(utilities):
                self.utility_sums[k] += u

    @property
    def median_s(self) -> float:
        """Median wall time of one batch."""
        return statistics.median(self.seconds)

    def per_second(self, count: int) -> float:
        """`count` (per batch) divided by the median batch time."""
        return count / self.median_s

    def mean_utilities(self) -> str:
        """Mean agreement utility of each party, e.g. "0.912 / 0.634"."""
        if not self.agreements:
            return "-"
        return " / ".join(f"{s / self.agreements:.3f}" for s in self.utility_sums)


def run_dragoman(
    scenarios: Sequence[Scenario], pairing: Pairing, steps: int, log: Path | None
) -> tuple[float, list[Any]]:
    """Run one negotiation per scenario; wall time (log opened and closed inside) and results."""
    protocol = AlternatingOffers()
    gc.collect()
    start = time.perf_counter()
    sink = JsonlLog(log) if log is not None else None
    sinks = (sink,) if sink is not None else ()
    results = []
    for k, scenario in enumerate(scenarios):
        seats = pairing.dragoman_seats(PARTIES)
        session = Session(scenario, protocol, seats, seed=k, total_steps=steps, sinks=sinks)
        results.append(session.run())
    if sink is not None:
        sink.close()
    return time.perf_counter() - start, results


def tally_dragoman(results: Sequence[Any]) -> Tally:
    """Counts from Dragoman session results (offers = OFFER events)."""
    tally = Tally()
    for r in results:
        offers = sum(1 for e in r.events if e.kind == EventKind.OFFER)
        agreed = [r.utilities[p] for p in PARTIES] if r.status == "agreement" else None
        tally.add(r.steps, offers, agreed)
    return tally


def run_negmas(
    ufun_pairs: Sequence[list[Any]], outcome_space: Any, pairing: Pairing
) -> tuple[float, list[Any]]:
    """Run one SAOMechanism per ufun pair; wall time and the finished mechanisms."""
    from negmas.sao import SAOMechanism

    classes = pairing.negmas_classes()
    gc.collect()
    start = time.perf_counter()
    mechanisms = []
    for ufuns in ufun_pairs:
        mechanism = SAOMechanism(outcome_space=outcome_space, n_steps=NEGMAS_STEPS)
        for party, cls, ufun in zip(PARTIES, classes, ufuns, strict=True):
            mechanism.add(cls(name=party), ufun=ufun)
        mechanism.run()
        mechanisms.append(mechanism)
    return time.perf_counter() - start, mechanisms


def tally_negmas(mechanisms: Sequence[Any], ufun_pairs: Sequence[list[Any]]) -> Tally:
    """Counts from finished NegMAS mechanisms (offers = length of the trace)."""
    tally = Tally()
    for m, ufuns in zip(mechanisms, ufun_pairs, strict=True):
        agreement = m.state.agreement
        agreed = None if agreement is None else [float(u(agreement)) for u in ufuns]
        tally.add(m.state.step, len(m.trace), agreed)
    return tally


def bench_dragoman(
    specs: Sequence[Spec], pairing: Pairing, steps: int, repeat: int, tmp: Path
) -> dict[str, Tally]:
    """Cold/warm x memory/JSONL tallies for one pairing and budget (median over repeats)."""
    tallies: dict[str, Tally] = {}
    for r in range(repeat):
        for sink in ("memory", "JSONL"):
            scenarios = [dragoman_scenario(s) for s in specs]  # fresh: cold caches
            for state in ("cold", "warm"):
                log = tmp / f"{pairing.name}-{steps}-{r}-{sink}-{state}.jsonl"
                seconds, results = run_dragoman(
                    scenarios, pairing, steps, log if sink == "JSONL" else None
                )
                key = f"{state}, {sink}"
                if key not in tallies:
                    tallies[key] = tally_dragoman(results)
                tallies[key].seconds.append(seconds)
                log.unlink(missing_ok=True)
    return tallies


def bench_negmas(specs: Sequence[Spec], pairing: Pairing, repeat: int) -> Tally:
    """NegMAS tally for one pairing (fresh ufuns per repeat, built outside the timer)."""
    outcome_space = negmas_outcome_space()
    tally: Tally | None = None
    for _ in range(repeat):
        ufun_pairs = [negmas_ufuns(s, outcome_space) for s in specs]
        seconds, mechanisms = run_negmas(ufun_pairs, outcome_space, pairing)
        if tally is None:
            tally = tally_negmas(mechanisms, ufun_pairs)
        tally.seconds.append(seconds)
    assert tally is not None
    return tally


# --- the ANAC Travel domain -------------------------------------------------------------------
@dataclass
class Timings:
    """Per-negotiation timings (seconds) of one system on one domain."""

    construct: list[float] = field(default_factory=list)
    first: list[float] = field(default_factory=list)
    rest: list[float] = field(default_factory=list)
    steps: list[int] = field(default_factory=list)
    offers: list[int] = field(default_factory=list)
    agreed: list[bool] = field(default_factory=list)

    def add(self, marks: Sequence[float], steps: int, offers: int, agreed: bool) -> None:
        """Record one negotiation from its four time marks (start, built, set up, ended)."""
        self.construct.append(marks[1] - marks[0])
        self.first.append(marks[2] - marks[1])
        self.rest.append(marks[3] - marks[2])
        self.steps.append(steps)
        self.offers.append(offers)
        self.agreed.append(agreed)

    def setup_ms(self) -> float:
        """Median of construction + first exchange, ms."""
        return 1e3 * statistics.median(
            c + f for c, f in zip(self.construct, self.first, strict=True)
        )

    def total_ms(self) -> float:
        """Median of the whole negotiation, ms."""
        parts = zip(self.construct, self.first, self.rest, strict=True)
        return 1e3 * statistics.median(sum(p) for p in parts)


def travel_paths() -> tuple[Path, list[Path]]:
    """The Travel domain file and its two profiles."""
    domain, *profiles = (TRAVEL / name for name in TRAVEL_FILES)
    return domain, profiles


def dragoman_travel(pairing: Pairing, n: int, repeat: int) -> tuple[Timings, Timings, list[float]]:
    """Per repeat: load Travel afresh, then `n` negotiations; (first ones, later ones, loads).

    Set-up = Session construction + the first two seat steps (each party has acted once, as in
    one NegMAS step); the first negotiation's first steps compute the cached table and ranking.
    """
    domain, profiles = travel_paths()
    first, later, loads = Timings(), Timings(), []
    for _ in range(repeat):
        start = time.perf_counter()
        scenario = load_genius(domain, profiles)
        loads.append(time.perf_counter() - start)
        parties = [p.name for p in scenario.negotiators]
        for k in range(n):
            gc.collect()
            t0 = time.perf_counter()
            seats = pairing.dragoman_seats(parties)
            session = Session(
                scenario, AlternatingOffers(), seats, seed=k, total_steps=STEPS["comparable"]
            )
            t1 = time.perf_counter()
            if session.step():
                session.step()
            t2 = time.perf_counter()
            result = session.run()
            t3 = time.perf_counter()
            offers = sum(1 for e in result.events if e.kind == EventKind.OFFER)
            (first if k == 0 else later).add(
                (t0, t1, t2, t3), result.steps, offers, result.status == "agreement"
            )
    return first, later, loads


def negmas_travel_scenario() -> tuple[Any, float, str]:
    """Travel loaded by NegMAS's GENIUS loader; (scenario, load s, utility scale vs Dragoman)."""
    from negmas.inout import Scenario as NegmasScenario

    domain, profiles = travel_paths()
    start = time.perf_counter()
    scenario = NegmasScenario.from_genius_files(domain, profiles, ignore_discount=True)
    load = time.perf_counter() - start
    return scenario, load, utility_scale(load_genius(domain, profiles), scenario.ufuns, 2000)


def negmas_travel(scenario: Any, pairing: Pairing, n: int) -> Timings:
    """`n` NegMAS negotiations on the loaded Travel scenario.

    Set-up = creating the mechanism and negotiators + its first step (each negotiator acts once;
    the time-based negotiators build their sorted outcome lists there).
    """
    from negmas.sao import SAOMechanism

    timings = Timings()
    classes = pairing.negmas_classes()
    for _ in range(n):
        gc.collect()
        t0 = time.perf_counter()
        mechanism = SAOMechanism(outcome_space=scenario.outcome_space, n_steps=NEGMAS_STEPS)
        for name, cls, ufun in zip(PARTIES, classes, scenario.ufuns, strict=True):
            mechanism.add(cls(name=name), ufun=ufun)
        t1 = time.perf_counter()
        mechanism.step()
        t2 = time.perf_counter()
        mechanism.run()
        t3 = time.perf_counter()
        agreed = mechanism.state.agreement is not None
        timings.add((t0, t1, t2, t3), mechanism.state.step, len(mechanism.trace), agreed)
    return timings


# --- tables -----------------------------------------------------------------------------------
def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A Markdown table with a bold title line."""
    print(f"\n**{title}**\n")
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join("---" if k == 0 else "---:" for k in range(len(headers))) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def fmt(x: float) -> str:
    """A rate or time with a sensible number of digits."""
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:.3g}" if x >= 1 else f"{x:.3f}"


def throughput_row(label: Sequence[str], t: Tally, ratio_to: Tally | None = None) -> list[str]:
    """negotiations/s, offers/s, steps/s, means and (optionally) ratios to another tally."""
    n = t.negotiations
    row = [
        *label,
        fmt(t.per_second(n)),
        fmt(t.per_second(t.offers)),
        fmt(t.per_second(t.steps)),
        f"{t.steps / n:.1f}",
        f"{t.offers / n:.1f}",
        f"{t.agreements / n:.0%}",
        t.mean_utilities(),
    ]
    if ratio_to is not None:
        row.append(f"{t.per_second(n) / ratio_to.per_second(ratio_to.negotiations):.1f}x")
        row.append(f"{t.per_second(t.offers) / ratio_to.per_second(ratio_to.offers):.1f}x")
    return row


TALLY_HEADERS = (
    "negotiations/s",
    "offers/s",
    "own steps/s",
    "steps/neg",
    "offers/neg",
    "agree",
    "mean U (A / B)",
)


def part_one(specs: Sequence[Spec], repeat: int, tmp: Path) -> None:
    """Dragoman alone, native 100-step deadline."""
    rows = []
    for pairing in PAIRINGS:
        tallies = bench_dragoman(specs, pairing, STEPS["native"], repeat, tmp)
        rows += [throughput_row([pairing.name, key], t) for key, t in tallies.items()]
    headers = ("pairing", "scenario caches, events", *TALLY_HEADERS)
    title = f"Part 1: Dragoman, {len(specs)} random 3x10 scenarios, {STEPS['native']} seat steps"
    print_table(title, headers, rows)


def part_two(specs: Sequence[Spec], negmas_specs: Sequence[Spec], repeat: int, tmp: Path) -> None:
    """Dragoman (200 seat steps) against NegMAS (100 steps) on the same scenarios."""
    rows = []
    for pairing in PAIRINGS:
        theirs = bench_negmas(negmas_specs, pairing, repeat)
        rows.append(throughput_row([pairing.name, f"NegMAS, {NEGMAS_STEPS} steps"], theirs, theirs))
        ours = bench_dragoman(specs, pairing, STEPS["comparable"], repeat, tmp)
        for key, t in ours.items():
            rows.append(
                throughput_row(
                    [pairing.name, f"Dragoman {STEPS['comparable']} steps, {key}"], t, theirs
                )
            )
    headers = ("pairing", "system", *TALLY_HEADERS, "x negotiations/s", "x offers/s")
    title = f"Part 2: Dragoman ({len(specs)} negotiations) vs NegMAS ({len(negmas_specs)})"
    print_table(title, headers, rows)


def travel_row(pairing: Pairing, label: str, t: Timings, theirs: Timings | None) -> list[str]:
    """One row of the Travel table: median timings (ms) and the NegMAS / this ratios."""
    ratio = ["-", "-"]
    if theirs is not None and t is not theirs:
        ratio = [
            f"{theirs.setup_ms() / t.setup_ms():,.0f}x",
            f"{theirs.total_ms() / t.total_ms():,.0f}x",
        ]
    return [
        pairing.name,
        label,
        str(len(t.construct)),
        f"{1e3 * statistics.median(t.construct):.3f}",
        f"{1e3 * statistics.median(t.first):.3f}",
        f"{t.setup_ms():.3f}",
        f"{1e3 * statistics.median(t.rest):.3f}",
        f"{t.total_ms():.3f}",
        f"{statistics.median(t.steps):.0f} / {statistics.median(t.offers):.0f}",
        f"{sum(t.agreed) / len(t.agreed):.0%}",
        *ratio,
    ]


def part_three(n: int, n_negmas: int, repeat: int, negmas: bool) -> None:
    """The Travel domain: set-up and run per negotiation."""
    rows, notes, all_loads = [], [], []
    scenario = None
    if negmas:
        scenario, load, scale = negmas_travel_scenario()
        notes.append(f"NegMAS `Scenario.from_genius_files`: {1e3 * load:.1f} ms (once)")
        notes.append(f"NegMAS utilities = c x Dragoman's (2,000 sampled outcomes): {scale}")
    for pairing in PAIRINGS:
        first, later, loads = dragoman_travel(pairing, n, repeat)
        all_loads += loads
        theirs = negmas_travel(scenario, pairing, n_negmas) if scenario is not None else None
        rows.append(travel_row(pairing, "Dragoman, 1st on a new scenario", first, theirs))
        rows.append(travel_row(pairing, "Dragoman, later", later, theirs))
        if theirs is not None:
            rows.append(travel_row(pairing, "NegMAS", theirs, theirs))
    headers = (
        "pairing", "system", "n", "construct ms", "first exchange ms", "set-up ms",
        "rest of run ms", "total ms", "steps / offers", "agree", "set-up: NegMAS / this",
        "total: NegMAS / this",
    )  # fmt: skip
    print_table(
        "Part 3: ANAC 2010 Travel (188,160 outcomes), medians per negotiation", headers, rows
    )
    notes.append(f"Dragoman `load_genius`: {1e3 * statistics.median(all_loads):.1f} ms (median)")
    for note in notes:
        print(f"- {note}")


# --- main -------------------------------------------------------------------------------------
def negmas_version() -> str | None:
    """The installed NegMAS version, or None when it does not import."""
    try:
        import negmas
    except ImportError:
        return None
    return str(negmas.__version__)


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (other work on the machine skews timings)."""
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def warm_up(specs: Sequence[Spec], negmas: bool, tmp: Path) -> None:
    """One untimed run of each code path (imports, first-call caches), on spare scenarios."""
    for pairing in PAIRINGS:
        run_dragoman(
            [dragoman_scenario(s) for s in specs], pairing, STEPS["native"], tmp / "warm.jsonl"
        )
        if negmas:
            space = negmas_outcome_space()
            run_negmas([negmas_ufuns(s, space) for s in specs], space, pairing)


def check_utilities(spec: Spec) -> str:
    """How the two systems' utilities compare on one random scenario (every outcome)."""
    return utility_scale(dragoman_scenario(spec), negmas_ufuns(spec, negmas_outcome_space()))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--negotiations", type=int, default=200, help="random negotiations per batch"
    )
    parser.add_argument(
        "--negmas-negotiations",
        type=int,
        default=None,
        help="NegMAS random negotiations (default: same)",
    )
    parser.add_argument("--travel-negotiations", type=int, default=50, help="Dragoman, per repeat")
    parser.add_argument("--travel-negmas", type=int, default=20, help="NegMAS Travel negotiations")
    parser.add_argument("--repeat", type=int, default=5, help="batches per timing (median)")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--no-negmas", action="store_true", help="do not run NegMAS")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Run the three parts and print their tables."""
    args = parse_args(argv)
    version = negmas_version()
    negmas = not args.no_negmas and version is not None
    print(machine(version))
    command = " ".join(["python", *sys.argv])
    print(f"{time.strftime('%Y-%m-%d %H:%M %Z')}; command: {command}; {load_average()}")
    n_negmas = args.negmas_negotiations or args.negotiations
    print(
        f"seed {args.seed}, repeat {args.repeat}; random: Dragoman {args.negotiations} negotiations"
        + (f", NegMAS {n_negmas}" if negmas else "")
        + f"; Travel: Dragoman {args.travel_negotiations} per repeat"
        + (f", NegMAS {args.travel_negmas} (limited: ~1 s each)" if negmas else "")
    )
    if not args.no_negmas and not negmas:
        print("negmas does not import: NegMAS rows left out")
    specs = make_specs(args.negotiations, args.seed)
    spare = make_specs(5, args.seed + 1)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        warm_up(spare, negmas, tmp)
        if negmas:
            print(
                f"random scenario 0, NegMAS utilities = c x Dragoman's: {check_utilities(specs[0])}"
            )
        part_one(specs, args.repeat, tmp)
        if negmas:
            part_two(specs, specs[:n_negmas], args.repeat, tmp)
        if TRAVEL.is_dir():
            part_three(args.travel_negotiations, args.travel_negmas, args.repeat, negmas)
        else:
            print(f"\nPart 3 skipped: no Travel domain at {TRAVEL}")
    print(f"\ntotal wall time {time.perf_counter() - start:.0f} s; {load_average()}")


if __name__ == "__main__":
    main()

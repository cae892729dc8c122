"""Benchmark: the implementation simulation of the flagship's phased agreement, runs per second.

Builds the simulation model of `gaza-ceasefire-2024`'s Nash agreement (red lines set aside, as
`dragoman implement` does; guarantees in force: 19 weeks, 14 moves, 2 spoilers), then times
`dragoman.phases.simulate(model, runs, np.random.default_rng(seed))` at each run count: the median
of `--repeat` runs after one untimed warm-up. Also times the whole `assess_implementation` (three
guarantee settings plus five sequencing alternatives, 13 simulations) at 1e5 runs.

Run:  python benchmarks/bench_phases.py                 (defaults: 1e3 1e4 1e5 1e6, ~1 minute)
      python benchmarks/bench_phases.py --runs 1e5 --repeat 3 --markdown
Not a pytest test.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import time

import numpy as np

from dragoman import load_scenario
from dragoman.phases import (
    assess_implementation,
    build_schedule,
    choose_solution,
    phase_stakes,
    simulate,
    simulation_model,
    study_compliance,
)
from dragoman.phases.simulation import SimulationModel


def flagship_model() -> SimulationModel:
    """The flagship's Nash agreement with the guarantees in force."""
    scenario = load_scenario("gaza-ceasefire-2024")
    schedule = build_schedule(scenario, choose_solution(scenario).outcome)
    imp = scenario.implementation
    assert imp is not None
    analysis = study_compliance(schedule, phase_stakes(scenario, schedule), imp.compliance_noise)
    return simulation_model(analysis, imp, analysis.guarantees("in force"))


def time_runs(model: SimulationModel, runs: int, repeat: int, seed: int) -> tuple[float, float]:
    """Median seconds of `repeat` simulations of `runs` runs, and P(every phase completed)."""
    simulate(model, runs, np.random.default_rng(seed))  # warm-up
    times, done = [], 0.0
    for k in range(repeat):
        start = time.perf_counter()
        result = simulate(model, runs, np.random.default_rng(seed + k))
        times.append(time.perf_counter() - start)
        done = float(result.completed[-1])
    return statistics.median(times), done


def time_report(runs: int, seed: int) -> float:
    scenario = load_scenario("gaza-ceasefire-2024")
    agreement = choose_solution(scenario)
    start = time.perf_counter()
    assess_implementation(scenario, agreement, runs=runs, seed=seed)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", nargs="+", type=float, default=[1e3, 1e4, 1e5, 1e6])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20240815)
    parser.add_argument("--markdown", action="store_true", help="print a markdown table")
    args = parser.parse_args()
    model = flagship_model()
    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, numpy {np.__version__}; flagship: "
        f"{model.weeks} weeks, {len(model.mover)} moves, {len(model.spoilers)} spoilers"
    )
    rows = []
    for runs in (int(r) for r in args.runs):
        seconds, done = time_runs(model, runs, args.repeat, args.seed)
        rows.append((f"{runs:,}", f"{seconds:.4f}", f"{runs / seconds:,.0f}", f"{done:.3f}"))
    report_s = time_report(100_000, args.seed)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    header = ("runs", "median s", "runs/s", "P(all phases)")
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---:|" * len(header))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        print("".join(f"{h:>16}" for h in header))
        for row in rows:
            print("".join(f"{c:>16}" for c in row))
    print(f"full implementation report at 100,000 runs (13 simulations): {report_s:.2f} s")
    print(f"peak resident memory of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()

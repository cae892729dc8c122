"""Benchmark: tournaments and uncertainty studies, side by side with NegMAS in one run.

Parts, each printed as a Markdown table:

1. NegMAS's own cells: competitors Boulware, Conceder, Linear, naive tit-for-tat and MiCRO on
   the GENIUS domains y2011/Camera, y2010/ItexvsCypress and y2011/Laptop, preferences rotated,
   self-play, 100 NegMAS steps (200 Dragoman steps: one per turn), undiscounted, `--reps`
   repetitions: `negmas.tournaments.cartesian_tournament` (serial, `njobs=-1`, and on 2
   processes, `njobs=2`) against `dragoman.tournament(examples/negmas-cells.yaml)` on the general
   engine and on the batched engine (oblivious agents' plans, tit-for-tat and MiCRO in
   lockstep), 1 and 2 workers. Then the oblivious cells alone (Boulware, Conceder, Linear),
   NegMAS against the batched engine.
   Part 1b: the batched engine at scale (all five, 100 repetitions: 15,000 negotiations; the
   oblivious cells, 400 repetitions: 21,600), against NegMAS's serial rate on all five in
   part 1 (`--negmas-rate`). Part 1c: 21,600 distinct negotiations of 60 time-based agents
   (no two rows alike), against NegMAS's serial rate on the oblivious cells (`--negmas-oblivious`).
2. Parallel efficiency of a tournament of >= 10,000 negotiations (the same cells, repeated):
   rate on 2 workers / (2 x rate on 1 worker), general and batched engines.
3. Ray: the overhead of one task on a local cluster (`ray.init(num_cpus=2)`), and the
   tournament of part 2 on it.
4. The uncertainty study of the flagship: 10,000 samples (ZOPA, blocking, Nash, implementation
   survival) on 2 workers, no Sobol design; 2,000 on 1 and 2 workers; 2,000 plus a Sobol
   design of base 256 (2,560 more rows) on 2 workers.

Rates are negotiations (or samples) per second of wall time, each the median of `--repeat`
runs; every Dragoman rate includes the pool's start and the results table.

Run:  python benchmarks/bench_experiments.py               (about 3 minutes on 2 cores)
      python benchmarks/bench_experiments.py --quick       (a smoke run)
Not a pytest test.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from machine_info import machine

from dragoman.experiments.config import load_config
from dragoman.experiments.tournament import tournament
from dragoman.experiments.uncertainty import uncertainty

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "examples" / "negmas-cells.yaml"
DOMAINS = ("y2011/Camera", "y2010/ItexvsCypress", "y2011/Laptop")
OBLIVIOUS = ("time-based:e=0.25", "time-based:e=4", "linear")


def _median(run: Callable[[], float], repeat: int) -> float:
    return statistics.median(run() for _ in range(repeat))


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (pool workers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(run: Callable[[], int]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, count) of one run."""
    wall, cpu = time.perf_counter(), _cpu()
    count = run()
    return time.perf_counter() - wall, _cpu() - cpu, count


def negmas_rate(reps: int, njobs: int, oblivious_only: bool) -> tuple[float, int]:
    """NegMAS's cartesian tournament: negotiations per second and how many ran."""
    from negmas.inout import Scenario
    from negmas.sao.negotiators import (
        BoulwareTBNegotiator,
        ConcederTBNegotiator,
        LinearTBNegotiator,
        MiCRONegotiator,
        NaiveTitForTatNegotiator,
    )
    from negmas.tournaments.neg import cartesian_tournament

    data = (CONFIG.parent / load_config(CONFIG).scenarios[0]).resolve().parents[1]
    scenarios = [Scenario.from_genius_folder(data / d, ignore_discount=True) for d in DOMAINS]
    competitors: list[Any] = [BoulwareTBNegotiator, ConcederTBNegotiator, LinearTBNegotiator]
    if not oblivious_only:
        competitors += [NaiveTitForTatNegotiator, MiCRONegotiator]
    start = time.perf_counter()
    results = cartesian_tournament(
        competitors=competitors, scenarios=scenarios, n_repetitions=reps, n_steps=100,
        njobs=njobs, verbosity=0, rotate_ufuns=True, self_play=True, save_stats=False,
        save_scenario_figs=False, path=None,
    )  # fmt: skip
    return len(results.details) / (time.perf_counter() - start), len(results.details)


def dragoman_rate(reps: int, workers: int, engine: str, agents: tuple[str, ...] | None) -> float:
    """Dragoman's tournament of the same cells: negotiations per second."""
    config = load_config(CONFIG)
    data = config.model_dump()
    data.update(repetitions=reps, engine=engine)
    if agents is not None:
        data["agents"] = list(agents)
    from dragoman.experiments.config import parse_config

    start = time.perf_counter()
    result = tournament(parse_config(data, base=config.base), workers=workers)
    return result.table.num_rows / (time.perf_counter() - start)


def part1(reps: int, repeat: int) -> list[str]:
    rows = ["| system | cells | processes | negotiations | negotiations/s | x NegMAS serial |",
            "|---|---|---:|---:|---:|---:|"]  # fmt: skip
    for oblivious in (False, True):
        label = "oblivious (Boulware, Conceder, Linear)" if oblivious else "all five"
        base, n = negmas_rate(reps, -1, oblivious)
        rows.append(f"| NegMAS cartesian_tournament | {label} | 1 | {n:,} | {base:,.1f} | 1x |")
        two, _ = negmas_rate(reps, 2, oblivious)
        rows.append(f"| NegMAS cartesian_tournament | {label} | 2 | {n:,} | {two:,.1f} | "
                    f"{two / base:.1f}x |")  # fmt: skip
        engines = ("batched",) if oblivious else ("general", "batched")
        agents = OBLIVIOUS if oblivious else None
        for engine in engines:
            for workers in (1, 2):
                rate = _median(
                    lambda e=engine, w=workers, a=agents: dragoman_rate(reps, w, e, a), repeat
                )
                rows.append(f"| Dragoman, {engine} engine | {label} | {workers} | {n:,} | "
                            f"{rate:,.0f} | {rate / base:,.0f}x |")  # fmt: skip
        print("\n".join(rows), flush=True)
    return rows


def part1b(reps: int, repeat: int, negmas: float | None) -> list[str]:
    """The batched engine at scale: all five competitors' cells repeated `reps // 4` times,
    the oblivious cells `reps` times."""
    rows = ["| cells | negotiations | workers | negotiations/s | x NegMAS serial (this part's) |",
            "|---|---:|---:|---:|---:|"]  # fmt: skip
    if negmas is None:
        negmas, _ = negmas_rate(1, -1, False)
    for label, agents, count, per in (("all five", None, reps // 4, 150),
                                      ("oblivious", OBLIVIOUS, reps, 54)):  # fmt: skip
        for workers in (1, 2):
            rate = _median(
                lambda w=workers, a=agents, n=count: dragoman_rate(n, w, "batched", a), repeat
            )
            rows.append(f"| {label} | {per * count:,} | {workers} | {rate:,.0f} | "
                        f"{rate / negmas:,.0f}x |")  # fmt: skip
    return rows


def part1c(repeat: int, negmas: float | None) -> list[str]:
    """The batched engine on distinct negotiations only: 60 time-based agents (exponents
    log-spaced from 0.1 to 10) in every pairing, rotated, on the three domains (21,600
    negotiations, no two alike, so none is run once for several rows)."""
    agents = tuple(f"time-based:e={e:.6g}" for e in np.geomspace(0.1, 10, 60))
    if negmas is None:
        negmas, _ = negmas_rate(1, -1, True)
    rows = ["| negotiations | workers | negotiations/s | x NegMAS serial (oblivious, here) |",
            "|---:|---:|---:|---:|"]  # fmt: skip
    for workers in (1, 2):
        rate = _median(lambda w=workers: dragoman_rate(1, w, "batched", agents), repeat)
        rows.append(f"| {6 * 60 * 60:,} | {workers} | {rate:,.0f} | {rate / negmas:,.0f}x |")
    return rows


def _tournament_rows(reps: int, workers: int, engine: str) -> int:
    config = load_config(CONFIG)
    data = {**config.model_dump(), "repetitions": reps, "engine": engine}
    from dragoman.experiments.config import parse_config

    return tournament(parse_config(data, base=config.base), workers=workers).table.num_rows


def part2(reps: int) -> list[str]:
    """Wall-clock efficiency (what an idle machine shows) and CPU efficiency (the work lost to
    running in parallel: CPU seconds on 1 worker / CPU seconds of all processes on 2)."""
    rows = ["| negotiations | engine | workers | wall s | CPU s | negotiations/s (wall) | "
            "negotiations per CPU s |", "|---:|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    found = {}
    for engine in ("general", "batched"):
        for workers in (1, 2):
            wall, cpu, n = _timed(lambda w=workers, e=engine: _tournament_rows(reps, w, e))
            found[engine, workers] = (wall, cpu)
            rows.append(f"| {n:,} | {engine} | {workers} | {wall:.1f} | {cpu:.1f} | "
                        f"{n / wall:,.0f} | {n / cpu:,.0f} |")  # fmt: skip
        (w1, c1), (w2, c2) = found[engine, 1], found[engine, 2]
        rows.append(f"| | {engine}: efficiency on 2 workers | | wall {w1 / (2 * w2):.0%} | "
                    f"CPU {c1 / c2:.0%} | | |")  # fmt: skip
    return rows


def part3(reps: int) -> list[str]:
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    noop = ray.remote(num_cpus=1)(lambda x: x)
    ray.get([noop.remote(0) for _ in range(50)])  # warm the workers
    count = 2_000
    start = time.perf_counter()
    ray.get([noop.remote(k) for k in range(count)])
    per_task = (time.perf_counter() - start) / count
    config = load_config(CONFIG)
    data = {**config.model_dump(), "repetitions": reps, "engine": "general"}
    from dragoman.experiments.config import parse_config

    start = time.perf_counter()
    result = tournament(parse_config(data, base=config.base), backend="ray")
    rate = result.table.num_rows / (time.perf_counter() - start)
    ray.shutdown()
    return ["| measure | value |", "|---|---:|",
            f"| one empty task, 2,000 in flight (ms per task) | {per_task * 1000:.2f} |",
            f"| tournament of {result.table.num_rows:,} on Ray, 2 CPUs (negotiations/s) | "
            f"{rate:,.0f} |"]  # fmt: skip


def part4(samples: int) -> list[str]:
    rows = [
        "| samples | Sobol base | workers | wall s | samples/s | CPU s | CPU s / 2 cores |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    small = max(1, samples // 5)
    for n, base, workers in ((samples, 0, 2), (small, 0, 1), (small, 0, 2), (small, 256, 2)):
        wall, cpu = time.perf_counter(), _cpu()
        r = uncertainty("gaza-ceasefire-2024", samples=n, seed=1, sensitivity=base,
                        workers=workers)  # fmt: skip
        seconds, cpu = time.perf_counter() - wall, _cpu() - cpu
        total = n + (base * (len(r.sensitivity) + 2) if base else 0)
        rows.append(f"| {total:,} | {base} | {workers} | {seconds:.1f} | {total / seconds:,.0f} | "
                    f"{cpu:.1f} | {cpu / 2:.1f} |")  # fmt: skip
        print(rows[-1], flush=True)
        print(f"P(ZOPA) = {r.summary.p_zopa:.3f}; top 3: {r.summary.influential[:3]}", flush=True)
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small counts (a smoke run)")
    parser.add_argument("--reps", type=int, default=4, help="repetitions in part 1")
    parser.add_argument("--repeat", type=int, default=3, help="runs per Dragoman rate")
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--only", choices=["1", "1b", "1c", "2", "3", "4"], help="one part")
    parser.add_argument("--negmas-rate", type=float, help="part 1b: NegMAS's serial rate")
    parser.add_argument(
        "--negmas-oblivious", type=float, help="part 1c: NegMAS's serial rate, oblivious cells"
    )
    args = parser.parse_args(argv)
    big = 67  # 150 cells x 67 = 10,050 negotiations
    if args.quick:
        args.reps, args.repeat, args.samples, big = 1, 1, 300, 2
    import negmas

    print(machine(negmas.__version__))
    print(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), flush=True)
    for key, title, part in (
        ("1", "Part 1: NegMAS's own cells", lambda: part1(args.reps, args.repeat)),
        (
            "1b",
            "Part 1b: the batched engine at scale",
            lambda: part1b(400 if not args.quick else 2, args.repeat, args.negmas_rate),
        ),
        (
            "1c",
            "Part 1c: the batched engine on distinct negotiations",
            lambda: part1c(args.repeat, args.negmas_oblivious),
        ),
        ("2", "Part 2: parallel efficiency", lambda: part2(big)),
        ("3", "Part 3: Ray", lambda: part3(big)),
        ("4", "Part 4: uncertainty study of the flagship", lambda: part4(args.samples)),
    ):
        if args.only is not None and key != args.only:
            continue
        print(f"\n**{title}**\n", flush=True)
        print("\n".join(part()), flush=True)


if __name__ == "__main__":
    sys.exit(main())

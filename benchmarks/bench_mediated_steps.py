"""Benchmark: the cost of a mediated negotiation as its step budget grows.

`dragoman.negotiate` on `gaza-ceasefire-2024` under single-text (its default mediator, the
hill-climber at Egypt's seat) and shuttle talks (bridging mediators at every mediator's seat),
the parties' default strategies, seed 0, at each `--steps` budget: the median wall time of
`--repeat` runs (the scenario loaded once, outside the timer), and the milliseconds per step.
Per-step work should be constant: a time per step that grows with the budget means something
rereads the whole history at every step.

Run:  python benchmarks/bench_mediated_steps.py [--steps 1000 4000 10000] [--repeat 3]
Not a pytest test. Run it with PYTHONPATH pointing at another checkout's src/ to time that code.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import dragoman

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine_info import machine

PROTOCOLS = ("single-text", "shuttle")


def timed(protocol: str, steps: int, repeat: int) -> tuple[float, int]:
    """The median seconds of `repeat` runs, and the steps the session played."""
    scenario = dragoman.load_scenario("gaza-ceasefire-2024")
    seconds, played = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = dragoman.negotiate(scenario, protocol, seed=0, steps=steps)
        seconds.append(time.perf_counter() - start)
        played = result.steps
    return statistics.median(seconds), played


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, nargs="+", default=[1_000, 4_000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {machine(None)}")
    print(f"dragoman from {Path(dragoman.__file__).parent}; median of {args.repeat} runs\n")
    print("| protocol | steps | seconds | ms per step |")
    print("|---|---:|---:|---:|")
    for protocol in PROTOCOLS:
        for steps in args.steps:
            seconds, played = timed(protocol, steps, args.repeat)
            print(f"| {protocol} | {played:,} | {seconds:.2f} | {seconds / played * 1e3:.3f} |")


if __name__ == "__main__":
    main()

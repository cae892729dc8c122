"""Benchmark: the cost of a mediated negotiation, and of a party with an opponent model, as the
step budget grows.

`dragoman.negotiate` on `gaza-ceasefire-2024` under single-text (its default mediator, the
hill-climber at Egypt's seat) and shuttle talks (bridging mediators at every mediator's seat),
the parties' default strategies; and on `pie-split` in alternating offers, Alice playing
`opponent-model` (frequency, then Bayesian) against Bob's `hardliner` (no deal: every run
plays its whole budget). Seed 0, at each `--steps` budget: the median wall time of `--repeat`
runs (the scenario loaded once, outside the timer), and the milliseconds per step. Per-step
work should be constant: a time per step that grows with the budget means something rereads
the whole history at every step.

Run:  python benchmarks/bench_mediated_steps.py [--steps 1000 4000 10000] [--repeat 3]
          [--talks single-text shuttle opponent-model opponent-model-bayesian]
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

#: talks as (label, scenario, protocol, agents by seat: None for the parties' defaults)
TALKS: tuple[tuple[str, str, str, dict[str, str] | None], ...] = (
    ("single-text", "gaza-ceasefire-2024", "single-text", None),
    ("shuttle", "gaza-ceasefire-2024", "shuttle", None),
    ("opponent-model", "pie-split", "alternating", {"Alice": "opponent-model", "Bob": "hardliner"}),
    (
        "opponent-model-bayesian",
        "pie-split",
        "alternating",
        {"Alice": "opponent-model:model=bayesian", "Bob": "hardliner"},
    ),
)


def timed(
    name: str, protocol: str, agents: dict[str, str] | None, steps: int, repeat: int
) -> tuple[float, int]:
    """The median seconds of `repeat` runs, and the steps the session played."""
    scenario = dragoman.load_scenario(name)
    seconds, played = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = dragoman.negotiate(scenario, protocol, agents=agents, seed=0, steps=steps)
        seconds.append(time.perf_counter() - start)
        played = result.steps
    return statistics.median(seconds), played


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, nargs="+", default=[1_000, 4_000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--talks", nargs="+", choices=[t[0] for t in TALKS], default=None)
    args = parser.parse_args()
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {machine(None)}")
    print(f"dragoman from {Path(dragoman.__file__).parent}; median of {args.repeat} runs\n")
    print("| talks | steps | seconds | ms per step |")
    print("|---|---:|---:|---:|")
    for label, name, protocol, agents in TALKS:
        if args.talks and label not in args.talks:
            continue
        for steps in args.steps:
            seconds, played = timed(name, protocol, agents, steps, args.repeat)
            print(f"| {label} | {played:,} | {seconds:.2f} | {seconds / played * 1e3:.3f} |")


if __name__ == "__main__":
    main()

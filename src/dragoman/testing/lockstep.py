"""The lockstep part of `check_agent`: a strategy with a lockstep form must play on the batched
engine exactly as in the session (same agreements, steps and offers on the same seeds), at
either seat, against oblivious opponents and against itself."""

from __future__ import annotations

import numpy as np

from dragoman.errors import DragomanError
from dragoman.experiments.batched import batchable, play_batched
from dragoman.io.scenario_file import load_scenario
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import EventKind
from dragoman.negotiation.strategy import Strategy
from dragoman.runs.negotiation import start_session
from dragoman.strategies.lockstep import plays_in_lockstep
from dragoman.strategies.registry import strategy_class
from dragoman.testing.scenarios import random_scenario

__all__ = ["lockstep_breaches"]

#: Who the strategy meets on the batched engine (oblivious, so the rows are cheap to hold).
LOCKSTEP_OPPONENTS = ("linear", "boulware")
_OFFERS = frozenset({EventKind.OFFER})


def lockstep_breaches(agent: Strategy, seed: int) -> list[str]:
    """Where the lockstep play of `agent`'s strategy (with its parameters) differs from its
    play in the session (nothing to check if it has no lockstep form)."""
    cls = type(agent)
    if not plays_in_lockstep(cls):
        return []
    try:
        registered = strategy_class("agent", cls.name) is cls
    except DragomanError:
        registered = False
    if not registered:
        return [f"has a lockstep form but is not registered as {cls.name!r} (@register)"]
    params = ",".join(f"{k}={v}" for k, v in sorted(agent.parameters().items()))
    spec = f"{cls.name}:{params}" if params else cls.name
    rows = [(spec, o) for o in (*LOCKSTEP_OPPONENTS, spec)]
    rows += [(o, spec) for o in LOCKSTEP_OPPONENTS]
    seeds = [seed + k for k in range(len(rows))]
    problems = []
    for scenario in (load_scenario("pie-split"), random_scenario(np.random.default_rng(seed))):
        problems += _differences(scenario, rows, seeds)
    return problems


def _differences(scenario: Scenario, rows: list[tuple[str, str]], seeds: list[int]) -> list[str]:
    """Each row where the batched engine and the session disagree on `scenario`."""
    kept = [k for k, row in enumerate(rows) if batchable(scenario, "alternating", row)]
    rows, seeds = [rows[k] for k in kept], [seeds[k] for k in kept]
    if not rows:
        return []
    try:
        batched = play_batched(scenario, rows, seeds=seeds)
    except Exception as exc:  # the check reports whatever escapes the batched engine
        return [f"the batched engine raised {type(exc).__name__}: {exc}"]
    names = [p.name for p in scenario.negotiators]
    found = []
    for k, (row, seed) in enumerate(zip(rows, seeds, strict=True)):
        session = start_session(scenario, agents=dict(zip(names, row, strict=True)), seed=seed)
        result = session.run()
        offers = sum(1 for e in result.events if e.kind in _OFFERS)
        agreement = -1 if result.agreement is None else result.agreement
        expected = (agreement, result.steps, offers)
        got = (int(batched.agreement[k]), int(batched.steps[k]), int(batched.offers[k]))
        if got != expected:
            found.append(
                f"in lockstep, {' vs '.join(row)} on '{scenario.metadata.title}' (seed {seed}) "
                f"gave (agreement, steps, offers) {got}, the session {expected}"
            )
    return found

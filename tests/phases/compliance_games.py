"""Helpers for the phase tests: random small compliance games, their pygambit trees, and a small
two-party scenario with a phased agreement whose stakes a test can set."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from dragoman.model.scenario import Scenario
from dragoman.phases import ComplianceGame, PhaseStakes, compliance_game
from dragoman.phases.schedule import PhasePlan, Schedule

PARTY_NAMES = ("A", "B", "C")


def random_game(rng: np.random.Generator, *, generic: bool, max_moves: int = 12) -> ComplianceGame:
    """A random compliance game with 2-3 parties, 1-3 phases and 1-2 batches per phase.

    `generic`: stakes drawn from a continuous distribution (no ties, almost surely); otherwise
    small integers (ties happen), with discounts and detection chances that are powers of two so
    every payoff is exact in binary floating point.
    """
    while True:
        n, phases = int(rng.integers(2, 4)), int(rng.integers(1, 4))
        batches = rng.integers(1, 3, size=phases)
        if n * int(batches.sum()) <= max_moves:
            break
    plans = tuple(
        PhasePlan(
            name=f"P{k + 1}",
            weeks=float(rng.integers(1, 4)),
            batches=int(batches[k]),
            weekly=False,
            description="",
            commitments=(),
            movers=tuple(PARTY_NAMES[i] for i in rng.permutation(n)),
            verified_by=(),
            preconditions=(),
        )
        for k in range(phases)
    )
    schedule = Schedule({}, PARTY_NAMES[:n], plans)
    return compliance_game(schedule, random_stakes(rng, n, phases, generic=generic))


def random_stakes(
    rng: np.random.Generator, parties: int, phases: int, *, generic: bool
) -> PhaseStakes:
    """Random stakes; see `random_game` for `generic`."""
    shape = (parties, phases)

    def draw(low: float, high: float) -> Any:
        if generic:
            return rng.uniform(low, high, size=shape)
        return rng.integers(int(low), int(high) + 1, size=shape).astype(float)

    return PhaseStakes(
        complete=draw(0, 6),
        defect=draw(0, 8),
        cost=draw(0, 2),
        betrayed=draw(-4, 0),
        guarantee=draw(0, 2),
        detection=rng.choice([0.5, 1.0], size=phases),
        weekly_discount=float(rng.choice([0.5, 1.0])) if not generic else rng.uniform(0.8, 1.0),
    )


def gambit_game(game: ComplianceGame) -> Any:
    """The same game as a pygambit extensive-form tree: a chain of comply/defect moves."""
    import pygambit as gbt

    players = list(game.parties)
    tree = gbt.ExtensiveGame(players, title="compliance game")
    path: list[str] = []
    for m, mover in enumerate(game.mover):
        tree.append_move(gbt.H.path(*path), players[mover], ["comply", "defect"])
        payoffs = {p: Fraction(float(game.defect[m, i])) for i, p in enumerate(players)}
        tree.make_outcome(gbt.H.path(*path, "defect"), payoffs, f"defection at move {m}")
        path.append("comply")
    payoffs = {p: Fraction(float(game.complete[i])) for i, p in enumerate(players)}
    tree.make_outcome(gbt.H.path(*path), payoffs, "full compliance")
    return tree


def phased_scenario(
    payoffs: list[dict[str, Any]],
    *,
    phases: int = 3,
    batches: int | str = 1,
    spoilers: list[dict[str, Any]] | None = None,
    guarantees: list[dict[str, Any]] | None = None,
    **implementation: Any,
) -> Scenario:
    """Two parties (A, B) and one mediator (M) with `phases` phases of 2 weeks; `payoffs` rows
    as in the implementation section ({party, phase: "P1", complete, ...})."""
    data = {
        "metadata": {"title": "phased test", "sources": [{"id": "s1", "title": "a source"}]},
        "issues": [{"name": "x", "kind": "integer", "min": 1, "max": 9}],
        "parties": [
            {"name": n, "preferences": {"weights": {"x": 1}, "values": {"x": {"linear": d}}}}
            for n, d in (("A", "increasing"), ("B", "decreasing"))
        ]
        + [{"name": "M", "role": "mediator"}],
        "phases": [
            {
                "name": f"P{k + 1}",
                "duration_weeks": 2,
                "batches": batches,
                "commitments": [
                    {"party": "A", "action": "give", "amount": "x", "text": "A gives {amount}"},
                    {"party": "B", "action": "pay", "amount": "2 * x", "text": "B pays {amount}"},
                ],
            }
            for k in range(phases)
        ],
        "implementation": {
            "payoffs": payoffs,
            "spoilers": spoilers or [],
            "guarantees": guarantees or [],
            **implementation,
        },
    }
    return Scenario.from_data(data)


def uniform_payoffs(phases: int = 3, **stakes: float) -> list[dict[str, Any]]:
    """The same stakes for both parties in every phase."""
    return [{"party": p, "phase": f"P{k + 1}", **stakes} for p in ("A", "B") for k in range(phases)]

"""Tests of the compliance game, backward induction and the minimal guarantees."""

from __future__ import annotations

import numpy as np
import pytest
from compliance_games import random_game, random_stakes
from hypothesis import given, settings
from hypothesis import strategies as st

from dragoman.phases import (
    PhaseStakes,
    backward_induction,
    compliance_game,
    minimal_guarantees,
    temptations,
)
from dragoman.phases.schedule import PhasePlan, Schedule


def plan(name: str, movers: tuple[str, ...], batches: int = 1, weeks: float = 2) -> PhasePlan:
    return PhasePlan(name, weeks, batches, False, "", (), movers, (), ())


def stakes(**given: list[list[float]] | list[float] | float) -> PhaseStakes:
    shape = np.shape(given["complete"])
    fields = ("complete", "defect", "cost", "betrayed", "guarantee")
    arrays = {k: np.broadcast_to(np.asarray(given.get(k, 0.0), float), shape) for k in fields}
    phases = shape[1]
    detection = np.asarray(given.get("detection", [1.0] * phases), dtype=float)
    discount = float(given.get("weekly_discount", 1.0))  # type: ignore[arg-type]
    return PhaseStakes(**arrays, detection=detection, weekly_discount=discount)


def test_centipede_unravels_to_the_first_move() -> None:
    """Rosenthal (1981), 'Games of perfect information, predatory pricing and the chain-store
    paradox', J. Econ. Theory 25:92-100: backward induction takes at the first node."""
    mover = np.array([0, 1, 0, 1])
    defect = np.array([[1, 0], [0, 2], [3, 1], [2, 4]], dtype=float)
    eq = backward_induction(mover, defect, np.array([4.0, 3.0]))
    assert eq.defects.all() and eq.first_defection == 0
    assert eq.payoffs.tolist() == [1.0, 0.0]


def test_an_indifferent_party_complies() -> None:
    eq = backward_induction(np.array([0]), np.array([[1.0, 0.0]]), np.array([1.0, 5.0]))
    assert eq.compliant and eq.payoffs.tolist() == [1.0, 5.0]


def test_one_exchange_by_hand() -> None:
    """A gives, then B reciprocates; B is tempted by 0.3, so A defects first (pre-emption)."""
    schedule = Schedule({}, ("A", "B"), (plan("P1", ("A", "B")),))
    s = stakes(
        complete=[[1.0], [1.0]],
        defect=[[0.5], [1.5]],
        cost=[[0.2], [0.2]],
        betrayed=[[-1.0], [-1.0]],
    )
    game = compliance_game(schedule, s)
    np.testing.assert_allclose(game.defect, [[0.3, -1.0], [-1.0, 1.3]])
    assert game.complete.tolist() == [1.0, 1.0]
    eq = backward_induction(game.mover, game.defect, game.complete)
    assert eq.first_defection == 0 and eq.defects.tolist() == [True, True]
    tempted = temptations(game.mover, game.defect, game.complete, game.scale)
    assert tempted.tolist() == pytest.approx([-0.7, 0.3])
    needed = minimal_guarantees(tempted, game.mover, game.phase, game.detection, (2, 1))
    np.testing.assert_allclose(needed, [[0.0], [0.3]])
    guarded = compliance_game(schedule, s, needed)
    assert backward_induction(guarded.mover, guarded.defect, guarded.complete).compliant


def test_batches_share_the_stakes_and_weeks_discount_them() -> None:
    schedule = Schedule({}, ("A", "B"), (plan("P1", ("A", "B"), batches=2, weeks=4),))
    s = stakes(
        complete=[[1.0], [2.0]],
        defect=[[2.0], [4.0]],
        cost=[[0.5], [0.5]],
        betrayed=[[-1.0], [-2.0]],
        weekly_discount=0.5,
    )
    game = compliance_game(schedule, s)
    assert game.week.tolist() == [0, 0, 2, 2]
    assert game.scale.tolist() == [1, 1, 0.25, 0.25]
    assert game.credit.tolist() == [[0, 0], [0.5, 1.0], [0, 0], [0.125, 0.25]]
    # B defecting in the second batch: first batch delivered, then B's half of `defect` less the
    # full cost, at week 2 (x 0.25); A gets half of `betrayed`
    assert game.defect[3].tolist() == pytest.approx([0.5 - 0.125, 1.0 + 0.25 * (2.0 - 0.5)])
    assert game.accrued[3].tolist() == [0.5, 1.0]


def test_a_less_reliable_monitor_needs_a_larger_guarantee() -> None:
    schedule = Schedule({}, ("A", "B"), (plan("P1", ("A", "B")),))
    base = {"complete": [[1.0], [1.0]], "defect": [[0.0], [1.6]]}
    for detection, expected in ((1.0, 0.6), (0.5, 1.2)):
        game = compliance_game(schedule, stakes(**base, detection=[detection]))
        tempted = temptations(game.mover, game.defect, game.complete, game.scale)
        needed = minimal_guarantees(tempted, game.mover, game.phase, game.detection, (2, 1))
        assert needed[1, 0] == pytest.approx(expected)


# --- properties over random games -----------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.booleans())
def test_values_are_the_payoffs_of_following_the_plan(seed: int, generic: bool) -> None:
    game = random_game(np.random.default_rng(seed), generic=generic)
    eq = backward_induction(game.mover, game.defect, game.complete)
    for m in range(len(game.mover) + 1):
        rest = np.flatnonzero(eq.defects[m:])
        expected = game.complete if not rest.size else game.defect[m + rest[0]]
        assert eq.values[m].tolist() == expected.tolist()


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0.0, 0.5))
def test_minimal_guarantees_make_compliance_subgame_perfect_and_are_minimal(
    seed: int, margin: float
) -> None:
    rng = np.random.default_rng(seed)
    n, phases = 2 + seed % 2, 1 + seed % 3
    movers = tuple("ABC"[:n])
    schedule = Schedule(
        {}, movers, tuple(plan(f"P{k}", movers, 1 + (k + seed) % 2) for k in range(phases))
    )
    s = random_stakes(rng, n, phases, generic=True)
    bare = compliance_game(schedule, s, np.zeros((n, phases)))
    tempted = temptations(bare.mover, bare.defect, bare.complete, bare.scale)
    needed = minimal_guarantees(tempted, bare.mover, bare.phase, bare.detection, (n, phases))
    robust = minimal_guarantees(
        tempted, bare.mover, bare.phase, bare.detection, (n, phases), margin
    )
    assert (robust >= needed).all()
    game = compliance_game(schedule, s, needed)
    assert backward_induction(game.mover, game.defect, game.complete).compliant
    for i, k in zip(*np.nonzero(needed > 1e-6), strict=True):
        less = needed.copy()
        less[i, k] -= 1e-6
        game = compliance_game(schedule, s, less)
        assert not backward_induction(game.mover, game.defect, game.complete).compliant

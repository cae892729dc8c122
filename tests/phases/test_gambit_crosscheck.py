"""Backward induction cross-checked with an outside solver: pygambit (tested with 17.0.0b2).

pygambit 17 has no single "subgame-perfect equilibrium" call. Its subgame-perfect equilibria
in pure strategies are taken exactly: every pure agent-form Nash equilibrium pygambit finds
(`enumpure_agent_solve`, rational arithmetic) that is also a best reply at the root of every
subgame pygambit reports (`get_subgame_roots`), judged by pygambit's own node values
(`history_values`). A finite perfect-information game has a pure SPE (Kuhn 1953), and a generic
one has exactly one.

(`logit_solve` is not used: its tracer stops once regrets weighted by the chance of reaching a
node are small, which can leave an unreached node's play unsettled, i.e. a Nash equilibrium that
is not subgame-perfect.)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pygambit as gbt
from compliance_games import gambit_game, random_game

from dragoman.phases import ComplianceGame, backward_induction

H = gbt.H

GAMES = 200


def _solve(game: ComplianceGame) -> Any:
    return backward_induction(game.mover, game.defect, game.complete)


def _history(m: int) -> Any:
    return H.path(*["comply"] * m)


def _is_subgame_perfect(tree: Any, profile: Any, moves: int) -> bool:
    """Whether the pure `profile` is a best reply at the root of every subgame of `tree`."""
    values = profile.history_values
    roots = {r.actions for r in tree.get_subgame_roots()}
    assert roots == {("comply",) * m for m in range(moves)}  # perfect information: every node
    for m in range(moves):
        player = tree.get_player(_history(m))
        here = ("comply",) * m
        by_action = {}
        for history, value in values[player]:  # (History, value) pairs
            if history.actions in ((*here, "comply"), (*here, "defect")):
                by_action[history.actions[-1]] = value
        chosen = "defect" if profile[_history(m)]["defect"] == 1 else "comply"
        if by_action[chosen] < max(by_action.values()):
            return False
    return True


def _plan(profile: Any, moves: int) -> tuple[bool, ...]:
    return tuple(bool(profile[_history(m)]["defect"] > 0.5) for m in range(moves))


def _has_ties(game: ComplianceGame) -> bool:
    eq = _solve(game)
    moves = np.arange(len(game.mover))
    gap = game.defect[moves, game.mover] - eq.values[moves + 1, game.mover]
    return bool(np.any(np.abs(gap) < 1e-9))


def test_backward_induction_equals_pygambit_spe_on_200_random_small_games() -> None:
    """Exact: pygambit's set of subgame-perfect pure profiles, with ties allowed."""
    rng = np.random.default_rng(20240815)
    tied = 0
    for _ in range(GAMES):
        game = random_game(rng, generic=False, max_moves=6)
        moves = len(game.mover)
        tree = gambit_game(game)
        result = gbt.nash.enumpure_agent_solve(tree)
        spe = {_plan(p, moves) for p in result.equilibria if _is_subgame_perfect(tree, p, moves)}
        ours = tuple(bool(d) for d in _solve(game).defects)
        assert ours in spe
        if _has_ties(game):
            tied += 1
        else:
            assert spe == {ours}
    assert tied > 0  # the sample does exercise the tie rule (indifferent parties comply)


def test_backward_induction_equals_pygambit_spe_on_larger_generic_games() -> None:
    """Up to 9 moves, no ties: pygambit finds exactly one subgame-perfect profile, ours."""
    rng = np.random.default_rng(7)
    for _ in range(25):
        game = random_game(rng, generic=True, max_moves=9)
        moves = len(game.mover)
        tree = gambit_game(game)
        result = gbt.nash.enumpure_agent_solve(tree)
        spe = {_plan(p, moves) for p in result.equilibria if _is_subgame_perfect(tree, p, moves)}
        assert spe == {tuple(bool(d) for d in _solve(game).defects)}


def test_our_plan_is_subgame_perfect_by_pygambit_values() -> None:
    """Our plan, handed to pygambit as a profile, passes pygambit's own subgame checks."""
    rng = np.random.default_rng(3)
    for _ in range(100):
        game = random_game(rng, generic=False, max_moves=12)
        tree = gambit_game(game)
        plan = _solve(game).defects
        profile = tree.mixed_behavior_profile(rational=True)
        for m, defects in enumerate(plan):
            profile[_history(m)] = {"comply": 0 if defects else 1, "defect": 1 if defects else 0}
        assert profile.agent_max_regret() == 0
        assert _is_subgame_perfect(tree, profile, len(plan))

"""`check_agent` holds a strategy's lockstep form to its play in the session."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest

from dragoman._arrays import BoolArray, IntArray
from dragoman.negotiation.view import SeatView
from dragoman.strategies import registry
from dragoman.strategies.micro import MiCRO
from dragoman.strategies.tit_for_tat import MirrorLockstep, NaiveTitForTat
from dragoman.testing import check_agent
from dragoman.testing.lockstep import lockstep_breaches


class _Rigid(MirrorLockstep):
    """Tit-for-tat's lockstep, except that it never accepts."""

    def counter(self, t: int, rows: IntArray, standing: IntArray) -> tuple[BoolArray, IntArray]:
        accept, _ = super().counter(t, rows, standing)
        return np.zeros_like(accept), self._offers(rows)


class _Unfaithful(NaiveTitForTat):
    """Plays tit-for-tat in the session but a rigid lockstep."""

    name: ClassVar[str] = "unfaithful-tft-for-test"

    def lockstep(self, view: SeatView, seeds: IntArray, stream: int) -> MirrorLockstep:
        assert view.utility is not None
        return _Rigid(view.utility, self.bounds(view), seeds.size)


def test_the_built_in_locksteps_play_as_in_the_session() -> None:
    for agent in (NaiveTitForTat(), MiCRO()):
        assert lockstep_breaches(agent, seed=3) == []


def test_a_lockstep_that_plays_otherwise_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry._REGISTRY["agent"], _Unfaithful.name, _Unfaithful)
    found = lockstep_breaches(_Unfaithful(), seed=0)
    assert found and all("in lockstep" in p and "the session" in p for p in found)
    with pytest.raises(AssertionError, match="in lockstep, unfaithful-tft-for-test vs linear"):
        check_agent(_Unfaithful)


def test_a_lockstep_form_needs_a_registered_name() -> None:
    assert lockstep_breaches(_Unfaithful(), seed=0) == [
        "has a lockstep form but is not registered as 'unfaithful-tft-for-test' (@register)"
    ]

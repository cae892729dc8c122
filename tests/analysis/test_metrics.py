"""The agreement measures over many utility vectors at once give, vector by vector, the
distances and flags computed point by point, across block boundaries and an empty frontier."""

from __future__ import annotations

import numpy as np
import pytest

from dragoman.analysis import metrics
from dragoman.analysis.metrics import (
    distances_to,
    frontier_distances,
    nash_distance,
    on_frontier,
    on_frontier_each,
    pareto_distance,
)


def test_many_points_at_once_equal_one_at_a_time() -> None:
    rng = np.random.default_rng(3)
    frontier = rng.random((3, 40))
    points = np.concatenate([rng.random((3, 25)), frontier[:, :5]], axis=1)
    expected = np.array([np.sqrt(((frontier - p[:, None]) ** 2).sum(axis=0)).min()
                         for p in points.T])  # fmt: skip
    for block in (4_000_000, 3 * 40 * 7):  # one block, and blocks of 7 points
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(metrics, "_BLOCK_ELEMENTS", block)
            assert (frontier_distances(points, frontier) == expected).all()
            flags = on_frontier_each(points, frontier)
    assert flags.tolist() == [False] * 25 + [True] * 5
    assert [pareto_distance(p, frontier) for p in points.T] == expected.tolist()
    assert [on_frontier(p, frontier) for p in points.T] == flags.tolist()
    target = frontier[:, 0]
    assert distances_to(points, target).tolist() == [nash_distance(p, target) for p in points.T]
    assert np.isclose(nash_distance([0.0, 0.0], [3.0, 4.0]), 5.0)


def test_an_empty_frontier_measures_nothing() -> None:
    points = np.ones((2, 3))
    assert np.isnan(frontier_distances(points, np.zeros((2, 0)))).all()
    assert not on_frontier_each(points, np.zeros((2, 0))).any()
    assert frontier_distances(np.zeros((2, 0)), np.ones((2, 4))).shape == (0,)

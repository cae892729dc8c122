"""An enumerated frontier of three or more parties stays inside its time budget: cut short, it
keeps only verified frontier points (those of largest utility sum come first) and says it is
approximate; given the time, it is the whole frontier."""

from __future__ import annotations

import numpy as np

import dragoman
from dragoman.analysis.pareto import pareto_frontier, pareto_frontier_within
from dragoman.testing.generators import additive_scenario


def _points(n: int, seed: int = 0) -> np.ndarray:
    # anti-correlated utilities: a large frontier, the hard case for a skyline
    rng = np.random.default_rng(seed)
    raw = rng.dirichlet(np.ones(3), size=n).T
    return raw + rng.normal(0, 0.01, size=raw.shape)


def test_cut_short_it_keeps_only_frontier_points() -> None:
    points = _points(20_000)
    full, complete = pareto_frontier_within(points, seconds=None)
    assert complete and np.array_equal(full, pareto_frontier(points))
    part, complete = pareto_frontier_within(points, seconds=0.0)
    assert not complete and 0 < part.size < full.size
    assert np.isin(part, full).all()  # every point kept is a frontier point
    assert np.all(np.diff(part) > 0)  # ascending, as the whole is
    # the points of largest utility sum are checked first
    assert points[:, part].sum(axis=0).min() >= np.median(points[:, full].sum(axis=0))


def test_two_parties_are_never_cut() -> None:
    points = _points(20_000)[:2]
    found, complete = pareto_frontier_within(points, seconds=0.0)
    assert complete and np.array_equal(found, pareto_frontier(points))


def test_an_analysis_out_of_time_says_its_frontier_is_approximate() -> None:
    scenario = additive_scenario(6, 7, parties=3, seed=3)  # 117,649 outcomes
    exact = dragoman.analyze(scenario)
    assert exact.exact and exact.notes == []
    rushed = dragoman.analyze(scenario.model_copy(), time_limit=0.0)
    assert not rushed.exact
    assert any("time limit was reached" in note for note in rushed.notes)
    assert set(rushed.frontier) <= set(exact.frontier)

"""An approximate frontier for spaces no exact method takes: the non-dominated points of a
public sample plus coordinate ascent on weighted sums of the utilities. Never exact."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np

from dragoman._arrays import BoolArray, Digits, FloatArray
from dragoman.analysis.additive import distinct_frontier
from dragoman.analysis.frontier import Frontier, FrontierMethod
from dragoman.model.outcomes import OutcomeSpace
from dragoman.utility.candidates import SAMPLE_SEED, climb, sample_digits

__all__ = ["search_frontier"]


def search_frontier(
    evaluators: Sequence[Callable[[Digits], FloatArray]],
    allowed: Sequence[BoolArray],
    space: OutcomeSpace,
    reason: str,
    directions: int = 21,
    sample_size: int = 200_000,
) -> Frontier:
    """An approximate frontier: the non-dominated points of a public sample plus coordinate
    ascent on weighted sums of the utilities (`directions` weightings). Never exact."""
    start = time.perf_counter()
    rng = np.random.default_rng(SAMPLE_SEED)
    sample = sample_digits(allowed, sample_size, rng)
    n = len(evaluators)
    if sample.shape[0] == 0:
        empty = space.ids([])
        return Frontier(empty, np.zeros((n, 0)), False, FrontierMethod.SEARCH, reason, 0.0, False)
    values = np.stack([f(sample) for f in evaluators])
    pool = [sample]
    for weights in _directions(n, directions, rng):

        def weighted(d: Digits, w: FloatArray = weights) -> FloatArray:
            return np.asarray(sum(wi * f(d) for wi, f in zip(w, evaluators, strict=True)))

        top = np.argsort(-(weights @ values), kind="stable")[:8]
        pool.append(climb(sample[top], weighted, allowed))
    digits = np.unique(np.concatenate(pool), axis=0)
    utilities = np.stack([f(digits) for f in evaluators])
    keep = distinct_frontier(utilities)
    return Frontier(
        outcomes=space.index(digits[keep]),
        utilities=utilities[:, keep],
        exact=False,
        method=FrontierMethod.SEARCH,
        note=reason,
        seconds=time.perf_counter() - start,
        every_outcome=False,
    )


def _directions(n: int, count: int, rng: np.random.Generator) -> list[FloatArray]:
    """Weightings of the parties: evenly spread for two, the axes plus random ones for more."""
    if n == 2:
        return [np.array([a, 1 - a]) for a in np.linspace(0, 1, count)]
    axes = [np.eye(n)[i] for i in range(n)]
    return axes + [rng.dirichlet(np.ones(n)) for _ in range(max(0, count - n))]

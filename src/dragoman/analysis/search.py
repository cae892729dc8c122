"""An approximate frontier for spaces no exact method takes: the non-dominated points of a
public sample plus coordinate ascent on weighted sums of the utilities. Never exact."""

from __future__ import annotations

import math
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
    time_limit: float = math.inf,
    directions: int = 21,
    sample_size: int = 200_000,
) -> Frontier:
    """An approximate frontier: the non-dominated points of a public sample plus coordinate
    ascent on weighted sums of the utilities (`directions` weightings, as many as `time_limit`
    seconds allow after the sample). Never exact."""
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
        if time.perf_counter() - start > time_limit:
            reason = f"{reason}; the time limit was reached: fewer directions searched"
            break

        def weighted(d: Digits, w: FloatArray = weights) -> FloatArray:
            return np.asarray(sum(wi * f(d) for wi, f in zip(w, evaluators, strict=True)))

        scores = -(weights @ values)
        best = np.argpartition(scores, 7)[:8] if scores.size > 8 else np.arange(scores.size)
        top = best[np.lexsort((best, scores[best]))]  # the 8 best, ties by position (stable)
        pool.append(climb(sample[top], weighted, allowed))
    climbed = np.concatenate(pool[1:]) if len(pool) > 1 else sample[:0]
    every = np.concatenate([sample, climbed])  # the sample's utilities are known: not again
    utilities = np.concatenate([values, np.stack([f(climbed) for f in evaluators])], axis=1)
    _, first = np.unique(every, axis=0, return_index=True)
    digits, utilities = every[first], utilities[:, first]
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

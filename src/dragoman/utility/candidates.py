"""Candidate outcomes for spaces too large to enumerate: a deterministic sample plus local optima.

An agent ranks outcomes from best to worst and concedes along that ranking; on 10^10 outcomes it
ranks a candidate set instead: a uniform sample of the outcomes inside the red lines, drawn with
a fixed seed (so every party of a scenario sees the same public sample, and runs repeat), plus
the outcomes visited by coordinate ascent (one issue changed at a time, to its best value) from
the best sampled points, which reach the party's own optima. Everything is vectorised: the
ascent moves every start at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from dragoman._arrays import BoolArray, Digits, FloatArray, OutcomeIds
from dragoman.model.outcomes import OutcomeSpace

__all__ = ["SAMPLE_SEED", "Evaluate", "climb", "sample_digits", "search_candidates"]

Evaluate = Callable[[Digits], FloatArray]

#: The sample's seed: fixed, so the sample is public and the same in every run.
SAMPLE_SEED = 2014
#: Outcomes sampled, starts of the ascent, and its most sweeps over the issues.
SAMPLE_SIZE = 100_000
STARTS = 64
MAX_SWEEPS = 50


def sample_digits(allowed: Sequence[BoolArray], n: int, rng: np.random.Generator) -> Digits:
    """`n` outcomes drawn uniformly among those whose every value is allowed, as digits."""
    columns = []
    for mask in allowed:
        values = np.flatnonzero(mask)
        if values.size == 0:
            return np.empty((0, len(allowed)), dtype=np.int16)
        columns.append(values[rng.integers(0, values.size, size=n)])
    return np.stack(columns, axis=1).astype(np.int16)


def climb(
    starts: Digits, evaluate: Evaluate, allowed: Sequence[BoolArray], max_sweeps: int = MAX_SWEEPS
) -> Digits:
    """Coordinate ascent from every start at once; every point visited, starts included.

    A sweep sets each issue in turn to its best allowed value given the others (only strictly
    better moves count, so it terminates); it stops after a sweep without a move.
    """
    current = np.array(starts, dtype=np.int16)
    best = evaluate(current)
    visited = [current.copy()]
    for _ in range(max_sweeps):
        moved = False
        for k, mask in enumerate(allowed):
            values = np.flatnonzero(mask).astype(np.int16)
            trial = np.repeat(current, values.size, axis=0)
            trial[:, k] = np.tile(values, current.shape[0])
            scores = evaluate(trial).reshape(current.shape[0], values.size)
            choice = np.argmax(scores, axis=1)
            gain = scores[np.arange(current.shape[0]), choice] > best
            if gain.any():
                moved = True
                current[gain, k] = values[choice[gain]]
                best[gain] = scores[np.arange(current.shape[0]), choice][gain]
                visited.append(current[gain].copy())
        if not moved:
            break
    return np.concatenate(visited)


def search_candidates(
    space: OutcomeSpace,
    evaluate: Evaluate,
    allowed: Sequence[BoolArray],
    sample_size: int = SAMPLE_SIZE,
    starts: int = STARTS,
) -> tuple[OutcomeIds, FloatArray]:
    """Distinct outcome indices (ascending), the public sample plus the ascent from its best,
    and their utilities (each outcome evaluated once)."""
    rng = np.random.default_rng(SAMPLE_SEED)
    sample = sample_digits(allowed, sample_size, rng)
    if sample.shape[0] == 0:
        return space.ids([]), np.zeros(0)
    values = evaluate(sample)
    top = np.argsort(-values, kind="stable")[:starts]
    visited = climb(sample[top], evaluate, allowed)
    ids, first = np.unique(space.index(np.concatenate([sample, visited])), return_index=True)
    return ids, np.concatenate([values, evaluate(visited)])[first]

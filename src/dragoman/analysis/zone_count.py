"""How many outcomes lie in the zone of possible agreement, without enumerating the space.

With additive utilities, the zone is the set of choices (one joint value per factor) whose raw
utility sums reach every party's threshold. Meet in the middle: the factors are split in two
halves, each half's partial sums enumerated (equal sums merged, with their counts), and the
pairs of partial sums reaching the thresholds counted: by a sorted, blocked dominance count for
two parties, by blocked comparison for more. Exact; refused (None) when a half or the pair
count is too large, and the caller then estimates from a sample (`estimate_share`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from dragoman._arrays import BoolArray, FloatArray, IntArray
from dragoman.utility.candidates import SAMPLE_SEED, Evaluate, sample_digits

__all__ = ["MAX_HALF_SUMS", "ZONE_SAMPLE", "count_additive_zone", "estimate_share"]

#: Most distinct partial sums enumerated for one half of the factors.
MAX_HALF_SUMS = 200_000
#: Most pairs of partial sums compared directly (three or more parties).
MAX_PAIRS = 100_000_000
#: Outcomes sampled to estimate the share of the zone when it cannot be counted.
ZONE_SAMPLE = 200_000
#: Rows of the second half compared at once in the blocked counts.
_BLOCK = 2_048


def count_additive_zone(
    constants: FloatArray, tables: Sequence[FloatArray], thresholds: FloatArray
) -> int | None:
    """Choices x with constants + sum_f tables[f][:, x_f] >= thresholds for every party, or
    None when too many partial sums would be needed."""
    sizes = [t.shape[1] for t in tables]
    if math.prod(sizes) == 0:
        return 0
    first, second = _halves(sizes)
    a = _partial_sums(constants, [tables[f] for f in first])
    b = _partial_sums(np.zeros_like(constants), [tables[f] for f in second])
    if a is None or b is None:
        return None
    (pa, ca), (pb, cb) = a, b
    need = thresholds[:, None] - pa  # what the second half must add, per first-half sum
    if pa.shape[0] == 2:
        return _count_2d(need, ca, pb, cb)
    if pa.shape[1] * pb.shape[1] > MAX_PAIRS:
        return None
    return _count_blocked(need, ca, pb, cb)


def _halves(sizes: Sequence[int]) -> tuple[list[int], list[int]]:
    """Factors split so that the products of their sizes are as even as possible (greedy on
    logarithms, largest first)."""
    order = sorted(range(len(sizes)), key=lambda f: -sizes[f])
    halves: tuple[list[int], list[int]] = ([], [])
    logs = [0.0, 0.0]
    for f in order:
        side = 0 if logs[0] <= logs[1] else 1
        halves[side].append(f)
        logs[side] += math.log(max(1, sizes[f]))
    return sorted(halves[0]), sorted(halves[1])


def _partial_sums(
    start: FloatArray, tables: Sequence[FloatArray]
) -> tuple[FloatArray, IntArray] | None:
    """Distinct partial sums of the tables (parties, k) and how many choices give each."""
    sums = np.asarray(start, dtype=np.float64).reshape(-1, 1)
    counts = np.ones(1, dtype=np.int64)
    for table in tables:
        if sums.shape[1] * table.shape[1] > 20 * MAX_HALF_SUMS:
            return None
        sums = (sums[:, :, None] + table[:, None, :]).reshape(sums.shape[0], -1)
        counts = np.repeat(counts, table.shape[1])
        sums, inverse = np.unique(sums, axis=1, return_inverse=True)
        counts = np.bincount(inverse.ravel(), weights=counts).astype(np.int64)
        if sums.shape[1] > MAX_HALF_SUMS:
            return None
    return sums, counts


def _count_2d(need: FloatArray, ca: IntArray, pb: FloatArray, cb: IntArray) -> int:
    """Sum of ca[i] * cb[j] over pairs with pb[:, j] >= need[:, i] (two parties).

    Second-half sums sorted by party 0 (descending): the eligible ones for a query are a
    prefix; prefixes are answered block by block from a sorted copy of party 1's values.
    """
    order = np.argsort(-pb[0], kind="stable")
    b0, b1, w = pb[0, order], pb[1, order], cb[order]
    prefix = np.searchsorted(-b0, -need[0], side="right")  # how many b0 >= need0
    total = 0
    queries = np.argsort(prefix, kind="stable")
    bounds = np.arange(0, b0.size + _BLOCK, _BLOCK)
    block_of = np.minimum(prefix[queries] // _BLOCK, bounds.size - 1)
    for k in range(bounds.size):
        chosen = queries[block_of == k]
        if chosen.size == 0:
            continue
        start = bounds[k]
        sorted_b1 = np.sort(b1[:start])
        weights = np.concatenate([[0], np.cumsum(w[np.argsort(b1[:start], kind="stable")])])
        below = np.searchsorted(sorted_b1, need[1, chosen], side="left")
        full = weights[-1] - weights[below]
        part = np.zeros(chosen.size, dtype=np.int64)
        stop = min(start + _BLOCK, b0.size)
        if stop > start:
            inside = np.arange(start, stop)[None, :] < prefix[chosen][:, None]
            hits = inside & (b1[None, start:stop] >= need[1, chosen][:, None])
            part = hits.astype(np.int64) @ w[start:stop]
        total += int(((full + part) * ca[chosen]).sum())
    return total


def _count_blocked(need: FloatArray, ca: IntArray, pb: FloatArray, cb: IntArray) -> int:
    """The same count for any number of parties, by direct comparison in blocks."""
    total = 0
    for start in range(0, need.shape[1], _BLOCK):
        block = need[:, start : start + _BLOCK]
        ok = np.all(pb[:, None, :] >= block[:, :, None], axis=0)  # (block, b)
        total += int((ok.astype(np.int64) @ cb * ca[start : start + _BLOCK]).sum())
    return total


def estimate_share(
    evaluators: Sequence[Evaluate], reservation: FloatArray, allowed: Sequence[BoolArray]
) -> float:
    """The share of outcomes inside `allowed` giving every party its reservation value, from
    the public uniform sample of `ZONE_SAMPLE` outcomes."""
    sample = sample_digits(allowed, ZONE_SAMPLE, np.random.default_rng(SAMPLE_SEED))
    if sample.shape[0] == 0:
        return 0.0
    inside = np.ones(sample.shape[0], dtype=bool)
    for evaluate, rv in zip(evaluators, reservation, strict=True):
        inside &= evaluate(sample) >= rv
    return float(inside.mean())

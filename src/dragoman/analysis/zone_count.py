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
#: A half with more choices than this times `MAX_HALF_SUMS` is not even tried.
_HOPELESS = 1_000
#: Outcomes sampled to estimate the share of the zone when it cannot be counted.
ZONE_SAMPLE = 200_000
#: Rows of the first half compared at once in the blocked count (three or more parties).
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
    for half in (first, second):  # hopeless without many equal sums: refuse at once
        if math.prod(sizes[f] for f in half) > _HOPELESS * MAX_HALF_SUMS:
            return None
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
        sums, counts = _merge_equal(sums, np.repeat(counts, table.shape[1]))
        if sums.shape[1] > MAX_HALF_SUMS:
            return None
    return sums, counts


def _merge_equal(sums: FloatArray, counts: IntArray) -> tuple[FloatArray, IntArray]:
    """Equal columns of `sums` merged into one, their counts added."""
    order = np.lexsort(sums[::-1])
    ordered = sums[:, order]
    starts = np.flatnonzero(
        np.concatenate([[True], np.any(ordered[:, 1:] != ordered[:, :-1], axis=0)])
    )
    return ordered[:, starts], np.add.reduceat(counts[order], starts)


def _count_2d(need: FloatArray, ca: IntArray, pb: FloatArray, cb: IntArray) -> int:
    """Sum of ca[i] * cb[j] over pairs with pb[:, j] >= need[:, i] (two parties).

    Second-half sums sorted by party 0 (descending): the eligible ones for a query are a
    prefix. A merge-sort tree over party 1's ranks answers every prefix at once: a prefix is
    the union of at most one aligned block per level (the bits of its length), and in each
    block the count at or above a rank is two searches in that level's (block, rank) keys.
    """
    n = pb.shape[1]
    order = np.argsort(-pb[0], kind="stable")
    b0, b1, w = pb[0, order], pb[1, order], cb[order]
    prefix = np.searchsorted(-b0, -need[0], side="right")  # how many b0 >= need0
    ranks = np.empty(n, dtype=np.int64)
    ranks[np.argsort(b1, kind="stable")] = np.arange(n)
    floor = np.searchsorted(np.sort(b1), need[1], side="left")  # ranks >= floor qualify
    total = np.zeros(need.shape[1], dtype=np.int64)
    level = 0
    while (1 << level) <= n:
        size = 1 << level
        block = np.arange(n, dtype=np.int64) >> level
        keys = block * n + ranks
        by_key = np.argsort(keys, kind="stable")
        keys, weights = keys[by_key], np.concatenate([[0], np.cumsum(w[by_key])])
        use = (prefix & size) != 0
        start = (prefix[use] >> (level + 1)) << (level + 1)  # the aligned block inside it
        first = start >> level
        low = np.searchsorted(keys, first * n + floor[use], side="left")
        high = np.searchsorted(keys, first * n + n, side="left")
        total[use] += weights[high] - weights[low]
        level += 1
    return int((total * ca).sum())


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

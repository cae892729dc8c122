"""Mixed-radix indices of spaces beyond int64 (more than 2**62 outcomes), computed fast.

An index of such a space is a Python int (arrays of dtype object), and arithmetic on them is
slow: one big-int division per issue per outcome for the digits. Here the issues are cut, from
the right, into groups whose product of radices fits in int64; an index then splits into one
int64 "group value" per group (two big-int operations per group: `(index // place) % size`),
and each group value into its digits with vectorised int64 arithmetic. A 50-issue space of
10**50 outcomes needs 3 groups instead of 50 issues' worth of big-int work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dragoman._arrays import Digits, OutcomeIds

__all__ = ["IndexGroup", "index_groups", "wide_digits", "wide_index"]

#: The largest product of radices one group may have (its values then fit in int64).
GROUP_SIZE_LIMIT = 2**62


@dataclass(frozen=True)
class IndexGroup:
    """Issues start..stop-1: their place value (the product of the radices to their right),
    the product of their radices, and each one's stride within the group (int64)."""

    start: int
    stop: int
    place: int
    size: int
    strides: npt.NDArray[np.int64]


def index_groups(radices: Sequence[int]) -> tuple[IndexGroup, ...]:
    """The issues cut, from the right, into groups of radix product <= GROUP_SIZE_LIMIT."""
    groups: list[IndexGroup] = []
    stop, place = len(radices), 1
    while stop > 0:
        start, size = stop, 1
        while start > 0 and size * int(radices[start - 1]) <= GROUP_SIZE_LIMIT:
            start -= 1
            size *= int(radices[start])
        strides = [1] * (stop - start)
        for k in range(stop - start - 2, -1, -1):
            strides[k] = strides[k + 1] * int(radices[start + k + 1])
        groups.append(IndexGroup(start, stop, place, size, np.array(strides, dtype=np.int64)))
        stop, place = start, place * size
    return tuple(groups)


def wide_digits(
    index: OutcomeIds, groups: Sequence[IndexGroup], radices: npt.NDArray[np.int64]
) -> Digits:
    """Value positions (int16, shape (*index.shape, issues)) of Python-int outcome indices."""
    out = np.empty((*index.shape, len(radices)), dtype=np.int16)
    for g in groups:
        value = ((index // g.place) % g.size).astype(np.int64)
        out[..., g.start : g.stop] = (value[..., None] // g.strides) % radices[g.start : g.stop]
    return out


def wide_index(digits: npt.NDArray[np.int64], groups: Sequence[IndexGroup]) -> OutcomeIds:
    """Python-int outcome indices (dtype object) of rows of value positions."""
    total = np.zeros(digits.shape[:-1], dtype=object)
    for g in groups:
        value = digits[..., g.start : g.stop] @ g.strides
        total = total + value.astype(object) * g.place
    return np.asarray(total, dtype=object)

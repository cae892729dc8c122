"""The numpy array types used across Dragoman, defined once, and the one array helper every
layer needs (a whole outcome space's table built issue by issue)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["BoolArray", "Digits", "FloatArray", "IntArray", "OutcomeIds", "outer_flat"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
#: Value positions of outcomes, one column per issue: (n, issues).
Digits = npt.NDArray[np.int16]
#: Outcome indices: int64, or Python ints (object dtype) on spaces beyond int64.
OutcomeIds = npt.NDArray[Any]


def outer_flat(op: np.ufunc, left: npt.NDArray[Any], right: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """`op.outer(left, right).ravel()` (mixed-radix order: `right` varies fastest), computed
    one column per element of `right`, so the inner loops run over the long `left` rather than
    the few values of one issue: the same numbers, several times faster on whole spaces."""
    if right.size > left.size:
        return np.asarray(op.outer(left, right)).ravel()
    out = np.empty((left.size, right.size), dtype=np.result_type(left, right))
    for j in range(right.size):
        op(left, right[j], out=out[:, j])
    return out.ravel()

"""The numpy array types used across Dragoman, defined once."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["BoolArray", "Digits", "FloatArray", "IntArray", "OutcomeIds"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
#: Value positions of outcomes, one column per issue: (n, issues).
Digits = npt.NDArray[np.int16]
#: Outcome indices: int64, or Python ints (object dtype) on spaces beyond int64.
OutcomeIds = npt.NDArray[Any]

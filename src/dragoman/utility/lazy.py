"""Where the outcome space is too large to tabulate, and what stands in for whole-space arrays.

`enumerable(space)` is the one place that decides: up to the limit 'enumeration' of outcomes
(`dragoman.limits`) a compiled utility holds the utility of every outcome in one numpy array;
beyond it nothing whole-space exists: `LazyTable` and `LazyMask` stand where those arrays would
be and compute the entries asked for (one outcome, or an array of them), so code that looks up
an offer's utility works unchanged; asking for the whole array raises `SpaceTooLargeError` with
a one-line explanation instead of exhausting memory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from dragoman._arrays import BoolArray, FloatArray, OutcomeIds
from dragoman.errors import DragomanError
from dragoman.limits import limit, refusal
from dragoman.model.outcomes import OutcomeSpace

__all__ = ["LazyMask", "LazyTable", "SpaceTooLargeError", "enumerable"]


def enumerable(space: OutcomeSpace) -> bool:
    """Whether whole-space arrays are built for `space` (the one place this is decided): up
    to the limit 'enumeration' (10^7 outcomes: 80 MB per party)."""
    return space.size <= limit("enumeration")


class SpaceTooLargeError(DragomanError):
    """A whole-space array was asked for on a space too large to enumerate."""

    def __init__(self, size: int, what: str) -> None:
        super().__init__(
            f"{what} cannot be tabulated (look up outcomes by index instead): "
            f"{refusal('enumeration', size)}"
        )


@dataclass(frozen=True)
class _Flags:
    """Stands for numpy's `flags`: a lazy table is never writeable."""

    writeable: bool = False


class _Lazy:
    """Per-outcome values of a huge space, computed for the outcome indices asked for."""

    def __init__(
        self, space: OutcomeSpace, compute: Callable[[OutcomeIds], npt.NDArray[Any]], what: str
    ) -> None:
        self.space = space
        self.size = space.size
        self.shape = (space.size,)
        self.ndim = 1
        self.flags = _Flags()
        self._compute = compute
        self._what = what

    def __len__(self) -> int:
        return self.size

    def _values(self, index: Any) -> npt.NDArray[Any]:
        idx = np.asarray(index)
        if idx.dtype == bool:
            raise SpaceTooLargeError(self.size, f"a boolean mask over {self._what}")
        if idx.dtype != object and not np.issubdtype(idx.dtype, np.integer):
            raise TypeError(f"outcomes are looked up by integer index, not {idx.dtype}")
        flat = self.space.ids(idx.ravel())
        return self._compute(flat).reshape(idx.shape)

    def __array__(self, dtype: Any = None, copy: Any = None) -> FloatArray:
        raise SpaceTooLargeError(self.size, self._what)


class LazyTable(_Lazy):
    """Utilities of outcomes, computed on demand: `table[k]` is a float, `table[array]` an array."""

    @overload
    def __getitem__(self, index: int | np.integer[Any]) -> float: ...
    @overload
    def __getitem__(self, index: npt.NDArray[Any] | list[int]) -> FloatArray: ...
    def __getitem__(self, index: Any) -> float | FloatArray:
        values = self._values(index)
        return float(values) if values.ndim == 0 else np.asarray(values, dtype=np.float64)


class LazyMask(_Lazy):
    """Red-line checks of outcomes, on demand: `mask[k]` is a bool, `mask[array]` an array."""

    @overload
    def __getitem__(self, index: int | np.integer[Any]) -> bool: ...
    @overload
    def __getitem__(self, index: npt.NDArray[Any] | list[int]) -> BoolArray: ...
    def __getitem__(self, index: Any) -> bool | BoolArray:
        values = self._values(index)
        return bool(values) if values.ndim == 0 else np.asarray(values, dtype=bool)

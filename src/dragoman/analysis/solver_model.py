"""The mixed-integer model behind the exact frontier of a space too large to enumerate.

Variables: one binary b[k, v] per value v of issue k (exactly one per issue; values outside the
red lines fixed to 0), and one variable z[r] in [0, 1] per multi-issue box r, tied to the
binaries so that z[r] = 1 exactly when the outcome lies inside the box:
    z[r] <= Σ_{v in A_rk} b[k, v]  for each issue k of the box,
    z[r] >= Σ_k Σ_{v in A_rk} b[k, v] - (m_r - 1).
Each party's raw utility is then linear: Σ unary b + Σ value z (value (1 - z) for an excluded
box) + a constant; one "level" row per party bounds it from below (the ε-constraints).

Coefficients are multiplied by a power of ten that makes them whole numbers when one exists
(`integer_scale`), so that solver tolerances cannot blur two different utilities: the levels
then step by exactly one unit. Everything here is plain numpy; the solver is in
`exact_frontier`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dragoman._arrays import BoolArray, FloatArray, IntArray
from dragoman.utility.terms import FlatTerms

__all__ = ["FrontierModel", "build_model", "integer_scale"]


#: Largest power of ten tried when looking for whole-number coefficients.
MAX_DECIMALS = 9


@dataclass(frozen=True)
class FrontierModel:
    """A MIP in row-wise sparse form, with each party's raw-utility row (scaled)."""

    col_lower: FloatArray
    col_upper: FloatArray
    integrality: npt.NDArray[np.int32]  # 1 = integer, 0 = continuous
    row_lower: FloatArray
    row_upper: FloatArray
    starts: npt.NDArray[np.int32]
    index: npt.NDArray[np.int32]
    value: FloatArray
    objectives: tuple[FloatArray, ...]  # per party: column coefficients of its scaled raw utility
    constants: tuple[float, ...]  # per party: scaled constant term
    level_rows: tuple[int, ...]  # per party: the row bounding its scaled raw utility from below
    value_columns: tuple[IntArray, ...]  # per issue: the columns of its values
    scale: float  # scaled raw = raw * scale
    integral: bool  # whether every scaled coefficient is a whole number

    @property
    def num_cols(self) -> int:
        """Number of variables."""
        return int(self.col_lower.size)

    def digits(self, solution: Sequence[float]) -> npt.NDArray[np.int16]:
        """The outcome (value positions) a solution picks: the largest b of each issue."""
        x = np.asarray(solution, dtype=np.float64)
        return np.array([int(np.argmax(x[cols])) for cols in self.value_columns], dtype=np.int16)


def integer_scale(values: npt.ArrayLike) -> tuple[float, bool]:
    """The smallest power of ten making every value whole, to rounding error (and True), else
    (10**6, False): with whole numbers, solver tolerances cannot merge two utilities."""
    v = np.asarray(values, dtype=np.float64)
    for decimals in range(MAX_DECIMALS + 1):
        scaled = v * 10.0**decimals
        slack = 1e-6 + 1e-12 * np.abs(scaled)  # float error of the decimal, not a fraction
        if np.all(np.abs(scaled - np.round(scaled)) <= slack):
            return 10.0**decimals, True
    return 1e6, False


Row = tuple[IntArray, FloatArray, float, float]  # columns, coefficients, lower, upper


def build_model(terms: Sequence[FlatTerms], allowed: Sequence[BoolArray]) -> FrontierModel:
    """The MIP whose feasible points are the outcomes inside `allowed` (per-issue masks)."""
    coefficients = [t.constant for t in terms] + [b.value for t in terms for b in t.boxes]
    coefficients += [float(x) for t in terms for table in t.unary for x in table]
    scale, integral = integer_scale(coefficients)
    radices = [mask.size for mask in allowed]
    starts = np.cumsum([0, *radices])[:-1]
    value_columns = tuple(
        np.arange(s, s + r, dtype=np.int64) for s, r in zip(starts, radices, strict=True)
    )
    rows: list[Row] = [(cols, np.ones(cols.size), 1.0, 1.0) for cols in value_columns]
    objectives, constants = _objectives(terms, scale, value_columns, rows)
    level_rows = []
    for objective in objectives:  # lower bounds set per solve
        cols = np.flatnonzero(objective).astype(np.int64)
        level_rows.append(len(rows))
        rows.append((cols, objective[cols], -np.inf, np.inf))
    n_boxes = sum(len(t.boxes) for t in terms)
    upper = np.concatenate([np.concatenate([m.astype(float) for m in allowed]), np.ones(n_boxes)])
    integral_columns = np.concatenate([np.ones(int(sum(radices))), np.zeros(n_boxes)])
    return FrontierModel(
        col_lower=np.zeros(upper.size),
        col_upper=upper,
        integrality=integral_columns.astype(np.int32),
        row_lower=np.array([r[2] for r in rows]),
        row_upper=np.array([r[3] for r in rows]),
        starts=np.cumsum([0] + [r[0].size for r in rows]).astype(np.int32),
        index=np.concatenate([r[0] for r in rows]).astype(np.int32),
        value=np.concatenate([r[1] for r in rows]).astype(np.float64),
        objectives=tuple(objectives),
        constants=tuple(constants),
        level_rows=tuple(level_rows),
        value_columns=value_columns,
        scale=scale,
        integral=integral,
    )


def _objectives(
    terms: Sequence[FlatTerms],
    scale: float,
    value_columns: tuple[IntArray, ...],
    rows: list[Row],
) -> tuple[list[FloatArray], list[float]]:
    """Each party's scaled raw utility as column coefficients and a constant; the rows tying
    each box's column to its issues are appended to `rows`."""
    n_values = sum(cols.size for cols in value_columns)
    n_boxes = sum(len(t.boxes) for t in terms)
    objectives, constants = [], []
    box_col = n_values
    for t in terms:
        objective = np.zeros(n_values + n_boxes)
        objective[:n_values] = np.round(np.concatenate(t.unary) * scale)
        constant = round(t.constant * scale)
        for box in t.boxes:
            rows.extend(_box_rows(box_col, box.axes, box.masks, value_columns))
            value = round(box.value * scale)
            objective[box_col] = -value if box.exclude else value
            constant += value if box.exclude else 0
            box_col += 1
        objectives.append(objective)
        constants.append(float(constant))
    return objectives, constants


def _box_rows(
    column: int,
    axes: tuple[int, ...],
    masks: tuple[BoolArray, ...],
    value_columns: tuple[IntArray, ...],
) -> list[Row]:
    """Rows tying z (column) to "every issue of the box takes an allowed value"."""
    rows = []
    inside_cols = []
    for axis, mask in zip(axes, masks, strict=True):
        cols = value_columns[axis][mask]
        inside_cols.append(cols)
        # z - Σ b <= 0
        rows.append((np.append(cols, column), np.append(-np.ones(cols.size), 1.0), -np.inf, 0.0))
    every = np.concatenate(inside_cols)
    # Σ b - z <= m - 1
    rows.append(
        (np.append(every, column), np.append(np.ones(every.size), -1.0), -np.inf, len(axes) - 1.0)
    )
    return rows

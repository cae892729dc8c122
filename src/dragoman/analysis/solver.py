"""The Pareto frontier of two parties on a space too large to enumerate, exactly, by the
ε-constraint method over a mixed-integer model solved with HiGHS (`highspy`).

Starting with no constraint: maximise party 0's utility subject to party 1's utility >= ε,
then maximise party 1's utility keeping party 0's at that best (so the point is not weakly
dominated); that is one frontier point; raise ε just above it and repeat until infeasible.
With whole-number coefficients (`frontier_model.integer_scale`) "just above" is one unit, so
no frontier point is skipped: the result is exact. One outcome is returned per frontier
point (outcomes with equal utilities are not enumerated).

Honest limits: a time limit (default `TIME_LIMIT`) stops the loop, and the result is then
flagged `exact=False`; so is a result from coefficients that could not be scaled to whole
numbers. More than two parties, `max`/`min` aggregations, or no `highspy` installed: the caller
uses `dragoman.analysis.search`, a sample plus local search, always flagged approximate.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from dragoman._arrays import BoolArray, Digits
from dragoman.analysis.frontier import Frontier, FrontierMethod
from dragoman.analysis.pareto import pareto_frontier
from dragoman.analysis.solver_model import FrontierModel, build_model
from dragoman.model.outcomes import OutcomeSpace
from dragoman.utility.terms import UtilityTerms

__all__ = ["TIME_LIMIT", "solver_available", "solver_frontier"]

#: Seconds the solver may spend on one frontier, in all.
TIME_LIMIT = 50.0


def solver_available() -> bool:
    """Whether HiGHS (the `highspy` package, extra `dragoman[solver]`) can be imported."""
    try:
        import highspy  # noqa: F401
    except ImportError:
        return False
    return True


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Silence file descriptor 1 (C code writes there directly), then restore it."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


class _Solver:
    """One HiGHS instance holding the model; `maximise` re-solves with new levels."""

    def __init__(self, model: FrontierModel, deadline: float) -> None:
        import highspy

        self.model, self.deadline = model, deadline
        with _quiet_stdout():  # HiGHS prints a banner on creation, before any option is set
            self.highs = highspy.Highs()  # type: ignore[no-untyped-call]  # untyped __init__
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("threads", 1)
        self.highs.setOptionValue("mip_rel_gap", 0.0)
        self.highs.setOptionValue("mip_abs_gap", 0.5 if model.integral else 1e-9)
        m = model
        self.highs.passModel(
            m.num_cols, m.row_lower.size, m.index.size, int(highspy.MatrixFormat.kRowwise),
            int(highspy.ObjSense.kMaximize), 0.0, np.zeros(m.num_cols), m.col_lower,
            m.col_upper, m.row_lower, m.row_upper, m.starts, m.index, m.value, m.integrality,
        )  # fmt: skip
        self._optimal = highspy.HighsModelStatus.kOptimal
        self._infeasible = highspy.HighsModelStatus.kInfeasible

    def maximise(self, party: int, levels: Sequence[float]) -> tuple[Digits | None, bool]:
        """The outcome maximising `party`'s raw utility with every party's scaled raw utility
        at least its level, and whether it is proven optimal (None, True: infeasible)."""
        m = self.model
        cols = np.arange(m.num_cols, dtype=np.int32)
        self.highs.changeColsCost(m.num_cols, cols, m.objectives[party])
        for row, level, constant in zip(m.level_rows, levels, m.constants, strict=True):
            self.highs.changeRowBounds(row, level - constant, math.inf)
        remaining = self.deadline - time.perf_counter()
        if remaining <= 0:
            return None, False
        self.highs.setOptionValue("time_limit", remaining)
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == self._infeasible:
            return None, True
        has_point = self.highs.getInfo().primal_solution_status == 2  # feasible
        digits = m.digits(self.highs.getSolution().col_value) if has_point else None
        return digits, status == self._optimal


def solver_frontier(
    terms: Sequence[UtilityTerms],
    allowed: Sequence[BoolArray],
    space: OutcomeSpace,
    time_limit: float = TIME_LIMIT,
) -> Frontier:
    """The exact two-party frontier by the ε-constraint method (see the module doc)."""
    if len(terms) != 2:
        raise ValueError(f"the solver frontier is for two parties (got {len(terms)})")
    start = time.perf_counter()
    model = build_model([t.flat() for t in terms], allowed)
    solver = _Solver(model, start + time_limit)
    caps = [t.cap * t.scale * model.scale for t in terms]  # scaled raw at which utility caps

    def scaled_raw(digits: Digits) -> list[float]:
        return [float(np.round(t.raw(digits[None, :])[0] * model.scale)) for t in terms]

    found: list[Digits] = []
    proven = True
    level1 = -math.inf
    while True:
        best, ok = solver.maximise(0, [-math.inf, level1])
        proven &= ok
        if best is None:
            break
        cap0 = math.ceil(caps[0] - 1e-9) if math.isfinite(caps[0]) else math.inf
        target0 = min(scaled_raw(best)[0], cap0)
        point, ok = solver.maximise(1, [target0, level1])
        proven &= ok
        point = best if point is None else point
        found.append(point)
        raw1 = scaled_raw(point)[1]
        if not ok or raw1 >= caps[1] - 1e-9:
            break
        level1 = raw1 + (1.0 if model.integral else 1e-6 * max(1.0, abs(raw1)))
    return _result(found, terms, space, start, proven, model.integral)


def _result(
    found: list[Digits],
    terms: Sequence[UtilityTerms],
    space: OutcomeSpace,
    start: float,
    proven: bool,
    integral: bool,
) -> Frontier:
    digits = np.array(found, dtype=np.int16).reshape(-1, len(space.issues))
    utilities = np.stack([t.of_raw(t.raw(digits)) for t in terms]) if found else np.zeros((2, 0))
    keep = pareto_frontier(utilities) if found else np.zeros(0, dtype=np.int64)
    notes = []
    if not proven:
        notes.append("the solver's time limit was reached: frontier points may be missing")
    if not integral:
        notes.append("coefficients were rounded to 1e-6: points closer than that may be merged")
    return Frontier(
        outcomes=space.index(digits[keep]) if found else space.ids([]),
        utilities=utilities[:, keep],
        exact=proven and integral,
        method=FrontierMethod.SOLVER,
        every_outcome=False,
        note="; ".join(notes) or "exact: every frontier point found and proven optimal",
        seconds=time.perf_counter() - start,
    )

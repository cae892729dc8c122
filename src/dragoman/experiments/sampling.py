"""Sampling a scenario's `uncertainty:` section: unit-uniform coordinates, one column per
dimension of each parameter (a Dirichlet over k issues has k), mapped to values by each
distribution's quantile function and applied with `Scenario.sampled` (which uses `revised`:
the scenario is never changed, and each variant derives its own compiled utilities).

Plain Monte Carlo draws the coordinates from `SeedSequence(seed, spawn_key=(0,))`; the Sobol
design (SALib's Saltelli scheme, each parameter one group) is drawn with the seed as well, so
the same seed gives the same samples whatever runs them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dragoman.errors import DragomanError
from dragoman.experiments.backends import interrupts_held
from dragoman.model.scenario import Scenario
from dragoman.model.uncertainty import Choice, Dirichlet, UncertainParameter, current

__all__ = ["Design", "design_of", "monte_carlo", "sobol_design"]


@dataclass(frozen=True)
class Design:
    """The uncertain parameters of a scenario and their coordinate columns."""

    parameters: tuple[UncertainParameter, ...]
    given: tuple[Any, ...]  # each parameter's value as written
    columns: tuple[tuple[int, int], ...]  # [start, stop) of each parameter's coordinates

    @property
    def dims(self) -> int:
        """Coordinates per sample."""
        return self.columns[-1][1]

    def assignments(self, u: np.ndarray) -> list[tuple[str, Any]]:
        """(path, value) of every parameter for one row of coordinates."""
        return [
            (p.path, p.distribution.value(u[a:b], g))
            for p, g, (a, b) in zip(self.parameters, self.given, self.columns, strict=True)
        ]

    def variant(self, scenario: Scenario, u: np.ndarray) -> tuple[Scenario, dict[str, float]]:
        """The concrete scenario of one row of coordinates, and the row `described`: each
        parameter's value is drawn once for both."""
        assignments = self.assignments(u)
        # Ctrl-C held to the end of the copy: pydantic-core takes an exception raised in a
        # Python serializer it calls as a warning and carries on, so a KeyboardInterrupt
        # landing there was lost and the study ran on
        with interrupts_held():
            sampled = scenario.sampled(assignments)
        return sampled, self.described(u, [v for _, v in assignments])

    def described(self, u: np.ndarray, values: Sequence[Any]) -> dict[str, float]:
        """Plain numbers describing a row whose parameters took `values`, for the samples
        table and rank correlations: each number (a choice of numbers: the number chosen);
        each weight of a Dirichlet (`label:issue`); a choice of red-line sets: its position
        (0-based, in the order written)."""
        out: dict[str, float] = {}
        for p, value, (a, b) in zip(self.parameters, values, self.columns, strict=True):
            d = p.distribution
            if isinstance(d, Dirichlet):
                for issue, w in value.items():
                    out[f"{p.name}:{issue}"] = float(w)
            elif isinstance(d, Choice) and not d.numeric:
                out[p.name] = float(d.position(u[a:b]))
            else:
                out[p.name] = float(value)
        return out

    def group_of(self, column: str) -> str:
        """The parameter a described column belongs to."""
        return column.split(":")[0] if ":" in column else column


def design_of(scenario: Scenario, file: str | None = None) -> Design:
    """The design of a scenario's uncertainty section (DragomanError if it has none, naming
    `file`, the scenario's file, else its title)."""
    if scenario.uncertainty is None:
        where = file or f"'{scenario.metadata.title}'"
        raise DragomanError(
            f"{where}: the scenario has no uncertainty section: give some preference numbers "
            "as distributions (docs/scenario-format.md, 'Uncertainty')"
        )
    parties = [p.model_dump(by_alias=True) for p in scenario.parties]
    parameters = scenario.uncertainty.parameters
    given = tuple(current(parties, p.path) for p in parameters)
    columns, start = [], 0
    for p, g in zip(parameters, given, strict=True):
        columns.append((start, start + p.distribution.dims(g)))
        start = columns[-1][1]
    return Design(tuple(parameters), given, tuple(columns))


def monte_carlo(design: Design, samples: int, seed: int) -> np.ndarray:
    """(samples, dims) independent uniform coordinates."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0,)))
    return rng.random((samples, design.dims))


def sobol_problem(design: Design) -> dict[str, Any]:
    """The SALib problem: every coordinate on [0, 1], grouped by parameter."""
    names = [f"x{k}" for k in range(design.dims)]
    groups = [p.name for p, (a, b) in zip(design.parameters, design.columns, strict=True)
              for _ in range(a, b)]  # fmt: skip
    return {"num_vars": design.dims, "names": names, "bounds": [[0.0, 1.0]] * design.dims,
            "groups": groups}  # fmt: skip


def sobol_design(design: Design, base: int, seed: int) -> np.ndarray:
    """Saltelli's design for first- and total-order indices: base * (groups + 2) rows."""
    try:
        from SALib.sample import sobol
    except ImportError:
        raise DragomanError(
            "the sensitivity ranking needs SALib: pip install 'dragoman[uncertainty]' "
            "(or give --sensitivity 0)"
        ) from None
    rows: np.ndarray = sobol.sample(
        sobol_problem(design), base, calc_second_order=False, scramble=True, seed=seed
    )
    clipped: np.ndarray = np.clip(rows, 0.0, np.nextafter(1.0, 0.0))
    return clipped


def rows_of(matrix: np.ndarray, chunk: int) -> Sequence[np.ndarray]:
    """The rows of a design cut into chunks (tasks for the backends)."""
    return [matrix[k : k + chunk] for k in range(0, len(matrix), chunk)]

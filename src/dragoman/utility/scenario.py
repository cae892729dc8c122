"""A scenario's compiled form: every party's utility, built once per scenario object.

`compiled(scenario)` derives it from the scenario's own data the first time it is asked for and
keeps it as long as that object lives (`dragoman._derived`); a copy or variant of the scenario
(`model_copy`, `revised`, `without_red_lines`, a sampled profile) is another object and derives
its own, so compiled state never outlives, or outlasts a change to, the data it came from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dragoman._arrays import BoolArray, FloatArray
from dragoman._derived import derived
from dragoman.model.outcomes import OutcomeSpace
from dragoman.model.scenario import Scenario
from dragoman.utility.compiled_utility import CompiledUtility, compile_preferences
from dragoman.utility.masks import RedLineMask, allowed_values

__all__ = ["CompiledScenario", "compiled"]


@dataclass(frozen=True)
class CompiledScenario:
    """The negotiating parties' compiled utilities over the scenario's outcome space."""

    space: OutcomeSpace
    parties: tuple[str, ...]
    utilities: tuple[CompiledUtility, ...]

    @property
    def reservation(self) -> FloatArray:
        """Each party's reservation value, in party order."""
        return np.array([u.reservation_value for u in self.utilities], dtype=np.float64)

    def red_lines(self) -> list[tuple[str, int, RedLineMask]]:
        """Every red line: (party, its number among the party's red lines, its mask)."""
        return [
            (name, k, mask)
            for name, utility in zip(self.parties, self.utilities, strict=True)
            for k, mask in enumerate(utility.red_line_masks)
        ]

    def allowed(self, red_lines: bool = True) -> tuple[BoolArray, ...]:
        """Per issue, the values every party's red lines accept (all, if `red_lines` is False)."""
        masks = [mask for _, _, mask in self.red_lines()] if red_lines else []
        return allowed_values(self.space.radices, masks)


def compiled(scenario: Scenario) -> CompiledScenario:
    """The compiled form of `scenario`, built once per scenario object (see the module doc)."""
    return derived(scenario, "compiled", lambda: _compile(scenario))


def _compile(scenario: Scenario) -> CompiledScenario:
    space = scenario.outcome_space
    parties = tuple(p for p in scenario.negotiators if p.preferences is not None)
    return CompiledScenario(
        space=space,
        parties=tuple(p.name for p in parties),
        utilities=tuple(compile_preferences(p.preferences, space) for p in parties),  # type: ignore[arg-type]
    )

"""GENIUS nonlinear (hyper-rectangle) profiles evaluated one outcome at a time (test helper).

An independent, slow reading of ANAC 2014 profiles written from GENIUS's Java sources
(`NonlinearUtilitySpace`, `UtilityFunction`, `InclusiveHyperRectangle`,
`ExclusiveHyperRectangle`), without looking at Dragoman: a loop over rectangles per outcome.
An outcome is a dict {GENIUS issue index: integer value}.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET

__all__ = ["NonlinearProfile", "read_nonlinear_profile", "read_pareto_xml"]

MAX_INT = 2**31 - 1  # Java's Integer.MAX_VALUE, GENIUS's start for max/min aggregations


class NonlinearProfile:
    """A nonlinear profile: `utility(outcome)` as GENIUS computes it."""

    def __init__(self, root: Any) -> None:
        utility = root.find("objective").find("utility")
        self.max_utility = float(utility.get("maxutility"))
        self.function = utility.find("ufun")
        reservation = root.find("reservation")
        self.reservation = 0.0 if reservation is None else float(reservation.get("value"))

    def raw(self, outcome: dict[int, int], function: Any = None) -> float:
        """The function's value (GENIUS `UtilityFunction.getUtility`)."""
        function = self.function if function is None else function
        aggregation = function.get("aggregation", "sum")
        total = {"sum": 0.0, "max": -MAX_INT, "min": MAX_INT}[aggregation]
        terms = [self._rectangle(outcome, r) for r in function.findall("hyperRectangle")]
        terms += [
            self.raw(outcome, f) * float(f.get("weight", 1)) for f in function.findall("ufun")
        ]
        for term in terms:
            if aggregation == "sum":
                total += term
            elif aggregation == "max":
                total = max(total, term)
            else:
                total = min(total, term)
        return total

    @staticmethod
    def _rectangle(outcome: dict[int, int], rect: Any) -> float:
        value = float(rect.get("utility")) * float(rect.get("weight", 1))
        excludes = rect.findall("EXCLUDES")
        bounds = excludes or rect.findall("INCLUDES")
        inside = all(
            int(b.get("min")) <= outcome[int(b.get("index"))] <= int(b.get("max")) for b in bounds
        )
        if excludes:
            return 0.0 if inside else value
        return value if inside else 0.0

    def utility(self, outcome: dict[int, int]) -> float:
        """raw / maxutility, capped at 1 (GENIUS `NonlinearUtilitySpace.getUtility`)."""
        return min(1.0, self.raw(outcome) / self.max_utility)


def read_nonlinear_profile(path: Path) -> NonlinearProfile:
    """Parse a `utility_space type="nonlinear"` file."""
    root = SafeET.parse(path).getroot()
    assert root.get("type") == "nonlinear", f"{path} is not a nonlinear profile"
    return NonlinearProfile(root)


def read_pareto_xml(path: Path) -> list[tuple[float, ...]]:
    """GENIUS's `pareto.xml`: plain text, one "u1, u2" frontier point per line (distinct)."""
    points = []
    for line in path.read_text().splitlines():
        if line.strip():
            point = tuple(float(x) for x in line.split(","))
            if point not in points:
                points.append(point)
    return points

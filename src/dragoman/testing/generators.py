"""Generated scenarios for tests and benchmarks: linear-additive negotiations of any size.

`additive_scenario(issues, values)` has `values ** issues` outcomes (10^30 for 30 issues of 10
values) with opposed, seeded preferences: each party scores the values of an issue roughly the
reverse of the others, with random weights, so the frontier is a real trade-off curve.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dragoman.model.scenario import Scenario

__all__ = ["additive_scenario"]


def additive_scenario(
    issues: int,
    values: int,
    *,
    parties: int = 2,
    seed: int = 0,
    reservation: float = 0.3,
    red_lines: bool = False,
) -> Scenario:
    """A linear-additive scenario with `values ** issues` outcomes (see the module doc); with
    `red_lines`, the first party forbids the worst value of each of the first three issues."""
    rng = np.random.default_rng(seed)
    names = [f"issue{k:02d}" for k in range(issues)]
    labels = [f"v{j}" for j in range(values)]
    base = rng.random((issues, values))
    data: dict[str, Any] = {
        "metadata": {"title": f"Generated: {issues} issues of {values} values"},
        "issues": [{"name": n, "kind": "categorical", "values": labels} for n in names],
        "parties": [
            _party(p, base, names, labels, rng, reservation, red_lines) for p in range(parties)
        ],
        "deadline_steps": 200,
    }
    return Scenario.from_data(data)


def _party(
    p: int,
    base: np.ndarray,
    names: list[str],
    labels: list[str],
    rng: np.random.Generator,
    reservation: float,
    red_lines: bool,
) -> dict[str, Any]:
    """Party `p`: scores near `base` (party 0) or near its reverse (the others)."""
    noise = rng.normal(0.0, 0.15, base.shape)
    scores = np.clip((base if p == 0 else 1.0 - base) + (noise if p else 0.0), 0.0, 1.0)
    weights = rng.dirichlet(np.ones(len(names)))
    weights = weights / weights.sum()
    prefs: dict[str, Any] = {
        "weights": dict(zip(names, weights.tolist(), strict=True)),
        "values": {
            n: {"scores": dict(zip(labels, np.round(scores[k], 3).tolist(), strict=True))}
            for k, n in enumerate(names)
        },
        "reservation_value": reservation,
    }
    if red_lines and p == 0:
        prefs["red_lines"] = [
            {"issue": n, "forbidden": [labels[int(np.argmin(scores[k]))]]}
            for k, n in enumerate(names[:3])
        ]
    return {"name": f"P{p}", "preferences": prefs}

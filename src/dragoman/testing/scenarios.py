"""Random small scenarios for conformance checks: opposed interests, a red line, reservation
values, and, when asked, mediators with uneven reach (as in the flagship, where one mediator
reaches only one side)."""

from __future__ import annotations

import string
from typing import Any

import numpy as np

from dragoman.model.scenario import Scenario

__all__ = ["random_scenario"]


def random_scenario(
    rng: np.random.Generator,
    issues: int = 3,
    values: int = 4,
    parties: int = 2,
    mediators: int = 0,
) -> Scenario:
    """A small random scenario with opposed interests: an integer issue the parties pull apart,
    categorical issues scored in roughly opposite orders, random weights and reservation values,
    and a red line of the first party. With `mediators`, the first reaches every party both
    ways, the others a random part of them; mediators reach each other, and the parties talk
    directly or, at random, only through mediators."""
    if issues < 2 or values < 2 or parties < 2 or mediators < 0:
        raise ValueError("a random scenario needs >= 2 issues, >= 2 values, >= 2 parties")
    space: list[dict[str, Any]] = [{"name": "i0", "kind": "integer", "min": 0, "max": values - 1}]
    labels = [f"v{j}" for j in range(values)]
    space += [{"name": f"i{k}", "kind": "categorical", "values": labels} for k in range(1, issues)]
    base = rng.random((issues, values))
    names = [string.ascii_uppercase[k % 26] + ("" if k < 26 else str(k)) for k in range(parties)]
    seats = [
        {"name": name, "preferences": _preferences(rng, base, k, labels)}
        for k, name in enumerate(names)
    ]
    data: dict[str, Any] = {
        "metadata": {"title": "Random small scenario (conformance test)"},
        "issues": space,
        "parties": seats,
        "deadline_steps": 40,
    }
    if mediators:
        helpers = [f"M{k}" for k in range(mediators)]
        data["parties"] += [{"name": m, "role": "mediator"} for m in helpers]
        data["channels"] = _channels(rng, names, helpers)
    return Scenario.from_data(data)


def _preferences(
    rng: np.random.Generator, base: np.ndarray[Any, Any], k: int, labels: list[str]
) -> dict[str, Any]:
    """The `k`-th party's preferences: even parties like what odd ones dislike."""
    issues, values = base.shape
    scoring: dict[str, Any] = {"i0": {"linear": "increasing" if k % 2 == 0 else "decreasing"}}
    for i in range(1, issues):
        mine = base[i] if k % 2 == 0 else 1.0 - base[i]
        scores = np.clip(mine + rng.normal(0.0, 0.15, values), 0, 1).round(3).tolist()
        scoring[f"i{i}"] = {"scores": dict(zip(labels, scores, strict=True))}
    weights = rng.dirichlet(np.ones(issues)).tolist()
    prefs: dict[str, Any] = {
        "weights": {f"i{i}": w for i, w in enumerate(weights)},
        "values": scoring,
        "reservation_value": round(float(rng.uniform(0.0, 0.4)), 3),
    }
    if k == 0:
        prefs["red_lines"] = [{"issue": "i1", "forbidden": [labels[0]]}]
    return prefs


def _channels(
    rng: np.random.Generator, parties: list[str], mediators: list[str]
) -> list[dict[str, Any]]:
    """Directed channels: the first mediator reaches every party both ways, each other one
    reaches and hears a random part of them; mediators talk to each other."""
    reach = {m: set(parties) if k == 0 else set() for k, m in enumerate(mediators)}
    hear = {m: set(parties) if k == 0 else set() for k, m in enumerate(mediators)}
    for m in mediators[1:]:
        reach[m] = {p for p in parties if rng.random() < 0.5}
        hear[m] = {p for p in parties if rng.random() < 0.5}
    direct = bool(rng.random() < 0.5)
    out: dict[str, list[str]] = {}
    for p in parties:
        talks_to = [q for q in parties if q != p] if direct else []
        out[p] = talks_to + [m for m in mediators if p in hear[m]]
    for m in mediators:
        out[m] = [p for p in parties if p in reach[m]] + [c for c in mediators if c != m]
    return [{"from": s, "to": to} for s, to in out.items() if to]

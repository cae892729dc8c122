"""The results table of a tournament: one row per negotiation, as an Arrow table.

Columns: `cell` (the cell's key), `index`, `scenario`, `rotation`, `protocol`, `mediator`,
`repetition`, `seed`, `engine`, `status`, `steps`, `offers`, `wall_time` (seconds; for the
batched engine the batch's time divided among its negotiations); per party seat i (1-based, in
the scenario's order) `party_i`, `agent_i`, `utility_i`, `advantage_i` (utility minus the
reservation value), `discounted_i` (U * d**t at the time of agreement); then `welfare` (the sum
of the utilities), `pareto_distance`, `nash_distance`, `ks_distance` (Euclidean, in utility
space, to the frontier, the Nash point and the Kalai-Smorodinsky point inside every red line;
null when the scenario has none), `on_frontier`; per mediator seat j of a mediated protocol
`mediator_j`, `mediator_j_strategy`, `mediator_j_proposals` (texts and offers it put forward),
`mediator_j_relays`. A negotiation without agreement gives each party its reservation value
(undiscounted), and its distances are measured from that point. The frontier and solutions
come from the scenario's bargaining problem, computed once (`bargaining_problem`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from dragoman.analysis.metrics import nash_distance, on_frontier, pareto_distance
from dragoman.analysis.problem import bargaining_problem
from dragoman.experiments.cells import scenario_name
from dragoman.experiments.play import Played

__all__ = ["IDENTITY", "ordered", "results_table", "rows_of"]

#: The columns that say which negotiation a row is.
IDENTITY = ("cell", "index", "scenario", "rotation", "protocol", "mediator", "repetition", "seed")


def rows_of(played: Played) -> list[dict[str, Any]]:
    """The rows of one scenario variant's negotiations."""
    problem = bargaining_problem(played.scenario)
    frontier = problem.frontier.utilities
    targets = {
        key: None if problem.solution(key) is None else frontier[:, problem.solutions[key]]
        for key in ("nash", "kalai_smorodinsky")
    }
    reservation = problem.reservation
    measured: dict[int | None, dict[str, Any]] = {}
    rows = []
    for k, cell in enumerate(played.cells):
        agreed = played.agreement[k]
        if agreed not in measured:
            point = reservation if agreed is None else problem.utilities_of([agreed])[:, 0]
            measured[agreed] = _distances(point, frontier, targets)
        utilities = played.utilities[k] or tuple(float(r) for r in reservation)
        discounted = played.discounted[k] or utilities
        row: dict[str, Any] = {
            "cell": cell.key, "index": cell.index, "scenario": scenario_name(cell.scenario),
            "rotation": cell.rotation, "protocol": cell.protocol, "mediator": cell.mediator,
            "repetition": cell.repetition, "seed": cell.seed, "engine": played.engine[k],
            "status": played.status[k], "steps": played.steps[k], "offers": played.offers[k],
            "wall_time": played.wall_time[k],
        }  # fmt: skip
        for i, party in enumerate(played.scenario.negotiators):
            row[f"party_{i + 1}"] = party.name
            row[f"agent_{i + 1}"] = cell.agents[i]
            row[f"utility_{i + 1}"] = utilities[i]
            row[f"advantage_{i + 1}"] = utilities[i] - float(reservation[i])
            row[f"discounted_{i + 1}"] = discounted[i]
        row["welfare"] = float(sum(utilities))
        row.update(measured[agreed])
        for j, (name, (strategy, proposals, relays)) in enumerate(played.mediators[k].items()):
            row[f"mediator_{j + 1}"] = name
            row[f"mediator_{j + 1}_strategy"] = strategy
            row[f"mediator_{j + 1}_proposals"] = proposals
            row[f"mediator_{j + 1}_relays"] = relays
        rows.append(row)
    return rows


def _distances(
    point: np.ndarray, frontier: np.ndarray, targets: dict[str, np.ndarray | None]
) -> dict[str, Any]:
    nash, ks = targets["nash"], targets["kalai_smorodinsky"]
    return {
        "pareto_distance": pareto_distance(point, frontier) if frontier.size else None,
        "nash_distance": None if nash is None else nash_distance(point, nash),
        "ks_distance": None if ks is None else nash_distance(point, ks),  # the same norm
        "on_frontier": on_frontier(point, frontier) if frontier.size else False,
    }


def results_table(played: Sequence[Played]) -> pa.Table:
    """The rows of every group as one table, in cell order, columns in a fixed order."""
    rows = [row for group in played for row in rows_of(group)]
    names = list(dict.fromkeys(name for row in rows for name in row))
    return ordered(pa.table({name: [row.get(name) for row in rows] for name in names}))


def ordered(table: pa.Table) -> pa.Table:
    """Rows by cell index; columns as the module doc lists them (seats and mediators by
    number), so equal results give equal tables whatever the order they were run in."""
    if "index" in table.column_names and table.num_rows:
        table = table.sort_by("index")
    return table.select(sorted(table.column_names, key=_column_rank))


_HEAD = (*IDENTITY, "engine", "status", "steps", "offers", "wall_time")
_SEAT = ("party", "agent", "utility", "advantage", "discounted")
_TAIL = ("welfare", "pareto_distance", "nash_distance", "ks_distance", "on_frontier")
_MEDIATOR = ("", "_strategy", "_proposals", "_relays")


def _column_rank(name: str) -> tuple[int, int, int]:
    if name in _HEAD:
        return 0, 0, _HEAD.index(name)
    if name in _TAIL:
        return 2, 0, _TAIL.index(name)
    stem, _, rest = name.partition("_")
    if stem in _SEAT and rest.isdigit():
        return 1, int(rest), _SEAT.index(stem)
    if stem == "mediator":
        number, _, suffix = rest.partition("_")
        if number.isdigit():
            return 3, int(number), _MEDIATOR.index(f"_{suffix}" if suffix else "")
    return 4, 0, 0

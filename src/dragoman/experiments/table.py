"""The results table of a tournament: one row per negotiation, as an Arrow table.

Columns: `cell` (the cell's key), `index`, `scenario`, `rotation`, `protocol`, `mediator`,
`repetition`, `seed`, `engine`, `status`, `agreement` (the agreed outcome's index in the
scenario's outcome space, null without one), `agreement_values` (the agreed outcome as a JSON
object, issue name to value in the scenario's order of issues, each value typed as its issue's
kind, as NegMAS records an agreement as a tuple of issue values; null without one), `steps`,
`offers`, `wall_time` (seconds; for the
batched engine the time of the task's one batched call, every scenario variant in it, divided
evenly among its negotiations: its cost is per step far more than per negotiation); per party
seat i (1-based, in the scenario's order) `party_i` (the seat), `preferences_i` (the party
whose preferences the seat plays: party i + rotation), `agent_i`, `utility_i`, `advantage_i`
(utility minus the reservation value), `discounted_i` (U * d**t at the time of agreement); then
`welfare` (the sum of the utilities), `pareto_distance`, `nash_distance`, `ks_distance`
(Euclidean, in utility space, to the frontier, the Nash point and the Kalai-Smorodinsky point
inside every red line; null when the scenario has none), `on_frontier`; per mediator seat j of
a mediated protocol `mediator_j`, `mediator_j_strategy`, `mediator_j_proposals` (texts and
offers it put forward), `mediator_j_relays`. A negotiation without agreement gives each party
its reservation value (undiscounted), and its distances are measured from that point. The
frontier and solutions come from the scenario's bargaining problem, computed once
(`bargaining_problem`). The table is built column by column (Arrow arrays from numpy columns,
never a dict per row), every distinct agreement of a variant assessed once, all of them in one
vectorised call. Parts stored before `agreement` existed read back with both agreement
columns null (`ordered` adds what a table lacks). Rows read back from an output folder are
`conformed` to the cells of the run: the table a fresh run of them gives, whatever else the
folder holds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from dragoman.analysis.metrics import distances_to, frontier_distances, on_frontier_each
from dragoman.analysis.problem import BargainingProblem, bargaining_problem
from dragoman.experiments.cells import Cell, scenario_name
from dragoman.experiments.play import Played

__all__ = ["IDENTITY", "columns_of", "conformed", "ordered", "results_table"]

#: The columns that say which negotiation a row is.
IDENTITY = ("cell", "index", "scenario", "rotation", "protocol", "mediator", "repetition", "seed")


def columns_of(played: Played) -> pa.Table:
    """The rows of one scenario variant's negotiations, built column by column; every
    distinct agreement assessed once, all of them in one vectorised call."""
    problem = bargaining_problem(played.scenario)
    cells, parties = played.cells, played.scenario.negotiators
    reservation = tuple(float(r) for r in problem.reservation)
    utilities = np.array([u or reservation for u in played.utilities], dtype=np.float64)
    utilities = utilities.reshape(len(cells), len(parties))
    discounted = utilities.copy()  # no agreement: the undiscounted reservation values
    agreed = np.array([d is not None for d in played.discounted], dtype=bool)
    if agreed.any():
        discounted[agreed] = [d for d in played.discounted if d is not None]
    identity = _identity(cells)
    columns: dict[str, Any] = {
        **{name: identity[name] for name in IDENTITY}, "engine": played.engine,
        "status": played.status, **_agreements(played), "steps": played.steps,
        "offers": played.offers, "wall_time": played.wall_time,
    }  # fmt: skip
    names = [party.name for party in parties]
    for i, party in enumerate(parties):
        columns[f"party_{i + 1}"] = [party.name] * len(cells)
        # whose preferences the seat plays under the cell's rotation (`rotated`)
        columns[f"preferences_{i + 1}"] = [
            names[(i + r) % len(names)] for r in identity["rotation"]
        ]
        columns[f"agent_{i + 1}"] = [agents[i] for agents in identity["agents"]]
        columns[f"utility_{i + 1}"] = utilities[:, i]
        columns[f"advantage_{i + 1}"] = utilities[:, i] - reservation[i]
        columns[f"discounted_{i + 1}"] = discounted[:, i]
    columns["welfare"] = utilities.sum(axis=1)
    columns.update(_assessed(played, problem))
    columns.update(_mediator_columns(played))
    return pa.table(columns)


def _identity(cells: Sequence[Cell]) -> dict[str, list[Any]]:
    """The cells' fields as columns (one transposition, not a pass per field); the scenario
    column holds each reference's short name."""
    fields = [list(f) for f in zip(*cells, strict=True)] or [[] for _ in Cell._fields]
    columns = dict(zip(Cell._fields, fields, strict=True))
    names = {reference: scenario_name(reference) for reference in set(columns["scenario"])}
    columns["scenario"] = [names[reference] for reference in columns["scenario"]]
    return {"cell": columns["key"], **columns}


def _agreements(played: Played) -> dict[str, pa.Array]:
    """The agreed outcome of each negotiation: its index and its values as a JSON object
    (both null without an agreement), each distinct agreement decoded once."""
    space = played.scenario.outcome_space
    texts = {
        a: json.dumps(space.values(a), ensure_ascii=False)
        for a in set(played.agreement) if a is not None
    }  # fmt: skip
    return {
        "agreement": pa.array(played.agreement, pa.int64()),
        "agreement_values": pa.array([texts.get(a) if a is not None else None
                                      for a in played.agreement], pa.string()),
    }  # fmt: skip


def _assessed(played: Played, problem: BargainingProblem) -> dict[str, Any]:
    """Distances to the frontier, the Nash and the KS point, and the on-frontier flag of each
    negotiation (no agreement: measured from the reservation point)."""
    agreed = np.array([-1 if a is None else a for a in played.agreement], dtype=np.int64)
    distinct, which = np.unique(agreed, return_inverse=True)
    points = np.repeat(problem.reservation[:, None].astype(np.float64), distinct.size, axis=1)
    if (distinct >= 0).any():
        points[:, distinct >= 0] = problem.utilities_of(distinct[distinct >= 0])
    frontier = problem.frontier.utilities
    n = len(played.cells)
    found: dict[str, Any] = {
        "pareto_distance": frontier_distances(points, frontier)[which] if frontier.size else None,
        "on_frontier": on_frontier_each(points, frontier)[which] if frontier.size else False,
    }
    for column, key in (("nash_distance", "nash"), ("ks_distance", "kalai_smorodinsky")):
        if problem.solution(key) is None:
            found[column] = None
        else:
            target = frontier[:, problem.solutions[key]]
            found[column] = distances_to(points, target)[which]
    return {k: [v] * n if v is None or v is False else v for k, v in found.items()}


def _mediator_columns(played: Played) -> dict[str, list[Any]]:
    """Per mediator seat j: its name, strategy, proposals and relays (None where a
    negotiation had no mediator)."""
    columns: dict[str, list[Any]] = {}
    n = len(played.cells)
    if not any(played.mediators):  # no mediator anywhere (every batched negotiation)
        return columns
    for k, mediators in enumerate(played.mediators):
        for j, (name, values) in enumerate(mediators.items()):
            for suffix, value in zip(_MEDIATOR, (name, *values), strict=True):
                columns.setdefault(f"mediator_{j + 1}{suffix}", [None] * n)[k] = value
    return columns


def results_table(played: Sequence[Played]) -> pa.Table:
    """The rows of every group as one table, in cell order, columns in a fixed order."""
    tables = [columns_of(group) for group in played if group.cells]
    if not tables:
        return pa.table({})
    return ordered(pa.concat_tables(tables, promote_options="default"))


def ordered(table: pa.Table) -> pa.Table:
    """Rows by cell index; columns as the module doc lists them (seats and mediators by
    number), so equal results give equal tables whatever the order they were run in; a table
    stored before a column of every row existed (`agreement`, `agreement_values`) gets it,
    null."""
    if table.num_rows or table.num_columns:
        for name, kind in _ADDED.items():
            if name not in table.column_names:
                table = table.append_column(name, pa.nulls(table.num_rows, kind))
    if "index" in table.column_names and table.num_rows:
        table = table.sort_by("index")
    return table.select(sorted(table.column_names, key=_column_rank))


def conformed(table: pa.Table, cells: Sequence[Cell]) -> pa.Table:
    """The rows of `cells` (one per cell, read back from stored parts, perhaps written by runs
    of other configurations) as a fresh run of these cells alone gives them: `index` each
    cell's place in this run's order, the rows in that order; no columns of a party or
    mediator seat that none of these rows has (a part shared with another configuration's
    cells holds them, null here), and a column null in every row of the null type, as Arrow
    infers it for a run of such rows (but the typed `agreement` columns)."""
    places = {cell.key: cell.index for cell in cells}
    index = pa.array([places[k] for k in table.column("cell").to_pylist()], pa.int64())
    if "index" in table.column_names:
        table = table.set_column(table.column_names.index("index"), "index", index)
    else:
        table = table.append_column("index", index)
    empty = {n for n in table.column_names if table.column(n).null_count == table.num_rows}
    absent: set[str] = set()
    for name in empty:
        stem, _, number = name.partition("_")
        if stem == "party" and number.isdigit():
            absent.update(f"{seat}_{number}" for seat in _SEAT)
        elif stem == "mediator" and number.isdigit():
            absent.update(f"mediator_{number}{suffix}" for suffix in _MEDIATOR)
    table = table.drop_columns([n for n in table.column_names if n in absent])
    for name in sorted(empty - absent - set(_ADDED)):
        if table.schema.field(name).type != pa.null():
            k = table.column_names.index(name)
            table = table.set_column(k, name, pa.nulls(table.num_rows))
    return ordered(table)


_HEAD = (*IDENTITY, "engine", "status", "agreement", "agreement_values", "steps", "offers",
         "wall_time")  # fmt: skip
#: Columns newer than some stored parts, with their types (`ordered` fills them with nulls).
_ADDED = {"agreement": pa.int64(), "agreement_values": pa.string()}
_SEAT = ("party", "preferences", "agent", "utility", "advantage", "discounted")
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

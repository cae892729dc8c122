"""Scores per strategy on the ANL scoring axes, each a mean with its 95% confidence interval.

Every negotiation counts once for each seat an agent sat at (self-play: twice for the same
agent). Axes: `advantage` (utility minus the reservation value, the ANL's main score),
`utility`, `welfare` (the sum of the parties' utilities), `nash_distance` and `ks_distance`
(lower is better). Each axis's mean is over the seats with a value (`AXIS_n` of them: a
scenario with no Nash or Kalai-Smorodinsky point gives no distance; none at all: null). The
interval is mean ± 1.96 · s / √n (s the sample standard deviation): the normal approximation,
fine for the hundreds of negotiations a tournament gives each agent, too narrow for a handful.
"""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["AXES", "SCHEMA", "Z95", "mean_interval", "strategy_scores"]

#: The scoring axes, in the order reported.
AXES = ("advantage", "utility", "welfare", "nash_distance", "ks_distance")
#: The normal quantile of a two-sided 95% interval.
Z95 = 1.959963984540054


def mean_interval(values: np.ndarray) -> tuple[float, float, float]:
    """(mean, low, high) of the 95% interval of the mean, NaNs left out (all NaN: NaN)."""
    v = values[~np.isnan(values)]
    if v.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(v.mean())
    half = Z95 * float(v.std(ddof=1)) / math.sqrt(v.size) if v.size > 1 else math.nan
    return mean, mean - half, mean + half


def strategy_scores(results: pa.Table) -> pa.Table:
    """One row per strategy: negotiations, agreement rate, and each axis's mean, low, high;
    best advantage first."""
    seats = sorted(
        int(name.split("_")[1]) for name in results.column_names if name.startswith("agent_")
    )
    agreement = _values(results.column("status")) == "agreement"
    agents: list[np.ndarray] = []
    agreed: list[np.ndarray] = []
    axes: dict[str, list[np.ndarray]] = {axis: [] for axis in AXES}
    for seat in seats:
        column = results.column(f"agent_{seat}")
        present = pc.is_valid(column).to_numpy()
        agents.append(_values(column)[present])
        agreed.append(agreement[present])
        for axis in AXES:
            name = f"{axis}_{seat}" if axis in ("advantage", "utility") else axis
            floats = results.column(name).cast(pa.float64()).fill_null(math.nan)
            axes[axis].append(floats.to_numpy()[present])
    joined = {axis: np.concatenate(parts) for axis, parts in axes.items()}
    return _table(np.concatenate(agents), np.concatenate(agreed), joined)


def _values(column: pa.ChunkedArray) -> np.ndarray:
    """A column as a numpy array (objects for text)."""
    return np.asarray(column.to_numpy(), dtype=object)


#: The scores table's columns: per axis its mean, interval and the values it is taken over.
SCHEMA = pa.schema(
    [("strategy", pa.string()), ("negotiations", pa.int64()), ("agreement_rate", pa.float64())]
    + [
        (f"{axis}{end}", pa.int64() if end == "_n" else pa.float64())
        for axis in AXES
        for end in ("", "_low", "_high", "_n")
    ]
)


def _table(agents: np.ndarray, agreed: np.ndarray, axes: dict[str, np.ndarray]) -> pa.Table:
    """One row per strategy (see `strategy_scores`): an axis's `AXIS_n` counts the seats with a
    value (a scenario with no Nash point gives none); a mean or an end with no value is null,
    as a missing value is in the results table."""
    rows = []
    names, codes = np.unique(agents.astype(str), return_inverse=True)  # sorted, as codes
    for code, agent in enumerate(names.tolist()):
        mask = codes == code
        row: dict[str, object] = {
            "strategy": agent,
            "negotiations": int(mask.sum()),
            "agreement_rate": float(agreed[mask].mean()),
        }
        for axis, values in axes.items():
            found = values[mask]
            mean, low, high = (None if math.isnan(v) else v for v in mean_interval(found))
            row.update({axis: mean, f"{axis}_low": low, f"{axis}_high": high})
            row[f"{axis}_n"] = int(np.count_nonzero(~np.isnan(found)))
        rows.append(row)
    rows.sort(key=_best_first)
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def _best_first(row: dict[str, object]) -> tuple[float, str]:
    """Best mean advantage first (none last), then by name."""
    advantage = row["advantage"]
    return -advantage if isinstance(advantage, float) else math.inf, str(row["strategy"])

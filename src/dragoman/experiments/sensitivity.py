"""Which assumption matters most: variance-based Sobol indices of a study's target over the
uncertain parameters (SALib: Saltelli's design, first-order S1 and total-order ST, each with its
95% bootstrap interval; every parameter one group, so a Dirichlet weight vector counts as one
assumption), and Spearman rank correlations of the target with each parameter over the plain
Monte Carlo samples (for a weight vector, the largest in size of its weights').

A rank correlation is an effect only when significant after correcting for testing many: a
weight vector's p-value is Bonferroni's over its k weights (k x the smallest p), and the
parameters' p-values are then adjusted by Holm's step-down over all parameters tested, so the
chance that any parameter without an effect is called measurable stays under `SIGNIFICANCE`.

An index is a share of the variance, in [0, 1]; SALib's estimates can fall outside it (an ST
of 1.4, an S1 of -0.05) when the design is small: estimator noise. The table keeps the raw
estimate and says so (`S1_clipped`, `ST_clipped`); ranking and measurability read ST clipped
to [0, 1] (`clipped`), the value the terminal shows.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyarrow as pa

from dragoman.errors import DragomanError
from dragoman.experiments.sampling import Design, sobol_problem

__all__ = ["TARGETS", "clipped", "holm", "outside", "sensitivity_table", "target_values"]

#: What a sensitivity ranking can explain.
TARGETS = ("zopa", "welfare", "survival", "agreement")


def target_values(records: list[dict[str, Any]], target: str, parties: list[str]) -> np.ndarray:
    """The target of every record: a ZOPA exists (1/0); the welfare of the deal (the sum of
    the parties' utilities of the agreement, else of the Nash outcome; 0 without a deal); its
    chance of completing every phase (0 without a deal); an agreement reached (1/0)."""
    if target not in TARGETS:
        raise DragomanError(f"unknown target {target!r} (use one of {', '.join(TARGETS)})")
    out = []
    for r in records:
        if target == "zopa":
            out.append(float(r["zopa"]))
        elif target == "survival":
            out.append(float(r.get("survival") or 0.0))
        elif target == "agreement":
            out.append(float(r.get("status") == "agreement"))
        else:
            key = "utility" if "status" in r else "nash_utility"
            values = [r.get(f"{key}:{p}") for p in parties]
            deal = r.get("deal") is not None
            out.append(float(sum(v for v in values if v is not None)) if deal else 0.0)
    return np.array(out, dtype=float)


#: A rank correlation counts as an effect below this two-sided p-value, adjusted for the
#: number of tests (Bonferroni over a weight vector's weights, Holm over the parameters).
SIGNIFICANCE = 0.01


def sensitivity_table(
    design: Design, sobol_y: np.ndarray | None, samples: pa.Table, y: np.ndarray, seed: int
) -> pa.Table:
    """One row per parameter: S1, ST and their intervals (when a Sobol design was run, the
    raw estimates, `S1_clipped`/`ST_clipped` saying one fell outside [0, 1]), the rank
    correlation, its p-value and that adjusted for the tests made (the module doc), whether
    the effect is `measurable`, its `rank` and
    whether it is `tied`; the measurable first, each group most influential (largest ST, else
    |rho|) first; ST read clipped to [0, 1]."""
    indices = _sobol(design, sobol_y, seed) if sobol_y is not None else {}
    rows: list[dict[str, Any]] = []
    for p in design.parameters:
        columns = [c for c in samples.column_names if design.group_of(c) == p.name]
        rho, tested = _largest_correlation(samples, columns, y)
        s1, s1c, st, stc = indices.get(p.name, (math.nan,) * 4)
        p_value = _p_value(rho, len(y))
        rows.append({"parameter": p.name, "S1": s1, "S1_conf": s1c, "ST": st, "ST_conf": stc,
                     "S1_clipped": outside(s1), "ST_clipped": outside(st),
                     "spearman": rho, "spearman_p": p_value,
                     "spearman_p_adjusted": _bonferroni(p_value, tested)})  # fmt: skip
    for row, adjusted in zip(rows, holm([r["spearman_p_adjusted"] for r in rows]), strict=True):
        row["spearman_p_adjusted"] = adjusted
        row["measurable"] = _measurable(clipped(row["ST"]), row["ST_conf"], adjusted)
    rows.sort(key=lambda r: (not r["measurable"], -_key(clipped(r["ST"])),
                             -_key(abs(r["spearman"]))))  # fmt: skip
    _rank(rows, sobol=bool(indices), n=len(y))
    return pa.Table.from_pylist(rows)


def _rank(rows: list[dict[str, Any]], *, sobol: bool, n: int) -> None:
    """Give each measurable row its `rank`, 1 + the number of measurable rows told apart above
    it (their intervals do not overlap: ST's 95% interval, else that of |rho| by Fisher's z),
    so effects within each other's intervals share a rank and say `tied`; 0 for the rest."""
    spans = [_span(r, sobol, n) for r in rows]
    for i, row in enumerate(rows):
        if not row["measurable"]:
            row["rank"], row["tied"] = 0, False
            continue
        above = [j for j in range(len(rows)) if j != i and rows[j]["measurable"]]
        row["rank"] = 1 + sum(spans[j][0] > spans[i][1] for j in above)
        row["tied"] = any(
            not (spans[j][0] > spans[i][1] or spans[i][0] > spans[j][1]) for j in above
        )


def _span(row: dict[str, Any], sobol: bool, n: int) -> tuple[float, float]:
    """The 95% interval of a row's ranking key: ST +- its half-width (a point without one),
    else |rho| through Fisher's z with Spearman's variance 1.06 / (n - 3)."""
    if sobol and not math.isnan(row["ST"]):
        half = 0.0 if math.isnan(row["ST_conf"]) else row["ST_conf"]
        return clipped(row["ST"]) - half, clipped(row["ST"]) + half
    rho = abs(row["spearman"])
    if math.isnan(rho) or n < 4:
        return -math.inf, math.inf
    z, half = math.atanh(min(rho, 1.0 - 1e-12)), 1.96 * math.sqrt(1.06 / (n - 3))
    return math.tanh(z - half), math.tanh(z + half)


def _measurable(st: float, st_conf: float, p_value: float) -> bool:
    """An effect told apart from noise: ST above the half-width of its 95% interval; an ST of
    0 is none; else (ST within its interval, or no Sobol design) a rank correlation
    significant at `SIGNIFICANCE` after adjusting for the tests made."""
    if not math.isnan(st):
        if st <= 0.0:
            return False
        if math.isnan(st_conf) or st > st_conf:
            return True
    return not math.isnan(p_value) and p_value < SIGNIFICANCE


def _bonferroni(p_value: float, tests: int) -> float:
    """The p-value of the best of `tests` tests: tests x p, at most 1 (NaN kept)."""
    return p_value if math.isnan(p_value) else min(1.0, tests * p_value)


def holm(p_values: list[float]) -> list[float]:
    """Holm's step-down adjustment of p-values for testing them all at once (NaN: no test,
    not counted): the i-th smallest times (m - i + 1), never below an earlier one, at most 1;
    rejecting the adjusted below alpha keeps the chance of any false effect below alpha."""
    tested = sorted((p, k) for k, p in enumerate(p_values) if not math.isnan(p))
    out, running = list(p_values), 0.0
    for i, (p, k) in enumerate(tested):
        running = max(running, min(1.0, (len(tested) - i) * p))
        out[k] = running
    return out


def _p_value(rho: float, n: int) -> float:
    """The two-sided p-value of a rank correlation over n samples (the t statistic under the
    normal approximation; NaN when rho is)."""
    if math.isnan(rho) or n < 4:
        return math.nan
    if abs(rho) >= 1.0:
        return 0.0
    t = abs(rho) * math.sqrt((n - 2) / (1.0 - rho * rho))
    return math.erfc(t / math.sqrt(2.0))


def outside(index: float) -> bool:
    """Whether a Sobol estimate fell outside [0, 1] (estimator noise; NaN: none was made)."""
    return not math.isnan(index) and not 0.0 <= index <= 1.0


def clipped(index: float) -> float:
    """A Sobol estimate clipped to [0, 1], the range of a share of variance (NaN kept)."""
    return index if math.isnan(index) else min(max(index, 0.0), 1.0)


def _key(value: float) -> float:
    return -1.0 if math.isnan(value) else value


def _sobol(design: Design, y: np.ndarray, seed: int) -> dict[str, tuple[float, ...]]:
    from SALib.analyze import sobol

    if float(np.var(y)) == 0.0:  # the target never varies: no assumption matters
        return {p.name: (0.0, 0.0, 0.0, 0.0) for p in design.parameters}
    # SALib seeds its bootstrap only for a truthy seed (seed 0 would draw other intervals on
    # every run): a nonzero seed derived from the study's
    boot = int(np.random.SeedSequence(seed, spawn_key=(2,)).generate_state(1)[0]) | 1
    found = sobol.analyze(sobol_problem(design), y, calc_second_order=False, seed=boot)
    names = list(dict.fromkeys(sobol_problem(design)["groups"]))
    return {
        name: tuple(float(found[k][i]) for k in ("S1", "S1_conf", "ST", "ST_conf"))
        for i, name in enumerate(names)
    }


def _largest_correlation(samples: pa.Table, columns: list[str], y: np.ndarray) -> tuple[float, int]:
    """The largest in size of the columns' rank correlations with y, and how many were
    tested (the columns that vary: a weight vector's k weights, which its p-value corrects
    for)."""
    best, tested = math.nan, 0
    for column in columns:
        x = np.array(samples.column(column).to_pylist(), dtype=float)
        rho = _spearman(x, y)
        tested += not math.isnan(rho)
        if not math.isnan(rho) and (math.isnan(best) or abs(rho) > abs(best)):
            best = rho
    return best, max(tested, 1)


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rho (average ranks for ties); NaN when either side is constant."""
    if x.size < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan
    rx, ry = _ranks(x), _ranks(y)
    return float(np.corrcoef(rx, ry)[0, 1])


def _ranks(v: np.ndarray) -> np.ndarray:
    order = np.argsort(v, kind="stable")
    ranks = np.empty(v.size)
    ranks[order] = np.arange(v.size, dtype=float)
    _, inverse = np.unique(v, return_inverse=True)
    sums = np.bincount(inverse, weights=ranks)
    counts = np.bincount(inverse)
    return (sums / counts)[inverse]

"""NegMAS side by side with Dragoman on the same files (test helper for tests/parity).

Everything NegMAS-specific the parity tests need: loading a GENIUS folder in NegMAS, turning
Dragoman outcome indices into NegMAS outcome tuples and back, evaluating NegMAS utility
functions, telling whether NegMAS's raw values are a positive rescaling of GENIUS's, building
NegMAS utility functions that carry GENIUS's semantics (for running NegMAS's own algorithms and
agents on the same preferences), and comparing two frontiers given as utility vectors.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from genius_domains import anac_folder
from negmas.inout import Scenario as NegmasScenario
from negmas.outcomes import make_issue, make_os
from negmas.preferences import LinearAdditiveUtilityFunction, MappingUtilityFunction, TableFun

from dragoman.io.genius import find_genius_files, load_genius
from dragoman.model.scenario import Scenario
from dragoman.utility.compiled_utility import CompiledUtility
from dragoman.utility.scenario import compiled

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

warnings.filterwarnings("ignore", module="negmas")

ANAC = anac_folder()
#: Every folder holding a GENIUS domain (linear and nonlinear), relative names as ids.
FOLDERS = sorted({p.parent for p in ANAC.rglob("*.xml")}) if ANAC is not None else []
IDS = [str(f.relative_to(ANAC)) for f in FOLDERS] if ANAC is not None else []


def both(folder: Path, ignore_discount: bool = True) -> tuple[Scenario, Any]:
    """The folder read by Dragoman (every profile) and by NegMAS (same files, same order)."""
    domain, profiles = find_genius_files(folder)
    theirs = NegmasScenario.from_genius_files(domain, profiles, ignore_discount=ignore_discount)
    assert theirs is not None
    return load_genius(domain, profiles), theirs


def issue_names(theirs: Any) -> list[str]:
    """NegMAS's issue order."""
    return [issue.name for issue in theirs.outcome_space.issues]


def to_negmas(
    scenario: Scenario, names: Sequence[str], index: npt.ArrayLike
) -> list[tuple[Any, ...]]:
    """Dragoman outcome indices as NegMAS outcome tuples (NegMAS's issue order)."""
    digits = scenario.outcome_space.digits(np.asarray(index))
    columns = []
    for name in names:
        position = scenario.outcome_space.names.index(name)
        issue = scenario.issues[position]
        d = digits[:, position]
        if issue.kind == "categorical":
            columns.append([issue.values[k] for k in d])
        else:
            columns.append([int(x) for x in issue.numeric_values()[d]])
    return list(zip(*columns, strict=True))


def to_negmas_labels(
    scenario: Scenario, names: Sequence[str], index: npt.ArrayLike
) -> list[tuple[str, ...]]:
    """Dragoman outcome indices as tuples of value labels (the outcomes of `genius_ufuns`)."""
    digits = scenario.outcome_space.digits(np.asarray(index))
    positions = [scenario.outcome_space.names.index(name) for name in names]
    labels = [scenario.issues[p].labels for p in positions]
    return [tuple(labels[j][row[p]] for j, p in enumerate(positions)) for row in digits]


def from_negmas(scenario: Scenario, names: Sequence[str], outcomes: Sequence[Any]) -> IntArray:
    """NegMAS outcome tuples as Dragoman outcome indices."""
    space = scenario.outcome_space
    return np.array([space.outcome_index(dict(zip(names, o, strict=True))) for o in outcomes])


def values(ufun: Any, outcomes: Sequence[Any]) -> FloatArray:
    """NegMAS utilities of outcomes (one Python call each)."""
    return np.array([float(ufun(o)) for o in outcomes], dtype=np.float64)


def sample(scenario: Scenario, limit: int = 3000) -> IntArray:
    """Every outcome of a small space, else a fixed sample of `limit`."""
    size = scenario.outcome_space.size
    if size <= limit:
        return np.arange(size, dtype=np.int64)
    rng = np.random.default_rng(0)
    return np.sort(rng.choice(size, limit, replace=False)).astype(np.int64)


def rescaling(ours: FloatArray, theirs: FloatArray) -> float | None:
    """The factor c > 0 with theirs == c * ours (to 1e-9), or None when there is none."""
    if not ours.any():
        return None
    scale = float(theirs @ ours / (ours @ ours))
    ok = scale > 0 and np.allclose(theirs, scale * ours, rtol=1e-9, atol=1e-12)
    return scale if ok else None


def genius_ufuns(scenario: Scenario) -> tuple[Any, list[Any]]:
    """NegMAS outcome space and ufuns carrying GENIUS's semantics: scores normalised per issue,
    weights as written, the utility capped at 1, GENIUS's reservation values."""
    space = make_os([make_issue(list(i.labels), name=i.name) for i in scenario.issues])
    ufuns = []
    for party, utility in zip(scenario.negotiators, compiled(scenario).utilities, strict=True):
        assert isinstance(utility, CompiledUtility) and party.preferences is not None
        weights = [party.preferences.weights.get(i.name, 0.0) for i in scenario.issues]
        tables = [
            TableFun(dict(zip(i.labels, (s / w if w else s).tolist(), strict=True)))
            for i, s, w in zip(scenario.issues, utility.terms.unary, weights, strict=True)
        ]
        rv = utility.reservation_value
        ufun = LinearAdditiveUtilityFunction(
            values=tables, weights=weights, outcome_space=space, reserved_value=rv
        )
        if sum(weights) > 1.0:  # GENIUS caps at 1; NegMAS's linear ufun does not

            def capped(outcome: Any, inner: Any = ufun) -> float:
                return min(1.0, float(inner(outcome)))

            ufun = MappingUtilityFunction(capped, outcome_space=space, reserved_value=rv)
        ufuns.append(ufun)
    return space, ufuns


def dominates(q: FloatArray, p: FloatArray, tol: float) -> bool:
    """Whether utility vector q dominates p with a tolerance (ties within `tol` are ties)."""
    return bool(np.all(q >= p - tol) and np.any(q > p + tol))


def frontier_differences(ours: FloatArray, theirs: FloatArray, tol: float = 1e-9) -> list[str]:
    """How two frontiers (utility vectors as columns) differ, beyond ties within `tol`: our points
    NegMAS lacks, and NegMAS points that are neither ours nor dominated by one of ours."""
    problems = []
    for k in range(ours.shape[1]):
        if not np.any(np.all(np.abs(theirs - ours[:, [k]]) <= tol, axis=0)):
            problems.append(f"ours only: {ours[:, k].round(9).tolist()}")
    for k in range(theirs.shape[1]):
        p = theirs[:, k]
        same = np.any(np.all(np.abs(ours - p[:, None]) <= tol, axis=0))
        if not same and not any(dominates(ours[:, j], p, tol) for j in range(ours.shape[1])):
            problems.append(f"NegMAS only: {p.round(9).tolist()}")
    return problems

"""The outside answer key: GENIUS's own `pareto.xml` for ANAC 2014 `10issuesDiscountedwithRV`.

The domain has 10 integer issues of 10 values (10^10 outcomes) and hyper-rectangle profiles:
no enumeration fits. The frontier comes from the MIP solver (ε-constraint, HiGHS) and must
match GENIUS's, or dominate it point for point, in under a minute on this machine. Each
frontier outcome's utilities are re-computed by an independent one-outcome-at-a-time reading of
the XML (tests/nonlinear_reference.py).
"""

from __future__ import annotations

import functools
import time
from pathlib import Path

import numpy as np
import pytest
from negmas_bridge import ANAC, both, issue_names
from nonlinear_reference import read_nonlinear_profile, read_pareto_xml

from dragoman.analysis import analyze
from dragoman.analysis.frontier import Frontier as FrontierResult
from dragoman.analysis.problem import bargaining_problem
from dragoman.io.genius import load_genius_folder
from dragoman.model.scenario import Scenario

pytestmark = pytest.mark.skipif(ANAC is None, reason="ANAC data folder not found")

FOLDER = ANAC / "y2014" / "10issuesDiscountedwithRV" if ANAC is not None else Path()
#: pareto.xml holds float32 values (e.g. 0.7527559 for 478/635).
FLOAT32 = 1e-6


@functools.cache
def solved() -> tuple[Scenario, FrontierResult, float]:
    """The scenario, its frontier and the seconds the frontier took (computed once)."""
    scenario = load_genius_folder(FOLDER)
    start = time.perf_counter()
    result = bargaining_problem(scenario).frontier
    return scenario, result, time.perf_counter() - start


def test_frontier_matches_genius_pareto_xml_in_under_a_minute() -> None:
    _, result, seconds = solved()
    assert seconds < 60, f"the frontier took {seconds:.1f} s"
    assert result.exact, result.note
    ours = result.utilities.T
    genius = np.array(read_pareto_xml(FOLDER / "pareto.xml"))
    assert len(genius) == 8
    for point in genius:  # each GENIUS point matched, or dominated, by one of ours
        assert np.any(np.all(ours >= point - FLOAT32, axis=1)), point
    for point in ours:  # and none of ours is dominated by a GENIUS point
        assert not np.any(np.all(genius >= point + FLOAT32, axis=1)), point
    np.testing.assert_allclose(np.sort(ours, axis=0), np.sort(genius, axis=0), atol=FLOAT32)


def test_frontier_outcomes_checked_by_an_independent_reader() -> None:
    scenario, result, _ = solved()
    profiles = [read_nonlinear_profile(FOLDER / f"profile-{k}.xml") for k in (1, 2)]
    digits = scenario.outcome_space.digits(result.outcomes)
    for column, row in enumerate(digits):
        outcome = {index: int(value) for index, value in enumerate(row.tolist(), start=1)}
        expected = [p.utility(outcome) for p in profiles]
        np.testing.assert_allclose(result.utilities[:, column], expected, rtol=0, atol=1e-12)


def test_analysis_and_nash_point_on_the_2014_domain() -> None:
    analysis = analyze(load_genius_folder(FOLDER))
    assert analysis.exact and analysis.method.startswith("MIP solver")
    assert analysis.outcome_count == 10**10 and len(analysis.frontier) == 8
    nash = analysis.solutions["nash"]
    # argmax (u1 - 0.75)(u2 - 0.75) over GENIUS's frontier points: (0.9008, 0.8773)
    genius = np.array(read_pareto_xml(FOLDER / "pareto.xml"))
    best = genius[np.argmax(np.prod(genius - 0.75, axis=1) * np.all(genius >= 0.75, axis=1))]
    assert list(nash.utilities.values()) == pytest.approx(best.tolist(), abs=FLOAT32)
    assert analysis.zopa.exists


def test_negmas_reads_the_same_space_but_other_values() -> None:
    """Same 10^10 outcomes in NegMAS; its values on GENIUS's frontier are not GENIUS's (D5)."""
    scenario, result, _ = solved()
    _, theirs = both(FOLDER)
    assert theirs.outcome_space.cardinality == scenario.outcome_space.size == 10**10
    names = issue_names(theirs)
    assert names == list(scenario.outcome_space.names)
    digits = scenario.outcome_space.digits(result.outcomes)
    raw = np.array(
        [[float(f(dict(enumerate(map(int, row))))) for row in digits] for f in theirs.ufuns]
    )
    scaled = result.utilities * np.array([[635.0], [750.0]])
    assert not np.allclose(raw, scaled)

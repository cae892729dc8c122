"""The ANAC 2014 recipe of tests/anac2014_generator.py checked against the shipped
`y2014/10issuesDiscountedwithRV`, and generated 30- and 50-issue domains (10**30 and 10**50
outcomes) analysed through the library: the solver's frontier starts at each party's exact best
(utility 1.0, since `maxutility` is the exact best sum) and every frontier outcome's utilities
are re-computed by the independent one-outcome-at-a-time reader (tests/nonlinear_reference.py).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from anac2014_generator import (
    BOUNDS_PER_RECTANGLE,
    RANGE_WIDTHS,
    anac2014_scenario,
    best_sum,
    shipped_rectangles,
    write_anac2014_domain,
)
from genius_domains import anac_folder
from nonlinear_reference import read_nonlinear_profile

from dragoman.analysis.frontier import FrontierMethod
from dragoman.analysis.problem import bargaining_problem
from dragoman.io.genius import load_genius, read_genius_domain

ANAC = anac_folder()
needs_anac = pytest.mark.skipif(ANAC is None, reason="ANAC data folder not found")
SHIPPED = ANAC / "y2014" / "10issuesDiscountedwithRV" if ANAC is not None else Path()
SHIPPED_DOMAIN = SHIPPED / "10issuesDiscountedwithRV-domain.xml"
#: Seconds of solver time per frontier in these tests (the full frontier takes about 9 s).
TIME_LIMIT = 1.5


@needs_anac
def test_recipe_frequencies_are_the_shipped_profiles() -> None:
    rectangles = [r for k in (1, 2) for r in shipped_rectangles(SHIPPED / f"profile-{k}.xml")[0]]
    assert len(rectangles) == 2 * 2 * 10  # two profiles of 2·N rectangles, N = 10
    assert Counter(len(r.ranges) for r in rectangles) == BOUNDS_PER_RECTANGLE
    widths = Counter(high - low + 1 for r in rectangles for low, high in r.ranges.values())
    assert widths == RANGE_WIDTHS
    assert {r.utility for r in rectangles} <= set(range(1, 100))


@needs_anac
@pytest.mark.parametrize(("profile", "maxutility"), [(1, 635), (2, 750)])
def test_shipped_maxutility_is_the_exact_best_sum(profile: int, maxutility: int) -> None:
    """GENIUS's files divide by the best sum any outcome reaches (pareto.xml has 1.0 for
    each party); the generator's exact best sum (Helly + MIP) finds the same numbers."""
    rectangles, written = shipped_rectangles(SHIPPED / f"profile-{profile}.xml")
    assert written == maxutility == best_sum(rectangles)


@needs_anac
def test_a_generated_10_issue_domain_has_the_shipped_issues_and_terms(tmp_path: Path) -> None:
    domain, first, second = write_anac2014_domain(tmp_path, 10, seed=3)
    assert read_genius_domain(domain).issues == read_genius_domain(SHIPPED_DOMAIN).issues
    generated = load_genius(domain, [first, second])
    shipped = load_genius(SHIPPED_DOMAIN, [SHIPPED / "profile-1.xml", SHIPPED / "profile-2.xml"])
    for mine, theirs in zip(generated.parties, shipped.parties, strict=True):
        assert mine.preferences.kind == theirs.preferences.kind == "hyper-rectangles"
        assert mine.preferences.discount_factor == theirs.preferences.discount_factor == 0.5
        assert mine.preferences.reservation_value == theirs.preferences.reservation_value
        assert len(mine.preferences.function.rectangles) == 20
    again = write_anac2014_domain(tmp_path / "again", 10, seed=3)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in (domain, first, second)]


@pytest.mark.parametrize("issues", [30, 50])
def test_solver_frontier_on_generated_domains(tmp_path: Path, issues: int) -> None:
    domain, first, second = write_anac2014_domain(tmp_path, issues, seed=issues)
    readers = [read_nonlinear_profile(p) for p in (first, second)]
    for order in ((first, second), (second, first)):
        scenario = load_genius(domain, list(order))
        assert scenario.outcome_space.size == 10**issues and scenario.outcome_space.wide
        frontier = bargaining_problem(scenario, time_limit=TIME_LIMIT).frontier
        assert frontier.method is FrontierMethod.SOLVER and frontier.size >= 1
        assert frontier.exact == ("time limit" not in frontier.note), frontier.note
        assert frontier.utilities[0].max() == 1.0  # the first party's exact best
        digits = scenario.outcome_space.digits(frontier.outcomes)
        party = [readers[0], readers[1]] if order[0] == first else [readers[1], readers[0]]
        for column, row in enumerate(digits):
            outcome = {index: int(v) for index, v in enumerate(row.tolist(), start=1)}
            expected = [p.utility(outcome) for p in party]
            np.testing.assert_allclose(frontier.utilities[:, column], expected, atol=1e-12)


def test_generated_scenario_helper_imports_the_written_files(tmp_path: Path) -> None:
    scenario = anac2014_scenario(tmp_path, 30, seed=1, reservation=0.5)
    assert [p.name for p in scenario.parties] == ["profile-1", "profile-2"]
    assert all(p.preferences.reservation_value == 0.5 for p in scenario.parties)
    assert scenario.metadata.title == "30issues-seed1-domain"

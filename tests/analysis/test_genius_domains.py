"""The analysis layer on real ANAC domains (GENIUS XML, linear additive; see tests/genius_domains).

For every linear domain under shared/data/anac with at most 400,000 outcomes (up to three
profiles each): the Pareto frontier equals a reference (O(m^2) brute force when small; the
two-party sort-and-scan reference, and brute force on a random subset of 3,000 outcomes, when
large) and the Nash point equals the brute-force argmax of the product of gains over the
profiles' reservation values. When negmas is installed, its reading of the same files is
compared with ours. Tests skip when the data folder is missing (see DRAGOMAN_SHARED_DATA).
"""

from __future__ import annotations

import functools
import textwrap
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from brute_force import (
    best_point,
    dominated_mask,
    frontier_brute_force,
    frontier_two_party_by_sorting,
    nash_score,
)
from genius_domains import (
    DATA_ENV,
    GeniusDomain,
    NonlinearProfileError,
    anac_folder,
    domain_files,
    linear_domain_folders,
    read_domain,
    read_issues,
    read_profile,
)

from dragoman.analysis.pareto import pareto_frontier
from dragoman.analysis.solutions import nash_point
from dragoman.model.outcomes import OutcomeSpace

FloatArray = npt.NDArray[np.float64]

ANAC = anac_folder()
needs_anac = pytest.mark.skipif(ANAC is None, reason=f"ANAC data not found (set {DATA_ENV})")
FOLDERS = linear_domain_folders(ANAC) if ANAC is not None else []
IDS = [str(f.relative_to(ANAC)) for f in FOLDERS] if ANAC is not None else []
MAX_PROFILES = 3
BRUTE_FORCE_LIMIT = 3000


@functools.cache
def loaded(folder: Path) -> tuple[GeniusDomain, FloatArray]:
    domain = read_domain(folder, max_profiles=MAX_PROFILES)
    return domain, domain.utilities()


# --- the reader's own semantics (no data needed) ---------------------------------------------

DOMAIN_XML = """\
<negotiation_template>
<utility_space number_of_issues="3">
<objective index="0" name="root" type="objective" etype="objective">
  <issue index="1" name="colour" type="discrete" vtype="integer">
    <item index="1" value="red"/><item index="2" value="blue"/><item index="3" value="green"/>
  </issue>
  <issue index="2" name="size" type="integer" vtype="integer" lowerbound="2" upperbound="5"/>
  <issue index="5" name="extra" type="discrete">
    <item index="1" value="no"/><item index="2" value="yes"/>
  </issue>
</objective>
</utility_space>
</negotiation_template>
"""

# Issues listed in another order and under other names: matching must go by index.
PROFILE_XML = """\
<utility_space>
<objective index="0" name="root" type="objective" etype="objective">
  <issue index="5" name="renamed-extra" type="discrete">
    <item index="1" value="no" evaluation="0"/><item index="2" value="yes" evaluation="4"/>
  </issue>
  <issue index="2" name="renamed-size" type="integer" lowerbound="2" upperbound="5">
    <evaluator ftype="linear" slope="0.5" offset="-0.25"/>
  </issue>
  <issue index="1" name="renamed-colour" type="discrete">
    <item index="1" value="red" evaluation="10"/>
    <item index="2" value="blue" evaluation="20"/>
    <item index="3" value="green" evaluation="5"/>
    <similarity_function weight="1"><criteria_function weight="1">
      <item index="1" value="red" evaluation="999"/>
    </criteria_function></similarity_function>
  </issue>
  <weight index="2" value="0.5"/><weight index="1" value="0.4"/><weight index="5" value="0.3"/>
</objective>
<discount_factor value="0.0"/>
</utility_space>
"""


def write_domain(folder: Path, profiles: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a_domain.xml").write_text(DOMAIN_XML)
    for name, text in profiles.items():
        (folder / name).write_text(textwrap.dedent(text))


def test_reader_follows_genius_semantics(tmp_path: Path) -> None:
    write_domain(tmp_path, {"b_profile.xml": PROFILE_XML})
    domain = read_domain(tmp_path)
    assert [issue.kind for issue in domain.issues] == [
        "discrete",
        "integer",
        "discrete",
    ]  # type wins
    assert domain.space.shape == (3, 4, 2)
    (profile,) = domain.profiles
    np.testing.assert_array_equal(profile.weights, [0.4, 0.5, 0.3])  # as written: sum 1.2
    np.testing.assert_allclose(profile.evaluations[0], [0.5, 1.0, 0.25])  # raw / issue max
    np.testing.assert_allclose(profile.evaluations[1], [0.0, 0.25, 0.75, 1.0])  # clip01
    np.testing.assert_allclose(profile.evaluations[2], [0.0, 1.0])
    assert profile.reservation_value == 0.0  # absent
    assert profile.discount_factor == 1.0  # 0 means no discount
    u = domain.utilities()[0]
    space = domain.space
    assert u[space.outcome_index({"colour": "blue", "size": 5, "extra": "yes"})] == 1.0  # capped
    assert u[space.outcome_index({"colour": "red", "size": 3, "extra": "no"})] == pytest.approx(
        0.325
    )
    assert u[space.outcome_index({"colour": "green", "size": 4, "extra": "yes"})] == pytest.approx(
        0.775
    )


def test_reader_utilities_match_a_loop_over_outcomes(tmp_path: Path) -> None:
    write_domain(tmp_path, {"b_profile.xml": PROFILE_XML})
    domain = read_domain(tmp_path)
    (profile,) = domain.profiles
    expected = [
        min(
            1.0,
            sum(
                w * e[d] for w, e, d in zip(profile.weights, profile.evaluations, row, strict=True)
            ),
        )
        for row in domain.space.enumerate().tolist()
    ]
    np.testing.assert_allclose(domain.utilities()[0], expected, rtol=0, atol=1e-12)


def test_reader_refuses_nonlinear_profiles(tmp_path: Path) -> None:
    write_domain(
        tmp_path, {"b_profile.xml": '<utility_space type="nonlinear"><objective/></utility_space>'}
    )
    issues = read_issues(tmp_path / "a_domain.xml")
    space = OutcomeSpace([issue.dragoman_issue(11) for issue in issues])
    with pytest.raises(NonlinearProfileError):
        read_profile(tmp_path / "b_profile.xml", issues, space)


def test_data_folder_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    assert anac_folder() is None  # locally, missing data skips
    monkeypatch.setenv("CI", "true")
    with pytest.raises(RuntimeError, match="CI run without the ANAC test data"):
        anac_folder()  # under CI it must not skip silently
    (tmp_path / "anac").mkdir()
    assert anac_folder() == tmp_path / "anac"


# --- the real domains ---------------------------------------------------------------------


@needs_anac
def test_every_linear_domain_is_found_and_the_nonlinear_one_is_refused() -> None:
    assert ANAC is not None
    assert {
        "other/IntegerDomain",
        "y2010/Travel",
        "y2011/Energy",
        "y2011/Car",
        "y2015/group1-university",
    } <= set(IDS)
    assert not [i for i in IDS if i.startswith("y2014")]
    nonlinear = ANAC / "y2014" / "10issuesDiscountedwithRV"
    domain, profiles = domain_files(nonlinear)
    assert domain is not None and profiles
    issues = read_issues(domain)
    space = OutcomeSpace([issue.dragoman_issue(11) for issue in issues])
    with pytest.raises(NonlinearProfileError):
        read_profile(profiles[0], issues, space)


@needs_anac
def test_known_values_of_small_domains() -> None:
    assert ANAC is not None
    # NiceOrDie: evaluations 1000, 160, 299 for one party (divided by the issue max)
    _, u = loaded(ANAC / "y2011" / "NiceOrDie")
    np.testing.assert_allclose(u[0], [1.0, 0.16, 0.299])
    # Laptop: weights sum to 1.0001, as written; the best outcome is capped at 1
    laptop, u = loaded(ANAC / "y2011" / "Laptop")
    assert laptop.profiles[0].weights.sum() > 1.0
    assert u.max() == 1.0


@needs_anac
@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_frontier_matches_reference(folder: Path) -> None:
    domain, u = loaded(folder)
    n, m = u.shape
    got = pareto_frontier(u)
    if m <= BRUTE_FORCE_LIMIT:
        np.testing.assert_array_equal(got, frontier_brute_force(u))
        return
    if n == 2:
        np.testing.assert_array_equal(got, frontier_two_party_by_sorting(u))
    else:  # the definition, frontier against every point
        assert not dominated_mask(u, u[:, got]).any()
        others = np.setdiff1d(np.arange(m), got)
        assert dominated_mask(u[:, got], u[:, others]).all()
    # and a random subset of outcomes, both as columns and as a feasible mask
    rng = np.random.default_rng(zlib.crc32(domain.name.encode()))
    subset = np.sort(rng.choice(m, BRUTE_FORCE_LIMIT, replace=False))
    expected = frontier_brute_force(u[:, subset])
    np.testing.assert_array_equal(pareto_frontier(u[:, subset]), expected)
    mask = np.zeros(m, dtype=bool)
    mask[subset] = True
    np.testing.assert_array_equal(pareto_frontier(u, mask), subset[expected])


@needs_anac
@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_nash_point_matches_brute_force(folder: Path) -> None:
    domain, u = loaded(folder)
    reservation = domain.reservation()
    expected = best_point(u, reservation, nash_score)
    assert nash_point(u, reservation) == expected
    # GENIUS takes it over the frontier: same point
    frontier = pareto_frontier(u)
    on_frontier = nash_point(u[:, frontier], reservation)
    assert on_frontier is not None and int(frontier[on_frontier]) == expected


@needs_anac
@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_nash_point_with_demanding_reservation_values(folder: Path) -> None:
    # each party demands its median utility: many outcomes are not individually rational
    _, u = loaded(folder)
    if u.shape[1] > 50_000:
        u = u[:, np.random.default_rng(1).choice(u.shape[1], 50_000, replace=False)]
    reservation = np.median(u, axis=1)
    assert nash_point(u, reservation) == best_point(u, reservation, nash_score)


# --- NegMAS's reading of the same files -----------------------------------------------------


def negmas_outcomes(
    domain: GeniusDomain, issue_names: list[str], index: np.ndarray
) -> list[tuple[Any, ...]]:
    """Outcomes `index` of our space as NegMAS outcome tuples (its issue order)."""
    digits = domain.space.digits(index)
    columns = []
    for name in issue_names:
        position = domain.space.names.index(name)
        issue = domain.issues[position]
        d = digits[:, position]
        if issue.kind == "discrete":
            columns.append([issue.values[k] for k in d])
        else:
            columns.append([int(x) for x in domain.space.issues[position].numeric_values()[d]])
    return list(zip(*columns, strict=True))


def same_ranking(a: FloatArray, b: FloatArray, tolerance: float = 1e-9) -> bool:
    """Whether every pair of outcomes compares the same way under a and under b."""
    da = a[:, None] - a[None, :]
    db = b[:, None] - b[None, :]
    sign_a = np.where(np.abs(da) <= tolerance, 0, np.sign(da))
    sign_b = np.where(np.abs(db) <= tolerance * max(1.0, float(np.abs(b).max())), 0, np.sign(db))
    return bool(np.array_equal(sign_a, sign_b))


@needs_anac
@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_negmas_reads_the_same_profiles(
    folder: Path, record_property: Callable[[str, object], None]
) -> None:
    pytest.importorskip("negmas")
    from negmas.inout import Scenario as NegmasScenario

    domain, u = loaded(folder)
    scenario = NegmasScenario.from_genius_files(
        domain.domain_file, domain.profile_files, ignore_discount=True
    )
    assert scenario is not None
    names = [issue.name for issue in scenario.outcome_space.issues]
    assert sorted(names) == sorted(domain.space.names)
    rng = np.random.default_rng(0)
    sample = np.sort(rng.choice(domain.space.size, min(300, domain.space.size), replace=False))
    outcomes = negmas_outcomes(domain, names, sample)
    for k, (ufun, profile) in enumerate(zip(scenario.ufuns, domain.profiles, strict=True)):
        assert ufun.reserved_value == pytest.approx(profile.reservation_value)
        # per discrete issue, NegMAS keeps the raw evaluations: ours are those over their max
        weights = dict(zip(names, ufun.weights, strict=True))
        for position, issue in enumerate(domain.issues):
            assert weights[issue.name] == pytest.approx(profile.weights[position])
            table = getattr(ufun.values[names.index(issue.name)], "mapping", None)
            if issue.kind == "discrete" and table is not None:
                raw = np.array([float(table[v]) for v in issue.values])
                if raw.max() >= 1e-5:
                    np.testing.assert_allclose(profile.evaluations[position], raw / raw.max())
        theirs = np.array([float(ufun(o)) for o in outcomes])
        ours = u[k, sample]
        scale = float(theirs @ ours / (ours @ ours)) if ours.any() else 0.0
        rescaled = scale > 0 and np.allclose(theirs, scale * ours, rtol=1e-9, atol=1e-12)
        record_property(
            f"negmas_{domain.name}_{profile.name}", "rescaling" if rescaled else "differs"
        )
        if rescaled:
            assert same_ranking(ours, theirs)


@needs_anac
def test_bit_for_bit_differences_are_exact_ties() -> None:
    # compared bit for bit (as GENIUS and NegMAS do), Energy keeps 6 outcomes that exact
    # arithmetic finds dominated and Car drops 2 that tie exactly (docs/genius-semantics.md)
    for name, ours, bitwise in [("Energy", 205, 211), ("Car", 75, 73)]:
        (folder,) = [f for f in FOLDERS if f.name == name]
        _, u = loaded(folder)
        got = pareto_frontier(u)
        raw = _raw_2d(u)  # both domains are bilateral
        assert (got.size, raw.size) == (ours, bitwise)
        for k in np.setdiff1d(got, raw):  # kept here: ties a frontier point to 12 digits
            assert np.isclose(u[:, raw], u[:, [k]], rtol=0, atol=1e-12).all(axis=0).any()
        for k in np.setdiff1d(raw, got):  # dropped here: dominated once the last bit goes
            close = np.all(u[:, got] >= u[:, [k]] - 1e-12, axis=0)
            assert (close & np.any(u[:, got] > u[:, [k]] + 1e-12, axis=0)).any()


def _raw_2d(u: np.ndarray) -> np.ndarray:
    """The two-party frontier compared bit for bit: sorted, best second utility per first."""
    order = np.lexsort((-u[1], -u[0]))
    kept, best, i = [], -np.inf, 0
    while i < order.size:
        j = i
        while j < order.size and u[0, order[j]] == u[0, order[i]]:
            j += 1
        top = u[1, order[i]]
        if top > best:
            kept += [k for k in order[i:j] if u[1, k] == top]
        best, i = max(best, top), j
    return np.sort(np.array(kept))

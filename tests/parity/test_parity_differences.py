"""Every difference from NegMAS 0.16 the parity tests found, each shown by a test.

The numbering (D1, D2, ...) is the one of docs/genius-semantics.md, which explains each with a
worked example. GENIUS's meaning is the ground truth: each test asserts what Dragoman computes
(GENIUS's value) and what NegMAS computes, so a change in either shows up here.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest
from brute_force import frontier_brute_force
from negmas.inout import Scenario as NegmasScenario
from negmas.preferences import UtilityFunction
from negmas.preferences.ops import nash_points
from negmas.preferences.ops import pareto_frontier as negmas_frontier
from negmas.sao import SAOState
from negmas_bridge import (
    ANAC,
    both,
    from_negmas,
    genius_ufuns,
    issue_names,
    rescaling,
    sample,
    to_negmas,
    to_negmas_labels,
    values,
)

from dragoman.analysis.pareto import pareto_frontier
from dragoman.analysis.solutions import nash_point
from dragoman.io.genius import GeniusError, load_genius
from dragoman.io.geniusweb import load_geniusweb
from dragoman.utility.scenario import compiled

pytestmark = pytest.mark.skipif(ANAC is None, reason="ANAC data folder not found")


def anac(name: str) -> Path:
    assert ANAC is not None
    return ANAC / name


def outcome(**values: str) -> dict[str, str]:
    return values


def test_d1_raw_discrete_evaluations_change_the_ranking() -> None:
    """D1: NegMAS keeps raw evaluations; GENIUS divides each by its issue's largest."""
    ours, theirs = both(anac("y2010/ItexvsCypress"))
    cypress = 0  # ItexvsCypress_Cypress: Price evaluations up to 40, Payment up to 15
    names = issue_names(theirs)
    space = ours.outcome_space
    a = space.outcome_index(
        outcome(
            Price="$4.37",
            Delivery="20 days",
            Payment="Upon delivery",
            Returns="5% spoilage allowed",
        )
    )
    b = space.outcome_index(
        outcome(
            Price="$4.12",
            Delivery="20 days",
            Payment="60 days after delivery",
            Returns="5% spoilage allowed",
        )
    )
    ours_ab = compiled(ours).utilities[cypress].utilities(np.array([a, b]))
    theirs_ab = values(theirs.ufuns[cypress], to_negmas(ours, names, [a, b]))
    assert ours_ab == pytest.approx([0.391823, 0.332125], abs=1e-6)  # GENIUS: a before b
    assert theirs_ab == pytest.approx([7.795531, 9.543900], abs=1e-6)  # NegMAS: b before a
    # and on whole domains: no rescaling, many pairs ordered the other way
    index = sample(ours, 500)
    mine = compiled(ours).utilities[cypress].utilities(index)
    raw = values(theirs.ufuns[cypress], to_negmas(ours, names, index))
    assert rescaling(mine, raw) is None
    flipped = (mine[:, None] > mine[None, :]) & (raw[:, None] < raw[None, :])
    assert flipped.sum() > 100


def test_d2_integer_evaluator_without_shift_or_clipping() -> None:
    """D2: GENIUS: clip01(slope * (x - lowerbound) + offset); NegMAS: slope * x + offset."""
    ours, theirs = both(anac("other/IntegerDomain"))
    names = issue_names(theirs)
    space = ours.outcome_space
    index = [space.outcome_index({"price": p, "otherprice": -5}) for p in (-5, 0, 4, 5)]
    ours_u = compiled(ours).utilities[0].utilities(np.array(index))
    theirs_u = values(theirs.ufuns[0], to_negmas(ours, names, index))
    # prof1: price slope 0.08 offset 0.3 (weight 0.75); otherprice slope 0.1 offset 0 (0.25)
    assert ours_u == pytest.approx([0.75 * 0.3, 0.75 * 0.7, 0.75 * 1.0, 0.75 * 1.0])  # clipped at 1
    assert theirs_u == pytest.approx(
        [0.75 * -0.1 + 0.25 * -0.5, 0.75 * 0.3 - 0.125, 0.75 * 0.62 - 0.125, 0.75 * 0.7 - 0.125]
    )


def test_d3_reservation_value_copied_onto_the_raw_scale() -> None:
    """D3: the file's reservation value is on GENIUS's [0, 1] scale; NegMAS compares it with
    raw utilities, so (almost) every outcome becomes individually rational."""
    ours, theirs = both(anac("y2015/group3-bank_robbery"))
    names = issue_names(theirs)
    index = np.arange(ours.outcome_space.size)
    outcomes = to_negmas(ours, names, index)
    utility, ufun = compiled(ours).utilities[6], theirs.ufuns[6]  # Bank_Robbery_util7
    assert utility.reservation_value == ufun.reserved_value == 0.5
    ours_rational = int((utility.utilities(index) >= 0.5).sum())
    theirs_rational = int((values(ufun, outcomes) >= ufun.reserved_value).sum())
    assert (ours_rational, theirs_rational) == (8, 18)


def test_d4_discount_per_step_and_reservation_lost() -> None:
    """D4: GENIUS discounts over normalised time t in [0, 1] (U * d**t); NegMAS per step
    (U * d**step); its discounted wrapper also reports a reservation value of -inf."""
    ours, theirs = both(anac("y2011/Camera"), ignore_discount=False)
    ufun = theirs.ufuns[0]
    d = compiled(ours).utilities[0].discount_factor
    assert (ufun.discount, ufun.factor) == (pytest.approx(d), "step")
    first = next(iter(theirs.outcome_space.enumerate_or_sample()))
    raw = float(ufun.ufun(first))
    at_step_10 = float(ufun.eval_on_state(first, None, SAOState(step=10, relative_time=0.1)))
    assert at_step_10 == pytest.approx(raw * d**10)  # NegMAS, step 10 of 100
    assert at_step_10 != pytest.approx(raw * d**0.1)  # GENIUS at t = 0.1
    assert (
        ufun.reserved_value == float("-inf")
        and compiled(ours).utilities[0].reservation_value == 0.0
    )


def test_d5_nonlinear_profiles_raw_and_open_ranges() -> None:
    """D5: ANAC 2014: GENIUS divides by maxutility and treats bounds as closed ranges; NegMAS
    keeps raw sums and tests min < value < max (open), so a one-value bound never matches."""
    ours, theirs = both(anac("y2014/10issuesDiscountedwithRV"))
    names = issue_names(theirs)
    zero = ours.outcome_space.outcome_index({name: 0 for name in names})
    assert float(compiled(ours).utilities[0].utilities(np.array([zero]))[0]) * 635 == pytest.approx(
        293
    )
    assert float(theirs.ufuns[0](dict(enumerate([0] * 10)))) == 0.0
    # NegMAS's values are exactly the open-range reading of the same rectangles
    index = sample(ours, 400)
    digits = ours.outcome_space.digits(index).astype(float)
    ufun = theirs.ufuns[0]
    open_reading = np.zeros(index.size)
    for ranges, value in zip(ufun.outcome_ranges, ufun.mappings, strict=True):
        inside = np.ones(index.size, dtype=bool)
        for position, (low, high) in ranges.items():
            inside &= (digits[:, position] > low) & (digits[:, position] < high)
        open_reading += value * inside
    theirs_u = np.array([float(ufun(dict(enumerate(map(int, row))))) for row in digits])
    np.testing.assert_allclose(theirs_u, open_reading)
    assert rescaling(compiled(ours).utilities[0].utilities(index), theirs_u) is None


NONLINEAR_DOMAIN = """\
<negotiation_template><utility_space number_of_issues="1">
<objective index="0" name="root" type="objective" etype="objective">
<issue index="1" name="x" type="integer" lowerbound="0" upperbound="9"/>
</objective></utility_space></negotiation_template>
"""


def nonlinear_profile(aggregation: str, side: str) -> str:
    return textwrap.dedent(f"""\
        <utility_space type="nonlinear"><objective index="0" name="root" type="objective">
        <issue index="1" name="x" type="integer" lowerbound="0" upperbound="9"/>
        <utility maxutility="20"><ufun type="PlainUfun" weight="1" aggregation="{aggregation}">
        <hyperRectangle utility="10"><{side} index="1" min="2" max="7"/></hyperRectangle>
        <hyperRectangle utility="4"><INCLUDES index="1" min="0" max="9"/></hyperRectangle>
        </ufun></utility></objective><reservation value="0"/></utility_space>
        """)


def write_nonlinear(tmp_path: Path, aggregation: str, side: str) -> list[Path]:
    (tmp_path / "d.xml").write_text(NONLINEAR_DOMAIN)
    for name in ("p1.xml", "p2.xml"):
        (tmp_path / name).write_text(nonlinear_profile(aggregation, side))
    return [tmp_path / n for n in ("d.xml", "p1.xml", "p2.xml")]


def test_d6_excludes_read_as_includes(tmp_path: Path) -> None:
    """D6: an EXCLUDES rectangle is worth its utility outside its box; NegMAS reads its bounds
    as an INCLUDES box."""
    domain, *profiles = write_nonlinear(tmp_path, "sum", "EXCLUDES")
    ours = compiled(load_genius(domain, profiles)).utilities[0].utilities(np.arange(10)) * 20
    theirs = NegmasScenario.from_genius_files(domain, profiles, ignore_discount=True)
    assert theirs is not None
    raw = [float(theirs.ufuns[0]((x,))) for x in range(10)]
    np.testing.assert_allclose(ours, [14, 14, 4, 4, 4, 4, 4, 4, 14, 14])  # GENIUS
    # NegMAS: the EXCLUDES box as an open INCLUDES box (3..6), the 0..9 box as open (1..8)
    np.testing.assert_allclose(raw, [0, 4, 4, 14, 14, 14, 14, 4, 4, 0])


@pytest.mark.parametrize("aggregation", ["max", "min"])
def test_d7_max_and_min_aggregations_refused_by_negmas(tmp_path: Path, aggregation: str) -> None:
    """D7: GENIUS aggregates rectangles by sum, max or min; NegMAS 0.16 reads sums only."""
    domain, *profiles = write_nonlinear(tmp_path, aggregation, "INCLUDES")
    ours = compiled(load_genius(domain, profiles)).utilities[0].utilities(np.arange(10)) * 20
    expected = (
        [4, 4, 10, 10, 10, 10, 10, 10, 4, 4] if aggregation == "max" else [0, 0] + [4] * 6 + [0, 0]
    )
    np.testing.assert_allclose(ours, expected)
    with pytest.raises(Exception, match="only sum is supported"):
        NegmasScenario.from_genius_files(domain, profiles, ignore_discount=True)


def test_d8_utility_capped_at_one() -> None:
    """D8: weights as written may sum above 1; GENIUS caps the utility at 1, NegMAS does not."""
    ours, theirs = both(anac("y2011/Laptop"))
    names = issue_names(theirs)
    index = np.arange(ours.outcome_space.size)
    best = int(np.argmax(compiled(ours).utilities[0].utilities(index)))
    assert float(compiled(ours).utilities[0].utilities(np.array([best]))[0]) == 1.0
    raw = float(values(theirs.ufuns[0], to_negmas(ours, names, [best]))[0])
    assert raw == pytest.approx(30 * 1.000051804171754)  # every evaluation 30, weights 1.00005


def test_d9_nash_disagreement_point() -> None:
    """D9: GENIUS's Nash point maximises Π(u_i - rv_i); NegMAS's default takes the disagreement
    point max(rv_i, min u_i), which moves it when every outcome is worth more than the RV."""
    ours, theirs = both(anac("y2011/NiceOrDie"))
    outcomes = list(theirs.outcome_space.enumerate_or_sample())
    index = from_negmas(ours, issue_names(theirs), outcomes)
    u = np.stack([utility.utilities(index) for utility in compiled(ours).utilities])
    nash = nash_point(u, np.zeros(2))
    assert nash is not None and u[:, nash] == pytest.approx([1.0, 0.16])  # tied with (0.16, 1)
    frontier, _ = negmas_frontier(theirs.ufuns, outcomes, sort_by_welfare=False)
    default = nash_points(theirs.ufuns, frontier, outcome_space=theirs.outcome_space)
    assert [np.array(frontier[k]) / 1000 for _, k in default] == [pytest.approx([0.299, 0.299])]


def test_d10_frontier_ties_broken_by_rounding() -> None:
    """D10: NegMAS compares raw sums as computed, so two outcomes tied for one party in exact
    arithmetic (92.67 vs 92.67000000000002) both stay on its frontier."""
    ours, theirs = both(anac("y2011/Car"))
    outcomes = list(theirs.outcome_space.enumerate_or_sample())
    index = from_negmas(ours, issue_names(theirs), outcomes)
    u = np.stack([utility.utilities(index) for utility in compiled(ours).utilities])
    theirs_u, _ = negmas_frontier(theirs.ufuns, outcomes, sort_by_welfare=False)
    ours_vectors = {tuple(np.round(100 * u[:, k], 9)) for k in pareto_frontier(u)}
    theirs_vectors = {tuple(np.round(np.array(p), 9)) for p in theirs_u}
    extra = theirs_vectors - ours_vectors
    assert ours_vectors <= theirs_vectors and len(extra) == 2
    for point in extra:  # each is dominated once ties are ties
        assert any(all(q >= p for q, p in zip(other, point, strict=True)) for other in ours_vectors)


def test_d11_negmas_frontier_misses_points_for_three_parties() -> None:
    """D11: NegMAS 0.16's frontier for three or more parties misses non-dominated outcomes."""
    ours, _ = both(anac("y2015/group3-bank_robbery"))
    space, ufuns = genius_ufuns(ours)
    names = [issue.name for issue in space.issues]
    index = np.arange(ours.outcome_space.size)
    outcomes = to_negmas_labels(ours, names, index)
    u = np.stack([utility.utilities(index) for utility in compiled(ours).utilities[:3]])
    _, theirs_k = negmas_frontier(ufuns[:3], outcomes, sort_by_welfare=False)
    expected = frontier_brute_force(u)
    np.testing.assert_array_equal(pareto_frontier(u), expected)
    missing = sorted(set(expected.tolist()) - {int(k) for k in theirs_k})
    assert missing and set(theirs_k) < set(expected.tolist())
    assert u[:, missing[0]].round(4).tolist() == [0.3608, 0.9893, 0.2859]


def test_d12_weights_far_from_one_refused(tmp_path: Path) -> None:
    """D12: Dragoman refuses a profile whose weights miss 1 by more than 0.02; NegMAS loads it."""
    folder = anac("y2010/ItexvsCypress")
    domain = folder / "ItexvsCypress_domain.xml"
    profile = (folder / "ItexvsCypress_Itex.xml").read_text()
    bad = tmp_path / "heavy.xml"
    bad.write_text(profile.replace('<weight index="1" value="0.', '<weight index="1" value="1.'))
    with pytest.raises(GeniusError, match="weights sum to 2, not 1"):
        load_genius(domain, [bad, folder / "ItexvsCypress_Cypress.xml"])
    theirs = NegmasScenario.from_genius_files(domain, [bad, folder / "ItexvsCypress_Cypress.xml"])
    assert theirs is not None and sum(theirs.ufuns[0].weights) == pytest.approx(2.0)


def test_d14_a_root_objective_weight_becomes_a_constant_in_negmas(tmp_path: Path) -> None:
    """D14: GENIUS never uses an objective's weight; NegMAS adds a weight whose index names no
    issue (here Travel's root objective, index 0) to every utility as a constant."""
    folder = anac("y2010/Travel")
    head, rest = (folder / "travel_chox.xml").read_text().split('etype="objective">', 1)
    weighted = tmp_path / "travel_chox.xml"
    weighted.write_text(f'{head}etype="objective">\n<weight index="0" value="1.0"/>{rest}')
    domain, other = folder / "travel_domain.xml", folder / "travel_fanny.xml"
    plain_ours, plain_theirs = both(folder)
    ours = load_genius(domain, [weighted, other])
    theirs = NegmasScenario.from_genius_files(domain, [weighted, other], ignore_discount=True)
    assert theirs is not None
    index = sample(plain_ours, 200)
    outcomes = to_negmas(plain_ours, issue_names(plain_theirs), index)
    before = values(plain_theirs.ufuns[0], outcomes)
    np.testing.assert_allclose(values(theirs.ufuns[0], outcomes), before + 1.0)
    np.testing.assert_array_equal(
        compiled(ours).utilities[0].utilities(index),
        compiled(plain_ours).utilities[0].utilities(index),
    )


JOBS_DOMAIN = {
    "name": "jobs",
    "issuesValues": {
        "fte": {"values": ["0.6", "1.0"]},
        "salary": {"range": {"low": 2000, "high": 4000, "step": 1000}},
    },
}


def test_d13_geniusweb_number_issues_and_long_names(tmp_path: Path) -> None:
    """D13: GeniusWeb JSON: NegMAS 0.16 cannot read number value sets (`range`), and reads
    only the short `discreteutils` wrapper (the long `DiscreteValueSetUtilities` is ignored)."""
    profile = {
        "LinearAdditiveUtilitySpace": {
            "name": "p",
            "domain": JOBS_DOMAIN,
            "issueWeights": {"fte": 0.5, "salary": 0.5},
            "issueUtilities": {
                "fte": {"DiscreteValueSetUtilities": {"valueUtilities": {"0.6": 0.2, "1.0": 1}}},
                "salary": {
                    "numberutils": {
                        "lowValue": 2000,
                        "lowUtility": 0,
                        "highValue": 4000,
                        "highUtility": 1,
                    }
                },
            },
        }
    }
    files = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(profile))
        files.append(path)
    ours = load_geniusweb(list(files))
    assert compiled(ours).utilities[0].utilities(np.arange(6)).tolist() == pytest.approx(
        [0.1, 0.35, 0.6, 0.5, 0.75, 1.0]
    )
    with pytest.raises(KeyError, match="values"):
        UtilityFunction.from_geniusweb(files[0])
    discrete = json.loads(json.dumps(profile))
    space = discrete["LinearAdditiveUtilitySpace"]
    space["domain"]["issuesValues"]["salary"] = {"values": ["2000", "4000"]}
    space["issueUtilities"]["salary"] = {
        "discreteutils": {"valueUtilities": {"2000": 0, "4000": 1}}
    }
    files[0].write_text(json.dumps(discrete))
    ufun, _ = UtilityFunction.from_geniusweb(files[0])
    assert ufun is not None
    assert ufun.values[0].mapping == {}  # fte's utilities are lost...
    with pytest.raises(KeyError):  # ...so the outcome cannot even be evaluated
        ufun(("1.0", "4000"))

"""GENIUS XML import (dragoman.io.genius): GENIUS's meaning on small hand-made files, and on
every shipped ANAC domain, checked against the independent reader of tests/genius_domains.py."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest
from genius_domains import anac_folder, linear_domain_folders, read_domain

from dragoman.io.genius import (
    GeniusError,
    UnsafeXmlError,
    find_genius_files,
    load_genius,
    load_genius_folder,
    read_genius_domain,
)
from dragoman.model.outcomes import CategoricalIssue, IntegerIssue, RealIssue
from dragoman.model.preferences import Preferences
from dragoman.model.rectangles import HyperRectanglePreferences
from dragoman.utility.scenario import compiled

ANAC = anac_folder()
needs_anac = pytest.mark.skipif(ANAC is None, reason="ANAC data folder not found")

DOMAIN = """\
<negotiation_template>
<utility_space number_of_issues="4">
<objective index="0" name="root" type="objective" etype="objective">
  <issue index="1" name="colour" type="discrete" vtype="integer">
    <item index="1" value="red"/><item index="2" value="blue"/><item index="3" value="green"/>
  </issue>
  <issue index="2" name="size" type="integer" lowerbound="2" upperbound="5"/>
  <issue index="4" name="speed" type="real"><range lowerbound="0" upperbound="10"/></issue>
  <issue index="7" name="extra" vtype="discrete">
    <item index="1" value="no"/><item index="2" value="yes"/>
  </issue>
</objective>
</utility_space>
</negotiation_template>
"""

# listed in another order, under other names: matched to the domain by index
PROFILE = """\
<utility_space>
<objective index="0" name="root" type="objective" etype="objective">
  <issue index="7" name="renamed">
    <item value="no" evaluation="0"/><item value="yes" evaluation="4"/>
  </issue>
  <issue index="2" name="x" type="integer">
    <evaluator ftype="linear" slope="0.5" offset="-0.25"/>
  </issue>
  <issue index="4" name="y" type="real">
    <evaluator ftype="linear" parameter0="1.2" parameter1="-0.1"/>
  </issue>
  <issue index="1" name="z">
    <item value="red" evaluation="10"/><item value="blue" evaluation="20"/>
    <item value="green" evaluation="5"/>
  </issue>
  <weight index="2" value="0.3"/><weight index="1" value="0.3"/>
  <weight index="7" value="0.2"/><weight index="4" value="0.21"/>
</objective>
<discount_factor value="0.0"/>
</utility_space>
"""

OTHER = """\
<utility_space>
<objective index="0" name="root" type="objective" etype="objective">
  <issue index="1">
    <item value="red" evaluation="1"/><item value="blue" evaluation="0"/>
    <item value="green" evaluation="0"/>
  </issue>
  <issue index="2"><evaluator ftype="linear" slope="-0.25" offset="1"/></issue>
  <issue index="4">
    <evaluator ftype="triangular" parameter0="0" parameter1="10" parameter2="4"/>
  </issue>
  <issue index="7"><item value="no" evaluation="3"/><item value="yes" evaluation="3"/></issue>
  <weight index="1" value="0.25"/><weight index="2" value="0.25"/>
  <weight index="4" value="0.25"/><weight index="7" value="0.25"/>
</objective>
<reservation value="0.4"/><discount_factor value="0.9"/>
</utility_space>
"""


def write(folder: Path, files: dict[str, str]) -> list[Path]:
    paths = []
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text))
        paths.append(folder / name)
    return paths


def test_domain_issue_kinds_and_indices(tmp_path: Path) -> None:
    (domain,) = write(tmp_path, {"d.xml": DOMAIN})
    read = read_genius_domain(domain)
    assert list(read.issues) == [1, 2, 4, 7]
    colour, size, speed, extra = read.issues.values()
    assert isinstance(colour, CategoricalIssue)  # `type` wins over `vtype`
    assert isinstance(size, IntegerIssue) and (size.min, size.max) == (2, 5)
    assert isinstance(speed, RealIssue) and speed.numeric_values().tolist() == list(range(11))
    assert isinstance(extra, CategoricalIssue)  # no `type`: discrete


def test_profile_semantics(tmp_path: Path) -> None:
    domain, profile, other = write(tmp_path, {"d.xml": DOMAIN, "a.xml": PROFILE, "b.xml": OTHER})
    scenario = load_genius(domain, [profile, other])
    a, b = (p.preferences for p in scenario.negotiators)
    assert isinstance(a, Preferences) and isinstance(b, Preferences)
    assert a.weights_as_written and sum(a.weights.values()) == pytest.approx(1.01)
    assert a.values["colour"].scores == {"red": 0.5, "blue": 1.0, "green": 0.25}  # raw / max
    assert a.discount_factor == 1.0 and a.reservation_value == 0.0  # 0 = none; absent = 0
    assert (b.discount_factor, b.reservation_value) == (0.9, 0.4)
    size, speed = scenario.issues[1], scenario.issues[2]
    np.testing.assert_allclose(a.values["size"].vector(size), [0, 0.25, 0.75, 1])  # x - lower
    np.testing.assert_allclose(
        a.values["speed"].vector(speed), np.clip(1.2 - 0.1 * np.arange(11), 0, 1)
    )
    np.testing.assert_allclose(
        b.values["speed"].vector(speed)[[0, 2, 4, 7, 10]], [0, 0.5, 1, 0.5, 0]
    )
    u = compiled(scenario).utilities[0]
    best = scenario.outcome_space.outcome_index(
        {"colour": "blue", "size": 5, "speed": 0, "extra": "yes"}
    )
    assert float(u.table[best]) == 1.0  # 1.01 capped at 1, as GENIUS does


NONLINEAR = """\
<utility_space type="nonlinear">
<objective index="0" name="root" type="objective">
  <utility maxutility="40">
    <ufun type="PlainUfun" weight="7" aggregation="sum">
      <hyperRectangle utility="10"><INCLUDES index="2" min="3" max="4"/></hyperRectangle>
      <hyperRectangle utility="5" weight="2"><EXCLUDES index="2" min="2" max="2"/></hyperRectangle>
      <hyperRectangle utility="6">
        <INCLUDES index="2" min="5" max="5"/><EXCLUDES index="2" min="4" max="5"/>
      </hyperRectangle>
      <ufun weight="0.5" aggregation="max">
        <hyperRectangle utility="8"/>
        <hyperRectangle utility="20"><INCLUDES index="2" min="5" max="5"/></hyperRectangle>
      </ufun>
    </ufun>
  </utility>
</objective>
<reservation value="0.3"/><discount_factor value="0.5"/>
</utility_space>
"""


def test_nonlinear_profile(tmp_path: Path) -> None:
    domain, profile = write(tmp_path, {"d.xml": DOMAIN, "n.xml": NONLINEAR})
    scenario = load_genius(domain, [profile, profile])
    prefs = scenario.negotiators[0].preferences
    assert isinstance(prefs, HyperRectanglePreferences)
    assert prefs.function.weight == 1.0  # GENIUS does not apply the top-level weight
    third = prefs.function.rectangles[2]
    assert third.excludes and not third.includes  # both given: GENIUS keeps the EXCLUDES
    assert (prefs.reservation_value, prefs.discount_factor, prefs.max_utility) == (0.3, 0.5, 40)
    space = scenario.outcome_space
    sizes = [
        space.outcome_index({"colour": "red", "size": s, "speed": 0, "extra": "no"})
        for s in (2, 3, 4, 5)
    ]
    raw = compiled(scenario).utilities[0].utilities(np.array(sizes)) * 40
    # size 2: 6 (outside 4..5) + max(8, 0) * 0.5; 3: 10 + 5 * 2 + 6 + 4; 4: 10 + 10 + 4;
    # 5: 10 + max(8, 20) * 0.5
    np.testing.assert_allclose(raw, [10, 30, 24, 20])


@needs_anac
def test_every_shipped_domain_loads() -> None:
    assert ANAC is not None
    folders = sorted({p.parent for p in ANAC.rglob("*.xml")})
    assert len(folders) == 16
    for folder in folders:
        domain, profiles = find_genius_files(folder)
        scenario = load_genius(domain, profiles)
        assert len(scenario.negotiators) == len(profiles) >= 2


@needs_anac
def test_utilities_equal_the_independent_reader_on_every_linear_domain() -> None:
    assert ANAC is not None
    for folder in linear_domain_folders(ANAC):
        reference = read_domain(folder)
        scenario = load_genius(reference.domain_file, list(reference.profile_files))
        assert scenario.outcome_space.shape == reference.space.shape
        ours = np.stack([u.utilities() for u in compiled(scenario).utilities])
        np.testing.assert_allclose(
            ours, reference.utilities(), rtol=0, atol=1e-12, err_msg=str(folder)
        )
        assert [
            u.reservation_value for u in compiled(scenario).utilities
        ] == reference.reservation().tolist()


@needs_anac
def test_the_2014_domain_is_nonlinear_and_huge() -> None:
    assert ANAC is not None
    scenario = load_genius_folder(ANAC / "y2014" / "10issuesDiscountedwithRV")
    assert scenario.outcome_space.size == 10**10
    prefs = [p.preferences for p in scenario.negotiators]
    assert all(isinstance(p, HyperRectanglePreferences) for p in prefs)
    assert [
        len(p.function.rectangles) for p in prefs if isinstance(p, HyperRectanglePreferences)
    ] == [20, 20]


def test_folder_without_a_domain(tmp_path: Path) -> None:
    write(tmp_path, {"a.xml": PROFILE, "pareto.xml": "0.5, 0.5\n"})
    with pytest.raises(GeniusError, match="no GENIUS domain file"):
        find_genius_files(tmp_path)


def test_a_hostile_file_in_a_folder_is_not_skipped(tmp_path: Path) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><utility_space>&a;</utility_space>'
    write(tmp_path, {"d.xml": DOMAIN, "a.xml": PROFILE, "bomb.xml": bomb})
    with pytest.raises(UnsafeXmlError, match=r"bomb\.xml: refused: entity declaration 'a'"):
        find_genius_files(tmp_path)

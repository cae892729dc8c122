"""Weights of objectives in GENIUS profiles, read as GENIUS reads them (dragoman.io.genius_weights).

GENIUS 10.4 (`genius.core.utility.AdditiveUtilitySpace.loadTreeRecursive` and `getUtility`)
matches each `<weight>` to the `<issue>` or `<objective>` beside it, gives objectives an
evaluator that the utility skips, and sums weight × evaluation over every issue of the tree: an
objective's weight, the root's included, changes nothing and is not multiplied into the weights
of the issues below it. No shipped ANAC profile weighs an objective, so the real-file test adds
a root weight to one (y2010 Travel).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from genius_domains import anac_folder
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.io.genius import GeniusError, load_genius
from dragoman.model.scenario import Scenario
from dragoman.utility.scenario import compiled

ANAC = anac_folder()
runner = CliRunner()

# the root objective is index 1 in both files; the issues are 2 and 3
ROOT_1_DOMAIN = """\
<negotiation_template><utility_space number_of_issues="2">
<objective index="1" name="root" type="objective" etype="objective">
  <issue index="2" name="colour" type="discrete">
    <item index="1" value="red"/><item index="2" value="blue"/><item index="3" value="green"/>
  </issue>
  <issue index="3" name="size" type="integer" lowerbound="0" upperbound="4"/>
</objective></utility_space></negotiation_template>
"""


def root_1_profile(root_weight: str = "") -> str:
    return f"""\
<utility_space><objective index="1" name="root" type="objective" etype="objective">
  {root_weight}
  <issue index="2"><item value="red" evaluation="3"/><item value="blue" evaluation="6"/>
    <item value="green" evaluation="1"/></issue>
  <issue index="3"><evaluator ftype="linear" slope="0.25" offset="0"/></issue>
  <weight index="2" value="0.3"/>
  <weight index="3" value="0.7"/>
</objective><reservation value="0.2"/></utility_space>
"""


def write(folder: Path, files: dict[str, str]) -> list[Path]:
    paths = []
    for name, text in files.items():
        (folder / name).write_text(text)
        paths.append(folder / name)
    return paths


def utility_tables(scenario: Scenario) -> list[np.ndarray]:
    return [np.asarray(u.table) for u in compiled(scenario).utilities]


def test_root_objective_weight_is_accepted_and_changes_nothing(tmp_path: Path) -> None:
    domain, weighted, plain = write(
        tmp_path,
        {
            "domain.xml": ROOT_1_DOMAIN,
            "weighted.xml": root_1_profile('<weight index="1" value="1.0"/>'),
            "plain.xml": root_1_profile(),
        },
    )
    with_weight = load_genius(domain, [weighted, plain])
    without = load_genius(domain, [plain, plain])
    first, second = with_weight.parties
    assert first.preferences == second.preferences == without.parties[0].preferences
    for a, b in zip(utility_tables(with_weight), utility_tables(without), strict=True):
        np.testing.assert_array_equal(a, b)
    # colour blue (6/6) and size 4 (clip01(0.25 * 4)): 0.3 + 0.7
    assert utility_tables(with_weight)[0].max() == pytest.approx(1.0)


def test_cli_imports_a_profile_with_a_root_objective_weight(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {
            "domain.xml": ROOT_1_DOMAIN,
            "a.xml": root_1_profile('<weight index="1" value="1.0"/>'),
            "b.xml": root_1_profile('<weight index="1" value="0.5"/>'),
        },
    )
    out = tmp_path / "s.yaml"
    result = runner.invoke(app, ["import", "genius", *map(str, files), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 parties, 2 issues, 15 outcomes" in result.stderr and out.is_file()


@pytest.mark.skipif(ANAC is None, reason="ANAC data folder not found")
@pytest.mark.parametrize("where", ["inside the root objective", "beside the root objective"])
def test_root_weight_added_to_a_real_anac_profile_changes_nothing(
    tmp_path: Path, where: str
) -> None:
    assert ANAC is not None
    folder = ANAC / "y2010" / "Travel"
    text = (folder / "travel_chox.xml").read_text()
    weight = '<weight index="0" value="1.0"/>'  # index 0: Travel's root objective
    if where == "inside the root objective":
        head, rest = text.split('etype="objective">', 1)
        changed = f'{head}etype="objective">\n{weight}{rest}'
    else:
        changed = text.replace("</objective>", f"</objective>\n{weight}", 1)
    assert changed != text
    (tmp_path / "travel_chox.xml").write_text(changed)
    domain, other = folder / "travel_domain.xml", folder / "travel_fanny.xml"
    original = load_genius(domain, [folder / "travel_chox.xml", other])
    weighted = load_genius(domain, [tmp_path / "travel_chox.xml", other])
    assert weighted.parties == original.parties
    for a, b in zip(utility_tables(weighted), utility_tables(original), strict=True):
        np.testing.assert_array_equal(a, b)


NESTED_DOMAIN = """\
<negotiation_template><utility_space>
<objective index="0" name="root" type="objective" etype="objective">
  <issue index="1" name="price" type="integer" lowerbound="0" upperbound="4"/>
  <objective index="2" name="extras" type="objective" etype="objective">
    <issue index="3" name="colour" type="discrete">
      <item index="1" value="red"/><item index="2" value="blue"/>
    </issue>
    <issue index="4" name="warranty" type="integer" lowerbound="0" upperbound="2"/>
  </objective>
</objective></utility_space></negotiation_template>
"""

NESTED_PROFILE = """\
<utility_space><objective index="0" name="root" type="objective" etype="objective">
  <issue index="1"><evaluator ftype="linear" slope="0.25" offset="0"/></issue>
  <objective index="2" name="extras" type="objective" etype="objective">
    <issue index="3"><item value="red" evaluation="1"/><item value="blue" evaluation="2"/></issue>
    <issue index="4"><evaluator ftype="linear" slope="0.5" offset="0"/></issue>
    {inner}
  </objective>
  <weight index="1" value="0.6"/>
  <weight index="2" value="0.4"/>
  {outer}
</objective></utility_space>
"""
INNER = '<weight index="3" value="0.2"/><weight index="4" value="0.2"/>'


def test_a_nested_objective_weight_is_not_multiplied_into_its_issues(tmp_path: Path) -> None:
    """u = 0.6·price/4 + 0.2·colour + 0.2·warranty/2, as written: not 0.4 × 0.2 below "extras"."""
    profile = NESTED_PROFILE.format(inner=INNER, outer="")
    domain, path = write(tmp_path, {"domain.xml": NESTED_DOMAIN, "p.xml": profile})
    scenario = load_genius(domain, [path, path])
    assert scenario.outcome_space.names == ("price", "colour", "warranty")
    table = utility_tables(scenario)[0].reshape(5, 2, 3)
    colour = {0: 0.5, 1: 1.0}  # evaluations 1 and 2, divided by the largest
    for price, c, warranty in itertools.product(range(5), range(2), range(3)):
        expected = 0.6 * price / 4 + 0.2 * colour[c] + 0.2 * warranty / 2
        assert table[price, c, warranty] == pytest.approx(expected, abs=1e-12)


def test_nested_issue_weights_must_sit_beside_their_issues(tmp_path: Path) -> None:
    """GENIUS would not use weights of the nested issues written at the root: refused."""
    profile = NESTED_PROFILE.format(inner="", outer=INNER)
    domain, path = write(tmp_path, {"domain.xml": NESTED_DOMAIN, "p.xml": profile})
    with pytest.raises(GeniusError) as caught:
        load_genius(domain, [path, path])
    message = str(caught.value)
    assert message.startswith(f"{path}:")
    assert "<weight index='3'>: the weight of issue 'colour' is not beside its <issue>" in message


def test_an_index_naming_neither_an_issue_nor_an_objective_is_refused(tmp_path: Path) -> None:
    profile = root_1_profile('<weight index="5" value="1.0"/>')
    domain, path = write(tmp_path, {"domain.xml": ROOT_1_DOMAIN, "p.xml": profile})
    with pytest.raises(GeniusError) as caught:
        load_genius(domain, [path, path])
    assert str(caught.value) == (
        f"{path}:2: <weight index='5'>: index 5 names no issue and no objective "
        "(issue indices: 2, 3; objective indices: 1)"
    )

"""Hostile or broken GENIUS XML is refused: each with a specific one-line error naming the file
(and the line, where it helps), through `dragoman import genius` with exit code 2."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dragoman.app.cli import app

runner = CliRunner()

DOMAIN = """\
<negotiation_template><utility_space number_of_issues="2">
<objective index="0" name="root" type="objective" etype="objective">
<issue index="1" name="a" type="discrete">
  <item index="1" value="x"/><item index="2" value="y"/>
</issue>
<issue index="2" name="b" type="integer" lowerbound="0" upperbound="3"/>
</objective></utility_space></negotiation_template>
"""


HALVES = '<weight index="1" value="0.5"/><weight index="2" value="0.5"/>'
LINE = '<evaluator ftype="linear" slope="0.25" offset="0"/>'


def profile(weights: str = HALVES, evaluator: str = LINE) -> str:
    return textwrap.dedent(f"""\
        <utility_space><objective index="0" name="root" type="objective" etype="objective">
        <issue index="1"><item value="x" evaluation="1"/><item value="y" evaluation="2"/></issue>
        <issue index="2">{evaluator}</issue>
        {weights}
        </objective></utility_space>
        """)


GOOD = profile()

XXE = """\
<?xml version="1.0"?>
<!DOCTYPE utility_space [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<utility_space><objective>&secret;</objective></utility_space>
"""

BILLION_LAUGHS = """\
<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<utility_space>&lol2;</utility_space>
"""

EXTERNAL_DTD = """\
<?xml version="1.0"?>
<!DOCTYPE utility_space SYSTEM "http://example.com/evil.dtd">
<utility_space/>
"""

CASES = {
    "xxe": (XXE, "refused: external entity 'secret' (file:///etc/passwd): XML external entities"),
    "billion-laughs": (BILLION_LAUGHS, "refused: entity declaration 'lol': entity expansion"),
    "external-dtd": (EXTERNAL_DTD, "refused: an external DTD 'http://example.com/evil.dtd'"),
    "wrong-root": (
        "<html><body/></html>",
        "not a GENIUS domain or profile (root element is <html>)",
    ),
    "missing-weights": (
        profile(weights='<weight index="1" value="1"/>'),
        "missing weights: no <weight> for issues ['b']",
    ),
    "weights-not-1": (
        profile(weights='<weight index="1" value="0.9"/><weight index="2" value="0.6"/>'),
        "weights sum to 1.5, not 1 (GENIUS profiles may miss 1 by at most 0.02)",
    ),
    "weights-sum-in-full": (
        profile(weights='<weight index="1" value="0.9"/><weight index="2" value="0.1234567"/>'),
        "weights sum to 1.0234567, not 1 (GENIUS profiles",
    ),
    "unknown-evaluator": (
        profile(evaluator='<evaluator ftype="cubic" slope="1" offset="0"/>'),
        ":3: <evaluator>: unknown evaluator type 'cubic' for an integer issue (known: linear)",
    ),
    "not-xml": ("<utility_space>\n<objective>\n</utility_space>", ":3: not well-formed XML"),
    "bad-number": (
        profile(weights='<weight index="1" value="half"/><weight index="2" value="0.5"/>'),
        "<weight index='1'>: needs a numeric 'value' (got 'half')",
    ),
    "unknown-index": (
        profile(weights='<weight index="9" value="0.5"/><weight index="2" value="0.5"/>'),
        "<weight index='9'>: index 9 names no issue and no objective (issue indices: 1, 2; "
        "objective indices: 0)",
    ),
    "misplaced-weight": (  # issue 2's weight outside the objective that holds issue 2
        profile(weights='<weight index="1" value="0.5"/>').replace(
            "</objective>", '</objective><weight index="2" value="0.5"/>'
        ),
        "<weight index='2'>: the weight of issue 'b' is not beside its <issue> element",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_profile_refused_with_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    text, expected = CASES[case]
    (tmp_path / "domain.xml").write_text(DOMAIN)
    (tmp_path / "bad.xml").write_text(text)
    (tmp_path / "good.xml").write_text(GOOD)
    args = ["import", "genius", str(tmp_path / "domain.xml"), str(tmp_path / "bad.xml")]
    result = runner.invoke(app, [*args, str(tmp_path / "good.xml"), "-o", str(tmp_path / "s.yaml")])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: {tmp_path / 'bad.xml'}")
    assert expected in lines[0]
    assert not (tmp_path / "s.yaml").exists()


def test_hostile_domain_refused(tmp_path: Path) -> None:
    (tmp_path / "domain.xml").write_text(
        BILLION_LAUGHS.replace("utility_space", "negotiation_template")
    )
    (tmp_path / "good.xml").write_text(GOOD)
    args = ["import", "genius", str(tmp_path / "domain.xml"), str(tmp_path / "good.xml")]
    result = runner.invoke(app, [*args, str(tmp_path / "good.xml")])
    assert result.exit_code == 2
    assert "entity expansion" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_good_files_do_import(tmp_path: Path) -> None:
    (tmp_path / "domain.xml").write_text(DOMAIN)
    (tmp_path / "good.xml").write_text(GOOD)
    (tmp_path / "other.xml").write_text(GOOD)
    files = [str(tmp_path / n) for n in ("domain.xml", "good.xml", "other.xml")]
    result = runner.invoke(app, ["import", "genius", *files, "-o", str(tmp_path / "s.yaml")])
    assert result.exit_code == 0, result.output
    assert "2 parties, 2 issues, 8 outcomes" in result.stderr


def test_every_broken_profile_is_reported_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "domain.xml").write_text(DOMAIN)
    (tmp_path / "first.xml").write_text(CASES["misplaced-weight"][0])
    (tmp_path / "second.xml").write_text(CASES["misplaced-weight"][0])
    (tmp_path / "good.xml").write_text(GOOD)
    result = runner.invoke(app, ["import", "genius", str(tmp_path)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert [line.split(":")[1].strip() for line in lines] == [
        str(tmp_path / "first.xml"),
        str(tmp_path / "second.xml"),
    ], lines
    assert all(CASES["misplaced-weight"][1] in line for line in lines)

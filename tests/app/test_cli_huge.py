"""The command line on spaces far beyond enumeration (10^9 and 10^30 outcomes): `analyze`
finds the exact frontier and the solutions, `negotiate --quiet` reaches its end, and neither
prints a traceback or tabulates the space."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.io.scenario_file import dump_scenario
from dragoman.testing.generators import additive_scenario

runner = CliRunner()


@pytest.fixture(scope="module", params=[(9, "1,000,000,000"), (30, "1" + ",000" * 10)])
def huge(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    issues, size = request.param
    path = tmp_path_factory.mktemp("huge") / f"huge-{issues}.yaml"
    path.write_text(dump_scenario(additive_scenario(issues, 10, red_lines=True)), "utf-8")
    return path, size


def test_analyze_finds_the_exact_frontier(huge: tuple[Path, str]) -> None:
    path, size = huge
    result = runner.invoke(app, ["analyze", str(path)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert f"{size} outcomes" in result.output
    assert "issue-by-issue fold" in result.output and "(exact)" in result.output
    assert "Nash" in result.output and "Zone of possible agreement: yes" in result.output


def test_negotiate_quietly_reaches_the_end(huge: tuple[Path, str]) -> None:
    path, _ = huge
    result = runner.invoke(app, ["negotiate", str(path), "--quiet", "--steps", "60"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "Agreement after" in result.output or "No agreement" in result.output


def test_analyze_json_on_a_huge_space(huge: tuple[Path, str]) -> None:
    path, _ = huge
    result = runner.invoke(app, ["analyze", str(path), "--json"])
    assert result.exit_code == 0 and '"method": "issue-by-issue fold' in result.output

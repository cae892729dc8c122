"""ANAC 2014-style nonlinear domains of 30 and 50 issues (10**30 and 10**50 outcomes, generated
by the shipped 10-issue domain's recipe, tests/anac2014_generator.py) end to end:
`dragoman import genius` imports them, `dragoman analyze` prints a frontier (exact, or flagged
approximate when the solver's time limit stops it), and a negotiation finishes with bounded
memory (nothing is sized by the space)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from anac2014_generator import write_anac2014_domain
from click.testing import Result
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.io.scenario_file import load_scenario

runner = CliRunner()
#: Peak resident memory allowed to a whole negotiation process (Python and numpy included).
MAX_RSS_MB = 500

NEGOTIATION = """\
import json, resource, sys
from dragoman.io.scenario_file import load_scenario
from dragoman.runs.negotiation import negotiate
from dragoman.utility.lazy import LazyTable
from dragoman.utility.scenario import compiled

scenario = load_scenario(sys.argv[1])
agents = {p.name: "boulware" for p in scenario.negotiators}
result = negotiate(scenario, "alternating", agents=agents, seed=1, steps=int(sys.argv[2]))
lazy = all(isinstance(u.table, LazyTable) for u in compiled(scenario).utilities)
ranked = [len(u.ranking[0]) for u in compiled(scenario).utilities]
# the peak of this process's own memory: VmHWM starts anew at exec, while ru_maxrss keeps the
# resident size of the (perhaps large) test worker it was forked from
status = open("/proc/self/status").read() if sys.platform == "linux" else ""
hwm = [line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")]
rss = int(hwm[0]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"status": str(result.status), "steps": result.steps, "error": result.error,
                  "lazy": lazy, "ranked": ranked, "rss_mb": rss}))
"""


@dataclass(frozen=True)
class Imported:
    issues: int
    scenario_file: Path
    result: Result


@pytest.fixture(scope="module", params=[30, 50], ids=lambda n: f"{n}-issues")
def imported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Imported:
    issues: int = request.param
    folder = tmp_path_factory.mktemp(f"anac2014-{issues}")
    files = write_anac2014_domain(folder, issues, seed=issues)
    target = folder / "scenario.yaml"
    result = runner.invoke(app, ["import", "genius", *map(str, files), "-o", str(target)])
    return Imported(issues, target, result)


def test_import_genius(imported: Imported) -> None:
    assert imported.result.exit_code == 0, imported.result.output
    outcomes = f"{10**imported.issues:,}"
    assert f"2 parties, {imported.issues} issues, {outcomes}" in " ".join(
        imported.result.stderr.split()
    )
    scenario = load_scenario(str(imported.scenario_file))
    for party in scenario.parties:
        assert party.preferences.kind == "hyper-rectangles"
        assert len(party.preferences.function.rectangles) == 2 * imported.issues


def test_analyze_prints_a_frontier(imported: Imported) -> None:
    args = ["analyze", str(imported.scenario_file), "--time-limit", "2"]
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert result.exception is None and "Traceback" not in result.output
    lines = result.stdout.splitlines()
    frontier = next(line for line in lines if "Pareto frontier " in line)
    assert int(frontier.split("Pareto frontier")[1].split()[0]) >= 1
    method = next(line for line in lines if "frontier method" in line)
    assert ("(exact)" in method) != ("(APPROXIMATE)" in method), method
    if "(APPROXIMATE)" in method:
        assert "the solver's time limit was reached" in result.stdout
    if "(APPROXIMATE)" in method and "Zone of possible agreement: yes" not in result.stdout:
        # a busy machine: the time limit ran out before the frontier reached the zone
        assert "NONE FOUND (approximate frontier)" in result.stdout
        assert "a zone may still exist" in result.stdout
        return
    assert "Zone of possible agreement: yes" in result.stdout
    # the zone's size is estimated from 200,000 sampled outcomes: said so when none of them is
    # in it, else as the sampled share
    fewer = r"fewer than 1 in 200,000 \(none of a uniform sample of that many\)"
    size = re.search(rf"exists: ({fewer}|about [\d.e+-]+%? \(sampled\)) of the", result.stdout)
    assert size is not None, result.stdout


def test_negotiation_finishes_with_bounded_memory(imported: Imported) -> None:
    """In its own process, so that the peak memory measured is the negotiation's alone."""
    run = subprocess.run(
        [sys.executable, "-c", NEGOTIATION, str(imported.scenario_file), "200"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["error"] is None and report["status"] in ("agreement", "deadline")
    assert 1 <= report["steps"] <= 200
    assert report["lazy"] and all(0 < n < 10**6 for n in report["ranked"])
    assert report["rss_mb"] < MAX_RSS_MB, report

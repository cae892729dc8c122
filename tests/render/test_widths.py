"""Every command's output at 60, 80 and 160 columns shows every number and every name of the
result it renders, whole: nothing cut with "…", no word folded over two lines.

The expected values come from the result objects themselves (`analyze`, `implement`,
`negotiate`, the scenario, the strategy registry), formatted as the tables format them; the
check is a multiset one: a value shown 6 times in the result must appear, whole, at least 6
times among the output's words. The built-in scenarios are joined by two made-up ones with long
names: the river basin with long party, issue, value and round names (3 parties and a
mediator), and a generated 4-party scenario with long names.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import dragoman
from dragoman._words import percent, signed
from dragoman._words import shown as abbreviated
from dragoman.analysis.results import Analysis
from dragoman.app.cli import app
from dragoman.io.eventlog import read_events
from dragoman.io.scenario_file import builtin_scenarios, dump_scenario, load_scenario
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import END_KINDS, Event, EventKind
from dragoman.phases.implementation import ImplementationAssessment
from dragoman.runs.negotiation import NegotiationResult
from dragoman.strategies.registry import (
    agent_names,
    mediator_names,
    parameters_of,
    strategy_class,
)
from dragoman.testing.generators import additive_scenario

WIDTHS = (60, 80, 160)
runner = CliRunner()
BOX = re.compile(r"[\u2500-\u257f]")  # box-drawing characters: table lines
LEADING, TRAILING = "([{'\"", ")]}'\",;:."


# --- what the output shows ---------------------------------------------------------------------
def shown(text: str) -> Counter[str]:
    """The words of the output (table lines dropped, punctuation around a word stripped)."""
    return Counter(_word(w) for w in BOX.sub(" ", text).split() if _word(w))


def _word(text: str) -> str:
    return text.lstrip(LEADING).rstrip(TRAILING)


def words(texts: Iterable[str]) -> Counter[str]:
    """The words of every expected text, counted as `shown` counts them."""
    return Counter(_word(w) for t in texts for w in str(t).split() if _word(w))


def assert_whole(text: str, expected: Iterable[str], width: int, whole: Iterable[str] = ()) -> None:
    """Every expected word shown whole (as often as expected), no "…" but a number's visible
    abbreviation (0.630…), no line wider than `width` unless it holds one of `whole` (a path,
    printed whole for the terminal to wrap)."""
    missing = words(expected) - shown(text)
    assert not missing, f"at {width} columns, missing or cut: {dict(missing)}"
    assert "…" not in re.sub(r"\d…", "", text)
    kept = tuple(whole)
    for line in text.splitlines():
        too_wide = len(line.rstrip()) > width
        assert not too_wide or any(w in line for w in kept), f"{len(line)} > {width}: {line!r}"


def cli(args: list[str], width: int) -> str:
    result = runner.invoke(app, args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


# --- scenarios: the built-ins and two with long names -----------------------------------------
LONG_NAMES = {
    "Upstream": "Upstream Republic of the High Valley",
    "Midstream": "Midstream Federation of Irrigators",
    "Downstream": "Downstream Delta Water Authority",
    "Commission": "International Basin Commission",
    "dry_year_share_downstream": "dry_year_flow_share_for_the_delta",
    "commission_funding": "monitoring_commission_funding_source",
    "consultation_only": "consultation_between_ministries_only",
    "binding_arbitration": "binding_international_arbitration",
    "First session": "First session of the basin conference",
    "Second session": "Second session of the basin conference",
    "Shared river basin": "Shared river basin of three long-named states",
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Scenario name -> what the commands take (a built-in's name or a file)."""
    folder = tmp_path_factory.mktemp("scenarios")
    text = builtin_scenarios()["river-basin"].read_text()
    for short, long in LONG_NAMES.items():
        text = text.replace(short, long)
    (folder / "long-river.yaml").write_text(text)
    (folder / "four-parties.yaml").write_text(dump_scenario(_four_parties()))
    found = {name: name for name in builtin_scenarios()}
    return found | {n: str(folder / f"{n}.yaml") for n in ("long-river", "four-parties")}


def _four_parties() -> Scenario:
    data: dict[str, Any] = additive_scenario(3, 4, parties=4, seed=3).model_dump(by_alias=True)
    issue = {f"issue{k:02d}": f"issue_number_{k}_with_a_long_descriptive_name" for k in range(3)}
    data["metadata"]["title"] = "Four parties with long names on three long-named issues"
    for item in data["issues"]:
        item["name"] = issue[item["name"]]
    for k, party in enumerate(data["parties"]):
        party["name"] = f"Delegation of the Long-Named Party {k + 1}"
        prefs = party["preferences"]
        prefs["weights"] = {issue[i]: w for i, w in prefs["weights"].items()}
        prefs["values"] = {issue[i]: v for i, v in prefs["values"].items()}
    return Scenario.from_data(data)


ALL = ("discounted-split", "gaza-ceasefire-2024", "pie-split", "river-basin")
ALL += ("long-river", "four-parties")


# --- scenarios, validate -------------------------------------------------------------------
@pytest.mark.parametrize("width", WIDTHS)
def test_scenarios(width: int) -> None:
    text = cli(["scenarios"], width)
    expected: list[str] = []
    for name in builtin_scenarios():
        s = load_scenario(name)
        expected += [name, s.metadata.title, str(len(s.issues)), f"{s.outcome_space.size:,}"]
        expected += [p.name for p in s.parties]
    assert_whole(text, expected, width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ALL)
def test_validate(files: dict[str, str], name: str, width: int) -> None:
    s = load_scenario(files[name])
    text = cli(["validate", files[name]], width)
    counts = (len(s.issues), len(s.negotiators), len(s.mediators), s.outcome_space.size)
    assert_whole(text, [s.metadata.title, *(f"{n:,}" for n in counts)], width)
    mediators = "1 mediator," if len(s.mediators) == 1 else f"{len(s.mediators)} mediators,"
    assert mediators in " ".join(text.split())


# --- analyze -------------------------------------------------------------------------------
def analysis_words(a: Analysis) -> list[str]:
    """Every number and name `analyze` shows, as it formats them."""
    out = [a.title, *a.parties, *(abbreviated(a.reservation_values[p]) for p in a.parties)]
    sizes = (a.outcome_count, a.feasible_count, len(a.frontier), a.reference_frontier_count)
    out += [f"{n:,}" for n in sizes]
    points = list((a.solutions or a.reference_solutions).values())
    for p in points:
        out += [p.name, *(str(v) for v in p.outcome.values())]
        out += [abbreviated(u) for u in p.utilities.values()]
    out += list(points[0].outcome) if points else []
    z = a.zopa
    out += z.summary
    for b in z.blockers:
        out += [b.label, str(b.kind), b.zone.words()]
        out += [f"{k}={v}" for k, v in (b.nash_outcome or {}).items()]
        out += [abbreviated(u) for u in (b.nash_utilities or {}).values()]
    if not z.exists:
        out += [abbreviated(c) for c in z.concessions.values() if c != float("inf")]
    return out


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ALL)
def test_analyze(files: dict[str, str], name: str, width: int) -> None:
    a = dragoman.analyze(load_scenario(files[name]))
    assert_whole(cli(["analyze", files[name]], width), analysis_words(a), width)


# --- negotiate and replay ------------------------------------------------------------------
RUNS = {
    "discounted-split": ("alternating", {}),
    "gaza-ceasefire-2024": ("shuttle", {"US": "nash"}),
    "pie-split": ("alternating", {}),
    "river-basin": ("single-text", {}),
    "long-river": ("shuttle", {}),
    "four-parties": ("alternating", {}),
}


def result_words(r: NegotiationResult) -> list[str]:
    """The numbers and names of the result `negotiate` prints after the timeline."""
    out = [f"{r.steps:,}"]
    a = r.assessment
    if a is None:
        return out
    out += [f"{k}" for k in a.outcome] + [str(v) for v in a.outcome.values()]
    out += [str(v) for v in (a.nash_outcome or {}).values()]
    assert r.scenario is not None
    discounting = any(p.preferences.discount_factor != 1 for p in r.scenario.negotiators)
    for party, u in a.utilities.items():
        out += [party, abbreviated(u)]
        out += [abbreviated(a.nash_utilities[party])] if a.nash_utilities else []
        out += [abbreviated(r.discounted[party])] if discounting else []
    out += [] if a.on_frontier else [abbreviated(a.pareto_distance)]
    out += [abbreviated(a.nash_distance)] if a.nash_distance == a.nash_distance else []
    return out


def timeline_words(events: tuple[Event, ...], space: Any) -> list[str]:
    """Per message shown: its step, sender and kind; per proposal, every issue it changes from
    the sender's previous proposal (all of them the first time), as `issue=value`."""
    out: list[str] = []
    last: dict[str, dict[str, str]] = {}
    seen: set[tuple[int, str, int | None]] = set()
    for e in events:
        if e.kind in END_KINDS or e.kind in (EventKind.START, EventKind.ROUND):
            continue
        if e.kind in (EventKind.RELAY, EventKind.CONSULT):
            continue  # hidden by default
        sender = str(e.data.get("lead") or e.sender)
        key = (e.step, e.kind.value, e.outcome)
        if "lead" in e.data and key in seen:
            continue  # a text carried to several parties: one line
        seen.add(key)
        out += [str(e.step), sender, e.kind.value]
        if e.outcome is None or e.kind not in (EventKind.OFFER, EventKind.TEXT):
            continue
        values = space.outcome(e.outcome)
        before = last.get(sender, {})
        out += [f"{k}={v}" for k, v in values.items() if before.get(k) != v]
        last[sender] = values
    return out


@pytest.fixture(scope="module")
def negotiations(files: dict[str, str]) -> dict[str, NegotiationResult]:
    found = {}
    for name, (protocol, mediators) in RUNS.items():
        s = load_scenario(files[name])
        found[name] = dragoman.negotiate(s, protocol, mediators=mediators, seed=1)
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(RUNS))
def test_negotiate_and_replay(
    files: dict[str, str],
    negotiations: dict[str, NegotiationResult],
    tmp_path: Path,
    name: str,
    width: int,
) -> None:
    protocol, mediators = RUNS[name]
    log = tmp_path / "run.jsonl"
    args = ["negotiate", files[name], "--protocol", protocol, "--seed", "1", "--log", str(log)]
    args += [a for m, s in mediators.items() for a in ("--mediator", f"{m}={s}")]
    live = cli(args, width)
    r = negotiations[name]
    assert tuple(read_events(log)) == r.events  # the run shown is the result checked
    space = load_scenario(files[name]).outcome_space
    assert_whole(live, [*timeline_words(r.events, space), *result_words(r)], width)
    assert cli(["replay", str(log)], width) == live
    quiet = cli([a for a in args if a != str(log) and a != "--log"] + ["--quiet"], width)
    assert_whole(quiet, result_words(r), width)


# --- implement -----------------------------------------------------------------------------
def implementation_words(r: ImplementationAssessment) -> list[str]:
    """Every number and name `implement` shows, as it formats them."""
    out = [r.title, *r.agreement_text, *r.agreement_text.values(), *r.schedule]
    if r.note:
        return [*out, r.note]
    for row in r.incentives:
        out += [row.phase, row.party, str(row.batch), signed(row.temptation)]
        numbers = (row.comply, row.defect, row.in_force, row.needed, row.robust)
        out += [abbreviated(x) for x in numbers] + [percent(row.detection, 0)]
    v = r.verdict
    assert v is not None
    out.append(v.text)
    for m in v.moves:
        out += [m.phase, m.party, str(m.batch), signed(m.gain)]
        out += [abbreviated(m.defect), abbreviated(m.comply)]
    for s in r.sequencing:
        out += [s.label, s.layout, abbreviated(s.needed_total), abbreviated(s.robust_total)]
        out += [percent(s.survival), percent(s.survival_robust)]
    for sim in r.simulations:
        out += [percent(sim.reached[p]) for p in r.phases] + [percent(sim.all_completed)]
        out += [abbreviated(u) for u in sim.expected_utility.values()]
        out.append(sim.most_common_failure)
    out += [f"{r.simulations[0].runs:,}"] if r.simulations else []
    for sp in r.spoilers:
        out += [sp.name, percent(sp.weekly_probability), percent(sp.deterrence, 0)]
        out += [percent(sp.effective, 2), sp.description]
    return out


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["gaza-ceasefire-2024", "pie-split", "four-parties"])
def test_implement(files: dict[str, str], name: str, width: int) -> None:
    s = load_scenario(files[name])
    report = dragoman.implement(s, runs=2_000, seed=1)
    text = cli(["implement", files[name], "--runs", "2000", "--seed", "1"], width)
    assert_whole(text, implementation_words(report), width)


def test_the_incentive_table_and_the_verdict_speak_of_one_quantity() -> None:
    """The verdict's gain is the first row of the plan table, which says how it differs."""
    report = dragoman.implement(load_scenario("gaza-ceasefire-2024"), runs=2_000, seed=1)
    v = report.verdict
    assert v is not None and not v.compliant and v.moves
    first = v.moves[0]
    assert (first.party, first.phase, first.batch) == (v.party, v.phase, v.batch)
    assert (
        first.gain == pytest.approx(v.temptation)
        and f"gaining {abbreviated(v.temptation)}" in v.text
    )
    text = " ".join(cli(["implement", "gaza-ceasefire-2024", "--runs", "2000"], 80).split())
    assert "if everyone complies afterwards" in text
    assert "The first row is where play ends: the verdict's gain." in text
    plan = text.index("Where the subgame-perfect plan defects")
    assert f"{first.phase} {first.party} {first.batch} {abbreviated(first.defect)}" in text[plan:]


# --- agents, help, import and export --------------------------------------------------------
@pytest.mark.parametrize("width", WIDTHS)
def test_agents_show_every_parameter_with_its_default(width: int) -> None:
    expected: list[str] = []
    for kind, names in (("agent", agent_names()), ("mediator", mediator_names())):
        for name in names:
            cls = strategy_class(kind, name)
            expected += [name, kind, str(cls.traits["source"])]
            for p in parameters_of(cls):
                expected += [p.name if p.required else f"{p.name}={p.default}", p.note]
    assert_whole(cli(["agents"], width), expected, width)


def commands() -> list[tuple[list[str], Any]]:
    """Every command of the CLI (with its path of names) as click sees it."""
    found = []
    todo: list[tuple[list[str], Any]] = [([], typer.main.get_command(app))]
    while todo:
        path, command = todo.pop()
        found.append((path, command))
        if hasattr(command, "commands"):  # a group
            todo += [([*path, n], c) for n, c in command.commands.items()]
    return found


HELP_SCRIPT = """
import sys
from dragoman.app.cli import app
import typer
for path in sys.argv[1:]:
    print("=== " + path)
    typer.main.get_command(app).main([*path.split(), "--help"], "dragoman", standalone_mode=False)
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_help_is_plain_and_whole(width: int) -> None:
    """Every command's and option's help, closed sets of values included, shown whole (in a
    real process: the test runner fixes click's width at 80)."""
    found = commands()
    paths = [" ".join(path) for path, _ in found]
    env = {**os.environ, "COLUMNS": str(width)}
    proc = subprocess.run(
        [sys.executable, "-c", HELP_SCRIPT, *paths],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    pages = proc.stdout.split("=== ")[1:]
    assert len(pages) == len(found)
    for page, (_, command) in zip(pages, found, strict=True):
        expected = [command.help or ""]
        expected += [p.help or "" for p in command.params if getattr(p, "help", None)]
        assert_whole(page, expected, width)
        assert not re.search(r"\w\.\.\.$", page, re.M), page  # no short help cut with "..."
    negotiate = " ".join(pages[paths.index("negotiate")].split())
    for name in ("alternating", "shuttle", "single-text", *agent_names(), *mediator_names()):
        assert f" {name}" in negotiate, name
    implement = " ".join(pages[paths.index("implement")].split())
    for solution in ("nash", "kalai_smorodinsky", "kalai_genius", "utilitarian", "egalitarian"):
        assert solution in implement
    for group in ("", "import", "export"):
        assert "..." not in pages[paths.index(group)].split("Commands:")[-1], group


@pytest.mark.parametrize("width", WIDTHS)
def test_import_and_export_messages(tmp_path: Path, width: int) -> None:
    folder = tmp_path / "genius"
    written = cli(["export", "genius", "pie-split", "-o", str(folder)], width)
    paths = sorted(folder.iterdir())
    assert_whole(written, [str(p) for p in paths], width, whole=[str(p) for p in paths])
    assert sorted(written.splitlines()) == [str(p) for p in paths]  # one path a line, whole
    profiles = [str(folder / "Alice.xml"), str(folder / "Bob.xml")]
    (domain,) = [p for p in paths if str(p) not in profiles]
    target = tmp_path / "imported.yaml"
    result = runner.invoke(
        app,
        ["import", "genius", str(domain), *profiles, "-o", str(target)],
        env={"COLUMNS": str(width)},
    )
    assert result.exit_code == 0, result.output
    s = load_scenario(target)
    assert_whole(result.stderr, [str(target), f"{s.outcome_space.size:,}"], width, [str(target)])
    assert "2 parties, 1 issue, 101 outcomes" in " ".join(result.stderr.split())

"""The `negotiate`, `replay` and `agents` commands, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.io.eventlog import read_events
from dragoman.negotiation.events import EventKind

runner = CliRunner()
WIDE = {"COLUMNS": "160"}


def test_flagship_shuttle_logs_and_replays(tmp_path: Path) -> None:
    log = tmp_path / "gaza.jsonl"
    args = [
        "negotiate",
        "gaza-ceasefire-2024",
        "--protocol",
        "shuttle",
        "--seed",
        "3",
        "--log",
        str(log),
    ]
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 0, result.output
    assert "Israel → US" in result.output or "Israel → US, Egypt, Qatar" in result.output
    assert "No agreement" in result.output  # incompatible corridor red lines
    events = read_events(log)
    assert events[0].kind == EventKind.START and events[-1].kind == EventKind.DEADLINE
    assert not any({"Israel", "Hamas"} <= {e.sender, *e.receivers} for e in events)
    replayed = runner.invoke(app, ["replay", str(log)], env=WIDE)
    assert replayed.exit_code == 0, replayed.output
    assert "Doha" in replayed.output and "Cairo" in replayed.output


def test_same_seed_gives_byte_identical_logs(tmp_path: Path) -> None:
    logs = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    for log in logs:
        args = [
            "negotiate",
            "river-basin",
            "--protocol",
            "single-text",
            "--seed",
            "9",
            "--quiet",
            "--log",
            str(log),
        ]
        assert runner.invoke(app, args).exit_code == 0
    assert logs[0].read_bytes() == logs[1].read_bytes()


def test_what_if_agreement_with_distances() -> None:
    args = [
        "negotiate",
        "gaza-ceasefire-2024",
        "--protocol",
        "shuttle",
        "--agent",
        "Israel=conceder",
        "--agent",
        "Hamas=conceder",
        "--mediator",
        "US=nash",
        "--drop-red-line",
        "Hamas:philadelphi_corridor",
        "--quiet",
    ]
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 0, result.output
    assert "Agreement after" in result.output
    assert "distance to the Nash point" in result.output


@pytest.mark.parametrize("name", ["runs.jsonl", "runs.db"])
def test_a_second_run_on_a_log_adds_its_session(tmp_path: Path, name: str) -> None:
    """`--log run.jsonl` twice keeps both sessions, as a .db does; the note names the new
    session, and replay shows every session, or the one `--session` names."""
    from dragoman.io.eventlog import list_sessions

    log = tmp_path / name
    runs = []
    for seed in (1, 2):
        args = ["negotiate", "pie-split", "--seed", str(seed), "--quiet", "--log", str(log)]
        runs.append(runner.invoke(app, args))
        assert runs[-1].exit_code == 0, runs[-1].output
    first, second = list_sessions(log)
    assert (first.seed, second.seed) == (1, 2)
    wrote = "".join(f"event log written to {log}".split())  # however a long path wraps
    assert wrote in "".join(runs[0].stderr.split())
    note = "".join(runs[1].stderr.split())
    assert "".join(f"session {second.session_id} added to {log} (2 sessions;".split()) in note
    everything = runner.invoke(app, ["replay", str(log)], env=WIDE)
    assert everything.stdout.count("seed 1") == everything.stdout.count("seed 2") == 1
    one = runner.invoke(app, ["replay", str(log), "--session", second.session_id], env=WIDE)
    assert one.exit_code == 0 and "seed 2" in one.stdout and "seed 1" not in one.stdout
    wrong = runner.invoke(app, ["replay", str(log), "--session", "nope"])
    assert wrong.exit_code == 2
    assert f"(sessions: {first.session_id}, {second.session_id})" in wrong.stderr


@pytest.mark.parametrize("name", ["run.jsonl", "run.db"])
def test_stopped_before_the_session_began_says_nothing_was_added(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stop while the seats are made (a loaded machine's SIGTERM, a quick Ctrl-C) leaves the
    log as it was and says so, not that it holds a session cut short."""
    import dragoman.app.runner as runs

    log = tmp_path / name
    args = ["negotiate", "pie-split", "--quiet", "--log", str(log)]
    assert runner.invoke(app, args).exit_code == 0
    before = read_events(log)

    def stopped(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(runs, "start_session", stopped)
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    said = "".join(result.stderr.split())
    assert "".join(f"stopped before the session began: nothing was added to {log}".split()) in said
    assert "cutshort" not in said
    assert read_events(log) == before  # the one session, nothing added


def test_sqlite_log(tmp_path: Path) -> None:
    log = tmp_path / "runs.db"
    for seed in (1, 2):
        args = ["negotiate", "pie-split", "--seed", str(seed), "--quiet", "--log", str(log)]
        assert runner.invoke(app, args).exit_code == 0
    assert len(read_events(log)) > 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agent", "Alice=boulwar"], "unknown agent 'boulwar'"),
        (["--agent", "Alice=boulware:x=1"], "unknown parameter 'x' for agent 'boulware'"),
        (["--agent", "Alice=boulware:e=-1"], "exponent e must be > 0"),
        (["--agent", "Carol=linear"], "--agent Carol: no such party or mediator"),
        (["--agent", "Alice"], "write AGENT=STRATEGY"),
        (["--protocol", "chat"], "unknown protocol 'chat'"),
        (["--protocol", "shuttle", "--mediator", "Alice=nash"], "Alice is a party, not a mediator"),
        (
            ["--drop-red-line", "Alice:share_for_alice"],
            "--drop-red-line Alice:share_for_alice: Alice has no red line on 'share_for_alice' "
            "(it has none)",
        ),
        (["--log", "run.txt"], ".jsonl"),
        (
            ["--drop-red-line", "Alice:nothing"],
            "--drop-red-line Alice:nothing: no issue named 'nothing' (issues: share_for_alice)",
        ),
        (
            ["--drop-red-line", "Carol:share_for_alice"],
            "--drop-red-line Carol:share_for_alice: no party named 'Carol' (parties: Alice, Bob)",
        ),
        (["--drop-red-line", "Alice"], "--drop-red-line 'Alice': write PARTY:ISSUE"),
        (  # which was meant cannot be told: refused, not the last one taken
            ["--agent", "Alice=linear", "--agent", "Alice=hardliner"],
            "--agent 'Alice=hardliner': Alice already has one (--agent Alice=linear)",
        ),
        (
            ["--protocol", "shuttle", "--mediator", "M=nash", "--mediator", "M=bridging"],
            "--mediator 'M=bridging': M already has one (--mediator M=nash)",
        ),
        (
            ["--human", "Alice", "--agent", "Alice=linear"],
            "--human Alice: Alice also has --agent Alice=...; a seat takes a person or a strategy",
        ),
    ],
)
def test_bad_choices_are_one_line_errors(args: list[str], message: str, tmp_path: Path) -> None:
    if "--log" in args:
        args = ["--log", str(tmp_path / "run.txt")]
    result = runner.invoke(app, ["negotiate", "pie-split", "--quiet", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "seated"),
    [
        (["--protocol", "shuttle"], "Mediator (bridging)"),
        (["--protocol", "single-text"], "Mediator (hill-climber)"),
        (["--protocol", "single-text", "--mediator", "Neutral=nash"], "Neutral (nash)"),
    ],
)
def test_mediated_protocols_seat_a_neutral_mediator_and_say_so(
    args: list[str], seated: str
) -> None:
    result = runner.invoke(app, ["negotiate", "pie-split", "--quiet", *args])
    assert result.exit_code == 0, result.output
    assert f"note: seated a neutral mediator, {seated}" in result.stderr
    assert "seated" not in result.stdout
    assert "Agreement after" in result.stdout


def test_a_failed_negotiation_says_why_after_no_agreement() -> None:
    args = ["negotiate", "gaza-ceasefire-2024", "--protocol", "shuttle", "--quiet"]
    result = runner.invoke(app, [*args, "--mediator", "US=nash", "--seed", "1"], env=WIDE)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith("No agreement"))
    assert lines[start + 1].startswith("  - no zone of agreement")
    assert "every text proposed breached Israel's red line on philadelphi_corridor" in (
        result.stdout
    )


def test_alternating_on_an_indirect_scenario_says_what_to_use() -> None:
    result = runner.invoke(app, ["negotiate", "gaza-ceasefire-2024"])
    assert result.exit_code == 2
    assert "use the shuttle protocol" in result.output


def test_replay_of_a_broken_log(tmp_path: Path) -> None:
    log = tmp_path / "broken.jsonl"
    log.write_text('{"kind": "start"\n')
    result = runner.invoke(app, ["replay", str(log)])
    assert result.exit_code == 2
    assert "broken.jsonl:1" in result.output


def test_agents_lists_strategies() -> None:
    result = runner.invoke(app, ["agents"], env=WIDE)
    assert result.exit_code == 0
    for name in (
        "boulware",
        "conceder",
        "linear",
        "hardliner",
        "micro",
        "relay",
        "nash",
        "bridging",
        "hill-climber",
    ):
        assert name in result.output
    assert "scripted" not in result.output  # a test double, not a strategy


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("Alice=time-based:e=nan", "parameter 'e' of agent 'time-based' must be finite"),
        ("Alice=time-based:e=abc", "parameter 'e' of agent 'time-based' must be a number"),
        ("Alice=spe-split", "agent 'spe-split' needs parameter 'opponent_delta'"),
        ("Alice=time-based:e=0.25,e=4", "parameter 'e' is given twice"),
        ("Alice=relative-tft:delta=2.7", "'delta' of agent 'relative-tft' must be a whole number"),
    ],
)
def test_bad_strategy_parameters_are_one_line_errors(spec: str, message: str) -> None:
    result = runner.invoke(app, ["negotiate", "pie-split", "--quiet", "--agent", spec])
    assert result.exit_code == 2 and message in result.output


def test_single_text_on_the_flagship_is_kept_by_a_mediator_reaching_both_sides() -> None:
    args = ["negotiate", "gaza-ceasefire-2024", "--protocol", "single-text", "--steps", "20"]
    result = runner.invoke(app, args, env=WIDE)
    assert result.exit_code == 0, result.output
    assert "Egypt → Israel, Hamas" in result.output or "Egypt → all" in result.output
    assert "US →" not in result.output


def test_plot_paths_are_checked_before_any_work(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", "pie-split", "--plot", str(tmp_path / "x.xyz")])
    assert result.exit_code == 2 and "plots are written as .png, .svg, .pdf" in result.output


def test_replay_refuses_empty_and_absurdly_nested_logs(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    deep = tmp_path / "deep.jsonl"
    deep.write_text("[" * 100_000 + "\n")
    for log, message in ((empty, "the log is empty"), (deep, "nested too deeply")):
        result = runner.invoke(app, ["replay", str(log)])
        assert result.exit_code == 2 and message in result.output
        assert "Traceback" not in result.output


def test_replay_does_not_pass_control_characters_or_markup_to_the_terminal(tmp_path: Path) -> None:
    log = tmp_path / "run.jsonl"
    assert (
        runner.invoke(app, ["negotiate", "pie-split", "--quiet", "--log", str(log)]).exit_code == 0
    )
    lines = log.read_text().splitlines()
    hostile = "\u001b[2J\u001b]0;pwned\u0007[bold red]Alice[/]"
    lines[1] = lines[1].replace('"sender":"Alice"', '"sender":' + json.dumps(hostile))
    log.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["replay", str(log)], env=WIDE)
    # no such seat in the log's scenario: refused, the name shown literally, defused
    assert result.exit_code == 2, result.output
    assert "is not a seat of the session's scenario" in result.output
    assert "\u001b" not in result.output and "\u0007" not in result.output
    assert "␛[2J" in result.output and "[bold" in result.output

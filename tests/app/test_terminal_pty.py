"""A person plays the union's seat of a conciliated labour dispute in a real pseudo-terminal:
the whole screen is captured, and no line of it carries what only the management and the
conciliator may see (the management's proposals to the conciliator, the conciliator's text to
the management, the management's brief, its strategy, its utility at the end)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from dragoman.io.eventlog import read_events
from dragoman.io.scenario_file import load_scenario
from dragoman.negotiation.events import EventKind
from dragoman.negotiation.visibility import visible_to

SCENARIO = Path(__file__).parent / "data" / "metro-bus-strike.yaml"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")
PROMPT = r"Union \((\w+)\) > "
CONFIRM = r"accept anyway\? \(yes/no\) > "
#: The child's environment: a plain terminal, and the code under test (PYTHONPATH, if set).
PLAIN = {"PATH": "/usr/bin:/bin", "TERM": "xterm"} | {
    k: v for k, v in os.environ.items() if k == "PYTHONPATH"
}
ANSWERS = {"report": ["?", "exaggerate 1.5", "show", "send"], "propose": ["best"]}


def play(tmp_path: Path) -> tuple[list[str], Path]:
    """Run the negotiation in a pty, answering every prompt; the screen's lines and the log."""
    log = tmp_path / "strike.jsonl"
    args = ["-m", "dragoman", "negotiate", str(SCENARIO), "--protocol", "shuttle"]
    args += ["--human", "Union", "--agent", "Management=conceder", "--seed", "2"]
    args += ["--steps", "40", "--log", str(log)]
    child = pexpect.spawn(
        sys.executable,
        args,
        dimensions=(60, 200),
        env=PLAIN | {"COLUMNS": "200", "LINES": "60"},
        encoding="utf-8",
        timeout=60,
    )
    screen: list[str] = []
    queued: dict[str, list[str]] = {k: list(v) for k, v in ANSWERS.items()}
    responses = 0
    while True:
        found = child.expect([PROMPT, CONFIRM, pexpect.EOF])
        screen.append(child.before + (child.after if isinstance(child.after, str) else ""))
        if found == 2:
            break
        if found == 1:
            child.sendline("no")
            continue
        action = child.match.group(1)
        if queued.get(action):
            child.sendline(queued[action].pop(0))
        elif action == "respond":
            responses += 1
            child.sendline("accept" if responses >= 3 else "reject")
        else:
            child.sendline("same")
    child.close()
    assert child.exitstatus == 0, "".join(screen)[-3000:]
    text = ANSI.sub("", "".join(screen))
    return text.splitlines(), log


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path]:
    return play(tmp_path_factory.mktemp("pty"))


def test_the_union_sees_nothing_private_to_the_management(
    played: tuple[list[str], Path],
) -> None:
    lines, log = played
    screen = "\n".join(lines)
    assert "Your brief: Union (private)" in screen and "red line: pension_plan" in screen
    assert "exaggerate [FACTOR]" in screen  # `?` at the report step lists its commands
    assert "reservation_value: 0.25 -> 0.5" in screen  # the exaggerated draft, shown
    events = read_events(log)
    assert any(e.kind is EventKind.OFFER and e.sender == "Management" for e in events)
    scenario = load_scenario(SCENARIO)
    seen = {e.outcome for e in events if visible_to("Union", e) and e.outcome is not None}
    private = [e for e in events if not visible_to("Union", e) and e.outcome not in seen | {None}]
    for number, line in enumerate(lines):
        where = f"screen line {number}: {line!r}"
        assert "Management →" not in line and "→ Management" not in line, where
        assert "Conciliator → Management" not in line, where
        assert "Your brief: Management" not in line, where
        assert "conceder" not in line, where  # the management's strategy is not disclosed
        for figure in ("0.61", "0.13", "0.26", "0.77", "0.64", "0.37"):  # its brief's numbers
            assert not re.search(rf"(?<![\d.]){re.escape(figure)}(?!\d)", line), (figure, where)
        for event in private:
            assert event.outcome is not None
            pairs = ", ".join(
                f"{k}={v}" for k, v in scenario.outcome_space.outcome(event.outcome).items()
            )
            assert pairs not in line, (event, where)
    assert "red line wage_increase" not in screen  # the management's red line
    # the end: the outcome and the union's own utility only
    end = screen[screen.rindex("result") :]
    assert "agreement at step" in end and "Union" in end and "Management" not in end


def test_nothing_is_on_the_table_at_the_opening(played: tuple[list[str], Path]) -> None:
    lines, _ = played
    screen = "\n".join(lines)
    opening = screen[: screen.index("Union (propose) >")]
    assert "nothing is on the table yet" in opening
    assert "on the table" not in opening.replace("nothing is on the table yet", "")
    assert "your best outcome (not offered by anyone)" in opening


def replayed(log: Path) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "dragoman", "replay", str(log)]
    return subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize("name", ["pie.jsonl", "pie.db"])
def test_ctrl_c_mid_negotiation_keeps_the_log_cut_short(tmp_path: Path, name: str) -> None:
    """A person plays Alice in a pty, proposes once, then presses Ctrl-C at the next prompt:
    the log holds the session as far as it went and replays as cut short."""
    log = tmp_path / name
    args = ["-m", "dragoman", "negotiate", "pie-split", "--human", "Alice", "--log", str(log)]
    child = pexpect.spawn(
        sys.executable,
        args,
        dimensions=(40, 100),
        env=PLAIN | {"COLUMNS": "100", "LINES": "40"},
        encoding="utf-8",
        timeout=60,
    )
    child.expect(r"Alice \(propose\) > ")
    child.sendline("best")
    child.expect(r"Alice \((\w+)\) > ")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130  # as Ctrl-C ends a command
    screen = ANSI.sub("", child.before)
    assert f"the session was cut short: {log} holds it as far as it went" in " ".join(
        screen.split()
    )
    notes: list[str] = []
    events = read_events(log, notes=notes)
    assert notes == [f"{log}: the last session has no end event: the log was cut short"]
    assert [e.kind for e in events[:3]] == [EventKind.START, EventKind.OFFER, EventKind.OFFER]
    assert events[1].sender == "Alice" and events[2].sender == "Bob"
    shown = replayed(log)
    assert shown.returncode == 0, shown.stderr
    assert "Alice → Bob" in shown.stdout and "Bob → Alice" in shown.stdout
    assert "the log was cut short" in shown.stderr


@pytest.mark.parametrize("name", ["pie.jsonl", "pie.db"])
def test_input_ending_mid_negotiation_keeps_the_log_cut_short(tmp_path: Path, name: str) -> None:
    """Standard input ends after one answer (a closed pipe): the seat is left empty, exit 2,
    and the log holds both offers made, cut short."""
    log = tmp_path / name
    args = [sys.executable, "-m", "dragoman", "negotiate", "pie-split", "--human", "Alice"]
    ran = subprocess.run(
        [*args, "--log", str(log)], input="best\n", capture_output=True, text=True, timeout=60
    )
    assert ran.returncode == 2
    assert "error: input ended: Alice's seat was left empty" in ran.stderr
    assert f"note: the session was cut short: {log} holds it as far as it went" in ran.stderr
    notes: list[str] = []
    events = read_events(log, notes=notes)
    assert [e.kind for e in events] == [EventKind.START, EventKind.OFFER, EventKind.OFFER]
    assert notes == [f"{log}: the last session has no end event: the log was cut short"]
    assert "the log was cut short" in replayed(log).stderr

"""A person at the terminal: parsing of typed answers, and the CLI driven through piped stdin,
including bad lines that are rejected with a clear message and re-prompted."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dragoman import load_scenario
from dragoman.app.terminal import parse_outcome, parse_response, parse_yes_no
from dragoman.negotiation.events import Response


def test_parse_response_words_and_letters() -> None:
    assert parse_response("accept") == Response.ACCEPT
    assert parse_response(" R ") == Response.REJECT
    assert parse_response("walk away") == Response.WALK_AWAY
    with pytest.raises(ValueError, match="'maybe' is not a response"):
        parse_response("maybe")


def test_parse_yes_no() -> None:
    assert parse_yes_no("Y") is True and parse_yes_no("no") is False
    with pytest.raises(ValueError, match="not yes or no"):
        parse_yes_no("perhaps")


def test_parse_outcome_edits_the_base_text() -> None:
    space = load_scenario("gaza-ceasefire-2024").outcome_space
    base = 0
    changed = parse_outcome(
        "philadelphi_corridor=third_party_monitoring, ceasefire_weeks=6", space, base
    )
    outcome = space.outcome(changed)
    assert outcome["philadelphi_corridor"] == "third_party_monitoring"
    assert outcome["ceasefire_weeks"] == "6"
    assert outcome["reconstruction"] == space.outcome(base)["reconstruction"]
    with pytest.raises(ValueError, match="unknown issue 'corridor'"):
        parse_outcome("corridor=full_withdrawal", space, base)
    with pytest.raises(ValueError, match="is not a value of issue 'philadelphi_corridor'"):
        parse_outcome("philadelphi_corridor=partial", space, base)
    with pytest.raises(ValueError, match="write issue=value"):
        parse_outcome("philadelphi_corridor", space, base)


def run_cli(args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dragoman", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"COLUMNS": "120", "PATH": "/usr/bin:/bin"},
    )


def test_human_seat_through_piped_stdin_with_a_bad_line_reprompted() -> None:
    lines = [
        "share_for_alice=abc",  # bad: not a number -> re-prompted
        "share_for_alice=60",  # Alice's opening offer
        "maybe",  # bad: neither a response nor a counter-offer -> re-prompted
        "reject",  # bad: a rejection needs a counter-offer -> re-prompted
        "accept",  # Alice accepts Bob's counter-offer
    ]
    proc = run_cli(
        ["negotiate", "pie-split", "--human", "Alice", "--agent", "Bob=conceder", "--steps", "10"],
        "\n".join(lines) + "\n",
    )
    out = proc.stdout
    assert proc.returncode == 0, proc.stderr + out
    assert "Your brief: Alice (private)" in out
    assert "not accepted: 'abc' is not a number" in out
    assert "not accepted: 'maybe' is neither a response nor a counter-offer" in out
    assert "not accepted: to reject, make a counter-offer" in out
    assert out.count("Alice (propose) >") == 2  # prompted again after the bad line
    assert "agreement at step" in out  # the end, as Alice may see it
    # the brief shows only Alice's own preferences (Bob's are "decreasing"; Bob is named as
    # the seat she may address)
    assert "decreasing" not in out.split("Your brief: Alice (private)")[1].split("step")[0]


def test_human_leaving_early_is_a_clear_error() -> None:
    proc = run_cli(["negotiate", "pie-split", "--human", "Alice", "--quiet"], "")
    assert proc.returncode == 2
    assert "error: input ended: Alice's seat was left empty" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_person_can_mediate() -> None:
    lines = ["maybe", "philadelphi_corridor=third_party_monitoring"]  # a bad line, then a text
    proc = run_cli(
        [
            "negotiate",
            "gaza-ceasefire-2024",
            "--protocol",
            "shuttle",
            "--human",
            "Egypt",
            "--steps",
            "12",
        ],
        "\n".join(lines) + "\n",
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "Your brief: Egypt (private)" in proc.stdout
    assert "not accepted: 'maybe': write issue=value" in proc.stdout
    # Egypt's text, carried to both parties, is one line
    assert "Egypt → parties" in proc.stdout or "Egypt → Israel, Hamas" in proc.stdout

"""`dragoman replay LOG --seat NAME`: only what that seat saw, on screen and as JSON, by the
one visibility rule (`negotiation.visibility`); an unknown seat is an error naming the seats."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.io.eventlog import list_sessions, read_events
from dragoman.negotiation.events import EventKind
from dragoman.negotiation.visibility import HIDDEN_STRATEGY, visible_events

runner = CliRunner()
NARROW = {"COLUMNS": "80"}


@pytest.fixture(scope="module")
def gaza(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A shuttle log: Israel and Hamas each talk to mediators the other never hears."""
    log = tmp_path_factory.mktemp("replay") / "gaza.jsonl"
    args = ["negotiate", "gaza-ceasefire-2024", "--protocol", "shuttle", "--steps", "30"]
    ran = runner.invoke(
        app, [*args, "--agent", "Israel=boulware:e=0.3", "--quiet", "--log", str(log)]
    )
    assert ran.exit_code == 0, ran.output
    return log


def test_a_seat_sees_only_its_own_messages_and_those_delivered_to_it(gaza: Path) -> None:
    shown = runner.invoke(app, ["replay", str(gaza), "--seat", "Hamas"], env=NARROW)
    assert shown.exit_code == 0, shown.output
    text = shown.stdout
    assert "Hamas: boulware (e=0.2)" in text and f"Israel: {HIDDEN_STRATEGY}" in text
    assert "Israel: boulware" not in text and "e=0.3" not in text  # Israel's strategy
    every = runner.invoke(app, ["replay", str(gaza)], env=NARROW).stdout
    assert re.search(r"Israel → \w+", every)  # the analyst's view has Israel's messages
    assert not re.search(r"Israel →|→ Israel|Israel, ", text)  # the seat's has none
    assert all(len(line) <= 80 for line in text.splitlines())


def test_the_seat_view_as_json_is_the_visibility_rule(gaza: Path) -> None:
    shown = runner.invoke(app, ["replay", str(gaza), "--seat", "Hamas", "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["seat"] == "Hamas" and data["format"] == "dragoman.replay"
    (session,) = data["sessions"]
    expected = visible_events("Hamas", read_events(gaza))
    assert session["events"] == [e.to_dict() for e in expected]  # one code path
    assert "scenario" not in session["events"][0]["data"]  # every party's preferences
    assert session["session_id"] == list_sessions(gaza)[0].session_id
    assert all(
        e["sender"] == "Hamas" or "Hamas" in e["receivers"] or e["kind"] in ("start", "round")
        for e in session["events"][:-1]
    )
    whole = json.loads(runner.invoke(app, ["replay", str(gaza), "--json"]).stdout)
    assert whole["seat"] is None
    assert whole["sessions"][0]["events"] == [e.to_dict() for e in read_events(gaza)]


def test_an_unknown_seat_is_refused_naming_the_seats(gaza: Path) -> None:
    for extra in ([], ["--json"]):
        refused = runner.invoke(app, ["replay", str(gaza), "--seat", "Fatah", *extra])
        assert refused.exit_code == 2
        if extra:  # --json: the error document, and nothing else, on stdout
            assert json.loads(refused.stdout)["format"] == "dragoman.error"
        else:
            assert refused.stdout == ""
        assert refused.stderr.strip() == (
            f"error: {gaza}: no seat 'Fatah' in the log (seats: Egypt, Hamas, Israel, Qatar, US)"
        )


def test_a_seat_in_one_session_of_several(tmp_path: Path) -> None:
    """A log of two sessions: --session picks one, --seat shows it as Bob saw it, ending
    with Bob's own utility only."""
    log = tmp_path / "pie.jsonl"
    for seed in ("1", "2"):
        args = ["negotiate", "pie-split", "--seed", seed, "--quiet", "--log", str(log)]
        assert runner.invoke(app, args).exit_code == 0
    second = list_sessions(log)[1].session_id
    args = ["replay", str(log), "--session", second, "--seat", "Bob"]
    text = runner.invoke(app, args, env=NARROW).stdout
    assert text.count("seed 2") == 1 and "seed 1" not in text
    result = text[text.rindex("result") :]
    assert "your utility (Bob)" in result and "Alice" not in result
    data = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    (session,) = data["sessions"]
    assert session["session_id"] == second
    end = session["events"][-1]
    assert end["kind"] == EventKind.AGREEMENT and set(end["data"]["utilities"]) == {"Bob"}

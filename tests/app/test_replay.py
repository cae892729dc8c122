"""`dragoman replay LOG --seat NAME`: only what that seat saw, on screen and as JSON, by the
one visibility rule (`negotiation.visibility`), after the brief the seat was shown first (the
live seat's, built from the log's own scenario); an unknown seat is an error naming the seats."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dragoman import load_scenario
from dragoman.app.cli import app
from dragoman.io.eventlog import list_sessions, read_events
from dragoman.negotiation.events import EventKind
from dragoman.negotiation.visibility import HIDDEN_STRATEGY, visible_events
from dragoman.render.brief import brief_of

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


def _brief(screen: str, seat: str) -> str:
    """The brief block of a screen: from its title to the line naming the seat's channels."""
    start = screen.index(f"Your brief: {seat} (private)")
    end = screen.index("\n", screen.index("you may address", start))
    return screen[start:end]


def test_a_seats_replay_opens_with_the_brief_its_live_seat_was_shown(tmp_path: Path) -> None:
    """The same brief as `negotiate --human Hamas` shows first, from the log's own scenario
    (Hamas's red line dropped there), before the timeline; nobody else's preferences."""
    log = tmp_path / "dropped.jsonl"
    args = ["negotiate", "gaza-ceasefire-2024", "--protocol", "shuttle", "--steps", "12",
            "--drop-red-line", "Hamas:permanent_ceasefire"]  # fmt: skip
    assert runner.invoke(app, [*args, "--quiet", "--log", str(log)]).exit_code == 0
    live = runner.invoke(app, [*args, "--human", "Hamas"], input="", env=NARROW)
    assert live.exit_code == 2 and "Hamas's seat was left empty" in live.stderr  # after the brief
    shown = runner.invoke(app, ["replay", str(log), "--seat", "Hamas"], env=NARROW)
    assert shown.exit_code == 0, shown.output
    text = shown.stdout
    assert text.startswith("Your brief: Hamas (private)")  # at the top, before the timeline
    assert _brief(text, "Hamas") == _brief(live.stdout, "Hamas")  # one function, one brief
    brief = _brief(text, "Hamas")
    for own in ("increasing from 2 to 8", "reservation value (no deal) 0.400",
                "red line: philadelphi_corridor in",
                "You are a party; you may address Egypt, Qatar."):  # fmt: skip
        assert own in brief, own
    assert "permanent_ceasefire not in" not in brief  # dropped in the log's scenario
    assert "none: 1, negotiate_in_phase1: 0.8" not in text  # Israel's valuation
    assert all(len(line) <= 80 for line in text.splitlines())


def test_a_seats_replay_as_json_holds_its_brief_only(gaza: Path) -> None:
    shown = runner.invoke(app, ["replay", str(gaza), "--seat", "Hamas", "--json"])
    assert shown.exit_code == 0, shown.output
    (session,) = json.loads(shown.stdout)["sessions"]
    hamas = load_scenario("gaza-ceasefire-2024").party("Hamas").preferences
    assert hamas is not None
    space = load_scenario("gaza-ceasefire-2024").outcome_space
    assert session["brief"] == {
        "seat": "Hamas",
        "role": "party",
        "reachable": ["Egypt", "Qatar"],
        "preferences": json.loads(json.dumps(asdict(brief_of("Hamas", hamas, space)))),
    }
    brief = json.dumps(session["brief"])
    assert "negotiate_in_phase1: 0.8" not in brief  # Israel's valuation
    mediator = runner.invoke(app, ["replay", str(gaza), "--seat", "US", "--json"]).stdout
    (us,) = json.loads(mediator)["sessions"]
    assert us["brief"]["role"] == "mediator" and us["brief"]["preferences"] is None
    whole = json.loads(runner.invoke(app, ["replay", str(gaza), "--json"]).stdout)
    assert whole["sessions"][0]["brief"] is None  # the analyst's view: no seat, no brief

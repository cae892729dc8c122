"""People at the terminal, played by scripted readers: several seats take turns behind a
hand-over screen, each turn showing only that seat's brief and events; accepting an outcome
worth no more than no deal asks first; the report step sends an edited report."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from dragoman.app.runner import negotiate_at_terminal
from dragoman.io.scenario_file import load_scenario
from dragoman.negotiation.cautions import acceptance_cautions
from dragoman.negotiation.events import EventKind
from dragoman.runs.negotiation import start_session

STRIKE = Path(__file__).parent / "data" / "metro-bus-strike.yaml"


def reader(console: Console, answer: Callable[[str], str]) -> Callable[[str], str]:
    """A person typing `answer(prompt)`, echoed to the screen as a terminal would."""

    def read(prompt: str) -> str:
        line = answer(prompt)
        console.print(prompt + line, markup=False, highlight=False)
        return line

    return read


def by_prompt(prompt: str) -> str:
    if not prompt:
        return ""  # the hand-over screen: Enter
    action = re.search(r"\((\w+)\)", prompt)
    return {"report": "none", "propose": "best", "respond": "reject"}.get(
        action.group(1) if action else "", "no"
    )


def test_two_people_take_turns_and_each_sees_only_their_seat() -> None:
    console = Console(record=True, width=180, force_terminal=False)
    negotiate_at_terminal(
        load_scenario(STRIKE),
        protocol_name="shuttle",
        humans=["Union", "Management"],
        steps=16,
        console=console,
        read=reader(console, by_prompt),
    )
    screen = console.export_text()
    turns = re.split(r"Pass the keyboard to (\w+); press Enter when only \1 is looking\.", screen)
    assert len(turns) > 6  # one turn per prompt of a new seat, and the end for each
    for seat, shown in zip(turns[1::2], turns[2::2], strict=True):
        other = {"Union": "Management", "Management": "Union"}[seat]
        assert f"Your brief: {seat} (private)" in shown
        assert f"Your brief: {other}" not in shown
        assert f"{other} → " not in shown and f"→ {other}" not in shown
        assert f"{other} (" not in shown  # no prompt of the other seat in this turn
    assert turns[-2:][0] in ("Union", "Management") and "deadline at step" in turns[-1]


def test_accepting_at_the_reservation_value_asks_first() -> None:
    console = Console(record=True, width=160, force_terminal=False)
    answers = iter(["share_for_alice=100", "accept", "no", "accept", "yes"])
    result = negotiate_at_terminal(
        load_scenario("pie-split"),
        protocol_name="alternating",
        agents=["Bob=hardliner"],
        humans=["Alice"],
        steps=10,
        console=console,
        read=reader(console, lambda prompt: next(answers)),
    )
    screen = console.export_text()
    assert "warning: it is worth 0 to you, at or below your reservation value 0" in screen
    assert screen.count("accept anyway? (yes/no) > ") == 2  # declined once, then confirmed
    assert result.status == "agreement" and result.outcome == {"share_for_alice": 0}


def test_accepting_across_ones_own_red_line_is_flagged() -> None:
    scenario = load_scenario(STRIKE)
    session = start_session(scenario, "shuttle", humans=["Union", "Management"])
    space = scenario.outcome_space
    closed = int(space.index([[3, 0, 2]])[0])  # wage 3%, eight hours, pension closed
    cautions = acceptance_cautions(session.views["Union"], closed)
    assert any("breaches your red line pension_plan not in {closed}" in c for c in cautions)
    kept = int(space.index([[6, 0, 0]])[0])
    assert acceptance_cautions(session.views["Union"], kept) == []
    assert acceptance_cautions(session.views["Conciliator"], closed) == []  # a mediator


def test_the_report_step_sends_an_edited_report(tmp_path: Path) -> None:
    console = Console(record=True, width=160, force_terminal=False)
    script = iter(
        [
            "weight wage_increase=0.8",
            "rv=0.6",
            "redline pension_plan=kept",
            "score nowhere.x=1",  # refused: the draft is unchanged
            "send",
        ]
    )

    def answer(prompt: str) -> str:
        return next(script) if "(report)" in prompt else by_prompt(prompt)

    log = tmp_path / "run.jsonl"
    result = negotiate_at_terminal(
        load_scenario(STRIKE),
        protocol_name="shuttle",
        humans=["Union"],
        steps=8,
        log=log,
        console=console,
        read=reader(console, answer),
    )
    screen = console.export_text()
    assert "weight of wage_increase: 0.5 -> 0.8" in screen
    assert "not accepted:" in screen
    report = next(e for e in result.events if e.kind is EventKind.REPORT and e.sender == "Union")
    sent = report.data["preferences"]
    assert sent["weights"]["wage_increase"] == 0.8 and sent["reservation_value"] == 0.6
    assert sent["red_lines"][-1] == {
        **sent["red_lines"][-1],
        "issue": "pension_plan",
        "allowed": ["kept"],
    }


def test_a_single_text_mediator_sees_the_current_text_and_same_keeps_it() -> None:
    console = Console(record=True, width=80, force_terminal=False)
    composed = iter(["same", "ceasefire_weeks=6", "same", "same", "same", "same"])

    def answer(prompt: str) -> str:
        if "(compose)" in prompt:
            return next(composed)
        return "yes" if "(adopt)" in prompt else by_prompt(prompt)

    result = negotiate_at_terminal(
        load_scenario("gaza-ceasefire-2024"),
        protocol_name="single-text",
        humans=["Egypt"],
        steps=14,
        console=console,
        read=reader(console, answer),
    )
    screen = console.export_text()
    assert all(len(line) <= 80 for line in screen.splitlines())
    # before any text, 'same' has nothing to keep
    assert "not accepted: nothing is on the table yet: type a text as issue=value" in screen
    texts = [e.outcome for e in result.events if e.kind is EventKind.TEXT]
    assert len(texts) >= 2 and set(texts) == {texts[0]}  # 'same' put the current text again
    current = load_scenario("gaza-ceasefire-2024").outcome_space.outcome(texts[0])
    assert current["ceasefire_weeks"] == "6"
    screens = screen.split("Egypt (compose) > ")[2:-1]  # each later compose, its own screen
    assert len(screens) >= 4
    for shown in screens:
        table = shown[shown.index("current text") :]
        for issue, value in current.items():
            assert re.search(rf"│ {issue} +│ {re.escape(str(value))} +│", table), (issue, shown)

"""Tests of the terminal timeline: real sessions rendered at 80, 120 and 160 columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from dragoman import load_scenario
from dragoman.io.eventlog import read_events, write_events
from dragoman.negotiation import Session, SessionResult, make_protocol
from dragoman.negotiation.events import Event, EventKind
from dragoman.negotiation.strategy import Strategy
from dragoman.render.timeline import LiveTimeline, TimelineError, render_timeline
from dragoman.strategies import make_agent
from dragoman.strategies.registry import make_mediator


def run(
    name: str,
    timeline: LiveTimeline | None = None,
    protocol: str = "alternating",
    mediator: str = "",
) -> SessionResult:
    """A seed-1 session: the brief's pie-split pairing, or linear agents (and `mediator`)."""
    scenario = load_scenario(name)
    seats: dict[str, Strategy]
    if name == "pie-split":
        seats = {"Alice": make_agent("linear"), "Bob": make_agent("boulware")}
    else:
        seats = {p.name: make_agent("linear") for p in scenario.negotiators}
        seats |= {m.name: make_mediator(mediator) for m in scenario.mediators if mediator}
    sinks = [timeline] if timeline else []
    return Session(scenario, make_protocol(protocol), seats, seed=1, sinks=sinks).run()


@pytest.fixture(scope="module")
def pie() -> SessionResult:
    return run("pie-split")


@pytest.fixture(scope="module")
def river() -> SessionResult:
    return run("river-basin")


def text_of(events: list[Event] | tuple[Event, ...], width: int = 120, **options: bool) -> str:
    console = Console(record=True, width=width, color_system=None)
    render_timeline(events, console, **options)
    return console.export_text()


def lines_with(text: str, *parts: str) -> list[str]:
    return [line for line in text.splitlines() if all(p in line for p in parts)]


def agreement_words(result: SessionResult) -> str:
    assert result.agreement is not None
    values = load_scenario("pie-split").outcome_space.outcome(result.agreement)
    return ", ".join(f"{k}={v}" for k, v in values.items())


def test_pie_split_timeline(pie: SessionResult) -> None:
    text = text_of(pie.events)
    assert "Split the pie" in text and "Alice: linear, Bob: boulware" in text
    first = pie.events[1]
    assert lines_with(text, f"{first.step} ", "Alice → Bob", "offer", "share_for_alice=100")
    assert lines_with(text, "Bob → Alice", "offer", "share_for_alice=0")  # a counter-offer
    assert len(lines_with(text, "→")) == len(pie.events) - 2  # one line per message
    assert lines_with(text, f"agreement at step {pie.steps}")
    assert lines_with(text, agreement_words(pie))
    assert lines_with(text, "Alice", "0.240", "0.240") and lines_with(text, "Bob", "0.760")


def test_river_basin_three_party_timeline(river: SessionResult) -> None:
    text = text_of(river.events)
    assert "round 1: First session · Basin secretariat" in text
    assert "round 2: Second session · Basin secretariat" in text
    assert lines_with(text, "First session", "Upstream → all", "offer", "dam_filling_years=3")
    assert lines_with(text, "Second session", "accept")
    assert lines_with(text, "Δ ") and lines_with(text, "accept", "(unchanged)")
    assert lines_with(text, f"agreement at step {river.steps}")
    for party, utility in river.utilities.items():
        assert lines_with(text, party, f"{utility:.3f}")


def test_wide_terminal_names_every_receiver(river: SessionResult) -> None:
    text = text_of(river.events, width=160)
    assert lines_with(text, "Upstream → Midstream, Downstream", "offer")


@pytest.mark.parametrize("width", [80, 120, 160])
def test_lines_fit_the_terminal(pie: SessionResult, river: SessionResult, width: int) -> None:
    for result in (pie, river):
        text = text_of(result.events, width=width)
        assert max(len(line.rstrip()) for line in text.splitlines()) <= width
    (header,) = lines_with(text_of(river.events, width=80), "step", "who", "kind")
    assert "round" not in header  # narrow: the round rules alone name the rounds


def test_live_timeline_prints_what_render_prints(river: SessionResult) -> None:
    console = Console(record=True, width=120, color_system=None)
    live = run("river-basin", timeline=LiveTimeline(console))
    assert console.export_text() == text_of(live.events)
    assert live.events == river.events


def test_a_log_read_back_renders_the_same(river: SessionResult, tmp_path: Path) -> None:
    write_events(river.events, tmp_path / "river.jsonl")
    assert text_of(read_events(tmp_path / "river.jsonl")) == text_of(river.events)


def test_timeline_needs_the_start_event(pie: SessionResult) -> None:
    with pytest.raises(TimelineError, match="begins with a start event, not offer"):
        LiveTimeline(Console())(pie.events[1])


def test_relays_and_consults_are_hidden_unless_asked() -> None:
    shuttle = run("river-basin", protocol="shuttle", mediator="relay")
    hidden = sum(e.kind in (EventKind.RELAY, EventKind.CONSULT) for e in shuttle.events)
    quiet, verbose = text_of(shuttle.events), text_of(shuttle.events, show_messages=True)
    assert hidden and f"{hidden} relay/consult messages hidden" in quiet
    assert not lines_with(quiet, " relay ") and not lines_with(quiet, " consult ")
    assert lines_with(verbose, "Commission → Upstream", " relay ", "source=relayed proposal")
    assert "hidden" not in verbose
    # consultations happen between several mediators: the flagship has three
    gaza = run("gaza-ceasefire-2024", protocol="shuttle", mediator="relay")
    assert lines_with(text_of(gaza.events, show_messages=True), " consult ")
    narrow = text_of(shuttle.events, width=80)
    assert lines_with(narrow, "Downstream → Commission", "offer")  # not folded over two lines
    assert max(len(line.rstrip()) for line in narrow.splitlines()) <= 80


def test_an_answer_to_a_text_is_compared_with_that_text() -> None:
    text = text_of(run("river-basin", protocol="single-text", mediator="nash").events)
    assert lines_with(text, "Commission → all", "text", "dam_filling_years=")
    assert lines_with(text, "Upstream → Commission", "reject", "(unchanged)")


def test_other_endings(pie: SessionResult) -> None:
    start = pie.events[0]
    broken = text_of([start, Event(3, 0, EventKind.BREAKDOWN, data={"by": "Bob"})])
    assert "breakdown at step 3: Bob walked away" in broken
    failed = text_of([start, Event(4, 0, EventKind.ERROR, data={"error": "Bob: boom"})])
    assert "error at step 4: Bob: boom" in failed
    odd = text_of([start, Event(5, 0, EventKind.OFFER, "Alice", ("Bob",), 10**6)])
    assert "outside the outcome space" in odd

"""Tests of the terminal timeline: real sessions rendered at 60 to 160 columns, and made-up
event streams for the rules a reader relies on (one line per text, Δ against the sender's
previous proposal, pauses after their round, no outcome numbers)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.console import Console

from dragoman import load_scenario
from dragoman.io.eventlog import read_events, write_events
from dragoman.negotiation import Session, SessionResult, make_protocol
from dragoman.negotiation.events import Event, EventKind
from dragoman.negotiation.strategy import Strategy
from dragoman.render.timeline import LEGEND, LiveTimeline, TimelineError, render_timeline
from dragoman.strategies import make_agent
from dragoman.strategies.registry import make_mediator

DOCS = Path(__file__).resolve().parents[2] / "docs"
MESSAGE_LINE = re.compile(r"^\s*\d+ .*→")


def run(
    name: str,
    timeline: LiveTimeline | None = None,
    protocol: str = "alternating",
    mediator: str = "",
    mediators: dict[str, str] | None = None,
) -> SessionResult:
    """A seed-1 session: the brief's pie-split pairing, or linear agents (and `mediator`)."""
    scenario = load_scenario(name)
    seats: dict[str, Strategy]
    if name == "pie-split":
        seats = {"Alice": make_agent("linear"), "Bob": make_agent("boulware")}
    else:
        seats = {p.name: make_agent("linear") for p in scenario.negotiators}
        seats |= {m.name: make_mediator(mediator) for m in scenario.mediators if mediator}
        seats |= {m: make_mediator(s) for m, s in (mediators or {}).items()}
    sinks = [timeline] if timeline else []
    return Session(scenario, make_protocol(protocol), seats, seed=1, sinks=sinks).run()


@pytest.fixture(scope="module")
def pie() -> SessionResult:
    return run("pie-split")


@pytest.fixture(scope="module")
def river() -> SessionResult:
    return run("river-basin")


@pytest.fixture(scope="module")
def gaza() -> SessionResult:
    return run(
        "gaza-ceasefire-2024",
        protocol="shuttle",
        mediator="bridging",
        mediators={"US": "nash"},
    )


def text_of(events: list[Event] | tuple[Event, ...], width: int = 120, **options: bool) -> str:
    console = Console(record=True, width=width, color_system=None)
    render_timeline(events, console, **options)
    return console.export_text()


def lines_with(text: str, *parts: str) -> list[str]:
    return [line for line in text.splitlines() if all(p in line for p in parts)]


def message_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if MESSAGE_LINE.match(line)]


def agreement_pairs(result: SessionResult, name: str) -> list[str]:
    assert result.agreement is not None
    values = load_scenario(name).outcome_space.outcome(result.agreement)
    return [f"{k}={v}" for k, v in values.items()]


def configured_pie(**params: float) -> list[Event]:
    """The pie split between two time-based agents configured differently (Bob by `params`)."""
    seats: dict[str, Strategy] = {
        "Alice": make_agent("time-based", e=0.25),
        "Bob": make_agent("time-based", **params),
    }
    scenario = load_scenario("pie-split")
    return list(Session(scenario, make_protocol("alternating"), seats, seed=1).run().events)


@pytest.mark.parametrize("width", [40, 60, 80])
def test_the_header_shows_each_seats_parameters_within_the_width(width: int) -> None:
    """Two time-based agents, e=0.25 and e=4: told apart at the top of the timeline."""
    text = text_of(configured_pie(e=4.0), width=width)
    head = text[: text.index("How to read")]
    assert "Alice: time-based (e=0.25)" in head and "Bob: time-based (e=4.0)" in head
    assert all(len(line) <= width for line in text.splitlines())


def test_a_seat_too_wide_for_the_line_is_cut_visibly() -> None:
    text = text_of(configured_pie(e=1 / 3), width=24)
    head = text[: text.index("How to read")].splitlines()
    assert "Bob: time-based (e=0.33…" in head  # the parameter abbreviated, then the line cut
    assert "Bob: time-based (e=0.333…)" in text_of(configured_pie(e=1 / 3), width=80)
    assert all(len(line) <= 24 for line in head)


def test_pie_split_timeline(pie: SessionResult) -> None:
    text = text_of(pie.events)
    assert "Split the pie" in text and "Alice: linear (e=1.0) · Bob: boulware (e=0.2)" in text
    first = pie.events[1]
    assert lines_with(text, f"{first.step} ", "Alice → Bob", "offer", "share_for_alice=100")
    assert lines_with(text, "Bob → Alice", "offer", "share_for_alice=0")  # a counter-offer
    assert len(message_lines(text)) == len(pie.events) - 2  # one line per message
    offer, accept = pie.events[-3], pie.events[-2]
    assert accept.kind == EventKind.ACCEPT
    assert lines_with(text, "Bob → Alice", "accept", f"= Alice's offer of step {offer.step}")
    assert lines_with(text, f"agreement at step {pie.steps}")
    # then the result, as `dragoman negotiate` prints it: agreed value, Nash point, utilities
    assert lines_with(text, "share_for_alice", "24", "50")
    assert lines_with(text, "Alice", "0.240", "0.500") and lines_with(text, "Bob", "0.760")
    assert "discounted" not in text  # nobody discounts in pie-split


def test_river_basin_three_party_timeline(river: SessionResult) -> None:
    text = text_of(river.events)
    assert "round 1: First session · Basin secretariat" in text
    assert "round 2: Second session · Basin secretariat" in text
    assert lines_with(text, "First session", "Upstream → all", "offer", "dam_filling_years=3")
    assert lines_with(text, "Second session", "accept", "'s offer of step")
    assert lines_with(text, "Δ ")
    assert lines_with(text, f"agreement at step {river.steps}")
    for party, utility in river.utilities.items():
        assert lines_with(text, party, f"{utility:.3f}")


def test_wide_terminal_names_every_receiver(river: SessionResult) -> None:
    text = text_of(river.events, width=160)
    assert lines_with(text, "Upstream → Midstream, Downstream", "offer")


@pytest.mark.parametrize("width", [60, 80, 120, 160])
def test_lines_fit_the_terminal(
    pie: SessionResult, river: SessionResult, gaza: SessionResult, width: int
) -> None:
    for result in (pie, river, gaza):
        text = text_of(result.events, width=width)
        assert max(len(line.rstrip()) for line in text.splitlines()) <= width
        assert "…" not in re.sub(r"\d…", "", text)  # only numbers abbreviated, visibly
    (header,) = lines_with(text_of(river.events, width=80), "step", "who", "kind")
    assert "round" not in header  # narrow: the round rules alone name the rounds


def test_live_timeline_prints_what_render_prints(river: SessionResult) -> None:
    console = Console(record=True, width=120, color_system=None)
    live = run("river-basin", timeline=LiveTimeline(console, result=True))
    assert console.export_text() == text_of(live.events)
    assert live.events == river.events


def test_a_log_read_back_renders_the_same(gaza: SessionResult, tmp_path: Path) -> None:
    write_events(gaza.events, tmp_path / "gaza.jsonl")
    for width in (80, 160):
        text = text_of(read_events(tmp_path / "gaza.jsonl"), width=width)
        assert text == text_of(gaza.events, width=width)


def test_timeline_needs_the_start_event(pie: SessionResult) -> None:
    with pytest.raises(TimelineError, match="begins with a start event, not offer"):
        LiveTimeline(Console())(pie.events[1])


def test_the_legend_is_printed_once_and_documented(
    pie: SessionResult, river: SessionResult
) -> None:
    text = " ".join(text_of([*pie.events, *river.events], width=200).split())
    documented = " ".join((DOCS / "negotiation.md").read_text().split())
    for line in LEGEND:
        assert text.count(" ".join(line.split())) == 1, line
        assert " ".join(line.split()) in documented, line
    assert text.index(" ".join(LEGEND[0].split())) < text.index("share_for_alice=100")


def test_relays_and_consults_are_hidden_unless_asked() -> None:
    shuttle = run("river-basin", protocol="shuttle", mediator="relay")
    hidden = sum(e.kind in (EventKind.RELAY, EventKind.CONSULT) for e in shuttle.events)
    quiet, verbose = text_of(shuttle.events), text_of(shuttle.events, show_messages=True)
    assert hidden and f"({hidden} relay/consult messages hidden)" in quiet
    shown = "\n".join(message_lines(quiet))
    assert not lines_with(shown, " relay ") and not lines_with(shown, " consult ")
    # a relayed proposal is named by the offer it relays, once for every party it went to
    assert lines_with(verbose, "Commission → all", " relay ", "= Upstream's offer of step")
    assert "hidden)" not in verbose
    # consultations happen between several mediators: the flagship has three
    gaza = run("gaza-ceasefire-2024", protocol="shuttle", mediator="relay")
    assert lines_with(text_of(gaza.events, show_messages=True), " consult ")
    narrow = text_of(shuttle.events, width=80)
    assert lines_with(narrow, "Downstream → Commission", "offer")  # not folded over two lines
    assert max(len(line.rstrip()) for line in narrow.splitlines()) <= 80


def test_an_answer_names_the_text_it_answers_and_no_outcome_number_shows() -> None:
    result = run("river-basin", protocol="single-text", mediator="nash")
    text = text_of(result.events)
    assert lines_with(text, "Commission → all", "text", "dam_filling_years=")
    first_text = next(e for e in result.events if e.kind == EventKind.TEXT)
    assert lines_with(text, "Upstream → Commission", "reject", f"text of step {first_text.step}")
    critique = next(e for e in result.events if e.kind == EventKind.CRITIQUE)
    assert "text" in critique.data  # the text it criticises, an outcome number in the log
    (line,) = [m for m in message_lines(text) if m.split()[0] == str(critique.step)]
    assert " critique " in line
    assert "Δ" in line and "=" in line  # the change the party wants, in words
    assert "text=" not in text and "current=" not in text


def test_a_text_carried_to_several_parties_is_one_line(gaza: SessionResult) -> None:
    texts = [e for e in gaza.events if e.kind == EventKind.TEXT]
    steps = sorted({e.step for e in texts})
    assert len(texts) > len(steps)  # the log holds one event per carrier
    for width in (80, 160):
        lines = message_lines(text_of(gaza.events, width=width))
        shown = [line for line in lines if re.search(r" text {2,}", line)]
        assert len(shown) == len(steps)
        assert all(("→ parties" in s) or ("Israel, Hamas" in s) for s in shown)
    text = text_of(gaza.events, width=160)
    assert lines_with(text, "US → Israel, Hamas", "text", "carried by Egypt to Hamas")
    assert "· carried by Egypt to Hamas" in text  # apart from the outcome, colour or not


def test_changes_are_shown_against_the_senders_previous_proposal() -> None:
    start = run("river-basin").events[0]
    space = load_scenario("river-basin").outcome_space
    a = space.outcome_index(
        {
            "dry_year_share_downstream": 20,
            "dam_filling_years": 3,
            "commission_funding": "donors",
            "dispute_settlement": "mediation",
        }
    )
    b = space.outcome_index(
        {
            "dry_year_share_downstream": 50,
            "dam_filling_years": 10,
            "commission_funding": "equal_thirds",
            "dispute_settlement": "binding_arbitration",
        }
    )
    a2 = space.outcome_index(
        {
            "dry_year_share_downstream": 20,
            "dam_filling_years": 5,
            "commission_funding": "donors",
            "dispute_settlement": "mediation",
        }
    )
    all_but = {
        "Upstream": ("Midstream", "Downstream", "Commission"),
        "Downstream": ("Upstream", "Midstream", "Commission"),
    }
    events = [
        start,
        Event(1, 0, EventKind.OFFER, "Upstream", all_but["Upstream"], a),
        Event(2, 0, EventKind.OFFER, "Downstream", all_but["Downstream"], b),
        Event(3, 0, EventKind.OFFER, "Upstream", all_but["Upstream"], a2),
        Event(4, 0, EventKind.OFFER, "Downstream", all_but["Downstream"], b),
        Event(5, 0, EventKind.DEADLINE, data={"steps": 5}),
    ]
    text = text_of(events, width=80)
    (third,) = lines_with(text, "   3 ", "Upstream")
    assert third.split("offer", 1)[1].split() == ["Δ", "dam_filling_years=5"]  # not vs b
    (fourth,) = lines_with(text, "   4 ", "Downstream")
    assert "(unchanged)" in fourth


def test_a_pause_follows_its_round(gaza: SessionResult) -> None:
    text = text_of(gaza.events, width=100)
    lines = text.splitlines()
    first = next(k for k, line in enumerate(lines) if "round 1: Doha round" in line)
    pause = next(k for k, line in enumerate(lines) if "pause of 10 steps" in line)
    second = next(k for k, line in enumerate(lines) if "round 2: Cairo round" in line)
    assert first < pause < second and "pause" not in lines[first]
    (round_event,) = [e for e in gaza.events if e.kind == EventKind.ROUND]
    numbered = re.compile(r"\s*\d+ ")
    before = [line for line in lines[:pause] if numbered.match(line)][-1]
    after = next(line for line in lines[second:] if numbered.match(line))
    assert int(before.split()[0]) < round_event.step <= int(after.split()[0])


def test_other_endings(pie: SessionResult) -> None:
    start = pie.events[0]
    broken = text_of([start, Event(3, 0, EventKind.BREAKDOWN, data={"by": "Bob"})])
    assert "breakdown at step 3: Bob walked away" in broken
    assert "No agreement after 3 steps: a party walked away." in broken
    failed = text_of([start, Event(4, 0, EventKind.ERROR, data={"seat": "Bob", "error": "boom"})])
    assert "error at step 4: boom" in failed and "an error: Bob: boom" in failed
    odd = text_of(
        [
            start,
            Event(5, 0, EventKind.OFFER, "Alice", ("Bob",), 10**6),
            Event(6, 0, EventKind.DEADLINE, data={"steps": 6}),
        ]
    )
    assert "outside the outcome space" in odd

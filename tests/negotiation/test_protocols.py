"""Known results of the protocols: the midpoint of a linear split, stacked offers with three
parties, the flagship's shuttle with no direct Israel-Hamas message, single text reaching Nash."""

from __future__ import annotations

from typing import Any

import pytest

from dragoman import analyze, load_scenario
from dragoman.negotiation.events import EventKind
from dragoman.negotiation.protocols.alternating import AlternatingOffers
from dragoman.negotiation.protocols.shuttle import Shuttle
from dragoman.negotiation.protocols.single_text import SingleText
from dragoman.negotiation.session import Session
from dragoman.strategies.registry import make_agent, make_mediator


def test_two_linear_agents_meet_at_the_midpoint_of_a_linear_split() -> None:
    # Symmetric linear concession on a symmetric linear pie: the aspirations cross at t = 1/2.
    pie = load_scenario("pie-split")
    result = Session(
        pie, AlternatingOffers(), {"Alice": make_agent("linear"), "Bob": make_agent("linear")}
    ).run()
    assert result.status == "agreement"
    share = int(pie.outcome_space.outcome(result.agreement or 0)["share_for_alice"])
    assert abs(share - 50) <= 1


def test_stacked_alternating_offers_need_every_other_party() -> None:
    basin = load_scenario("river-basin")
    seats = {p.name: make_agent("conceder") for p in basin.negotiators}
    result = Session(basin, AlternatingOffers(), seats, seed=2).run()
    assert result.status == "agreement"
    last_offer = [e for e in result.events if e.kind == EventKind.OFFER][-1]
    accepts = [e for e in result.events if e.kind == EventKind.ACCEPT and e.step > last_offer.step]
    assert {e.sender for e in accepts} == {p.name for p in basin.negotiators} - {last_offer.sender}
    assert all(e.outcome == last_offer.outcome == result.agreement for e in accepts)


def test_first_mover_is_configurable() -> None:
    pie = load_scenario("pie-split")
    result = Session(
        pie,
        AlternatingOffers(first="Bob"),
        {"Alice": make_agent("linear"), "Bob": make_agent("linear")},
    ).run()
    first_offer = next(e for e in result.events if e.kind == EventKind.OFFER)
    assert first_offer.sender == "Bob"


def gaza_seats(mediator: str) -> dict[str, Any]:
    seats: dict[str, Any] = {"Israel": make_agent("conceder"), "Hamas": make_agent("conceder")}
    return seats | {m: make_mediator(mediator) for m in ("US", "Egypt", "Qatar")}


@pytest.mark.parametrize("mediator", ["relay", "bridging", "nash", "hill-climber"])
def test_flagship_shuttle_has_no_direct_israel_hamas_message(mediator: str) -> None:
    gaza = load_scenario("gaza-ceasefire-2024")
    result = Session(gaza, Shuttle(), gaza_seats(mediator), seed=5).run()
    assert result.status in ("agreement", "deadline")
    for e in result.events:
        between = {e.sender, *e.receivers}
        assert not {"Israel", "Hamas"} <= between, e
        if e.sender == "US":
            assert "Hamas" not in e.receivers
    texts_to_hamas = [
        e
        for e in result.events
        if "Hamas" in e.receivers and e.kind in (EventKind.TEXT, EventKind.RELAY)
    ]
    assert texts_to_hamas and all(e.sender in ("Egypt", "Qatar") for e in texts_to_hamas)
    # the flagship's red lines on the corridor are incompatible: no agreement can respect both
    assert result.status == "deadline"


def test_dropping_a_red_line_lets_the_shuttle_reach_agreement() -> None:
    gaza = load_scenario("gaza-ceasefire-2024").without_red_lines(
        [("Hamas", "philadelphi_corridor")]
    )
    result = Session(gaza, Shuttle(), gaza_seats("nash"), seed=5).run()
    assert result.status == "agreement"
    carried = [
        e for e in result.events if e.kind == EventKind.TEXT and e.outcome == result.agreement
    ]
    assert {r for e in carried for r in e.receivers} == {"Israel", "Hamas"}
    assert all(e.sender in ("US", "Egypt", "Qatar") for e in carried)


def test_single_text_with_a_nash_mediator_reaches_the_nash_point() -> None:
    basin = load_scenario("river-basin")
    seats: dict[str, Any] = {p.name: make_agent("conceder") for p in basin.negotiators}
    seats["Commission"] = make_mediator("nash")
    result = Session(basin, SingleText(), seats, seed=1).run()
    nash = analyze(basin).solutions["nash"]
    assert result.status == "agreement"
    assert result.agreement == nash.outcome_index


def test_single_text_hill_climbing_votes_and_adopts() -> None:
    basin = load_scenario("river-basin")
    seats: dict[str, Any] = {p.name: make_agent("conceder") for p in basin.negotiators}
    seats["Commission"] = make_mediator("hill-climber")
    result = Session(basin, SingleText(), seats, seed=3).run()
    votes = [e for e in result.events if e.kind == EventKind.VOTE]
    assert votes and all(e.receivers == ("Commission",) for e in votes)
    assert result.status == "agreement"


def test_camp_david_one_text_revises_from_criticism() -> None:
    basin = load_scenario("river-basin")
    seats: dict[str, Any] = {p.name: make_agent("conceder") for p in basin.negotiators}
    seats["Commission"] = make_mediator("one-text")
    result = Session(basin, SingleText(), seats, seed=3).run()
    critiques = [e for e in result.events if e.kind == EventKind.CRITIQUE]
    texts = [e.outcome for e in result.events if e.kind == EventKind.TEXT]
    assert critiques and all(e.receivers == ("Commission",) for e in critiques)
    assert len(set(texts)) > 1  # the draft was revised
    assert result.status == "agreement"


def test_scenario_seats_section_sets_default_strategies() -> None:
    from dragoman.strategies.seating import build_seats

    data = load_scenario("pie-split").model_dump(by_alias=True)
    data["seats"] = {"Alice": {"strategy": "time-based", "params": {"e": 0.5}}}
    scenario = type(load_scenario("pie-split")).from_data(data)
    seats = build_seats(scenario, AlternatingOffers(), agents={"Bob": "hardliner"})
    assert seats["Alice"].name == "time-based" and seats["Alice"].parameters() == {"e": 0.5}
    assert seats["Bob"].name == "hardliner"

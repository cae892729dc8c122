"""Naive (absolute) and relative tit-for-tat (Faratin et al. 1998) against scripted opponents."""

from __future__ import annotations

from types import MappingProxyType

import pytest
from agent_sessions import ViewFactory, offers_by, play, with_reservation

from dragoman import Scenario
from dragoman.negotiation.events import Event, EventKind
from dragoman.strategies import Response, make_agent
from dragoman.strategies.concession import opponent_offers
from dragoman.strategies.tit_for_tat import NaiveTitForTat
from dragoman.testing import ScriptedAgent


@pytest.mark.parametrize("name", ["naive-tft", "relative-tft"])
def test_mirrors_a_scripted_opponents_concessions(pie: Scenario, name: str) -> None:
    # Bob concedes ten units a turn, then stops; Alice concedes ten a turn, one turn behind,
    # then stops too. On a zero-sum pie with RV 0 both variants coincide.
    bob = ScriptedAgent(offers=[0, 10, 20, 30])
    result = play(pie, {"Alice": make_agent(name), "Bob": bob}, total_steps=15)
    assert offers_by(result, "Alice") == [100, 100, 90, 80, 70, 70, 70, 70]


def test_naive_tft_follows_a_retraction(pie: Scenario) -> None:
    bob = ScriptedAgent(offers=[0, 20, 10])
    result = play(pie, {"Alice": make_agent("naive-tft"), "Bob": bob}, total_steps=10)
    assert offers_by(result, "Alice") == [100, 100, 80, 90, 90]


def test_naive_tft_concedes_utility_relative_tft_concedes_a_share_of_its_room(
    pie: Scenario,
) -> None:
    # With an RV of 0.5 Alice's room is half the pie. Bob gives up 10% of his demand a turn:
    # naive TFT gives up 0.1 of utility a turn, relative TFT 10% of its room (0.05).
    scenario = with_reservation(pie, 0, 0.5)
    runs = {}
    for name in ("naive-tft", "relative-tft"):
        bob = ScriptedAgent(offers=[0, 10, 20, 30])
        runs[name] = offers_by(play(scenario, {"Alice": make_agent(name), "Bob": bob}), "Alice")
    assert runs["naive-tft"][:6] == [100, 100, 90, 80, 70, 70]
    assert runs["relative-tft"][:6] == [100, 100, 95, 90, 85, 85]


def test_relative_tft_reacts_delta_offers_late(pie: Scenario) -> None:
    bob = ScriptedAgent(offers=[0, 10, 20, 30])
    seats = {"Alice": make_agent("relative-tft", delta=2), "Bob": bob}
    result = play(pie, seats, total_steps=15)
    assert offers_by(result, "Alice") == [100, 100, 100, 90, 80, 70, 70, 70]


@pytest.mark.parametrize("name", ["naive-tft", "relative-tft"])
def test_accepts_with_ac_next(pie: Scenario, make_view: ViewFactory, name: str) -> None:
    agent = make_agent(name)
    # after Bob's 0 -> 40, Alice would offer 60 next: 60 or more is accepted
    view = make_view(pie, "Alice", received=[("Bob", 0), ("Bob", 40)])
    assert agent.respond(view, 40) == Response.REJECT
    view = make_view(pie, "Alice", received=[("Bob", 0), ("Bob", 60)])
    assert agent.respond(view, 60) == Response.ACCEPT


def test_two_tit_for_tats_never_start_conceding(pie: Scenario) -> None:
    result = play(pie, {"Alice": make_agent("naive-tft"), "Bob": make_agent("naive-tft")})
    assert result.status == "deadline"
    assert set(offers_by(result, "Alice")) == {100}


def test_tft_meets_a_linear_conceder_near_the_middle(pie: Scenario) -> None:
    result = play(pie, {"Alice": make_agent("naive-tft"), "Bob": make_agent("linear")})
    assert result.status == "agreement"
    assert abs(result.utilities["Alice"] - 0.5) <= 0.05


def test_the_mirrored_offers_are_the_opponent_offers_read_as_they_come(
    pie: Scenario, make_view: ViewFactory
) -> None:
    # Offers from two senders interleaved, read one message at a time: the count, first and
    # latest `mirrored` keeps are those of `opponent_offers` (the latest offer's sender).
    agent = make_agent("naive-tft")
    assert isinstance(agent, NaiveTitForTat)
    script = [("Bob", 0), ("Carol", 7), ("Bob", 10), ("Bob", 10), ("Carol", 3), ("Bob", 25)]
    view = make_view(pie, "Alice")
    assert agent.mirrored(view) == (0, -1, -1)  # nothing yet (no proposals either)
    for k, (sender, outcome) in enumerate(script):
        view.deliver(Event(k, 0, EventKind.OFFER, sender, ("Alice",), outcome))
        offers = opponent_offers(view)
        assert agent.mirrored(view) == (len(offers), offers[0], offers[-1])
    fresh = make_view(pie, "Alice", received=script)  # another view: read from its start
    assert agent.mirrored(fresh) == (4, 0, 25)


def test_before_any_offer_the_mirrored_offers_are_the_proposals_put_to_the_seat(
    pie: Scenario, make_view: ViewFactory
) -> None:
    # Mediated talks: texts (and relays of another's proposal) are what is mirrored until an
    # offer arrives, read as they come; then the offers of that offer's sender.
    agent = make_agent("naive-tft")
    assert isinstance(agent, NaiveTitForTat)
    view = make_view(pie, "Alice")
    messages = [
        Event(0, 0, EventKind.TEXT, "Bob", ("Alice",), 4),
        Event(1, 0, EventKind.RELAY, "Bob", ("Alice",), 9, MappingProxyType({"origin": "Alice"})),
        Event(2, 0, EventKind.TEXT, "Bob", ("Alice",), 12),
        Event(3, 0, EventKind.OFFER, "Carol", ("Alice",), 30),
    ]
    for event in messages:
        view.deliver(event)
        offers = opponent_offers(view)
        assert agent.mirrored(view) == (len(offers), offers[0], offers[-1])
    assert agent.mirrored(view) == (1, 30, 30)

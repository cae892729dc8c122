"""A mediated protocol on a scenario without a mediator seats a neutral one and says so: the
imported GENIUS domains (which have no mediator seat) run single text and shuttle talks; a new
name in `mediators` seats a neutral mediator of that strategy, with channels to and from every
seat; the variant is made with `Scenario.revised`, the scenario asked for is left alone."""

from __future__ import annotations

import pytest
from genius_domains import anac_folder

from dragoman import Scenario, load_scenario, negotiate
from dragoman.errors import ProtocolError
from dragoman.io.genius import load_genius_folder
from dragoman.negotiation.events import EventKind
from dragoman.negotiation.protocols.registry import make_protocol
from dragoman.runs.negotiation import start_session
from dragoman.strategies.seating import NEUTRAL_MEDIATOR, seat_mediators

ANAC = anac_folder()
needs_anac = pytest.mark.skipif(ANAC is None, reason="ANAC data not found")


@needs_anac
@pytest.mark.parametrize(
    ("folder", "profiles"), [("y2010/ItexvsCypress", 2), ("y2015/group5-car_domain", 3)]
)
@pytest.mark.parametrize("protocol", ["single-text", "shuttle"])
def test_a_genius_domain_runs_mediated_with_a_neutral_mediator(
    folder: str, profiles: int, protocol: str
) -> None:
    assert ANAC is not None
    scenario = load_genius_folder(ANAC / folder, max_profiles=profiles)
    assert not scenario.mediators
    result = negotiate(scenario, protocol, seed=0)
    assert result.status == "agreement", result.diagnosis
    assert result.seats[NEUTRAL_MEDIATOR] in ("hill-climber", "bridging")
    assert len(result.notes) == 1 and "seated a neutral mediator, Mediator" in result.notes[0]
    assert f"the {protocol} protocol needs one" in result.notes[0]
    texts = [e for e in result.events if e.kind == EventKind.TEXT]
    assert texts and all(e.sender == NEUTRAL_MEDIATOR for e in texts)
    assert result.to_dict()["notes"] == list(result.notes)
    assert result.events[0].data["notes"] == list(result.notes)  # the log records it too


def test_a_new_name_seats_a_neutral_mediator_of_that_strategy() -> None:
    pie = load_scenario("pie-split")
    result = negotiate(pie, "single-text", mediators={"Neutral": "nash"}, seed=0)
    assert result.seats["Neutral"] == "nash"
    assert result.notes == (
        "seated a neutral mediator, Neutral (nash), with channels to and from every party: "
        "Neutral is not in 'Split the pie (textbook bilateral bargaining)'",
    )
    assert result.status == "agreement" and result.outcome == {"share_for_alice": 50}
    assert [p.name for p in pie.parties] == ["Alice", "Bob"]  # the scenario asked for: unchanged


def test_on_a_scenario_with_channels_the_neutral_mediator_reaches_every_seat() -> None:
    gaza = load_scenario("gaza-ceasefire-2024")  # Israel and Hamas never talk directly
    seated, notes = seat_mediators(gaza, make_protocol("single-text"), {"UN": "nash"})
    assert notes and "UN is not in" in notes[0]
    others = [p.name for p in gaza.parties]
    assert all(seated.may_send("UN", s) and seated.may_send(s, "UN") for s in others)
    assert not seated.may_send("Israel", "Hamas")  # the scenario's own channels are kept
    # seated before the scenario's mediators, the neutral mediator keeps the single text
    assert make_protocol("single-text").seats_needed(seated)[-1] == "UN"
    session = start_session(gaza, "single-text", mediators={"UN": "nash"}, seed=1)
    assert session.notes == tuple(notes) and "UN" in session.seats


def test_a_near_miss_of_a_mediator_name_is_pointed_out() -> None:
    gaza = load_scenario("gaza-ceasefire-2024")
    _, notes = seat_mediators(gaza, make_protocol("shuttle"), {"Egpyt": "relay"})
    assert notes[0].endswith("(did you mean Egypt?)")


def test_alternating_offers_seat_no_mediator(pie: Scenario) -> None:
    seated, notes = seat_mediators(pie, make_protocol("alternating"), {})
    assert seated is pie and notes == []


def test_an_existing_mediator_is_not_seated_twice() -> None:
    basin = load_scenario("river-basin")
    seated, notes = seat_mediators(basin, make_protocol("shuttle"), {"Commission": "nash"})
    assert seated is basin and notes == []


def test_a_party_named_as_a_mediator_is_still_an_error(pie: Scenario) -> None:
    with pytest.raises(ProtocolError, match="Alice is a party, not a mediator"):
        start_session(pie, "shuttle", mediators={"Alice": "nash"})


@pytest.fixture
def pie() -> Scenario:
    return load_scenario("pie-split")

"""What the pages and the API do, in process over a real SQLite database: messages along
channels, a mediator's pause between rounds, the calculator, the suggestion, reports that
need not be true, retried forms, the dashboard's comparison and the debrief."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import dragoman
from dragoman.io.scenario_file import dump_scenario
from dragoman.negotiation.visibility import HIDDEN_STRATEGY
from dragoman.render.timeline_lines import seat_label
from dragoman.web.app import create_app

SEATS = {"Israel": "human", "Hamas": "human", "US": "human", "Egypt": "nash", "Qatar": "relay"}
FLAGSHIP = {"scenario": "gaza-ceasefire-2024", "protocol": "shuttle", "seats": SEATS,
            "drop_red_lines": ["Israel:philadelphi_corridor"]}  # fmt: skip


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{tmp_path / 'web.db'}")) as c:
        yield c


def _as(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _act(client: TestClient, token: str, **action: Any) -> Any:
    action.setdefault("key", f"k{len(str(action))}{action['action']}{token[:8]}")
    return client.post("/api/seat/actions", headers=_as(token), json=action)


def _state(client: TestClient, token: str) -> dict[str, Any]:
    return dict(client.get("/api/seat", headers=_as(token)).json())


def _play(client: TestClient, tokens: dict[str, str]) -> None:
    """Every human seat plays on (truthful reports, best proposals, the Nash mediator's text,
    accept what is worth the reservation value) until nobody may act."""
    moved = True
    while moved:
        moved = False
        for token in tokens.values():
            state = _state(client, token)
            if state["your_turn"]:
                _act(client, token, **_move(client, token, state))
                moved = True


def _move(client: TestClient, token: str, state: dict[str, Any]) -> dict[str, Any]:
    kind = state["request"]["action"]
    if kind == "report":
        return {"action": kind, "report": "truth"}
    if kind == "propose":
        return {"action": kind, "outcome": state["best"]}
    if kind == "compose":
        text = client.post("/api/seat/suggest", headers=_as(token), json={"strategy": "nash"})
        return {"action": kind, "outcome": text.json()["outcome"]}
    worth = state["current_utility"] >= state["brief"]["reservation_value"]
    return {"action": kind, "response": "accept" if worth else "reject"}


def test_a_message_reaches_its_addressee_only(client: TestClient) -> None:
    tokens = client.post("/api/exercises", json=FLAGSHIP).json()["tokens"]["1"]
    reply = _act(client, tokens["Israel"], action="message", to="US", text="Can we talk?")
    assert reply.status_code == 200
    us = client.get("/api/seat/events", headers=_as(tokens["US"])).json()
    assert [e["data"]["text"] for e in us if e["kind"] == "message"] == ["Can we talk?"]
    hamas = client.get("/api/seat/events", headers=_as(tokens["Hamas"])).json()
    assert not [e for e in hamas if e["kind"] == "message"]


def test_a_mediator_holds_the_talks_between_rounds(client: TestClient) -> None:
    scenario = dragoman.load_scenario("gaza-ceasefire-2024")
    rounds = [r.model_dump() for r in scenario.rounds]
    rounds[0]["steps"] = 4  # the first round ends after the reports and the first proposals
    text = dump_scenario(scenario.revised({"rounds": rounds}))
    spec = {**FLAGSHIP, "scenario": None, "scenario_yaml": text}
    tokens = client.post("/api/exercises", json=spec).json()["tokens"]["1"]
    assert _act(client, tokens["Israel"], action="pause").status_code == 403  # parties cannot
    assert _act(client, tokens["US"], action="pause").status_code == 200
    _play(client, tokens)
    state = _state(client, tokens["Israel"])
    assert state["status"] == "held" and state["round"] == 2 and not state["your_turn"]
    assert _act(client, tokens["US"], action="resume").status_code == 200
    _play(client, tokens)
    assert _state(client, tokens["Israel"])["status"] == "agreement"


def test_the_calculator_values_an_outcome_and_names_breached_red_lines(client: TestClient) -> None:
    spec = {**FLAGSHIP, "drop_red_lines": []}  # Israel keeps its corridor red line
    tokens = client.post("/api/exercises", json=spec).json()["tokens"]["1"]
    best = _state(client, tokens["Israel"])["best"]
    worst = {**best, "philadelphi_corridor": "full_withdrawal"}
    reply = client.post("/api/seat/evaluate", headers=_as(tokens["Israel"]), json={"outcome": best})
    assert reply.json() == {"utility": 1.0, "reservation_value": 0.4, "acceptable": True,
                            "breaches": []}  # fmt: skip
    reply = client.post(
        "/api/seat/evaluate", headers=_as(tokens["Israel"]), json={"outcome": worst}
    )
    assert reply.json()["breaches"] == [
        "philadelphi_corridor in {full_military_control, reduced_presence}"
    ]
    reply = client.post("/api/seat/evaluate", headers=_as(tokens["US"]), json={"outcome": best})
    assert reply.status_code == 422 and "mediator" in reply.json()["detail"]


def test_a_suggestion_comes_from_a_registered_mediator_on_the_mediators_view(
    client: TestClient,
) -> None:
    tokens = client.post("/api/exercises", json=FLAGSHIP).json()["tokens"]["1"]
    reply = client.post("/api/seat/suggest", headers=_as(tokens["US"]), json={"strategy": "nash"})
    assert reply.status_code == 200 and reply.json()["outcome"] is None  # nothing heard yet
    for party in ("Israel", "Hamas"):
        _act(client, tokens[party], action="report", report="truth")
    for party in ("Israel", "Hamas"):
        _act(client, tokens[party], action="propose", outcome=_state(client, tokens[party])["best"])
    assert _state(client, tokens["US"])["request"]["action"] == "compose"
    reply = client.post("/api/seat/suggest", headers=_as(tokens["US"]), json={"strategy": "nash"})
    assert reply.json()["outcome"]["philadelphi_corridor"] == "full_withdrawal"
    bad = client.post("/api/seat/suggest", headers=_as(tokens["US"]), json={"strategy": "nope"})
    assert bad.status_code == 422 and "no mediator strategy 'nope'" in bad.json()["detail"]
    party = client.post(
        "/api/seat/suggest", headers=_as(tokens["Israel"]), json={"strategy": "nash"}
    )
    assert party.status_code == 422


def test_a_report_may_claim_other_weights(client: TestClient) -> None:
    exercise = client.post("/api/exercises", json=FLAGSHIP).json()
    tokens = exercise["tokens"]["1"]
    page = client.get(exercise["groups"][0]["seats"]["Israel"])
    seat_id = page.url.path.rsplit("/", 1)[1]
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    form = {"csrf": csrf, "key": "claim-weights-1", "action": "report", "report": "custom",
            "weight:philadelphi_corridor": "0.9"}  # fmt: skip
    headers = {"Accept": "application/json"}
    assert client.post(f"/seat/{seat_id}/act", data=form, headers=headers).json()["applied"]
    again = client.post(f"/seat/{seat_id}/act", data=form, headers=headers).json()
    assert again["applied"] is False  # the same form twice: applied once
    us = client.get("/api/seat/events", headers=_as(tokens["US"])).json()
    reports = [e for e in us if e["kind"] == "report"]
    assert len(reports) == 1
    claimed = reports[0]["data"]["preferences"]["weights"]
    assert claimed["philadelphi_corridor"] == pytest.approx(0.9 / 1.7)  # normalised to sum 1


PIE = {"scenario": "pie-split", "protocol": "alternating", "steps": 10,
       "seats": {"Alice": "human", "Bob": "human"}}  # fmt: skip


@pytest.mark.parametrize(("response", "status"), [("accept", "agreement"),
                                                  ("walk_away", "breakdown")])  # fmt: skip
def test_accepting_or_walking_away_on_a_counter_turn_does_what_it_says(
    client: TestClient, response: str, status: str
) -> None:
    """The page's counter form always sends the issue selects: its Accept and Walk away
    buttons must still accept or walk away, not counter with the selects' outcome. Through
    the API, a response and an outcome together are refused (which was meant?)."""
    exercise = client.post("/api/exercises", json=PIE).json()
    tokens = exercise["tokens"]["1"]
    opening = {"share_for_alice": 60}
    assert _act(client, tokens["Alice"], action="propose", outcome=opening).json()["applied"]
    both = _act(client, tokens["Bob"], action="counter", response=response, outcome=opening)
    assert both.status_code == 422
    assert f"a counter takes a response ({response}) or an outcome" in both.json()["detail"]
    page = client.get(exercise["groups"][0]["seats"]["Bob"])
    seat_id = page.url.path.rsplit("/", 1)[1]
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    form = {"csrf": csrf, "key": f"bob-{response}", "action": "counter", "response": response,
            "issue:share_for_alice": "40"}  # fmt: skip
    reply = client.post(f"/seat/{seat_id}/act", data=form, headers={"Accept": "application/json"})
    assert reply.json()["applied"]
    state = _state(client, tokens["Bob"])
    assert state["status"] == status
    kinds = [e["kind"] for e in client.get("/api/seat/events", headers=_as(tokens["Bob"])).json()]
    assert "offer" in kinds and kinds.count("offer") == 1  # Alice's only: Bob did not counter


def test_the_dashboard_compares_the_groups_and_the_debrief_reveals_all(client: TestClient) -> None:
    exercise = client.post("/api/exercises", json={**FLAGSHIP, "groups": 2}).json()
    link = exercise["groups"][0]["seats"]["Israel"]
    assert "Not yet" in client.get(client.get(link).url.path + "/debrief").text
    for group in ("1", "2"):
        _play(client, exercise["tokens"][group])
    dashboard = client.get(exercise["organiser"]).text
    assert dashboard.count('class="group"') == 2 and 'id="class-plot"' in dashboard
    debrief = client.get(client.get(link).url.path + "/debrief").text
    assert "Preferences, revealed" in debrief and "data:image/png;base64," in debrief
    assert "Implementation of the negotiated agreement" in debrief
    organiser = client.get(f"/exercise/{exercise['exercise']}/groups/2/debrief")
    assert organiser.status_code == 200 and "Debrief, group 2" in organiser.text


def test_who_sits_where_in_full_for_the_organiser_and_as_the_start_shows_a_seat(
    client: TestClient,
) -> None:
    """The terminal header's labels (`seat_label` of the start's seats): strategies with their
    parameters on the dashboard and the organiser's debrief; a seat's page and debrief keep the
    other seats' strategies, and so their parameters, undisclosed."""
    seats = {"Israel": "human", "Hamas": "boulware:e=0.3", "US": "nash", "Egypt": "nash",
             "Qatar": "relay"}  # fmt: skip
    exercise = client.post("/api/exercises", json={**FLAGSHIP, "seats": seats}).json()
    tokens = exercise["tokens"]["1"]
    events = f"/api/exercises/{exercise['exercise']}/groups/1/events"
    start = client.get(events, headers=_as(exercise["organiser_token"])).json()[0]
    hamas = seat_label("Hamas", start["data"]["seats"]["Hamas"])
    assert hamas == "Hamas: boulware (e=0.3)"
    link = exercise["groups"][0]["seats"]["Israel"]
    seat_page = client.get(link).text
    assert "Israel: human" in seat_page and f"Hamas: {HIDDEN_STRATEGY}" in seat_page
    assert "e=0.3" not in seat_page and "boulware" not in seat_page
    dashboard = client.get(exercise["organiser"]).text
    assert f'<span class="seat">{hamas}</span>' in dashboard
    for k in range(200):  # Israel alone plays: a fresh key each move (`_play` repeats them)
        state = _state(client, tokens["Israel"])
        if not state["your_turn"]:
            break
        _act(
            client,
            tokens["Israel"],
            key=f"israel-{k:04d}",
            **_move(client, tokens["Israel"], state),
        )
    debrief = client.get(client.get(link).url.path + "/debrief").text
    assert "Preferences, revealed" in debrief and f"Hamas: {HIDDEN_STRATEGY}" in debrief
    assert "e=0.3" not in debrief and "boulware" not in debrief
    organiser = client.get(f"/exercise/{exercise['exercise']}/groups/1/debrief").text
    assert f'<span class="seat">{hamas}</span>' in organiser

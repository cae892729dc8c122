"""Persistence and recovery, with real kills: the server is started as a subprocess, part of
a session is played, the server is killed with SIGKILL and started again on the same database
(SQLite, and the PostgreSQL server .ci/run starts); the session resumes where it was, retried
actions are not applied twice, and the event log is exactly that of an uninterrupted session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from web_play import create, seat_client, step
from web_server import LiveServer, fresh_database

import dragoman
from dragoman.runs.negotiation import start_session

SEATS = {"Israel": "human", "Hamas": "human", "US": "nash", "Egypt": "bridging", "Qatar": "relay"}


def _answer(scenario: dragoman.Scenario, seat: str, action: dict[str, Any]) -> Any:
    """The engine's answer for an action sent through the API."""
    if action["action"] == "report":
        return scenario.party(seat).preferences.model_dump(mode="json")
    if "outcome" in action:
        return scenario.outcome_space.outcome_index(action["outcome"])
    return action["response"]


def _uninterrupted(sent: list[tuple[str, dict[str, Any]]], seed: int) -> list[dict[str, Any]]:
    """The events of the same session played in one go, in process, never killed."""
    scenario = dragoman.load_scenario("gaza-ceasefire-2024").without_red_lines(
        [("Israel", "philadelphi_corridor")]
    )
    session = start_session(scenario, "shuttle", mediators={"US": "nash", "Egypt": "bridging",
                            "Qatar": "relay"}, humans=["Israel", "Hamas"], seed=seed)  # fmt: skip
    for seat, action in sent:
        while session.step():
            pass
        assert session.waiting is not None and session.waiting.seat == seat
        session.submit(_answer(scenario, seat, action))
    while session.step():
        pass
    return [e.to_dict() for e in session.events]


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_killed_server_resumes_and_applies_every_action_once(kind: str, tmp_path: Path) -> None:
    with fresh_database(kind, tmp_path) as url:
        server = LiveServer(url, tmp_path / "server.log").start()
        try:
            exercise = create(server.url, SEATS, groups=2, seed=5)
            tokens = exercise["tokens"]["2"]
            clients = {seat: seat_client(server.url, t) for seat, t in tokens.items()}
            sent = []
            for _ in range(3):
                move = step(clients)
                assert move is not None and move[2]["applied"]
                sent.append(move[:2])
            server.kill()
            server.start()
            clients = {seat: seat_client(server.url, t) for seat, t in tokens.items()}
            for seat, action in sent:  # retries after the crash: none is applied again
                reply = clients[seat].post("/api/seat/actions", json=action).json()
                assert reply["applied"] is False
            while (move := step(clients)) is not None:
                sent.append(move[:2])
            state = clients["Israel"].get("/api/seat").json()
            assert state["status"] == "agreement"
            organiser = {"Authorization": f"Bearer {exercise['organiser_token']}"}
            path = f"/api/exercises/{exercise['exercise']}/groups/2/events"
            events = httpx.get(server.url + path, headers=organiser, timeout=30).json()
        finally:
            server.stop()
    human = [e for e in events if e["sender"] in ("Israel", "Hamas")]
    assert len(human) == len(sent) == 6  # report, propose and answer, each once per party
    assert events == _uninterrupted(sent, seed=6)  # group 2 plays seed 5 + 1


def test_every_session_of_a_class_resumes_after_a_kill(tmp_path: Path) -> None:
    with fresh_database("sqlite", tmp_path) as url:
        server = LiveServer(url, tmp_path / "server.log").start()
        try:
            exercise = create(server.url, SEATS, groups=3)
            groups = {g: {s: seat_client(server.url, t) for s, t in seats.items()}
                      for g, seats in exercise["tokens"].items()}  # fmt: skip
            for g, clients in groups.items():
                for _ in range(int(g)):  # each group at a different point
                    assert step(clients) is not None
            before = {g: c["Hamas"].get("/api/seat").json()["step"] for g, c in groups.items()}
            server.kill()
            server.start()
            for g, tokens in exercise["tokens"].items():
                after = seat_client(server.url, tokens["Hamas"]).get("/api/seat").json()
                assert after["step"] == before[g]
        finally:
            server.stop()

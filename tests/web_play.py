"""Playing seats through the JSON API, as any program would: create an exercise, then for a
seat whose turn it is, choose an action (report the truth, propose your best, compose the
Nash mediator's suggestion, accept what is worth at least your reservation value)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

FLAGSHIP: dict[str, Any] = {
    "scenario": "gaza-ceasefire-2024",
    "protocol": "shuttle",
    "drop_red_lines": ["Israel:philadelphi_corridor"],
}


def create(url: str, seats: dict[str, str], groups: int = 1, **more: Any) -> dict[str, Any]:
    """A new exercise of the flagship (unless `more` says otherwise); the server's answer."""
    body = {**FLAGSHIP, "seats": seats, "groups": groups, **more}
    reply = httpx.post(f"{url}/api/exercises", json=body, timeout=60)
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


def seat_client(url: str, token: str) -> httpx.Client:
    """A client speaking for one seat."""
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60)


def choose(
    client: httpx.Client, state: dict[str, Any], text: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The action this simple player takes for the request in `state` (a human mediator's
    seat composes `text`, else what the Nash mediator suggests)."""
    request = state["request"]
    action: dict[str, Any] = {"key": uuid.uuid4().hex, "action": request["action"]}
    kind = request["action"]
    if kind == "report":
        action["report"] = "truth"
    elif kind == "propose":
        action["outcome"] = state["best"]
    elif kind == "compose":
        suggested = client.post("/api/seat/suggest", json={"strategy": "nash"}).json()
        action["outcome"] = text or suggested["outcome"]
    elif kind in ("respond", "counter"):
        worth = state["current_utility"] >= state["brief"]["reservation_value"]
        action["response"] = "accept" if worth else ("reject" if kind == "respond" else "walk_away")
    elif kind in ("vote", "adopt"):
        action["approve"] = True
    return action


def step(
    clients: dict[str, httpx.Client], text: dict[str, Any] | None = None
) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
    """One move by whichever seat's turn it is: (seat, action sent, reply); None if no seat
    may act (the session has ended, or waits for nobody here)."""
    for seat, client in clients.items():
        state = client.get("/api/seat").json()
        if state["your_turn"]:
            action = choose(client, state, text)
            reply = client.post("/api/seat/actions", json=action)
            assert reply.status_code == 200, reply.text
            return seat, action, reply.json()
    return None

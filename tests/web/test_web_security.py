"""The security model, tested on the app itself (in process, over a real SQLite database) and,
for the logs, on a real server: a token grants one seat's view and actions only; forged and
missing tokens are refused; malformed and oversized requests get 4xx with a clear message;
forms need their CSRF token; errors reach clients without traces; texts are escaped; tokens
never reach the logs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, update
from web_server import LiveServer

from dragoman.web.app import create_app
from dragoman.web.db import ActionRow
from dragoman.web.security import redact
from dragoman.web.spec import MAX_BODY_BYTES

SEATS = {"Israel": "human", "Hamas": "human", "US": "human", "Egypt": "nash", "Qatar": "relay"}
FLAGSHIP = {"scenario": "gaza-ceasefire-2024", "protocol": "shuttle", "seats": SEATS}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, Any]]]:
    app = create_app(f"sqlite:///{tmp_path / 'web.db'}")
    with TestClient(app, raise_server_exceptions=False) as client:
        exercise = client.post("/api/exercises", json=FLAGSHIP).json()
        yield client, exercise


def _as(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _tokens(exercise: dict[str, Any]) -> dict[str, str]:
    return dict(exercise["tokens"]["1"])


def _report(client: TestClient, token: str) -> None:
    body = {"key": f"report-{token[:10]}", "action": "report", "report": "truth"}
    reply = client.post("/api/seat/actions", headers=_as(token), json=body)
    assert reply.status_code == 200, reply.text


def test_a_seat_sees_its_own_brief_only(site: tuple[TestClient, dict[str, Any]]) -> None:
    client, exercise = site
    tokens = _tokens(exercise)
    israel = client.get("/api/seat", headers=_as(tokens["Israel"]))
    assert israel.json()["brief"]["party"] == "Israel"
    # Hamas's own words for its valuations appear nowhere in what Israel receives
    assert "increasing from 2 to 8" not in israel.text  # Hamas on ceasefire_weeks
    assert "full_withdrawal: 1" not in israel.text  # Hamas on the corridor
    assert client.get("/api/seat", headers=_as(tokens["US"])).json()["brief"] is None


def test_a_seat_sees_its_own_events_only(site: tuple[TestClient, dict[str, Any]]) -> None:
    client, exercise = site
    tokens = _tokens(exercise)
    _report(client, tokens["Israel"])
    _report(client, tokens["Hamas"])  # to Egypt and Qatar, who pass it on to the US
    israel = client.get("/api/seat/events", headers=_as(tokens["Israel"])).json()
    assert israel and all(e["sender"] in ("", "Israel") for e in israel)
    assert all("scenario" not in e["data"] for e in israel)  # the start holds every brief
    us = client.get("/api/seat/events", headers=_as(tokens["US"])).json()
    assert [e["data"].get("origin") for e in us if e["kind"] == "consult"] == ["Hamas"]


def test_a_seat_cannot_act_for_another(site: tuple[TestClient, dict[str, Any]]) -> None:
    client, exercise = site
    tokens = _tokens(exercise)
    body = {"key": "hamas-turn-1", "action": "report", "report": "truth"}
    reply = client.post("/api/seat/actions", headers=_as(tokens["Hamas"]), json=body)
    assert reply.status_code == 409 and "not your turn" in reply.json()["detail"]
    _report(client, tokens["Israel"])
    reply = client.post("/api/seat/actions", headers=_as(tokens["Israel"]), json=body)
    assert reply.status_code == 409  # Israel's token acts for Israel, never for Hamas


def test_a_seat_page_needs_its_own_cookie(site: tuple[TestClient, dict[str, Any]]) -> None:
    client, exercise = site
    tokens = _tokens(exercise)
    hamas_page = client.get(exercise["groups"][0]["seats"]["Hamas"], follow_redirects=False)
    hamas_id = int(hamas_page.headers["location"].rsplit("/", 1)[1])
    client.cookies.clear()
    client.get(exercise["groups"][0]["seats"]["Israel"])  # Israel's cookie, for Israel's page
    assert client.get(f"/seat/{hamas_id}").status_code == 403
    client.cookies.set(f"dragoman_seat_{hamas_id}", tokens["Israel"])  # Israel's token, forged
    assert client.get(f"/seat/{hamas_id}").status_code == 403


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/api/seat", {}, 403),
        ("/api/seat", {"Authorization": "Bearer forged-token-aaaaaaaaaaaaaaaaaaaaaaaa"}, 403),
        ("/api/seat", {"Authorization": "Basic Zm9vOmJhcg=="}, 403),
        ("/api/seat/events", {}, 403),
        ("/api/exercises/1", {}, 403),
        ("/join/forged", {}, 404),
        ("/organise/forged", {}, 404),
        ("/seat/1", {}, 403),
        ("/exercise/1", {}, 403),
    ],
)
def test_forged_and_missing_tokens_are_refused(
    site: tuple[TestClient, dict[str, Any]], path: str, headers: dict[str, str], status: int
) -> None:
    client, _ = site
    client.cookies.clear()
    reply = client.get(path, headers=headers)
    assert reply.status_code == status and reply.json()["detail"]


def test_tokens_do_not_cross_roles(site: tuple[TestClient, dict[str, Any]]) -> None:
    client, exercise = site
    seat, organiser = _tokens(exercise)["Israel"], exercise["organiser_token"]
    assert (
        client.get(f"/api/exercises/{exercise['exercise']}", headers=_as(seat)).status_code == 403
    )
    assert client.get("/api/seat", headers=_as(organiser)).status_code == 403
    reply = client.get(f"/api/exercises/{exercise['exercise']}", headers=_as(organiser))
    assert reply.status_code == 200 and len(reply.json()["groups"]) == 1


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"action": "report", "report": "truth"}, "key: Field required"),
        ({"key": "short", "action": "report"}, "key: String should match pattern"),
        ({"key": "k" * 20, "action": "dance"}, "action: Input should be"),
        ({"key": "k" * 20, "action": "report", "extra": 1}, "extra: Extra inputs"),
        ({"key": "k" * 20, "action": "report"}, "needs report (truth, none or custom)"),
        ({"key": "k" * 20, "action": "message", "to": "Hamas", "text": "hi"}, "no channel"),
        ({"key": "k" * 20, "action": "message", "to": "US", "text": " "}, "needs a text"),
        (  # true/false is no issue value (lax validation had taken true as 1)
            {"key": "k" * 20, "action": "propose", "outcome": {"hostages_phase1": True}},
            "outcome.hostages_phase1: an issue's value is text or a number, not true or false",
        ),
    ],
)
def test_malformed_actions_get_a_clear_4xx(
    site: tuple[TestClient, dict[str, Any]], body: dict[str, Any], words: str
) -> None:
    client, exercise = site
    reply = client.post("/api/seat/actions", headers=_as(_tokens(exercise)["Israel"]), json=body)
    assert 400 <= reply.status_code < 500 and words in reply.json()["detail"], reply.text


def test_a_proposal_naming_an_unknown_issue_is_refused(
    site: tuple[TestClient, dict[str, Any]],
) -> None:
    client, exercise = site
    tokens = _tokens(exercise)
    _report(client, tokens["Israel"])
    _report(client, tokens["Hamas"])
    body = {"key": "propose-bad-1", "action": "propose", "outcome": {"colour": "red"}}
    reply = client.post("/api/seat/actions", headers=_as(tokens["Israel"]), json=body)
    assert reply.status_code == 422 and "unknown issues ['colour']" in reply.json()["detail"]


def test_the_calculator_takes_no_true_or_false_for_a_value(
    site: tuple[TestClient, dict[str, Any]],
) -> None:
    client, exercise = site
    body = {"outcome": {"hostages_phase1": True}}
    reply = client.post("/api/seat/evaluate", headers=_as(_tokens(exercise)["Israel"]), json=body)
    message = "an issue's value is text or a number, not true or false"
    assert reply.status_code == 422
    assert reply.json() == {
        "detail": f"outcome.hostages_phase1: {message}",
        "problems": [{"message": message, "field": "outcome.hostages_phase1"}],
    }


def test_bodies_that_are_not_json_or_too_large_are_refused(
    site: tuple[TestClient, dict[str, Any]],
) -> None:
    client, exercise = site
    headers = {**_as(_tokens(exercise)["Israel"]), "Content-Type": "application/json"}
    reply = client.post("/api/seat/actions", headers=headers, content=b"{not json")
    assert reply.status_code == 422
    assert "the body is not JSON (Expecting property name" in reply.json()["detail"]
    big = b'{"key": "' + b"k" * (MAX_BODY_BYTES + 10) + b'"}'
    reply = client.post("/api/seat/actions", headers=headers, content=big)
    assert reply.status_code == 413 and "larger than" in reply.json()["detail"]


def test_an_invalid_upload_names_the_line_and_the_field(
    site: tuple[TestClient, dict[str, Any]],
) -> None:
    client, _ = site
    text = (
        "format_version: 1\nmetadata:\n  title: Bad\nissues:\n  - name: price\n"
        "    kind: integer\n    min: 5\n    max: two\n"
    )
    reply = client.post("/api/exercises", json={"scenario_yaml": text, "protocol": "alternating"})
    assert reply.status_code == 422
    problems = reply.json()["problems"]
    assert any(p.get("line") == 8 and "issues[0]" in (p.get("field") or "") for p in problems), (
        problems
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"scenario": "pie-split", "seats": {"M": "nash"}},
         "seats: M: no such party or mediator in 'Split the pie"),
        ({"scenario": "gaza-ceasefire-2024", "protocol": "single-text", "seats": {"US": "human"}},
         "seats.US: the single-text protocol does not seat US"),
    ],
)  # fmt: skip
def test_a_seat_the_exercise_cannot_fill_is_refused_in_the_forms_words(
    site: tuple[TestClient, dict[str, Any]], body: dict[str, Any], message: str
) -> None:
    """A name that is no seat was left out silently; faults name `seats`, not CLI options."""
    client, _ = site
    reply = client.post("/api/exercises", json=body)
    assert reply.status_code == 422
    (problem,) = reply.json()["problems"]
    assert problem["message"].startswith(message), problem
    assert "--" not in problem["message"]


def test_an_upload_through_the_form_is_validated(site: tuple[TestClient, dict[str, Any]]) -> None:
    client, _ = site
    client.get("/")  # the form's CSRF cookie
    csrf = client.cookies["dragoman_form"]
    files = {
        "scenario_file": ("mine.yaml", b"format_version: 1\nissues: [\n", "application/x-yaml")
    }
    reply = client.post("/exercises", data={"csrf": csrf, "protocol": "alternating"}, files=files)
    assert reply.status_code == 422 and "The exercise was not created" in reply.text
    assert re.search(r"line|:\d+", reply.text)
    assert client.post("/exercises", data={"protocol": "alternating"}).status_code == 403


def test_forms_need_their_csrf_token(site: tuple[TestClient, dict[str, Any]]) -> None:
    client, exercise = site
    page = client.get(exercise["groups"][0]["seats"]["Israel"])
    seat_id = page.url.path.rsplit("/", 1)[1]
    form = {"action": "report", "report": "truth", "key": "form-report-1"}
    assert client.post(f"/seat/{seat_id}/act", data=form).status_code == 403
    assert client.post(f"/seat/{seat_id}/act", data={**form, "csrf": "wrong"}).status_code == 403
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    reply = client.post(f"/seat/{seat_id}/act", data={**form, "csrf": csrf}, follow_redirects=False)
    assert reply.status_code == 303


def test_texts_from_people_are_escaped(site: tuple[TestClient, dict[str, Any]]) -> None:
    client, exercise = site
    tokens = _tokens(exercise)
    text = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    body = {"key": "message-xss-1", "action": "message", "to": "US", "text": text}
    assert (
        client.post("/api/seat/actions", headers=_as(tokens["Israel"]), json=body).status_code
        == 200
    )
    page = client.get(exercise["groups"][0]["seats"]["US"])
    assert "&lt;script&gt;" in page.text and "<script>alert" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_an_internal_error_reaches_the_client_as_an_id_only(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    with TestClient(create_app(url), raise_server_exceptions=False) as client:
        exercise = client.post("/api/exercises", json=FLAGSHIP).json()
        token = _tokens(exercise)["Israel"]
        body = {"key": "message-ok-1", "action": "message", "to": "US", "text": "hello"}
        assert client.post("/api/seat/actions", headers=_as(token), json=body).status_code == 200
    engine = create_engine(url)  # the record is damaged behind the server's back
    with engine.begin() as connection:
        connection.execute(update(ActionRow).values(payload={"text": "no addressee"}))
    with TestClient(create_app(url), raise_server_exceptions=False) as client:
        reply = client.get("/api/seat", headers=_as(token))
    assert reply.status_code == 500
    assert re.fullmatch(r"internal error \(id [0-9a-f]{12}\)", reply.json()["detail"])
    assert "Traceback" not in reply.text and "KeyError" not in reply.text


def test_redaction_removes_tokens_from_any_line() -> None:
    token = "x" * 20 + "-" + "y" * 22
    assert token not in redact(f'GET /join/{token} HTTP/1.1" 303')
    assert token not in redact(f"GET /organise/{token}")
    assert token not in redact(f"something {token} happened")
    assert redact("GET /api/seat HTTP/1.1") == "GET /api/seat HTTP/1.1"


def test_tokens_never_reach_the_server_log(tmp_path: Path) -> None:
    server = LiveServer(f"sqlite:///{tmp_path / 'web.db'}", tmp_path / "server.log").start()
    try:
        exercise = httpx.post(f"{server.url}/api/exercises", json=FLAGSHIP, timeout=30).json()
        with httpx.Client(base_url=server.url, timeout=30) as browser:
            browser.get(exercise["groups"][0]["seats"]["Israel"])  # /join/TOKEN
            browser.get(exercise["organiser"])  # /organise/TOKEN
            browser.get("/join/" + "z" * 43)  # a forged one, refused and logged
        tokens = [*_tokens(exercise).values(), exercise["organiser_token"]]
        httpx.get(f"{server.url}/api/seat", headers=_as(tokens[0]), timeout=30)
    finally:
        server.stop()
    log = server.log()
    assert "/join/[token]" in log and "/organise/[token]" in log
    assert not [t for t in tokens if t in log]
    assert "z" * 43 not in log


def test_every_refusal_has_the_same_shape_and_names_fields_as_sent(
    site: tuple[TestClient, dict[str, Any]],
) -> None:
    client, exercise = site
    token = _tokens(exercise)["Israel"]
    refused = [
        client.post("/api/seat/actions", headers=_as(token), json={"key": "k", "action": "x"}),
        client.post("/api/seat/actions", headers=_as(token), json={"key": "propose-1"}),
        client.get("/api/seat", headers=_as("not-a-token")),
        client.post("/api/exercises", json={"scenario": "nowhere", "protocol": "shuttle"}),
        client.post(
            "/api/seat/evaluate", headers=_as(token), json={"outcome": {"hostages_phase1": [1]}}
        ),
    ]
    for reply in refused:
        body = reply.json()
        assert 400 <= reply.status_code < 500 and set(body) == {"detail", "problems"}, body
        assert all(not (p.get("field") or "").startswith("body") for p in body["problems"])
    fields = {p["field"] for p in refused[0].json()["problems"]}
    assert fields == {"key", "action"}
    assert "not a JSON array" in refused[4].json()["detail"]

"""End to end in a real browser: two people at the party seats and one at a mediator's play
the flagship's shuttle protocol (Israel's corridor red line dropped) to an agreement, each in
their own browser context; each page shows only its own brief and its own events, updates
arrive live with no reload, the debrief shows the plot, and the class dashboard two groups.

With DRAGOMAN_SCREENSHOTS=folder set, the test also saves the pages shown in the README."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_browser import browser
from web_play import seat_client, step
from web_server import LiveServer, fresh_database

import dragoman

SEATS = "Israel=human\nHamas=human\nUS=human\nEgypt=nash\nQatar=bridging"
SHOTS = os.environ.get("DRAGOMAN_SCREENSHOTS")
_END_KINDS = {"start", "round", "agreement", "breakdown", "deadline", "error"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("browser")
    with fresh_database("sqlite", folder) as url:
        live = LiveServer(url, folder / "server.log").start()
        yield live
        live.stop()
        print(live.log()[-5000:])  # shown when a test failed


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    yield from browser()


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _turn(page: Any, action: str) -> None:
    """Wait until the page says it is this seat's turn to `action` (a live update)."""
    page.wait_for_selector(f"#your-turn:has-text('{action}')", timeout=30_000)


def _own_events_only(page: Any, seat: str) -> None:
    """Every timeline row is the start, a round, the end, or a message from or to `seat`."""
    rows = page.locator("tr.event").evaluate_all(
        "rows => rows.map(r => [r.dataset.kind, r.dataset.sender, r.dataset.receivers])"
    )
    assert rows
    for kind, sender, receivers in rows:
        assert kind in _END_KINDS or sender == seat or seat in receivers.split(","), rows


def _create(page: Any, url: str) -> dict[tuple[str, str], str]:
    """The organiser fills the form; the invitation links by (group, seat)."""
    page.goto(url + "/")
    page.fill("textarea[name=seats]", SEATS)
    page.fill("input[name=drop_red_lines]", "Israel:philadelphi_corridor")
    page.fill("input[name=groups]", "2")
    page.click("#new-exercise button[type=submit]")
    links = page.locator("a.invitation").evaluate_all(
        "links => links.map(a => [a.dataset.group, a.dataset.seat, a.href])"
    )
    return {(g, s): href for g, s, href in links}


def test_three_people_play_the_flagship_to_an_agreement(server: LiveServer, chromium: Any) -> None:
    organiser = chromium.new_context(viewport={"width": 1300, "height": 900}).new_page()
    links = _create(organiser, server.url)
    assert len(links) == 6  # three human seats in each of two groups
    organiser.click("#organiser-link")
    assert organiser.locator("tr.group").count() == 2
    pages = {}
    for seat in ("Israel", "Hamas", "US"):
        page = chromium.new_context(viewport={"width": 1300, "height": 900}).new_page()
        page.goto(links[("1", seat)])
        page.evaluate("window.__loadedOnce = true")  # gone if the page ever reloads
        pages[seat] = page
    israel, hamas, us = pages["Israel"], pages["Hamas"], pages["US"]
    assert "Israel" in israel.inner_text("#brief") and "Hamas" not in israel.inner_text("#brief")
    assert "mediator" in us.inner_text("#brief") and us.locator("#brief table").count() == 0
    for party in (israel, hamas):
        _turn(party, "report")
        party.click("#report-truth")
    for party in (israel, hamas):
        _turn(party, "propose")
        party.click("#propose")
    _turn(us, "compose")
    assert "Israel" in us.inner_text("#console")  # what the parties sent the mediator
    us.click("#suggest button")
    us.wait_for_selector("#suggestion:has-text('suggests')")
    _shot(us, "mediator-console")
    us.click("#send-text")
    _turn(israel, "respond")
    _shot(israel, "seat-page")
    israel.click("#accept")
    _turn(hamas, "respond")  # the text reached Hamas through Egypt
    hamas.click("#accept")
    for seat, page in pages.items():
        page.wait_for_selector("#debrief-link", timeout=30_000)
        assert page.evaluate("window.__loadedOnce === true"), f"{seat}'s page reloaded"
        _own_events_only(page, seat)
    assert israel.locator("tr.event[data-sender=Hamas]").count() == 0
    assert hamas.locator("tr.event[data-sender=Israel]").count() == 0
    israel.click("#debrief-link")
    plot = israel.locator("#outcome img.plot")
    assert plot.get_attribute("src").startswith("data:image/png;base64,")
    assert israel.locator("#preferences h3").all_inner_texts() == ["Israel", "Hamas"]
    _shot(israel, "debrief")
    _finish_group_two(server.url, links)
    organiser.wait_for_selector("#class-plot", timeout=60_000)  # live: no reload
    statuses = organiser.locator("tr.group .badge").all_inner_texts()
    assert statuses == ["agreement", "agreement"]
    _shot(organiser, "class-dashboard")


def _finish_group_two(url: str, links: dict[tuple[str, str], str]) -> None:
    """Group 2's seats play through the JSON API (the same tokens, from their links); its
    mediator puts the egalitarian solution forward, so its agreement differs from group 1's."""
    scenario = dragoman.load_scenario("gaza-ceasefire-2024").without_red_lines(
        [("Israel", "philadelphi_corridor")]
    )
    text = dragoman.analyze(scenario).solutions["egalitarian"].outcome
    clients = {
        s: seat_client(url, link.rsplit("/", 1)[1]) for (g, s), link in links.items() if g == "2"
    }
    while step(clients, text) is not None:
        pass


def test_accept_on_a_counter_turn_accepts_in_the_browser(server: LiveServer, chromium: Any) -> None:
    """The counter form sends its issue selects with every button: Accept must still accept
    (it used to counter with the selects' outcome)."""
    from web_play import create

    exercise = create(server.url, {"Alice": "human", "Bob": "human"}, scenario="pie-split",
                      protocol="alternating", drop_red_lines=[], steps=10)  # fmt: skip
    tokens = exercise["tokens"]["1"]
    with seat_client(server.url, tokens["Alice"]) as alice:
        opening = {"key": "alice-opens", "action": "propose", "outcome": {"share_for_alice": 60}}
        assert alice.post("/api/seat/actions", json=opening).json()["applied"]
    bob = chromium.new_context(viewport={"width": 1300, "height": 900}).new_page()
    bob.goto(exercise["groups"][0]["seats"]["Bob"])  # an absolute invitation link
    _turn(bob, "counter")
    bob.click("#accept")
    bob.wait_for_selector("#debrief-link", timeout=30_000)
    assert "agreement" in bob.inner_text("#actions")

"""Mediated talks cost the same per step however long they run: every mediator reads what it
heard through one `Hearing` (`strategies/mediators/_hearing.py`), and the shuttle protocol its
mediators' inboxes, from the last message read on (`SeatView.since`), where each used to read
the whole inbox at every step (quadratic in the step budget). The results stay those of the
code before the change (commit 45bd80b), event for event; the hill-climber's `starts` is
bounded by the limit 'starts'. Speed itself is measured in benchmarks/bench_mediated_steps.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest

from dragoman import Scenario, load_scenario
from dragoman.negotiation.events import Event
from dragoman.negotiation.protocols.registry import make_protocol
from dragoman.negotiation.view import Clock, PublicScenario, SeatView
from dragoman.runs.negotiation import NegotiationResult, negotiate
from dragoman.strategies.mediators._hearing import Hearing
from dragoman.strategies.mediators.hill_climber import HillClimber
from dragoman.strategies.registry import StrategyError, make_mediator
from dragoman.strategies.seating import seat_mediators

SCENARIOS = {"gaza": "gaza-ceasefire-2024", "river": "river-basin", "pie": "pie-split"}

#: "scenario protocol mediator agents seed steps": "status agreement steps events digest", as
#: the code before the change played them (the digest: SHA-256 of every event's JSON).
EXPECTED = {
    "gaza single-text bridging boulware 0 300": "deadline None 300 250 a2858a9de33c1e49",
    "gaza single-text hill-climber boulware 0 300": "deadline None 300 250 242c546cb56304c3",
    "gaza single-text nash boulware 0 300": "deadline None 300 185 f228fd56d3621b50",
    "gaza single-text one-text boulware 0 300": "deadline None 300 250 a6fdb70049b70487",
    "gaza single-text relay boulware 0 300": "deadline None 300 5 2ea52e4ed10c6b02",
    "gaza shuttle bridging boulware 0 300": "deadline None 300 449 08a3b1e9f4923b9a",
    "gaza shuttle hill-climber boulware 0 300": "deadline None 300 449 bd3bc4d9c267f25a",
    "gaza shuttle nash boulware 0 300": "deadline None 300 449 0855c51056a25f78",
    "gaza shuttle one-text boulware 0 300": "deadline None 300 449 c98021d5e802401f",
    "gaza shuttle relay boulware 0 300": "deadline None 300 449 40a69777819c390c",
    "river single-text bridging boulware 0 300": "agreement 577 277 201 26ed677d5a564a27",
    "river single-text hill-climber boulware 0 300": "agreement 514 277 203 200d60986537571e",
    "river single-text nash boulware 0 300": "agreement 514 276 198 76df88c51afa6c3e",
    "river single-text one-text boulware 0 300": "agreement 514 277 203 c9697c14c6036114",
    "river single-text relay boulware 0 300": "deadline None 300 6 a14acb330c0eacc1",
    "river shuttle bridging boulware 0 300": "agreement 514 276 357 1579c62d72631c41",
    "river shuttle hill-climber boulware 0 300": "agreement 514 276 357 ec7a6e68ae608819",
    "river shuttle nash boulware 0 300": "agreement 514 276 357 b0aa8e715d15262f",
    "river shuttle one-text boulware 0 300": "agreement 514 276 357 3b1b23f8eb548263",
    "river shuttle relay boulware 0 300": "agreement 244 297 384 833789a2847da2e1",
    "pie single-text bridging boulware 0 300": "agreement 50 269 172 e14e89ffd7b64c19",
    "pie single-text hill-climber boulware 0 300": "agreement 50 269 172 a05779a4119824d3",
    "pie single-text nash boulware 0 300": "agreement 50 269 172 033e888705bea58b",
    "pie single-text one-text boulware 0 300": "agreement 50 269 172 dd4b326a803db8f4",
    "pie single-text relay boulware 0 300": "deadline None 300 4 8f7fa72cec7ffc2c",
    "pie shuttle bridging boulware 0 300": "agreement 50 267 322 4937a2a8a8ad4776",
    "pie shuttle hill-climber boulware 0 300": "agreement 50 267 322 a5cd7ebec8d2e8d0",
    "pie shuttle nash boulware 0 300": "agreement 50 267 322 641cef247fdbeee2",
    "pie shuttle one-text boulware 0 300": "agreement 50 267 322 a18e5d18274cc2df",
    "pie shuttle relay boulware 0 300": "agreement 50 267 322 08c6662dd44f3b77",
    "gaza single-text hill-climber boulware 3 3000": "deadline None 3000 2543 d2fffcfa637e6a8a",
    "gaza shuttle bridging boulware 3 3000": "deadline None 3000 4589 dfbc6e92cc5b35e5",
    "gaza shuttle relay boulware 3 3000": "deadline None 3000 4589 c71f1ae789778b91",
    "gaza single-text hill-climber:temperature=0.5,starts=5 boulware 3 3000": (
        "deadline None 3000 1940 35db59e1e1372171"
    ),
    "gaza single-text nash boulware 3 3000": "deadline None 3000 1874 41964acbc2922412",
    "river single-text bridging boulware 4 2000": "agreement 577 1836 1289 155b255505a6e879",
    "river shuttle hill-climber:temperature=0.3 boulware 4 2000": (
        "agreement 514 1816 2337 507bc7625c436f84"
    ),
    "river single-text one-text boulware 4 2000": "agreement 514 1811 1275 0b2b32c7cc4caa0d",
    "pie single-text hill-climber conceder 1 300": "agreement 50 77 54 ad528240429c7fae",
    "river shuttle one-text conceder 1 300": "agreement 514 115 150 8f8fc8d69599d95f",
}


def fingerprint(result: NegotiationResult) -> str:
    """How the session ended, and a digest of every event it recorded."""
    digest = hashlib.sha256()
    for event in result.events:
        digest.update(event.to_json().encode() + b"\n")
    ended = (result.status.value, result.agreement, result.steps, len(result.events))
    return " ".join(map(str, ended)) + " " + digest.hexdigest()[:16]


def played(case: str) -> NegotiationResult:
    """The case's negotiation: `mediator` at every mediator's seat the protocol needs."""
    name, protocol, mediator, agents, seed, steps = case.split()
    scenario = load_scenario(SCENARIOS[name])
    seated, _ = seat_mediators(scenario, make_protocol(protocol), {})
    needed = make_protocol(protocol).seats_needed(seated)
    return negotiate(
        scenario,
        protocol,
        agents={p.name: agents for p in scenario.negotiators},
        mediators={m.name: mediator for m in seated.mediators if m.name in needed},
        seed=int(seed),
        steps=int(steps),
    )


@pytest.mark.parametrize("case", list(EXPECTED))
def test_the_results_are_those_of_the_code_before(case: str) -> None:
    assert fingerprint(played(case)) == EXPECTED[case]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many messages each read of a seat's inbox returned, in a list."""
    counted: list[int] = []
    inbox, since = SeatView.inbox, SeatView.since

    def whole(view: SeatView) -> tuple[Event, ...]:
        found = inbox.fget(view)  # type: ignore[attr-defined]
        counted.append(len(found))
        return found  # type: ignore[no-any-return]

    def new(view: SeatView, start: int) -> tuple[Event, ...]:
        found = since(view, start)
        counted.append(len(found))
        return found

    monkeypatch.setattr(SeatView, "inbox", property(whole))
    monkeypatch.setattr(SeatView, "since", new)
    yield counted


@pytest.mark.parametrize("protocol", ["single-text", "shuttle"])
@pytest.mark.parametrize("mediator", ["bridging", "hill-climber", "nash", "one-text", "relay"])
def test_each_message_is_read_a_few_times_however_long_the_talks(
    reads: list[int], protocol: str, mediator: str
) -> None:
    result = played(f"gaza {protocol} {mediator} boulware 0 1500")
    delivered = sum(len(e.receivers) for e in result.events)
    # a mediator's hearing reads each message once, a compose and an adoption share it, and
    # the shuttle protocol reads the mediators' inboxes twice (to consult, to relay)
    assert sum(reads) <= 3 * delivered, (sum(reads), delivered)


def test_a_hearing_read_step_by_step_knows_what_one_read_at_once_does() -> None:
    result = played("river shuttle relay boulware 0 400")
    mediator = "Commission"
    events = [e for e in result.events if mediator in e.receivers]
    scenario = load_scenario("river-basin")
    step_by_step, view = Hearing(), _view(scenario, mediator)
    for k, event in enumerate(events):
        view.deliver(event)
        if k % 7 == 0:
            step_by_step.read(view)
    step_by_step.read(view)
    at_once = Hearing().read(_view(scenario, mediator, events))
    for most in (None, 1, 3):
        assert step_by_step.positions(most) == at_once.positions(most)
    assert step_by_step.reports() == at_once.reports() and step_by_step.reports()
    assert step_by_step.taken() == at_once.taken()
    # read from another view, the hearing starts over
    again = step_by_step.read(_view(scenario, mediator, events[:5]))
    assert again.epoch == 2 and again.positions() == Hearing().read(again.view).positions()


def _view(scenario: Scenario, seat: str, events: list[Event] | None = None) -> SeatView:
    view = SeatView(seat, "mediator", PublicScenario.of(scenario, 400), None, Clock())
    for event in events or []:
        view.deliver(event)
    return view


def test_starts_is_bounded_by_the_limit_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(StrategyError, match=r"starts: too many starting texts \(10,001 > 10,000"):
        make_mediator("hill-climber:starts=10001")
    assert "set DRAGOMAN_MAX_STARTS to change it" in str(_refused(10**9))
    monkeypatch.setenv("DRAGOMAN_MAX_STARTS", "20000")
    assert HillClimber(starts=20_000).starts == 20_000
    with pytest.raises(ValueError, match="starts must be a whole number >= 1"):
        HillClimber(starts=2.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="starts must be a whole number >= 1"):
        HillClimber(starts=0)


def _refused(starts: int) -> Exception:
    with pytest.raises(ValueError) as caught:
        HillClimber(starts=starts)
    return caught.value

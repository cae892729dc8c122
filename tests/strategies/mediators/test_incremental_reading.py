"""Mediated talks cost the same per step however long they run: every mediator reads what it
heard through one `Hearing` (`strategies/mediators/_hearing.py`), and the shuttle protocol its
mediators' inboxes, from the last message read on (`SeatView.since`), where each used to read
the whole inbox at every step (quadratic in the step budget). The results stay those of the
code before the change (commit 45bd80b), event for event; the hill-climber's `starts` is
bounded by the limit 'starts'. Speed itself is measured in benchmarks/bench_mediated_steps.py.
"""

from __future__ import annotations

import pytest
from agent_sessions import fingerprint

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
#: the code before the change played them (the digest: SHA-256 of every event's JSON, the
#: start's scenario text left out; checked equal on the code before the change).
EXPECTED = {
    "gaza single-text bridging boulware 0 300": "deadline None 300 250 1c1ad817f2126cd2",
    "gaza single-text hill-climber boulware 0 300": "deadline None 300 250 71f2b0b4d87b6d68",
    "gaza single-text nash boulware 0 300": "deadline None 300 185 1e69949591f1833c",
    "gaza single-text one-text boulware 0 300": "deadline None 300 250 74596332a994fcfe",
    "gaza single-text relay boulware 0 300": "deadline None 300 5 33d4b7af7cdd5d4d",
    "gaza shuttle bridging boulware 0 300": "deadline None 300 449 c68c45267cd606a2",
    "gaza shuttle hill-climber boulware 0 300": "deadline None 300 449 0e98c4bbb97876ff",
    "gaza shuttle nash boulware 0 300": "deadline None 300 449 3ca57a3afba022b4",
    "gaza shuttle one-text boulware 0 300": "deadline None 300 449 7e39679861669201",
    "gaza shuttle relay boulware 0 300": "deadline None 300 449 76d5067c28f6b79c",
    "river single-text bridging boulware 0 300": "agreement 577 277 201 3b171dabed8ff60a",
    "river single-text hill-climber boulware 0 300": "agreement 514 277 203 79764975624569e7",
    "river single-text nash boulware 0 300": "agreement 514 276 198 45bce247f8966504",
    "river single-text one-text boulware 0 300": "agreement 514 277 203 8a6c333528001bc7",
    "river single-text relay boulware 0 300": "deadline None 300 6 f335b86affe5a241",
    "river shuttle bridging boulware 0 300": "agreement 514 276 357 007edf3c5c9e7213",
    "river shuttle hill-climber boulware 0 300": "agreement 514 276 357 1994157c94e5ea59",
    "river shuttle nash boulware 0 300": "agreement 514 276 357 9431d6bbd1d8da43",
    "river shuttle one-text boulware 0 300": "agreement 514 276 357 8a4a4384b51b3207",
    "river shuttle relay boulware 0 300": "agreement 244 297 384 532fa4012b518668",
    "pie single-text bridging boulware 0 300": "agreement 50 269 172 fd4072c15d448f03",
    "pie single-text hill-climber boulware 0 300": "agreement 50 269 172 d5323c5b991ebf02",
    "pie single-text nash boulware 0 300": "agreement 50 269 172 fa09a4b6720225a3",
    "pie single-text one-text boulware 0 300": "agreement 50 269 172 74ea0fc6ca22f7bb",
    "pie single-text relay boulware 0 300": "deadline None 300 4 b9e185cd4eb3b549",
    "pie shuttle bridging boulware 0 300": "agreement 50 267 322 a6c5b950e58b0491",
    "pie shuttle hill-climber boulware 0 300": "agreement 50 267 322 e2fc28a5b3f7d46a",
    "pie shuttle nash boulware 0 300": "agreement 50 267 322 067f3af06b0e7994",
    "pie shuttle one-text boulware 0 300": "agreement 50 267 322 ceb1d77d161c2829",
    "pie shuttle relay boulware 0 300": "agreement 50 267 322 c1810a2dc72946bc",
    "gaza single-text hill-climber boulware 3 3000": "deadline None 3000 2543 8a91f98c38ba8a66",
    "gaza shuttle bridging boulware 3 3000": "deadline None 3000 4589 ee40b8d47e927a18",
    "gaza shuttle relay boulware 3 3000": "deadline None 3000 4589 79718198569a98c8",
    "gaza single-text hill-climber:temperature=0.5,starts=5 boulware 3 3000": (
        "deadline None 3000 1940 4b7751c52f2a1807"
    ),
    "gaza single-text nash boulware 3 3000": "deadline None 3000 1874 b6eae867d4bb4236",
    "river single-text bridging boulware 4 2000": "agreement 577 1836 1289 e6608936feabfd35",
    "river shuttle hill-climber:temperature=0.3 boulware 4 2000": (
        "agreement 514 1816 2337 d2443655fc01108f"
    ),
    "river single-text one-text boulware 4 2000": "agreement 514 1811 1275 1065a2d0f7823d07",
    "pie single-text hill-climber conceder 1 300": "agreement 50 77 54 737202b073bdb063",
    "river shuttle one-text conceder 1 300": "agreement 514 115 150 75b452c240911489",
}


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

"""The conformance check every protocol must pass (OpenSpiel's `random_sim_test` idea).

`check_protocol(protocol_or_name)` runs the protocol with scripted and simple agents (and the
registered mediators in turn) on built-in and random scenarios, and raises AssertionError
listing every breach: `seats_needed` that names unknown or repeated seats, leaves a party out or
answers twice differently; a request to a seat without a seat or for an action its role cannot
take; an outcome that does not exist; a message on a channel that does not exist or to a seat
not at the table; an inbox holding messages not addressed to its seat; an end event that is not
last and only; time running back; an agreement without every party's support; two runs with the
same seed that differ; and anything that escapes the session.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial

import numpy as np

from dragoman.errors import ProtocolError
from dragoman.io.scenario_file import load_scenario
from dragoman.model.scenario import Scenario
from dragoman.negotiation.protocols.registry import make_protocol
from dragoman.negotiation.requests import Action, Request
from dragoman.negotiation.session import Context, NegotiationProtocol, ProtocolRun, Seat
from dragoman.negotiation.strategy import Agent
from dragoman.strategies.registry import make_agent, make_mediator, mediator_names
from dragoman.testing.scenarios import random_scenario
from dragoman.testing.scripted import ScriptedAgent
from dragoman.testing.trials import fail_on, play_twice

__all__ = ["LINE_UPS", "check_protocol"]

_AGENT_ACTIONS = frozenset(
    {Action.PROPOSE, Action.RESPOND, Action.COUNTER, Action.CRITIQUE, Action.VOTE, Action.REPORT}
)
_MEDIATOR_ACTIONS = frozenset({Action.COMPOSE, Action.ADOPT})
_ON_AN_OFFER = frozenset(
    {Action.RESPOND, Action.COUNTER, Action.CRITIQUE, Action.VOTE, Action.ADOPT}
)
_YES = ("accept",) * 1000


def _stubborn(k: int) -> Agent:
    return ScriptedAgent()  # offers its best, rejects everything


def _agreeable(k: int) -> Agent:
    return ScriptedAgent(responses=_YES)  # offers its best, accepts everything


def _walks_out(k: int) -> Agent:
    return ScriptedAgent(responses=("reject", "walk_away")) if k == 0 else _agreeable(k)


#: Agents for the parties: the k-th party's agent, by line-up.
LINE_UPS: Mapping[str, Callable[[int], Agent]] = {
    "stubborn": _stubborn,
    "agreeable": _agreeable,
    "walk-out": _walks_out,
    "conceders": lambda k: make_agent("conceder"),
    "mixed": lambda k: make_agent(("random", "boulware", "linear")[k % 3]),
}


class _WatchedProtocol:
    """Passes everything to `inner`, noting each request or result that breaks the rules."""

    def __init__(self, inner: NegotiationProtocol, problems: list[str]) -> None:
        self._inner, self._problems = inner, problems

    @property
    def name(self) -> str:
        """The inner protocol's name."""
        return self._inner.name

    def seats_needed(self, scenario: Scenario) -> tuple[str, ...]:
        """The inner protocol's seats."""
        return self._inner.seats_needed(scenario)

    def run(self, ctx: Context) -> ProtocolRun:
        """The inner protocol's run, each request and the result checked on the way."""
        roles = {name: ctx.scenario.party(name).role for name in self.seats_needed(ctx.scenario)}
        size = ctx.public.outcome_space.size
        run = self._inner.run(ctx)
        try:
            request = next(run)
            while True:
                self._problems.extend(_request_breaches(request, roles, size))
                answer = yield request
                request = run.send(answer)
        except StopIteration as stop:
            if stop.value is not None and not _exists(stop.value, size):
                self._problems.append(f"the protocol agreed on {stop.value!r}, no outcome")
            return stop.value  # type: ignore[no-any-return]
        finally:
            run.close()


def _exists(outcome: object, size: int) -> bool:
    return isinstance(outcome, int | np.integer) and 0 <= int(outcome) < size


def _request_breaches(request: Request, roles: Mapping[str, str], size: int) -> list[str]:
    """What is wrong with a request: its seat, its action for the seat's role, its outcomes."""
    seat, action = request.seat, request.action
    if seat not in roles:
        return [f"asked {seat!r} to {action}, who has no seat"]
    allowed = _AGENT_ACTIONS if roles[seat] == "party" else _MEDIATOR_ACTIONS
    problems = [] if action in allowed else [f"asked {roles[seat]} {seat} to {action}"]
    if action in _ON_AN_OFFER and not _exists(request.offer, size):
        problems.append(f"asked {seat} to {action} on {request.offer!r}, no outcome")
    if request.current is not None and not _exists(request.current, size):
        problems.append(f"asked {seat} to {action} against {request.current!r}, no outcome")
    return problems


def _seating(protocol: NegotiationProtocol, scenario: Scenario) -> tuple[bool, list[str]]:
    """Whether the protocol runs on `scenario`, and what is wrong with the seats it needs."""
    try:
        needed = protocol.seats_needed(scenario)
    except ProtocolError:
        return False, []  # it may refuse a scenario it cannot run
    except Exception as exc:
        return False, [f"seats_needed raised {type(exc).__name__}: {exc}"]
    names = {p.name for p in scenario.parties}
    problems = [f"seats_needed names {n!r}, no party or mediator" for n in needed if n not in names]
    problems += [
        f"seats_needed leaves out {p.name}" for p in scenario.negotiators if p.name not in needed
    ]
    if len(set(needed)) != len(needed):
        problems.append(f"seats_needed repeats a seat: {needed}")
    if protocol.seats_needed(scenario) != needed:
        problems.append("seats_needed gives two answers for one scenario")
    return not problems, problems


def _seats(
    scenario: Scenario, needed: Sequence[str], agent: Callable[[int], Agent], mediator: str
) -> dict[str, Seat]:
    parties = [p.name for p in scenario.negotiators]
    return {
        name: agent(parties.index(name)) if name in parties else make_mediator(mediator)
        for name in needed
    }


def _scenarios(seed: int) -> list[Scenario]:
    gaza = load_scenario("gaza-ceasefire-2024")
    return [
        load_scenario("pie-split"),
        load_scenario("river-basin"),
        gaza.without_red_lines([("Israel", "philadelphi_corridor")]),
        random_scenario(np.random.default_rng(seed)),
        random_scenario(np.random.default_rng(seed + 1), parties=3, mediators=2),
    ]


def _line_ups(protocol: NegotiationProtocol, scenario: Scenario, j: int, seed: int) -> list[str]:
    """Every line-up of agents plays `scenario` twice, the registered mediators taking turns
    (the `j`-th scenario starts with the `j`-th): the breaches of each, and where."""
    mediators, needed = mediator_names(), protocol.seats_needed(scenario)
    problems = []
    for k, (line_up, agent) in enumerate(LINE_UPS.items()):
        mediator = mediators[(j + k) % len(mediators)]
        requests: list[str] = []
        seats = partial(_seats, scenario, needed, agent, mediator)
        _, broken = play_twice(scenario, _WatchedProtocol(protocol, requests), seats, seed + k)
        where = f"'{scenario.metadata.title}', {line_up} agents, {mediator} mediators"
        problems += [f"{where}: {p}" for p in [*requests, *broken]]
    return problems


def check_protocol(protocol_or_name: NegotiationProtocol | str, seed: int = 0) -> None:
    """Run the conformance checks on a protocol (or the one registered under a name);
    AssertionError lists every breach."""
    if isinstance(protocol_or_name, str):
        protocol = make_protocol(protocol_or_name)
        problems = [] if protocol.name == protocol_or_name else [f"is named {protocol.name!r}"]
    else:
        protocol, problems = protocol_or_name, []
    if not isinstance(protocol.name, str) or not protocol.name:
        problems.append("has no name")
    ran = 0
    for j, scenario in enumerate(_scenarios(seed)):
        runs, found = _seating(protocol, scenario)
        problems += [f"on '{scenario.metadata.title}': {p}" for p in found]
        if runs:
            ran += 1
            problems += _line_ups(protocol, scenario, j, seed)
    if not ran:
        problems.append("runs on none of the check's scenarios")
    fail_on(f"protocol {protocol.name!r}", problems)

"""Who sits where: strategies for every seat a protocol needs, from explicit choices, the
scenario's `seats` section, or defaults; the same rules for the CLI, files and the web app."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dragoman.errors import Problem, ProtocolError
from dragoman.model.checks import unknown
from dragoman.model.partial import Parts
from dragoman.model.scenario import Scenario
from dragoman.negotiation.session import NegotiationProtocol, QueuedSeat, Seat
from dragoman.negotiation.strategy import Agent, Mediator
from dragoman.strategies.registry import StrategyError, make_agent, make_mediator

__all__ = ["DEFAULT_AGENT", "DEFAULT_MEDIATOR", "build_seats", "check_seats", "parse_assignments"]

DEFAULT_AGENT = "boulware"
DEFAULT_MEDIATOR = {"shuttle": "bridging", "single-text": "hill-climber"}


def parse_assignments(items: Sequence[str], what: str) -> dict[str, str]:
    """`NAME=SPEC` items (from --agent / --mediator) as {name: spec}."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, spec = item.partition("=")
        if not sep or not name.strip() or not spec.strip():
            raise ProtocolError(f"--{what} {item!r}: write {what.upper()}=STRATEGY[:k=v,...]")
        out[name.strip()] = spec.strip()
    return out


def build_seats(
    scenario: Scenario,
    protocol: NegotiationProtocol,
    agents: Mapping[str, str | Agent] = {},
    mediators: Mapping[str, str | Mediator] = {},
    humans: Sequence[str] = (),
) -> dict[str, Seat]:
    """A seat for every party and mediator the protocol needs: strategies given by name
    (`NAME[:k=v,...]`) or as instances, the scenario's `seats`, else the defaults."""
    needed = protocol.seats_needed(scenario)
    roles = {p.name: p.role for p in scenario.parties}
    for name, given, role in [
        *((n, "--agent", "party") for n in agents),
        *((n, "--mediator", "mediator") for n in mediators),
        *((n, "--human", "any") for n in humans),  # a person may sit at a party or mediate
    ]:
        if name not in roles:
            raise ProtocolError(f"{given} {name}: no such party or mediator ({', '.join(roles)})")
        if role != "any" and roles[name] != role:
            raise ProtocolError(f"{given} {name}: {name} is a {roles[name]}, not a {role}")
        if name not in needed:
            raise ProtocolError(
                f"{given} {name}: the {protocol.name} protocol does not seat {name}"
            )
    seats: dict[str, Seat] = {}
    for name in needed:
        explicit = (agents if roles[name] == "party" else mediators).get(name)
        if name in humans:
            seats[name] = QueuedSeat()
        elif isinstance(explicit, Agent | Mediator):
            seats[name] = explicit
        else:
            seats[name] = _strategy(scenario, protocol, name, roles[name], explicit)
    return seats


def _strategy(
    scenario: Scenario, protocol: NegotiationProtocol, name: str, role: str, spec: str | None
) -> Agent | Mediator:
    """The strategy named for a seat: given, else the scenario's default, else ours."""
    default = scenario.seats.get(name)
    if spec is not None:
        strategy, params = spec, {}
    elif default is not None:
        strategy, params = default.strategy, dict(default.params)
    elif role == "party":
        strategy, params = DEFAULT_AGENT, {}
    else:
        strategy, params = DEFAULT_MEDIATOR.get(protocol.name, "relay"), {}
    return make_agent(strategy, **params) if role == "party" else make_mediator(strategy, **params)


def check_seats(parts: Parts) -> list[Problem]:
    """Each default seat of the scenario names a known party and a strategy that builds with
    its parameters (checked where strategies are known, when a scenario file is loaded); a
    seat of a party that failed validation is left for the next run."""
    roles = {p.name: p.role for p in parts.parties.values()}
    problems = []
    for name, seat in parts.seats.items():
        if name not in roles:
            if not parts.unknowable("parties", name):
                problems.append(Problem(unknown("party", name, roles), f"seats.{name}"))
            continue
        make = make_agent if roles[name] == "party" else make_mediator
        try:
            make(seat.strategy, **seat.params)
        except StrategyError as exc:
            problems.append(Problem(str(exc), f"seats.{name}"))
    return problems

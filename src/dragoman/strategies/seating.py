"""Who sits where: strategies for every seat a protocol needs, from explicit choices, the
scenario's `seats` section, or defaults; the same rules for the CLI, files and the web app."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dragoman.errors import ProtocolError
from dragoman.model.scenario import Scenario
from dragoman.negotiation.session import NegotiationProtocol, QueuedSeat, Seat
from dragoman.strategies.registry import make_agent, make_mediator

__all__ = ["DEFAULT_AGENT", "DEFAULT_MEDIATOR", "build_seats", "parse_assignments"]

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
    agents: Mapping[str, str] = {},
    mediators: Mapping[str, str] = {},
    humans: Sequence[str] = (),
) -> dict[str, Seat]:
    """A seat for every party and mediator the protocol needs."""
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
        if name in humans:
            seats[name] = QueuedSeat()
            continue
        default = scenario.seats.get(name)
        explicit = (agents if roles[name] == "party" else mediators).get(name)
        if explicit is not None:
            spec, params = explicit, {}
        elif default is not None:
            spec, params = default.strategy, dict(default.params)
        elif roles[name] == "party":
            spec, params = DEFAULT_AGENT, {}
        else:
            spec, params = DEFAULT_MEDIATOR.get(protocol.name, "relay"), {}
        seats[name] = (
            make_agent(spec, **params) if roles[name] == "party" else make_mediator(spec, **params)
        )
    return seats

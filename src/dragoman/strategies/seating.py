"""Who sits where: strategies for every seat a protocol needs, from explicit choices, the
scenario's `seats` section, or defaults; neutral mediators seated where a mediator named is new
or a mediated protocol finds none; the same rules for the CLI, files and the web app."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from dragoman.errors import Problem, ProtocolError
from dragoman.model.checks import unknown
from dragoman.model.partial import Parts
from dragoman.model.scenario import Scenario
from dragoman.negotiation.session import NegotiationProtocol, QueuedSeat, Seat
from dragoman.negotiation.strategy import Agent, Mediator
from dragoman.strategies.registry import StrategyError, make_agent, make_mediator

__all__ = [
    "DEFAULT_AGENT",
    "DEFAULT_MEDIATOR",
    "NEUTRAL_MEDIATOR",
    "SeatLabel",
    "build_seats",
    "check_seats",
    "mediation_fault",
    "option_label",
    "parse_assignments",
    "seat_mediators",
    "with_neutral_mediators",
]

DEFAULT_AGENT = "boulware"
DEFAULT_MEDIATOR = {"shuttle": "bridging", "single-text": "hill-climber"}
#: The name of the neutral mediator seated when a mediated protocol finds no mediator.
NEUTRAL_MEDIATOR = "Mediator"

#: How a seating fault names the choice at fault, from its kind ("agent", "mediator" or
#: "human") and the seat's name: the command line's option, or the web form's field.
SeatLabel = Callable[[str, str], str]


def option_label(kind: str, name: str) -> str:
    """A seat choice in the command line's words: `--agent NAME`."""
    return f"--{kind} {name}"


def mediation_fault(protocol: NegotiationProtocol, mediator: type[Mediator]) -> str | None:
    """Why `mediator` cannot mediate `protocol`, from what each declares (None: it can): a
    mediator that composes no text under a protocol that plays only composed texts."""
    if getattr(protocol, "needs_texts", False) and not mediator.composes:
        return f"{mediator.name} composes no text, so it cannot mediate {protocol.name}"
    return None


def parse_assignments(items: Sequence[str], what: str) -> dict[str, str]:
    """`NAME=SPEC` items (from --agent / --mediator) as {name: spec}; a name given twice is
    refused (which one was meant cannot be told)."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, spec = item.partition("=")
        if not sep or not name.strip() or not spec.strip():
            raise ProtocolError(f"--{what} {item!r}: write {what.upper()}=STRATEGY[:k=v,...]")
        name, spec = name.strip(), spec.strip()
        if name in out:
            raise ProtocolError(
                f"--{what} {item!r}: {name} already has one (--{what} {name}={out[name]}); "
                "give each seat one strategy"
            )
        out[name] = spec
    return out


def seat_mediators(
    scenario: Scenario, protocol: NegotiationProtocol, mediators: Mapping[str, str | Mediator]
) -> tuple[Scenario, list[str]]:
    """The scenario to negotiate and notes saying what was added: a neutral mediator for each
    mediator named in `mediators` who is not in the scenario, or, when none is named and the
    protocol needs a mediator the scenario lacks, one called `NEUTRAL_MEDIATOR`."""
    names = [p.name for p in scenario.parties]
    new = [name for name in mediators if name not in names]
    if not new and not scenario.mediators:
        neutral = NEUTRAL_MEDIATOR
        while neutral in names:
            neutral += "-2"
        if _seats_only_with(scenario, protocol, neutral):
            new = [neutral]
    if not new:
        return scenario, []
    variant = with_neutral_mediators(scenario, new)
    return variant, [_note(variant, protocol, n, mediators.get(n), names) for n in new]


def _note(
    variant: Scenario,
    protocol: NegotiationProtocol,
    name: str,
    given: str | Mediator | None,
    names: Sequence[str],
) -> str:
    """What seating neutral mediator `name` is worth saying, and why it was seated."""
    title = variant.metadata.title
    said = f"seated a neutral mediator, {name} ({_strategy_name(variant, protocol, name, given)}), "
    said += "with channels to and from every party: "
    if given is None:
        return said + f"the {protocol.name} protocol needs one, and '{title}' has none"
    near = difflib.get_close_matches(name, names, n=1)
    return said + f"{name} is not in '{title}'" + (f" (did you mean {near[0]}?)" if near else "")


def with_neutral_mediators(scenario: Scenario, names: Sequence[str]) -> Scenario:
    """A variant with mediators `names` (no preferences) seated before the scenario's own
    mediators (so a single text is kept by the first of them), each with channels to and from
    every party and mediator."""
    data = scenario.model_dump(by_alias=True)
    added = [
        {"name": n, "role": "mediator", "label": "neutral mediator", "description": _NEUTRAL}
        for n in names
    ]
    parties: list[dict[str, Any]] = data["parties"]
    first = next((k for k, p in enumerate(parties) if p["role"] == "mediator"), len(parties))
    changes: dict[str, Any] = {"parties": [*parties[:first], *added, *parties[first:]]}
    if scenario.channels is not None:
        everyone = [p["name"] for p in changes["parties"]]
        channels = list(data["channels"])
        for n in names:
            channels.append({"from": n, "to": [s for s in everyone if s != n]})
        for sender in everyone:
            to = [n for n in names if n != sender]
            if to and sender not in names:
                channels.append({"from": sender, "to": to})
        changes["channels"] = channels
    return scenario.revised(changes)


_NEUTRAL = "A neutral mediator seated for this negotiation; it talks to every seat."


def _seats_only_with(scenario: Scenario, protocol: NegotiationProtocol, neutral: str) -> bool:
    """Whether the protocol cannot seat `scenario` as it is, and can with a neutral mediator."""
    try:
        protocol.seats_needed(scenario)
        return False
    except ProtocolError:
        pass
    try:
        protocol.seats_needed(with_neutral_mediators(scenario, [neutral]))
        return True
    except ProtocolError:
        return False


def build_seats(
    scenario: Scenario,
    protocol: NegotiationProtocol,
    agents: Mapping[str, str | Agent] = {},
    mediators: Mapping[str, str | Mediator] = {},
    humans: Sequence[str] = (),
    label: SeatLabel = option_label,
) -> dict[str, Seat]:
    """A seat for every party and mediator the protocol needs: strategies given by name
    (`NAME[:k=v,...]`) or as instances, the scenario's `seats`, else the defaults; a fault
    names the choice at fault as `label` does (the command line's option by default)."""
    needed = protocol.seats_needed(scenario)
    roles = {p.name: p.role for p in scenario.parties}
    for name, kind, role in [
        *((n, "agent", "party") for n in agents),
        *((n, "mediator", "mediator") for n in mediators),
        *((n, "human", "any") for n in humans),  # a person may sit at a party or mediate
    ]:
        given = label(kind, name)
        if name not in roles:
            raise ProtocolError(f"{given}: no such party or mediator ({', '.join(roles)})")
        if role != "any" and roles[name] != role:
            raise ProtocolError(f"{given}: {name} is a {roles[name]}, not a {role}")
        if name not in needed:
            raise ProtocolError(f"{given}: the {protocol.name} protocol does not seat {name}")
        if kind == "human" and (name in agents or name in mediators):
            strategy = label("agent" if name in agents else "mediator", name)
            raise ProtocolError(
                f"{given}: {name} also has {strategy}=...; a seat takes a person or a "
                "strategy, not both"
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


def _strategy_name(
    scenario: Scenario, protocol: NegotiationProtocol, name: str, given: str | Mediator | None
) -> str:
    """The name of the strategy a mediator's seat will get (for notes)."""
    if isinstance(given, Mediator):
        return given.name
    if given is not None:
        return given
    default = scenario.seats.get(name)
    return default.strategy if default else DEFAULT_MEDIATOR.get(protocol.name, "relay")


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

"""One negotiation from Python, no printing: seat the strategies, run the session, assess the
result. The CLI, the terminal seat and the web app are front ends over these functions.

    result = dragoman.negotiate(scenario, protocol="alternating",
                                agents={"Alice": "boulware", "Bob": "conceder"}, seed=1)
    result.status, result.outcome, result.utilities, result.trace()

A mediated protocol on a scenario without a mediator seats a neutral one (and `mediators` may
name new ones): `result.notes` says so. A session without agreement says why in
`result.diagnosis` (`dragoman.runs.diagnosis`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from dragoman.analysis.assess import AgreementAssessment, assess_agreement
from dragoman.analysis.results import Value, plain
from dragoman.errors import DragomanError
from dragoman.io.eventlog import log_for
from dragoman.io.scenario_file import parse_scenario
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import END_KINDS, Event, EventKind
from dragoman.negotiation.protocols.registry import make_protocol
from dragoman.negotiation.session import NegotiationProtocol, Session, SessionResult, Status
from dragoman.negotiation.strategy import Agent, Mediator
from dragoman.runs.diagnosis import diagnose
from dragoman.strategies.seating import SeatLabel, build_seats, option_label, seat_mediators
from dragoman.utility.scenario import compiled

if TYPE_CHECKING:  # pragma: no cover - pyarrow is imported when a trace is asked for
    import pyarrow

__all__ = [
    "PROPOSAL_KINDS",
    "NegotiationResult",
    "negotiate",
    "result_from_events",
    "result_of",
    "start_session",
]

#: Events whose outcome is a proposal (what a trace lists).
PROPOSAL_KINDS = frozenset({EventKind.OFFER, EventKind.TEXT, EventKind.RELAY, EventKind.CRITIQUE})

Sink = Callable[[Event], None]


@dataclass(frozen=True)
class NegotiationResult:
    """A finished negotiation: how it ended, the agreement in values and utilities, its
    distances to the frontier and the Nash point, and every event."""

    title: str
    protocol: str
    seed: int
    seats: dict[str, str]  # seat -> strategy name ("human" for a person)
    status: Status
    steps: int
    agreement: int | None  # the agreed outcome's index
    outcome: dict[str, Value] | None  # the agreed value of each issue, typed as the issue
    utilities: dict[str, float]  # each party's (undiscounted) utility of the agreement
    discounted: dict[str, float]  # the same at the time of agreement, U * d**t
    assessment: AgreementAssessment | None
    events: tuple[Event, ...] = field(repr=False)
    error: str | None = None
    scenario: Scenario | None = field(default=None, repr=False, compare=False)
    #: what was said about the set-up, e.g. a neutral mediator seated
    notes: tuple[str, ...] = ()
    #: why no agreement was reached (empty after an agreement)
    diagnosis: tuple[str, ...] = ()
    #: seat -> its strategy's parameters, as the start event records them ({}: none, a person)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)

    def trace(self) -> pyarrow.Table:
        """Every proposal (offer, text, relay, critique) as a table: step, round, kind,
        sender, receivers, outcome, each issue's value, and each party's utility."""
        import pyarrow as pa

        if self.scenario is None:
            raise DragomanError("this result holds no scenario to decode its outcomes with")
        c = compiled(self.scenario)
        space = c.space
        rows = [e for e in self.events if e.kind in PROPOSAL_KINDS and e.outcome is not None]
        outcomes = space.ids([int(e.outcome) for e in rows if e.outcome is not None])
        columns: dict[str, Any] = {
            "step": [e.step for e in rows],
            "round": [e.round for e in rows],
            "kind": [e.kind.value for e in rows],
            "sender": [e.sender for e in rows],
            "receivers": [list(e.receivers) for e in rows],
            "outcome": [str(e.outcome) if space.wide else e.outcome for e in rows],
        }
        digits = space.digits(outcomes) if rows else np.zeros((0, len(space.issues)), np.int16)
        for k, issue in enumerate(space.issues):
            columns[issue.name] = [issue.value(int(d)) for d in digits[:, k]]
        for party, utility in zip(c.parties, c.utilities, strict=True):
            values = utility.utilities_of_digits(digits)
            columns[f"utility:{party}"] = [float(v) for v in values]
        return pa.table(columns)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (events as their dictionaries, non-finite numbers as None)."""
        return plain(  # type: ignore[no-any-return]
            {
                "title": self.title,
                "protocol": self.protocol,
                "seed": self.seed,
                "seats": dict(self.seats),
                "params": {seat: dict(given) for seat, given in self.params.items()},
                "status": self.status.value,
                "steps": self.steps,
                "agreement": self.agreement,
                "outcome": self.outcome,
                "utilities": self.utilities,
                "discounted": self.discounted,
                "assessment": None if self.assessment is None else plain(vars(self.assessment)),
                "error": self.error,
                "notes": list(self.notes),
                "diagnosis": list(self.diagnosis),
                "events": [e.to_dict() for e in self.events],
            }
        )


def start_session(
    scenario: Scenario,
    protocol: str | NegotiationProtocol = "alternating",
    *,
    agents: Mapping[str, str | Agent] | None = None,
    mediators: Mapping[str, str | Mediator] | None = None,
    humans: Sequence[str] = (),
    seed: int = 0,
    steps: int | None = None,
    sinks: Iterable[Sink] = (),
    label: SeatLabel = option_label,
) -> Session:
    """A session ready to run: every seat filled (strategies by name or instance; `humans`
    answer from outside, through `Session.submit`); a mediator named in `mediators` who is not
    in the scenario, or, if a mediated protocol finds none, a default one, is seated as a
    neutral mediator, and `Session.notes` says so. A seating fault names the choice at fault
    as `label` does (`build_seats`)."""
    rules = make_protocol(protocol) if isinstance(protocol, str) else protocol
    seated, notes = seat_mediators(scenario, rules, mediators or {})
    seats = build_seats(seated, rules, agents or {}, mediators or {}, humans, label)
    return Session(seated, rules, seats, seed=seed, total_steps=steps, sinks=sinks, notes=notes)


def negotiate(
    scenario: Scenario,
    protocol: str | NegotiationProtocol = "alternating",
    *,
    agents: Mapping[str, str | Agent] | None = None,
    mediators: Mapping[str, str | Mediator] | None = None,
    seed: int = 0,
    steps: int | None = None,
    log: str | Path | None = None,
    sinks: Iterable[Sink] = (),
) -> NegotiationResult:
    """Run one negotiation of automated seats to its end (see the module doc); `log` writes
    the event log (.jsonl or .db), appended to a log that exists; a session interrupted
    (an exception, Ctrl-C) stays in it as far as it went, read back as cut short. A `seed`
    that is not a whole number from 0, or `steps` not one from 1, is an ArgumentError
    (`dragoman.arguments`, as the CLI's --seed and --steps; the session checks them)."""
    with ExitStack() as stack:
        sinks = list(sinks)
        if log is not None:
            sink = stack.enter_context(log_for(log))
            sinks.append(sink)
        session = start_session(
            scenario, protocol, agents=agents, mediators=mediators, seed=seed, steps=steps,
            sinks=sinks,
        )  # fmt: skip
        result = session.run()
    return result_of(scenario, session, result)


def result_of(scenario: Scenario, session: Session, result: SessionResult) -> NegotiationResult:
    """The finished session as a `NegotiationResult` (`scenario`: the one asked for; the
    session's may hold a neutral mediator besides, the parties are the same)."""
    space = scenario.outcome_space
    agreed = result.agreement
    return NegotiationResult(
        title=scenario.metadata.title,
        protocol=session.protocol.name,
        seed=session.seed,
        seats={name: getattr(seat, "name", "human") for name, seat in session.seats.items()},
        status=result.status,
        steps=result.steps,
        agreement=agreed,
        outcome=None if agreed is None else space.values(agreed),
        utilities=dict(result.utilities),
        discounted=dict(result.discounted),
        assessment=None if agreed is None else assess_agreement(scenario, agreed),
        events=result.events,
        error=result.error,
        scenario=session.scenario,
        notes=session.notes,
        diagnosis=tuple(diagnose(scenario, result.events)),
        params=_params(result.events),
    )


def _params(events: Sequence[Event]) -> dict[str, dict[str, Any]]:
    """Each seat's strategy parameters, as the session's start event records them."""
    seats = events[0].data.get("seats") if events else None
    if not isinstance(seats, Mapping):
        return {}
    return {
        name: dict(info.get("params") or {}) if isinstance(info, Mapping) else {}
        for name, info in seats.items()
    }


def _checked_agreement(end: Event, size: int) -> int | None:
    """The agreed outcome of a recorded end, refused if outside the recorded scenario's space
    (a log may be edited; other messages naming such an outcome are shown as such)."""
    if end.kind != EventKind.AGREEMENT or end.outcome is None:
        return None
    if not 0 <= end.outcome < size:
        raise DragomanError(
            f"the agreement event at step {end.step} names outcome {end.outcome}, "
            f"outside the recorded scenario's space (0..{size - 1})"
        )
    return end.outcome


def result_from_events(events: Sequence[Event]) -> NegotiationResult:
    """A recorded session (its START to its end) as the result `negotiate` returned, with the
    scenario embedded in the log: a replay renders it as the live run was rendered."""
    if not events or events[0].kind != EventKind.START or events[-1].kind not in END_KINDS:
        raise DragomanError("a recorded session runs from its start event to its end event")
    start, end = events[0], events[-1]
    scenario = parse_scenario(str(start.data.get("scenario", "")), "<START event>")
    agreed = _checked_agreement(end, scenario.outcome_space.size)
    seats = start.data.get("seats") or {}
    seat = str(end.data.get("seat") or "")
    message = str(end.data.get("error") or "")
    return NegotiationResult(
        title=scenario.metadata.title,
        protocol=str(start.data.get("protocol", "")),
        seed=int(start.data.get("seed") or 0),
        seats={name: str(info.get("strategy", "?")) for name, info in seats.items()},
        status=Status(end.kind.value),
        steps=end.step,
        agreement=agreed,
        outcome=None if agreed is None else scenario.outcome_space.values(agreed),
        utilities=dict(end.data.get("utilities") or {}),
        discounted=dict(end.data.get("discounted") or {}),
        assessment=None if agreed is None else assess_agreement(scenario, agreed),
        events=tuple(events),
        error=(f"{seat}: {message}" if seat else message) if end.kind == EventKind.ERROR else None,
        scenario=scenario,
        diagnosis=tuple(diagnose(scenario, events)),
        params=_params(events),
    )

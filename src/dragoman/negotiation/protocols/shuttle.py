"""Shuttle (indirect) negotiation through several mediators, as in the 2024 Gaza talks.

Parties talk only to mediators. At the start each party may report its preferences to the
mediators it reaches. Then, each iteration: every party sends a proposal to its mediators; the
mediators share what they heard (consultations); a lead mediator (in turn) composes a text, a
bridging proposal, or, if it composes nothing, relays one party's latest proposal; the text is
carried to each party by a mediator that reaches it; each party answers that mediator, who
reports back to the lead. Agreement when every party accepts the same carried text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dragoman.errors import ProtocolError
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import Event, EventKind, Response
from dragoman.negotiation.protocols.registry import register_protocol
from dragoman.negotiation.session import Action, Context, ProtocolRun, Request

__all__ = ["Shuttle"]

OFFER = EventKind.OFFER.value


@register_protocol
@dataclass(frozen=True)
class Shuttle:
    """Indirect negotiation: parties <-> mediators <-> mediators."""

    reports: bool = True
    name: str = "shuttle"

    def seats_needed(self, scenario: Scenario) -> tuple[str, ...]:
        """Parties and every mediator; checks that messages can get through."""
        parties = [p.name for p in scenario.negotiators]
        mediators = [m.name for m in scenario.mediators]
        if not mediators:
            raise ProtocolError(
                f"the shuttle protocol needs mediators, and '{scenario.metadata.title}' has none"
            )
        for p in parties:
            if not any(scenario.may_send(p, m) for m in mediators):
                raise ProtocolError(f"{p} cannot address any mediator")
            if not any(scenario.may_send(m, p) for m in mediators):
                raise ProtocolError(f"no mediator can address {p}")
        for a in mediators:
            for b in mediators:
                if a != b and not scenario.may_send(a, b):
                    raise ProtocolError(
                        f"the shuttle protocol needs mediators to talk to each other; {a} cannot "
                        f"address {b}"
                    )
        return (*parties, *mediators)

    def run(self, ctx: Context) -> ProtocolRun:
        """Report, propose, consult, compose or relay, carry, answer, report back."""
        parties, mediators = list(ctx.parties), list(ctx.mediators)
        if self.reports:
            yield from _reports(ctx, parties, mediators)
        iteration = 0
        proposals = _Proposals()
        while True:
            for p in parties:
                offer = yield Request(p, Action.PROPOSE)
                ctx.send(EventKind.OFFER, p, _heard_by(ctx, p, mediators), offer)
            _consult(ctx, mediators)
            lead = mediators[iteration % len(mediators)]
            text: int | None = yield Request(lead, Action.COMPOSE)
            source, origin = "mediator text", None
            if text is None:
                origin = parties[iteration % len(parties)]
                text = proposals.latest(ctx, lead, origin)
                source = f"relayed proposal of {origin}"
            iteration += 1
            listeners = _carry(ctx, lead, text, source, mediators, origin)
            verdict = yield from _answers(ctx, lead, text, listeners)
            if verdict is not None:
                return verdict if verdict >= 0 else None


def _heard_by(ctx: Context, party: str, mediators: list[str]) -> list[str]:
    """The mediators `party` can address."""
    return [m for m in mediators if ctx.public.may_send(party, m)]


def _reports(ctx: Context, parties: list[str], mediators: list[str]) -> ProtocolRun:
    """Each party may report its preferences to the mediators it reaches; they share them."""
    for p in parties:
        report = yield Request(p, Action.REPORT)
        if report is not None:
            ctx.send(EventKind.REPORT, p, _heard_by(ctx, p, mediators), None, preferences=report)
    _consult(ctx, mediators)
    return None


def _carry(
    ctx: Context, lead: str, text: int, source: str, mediators: list[str], origin: str | None
) -> dict[str, str]:
    """The lead hands the text to the carriers, who carry it to each party (a relay names the
    party whose proposal it carries, `origin`); returns who hears each party's answer."""
    parties = list(ctx.parties)
    carriers = {p: _carrier(ctx, lead, p, mediators) for p in parties}
    for carrier in sorted(set(carriers.values()) - {lead}, key=mediators.index):
        ctx.send(EventKind.CONSULT, lead, [carrier], text, purpose="carry text", source=source)
    for p in parties:
        if origin is None:
            ctx.send(EventKind.TEXT, carriers[p], [p], text, source=source, lead=lead)
        else:
            ctx.send(
                EventKind.RELAY, carriers[p], [p], text, source=source, lead=lead, origin=origin
            )
    return {p: _listener(ctx, carriers[p], lead, p, mediators) for p in parties}


_ANSWER_KINDS = {
    Response.ACCEPT: EventKind.ACCEPT,
    Response.REJECT: EventKind.REJECT,
    Response.WALK_AWAY: EventKind.WALK_AWAY,
}


def _answers(ctx: Context, lead: str, text: int, listeners: dict[str, str]) -> ProtocolRun:
    """Each party answers the text to its listener, who reports back to the lead: returns the
    text (all accept), -1 (a party walked away) or None (go on)."""
    all_accept = True
    for p, listener in listeners.items():
        answer = yield Request(p, Action.RESPOND, offer=text)
        ctx.send(_ANSWER_KINDS[answer], p, [listener], text)
        if listener != lead:
            ctx.send(EventKind.CONSULT, listener, [lead], text, origin=p, answer=answer.value)
        if answer == Response.WALK_AWAY:
            return -1
        all_accept &= answer == Response.ACCEPT
    return text if all_accept else None


def _carrier(ctx: Context, lead: str, party: str, mediators: list[str]) -> str:
    """Who carries the text to `party`: the lead if it reaches it (best both ways), else a
    mediator who reaches it both ways, else any mediator who reaches it."""
    public = ctx.public
    both = [
        m for m in [lead, *mediators] if public.may_send(m, party) and public.may_send(party, m)
    ]
    if both:
        return both[0]
    return next(m for m in [lead, *mediators] if public.may_send(m, party))


def _listener(ctx: Context, carrier: str, lead: str, party: str, mediators: list[str]) -> str:
    """Who hears `party`'s answer: the carrier if the party reaches it, else the lead, else any."""
    for m in (carrier, lead, *mediators):
        if ctx.public.may_send(party, m):
            return m
    raise ProtocolError(f"{party} cannot address any mediator")  # seats_needed rules this out


class _Proposals:
    """The latest proposal of each party each mediator heard, directly or through a colleague,
    read from the messages new since the last look."""

    def __init__(self) -> None:
        self._latest: dict[tuple[str, str], int] = {}  # (mediator, party) -> outcome
        self._read: dict[str, int] = {}  # messages of each mediator's inbox read

    def latest(self, ctx: Context, mediator: str, party: str) -> int:
        """The latest proposal of `party` that `mediator` heard."""
        start = self._read.get(mediator, 0)
        self._read[mediator] = ctx.heard(mediator)
        for event in ctx.inbox(mediator, start):
            if event.outcome is None:
                continue
            if event.kind == EventKind.OFFER:
                self._latest[mediator, event.sender] = event.outcome
            elif event.kind == EventKind.CONSULT and event.data.get("origin_kind") == OFFER:
                self._latest[mediator, str(event.data.get("origin"))] = event.outcome
        found = self._latest.get((mediator, party))
        if found is None:
            raise ProtocolError(f"{mediator} has heard no proposal from {party} to relay")
        return found


def _consult(ctx: Context, mediators: list[str]) -> None:
    """Each mediator passes on to its colleagues what parties told it since the last round,
    except to colleagues the party told directly or a colleague already told."""
    told: set[tuple[int, str]] = set()  # (message, mediator) already passed on in this pass
    for m in mediators:
        for event in list(_unshared(ctx, m)):
            colleagues = [
                c
                for c in mediators
                if c != m and c not in event.receivers and (id(event), c) not in told
            ]
            if not colleagues:
                continue
            told.update((id(event), c) for c in colleagues)
            data: dict[str, Any] = {"origin": event.sender, "origin_kind": event.kind.value}
            if "preferences" in event.data:
                data["preferences"] = event.data["preferences"]
            ctx.send(EventKind.CONSULT, m, colleagues, event.outcome, **data)


def _unshared(ctx: Context, mediator: str) -> Iterator[Event]:
    """Party messages to `mediator` it has not yet forwarded."""
    start = ctx.mark(mediator, ctx.heard(mediator))
    for event in ctx.inbox(mediator, start):
        if event.sender in ctx.parties and event.kind in (EventKind.OFFER, EventKind.REPORT):
            yield event

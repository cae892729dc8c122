"""Single negotiating text (mediated): a mediator keeps one text and improves it.

Each iteration the mediator composes a candidate text (its request names the current text,
for a person at the mediator's seat); every party votes whether it prefers the
candidate to the current text; the mediator decides whether to adopt it (by default only when
all approve: hill-climbing as in Klein, Faratin, Sayama & Bar-Yam 2003; an annealing mediator may
adopt against some votes). When the current text changes (or every `ask_every` iterations) the
parties say whether they accept it as the agreement; a rejecting party may say which one-issue
change it prefers (the criticism step of the Camp David one-text procedure, Raiffa 1982).
Agreement when every party accepts the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from dragoman.errors import ProtocolError
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import EventKind, Response
from dragoman.negotiation.protocols.registry import register_protocol
from dragoman.negotiation.session import Action, Context, ProtocolRun, Request

__all__ = ["SingleText"]


@register_protocol
@dataclass(frozen=True)
class SingleText:
    """One mediator keeps a single text: `mediator`, by default the scenario's first mediator
    connected both ways to every party (in the flagship, Egypt: the US reaches only Israel)."""

    mediator: str | None = None
    ask_every: int = 4
    critiques: bool = True
    reports: bool = True
    name: str = "single-text"
    #: Every proposal is a mediator's composed text: a mediator that composes none (a relay)
    #: leaves nothing to vote on (`dragoman.strategies.seating.mediation_fault`)
    needs_texts: ClassVar[bool] = True

    def lead(self, scenario: Scenario) -> str:
        """The mediator who keeps the text."""
        mediators = [m.name for m in scenario.mediators]
        if not mediators:
            raise ProtocolError(
                f"the single-text protocol needs a mediator, and '{scenario.metadata.title}' has "
                "none: add a party with role 'mediator'"
            )
        if self.mediator is None:
            parties = [p.name for p in scenario.negotiators]
            able = [
                m
                for m in mediators
                if all(scenario.may_send(m, p) and scenario.may_send(p, m) for p in parties)
            ]
            if not able:
                raise ProtocolError(
                    "single text needs a mediator connected both ways to every party, and no "
                    f"mediator of '{scenario.metadata.title}' is; use the shuttle protocol"
                )
            return able[0]  # the first mediator who can keep a text with everyone
        if self.mediator not in mediators:
            raise ProtocolError(f"{self.mediator!r} is not a mediator ({', '.join(mediators)})")
        return self.mediator

    def seats_needed(self, scenario: Scenario) -> tuple[str, ...]:
        """The parties and the lead mediator, who must reach each other both ways."""
        lead = self.lead(scenario)
        parties = [p.name for p in scenario.negotiators]
        for p in parties:
            if not (scenario.may_send(lead, p) and scenario.may_send(p, lead)):
                raise ProtocolError(
                    f"single text needs channels between the mediator {lead} and every party; "
                    f"{p} is not connected both ways"
                )
        return (*parties, lead)

    def run(self, ctx: Context) -> ProtocolRun:
        """Compose, vote, adopt; ask for acceptance when the text changed."""
        lead = self.lead(ctx.scenario)
        parties = list(ctx.parties)
        current: int | None = None
        since_asked = 0
        if self.reports:
            for p in parties:
                report = yield Request(p, Action.REPORT)
                if report is not None:
                    ctx.send(EventKind.REPORT, p, [lead], None, preferences=report)
        while True:
            candidate = yield Request(lead, Action.COMPOSE, current=current)
            changed = False
            if candidate is not None and candidate != current:
                ctx.send(EventKind.TEXT, lead, parties, candidate, current=current)
                if current is None:
                    current, changed = candidate, True
                else:
                    approvals = {}
                    for p in parties:
                        approve = yield Request(p, Action.VOTE, offer=candidate, current=current)
                        ctx.send(EventKind.VOTE, p, [lead], candidate, approve=approve)
                        approvals[p] = approve
                    adopt = yield Request(
                        lead, Action.ADOPT, offer=candidate, current=current, approvals=approvals
                    )
                    if adopt:
                        current, changed = candidate, True
            if current is None:
                continue
            since_asked += 1
            if not changed and since_asked < self.ask_every:
                continue
            since_asked = 0
            if changed is False:
                ctx.send(EventKind.TEXT, lead, parties, current, reminder=True)
            outcome = yield from self._ask_acceptance(ctx, lead, parties, current)
            if outcome is not None:
                return outcome if outcome >= 0 else None

    def _ask_acceptance(
        self, ctx: Context, lead: str, parties: list[str], text: int
    ) -> ProtocolRun:
        """Each party accepts or rejects `text`: returns text (all accept), -1 (walk-away), None."""
        all_accept = True
        for p in parties:
            answer = yield Request(p, Action.RESPOND, offer=text)
            if answer == Response.WALK_AWAY:
                ctx.send(EventKind.WALK_AWAY, p, [lead], text)
                return -1
            if answer == Response.ACCEPT:
                ctx.send(EventKind.ACCEPT, p, [lead], text)
                continue
            all_accept = False
            ctx.send(EventKind.REJECT, p, [lead], text)
            if self.critiques:
                preferred = yield Request(p, Action.CRITIQUE, offer=text)
                if preferred is not None:
                    ctx.send(EventKind.CRITIQUE, p, [lead], preferred, text=text)
        return text if all_accept else None

"""Alternating offers: bilateral (Rubinstein 1982; the SAOP of GENIUS/NegMAS) and multilateral
stacked alternating offers (Aydoğan et al. 2017): an offer stands until every other party has
accepted it in turn, or one of them rejects it and counters.

Each party's turn is one step: it accepts the standing offer, walks away, or makes a
counter-offer (which rejects the standing one, as in SAOP). Parties address each other directly,
so every pair of parties needs a channel; for indirect talks use the shuttle protocol.
"""

from __future__ import annotations

from dataclasses import dataclass

from dragoman.errors import ProtocolError
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import EventKind, Response
from dragoman.negotiation.protocols.registry import register_protocol
from dragoman.negotiation.session import Action, Context, ProtocolRun, Request

__all__ = ["AlternatingOffers"]

_new_request = tuple.__new__  # Request(...) without the named tuple's Python-level __new__


@register_protocol
@dataclass(frozen=True)
class AlternatingOffers:
    """Stacked alternating offers among all parties, in scenario order (`first` moves first)."""

    first: str | None = None
    name: str = "alternating"

    def seats_needed(self, scenario: Scenario) -> tuple[str, ...]:
        """Every party; refuses scenarios whose parties cannot address each other."""
        parties = [p.name for p in scenario.negotiators]
        missing = [
            (a, b) for a in parties for b in parties if a != b and not scenario.may_send(a, b)
        ]
        if missing:
            a, b = missing[0]
            raise ProtocolError(
                f"alternating offers needs direct channels between parties, but {a} cannot "
                f"address {b} in '{scenario.metadata.title}'; use the shuttle protocol"
            )
        if self.first is not None and self.first not in parties:
            raise ProtocolError(f"first mover {self.first!r} is not a party ({', '.join(parties)})")
        return tuple(parties)

    def run(self, ctx: Context) -> ProtocolRun:
        """Offers go round the table; `n - 1` consecutive acceptances make an agreement."""
        order = list(ctx.parties)
        if self.first is not None:
            k = order.index(self.first)
            order = order[k:] + order[:k]
        n = len(order)

        receivers = {party: tuple(p for p in order if p != party) for party in order}
        others = receivers.__getitem__
        # each party's last request, asked again while the standing offer is the same
        asks = {party: Request(party, Action.COUNTER, offer=None) for party in order}
        counter = Action.COUNTER

        proposer = order[0]
        offer: int = yield Request(proposer, Action.PROPOSE)
        ctx.send(EventKind.OFFER, proposer, others(proposer), offer)
        accepted = 1
        turn = 1
        while True:
            party = order[turn % n]
            turn += 1
            ask = asks[party]
            if ask.offer != offer:
                ask = asks[party] = _new_request(Request, (party, counter, offer, None, None))
            answer = yield ask
            if answer is Response.ACCEPT:
                ctx.send(EventKind.ACCEPT, party, others(party), offer)
                accepted += 1
                if accepted == n:
                    return offer
            elif answer is Response.WALK_AWAY:
                ctx.send(EventKind.WALK_AWAY, party, others(party), offer)
                return None
            else:  # a counter-offer, which rejects the standing offer
                offer = answer
                ctx.send(EventKind.OFFER, party, others(party), offer)
                accepted = 1

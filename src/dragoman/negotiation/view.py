"""What a seat may see: the public part of the scenario, its own preferences, the clock, and the
messages addressed to it. Never the mechanism, never another seat, never another's preferences.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dragoman._derived import derived
from dragoman.model.outcomes import OutcomeSpace
from dragoman.model.scenario import Scenario
from dragoman.model.sections import Round
from dragoman.negotiation.events import Event, EventKind
from dragoman.utility.compiled_utility import CompiledUtility
from dragoman.utility.scenario import compiled

__all__ = ["Clock", "PublicScenario", "SeatView"]

#: Kinds of message that put an outcome to a party for its answer: another's offer, a
#: mediator's text, a relay of another party's proposal (`SeatView.proposals`).
_PROPOSAL_KINDS = frozenset({EventKind.OFFER, EventKind.TEXT, EventKind.RELAY})
_PROPOSALS = object()  # the key of the proposals received, beside kinds and (kind, sender)


@dataclass(frozen=True)
class PublicScenario:
    """The scenario without anyone's preferences: what every seat may know."""

    title: str
    outcome_space: OutcomeSpace
    parties: tuple[str, ...]
    mediators: tuple[str, ...]
    channels: frozenset[tuple[str, str]]
    rounds: tuple[Round, ...]
    total_steps: int

    @classmethod
    def of(cls, scenario: Scenario, total_steps: int) -> PublicScenario:
        """The public part of `scenario`, with the session's step budget (made once per
        scenario and budget: it is immutable, so sessions share it)."""
        return derived(
            scenario,
            (cls, "of", total_steps),
            lambda: cls(
                title=scenario.metadata.title,
                outcome_space=scenario.outcome_space,
                parties=tuple(p.name for p in scenario.negotiators),
                mediators=tuple(p.name for p in scenario.mediators),
                channels=scenario.channel_pairs,
                rounds=scenario.rounds,
                total_steps=total_steps,
            ),
        )

    def may_send(self, sender: str, receiver: str) -> bool:
        """Whether a channel from `sender` to `receiver` exists."""
        return (sender, receiver) in self.channels

    def reachable(self, sender: str) -> tuple[str, ...]:
        """Seats `sender` may address, in scenario order."""
        return tuple(s for s in (*self.parties, *self.mediators) if (sender, s) in self.channels)


class Clock:
    """The session's step and round; seats read it through their views."""

    __slots__ = ("round", "step")

    def __init__(self) -> None:
        self.step = 0
        self.round = 0


class SeatView:
    """A seat's read-only window on the session.

    `deliver(event)`, called by the session only, adds a message to the inbox (it is the
    inbox's own `append`); the outcomes received are indexed from the inbox when first read
    (`received_outcomes`, `proposals`), so a seat that never asks pays nothing for them.
    """

    __slots__ = (
        "_clock",
        "_inbox",
        "_indexed",
        "_into",
        "_received",
        "deliver",
        "public",
        "role",
        "seat",
        "utility",
    )

    def __init__(
        self,
        seat: str,
        role: str,
        public: PublicScenario,
        utility: CompiledUtility | None,
        clock: Clock,
    ) -> None:
        self.seat = seat
        self.role = role
        self.public = public
        self.utility = utility  # own preferences only; None for mediators
        self._clock = clock
        self._inbox: list[Event] = []
        self.deliver: Callable[[Event], None] = self._inbox.append
        # outcomes received, by kind and by (kind, sender), of the first `_indexed` messages
        self._received: dict[object, list[int]] = {}
        self._indexed = 0
        # the lists of `_received` a message's outcome goes to, by (kind, sender) (and, for a
        # text or relay put to this seat, (kind, sender, _PROPOSALS)), found once for each
        self._into: dict[tuple[object, ...], tuple[list[int], ...]] = {}

    @classmethod
    def of(cls, scenario: Scenario, seat: str, public: PublicScenario, clock: Clock) -> SeatView:
        """`seat`'s view of a session of `scenario`: its role, its own compiled preferences
        (None for a mediator), `public` and `clock` (a session's, or fresh for a replay)."""
        own = compiled(scenario)
        utility = own.utilities[own.parties.index(seat)] if seat in own.parties else None
        return cls(seat, scenario.party(seat).role, public, utility, clock)

    # --- clock --------------------------------------------------------------------------------
    @property
    def step(self) -> int:
        """Steps taken so far in the session."""
        return self._clock.step

    @property
    def round(self) -> int:
        """The current round (0-based)."""
        return self._clock.round

    @property
    def total_steps(self) -> int:
        """The session's step budget."""
        return self.public.total_steps

    @property
    def time(self) -> float:
        """Normalised time in [0, 1]: the share of the step budget used."""
        return min(1.0, self._clock.step / max(1, self.public.total_steps))

    # --- messages -----------------------------------------------------------------------------
    @property
    def inbox(self) -> tuple[Event, ...]:
        """Every message addressed to this seat so far, oldest first."""
        return tuple(self._inbox)

    def since(self, start: int) -> tuple[Event, ...]:
        """The messages from the `start`-th on, oldest first: what is new to a reader that
        has read `start` of them (reading only that keeps a step's work constant)."""
        return tuple(self._inbox[start:])

    @property
    def heard(self) -> int:
        """How many messages this seat has received: a cheap key for work done once per state
        of the inbox."""
        return len(self._inbox)

    def last(self, kind: EventKind | None = None, sender: str | None = None) -> Event | None:
        """The most recent message of `kind` from `sender` (either may be None: any)."""
        event: Event
        for event in reversed(self._inbox):
            if (kind is None or event.kind == kind) and (sender is None or event.sender == sender):
                return event
        return None

    def received_outcomes(
        self, kind: EventKind, sender: str | None = None, start: int = 0
    ) -> list[int]:
        """Outcomes of every message of `kind` (from `sender`, if given), oldest first; from
        the `start`-th on (a strategy that keeps count reads only what is new)."""
        received = self._received if self._indexed == len(self._inbox) else self._index()
        return received.get(kind if sender is None else (kind, sender), [])[start:]

    def proposals(self, start: int = 0) -> list[int]:
        """Outcomes put to this seat, oldest first: others' offers, mediators' texts and relays
        of another party's proposal (not of its own), from the `start`-th on. In direct talks
        these are the offers received; in mediated talks, what the other side's moves reach
        this seat as (reciprocal strategies answer them)."""
        received = self._received if self._indexed == len(self._inbox) else self._index()
        return received.get(_PROPOSALS, [])[start:]

    def reachable(self) -> tuple[str, ...]:
        """Seats this seat may address."""
        return self.public.reachable(self.seat)

    # --- own preferences ----------------------------------------------------------------------
    def my_utility(self, outcome: int) -> float:
        """This party's (undiscounted) utility of `outcome`."""
        if self.utility is None:
            raise AttributeError(f"{self.seat} is a mediator: it has no preferences")
        return float(self.utility.table[outcome])

    def _index(self) -> dict[object, list[int]]:
        """The outcomes received, by kind, by (kind, sender) and as proposals (others' offers,
        texts, relays of another's proposal), brought up to date with the inbox."""
        inbox, into, seat = self._inbox, self._into, self.seat
        for event in inbox[self._indexed :]:
            outcome = event.outcome
            if outcome is None:
                continue
            kind = event.kind
            if kind is EventKind.OFFER or (
                kind in _PROPOSAL_KINDS and event.data.get("origin") != seat
            ):
                route: tuple[object, ...] = (kind, event.sender, _PROPOSALS)
            else:
                route = (kind, event.sender)
            lists = into.get(route)
            if lists is None:
                lists = into[route] = self._lists(route)
            for found in lists:
                found.append(outcome)
        self._indexed = len(inbox)
        return self._received

    def _lists(self, route: tuple[object, ...]) -> tuple[list[int], ...]:
        """The lists of outcomes received that a message on `route` adds its outcome to: by
        kind, by (kind, sender), and the proposals if it is one (made as first needed)."""
        kind, sender = route[0], route[1]
        keys: tuple[object, ...] = (kind, (kind, sender), *route[2:])
        return tuple(self._received.setdefault(key, []) for key in keys)

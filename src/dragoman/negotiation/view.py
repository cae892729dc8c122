"""What a seat may see: the public part of the scenario, its own preferences, the clock, and the
messages addressed to it. Never the mechanism, never another seat, never another's preferences.
"""

from __future__ import annotations

from dataclasses import dataclass

from dragoman.model.outcomes import OutcomeSpace
from dragoman.model.scenario import Scenario
from dragoman.model.sections import Round
from dragoman.negotiation.events import Event, EventKind
from dragoman.utility.compiled_utility import CompiledUtility

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
        """The public part of `scenario`, with the session's step budget."""
        return cls(
            title=scenario.metadata.title,
            outcome_space=scenario.outcome_space,
            parties=tuple(p.name for p in scenario.negotiators),
            mediators=tuple(p.name for p in scenario.mediators),
            channels=scenario.channel_pairs,
            rounds=scenario.rounds,
            total_steps=total_steps,
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
    """A seat's read-only window on the session."""

    __slots__ = ("_clock", "_inbox", "_received", "public", "role", "seat", "utility")

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
        # outcomes received, by kind and by (kind, sender), kept as messages arrive
        self._received: dict[object, list[int]] = {}

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
        for event in self._inbox[::-1]:
            if (kind is None or event.kind == kind) and (sender is None or event.sender == sender):
                return event
        return None

    def received_outcomes(
        self, kind: EventKind, sender: str | None = None, start: int = 0
    ) -> list[int]:
        """Outcomes of every message of `kind` (from `sender`, if given), oldest first; from
        the `start`-th on (a strategy that keeps count reads only what is new)."""
        return self._received.get(kind if sender is None else (kind, sender), [])[start:]

    def proposals(self, start: int = 0) -> list[int]:
        """Outcomes put to this seat, oldest first: others' offers, mediators' texts and relays
        of another party's proposal (not of its own), from the `start`-th on. In direct talks
        these are the offers received; in mediated talks, what the other side's moves reach
        this seat as (reciprocal strategies answer them)."""
        return self._received.get(_PROPOSALS, [])[start:]

    def reachable(self) -> tuple[str, ...]:
        """Seats this seat may address."""
        return self.public.reachable(self.seat)

    # --- own preferences ----------------------------------------------------------------------
    def my_utility(self, outcome: int) -> float:
        """This party's (undiscounted) utility of `outcome`."""
        if self.utility is None:
            raise AttributeError(f"{self.seat} is a mediator: it has no preferences")
        return float(self.utility.table[outcome])

    def deliver(self, event: Event) -> None:
        """Called by the session only: add a message to the inbox."""
        self._inbox.append(event)
        if event.outcome is not None:
            received = self._received
            kind = event.kind
            keys: tuple[object, ...] = (kind, (kind, event.sender), _PROPOSALS)
            if kind is not EventKind.OFFER and (
                kind not in _PROPOSAL_KINDS or event.data.get("origin") == self.seat
            ):
                keys = keys[:2]
            for key in keys:
                found = received.get(key)
                if found is None:
                    received[key] = [event.outcome]
                else:
                    found.append(event.outcome)

"""Base classes of seats' strategies: `Agent` (a negotiating party) and `Mediator`.

A strategy is one small class: a `name`, `traits`, and one or two overrides. Agents answer
`propose(view)` and `respond(view, offer)`; `critique`, `vote` and `report` have sensible
defaults. Mediators answer `compose(view)`; `adopt` has a default. Protocols call these methods
through the session, which hands each seat only its own read-only `SeatView`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from dragoman.negotiation.events import Response
from dragoman.negotiation.traits import Traits
from dragoman.negotiation.view import SeatView

__all__ = ["Agent", "Mediator", "Response", "Strategy"]


class Strategy:
    """What agents and mediators share: registry metadata and the seat's random generator."""

    #: Name in the registry (what `--agent PARTY=NAME` uses).
    name: ClassVar[str] = ""
    #: Declarative metadata from a closed vocabulary (`dragoman.negotiation.traits`), e.g.
    #: {"family": Family.TIME_BASED, "source": "Faratin et al. 1998", "stochastic": False}.
    traits: ClassVar[Traits]
    #: "agent" or "mediator"
    kind: ClassVar[str] = ""
    #: A line of meaning for each parameter of __init__ (what `dragoman agents` shows beside
    #: its default), e.g. {"e": "concession exponent: below 1 concedes late, above 1 early"}.
    parameter_notes: ClassVar[Mapping[str, str]] = {}

    rng: np.random.Generator

    @classmethod
    def example(cls) -> Strategy:
        """An instance with typical parameters (for conformance checks and docs)."""
        return cls()

    def setup(self, view: SeatView, rng: np.random.Generator) -> None:
        """Called once before the session starts: keep the seat's own generator."""
        self.rng = rng

    def parameters(self) -> dict[str, Any]:
        """The strategy's parameters (for logs): public attributes set in __init__."""
        return {
            k: v
            for k, v in vars(self).items()
            if not k.startswith("_") and k != "rng" and isinstance(v, int | float | str | bool)
        }


class Agent(Strategy):
    """A negotiating party's strategy."""

    kind: ClassVar[str] = "agent"

    def propose(self, view: SeatView) -> int:
        """The outcome (index) to offer now."""
        raise NotImplementedError

    def respond(self, view: SeatView, offer: int) -> Response:
        """Whether to accept `offer`, reject it, or walk away."""
        raise NotImplementedError

    def counter(self, view: SeatView, offer: int) -> Response | int:
        """One alternating-offers turn: accept, walk away, or a counter-offer (an outcome)."""
        answer = self.respond(view, offer)
        return self.propose(view) if answer is Response.REJECT else answer

    def critique(self, view: SeatView, text: int) -> int | None:
        """The text with the one-issue change this party would most like (None: no change)."""
        assert view.utility is not None
        space = view.public.outcome_space
        digits = space.digits(np.array([text]))[0]
        best, best_u = None, view.my_utility(text)
        allowed = view.utility.issue_allowed()
        for i, issue in enumerate(space.issues):
            for value in range(issue.cardinality):
                if value == digits[i] or not allowed[i][value]:
                    continue
                changed = digits.copy()
                changed[i] = value
                candidate = int(space.index(changed))
                u = view.my_utility(candidate)
                if u > best_u:
                    best, best_u = candidate, u
        return best

    def vote(self, view: SeatView, current: int | None, candidate: int) -> bool:
        """Whether this party prefers `candidate` to the `current` text (hill-climbing vote)."""
        assert view.utility is not None
        if not bool(view.utility.inside[candidate]):
            return False
        return current is None or view.my_utility(candidate) >= view.my_utility(current)

    def report(self, view: SeatView) -> dict[str, Any] | None:
        """Preferences to report to mediators (default: the truth); None reports nothing."""
        assert view.utility is not None
        return view.utility.preferences.model_dump(mode="json")


class Mediator(Strategy):
    """A mediator's strategy."""

    kind: ClassVar[str] = "mediator"
    #: Whether it ever composes a text: False for a pure go-between (`compose` always None),
    #: which cannot mediate a protocol that plays only composed texts (`needs_texts`)
    composes: ClassVar[bool] = True

    def compose(self, view: SeatView) -> int | None:
        """A text (a full outcome) to put forward; None: nothing new (relay what parties said)."""
        raise NotImplementedError

    def adopt(
        self, view: SeatView, current: int | None, candidate: int, approvals: Mapping[str, bool]
    ) -> bool:
        """Whether `candidate` replaces the current single text, given the parties' votes."""
        return all(approvals.values())

"""Watched seats: wrappers that pass every call to a strategy under test and note what the
session cannot see — a call that changed the seat's view, and each use of the seat's random
generator (to hold the strategy's `stochastic` trait against what it does), and any move of an
oblivious agent that its plan does not predict (to hold its `oblivious` trait)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar, cast

import numpy as np

from dragoman.negotiation.strategy import Agent, Mediator, Response, Strategy
from dragoman.negotiation.traits import is_oblivious
from dragoman.negotiation.view import SeatView
from dragoman.strategies.oblivious import ObliviousAgent

__all__ = ["Watch", "WatchedAgent", "WatchedMediator", "watched"]

T = TypeVar("T")


@dataclass
class Watch:
    """What the watched seats of one check did: breaches found, and generator uses."""

    problems: list[str] = field(default_factory=list)
    draws: int = 0


class _CountingGenerator:
    """A seat's generator that counts every use (each attribute looked up: a method called)."""

    def __init__(self, inner: np.random.Generator, watch: Watch) -> None:
        self._inner, self._watch = inner, watch

    def __getattr__(self, name: str) -> Any:
        self._watch.draws += 1
        return getattr(self._inner, name)


def _snapshot(view: SeatView) -> tuple[Any, ...]:
    """Everything a strategy could change through its view, by identity or by value."""
    u, public = view.utility, view.public
    prefs = None
    if u is not None:
        table = u.table if u.enumerable else None
        writeable = bool(table.flags.writeable) if isinstance(table, np.ndarray) else None
        prefs = (id(u), id(u.preferences), u.reservation_value, u.discount_factor, writeable)
    shared = (id(public), public.title, public.parties, public.mediators, public.channels)
    clock = (view.step, view.round, public.total_steps, public.rounds)
    return view.seat, view.role, prefs, shared, clock, tuple(map(id, view.inbox))


class _Watcher:
    """What both wrappers share: the inner strategy, the watch, and the guarded call."""

    def __init__(self, inner: Strategy, watch: Watch) -> None:
        self._inner, self._watch_record = inner, watch

    def _call(self, view: SeatView, what: str, call: Callable[[], T]) -> T:
        before = _snapshot(view)
        result = call()
        if _snapshot(view) != before:
            self._watch_record.problems.append(f"{what} changed its view")
        return result

    def _setup(self, view: SeatView, rng: np.random.Generator) -> None:
        counting = cast(np.random.Generator, _CountingGenerator(rng, self._watch_record))
        self._call(view, "setup", lambda: self._inner.setup(view, counting))

    def _parameters(self) -> dict[str, Any]:
        return {"strategy": self._inner.name, **self._inner.parameters()}


class WatchedAgent(_Watcher, Agent):
    """An agent under test, every call passed on and watched."""

    name: ClassVar[str] = "watched"

    def __init__(self, inner: Agent, watch: Watch) -> None:
        super().__init__(inner, watch)
        self._agent = inner
        self._oblivious = is_oblivious(getattr(type(inner), "traits", {}))
        if self._oblivious and not isinstance(inner, ObliviousAgent):
            watch.problems.append("declares oblivious=True but is no ObliviousAgent (no plan)")
            self._oblivious = False

    def setup(self, view: SeatView, rng: np.random.Generator) -> None:
        self._setup(view, rng)

    def _planned(self, view: SeatView, offer: int | None, answer: Response | int) -> None:
        """An oblivious agent's move must be what its plan says for this step."""
        assert isinstance(self._agent, ObliviousAgent) and view.utility is not None
        plan = self._agent.plan(view)
        t = min(view.step, len(plan.offers) - 1)
        expected: Response | int = plan.offers[t]
        if offer is not None:
            u = float(view.utility.table[offer])
            ok = bool(view.utility.inside[offer]) and u >= plan.thresholds[t]
            expected = Response.ACCEPT if ok else expected
        if answer != expected:
            self._watch_record.problems.append(
                f"declares oblivious=True but at step {view.step} answered {answer!r} where its "
                f"plan says {expected!r}"
            )

    def parameters(self) -> dict[str, Any]:
        return self._parameters()

    def propose(self, view: SeatView) -> int:
        answer = self._call(view, "propose", lambda: self._agent.propose(view))
        if self._oblivious:
            self._planned(view, None, answer)
        return answer

    def respond(self, view: SeatView, offer: int) -> Response:
        return self._call(view, "respond", lambda: self._agent.respond(view, offer))

    def counter(self, view: SeatView, offer: int) -> Response | int:
        answer = self._call(view, "counter", lambda: self._agent.counter(view, offer))
        if self._oblivious:
            self._planned(view, offer, answer)
        return answer

    def critique(self, view: SeatView, text: int) -> int | None:
        return self._call(view, "critique", lambda: self._agent.critique(view, text))

    def vote(self, view: SeatView, current: int | None, candidate: int) -> bool:
        return self._call(view, "vote", lambda: self._agent.vote(view, current, candidate))

    def report(self, view: SeatView) -> dict[str, Any] | None:
        return self._call(view, "report", lambda: self._agent.report(view))


class WatchedMediator(_Watcher, Mediator):
    """A mediator under test, every call passed on and watched."""

    name: ClassVar[str] = "watched"

    def __init__(self, inner: Mediator, watch: Watch) -> None:
        super().__init__(inner, watch)
        self._mediator = inner

    def setup(self, view: SeatView, rng: np.random.Generator) -> None:
        self._setup(view, rng)

    def parameters(self) -> dict[str, Any]:
        return self._parameters()

    def compose(self, view: SeatView) -> int | None:
        text = self._call(view, "compose", lambda: self._mediator.compose(view))
        if text is not None and not self._mediator.composes:
            self._watch_record.problems.append("declares composes=False but composed a text")
        return text

    def adopt(
        self, view: SeatView, current: int | None, candidate: int, approvals: Mapping[str, bool]
    ) -> bool:
        return self._call(
            view, "adopt", lambda: self._mediator.adopt(view, current, candidate, approvals)
        )


def watched(strategy: Strategy, watch: Watch) -> WatchedAgent | WatchedMediator:
    """`strategy` wrapped for watching, as an agent or a mediator like itself."""
    if isinstance(strategy, Agent):
        return WatchedAgent(strategy, watch)
    if isinstance(strategy, Mediator):
        return WatchedMediator(strategy, watch)
    raise TypeError(f"{type(strategy).__name__} is neither an agent nor a mediator")

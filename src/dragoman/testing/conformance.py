"""The conformance check every agent strategy must pass (PettingZoo's `api_test` idea).

`check_agent(cls)` plays the strategy against a few opponents on a few scenarios, under
alternating offers and under a single negotiating text, and raises AssertionError listing every
breach: an invalid answer or an exception, an offer outside its red lines, an acceptance below
its RV or beyond its red lines, a vote for a text outside its red lines, two runs with the same
seed that differ, or a call that changed the strategy's view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

import numpy as np

from dragoman.io.scenario_file import load_scenario
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import EventKind
from dragoman.negotiation.protocols.alternating import AlternatingOffers
from dragoman.negotiation.protocols.single_text import SingleText
from dragoman.negotiation.session import NegotiationProtocol, Session, SessionResult
from dragoman.negotiation.strategy import Agent, Response
from dragoman.negotiation.view import SeatView
from dragoman.strategies.registry import make_agent, make_mediator
from dragoman.utility.scenario import compiled

__all__ = ["check_agent", "random_scenario"]

T = TypeVar("T")
OPPONENTS = ("linear", "boulware", "random")
#: The mediator keeping the text in single-text runs.
MEDIATOR = "hill-climber"


def random_scenario(rng: np.random.Generator, issues: int = 3, values: int = 4) -> Scenario:
    """A small random bilateral scenario with opposed interests: an integer issue the parties
    pull apart, categorical issues scored in roughly opposite orders, random weights and
    reservation values, and a red line of the first party."""
    space: list[dict[str, Any]] = [{"name": "i0", "kind": "integer", "min": 0, "max": values - 1}]
    labels = [f"v{j}" for j in range(values)]
    space += [{"name": f"i{k}", "kind": "categorical", "values": labels} for k in range(1, issues)]
    names = [str(issue["name"]) for issue in space]
    base = rng.random((issues, values))
    parties = []
    for name, direction in (("A", "increasing"), ("B", "decreasing")):
        scoring: dict[str, Any] = {"i0": {"linear": direction}}
        for k in range(1, issues):
            mine = base[k] if name == "A" else 1.0 - base[k]
            scores = np.clip(mine + rng.normal(0.0, 0.15, values), 0, 1).round(3).tolist()
            scoring[f"i{k}"] = {"scores": dict(zip(labels, scores, strict=True))}
        prefs: dict[str, Any] = {
            "weights": dict(zip(names, rng.dirichlet(np.ones(issues)).tolist(), strict=True)),
            "values": scoring,
            "reservation_value": round(float(rng.uniform(0.0, 0.4)), 3),
        }
        if name == "A":
            prefs["red_lines"] = [{"issue": "i1", "forbidden": [labels[0]]}]
        parties.append({"name": name, "preferences": prefs})
    meta = {"title": "Random small scenario (conformance test)"}
    data = {"metadata": meta, "issues": space, "parties": parties, "deadline_steps": 40}
    return Scenario.from_data(data)


class _Watched(Agent):
    """Delegates every call to `inner`, noting any call that leaves the view changed."""

    name: ClassVar[str] = "watched"

    def __init__(self, inner: Agent, problems: list[str]) -> None:
        self._inner, self._problems = inner, problems

    def _watch(self, view: SeatView, what: str, call: Callable[[], T]) -> T:
        def state() -> tuple[Any, ...]:
            u = view.utility
            prefs = None if u is None else (id(u), u.reservation_value, u.table.flags.writeable)
            inbox = tuple(map(id, view.inbox))
            return view.seat, view.role, id(view.public), prefs, view.step, view.round, inbox

        before = state()
        result = call()
        if state() != before:
            self._problems.append(f"{what} changed its view")
        return result

    def setup(self, view: SeatView, rng: np.random.Generator) -> None:
        self._watch(view, "setup", lambda: self._inner.setup(view, rng))

    def propose(self, view: SeatView) -> int:
        return self._watch(view, "propose", lambda: self._inner.propose(view))

    def respond(self, view: SeatView, offer: int) -> Response:
        return self._watch(view, "respond", lambda: self._inner.respond(view, offer))

    def critique(self, view: SeatView, text: int) -> int | None:
        return self._watch(view, "critique", lambda: self._inner.critique(view, text))

    def vote(self, view: SeatView, current: int | None, candidate: int) -> bool:
        return self._watch(view, "vote", lambda: self._inner.vote(view, current, candidate))

    def report(self, view: SeatView) -> dict[str, Any] | None:
        return self._watch(view, "report", lambda: self._inner.report(view))


def _breaches(scenario: Scenario, seat: str, result: SessionResult) -> list[str]:
    """What `seat` did wrong in a finished session, by its events."""
    if result.status == "error":
        return [str(result.error)]
    utility = compiled(scenario).utilities[list(compiled(scenario).parties).index(seat)]
    problems = []
    for e in result.events:
        if e.sender != seat or e.outcome is None:
            continue
        inside = bool(utility.acceptable(np.array([e.outcome]))[0])
        below = bool(utility.table[e.outcome] < utility.reservation_value)
        if e.kind == EventKind.OFFER and not inside:
            problems.append(f"offered {e.outcome} outside its red lines")
        if e.kind == EventKind.ACCEPT and (below or not inside):
            problems.append(f"accepted {e.outcome} below its RV or beyond its red lines")
        if e.kind == EventKind.VOTE and e.data.get("approve") and not inside:
            problems.append(f"voted for text {e.outcome} outside its red lines")
    return problems


def _run(
    scenario: Scenario,
    protocol: NegotiationProtocol,
    seat: str,
    agent: Agent,
    opponent: str,
    seed: int,
) -> SessionResult:
    seats: dict[str, Any] = {p.name: make_agent(opponent) for p in scenario.negotiators}
    seats.update({m.name: make_mediator(MEDIATOR) for m in scenario.mediators})
    seats[seat] = agent
    needed = protocol.seats_needed(scenario)
    return Session(scenario, protocol, {s: seats[s] for s in needed}, seed=seed).run()


def check_agent(cls: type[Agent], seed: int = 0, **params: Any) -> None:
    """Run the conformance checks on strategy `cls`; AssertionError lists every breach.

    Built with `params`, else with `cls.example()` if it has one, else with defaults.
    """
    example: Callable[[], Agent] = getattr(cls, "example", cls)
    basin = load_scenario("river-basin")
    settings: list[tuple[Scenario, NegotiationProtocol]] = [
        (load_scenario("pie-split"), AlternatingOffers()),
        (basin, AlternatingOffers()),
        (random_scenario(np.random.default_rng(seed)), AlternatingOffers()),
        (basin, SingleText()),
    ]
    problems: list[str] = []
    for scenario, protocol in settings:
        names = [p.name for p in scenario.negotiators]
        for k, opponent in enumerate(OPPONENTS):
            seat = names[k % len(names)]
            found: list[str] = []
            runs: list[SessionResult] = []
            for _ in range(2):
                agent = _Watched(cls(**params) if params else example(), found)
                runs.append(_run(scenario, protocol, seat, agent, opponent, seed + k))
            found += _breaches(scenario, seat, runs[0])
            if [e.to_dict() for e in runs[0].events] != [e.to_dict() for e in runs[1].events]:
                found.append("two runs with the same seed differ")
            where = f"{seat} vs {opponent}, {protocol.name} on '{scenario.metadata.title}'"
            problems += [f"{where}: {p}" for p in dict.fromkeys(found)]
    if problems:
        raise AssertionError(f"{cls.__name__} ({cls.name}):\n  " + "\n  ".join(problems))

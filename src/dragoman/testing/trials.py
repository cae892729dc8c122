"""Playing a check's sessions: each setting twice with the same seed, every rule checked, and
the strategy's declared traits held against what it did."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from dragoman.model.scenario import Scenario
from dragoman.negotiation.session import NegotiationProtocol, Seat, Session
from dragoman.negotiation.strategy import Strategy
from dragoman.negotiation.traits import trait_problems
from dragoman.testing.rules import same_log, session_breaches
from dragoman.testing.watch import Watch

__all__ = ["fail_on", "play", "play_twice", "trait_breaches"]

#: Builds fresh seats for one session (strategies keep state, so each run needs its own).
SeatsFactory = Callable[[], Mapping[str, Seat]]


def play(
    scenario: Scenario, protocol: NegotiationProtocol, seats: Mapping[str, Seat], seed: int
) -> tuple[Session | None, list[str]]:
    """Run one session to its end: the session (None if it raised) and the rules it broke."""
    try:
        session = Session(scenario, protocol, seats, seed=seed)
        session.run()
    except Exception as exc:  # the check reports whatever escapes the session
        return None, [f"the session raised {type(exc).__name__}: {exc}"]
    return session, session_breaches(session)


def play_twice(
    scenario: Scenario, protocol: NegotiationProtocol, seats: SeatsFactory, seed: int
) -> tuple[Session | None, list[str]]:
    """Run a setting twice with the same seed: the first session, its breaches, and a note if
    the two event logs differ."""
    first, problems = play(scenario, protocol, seats(), seed)
    second, _ = play(scenario, protocol, seats(), seed)
    if first is not None and second is not None:
        assert first.result is not None and second.result is not None
        if not same_log(first.result, second.result):
            problems.append("two runs with the same seed differ")
    return first, problems


def trait_breaches(cls: type[Strategy], watch: Watch) -> list[str]:
    """The class's traits outside the closed vocabulary, or a `stochastic` trait that what the
    strategy did across the check contradicts."""
    traits = getattr(cls, "traits", None)
    problems = trait_problems(traits)
    if problems or traits is None:
        return problems
    if not traits["stochastic"] and watch.draws:
        return ["declares stochastic=False but used its random generator"]
    if traits["stochastic"] and not watch.draws:
        return ["declares stochastic=True but never used its random generator"]
    return []


def fail_on(title: str, problems: list[str]) -> None:
    """Raise AssertionError under `title` listing every problem (each once), if there are any."""
    if problems:
        raise AssertionError(f"{title}:\n  " + "\n  ".join(dict.fromkeys(problems)))

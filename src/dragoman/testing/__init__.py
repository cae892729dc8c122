"""Conformance checks and test doubles, apart from the product (PettingZoo's `pettingzoo.test`,
OpenSpiel's `random_sim_test`, Axelrod's `versus_test`).

`check_agent(cls)`, `check_mediator(cls)` and `check_protocol(protocol_or_name)` play what they
are given on built-in and random scenarios and raise AssertionError listing every breach of the
rules: invalid answers, exceptions, broken red lines or reservation values, different logs from
one seed, messages off the channels, views that changed or show too much, traits outside the
closed vocabulary. `ScriptedAgent` plays a fixed script; `random_scenario(rng)` builds a small
random scenario. The tests run every registered agent, mediator and protocol through its check.
"""

from dragoman.testing.agents import check_agent
from dragoman.testing.mediators import check_mediator
from dragoman.testing.protocols import check_protocol
from dragoman.testing.rules import agent_breaches, same_log, session_breaches
from dragoman.testing.scenarios import random_scenario
from dragoman.testing.scripted import ScriptedAgent

__all__ = [
    "ScriptedAgent",
    "agent_breaches",
    "check_agent",
    "check_mediator",
    "check_protocol",
    "random_scenario",
    "same_log",
    "session_breaches",
]

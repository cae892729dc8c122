"""Everything registered passes its conformance check: every agent, every mediator, every
protocol; and `dragoman.testing` exports exactly its public API."""

from __future__ import annotations

import inspect

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dragoman.testing
from dragoman.negotiation import AlternatingOffers, NegotiationProtocol, Shuttle, SingleText
from dragoman.negotiation.protocols.registry import protocol_names
from dragoman.negotiation.traits import trait_problems
from dragoman.strategies import Agent, Mediator, agent_names, mediator_names
from dragoman.strategies.registry import strategy_class
from dragoman.testing import ScriptedAgent, check_agent, check_mediator, check_protocol


@pytest.mark.parametrize("name", agent_names())
def test_registered_agent_conforms(name: str) -> None:
    cls = strategy_class("agent", name)
    assert issubclass(cls, Agent)
    check_agent(cls)


@settings(max_examples=15, deadline=None)
@given(name=st.sampled_from(agent_names()), seed=st.integers(1, 2**16))
def test_registered_agents_conform_on_other_random_scenarios(name: str, seed: int) -> None:
    cls = strategy_class("agent", name)
    assert issubclass(cls, Agent)
    check_agent(cls, seed=seed)


@pytest.mark.parametrize("name", mediator_names())
def test_registered_mediator_conforms(name: str) -> None:
    cls = strategy_class("mediator", name)
    assert issubclass(cls, Mediator)
    check_mediator(cls)


@settings(max_examples=6, deadline=None)
@given(name=st.sampled_from(mediator_names()), seed=st.integers(1, 2**16))
def test_registered_mediators_conform_on_other_random_scenarios(name: str, seed: int) -> None:
    cls = strategy_class("mediator", name)
    assert issubclass(cls, Mediator)
    check_mediator(cls, seed=seed)


@pytest.mark.parametrize("name", protocol_names())
def test_registered_protocol_conforms(name: str) -> None:
    check_protocol(name)


@pytest.mark.parametrize(
    "protocol",
    [
        AlternatingOffers(first="Bob"),  # runs where Bob is a party, refuses the rest
        SingleText(reports=False, critiques=False, ask_every=1),
        Shuttle(reports=False),
    ],
    ids=repr,
)
def test_protocols_conform_with_their_options_changed(protocol: NegotiationProtocol) -> None:
    check_protocol(protocol, seed=3)


def test_the_scripted_test_double_conforms() -> None:
    check_agent(ScriptedAgent)


@pytest.mark.parametrize(
    ("kind", "name"),
    [("agent", n) for n in agent_names()] + [("mediator", n) for n in mediator_names()],
)
def test_registered_strategy_names_its_source_in_checked_traits(kind: str, name: str) -> None:
    cls = strategy_class(kind, name)
    module = inspect.getmodule(cls)
    assert module is not None and (module.__doc__ or "").strip(), f"{cls.__module__}: no docstring"
    assert (cls.__doc__ or "").strip(), f"{cls.__qualname__} has no docstring"
    assert trait_problems(cls.traits) == []


def test_testing_exports_exactly_its_public_api() -> None:
    public = {
        name
        for name, value in vars(dragoman.testing).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert set(dragoman.testing.__all__) == public
    assert len(dragoman.testing.__all__) == len(set(dragoman.testing.__all__))
    for name in ("check_agent", "check_mediator", "check_protocol", "ScriptedAgent"):
        assert name in dragoman.testing.__all__

"""Protocols register themselves: each built-in module is found by scanning the package, and
names resolve to fresh protocols with their defaults."""

from __future__ import annotations

import pkgutil
from dataclasses import dataclass

import pytest

import dragoman.negotiation.protocols as package
from dragoman.errors import ProtocolError
from dragoman.negotiation import AlternatingOffers, Shuttle, SingleText
from dragoman.negotiation.protocols import registry
from dragoman.negotiation.protocols.registry import (
    make_protocol,
    protocol_class,
    protocol_names,
    register_protocol,
)


def test_every_built_in_protocol_module_registers_its_protocol() -> None:
    modules = {m.name for m in pkgutil.iter_modules(package.__path__)} - {"registry"}
    assert modules == {"alternating", "single_text", "shuttle"}
    assert protocol_names() == ["alternating", "shuttle", "single-text"]
    assert protocol_class("alternating") is AlternatingOffers
    assert protocol_class("single-text") is SingleText
    assert protocol_class("shuttle") is Shuttle


@pytest.mark.parametrize("name", protocol_names())
def test_make_protocol_gives_a_fresh_protocol_of_that_name(name: str) -> None:
    protocol = make_protocol(name)
    assert protocol.name == name
    assert protocol == protocol_class(name)()


def test_an_unknown_name_says_what_is_known_and_what_was_meant() -> None:
    with pytest.raises(ProtocolError, match=r"unknown protocol 'single_text' \(known: alternating"):
        make_protocol("single_text")
    with pytest.raises(ProtocolError, match="did you mean 'single-text'"):
        make_protocol("single_text")
    with pytest.raises(ProtocolError) as caught:
        make_protocol("poker")
    assert "did you mean" not in str(caught.value)


def test_a_protocol_registers_by_its_name_with_no_list_to_edit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))

    @register_protocol
    @dataclass(frozen=True)
    class Quick(AlternatingOffers):
        name: str = "quick"

    assert "quick" in protocol_names()
    assert make_protocol("quick") == Quick()


def test_registering_needs_a_name_and_refuses_a_taken_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))

    class Nameless:
        pass

    with pytest.raises(TypeError, match="needs a non-empty `name`"):
        register_protocol(Nameless)  # type: ignore[type-var]

    @dataclass(frozen=True)
    class Impostor(Shuttle):
        name: str = "alternating"

    with pytest.raises(TypeError, match="two protocols are named 'alternating'"):
        register_protocol(Impostor)
    assert protocol_class("alternating") is AlternatingOffers

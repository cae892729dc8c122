"""Every registered mediator runs on a space of 10^30 outcomes (nothing tabulated, bounded
memory): single text and shuttle end by the protocol's rules, never by a mediator's error."""

from __future__ import annotations

import pytest

from dragoman.model.scenario import Scenario
from dragoman.runs.negotiation import negotiate
from dragoman.strategies.registry import mediator_names
from dragoman.testing.generators import additive_scenario


@pytest.fixture(scope="module")
def huge() -> Scenario:
    data = additive_scenario(30, 10, red_lines=True).model_dump(by_alias=True)
    data["parties"] = [*data["parties"], {"name": "M", "role": "mediator"}]
    return Scenario.from_data(data)


@pytest.mark.parametrize("protocol", ["single-text", "shuttle"])
@pytest.mark.parametrize("mediator", mediator_names())
def test_mediators_run_on_huge_spaces(huge: Scenario, protocol: str, mediator: str) -> None:
    result = negotiate(huge, protocol, mediators={"M": mediator}, steps=60, seed=3)
    assert result.status != "error", result.error

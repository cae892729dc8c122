"""The labour dispute users reported: a union, management and a mediator, the union's red line
on pensions, hundreds of outcomes in the zone. The single text used to end without agreement:
the hill-climber kept proposing `pension=defined_contribution`, beyond the union's reported red
line, and no vote could move the text off it. Now every text keeps the reported red lines and
the mediators agree."""

from __future__ import annotations

import numpy as np
import pytest

from dragoman import Scenario, negotiate
from dragoman.analysis.problem import bargaining_problem
from dragoman.negotiation.events import EventKind

MEDIATORS = ("hill-climber", "one-text")


def test_the_dispute_has_a_zone_of_hundreds_of_outcomes(labour_dispute: Scenario) -> None:
    zone = bargaining_problem(labour_dispute).zone
    assert zone.exists and 500 < zone.count < 1500


@pytest.mark.parametrize("parties", ["boulware", "conceder", "opponent-model"])
@pytest.mark.parametrize("mediator", MEDIATORS)
def test_single_text_agrees_inside_the_union_red_line(
    labour_dispute: Scenario, mediator: str, parties: str
) -> None:
    agents = {"Union": parties, "Management": parties}
    for seed in range(4):
        result = negotiate(
            labour_dispute,
            "single-text",
            agents=agents,
            mediators={"Mediator": mediator},
            seed=seed,
        )
        assert result.status == "agreement", (seed, result.diagnosis)
        assert result.outcome is not None and result.outcome["pension"] != "defined_contribution"
        assert result.assessment is not None and result.assessment.nash_distance < 0.1


@pytest.mark.parametrize("mediator", MEDIATORS)
def test_no_text_proposes_a_defined_contribution_pension(
    labour_dispute: Scenario, mediator: str
) -> None:
    space = labour_dispute.outcome_space
    pension = space.issue_position("pension")
    for seed in range(4):
        result = negotiate(
            labour_dispute, "single-text", mediators={"Mediator": mediator}, seed=seed
        )
        texts = [e.outcome for e in result.events if e.kind == EventKind.TEXT]
        assert texts
        values = space.digits(np.array(texts))[:, pension]
        assert not np.any(values == space.issues[pension].index_of("defined_contribution"))

"""Time-based concession (Faratin et al. 1998) in whole sessions."""

from __future__ import annotations

from agent_sessions import play

from dragoman import Scenario
from dragoman.strategies import make_agent


def test_linear_against_linear_meets_at_the_midpoint(pie: Scenario) -> None:
    # Symmetric linear concession on a symmetric pie meets halfway (the Nash point, Nash 1950).
    result = play(pie, {"Alice": make_agent("linear"), "Bob": make_agent("linear")})
    assert result.status == "agreement"
    assert result.agreement is not None
    assert abs(result.agreement - 50) <= 1


def test_the_more_patient_party_gets_more(pie: Scenario) -> None:
    result = play(pie, {"Alice": make_agent("boulware"), "Bob": make_agent("conceder")})
    assert result.status == "agreement"
    assert result.utilities["Alice"] > result.utilities["Bob"]

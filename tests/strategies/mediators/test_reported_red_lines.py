"""Property: a mediator never puts forward a text beyond a red line a party reported, as long
as some text is inside every reported red line (hypothesis over random scenarios with
mediators of uneven reach, two or three parties, every registered mediator, single text and
shuttle). Relayed proposals are the parties' own, not the mediators' texts."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragoman.negotiation.events import EventKind
from dragoman.negotiation.protocols.registry import make_protocol
from dragoman.negotiation.reports import (
    compile_report,
    has_inside,
    reported_allowed,
    reports_in_log,
)
from dragoman.runs.negotiation import negotiate
from dragoman.strategies.registry import mediator_names
from dragoman.testing.scenarios import random_scenario
from dragoman.utility.masks import passes


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    parties=st.integers(2, 3),
    mediators=st.integers(1, 2),
    mediator=st.sampled_from(mediator_names()),
    protocol=st.sampled_from(["single-text", "shuttle"]),
    agents=st.sampled_from(["boulware", "conceder", "random"]),
)
def test_no_mediator_text_breaches_a_reported_red_line(
    seed: int, parties: int, mediators: int, mediator: str, protocol: str, agents: str
) -> None:
    scenario = random_scenario(np.random.default_rng(seed), parties=parties, mediators=mediators)
    names = [p.name for p in scenario.negotiators]
    seated = make_protocol(protocol).seats_needed(scenario)
    result = negotiate(
        scenario,
        protocol,
        agents=dict.fromkeys(names, agents),
        mediators={m.name: mediator for m in scenario.mediators if m.name in seated},
        seed=seed,
    )
    assert result.status != "error", result.error
    space = scenario.outcome_space
    reports = reports_in_log(result.events, names)
    allowed = reported_allowed(space, [compile_report(r, space) for r in reports.values()])
    if not has_inside(allowed):
        return
    texts = [e.outcome for e in result.events if e.kind == EventKind.TEXT]
    assert texts or mediator in ("relay", "nash")
    if texts:
        inside = passes(space.digits(np.array(texts)), allowed)
        assert inside.all(), [t for t, ok in zip(texts, inside, strict=True) if not ok]


def test_the_property_sees_breaches_where_mediators_are_not_told() -> None:
    """Without reports nothing is known to keep: the hill-climber's random mutations then do
    cross the random scenarios' red line (so the property above can fail)."""
    from dragoman.negotiation.protocols.single_text import SingleText
    from dragoman.utility.scenario import compiled

    crossed = 0
    for seed in range(10):
        scenario = random_scenario(np.random.default_rng(seed), mediators=1)
        result = negotiate(scenario, SingleText(reports=False), seed=seed)
        first = compiled(scenario).utilities[0]
        texts = [e.outcome for e in result.events if e.kind == EventKind.TEXT]
        crossed += int(not first.acceptable(np.array(texts)).all())
    assert crossed > 0

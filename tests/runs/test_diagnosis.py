"""The diagnosis of a session that ended without agreement, one kind of failure at a time, as
`NegotiationResult.diagnosis` and as the pure function `diagnose(scenario, events)`."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from dragoman import Scenario, load_scenario, negotiate
from dragoman.negotiation.strategy import Mediator
from dragoman.negotiation.traits import Family, Traits
from dragoman.negotiation.view import SeatView
from dragoman.runs.diagnosis import diagnose
from dragoman.strategies.hardliner import Hardliner
from dragoman.testing.scripted import ScriptedAgent
from dragoman.utility.scenario import compiled


class FixedText(Mediator):
    """Puts the same text forward, whatever it hears (a test double)."""

    name: ClassVar[str] = "fixed-text"
    traits: ClassVar[Traits] = {"family": Family.TEST_DOUBLE, "source": "test", "stochastic": False}

    def __init__(self, text: int) -> None:
        self.text = text

    def compose(self, view: SeatView) -> int | None:
        return self.text


class Inflated(Hardliner):
    """A hard-liner that reports a reservation value of 0.99 (a test double)."""

    def report(self, view: SeatView) -> dict[str, Any] | None:
        report = super().report(view)
        assert report is not None
        return {**report, "reservation_value": 0.99}


def basin() -> Scenario:
    return load_scenario("river-basin")


def text_of(scenario: Scenario, **values: Any) -> int:
    """The outcome with `values`, the other issues at their first value."""
    space = scenario.outcome_space
    full = {i.name: values.get(i.name, i.value(0)) for i in space.issues}
    return space.outcome_index(full)


def test_an_agreement_needs_no_diagnosis() -> None:
    result = negotiate(basin(), "single-text", mediators={"Commission": "nash"}, seed=1)
    assert result.status == "agreement" and result.diagnosis == ()
    assert diagnose(basin(), result.events) == []


def test_every_text_breaching_a_red_line_is_named() -> None:
    s = basin()
    c = compiled(s)
    table = np.stack([np.asarray(u.table) for u in c.utilities])
    worth = np.all(table >= c.reservation[:, None], axis=0)  # every party above its RV ...
    dry = s.outcome_space.digits(np.arange(s.outcome_space.size))[:, 0]
    breach = int(np.flatnonzero(worth & (dry == 1))[0])  # ... and 25% of dry-year flow
    result = negotiate(s, "single-text", mediators={"Commission": FixedText(breach)}, seed=0)
    assert result.status == "deadline"
    assert result.diagnosis == (
        "every text proposed breached Downstream's red line on dry_year_share_downstream",
    )
    assert result.to_dict()["diagnosis"] == list(result.diagnosis)
    assert diagnose(s, result.events) == list(result.diagnosis)  # a pure function of the log


def test_texts_below_a_reservation_value_are_named_with_the_best_proposed() -> None:
    s = basin()
    low = text_of(
        s, dry_year_share_downstream=50, dam_filling_years=10, commission_funding="upstream_pays"
    )
    upstream = float(compiled(s).utilities[0].table[low])
    assert upstream < 0.3
    result = negotiate(s, "shuttle", mediators={"Commission": FixedText(low)}, seed=0)
    assert result.status == "deadline"
    assert (
        f"texts stayed below Upstream's reservation value (best proposed {upstream!r} < 0.3)"
        in result.diagnosis
    )


def test_reports_that_leave_no_zone_are_named() -> None:
    s = basin()
    agents = {p.name: Inflated() for p in s.negotiators}
    result = negotiate(s, "single-text", agents=agents, mediators={"Commission": "nash"}, seed=0)
    assert result.status == "deadline"
    assert result.diagnosis[0] == (
        "the parties' reports leave no zone: no text inside every reported red line is worth "
        "every reported reservation value"
    )


def test_texts_in_the_zone_that_nobody_accepted_in_time() -> None:
    s = basin()
    agents = {p.name: "hardliner" for p in s.negotiators}
    result = negotiate(s, "single-text", agents=agents, mediators={"Commission": "nash"}, seed=0)
    assert result.status == "deadline"
    (line,) = result.diagnosis
    assert line.startswith("1 of 1 text proposed was in the zone, but none was accepted")
    assert line.endswith("was rejected by Downstream, Midstream, Upstream")


def test_no_zone_and_incompatible_reported_red_lines() -> None:
    gaza = load_scenario("gaza-ceasefire-2024")
    result = negotiate(gaza, "shuttle", mediators={"US": "nash"}, seed=1)
    assert result.diagnosis[:2] == (
        "no zone of agreement: no text is inside every red line and worth every party's "
        "reservation value (see `dragoman analyze`)",
        "the parties' reported red lines exclude every value of philadelphi_corridor",
    )


def test_a_mediator_that_composes_nothing_under_a_single_text() -> None:
    result = negotiate(load_scenario("pie-split"), "single-text", mediators={"M": "relay"})
    assert result.status == "deadline"
    assert result.diagnosis == ("no text was put to the parties (M composed none)",)


def test_a_walk_out_is_named() -> None:
    s = basin()
    agents: dict[str, Any] = {"Upstream": ScriptedAgent(responses=["walk_away"])}
    result = negotiate(s, "shuttle", agents=agents, mediators={"Commission": "nash"}, seed=0)
    assert result.status == "breakdown"
    assert result.diagnosis[0].startswith("Upstream walked away at step ")


def test_unmediated_offers_are_diagnosed_as_offers() -> None:
    pie = load_scenario("pie-split")
    agents = {"Alice": "hardliner", "Bob": "hardliner"}
    result = negotiate(pie, "alternating", agents=agents, steps=20)
    assert result.status == "deadline"
    assert np.all([line.count("offer") >= 1 for line in result.diagnosis])


def scripted_text_session(steps: int) -> tuple[Scenario, Any]:
    """The same text in the zone put again and again: Upstream rejects it once then accepts
    it, Midstream always accepts, Downstream always rejects."""
    s = basin()
    text = negotiate(s, "single-text", mediators={"Commission": "nash"}, seed=1).agreement
    assert text is not None
    agents: dict[str, Any] = {
        "Upstream": ScriptedAgent(responses=["reject"] + ["accept"] * 20),
        "Midstream": ScriptedAgent(responses=["accept"] * 20),
        "Downstream": ScriptedAgent(responses=["reject"] * 20),
    }
    mediators = {"Commission": FixedText(text)}
    return s, negotiate(s, "single-text", agents=agents, mediators=mediators, steps=steps)


def test_only_the_parties_who_rejected_the_last_text_are_named_as_rejecting() -> None:
    """Upstream rejected the text once, then accepted it each time it was put again: it is
    no rejecter of the last one (it was named so, from its first answer)."""
    s, result = scripted_text_session(steps=24)
    answers = [(e.step, e.sender, e.kind.value) for e in result.events if e.step >= 20]
    assert (21, "Upstream", "accept") in answers and (23, "Downstream", "reject") in answers
    (line,) = result.diagnosis
    assert line.endswith(
        "the last of them (step 20) was rejected by Downstream; accepted by Midstream, Upstream"
    )
    assert diagnose(s, result.events) == [line]


def test_parties_the_deadline_cut_off_are_not_named_as_rejecting() -> None:
    _, result = scripted_text_session(steps=30)  # the text of step 28: only Upstream answers
    (line,) = result.diagnosis
    assert line.endswith(
        "the last of them (step 28) was accepted by Upstream; not answered by Downstream, Midstream"
    )
    assert "rejected" not in line

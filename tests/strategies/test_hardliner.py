"""The hard-liner never concedes: it offers its best and accepts only its best."""

from __future__ import annotations

from agent_sessions import offers_by, play

from dragoman import Scenario, load_scenario
from dragoman.negotiation.events import EventKind
from dragoman.strategies import make_agent
from dragoman.utility.scenario import compiled

# Alice cares only about the price; Bob also values extras, which cost Alice nothing, so a
# conceding Bob ends up offering Alice's best price with the extras he wants.
INTEGRATIVE = {
    "metadata": {"title": "Price and extras"},
    "issues": [
        {"name": "price", "kind": "integer", "min": 0, "max": 10},
        {"name": "extras", "kind": "categorical", "values": ["none", "some", "lots"]},
    ],
    "parties": [
        {
            "name": "Alice",
            "preferences": {
                "weights": {"price": 1.0},
                "values": {"price": {"linear": "increasing"}},
            },
        },
        {
            "name": "Bob",
            "preferences": {
                "weights": {"price": 0.6, "extras": 0.4},
                "values": {
                    "price": {"linear": "decreasing"},
                    "extras": {"scores": {"none": 0.0, "some": 0.5, "lots": 1.0}},
                },
            },
        },
    ],
    "deadline_steps": 100,
}


def test_hardliner_always_offers_its_best(pie: Scenario) -> None:
    result = play(pie, {"Alice": make_agent("hardliner"), "Bob": make_agent("linear")})
    assert set(offers_by(result, "Alice")) == {100}


def test_hardliner_against_a_full_conceder_gets_its_best() -> None:
    scenario = Scenario.from_data(INTEGRATIVE)
    seats = {"Alice": make_agent("hardliner"), "Bob": make_agent("conceder")}
    result = play(scenario, seats)
    assert result.status == "agreement"
    assert result.utilities["Alice"] == 1.0
    assert result.utilities["Bob"] > 0.0  # Bob still gets the extras


def test_hardliner_accepts_nothing_below_its_best(pie: Scenario) -> None:
    # On a pure split a time-based opponent reaches zero only at the deadline: no deal.
    result = play(pie, {"Alice": make_agent("hardliner"), "Bob": make_agent("conceder")})
    assert result.status == "deadline"
    assert not [e for e in result.events if e.kind == EventKind.ACCEPT and e.sender == "Alice"]


def test_hardliner_holds_out_in_a_multilateral_session() -> None:
    basin = load_scenario("river-basin")
    seats = {p.name: make_agent("conceder") for p in basin.negotiators}
    seats["Upstream"] = make_agent("hardliner")
    result = play(basin, seats)
    best = float(compiled(basin).utilities[0].ranking[1][0])
    assert result.status != "agreement" or result.utilities["Upstream"] == best

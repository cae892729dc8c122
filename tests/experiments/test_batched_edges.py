"""The batched engine against the session on the edges of what it accepts: a party with a single
acceptable outcome or none worth its RV, ties in utilities, red lines leaving few outcomes,
budgets of 1 to 3 steps, the reactive party first or second, self-play, oblivious and lockstep
agents at one seat across rows, several variants of different sizes in one call, repeated rows
and seeds near 2**63; and the cells it must leave to the session (a subclass that changes the
rule a lockstep form or a plan stands for)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragoman.experiments.batched import Variant, batchable, play_batched, play_variants
from dragoman.experiments.cells import draw_of
from dragoman.experiments.tournament import tournament
from dragoman.io.scenario_file import dump_scenario
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import EventKind, Response
from dragoman.negotiation.view import SeatView
from dragoman.runs.negotiation import start_session
from dragoman.strategies import Agent, registry
from dragoman.strategies.micro import MiCRO
from dragoman.strategies.time_based import Linear
from dragoman.strategies.tit_for_tat import NaiveTitForTat

AGENTS = ("naive-tft", "micro", "linear", "hardliner", "conceder", "spe-split:opponent_delta=0.8")
ROWS = [r for r in itertools.product(AGENTS, repeat=2) if {"naive-tft", "micro"} & set(r)]


def _party(name: str, scores: list[list[float]], rv: float, keep: tuple[int, int] | None) -> Any:
    """A party scoring issue i's values `scores[i]` (equal weights); `keep` = (issue, k): only
    the first k values of that issue are inside its red lines."""
    issues, labels = len(scores), [f"v{j}" for j in range(len(scores[0]))]
    prefs: dict[str, Any] = {
        "weights": {f"i{i}": 1 / issues for i in range(issues)},
        "values": {
            f"i{i}": {"scores": dict(zip(labels, s, strict=True))} for i, s in enumerate(scores)
        },
        "reservation_value": rv,
    }
    if keep is not None:
        prefs["red_lines"] = [{"issue": f"i{keep[0]}", "forbidden": labels[keep[1] :]}]
    return {"name": name, "preferences": prefs}


def _scenario(parties: list[Any], steps: int) -> Scenario:
    values = len(parties[0]["preferences"]["values"]["i0"]["scores"])
    issues = [
        {"name": name, "kind": "categorical", "values": [f"v{j}" for j in range(values)]}
        for name in parties[0]["preferences"]["values"]
    ]
    data = {"metadata": {"title": "edge"}, "issues": issues, "parties": parties}
    return Scenario.from_data(data | {"deadline_steps": steps})


@st.composite
def edge_scenarios(draw: st.DrawFn) -> Scenario:
    """1-3 issues of 2-4 values; scores on a coarse grid (ties) or fine; an RV of 0, moderate,
    near the top or above every outcome; maybe a red line keeping one value or a few."""
    issues, values = draw(st.integers(1, 3)), draw(st.integers(2, 4))
    grid = draw(st.sampled_from([(0.0, 0.5, 1.0), tuple(np.linspace(0, 1, 21).round(2))]))
    parties = []
    for name in ("A", "B"):
        scores = [[draw(st.sampled_from(grid)) for _ in range(values)] for _ in range(issues)]
        rv = draw(st.sampled_from([0.0, 0.3, 0.8, 1.5]))
        keep = draw(st.none() | st.tuples(st.integers(0, issues - 1), st.integers(1, values - 1)))
        parties.append(_party(name, scores, rv, keep))
    return _scenario(parties, draw(st.integers(1, 30)))


@st.composite
def edge_variants(draw: st.DrawFn) -> list[Variant]:
    """1-3 variants, each with rows drawn from ROWS (repeated at random) and their seeds."""
    variants: list[Variant] = []
    for _ in range(draw(st.integers(1, 3))):
        scenario = draw(edge_scenarios())
        rows = draw(st.lists(st.sampled_from(ROWS), min_size=1, max_size=12))
        rows += rows[: draw(st.integers(0, len(rows)))]  # repetitions
        rows = [r for r in rows if batchable(scenario, "alternating", r)]
        high = draw(st.booleans())
        seed = st.integers(2**63 - 64, 2**63 - 1) if high else st.integers(0, 3)
        variants.append(
            (scenario, rows, draw(st.lists(seed, min_size=len(rows), max_size=len(rows))))
        )
    return variants


def _session(scenario: Scenario, row: tuple[str, ...], seed: int, steps: int | None) -> Any:
    """(agreement, steps, offers) of the row's negotiation played as a session."""
    names = [p.name for p in scenario.negotiators]
    agents = dict(zip(names, row, strict=True))
    result = start_session(scenario, agents=agents, seed=seed, steps=steps).run()
    offers = sum(1 for e in result.events if e.kind is EventKind.OFFER)
    return (-1 if result.agreement is None else result.agreement, result.steps, offers)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edge_variants(), st.sampled_from([None, 1, 2, 3]))
def test_edge_variants_in_one_call_play_as_sessions(variants: list[Variant], steps: int) -> None:
    for (scenario, rows, seeds), play in zip(variants, play_variants(variants, steps), strict=True):
        for k, (row, seed) in enumerate(zip(rows, seeds, strict=True)):
            got = (int(play.agreement[k]), int(play.steps[k]), int(play.offers[k]))
            assert got == _session(scenario, row, seed, steps), (row, seed, scenario.yaml_text)


def _cases() -> dict[str, Scenario]:
    """Hand-made edges: one outcome inside A's red lines; B's RV above every outcome; every
    utility tied in pairs; a red line leaving A two outcomes."""
    up, down = [[0.0, 0.5, 1.0], [1.0, 0.5, 0.0]], [[1.0, 0.5, 0.0], [0.0, 0.5, 1.0]]
    tied = [[0.0, 1.0, 1.0], [1.0, 1.0, 0.0]]
    single = _party("A", up, 0.0, (0, 1))
    single["preferences"]["red_lines"].append({"issue": "i1", "forbidden": ["v1", "v2"]})
    return {
        "single": _scenario([single, _party("B", down, 0.2, None)], 20),
        "unreachable": _scenario([_party("A", up, 0.1, None), _party("B", down, 1.5, None)], 20),
        "ties": _scenario([_party("A", tied, 0.0, None), _party("B", tied[::-1], 0.0, None)], 20),
        "two": _scenario([_party("A", up, 0.3, (1, 2)), _party("B", down, 0.4, None)], 9),
    }


def _assert_same(general: pa.Table, other: pa.Table) -> None:
    """The two engines' tables agree in every column but the engine and the wall time, and the
    cells' keys in their draws (a key ends with the engine that played it)."""
    for column in general.column_names:
        if column not in ("engine", "wall_time", "cell"):
            assert general.column(column).to_pylist() == other.column(column).to_pylist(), column
    draws = [list(map(draw_of, t.column("cell").to_pylist())) for t in (general, other)]
    assert draws[0] == draws[1]


@pytest.mark.parametrize("name", ["single", "unreachable", "ties", "two"])
def test_hand_made_edges_in_a_tournament(tmp_path: Path, name: str) -> None:
    """Every pair of agents at either seat, repeated, at three budgets: the tables agree."""
    path = tmp_path / f"{name}.yaml"
    path.write_text(dump_scenario(_cases()[name]), encoding="utf-8")
    for steps in (1, 3, 20):
        config = {"scenarios": [str(path)], "agents": list(AGENTS), "seed": 2**62 + 7}
        config |= {"repetitions": 2, "steps": steps}
        general = tournament({**config, "engine": "general"}, workers=1).table
        batched = tournament({**config, "engine": "batched"}, workers=1).table
        _assert_same(general, batched)


class _Stubborn(NaiveTitForTat):
    """Tit-for-tat's name changed and its rule too: it never concedes."""

    name: ClassVar[str] = "stubborn-tft-for-test"

    def target(self, view: SeatView) -> float:
        return self.bounds(view)[0]


class _Greedy(MiCRO):
    """MiCRO that accepts nothing."""

    name: ClassVar[str] = "greedy-micro-for-test"

    def respond(self, view: SeatView, offer: int) -> Response:
        return Response.REJECT


class _Walker(Linear):
    """Linear (oblivious by inheritance) that walks away from the first offer it hears."""

    name: ClassVar[str] = "walker-for-test"

    def respond(self, view: SeatView, offer: int) -> Response:
        return Response.WALK_AWAY


class _Counterer(Linear):
    """Linear whose turn itself is changed: it always counters with its opening offer."""

    name: ClassVar[str] = "counterer-for-test"

    def counter(self, view: SeatView, offer: int) -> Response | int:
        return self.plan(view).offers[0]


@pytest.mark.parametrize("cls", [_Stubborn, _Greedy, _Walker, _Counterer])
def test_a_subclass_that_changes_the_rule_plays_in_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cls: type[Agent]
) -> None:
    """An inherited lockstep form or plan stands for the parent's rule, not the subclass's:
    the batched engine leaves such cells to the session, so the tables still agree."""
    monkeypatch.setitem(registry._REGISTRY["agent"], cls.name, cls)
    scenario = _cases()["two"]
    assert not batchable(scenario, "alternating", [cls.name, "conceder"])
    path = tmp_path / "two.yaml"
    path.write_text(dump_scenario(scenario), encoding="utf-8")
    config = {"scenarios": [str(path)], "agents": [cls.name, "conceder", "naive-tft"]}
    general = tournament({**config, "engine": "general"}, workers=1).table
    auto = tournament({**config, "engine": "auto"}, workers=1).table
    assert "batched" in auto.column("engine").to_pylist()
    _assert_same(general, auto)


def test_no_rows_and_mismatched_seeds() -> None:
    scenario = _cases()["two"]
    empty = play_batched(scenario, [])
    assert empty.agreement.size == empty.steps.size == empty.offers.size == 0
    with pytest.raises(ValueError, match="3 rows but 1 seeds"):
        play_batched(scenario, [("micro", "linear")] * 3, seeds=[1])
    with pytest.raises(ValueError, match=r"seeds in \[0, 2\*\*63\)"):
        play_batched(scenario, [("micro", "linear")], seeds=[2**63])
    top = play_batched(scenario, [("micro", "micro")], seeds=[2**63 - 1])
    assert (int(top.agreement[0]), int(top.steps[0]), int(top.offers[0])) == _session(
        scenario, ("micro", "micro"), 2**63 - 1, None
    )

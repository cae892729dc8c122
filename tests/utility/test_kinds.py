"""Adding a kind of preferences is one model class and one compile function: a toy kind
("favourites": a bonus for each favourite value) is defined here with no other edit anywhere,
and it validates, analyses and negotiates like the built-in kinds."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pytest

from dragoman.analysis.scenario import analyze
from dragoman.errors import ScenarioError
from dragoman.model.kinds import PreferencesBase, preference_kinds
from dragoman.model.outcomes import OutcomeSpace
from dragoman.model.scenario import Scenario
from dragoman.runs.negotiation import negotiate
from dragoman.utility.kinds import compiles
from dragoman.utility.scenario import compiled
from dragoman.utility.terms import UtilityTerms


class Favourites(PreferencesBase):
    """A toy kind: utility = the share of the party's favourite values in the outcome."""

    kind: Literal["favourites"]
    favourites: dict[str, str]


@compiles(Favourites)
def compile_favourites(preferences: Favourites, space: OutcomeSpace) -> UtilityTerms:
    share = 1.0 / max(1, len(preferences.favourites))
    tables = []
    for issue in space.issues:
        table = np.zeros(issue.cardinality)
        if issue.name in preferences.favourites:
            table[issue.index_of(preferences.favourites[issue.name])] = share
        tables.append(table)
    return UtilityTerms(tuple(tables))


def scenario(**extra: object) -> Scenario:
    values = ["a", "b", "c"]
    issues = [{"name": f"i{k}", "kind": "categorical", "values": values} for k in range(3)]
    toy = {"kind": "favourites", "favourites": {"i0": "a", "i1": "a", "i2": "b"}, **extra}
    linear = {
        "weights": {"i0": 0.5, "i1": 0.3, "i2": 0.2},
        "values": {f"i{k}": {"scores": {"a": 0.0, "b": 0.5, "c": 1.0}} for k in range(3)},
    }
    parties = [{"name": "Toy", "preferences": toy}, {"name": "Plain", "preferences": linear}]
    return Scenario.from_data(
        {"metadata": {"title": "toy kind"}, "issues": issues, "parties": parties}
    )


def test_the_new_kind_is_registered_and_validated() -> None:
    assert "favourites" in preference_kinds()
    s = scenario()
    assert isinstance(s.parties[0].preferences, Favourites)
    with pytest.raises(ScenarioError, match="favourites"):
        scenario(favourites=3)


def test_the_new_kind_compiles_and_analyses() -> None:
    s = scenario()
    toy = compiled(s).utilities[0]
    best = s.outcome_space.outcome_index({"i0": "a", "i1": "a", "i2": "b"})
    assert toy.table[best] == pytest.approx(1.0)
    analysis = analyze(s)
    assert analysis.frontier and "nash" in analysis.solutions


def test_the_new_kind_negotiates() -> None:
    result = negotiate(scenario(reservation_value=0.3), "alternating", seed=1, steps=60)
    assert result.status == "agreement" and result.utilities["Toy"] >= 0.3

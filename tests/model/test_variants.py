"""Compiled state never goes stale: a scenario cannot be changed in place (its mappings and lists
are read-only), and a variant of a scenario, made by pydantic's `model_copy` or
by the documented API (`revised`, `with_preferences`, `without_red_lines`), is analysed from its
own data, exactly as the same data loaded fresh, after the original was analysed (and its
caches filled)."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel

from dragoman.analysis.scenario import analyze
from dragoman.io.scenario_file import (
    builtin_scenarios,
    dump_scenario,
    load_scenario,
    parse_scenario,
)
from dragoman.model.base import FrozenDict
from dragoman.model.outcomes import CategoricalIssue
from dragoman.model.preferences import Preferences
from dragoman.model.scenario import Scenario
from dragoman.runs.negotiation import negotiate
from dragoman.utility.scenario import compiled

Change = Callable[[dict[str, Any]], None]


def fresh(scenario: Scenario) -> Scenario:
    """The same data, validated into a brand-new object."""
    return Scenario.from_data(scenario.model_dump(by_alias=True))


def river() -> Scenario:
    return load_scenario("river-basin")


def first_preferences(s: Scenario) -> dict[str, Any]:
    prefs = s.negotiators[0].preferences
    assert isinstance(prefs, Preferences)
    return prefs.model_dump()


CHANGES: dict[str, Change] = {
    "reservation value": lambda p: p.update(reservation_value=0.69),
    "weights": lambda p: p.update(
        weights={k: (1.0 if i == 0 else 0.0) for i, k in enumerate(p["weights"])}
    ),
    "scores": lambda p: p["values"].update(
        {k: {"linear": "decreasing"} if v.get("linear") else v for k, v in p["values"].items()}
    ),
    "red lines": lambda p: p.update(red_lines=[]),
    "interactions": lambda p: p.update(
        interactions=[{"when": dict(list(_first_values(p).items())[:2]), "bonus": 0.4}]
    ),
    "GENIUS semantics": lambda p: p.update(weights_as_written=True),
}


def _first_values(p: dict[str, Any]) -> dict[str, Any]:
    s = river()
    return {i.name: i.labels[0] for i in s.issues if i.name in p["weights"]}


def preferences_variant(change: Change) -> Preferences:
    data = first_preferences(river())
    change(data)
    return Preferences.model_validate(data)


def model_copy_variant(base: Scenario, preferences: Preferences) -> Scenario:
    party = base.negotiators[0].model_copy(update={"preferences": preferences})
    parties = tuple(party if p.name == party.name else p for p in base.parties)
    return base.model_copy(update={"parties": parties})


@pytest.mark.parametrize("what", sorted(CHANGES))
@pytest.mark.parametrize("how", ["model_copy", "with_preferences"])
def test_a_variant_is_analysed_from_its_own_data(what: str, how: str) -> None:
    base = river()
    before = analyze(base)  # fills every cache of the original
    compiled(base)
    preferences = preferences_variant(CHANGES[what])
    if how == "model_copy":
        variant = model_copy_variant(base, preferences)
    else:
        variant = base.with_preferences({base.negotiators[0].name: preferences})
    name = base.negotiators[0].name
    assert compiled(variant).utilities[0].preferences == preferences
    assert compiled(variant).utilities[0].reservation_value == preferences.reservation_value
    expected = analyze(fresh(variant))
    assert analyze(variant) == expected
    assert analyze(base) == before  # the original is untouched
    assert expected.reservation_values[name] == preferences.reservation_value


def test_changing_the_issues_rebuilds_the_outcome_space() -> None:
    base = load_scenario("pie-split")
    analyze(base)
    issue = base.issues[0].model_copy(update={"max": 50})
    variant = base.model_copy(update={"issues": (issue,)})
    assert variant.outcome_space.size == 51 != base.outcome_space.size
    assert analyze(variant) == analyze(fresh(variant))


def test_revised_and_without_red_lines_are_validated_variants() -> None:
    gaza = load_scenario("gaza-ceasefire-2024")
    analyze(gaza)
    dropped = gaza.without_red_lines([("Israel", "philadelphi_corridor")])
    assert analyze(dropped).zopa.exists and not analyze(gaza).zopa.exists
    retitled = gaza.revised({"metadata": {**gaza.metadata.model_dump(), "title": "what if"}})
    assert analyze(retitled).title == "what if"
    with pytest.raises(Exception, match="unknown field"):
        gaza.revised({"metadata": {"title": "x", "colour": "red"}})


def test_a_negotiation_on_a_variant_uses_the_variant() -> None:
    base = load_scenario("pie-split")
    negotiate(base, "alternating", seed=0)
    prefs = base.negotiators[0].preferences
    assert prefs is not None
    greedy = prefs.model_copy(update={"reservation_value": 0.9})
    variant = base.with_preferences({base.negotiators[0].name: greedy})
    result = negotiate(variant, "alternating", seed=0)
    assert result.status != "agreement" or result.utilities[base.negotiators[0].name] >= 0.9


def _scored(s: Scenario) -> tuple[Preferences, str, str]:
    """The first negotiator's preferences, an issue it scores by a table, and a value of it."""
    prefs = s.negotiators[0].preferences
    assert isinstance(prefs, Preferences)
    issue, scoring = next((k, v) for k, v in prefs.values.items() if v.scores)
    assert scoring.scores is not None
    return prefs, issue, next(iter(scoring.scores))


MUTATIONS: dict[str, Callable[[Scenario], object]] = {
    "a score": lambda s: (
        _scored(s)[0]
        .values[_scored(s)[1]]
        .scores.__setitem__(  # type: ignore[union-attr]
            _scored(s)[2], 0.0
        )
    ),
    "a weight": lambda s: _scored(s)[0].weights.update({_scored(s)[1]: 0.5}),
    "a scoring": lambda s: _scored(s)[0].values.pop(_scored(s)[1]),
    "every scoring": lambda s: _scored(s)[0].values.clear(),
    "weights |=": lambda s: _scored(s)[0].weights.__ior__({"x": 1.0}),
    "a seat": lambda s: s.seats.setdefault("nobody", None),  # type: ignore[arg-type]
    "a value label": lambda s: next(
        i for i in s.issues if isinstance(i, CategoricalIssue)
    ).value_labels.__delitem__("x"),
}


@pytest.mark.parametrize("what", sorted(MUTATIONS))
def test_a_scenario_cannot_be_changed_in_place(what: str) -> None:
    s = river()
    before = analyze(s)
    with pytest.raises(TypeError, match="read-only"):
        MUTATIONS[what](s)
    assert analyze(s) == before == analyze(fresh(s))


def test_every_mapping_and_list_of_a_scenario_is_read_only() -> None:
    def walk(value: object) -> None:
        assert not isinstance(value, list | set)
        if isinstance(value, dict):
            assert isinstance(value, FrozenDict)
            for item in value.values():
                walk(item)
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        elif isinstance(value, BaseModel):
            for item in value.__dict__.values():
                walk(item)

    for name in builtin_scenarios():
        walk(load_scenario(name))


def test_a_read_only_scenario_still_dumps_compares_hashes_and_copies() -> None:
    s = load_scenario("gaza-ceasefire-2024")
    assert parse_scenario(dump_scenario(s)) == s == fresh(s)
    assert hash(s) == hash(fresh(s)) and len({s, fresh(s)}) == 1
    assert pickle.loads(pickle.dumps(s)) == s == copy.deepcopy(s) == s.model_copy(deep=True)
    assert type(s.model_dump()["seats"]) is dict
    assert json.loads(json.dumps(s.model_dump(mode="json"))) == s.model_dump(mode="json")


def test_model_copy_makes_its_updates_read_only_and_derives_afresh() -> None:
    base = river()
    analyze(base)
    prefs, issue, value = _scored(base)
    table = dict(prefs.values[issue].scores or {})
    table[value] = 1.0 - table[value]
    scoring = prefs.values[issue].model_copy(update={"scores": table})
    values = {**prefs.values, issue: scoring}
    changed = prefs.model_copy(update={"values": values})
    variant = base.with_preferences({base.negotiators[0].name: changed})
    copied = model_copy_variant(base, changed)
    assert isinstance(scoring.scores, FrozenDict) and isinstance(changed.values, FrozenDict)
    with pytest.raises(TypeError, match="read-only"):
        changed.values[issue] = prefs.values[issue]
    assert analyze(copied) == analyze(variant) == analyze(fresh(variant)) != analyze(base)

"""The texts mediators weigh (`strategies/mediators/_texts.py`): fairness by the reports, when
votes are overruled, the least a party can get, one-issue changes, neutral drafts."""

from __future__ import annotations

import numpy as np

from dragoman import load_scenario
from dragoman.strategies.mediators._texts import (
    Yardstick,
    best_reported,
    floors,
    leaves_at_least,
    neutral_text,
    one_issue_changes,
)
from dragoman.utility.scenario import compiled


def pie_yardstick() -> Yardstick:
    c = compiled(load_scenario("pie-split"))  # Alice's utility is her share, Bob's the rest
    return Yardstick(["Alice", "Bob"], list(c.utilities))


def share(k: int) -> np.ndarray:
    return np.array([k], dtype=np.int16)


def test_the_fairer_text_is_the_one_with_the_larger_nash_product() -> None:
    ys = pie_yardstick()
    fairness = ys.fairness(np.array([[80], [60], [50]], dtype=np.int16))
    assert fairness[0] < fairness[1] < fairness[2]
    assert ys.best_move(share(80), np.array([[90], [60], [55]], dtype=np.int16)) == 2
    assert ys.best_move(share(50), np.array([[40], [60]], dtype=np.int16)) is None


def test_votes_are_overruled_only_where_the_reports_expected_them() -> None:
    ys = pie_yardstick()
    # 80 -> 60 costs Alice and is fairer: her vote against was expected
    assert ys.overrules(share(80), share(60), {"Alice": False, "Bob": True})
    # Bob gains by his report, yet votes against: his report misled, his vote stands
    assert not ys.overrules(share(80), share(60), {"Alice": True, "Bob": False})
    # a less fair text is never forced
    assert not ys.overrules(share(60), share(80), {"Alice": True, "Bob": False})


def test_a_text_at_a_party_least_is_recognised() -> None:
    c = compiled(load_scenario("pie-split"))
    assert list(floors(c.utilities)) == [0.0, 0.0]
    assert leaves_at_least(c.utilities, share(100)) and leaves_at_least(c.utilities, share(0))
    assert not leaves_at_least(c.utilities, share(50))
    assert best_reported(list(c.utilities), [np.ones(101, dtype=bool)]) == 50


def test_one_issue_changes_and_the_neutral_draft_keep_the_limits() -> None:
    allowed = (np.array([True, False, True, True]), np.array([False, True, True]))
    changes = one_issue_changes(np.array([0, 1], dtype=np.int16), allowed)
    assert sorted(map(tuple, changes.tolist())) == [(0, 2), (2, 1), (3, 1)]
    assert neutral_text(allowed).tolist() == [2, 1]

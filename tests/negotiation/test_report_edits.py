"""Reports a party may make: each is valid preferences; exaggeration stretches scores and raises
the reservation value; edits change exactly what they name; bad edits say what is wrong."""

from __future__ import annotations

import pytest

from dragoman import load_scenario
from dragoman.model.kinds import parse_preferences
from dragoman.negotiation import report_edits as edits


def hamas() -> dict:  # type: ignore[type-arg]
    prefs = load_scenario("gaza-ceasefire-2024").party("Hamas").preferences
    assert prefs is not None
    return prefs.model_dump(mode="json")


def test_exaggeration_spreads_scores_and_raises_the_reservation_value() -> None:
    truth = hamas()
    told = edits.exaggerated(truth, 2.0)
    parse_preferences(told)
    assert told["reservation_value"] == pytest.approx(1 - (1 - truth["reservation_value"]) / 2)
    before = truth["values"]["philadelphi_corridor"]["scores"]
    after = told["values"]["philadelphi_corridor"]["scores"]
    assert max(after.values()) - min(after.values()) >= max(before.values()) - min(before.values())
    assert after["reduced_presence"] < before["reduced_presence"]  # below the middle: lower
    assert after["third_party_monitoring"] > before["third_party_monitoring"]
    assert edits.exaggerated(truth, 1.0) == edits.checked_report(truth)
    with pytest.raises(ValueError, match="factor of 1 or more"):
        edits.exaggerated(truth, 0.5)


def test_edits_weights_scores_rv_and_red_lines() -> None:
    truth = hamas()
    weighted = edits.with_weight(truth, "philadelphi_corridor", 0.5)
    assert weighted["weights"]["philadelphi_corridor"] == 0.5
    assert sum(weighted["weights"].values()) == pytest.approx(1.0)
    scored = edits.with_score(truth, "return_north", "with_screening", 0.4)
    assert scored["values"]["return_north"]["scores"]["with_screening"] == 0.4
    assert edits.with_reservation_value(truth, 0.6)["reservation_value"] == 0.6
    corridor = load_scenario("gaza-ceasefire-2024").issues[4]
    lined = edits.with_red_line(truth, corridor, ["full_withdrawal", "third_party_monitoring"])
    assert lined["red_lines"][-1]["allowed"] == ["full_withdrawal", "third_party_monitoring"]
    dropped = edits.without_red_line(truth, "philadelphi_corridor")
    assert all(r["issue"] != "philadelphi_corridor" for r in dropped["red_lines"])


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: edits.with_weight(d, "nowhere", 0.2), "no weight for 'nowhere'"),
        (lambda d: edits.with_weight(d, "return_north", 1.5), "between 0 and 1"),
        (lambda d: edits.with_score(d, "return_north", "x", 0.2), "'x' is not a value"),
        (lambda d: edits.with_score(d, "ceasefire_weeks", "6", 0.2), "not scored value by"),
        (lambda d: edits.with_score(d, "return_north", "unrestricted", 3), "between 0 and 1"),
        (lambda d: edits.without_red_line(d, "return_north"), "no red line on"),
        (lambda d: edits.with_reservation_value(d, "high"), "reservation_value"),
    ],
)
def test_bad_edits_are_refused_in_words(edit, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=message):
        edit(hamas())

"""Numbers in words (`dragoman._words`): counts agree with their nouns, units with values."""

from __future__ import annotations

import pytest

from dragoman import load_scenario
from dragoman._words import count, noun, number, plain, unit_for


@pytest.mark.parametrize(
    ("n", "word", "text"),
    [
        (1, "mediator", "1 mediator"),
        (3, "mediator", "3 mediators"),
        (0, "outcome", "0 outcomes"),
        (50_400, "outcome", "50,400 outcomes"),
        (1.0, "week", "1 week"),
        (1.5, "week", "1.5 weeks"),
        (2, "party", "2 parties"),
        (1, "party", "1 party"),
        (2, "batch", "2 batches"),
        (2, "person", "2 people"),
        (2, "simulated run", "2 simulated runs"),
    ],
)
def test_count(n: float, word: str, text: str) -> None:
    assert count(n, word) == text


def test_an_explicit_plural_and_numbers() -> None:
    assert noun(2, "relay/consult message") == "relay/consult messages"
    assert count(2, "datum", "data") == "2 data"
    assert number(1750.0) == "1,750" and number(0.25) == "0.25"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1, "years", "year"),
        (3, "years", "years"),
        (1, "prisoners per hostage", "prisoner per hostage"),
        (1, "hostages", "hostage"),
        (1, "%", "%"),
        (1, "series", "series"),
        (1, "batteries", "battery"),
        (1, "boxes", "box"),
        (1, "thousandths", "thousandth"),
        (1, "", ""),
    ],
)
def test_units_agree_with_their_value(value: float, unit: str, text: str) -> None:
    assert unit_for(value, unit) == text


def test_an_issue_value_in_words_agrees_with_its_unit() -> None:
    river = load_scenario("river-basin")
    years = river.issues[1]
    assert years.unit == "years"
    data = river.model_dump(by_alias=True)
    data["issues"][1]["min"] = 1
    one = type(river).from_data(data).issues[1]
    assert one.text(0) == "1 year" and one.text(1) == "2 years"


def test_a_number_is_shown_whole() -> None:
    """Every digit of a value's shortest exact form (`:g` had cut 0.890596104 to 0.890596,
    with nothing to show it was cut); whole values with thousands separators."""
    assert number(0.890596104) == "0.890596104"
    assert number(0.4) == "0.4" and number(1.0) == "1" and number(600_000) == "600,000"
    assert number(12_345.678) == "12,345.678" and number(10**30) == f"{10**30:,}"
    assert float(number(1 / 3).replace(",", "")) == 1 / 3


def test_a_number_in_a_message_reads_as_written() -> None:
    """Float noise dropped, written numbers kept, truly long ones visibly abbreviated."""
    assert plain(-0.07999999999999999) == "-0.08" and plain(0.1 + 0.2) == "0.3"
    assert plain(0.890596104) == "0.890596104" and plain(3.0) == "3" and plain(1500) == "1,500"
    assert plain(-0.053333333333333316) == "-0.053…" and plain(1 / 3) == "0.333…"

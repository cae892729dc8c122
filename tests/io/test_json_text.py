"""JSON text within the limits: the shape check counts openings first and walks the text only
when they could be nested too deep."""

from __future__ import annotations

import pytest

from dragoman.io.json_text import JsonRefusedError, parse_json
from dragoman.limits import limit


def test_many_shallow_openings_are_not_deep() -> None:
    many = "[" + ",".join(["[]"] * (limit("depth") * 3)) + "]"
    assert parse_json(many) == [[]] * (limit("depth") * 3)


def test_too_deep_is_refused_naming_its_line() -> None:
    deep = "[\n" + "[" * limit("depth") + "]" * (limit("depth") + 1)
    with pytest.raises(JsonRefusedError, match="the limit 'depth'") as refused:
        parse_json(deep)
    assert refused.value.line == 2


def test_brackets_inside_strings_count_for_nothing() -> None:
    text = '{"a": "' + "[" * (limit("depth") * 2) + '"}'
    assert parse_json(text) == {"a": "[" * (limit("depth") * 2)}

"""The limits: the table of docs/limits.md and `dragoman.limits` agree, overrides are read at use
time, and a refusal is one line naming the limit, the value and the environment variable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dragoman.limits import LIMITS, LimitError, limit, over, refusal

DOC = Path(__file__).resolve().parents[1] / "docs" / "limits.md"
ROW = re.compile(r"^\| `(\w+)` \| ([\d,.]+) \| ([\w ]+) \| (.+?) \| `(DRAGOMAN_MAX_\w+)` \|$")


def documented() -> dict[str, tuple[str, str, str]]:
    rows = [ROW.match(line) for line in DOC.read_text(encoding="utf-8").splitlines()]
    return {m[1]: (m[2], m[3], m[5]) for m in rows if m}


def test_every_limit_is_documented_and_every_documented_one_exists() -> None:
    table = documented()
    assert sorted(table) == sorted(LIMITS)
    for name, item in LIMITS.items():
        assert table[name] == (f"{item.value:,}", item.unit, item.env), name


def test_a_refusal_names_the_limit_the_value_and_the_variable() -> None:
    assert refusal("issues", 5_000) == (
        "too many issues (5,000 > 500, the limit 'issues'; set DRAGOMAN_MAX_ISSUES to change it)"
    )
    assert "6,000,000 > 5,000,000 bytes" in refusal("scenario_bytes", 6_000_000)
    assert over("issues", 500) is None and over("issues", 501) is not None


def test_overrides_are_read_at_use_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAGOMAN_MAX_ISSUES", "2_000")
    assert limit("issues") == 2_000 and over("issues", 1_999) is None
    monkeypatch.setenv("DRAGOMAN_MAX_ISSUES", "many")
    with pytest.raises(LimitError, match="DRAGOMAN_MAX_ISSUES must be a positive whole number"):
        limit("issues")
    monkeypatch.setenv("DRAGOMAN_MAX_ISSUE_VALUES", "40000")
    with pytest.raises(LimitError, match="at most 32,767"):
        limit("issue_values")

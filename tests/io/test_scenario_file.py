"""Tests of scenario file I/O: resolution of names, files on disk, the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dragoman.errors import ScenarioError
from dragoman.io.scenario_file import (
    builtin_scenarios,
    dump_scenario,
    load_scenario,
    resolve_scenario,
    scenario_schema,
)


def test_builtins_are_listed() -> None:
    assert {"gaza-ceasefire-2024", "pie-split", "river-basin"} <= set(builtin_scenarios())


def test_resolve_prefers_an_existing_path(tmp_path: Path) -> None:
    copy = tmp_path / "pie-split"
    copy.write_text(dump_scenario(load_scenario("pie-split")))
    assert resolve_scenario(copy) == copy
    assert resolve_scenario("pie-split") == builtin_scenarios()["pie-split"]


def test_unknown_name_lists_the_builtins() -> None:
    with pytest.raises(ScenarioError, match=r"built-ins: .*gaza-ceasefire-2024"):
        resolve_scenario("no-such-scenario")


def test_unreadable_file_is_a_scenario_error(tmp_path: Path) -> None:
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ScenarioError, match=r"binary\.yaml"):
        load_scenario(path)


def test_errors_from_files_name_the_path(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("format_version: 1\nmetadata: {title: t}\nissues: []\nparties: []\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert all(p.file == str(path) for p in info.value.problems)
    assert {p.path for p in info.value.problems} == {"issues", "parties"}


def test_schema_is_json_and_documents_the_top_level() -> None:
    schema = json.loads(scenario_schema())
    assert schema["title"] == "Dragoman scenario"
    assert {"metadata", "issues", "parties", "channels", "rounds", "phases"} <= set(
        schema["properties"]
    )


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    # a "billion laughs" of nested aliases would otherwise expand to gigabytes
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ScenarioError, match=r"aliases .* are not allowed") as info:
        load_scenario(path)
    assert info.value.problems[0].line == 2


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(dump_scenario(load_scenario("pie-split")) + "deadline_steps: 5\n")
    with pytest.raises(ScenarioError, match="duplicate key 'deadline_steps'"):
        load_scenario(path)


def test_seat_parameters_follow_the_spec_rules(tmp_path: Path) -> None:
    text = dump_scenario(load_scenario("pie-split"))
    path = tmp_path / "seats.yaml"
    seats = (
        "seats:\n  Alice: {strategy: 'boulware:e=0.3', params: {e: 0.5}}\n"
        "  Bob: {strategy: relative-tft, params: {delta: 2.7}}\n"
    )
    path.write_text(text + seats, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    lines = str(caught.value).splitlines()
    assert any("seats.Alice: parameter 'e' is given twice" in line for line in lines), lines
    assert any("seats.Bob: parameter 'delta' of agent 'relative-tft' must be a whole" in line
               for line in lines), lines  # fmt: skip

"""Text from files, logs and people printed literally by every command: a title, party, issue,
value, note or typed line holding markup (`[/x]`, `[bold]t`) or terminal escapes
(`ESC]0;PWNED BEL ESC[2J`) crashes nothing, is shown as written, and no ESC byte reaches
standard output or standard error."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dragoman.app.cli import app

runner = CliRunner()
ESC = "\x1b"
PWNED = r"\e]0;PWNED\a\e[2J"  # in a double-quoted YAML string: OSC retitle, then clear screen
SCENARIO = f"""\
format_version: 1
metadata:
  title: "T [/x] [bold]t {PWNED}"
  description: "d [/x] {PWNED}"
issues:
  - name: share
    kind: categorical
    values: ["lo [bold]t", "mid {PWNED}", "hi [/x]"]
parties:
  - name: "Al[/x]ice"
    preferences:
      weights: {{share: 1.0}}
      values:
        share: {{scores: {{"lo [bold]t": 0.0, "mid {PWNED}": 0.5, "hi [/x]": 1.0}}}}
      reservation_value: 0.0
  - name: "B[bold]ob{PWNED}"
    preferences:
      weights: {{share: 1.0}}
      values:
        share: {{scores: {{"lo [bold]t": 1.0, "mid {PWNED}": 0.5, "hi [/x]": 0.0}}}}
      reservation_value: 0.0
deadline_steps: 10
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def run(args: list[str], stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, args, input=stdin, env={"COLUMNS": "120"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    text = result.stdout + result.stderr
    assert ESC not in text, text[max(0, text.find(ESC) - 60) : text.find(ESC) + 20]
    assert "Traceback" not in text
    return result.exit_code, text


@pytest.mark.parametrize(
    "command",
    [["validate"], ["analyze"], ["implement", "--runs", "100"], ["negotiate", "--steps", "6"]],
)
def test_hostile_names_are_shown_literally(hostile: Path, command: list[str]) -> None:
    code, text = run([command[0], str(hostile), *command[1:]])
    assert code == 0, text
    assert "T [/x] [bold]t ␛]0;PWNED" in text  # the title as written, the escape visible


def test_negotiation_and_its_replay_show_the_names_literally(hostile: Path) -> None:
    log = hostile.parent / "run.jsonl"
    agents = [
        "--agent",
        "Al[/x]ice=conceder",
        "--agent",
        "B[bold]ob\x1b]0;PWNED\x07\x1b[2J=conceder",
    ]
    code, live = run(["negotiate", str(hostile), *agents, "--log", str(log)])
    assert code == 0, live
    assert "Al[/x]ice" in live and "B[bold]ob␛]0;PWNED" in live and "hi [/x]" in live
    assert "Agreement after" in live
    code, replayed = run(["replay", str(log)])
    assert code == 0, replayed
    assert "Al[/x]ice" in replayed and "B[bold]ob␛]0;PWNED" in replayed
    code, text = run(["implement", str(hostile), "--from-log", str(log), "--runs", "100"])
    assert code == 0, text
    assert "mid ␛]0;PWNED" in text or "hi [/x]" in text or "lo [bold]t" in text


def test_an_error_echoing_hostile_text_is_literal(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(SCENARIO.replace("kind: categorical", f'kind: "cat [/x] {PWNED}"'))
    code, text = run(["validate", str(path)])
    assert code == 2
    assert "error:" in text and "bad.yaml:6" in text
    assert "cat [/x] \\x1b]0;PWNED" in text  # the kind echoed, its escape written out


def test_a_usage_error_echoing_typed_text_is_literal() -> None:
    code, text = run(["validate", "pie-split", "extra\x1b[2J[/x]"])
    assert code == 2 and "extra argument(s) (extra" in text and "[2J[/x])" in text


def test_a_missing_file_named_with_escapes_is_literal() -> None:
    code, text = run(["validate", "no-such-\x1b]0;PWNED\x07.yaml"])
    assert code == 2 and "no-such-␛]0;PWNED" in text


def test_genius_import_of_values_named_with_escapes_and_markup(tmp_path: Path) -> None:
    source = Path(__file__).parents[1] / "data" / "genius"
    names = ["laptop_domain.xml", "laptop_buyer_utility.xml", "laptop_seller_utility.xml"]
    for name in names:
        text = (source / name).read_text().replace('value="Dell"', 'value="De[/x]ll&#x2028;"')
        (tmp_path / name).write_text(text)
    (tmp_path / "laptop_domain.xml").write_text(
        (tmp_path / "laptop_domain.xml").read_text().replace('value="HP"', 'value="H\x1b[2JP"')
    )
    code, text = run(["import", "genius", *(str(tmp_path / n) for n in names)])
    assert code == 2  # an ESC is not allowed in XML: refused, and not echoed raw


def test_human_seat_echoes_typed_markup_and_escapes_literally(hostile: Path) -> None:
    lines = ["share=[/x] \x1b[2J", "[bold]x", "share=hi [/x]", "a"]
    _, text = run(
        ["negotiate", str(hostile), "--human", "Al[/x]ice", "--steps", "6"], "\n".join(lines) + "\n"
    )
    assert "Your brief: Al[/x]ice (private)" in text
    assert "not accepted: 'share=[/x] \\x1b[2J'" in text or "not accepted: '[/x] \\x1b[2J'" in text
    assert "not accepted: '[bold]x'" in text

"""What `dragoman tournament` checks before any play, as a user trial met it: each refusal
through the CLI, exit code 2, the configuration's line and the reason in the user's words."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dragoman import tournament
from dragoman.app.cli import app
from dragoman.io.scenario_file import dump_scenario, load_scenario

runner = CliRunner()


def refused(tmp_path: Path, text: str) -> tuple[Path, str]:
    """The configuration `text` written to a file, and what refusing it printed (exit code 2,
    nothing played: no results folder)."""
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "o"
    result = runner.invoke(app, ["tournament", str(path), "-o", str(out)], env={"COLUMNS": "80"})
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and not out.exists()
    return path, result.stderr


def test_a_yaml_alias_in_a_configuration_names_the_kind_of_file(tmp_path: Path) -> None:
    path, err = refused(tmp_path, "scenarios: &s [pie-split]\nagents: [boulware]\nother: *s\n")
    assert err.startswith(f"error: {path}:3: not valid YAML: aliases (*name) are not allowed ")
    assert "in a tournament configuration" in err and "scenario file" not in err


def one_round_basin(tmp_path: Path) -> Path:
    """river-basin (three parties) as a scenario file with a single round."""
    path = tmp_path / "basin1.yaml"
    path.write_text(dump_scenario(load_scenario("river-basin").revised({"rounds": []})))
    return path


@pytest.mark.parametrize(
    ("scenario", "agents", "protocol", "reasons"),
    [
        ("river-basin", "[boulware, hardliner]", "alternating",
         ["the scenario has 2 rounds (it plays one round, no pauses)"]),
        ("gaza-ceasefire-2024", "[boulware, linear]", "shuttle",
         ["it plays the alternating protocol only, with no mediator",
          "the scenario has 2 rounds"]),
        ("pie-split", '[boulware, "opponent-model:model=bayesian"]', "alternating",
         ["opponent-model:model=bayesian is neither oblivious nor plays in lockstep"]),
        ("basin1.yaml", "[micro, boulware]", "alternating",
         ["micro plays in lockstep, which needs bilateral talks (the scenario has 3 parties)"]),
    ],
)  # fmt: skip
def test_the_batched_engine_refuses_a_cell_for_its_own_reasons(
    tmp_path: Path, scenario: str, agents: str, protocol: str, reasons: list[str]
) -> None:
    one_round_basin(tmp_path)
    text = f"scenarios: [{scenario}]\nagents: {agents}\nprotocols: [{protocol}]\nengine: batched\n"
    path, err = refused(tmp_path, text)
    message = " ".join(err.split())  # as one line, whatever the wrapping
    assert message.startswith(f"error: {path}:4: engine: the batched engine cannot run {protocol}")
    for reason in reasons:
        assert reason in message
    assert "it needs alternating offers" not in message  # not one reason for every refusal


def test_a_mediator_that_composes_no_text_is_refused_for_a_single_text(tmp_path: Path) -> None:
    """Every relay x single-text cell would put nothing to the parties and end at the deadline:
    refused before any play, at the mediator's line, from what relay and single-text declare."""
    path, err = refused(
        tmp_path,
        "scenarios: [gaza-ceasefire-2024, pie-split]\nagents: [boulware, linear]\n"
        "protocols: [single-text, shuttle]\nmediators: [relay, one-text]\n",
    )
    assert err == (
        f"error: {path}:4: mediators[0]: relay composes no text, so it cannot mediate single-text\n"
    )


def test_a_relay_under_shuttle_talks_is_accepted(tmp_path: Path) -> None:
    """The shuttle protocol relays the parties' proposals itself: relay mediates it."""
    path = tmp_path / "t.yaml"
    path.write_text(
        "scenarios: [pie-split]\nagents: [boulware]\nprotocols: [shuttle]\nmediators: [relay]\n"
        "steps: 40\n",
        encoding="utf-8",
    )
    result = tournament(path)
    assert result.table.num_rows == 2 and result.table.column("offers").to_pylist()[0] > 0

"""What `dragoman tournament` checks before any play, as a user trial met it: each refusal
through the CLI, exit code 2, the configuration's line and the reason in the user's words."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dragoman.app.cli import app

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

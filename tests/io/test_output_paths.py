"""Output paths refused before any work, and files written whole: what `dragoman.io.output_paths`
promises, and the commands that write a plot, a report or an imported scenario keeping it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from dragoman.app.cli import app
from dragoman.errors import DragomanError
from dragoman.io.output_paths import check_file_path, check_folder_path, write_whole

runner = CliRunner()
NO_FILES_HERE = Path("/proc/dragoman-nowhere")  # Linux: /proc takes no new files, even as root


def test_a_file_path_that_is_a_folder_or_inside_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "plain").write_text("x")
    with pytest.raises(DragomanError, match="taken: is a folder; the plot is written to a file"):
        check_file_path(tmp_path / "taken", "the plot")
    with pytest.raises(DragomanError, match=r"x\.png: is inside .*plain, a file"):
        check_file_path(tmp_path / "plain" / "sub" / "x.png", "the plot")
    check_file_path(tmp_path / "new" / "deeper" / "x.png", "the plot")  # made when written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain", "taken"]  # nothing made


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux's /proc")
def test_a_place_that_takes_no_files_is_refused_even_as_root() -> None:
    with pytest.raises(DragomanError, match="cannot write the report: /proc refuses new files"):
        check_file_path(NO_FILES_HERE / "r.html", "the report")
    with pytest.raises(DragomanError, match="cannot create the folder: /proc refuses new files"):
        check_folder_path(NO_FILES_HERE)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere a mode forbids")
def test_a_folder_not_writable_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(DragomanError, match="locked is not writable"):
            check_file_path(locked / "x.png", "the plot")
    finally:
        locked.chmod(0o700)


def test_a_failed_write_leaves_the_earlier_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text("earlier")

    def half_then_fails(part: Path) -> None:
        part.write_text("hal")
        raise OSError(28, "No space left on device")

    with pytest.raises(DragomanError, match=r"report\.html: cannot write the report: No space"):
        write_whole(path, half_then_fails, "the report")
    assert path.read_text() == "earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
    write_whole(path, lambda part: part.write_text("new"), "the report")
    assert path.read_text() == "new" and len(list(tmp_path.iterdir())) == 1


def _nothing_but_the_error(args: list[str], told: Result) -> None:
    """Stdout after an error: nothing, or under --json the error document alone."""
    if "--json" not in args:
        assert told.stdout == "", told.output
        return
    error = json.loads(told.stdout)["error"]  # docs/schemas/error.schema.json
    assert error["message"] == told.stderr.strip().removeprefix("error: ")


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["analyze", "pie-split", "--plot"], "the plot"),
        (["analyze", "pie-split", "--json", "--plot"], "the plot"),
        (["implement", "gaza-ceasefire-2024", "--runs", "100", "--plot"], "the plot"),
        (["report", "pie-split", "-o"], "the report"),
    ],
)
def test_commands_refuse_a_bad_output_before_any_work(
    tmp_path: Path, args: list[str], what: str
) -> None:
    """Exit 2, one line naming the path, nothing printed before it (no analysis first)."""
    suffix = ".html" if what == "the report" else ".png"
    folder = tmp_path / f"taken{suffix}"
    folder.mkdir()
    told = runner.invoke(app, [*args, str(folder)])
    assert told.exit_code == 2
    _nothing_but_the_error(args, told)
    assert (
        told.stderr.strip()
        == f"error: {folder}: is a folder; {what} is written to a file (name one)"
    )
    if Path("/proc/self").exists():
        told = runner.invoke(app, [*args, str(NO_FILES_HERE / f"x{suffix}")])
        assert told.exit_code == 2
        _nothing_but_the_error(args, told)
        assert "/proc refuses new files" in told.stderr


def test_import_refuses_a_bad_output_before_reading_the_files(tmp_path: Path) -> None:
    folder = tmp_path / "out.yaml"
    folder.mkdir()
    told = runner.invoke(app, ["import", "genius", str(tmp_path / "missing"), "-o", str(folder)])
    assert told.exit_code == 2
    assert "is a folder; the scenario is written to a file" in told.stderr  # not "missing"

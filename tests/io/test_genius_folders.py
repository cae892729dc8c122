"""GENIUS and GeniusWeb folders (dragoman.io.genius.find_genius_files, io.geniusweb): a broken
domain or profile is an error naming the file and the line, never skipped; a file that is no
GENIUS (GeniusWeb) file is skipped with a note naming it and why. Copies of the real ANAC
Camera domain (`../shared/data/anac/y2011/Camera`), one profile truncated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from genius_domains import anac_folder
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.io.genius import GeniusError, find_genius_files, load_genius_folder
from dragoman.io.geniusweb import export_geniusweb, load_geniusweb
from dragoman.io.scenario_file import load_scenario

ANAC = anac_folder()
needs_anac = pytest.mark.skipif(ANAC is None, reason="ANAC data folder not found")
runner = CliRunner()


def camera(tmp_path: Path, cut: int | None = None) -> Path:
    """A copy of the Camera domain; with `cut`, its seller profile cut after `cut` bytes."""
    assert ANAC is not None
    folder = tmp_path / "Camera"
    shutil.copytree(ANAC / "y2011" / "Camera", folder)
    for copied in folder.iterdir():
        copied.chmod(0o644)  # the shared data is read-only
    if cut is not None:
        seller = folder / "camera_seller_utility.xml"
        seller.write_bytes(seller.read_bytes()[:cut])
    return folder


@needs_anac
@pytest.mark.parametrize(("cut", "line"), [(300, 9), (40, 2), (8, 1), (1000, None)])
def test_a_truncated_profile_is_an_error_naming_file_and_line(
    tmp_path: Path, cut: int, line: int | None
) -> None:
    folder = camera(tmp_path, cut)
    seller = folder / "camera_seller_utility.xml"
    with pytest.raises(GeniusError, match="not well-formed XML") as caught:
        find_genius_files(folder)
    assert caught.value.file == str(seller)
    if line is not None:
        assert caught.value.line == line
    with pytest.raises(GeniusError, match=r"camera_seller_utility\.xml"):
        load_genius_folder(folder)


@needs_anac
def test_the_command_refuses_it_and_writes_nothing(tmp_path: Path) -> None:
    folder = camera(tmp_path, 300)
    target = tmp_path / "camera.yaml"
    result = runner.invoke(app, ["import", "genius", str(folder), "-o", str(target)])
    assert result.exit_code == 2 and not target.exists()
    seller = folder / "camera_seller_utility.xml"
    assert result.stderr == f"error: {seller}:9: not well-formed XML (unclosed token)\n"


@needs_anac
def test_files_that_are_no_genius_files_are_skipped_with_a_note(tmp_path: Path) -> None:
    folder = camera(tmp_path)
    (folder / "pareto.xml").write_text("0.75, 1.0\n0.9, 0.8\n", encoding="utf-8")
    (folder / "notes.xml").write_text("<notes><note>hello</note></notes>\n", encoding="utf-8")
    (folder / "draft.xml").write_text("<draft><unclosed>\n", encoding="utf-8")
    notes: list[str] = []
    domain, profiles = find_genius_files(folder, notes)
    assert domain.name == "camera_domain.xml" and len(profiles) == 2
    assert notes == [
        f"skipped {folder / 'draft.xml'}: not a GENIUS domain or profile (root <draft>, and "
        "not well-formed)",
        f"skipped {folder / 'notes.xml'}: not a GENIUS domain or profile (root <notes>)",
        f"skipped {folder / 'pareto.xml'}: not XML",
    ]
    result = runner.invoke(app, ["import", "genius", str(folder), "-o", str(tmp_path / "c.yaml")])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[:3] == [f"note: {n}" for n in notes] and lines[3].startswith("imported ")


@needs_anac
def test_a_profile_too_big_is_an_error_not_a_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = camera(tmp_path)
    seller = folder / "camera_seller_utility.xml"
    seller.write_text(seller.read_text(encoding="utf-8") + " " * 5000, encoding="utf-8")
    monkeypatch.setenv("DRAGOMAN_MAX_XML_BYTES", "4000")  # the other files are smaller
    with pytest.raises(GeniusError, match="file too large") as caught:
        find_genius_files(folder)
    assert caught.value.file == str(seller)


def test_geniusweb_folder_notes_other_json_and_refuses_a_broken_profile(tmp_path: Path) -> None:
    folder = tmp_path / "gw"
    export_geniusweb(load_scenario("pie-split"), folder, stem="pie")
    (folder / "settings.json").write_text('{"deadline": 10}\n', encoding="utf-8")
    (folder / "results.json").write_text("[1, 2]\n", encoding="utf-8")
    notes: list[str] = []
    scenario = load_geniusweb([folder], notes=notes)
    assert [p.name for p in scenario.parties] == ["Alice", "Bob"]
    assert notes == [
        f"skipped {folder / 'results.json'}: not a GeniusWeb domain or profile (a JSON list)",
        f"skipped {folder / 'settings.json'}: not a GeniusWeb domain or profile (deadline)",
    ]
    result = runner.invoke(app, ["import", "geniusweb", str(folder)])
    assert result.exit_code == 0 and result.stderr.splitlines() == [f"note: {n}" for n in notes]
    bob = folder / "Bob.json"
    bob.write_text(bob.read_text(encoding="utf-8")[:200], encoding="utf-8")
    result = runner.invoke(app, ["import", "geniusweb", str(folder)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(f"error: {bob}:")
    assert "not JSON" in result.stderr

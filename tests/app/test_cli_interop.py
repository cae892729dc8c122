"""`dragoman import` / `dragoman export` end to end: an imported ANAC scenario (even the 10^10
outcome one) runs in `analyze` and `negotiate` like any other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from genius_domains import anac_folder
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.io.genius import find_genius_files

ANAC = anac_folder()
needs_anac = pytest.mark.skipif(ANAC is None, reason="ANAC data folder not found")
runner = CliRunner()


def imported(tmp_path: Path, name: str) -> Path:
    assert ANAC is not None
    domain, profiles = find_genius_files(ANAC / name)
    target = tmp_path / "scenario.yaml"
    args = ["import", "genius", str(domain), *map(str, profiles), "-o", str(target)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return target


@needs_anac
def test_2014_domain_analyze_json_uses_the_exact_solver(tmp_path: Path) -> None:
    target = imported(tmp_path, "y2014/10issuesDiscountedwithRV")
    result = runner.invoke(app, ["analyze", str(target), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # nothing else on stdout (HiGHS's banner is silenced)
    assert data["outcome_count"] == 10**10 and data["exact"] is True
    assert data["method"].startswith("MIP solver") and len(data["frontier"]) == 8
    assert data["zopa"]["exists"] is True


@needs_anac
def test_2014_domain_analyze_and_negotiate_in_the_terminal(tmp_path: Path) -> None:
    target = imported(tmp_path, "y2014/10issuesDiscountedwithRV")
    result = runner.invoke(app, ["analyze", str(target)], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "10,000,000,000 outcomes" in result.output and "(exact)" in result.output
    agents = ["--agent", "profile-1=conceder", "--agent", "profile-2=conceder"]
    args = ["negotiate", str(target), *agents, "--steps", "400", "--quiet"]
    result = runner.invoke(app, args, env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "Agreement after" in result.output and "from the frontier" in result.output


@needs_anac
def test_linear_domain_imports_to_stdout_and_negotiates(tmp_path: Path) -> None:
    assert ANAC is not None
    domain, profiles = find_genius_files(ANAC / "y2010" / "Travel")
    result = runner.invoke(app, ["import", "genius", str(domain), *map(str, profiles)])
    assert result.exit_code == 0
    data = yaml.safe_load(result.stdout)
    assert data["metadata"]["title"] == "travel_domain" and len(data["parties"]) == 2
    target = tmp_path / "travel.yaml"
    target.write_text(result.stdout)
    result = runner.invoke(app, ["negotiate", str(target), "--quiet", "--steps", "60"])
    assert result.exit_code == 0, result.output


def test_import_and_export_help() -> None:
    for group in ("import", "export"):
        result = runner.invoke(app, [group, "--help"])
        assert result.exit_code == 0 and "genius" in result.output and "geniusweb" in result.output


@needs_anac
def test_2014_domain_plots_from_a_sample(tmp_path: Path) -> None:
    target = imported(tmp_path, "y2014/10issuesDiscountedwithRV")
    png = tmp_path / "y14.png"
    result = runner.invoke(app, ["analyze", str(target), "--plot", str(png)])
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_anac
def test_import_a_genius_folder_and_rename_parties(tmp_path: Path) -> None:
    assert ANAC is not None
    folder = ANAC / "y2011" / "Laptop"
    target = tmp_path / "laptop.yaml"
    args = ["import", "genius", str(folder), "--party", "laptop_buyer_utility=Buyer"]
    result = runner.invoke(
        app, [*args, "--party", "laptop_seller_utility.xml=Seller", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    names = [p["name"] for p in yaml.safe_load(target.read_text())["parties"]]
    assert names == ["Buyer", "Seller"]
    # the explicit files, in any order: told apart by their root elements
    domain, profiles = find_genius_files(folder)
    result = runner.invoke(app, ["import", "genius", *map(str, [*profiles, domain])])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.stdout)["metadata"]["title"] == "laptop_domain"


@needs_anac
def test_a_rename_of_no_profile_is_an_error() -> None:
    assert ANAC is not None
    args = ["import", "genius", str(ANAC / "y2011" / "Laptop"), "--party", "nobody.xml=X"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "--party: not one of the profiles" in result.output


@needs_anac
def test_a_genius_file_given_as_a_scenario_says_how_to_import_it() -> None:
    assert ANAC is not None
    domain = ANAC / "y2011" / "Laptop" / "laptop_domain.xml"
    result = runner.invoke(app, ["analyze", str(domain)])
    assert result.exit_code == 2
    assert "a GENIUS domain file, not a scenario: import it first: dragoman import genius" in (
        result.output
    )


def test_geniusweb_folder_import_with_renames_and_the_hint(tmp_path: Path) -> None:
    from dragoman.io.geniusweb import export_geniusweb
    from dragoman.io.scenario_file import load_scenario

    written = export_geniusweb(load_scenario("pie-split"), tmp_path / "gw", stem="pie")
    args = ["import", "geniusweb", str(tmp_path / "gw"), "--party", "Alice.json=Ann"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert [p["name"] for p in yaml.safe_load(result.stdout)["parties"]] == ["Ann", "Bob"]
    result = runner.invoke(app, ["validate", str(written[1])])
    assert result.exit_code == 2
    assert "a GeniusWeb file, not a scenario: import it first: dragoman import geniusweb" in (
        result.output
    )


def test_a_folder_given_as_a_scenario_names_the_import_command(tmp_path: Path) -> None:
    from dragoman.io.genius_export import export_genius
    from dragoman.io.geniusweb import export_geniusweb
    from dragoman.io.scenario_file import load_scenario

    export_genius(load_scenario("pie-split"), tmp_path / "g", stem="pie")
    export_geniusweb(load_scenario("pie-split"), tmp_path / "gw", stem="pie")
    (tmp_path / "empty").mkdir()
    first = "not a scenario: import it first: dragoman import"
    for folder, told in [
        ("g", f"a folder of GENIUS files, {first} genius {tmp_path / 'g'} -o scenario.yaml"),
        (
            "gw",
            f"a folder of GeniusWeb files, {first} geniusweb {tmp_path / 'gw'} -o scenario.yaml",
        ),
        (
            "empty",
            "a folder, not a scenario file (give a scenario's YAML file or a built-in's name)",
        ),
    ]:
        for command in ("analyze", "negotiate"):
            result = runner.invoke(app, [command, str(tmp_path / folder)])
            assert result.exit_code == 2, result.output
            assert result.stderr.strip() == f"error: {tmp_path / folder}: {told}"


@needs_anac
@pytest.mark.parametrize(
    ("renames", "told"),
    [
        (  # the other party was silently renamed camera_seller_utility-2
            ["camera_buyer_utility.xml=camera_seller_utility"],
            "camera_buyer_utility.xml: --party camera_buyer_utility.xml=camera_seller_utility: "
            "the party of camera_seller_utility.xml is named 'camera_seller_utility' already "
            "(rename it too: --party camera_seller_utility.xml=NAME); give each party its own name",
        ),
        (
            ["camera_seller_utility=camera_buyer_utility"],
            "camera_seller_utility.xml: --party camera_seller_utility=camera_buyer_utility: the "
            "party of camera_buyer_utility.xml is named 'camera_buyer_utility' already",
        ),
        (
            ["camera_seller_utility=X", "camera_buyer_utility.xml=X"],
            "camera_buyer_utility.xml: --party camera_buyer_utility.xml=X: --party "
            "camera_seller_utility=X gives the party of camera_seller_utility.xml that name too",
        ),
    ],
)
def test_a_rename_onto_another_partys_name_is_refused(renames: list[str], told: str) -> None:
    assert ANAC is not None
    folder = ANAC / "y2011" / "Camera"
    args = ["import", "genius", str(folder)]
    result = runner.invoke(app, [*args, *(a for r in renames for a in ("--party", r))])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"error: {folder}/{told}"), result.stderr


@needs_anac
def test_parties_may_swap_names() -> None:
    assert ANAC is not None
    args = ["import", "genius", str(ANAC / "y2011" / "Camera")]
    swap = [
        "camera_buyer_utility=camera_seller_utility",
        "camera_seller_utility=camera_buyer_utility",
    ]
    result = runner.invoke(app, [*args, "--party", swap[0], "--party", swap[1]])
    assert result.exit_code == 0, result.output
    names = [p["name"] for p in yaml.safe_load(result.stdout)["parties"]]
    assert names == ["camera_seller_utility", "camera_buyer_utility"]


def test_a_geniusweb_rename_onto_another_profiles_name_is_refused(tmp_path: Path) -> None:
    from dragoman.io.geniusweb import export_geniusweb
    from dragoman.io.scenario_file import load_scenario

    export_geniusweb(load_scenario("pie-split"), tmp_path / "gw", stem="pie")
    args = ["import", "geniusweb", str(tmp_path / "gw"), "--party", "Alice.json=Bob"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {tmp_path / 'gw' / 'Alice.json'}: --party Alice.json=Bob: the party of Bob.json "
        "is named 'Bob' already (rename it too: --party Bob.json=NAME); give each party its own "
        "name"
    )

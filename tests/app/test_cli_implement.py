"""The `implement` command, end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from dragoman.app.cli import app
from dragoman.io.scenario_file import builtin_scenarios

runner = CliRunner()
WIDE = {"COLUMNS": "200"}
FEW = ["--runs", "5000"]


def implement(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["implement", *args], env=WIDE)
    return result.exit_code, result.stdout, result.stderr


def test_flagship_nash_agreement_in_words_incentives_and_survival(tmp_path: Path) -> None:
    png = tmp_path / "survival.png"
    code, out, err = implement("gaza-ceasefire-2024", *FEW, "--plot", str(png))
    assert code == 0, out + err
    assert "NOTE: No Nash bargaining solution exists inside every red line" in out
    assert "red lines set aside" in out
    assert (
        "Phase 1 (5 weeks, in 5 weekly batches): ceasefire; release of 35 hostages; "
        "release of 1,750 prisoners; withdrawal from all populated areas"
    ) in out
    assert "starts when: Phase 1 completed, verified by Egypt, Qatar and US" in out
    for part in (
        "Incentives per phase and party",
        "subgame-perfect",
        "Smallest guarantees for compliance",
        "Sequencing alternatives",
        "front-loaded",
        "interleaved",
        "Spoiler Iran",
        "source: London Evening Standard",
        "Survival: share of 5,000 simulated runs (seed 0)",
        "completes every phase",
        "Most common failure point",
    ):
        assert part in out, part
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"plot written to {png}" in err


def test_same_seed_same_output() -> None:
    assert (
        implement("gaza-ceasefire-2024", *FEW, "--seed", "4")[1]
        == implement("gaza-ceasefire-2024", *FEW, "--seed", "4")[1]
    )


def test_dropping_a_red_line_gives_a_nash_point_inside_the_rest() -> None:
    code, out, _ = implement(
        "gaza-ceasefire-2024", *FEW, "--drop-red-line", "Israel:philadelphi_corridor"
    )
    assert code == 0
    assert "NOTE" not in out
    assert "Nash bargaining solution, inside every red line" in out


def test_agreement_file(tmp_path: Path) -> None:
    deal = tmp_path / "deal.yaml"
    deal.write_text(
        "ceasefire_weeks: 6\nhostages_phase1: 30\nprisoners_per_hostage: 30\n"
        "permanent_ceasefire: written_upfront\nphiladelphi_corridor: third_party_monitoring\n"
        "withdrawal_populated_areas: partial\nreturn_north: unrestricted\n"
        "reconstruction: immediate_large_scale\n"
    )
    code, out, _ = implement("gaza-ceasefire-2024", *FEW, "--agreement", str(deal))
    assert code == 0
    assert "Phase 1 (6 weeks, in 6 weekly batches): ceasefire; release of 30 hostages; " in out
    assert "release of 900 prisoners; partial withdrawal" in out


def test_bad_agreement_file_is_one_line_per_problem(tmp_path: Path) -> None:
    deal = tmp_path / "deal.yaml"
    deal.write_text("ceasefire_weeks: 60\nhostage_phase1: 30\n")
    code, out, err = implement("gaza-ceasefire-2024", "--agreement", str(deal))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[0] == (
        f"error: {deal}:1: ceasefire_weeks: 60 is not on the grid of issue 'ceasefire_weeks' (2..8)"
    )
    assert lines[1].startswith(f"error: {deal}:2: hostage_phase1: unknown issue 'hostage_phase1'")
    assert lines[2].startswith(f"error: {deal}:1: no agreed value for hostages_phase1,")


def test_agreement_from_a_negotiation_log(tmp_path: Path) -> None:
    log = tmp_path / "deal.jsonl"
    negotiate = [
        "negotiate",
        "gaza-ceasefire-2024",
        "--protocol",
        "shuttle",
        "--seed",
        "1",
        "--quiet",
        "--mediator",
        "US=nash",
        "--drop-red-line",
        "Israel:philadelphi_corridor",
        "--log",
        str(log),
    ]
    assert runner.invoke(app, negotiate).exit_code == 0
    code, out, err = implement("gaza-ceasefire-2024", *FEW, "--from-log", str(log))
    assert code == 0, err
    assert "agreement of session" in out and "Philadelphi Corridor: full Israeli withdrawal" in out


def test_a_log_without_agreement_is_refused(tmp_path: Path) -> None:
    log = tmp_path / "none.jsonl"
    negotiate = ["negotiate", "gaza-ceasefire-2024", "--protocol", "shuttle", "--seed", "1"]
    assert runner.invoke(app, [*negotiate, "--quiet", "--log", str(log)]).exit_code == 0
    code, _, err = implement("gaza-ceasefire-2024", "--from-log", str(log))
    assert code == 2
    assert err.startswith(f"error: {log}: session ") and "ended without agreement" in err
    assert len(err.strip().splitlines()) == 1


def test_a_log_of_another_scenario_is_refused_in_one_line(tmp_path: Path) -> None:
    """implement --from-log and report --log read a log only against the scenario it was
    recorded on (report had titled the page after the log's scenario, implement listed every
    issue as unknown)."""
    log = tmp_path / "pie.jsonl"
    played = ["negotiate", "pie-split", "--quiet", "--log", str(log)]
    assert runner.invoke(app, played).exit_code == 0
    expected = (
        f"error: {log}: the log was recorded on 'Split the pie (textbook bilateral "
        "bargaining)', whose issues are not those of 'Gaza ceasefire and hostage-release "
        "talks, August 2024 (illustrative)': give the scenario it was recorded on"
    )
    code, _, err = implement("gaza-ceasefire-2024", "--from-log", str(log))
    assert code == 2 and " ".join(err.split()) == expected
    page = tmp_path / "r.html"
    told = runner.invoke(app, ["report", "gaza-ceasefire-2024", "--log", str(log), "-o", str(page)])
    assert told.exit_code == 2 and " ".join(told.stderr.split()) == expected
    assert not page.exists()


def test_bad_phase_data_is_one_line_with_its_path(tmp_path: Path) -> None:
    text = builtin_scenarios()["gaza-ceasefire-2024"].read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("amount: hostages_phase1,", "amount: hostage_phase1,"))
    code, out, err = implement(str(bad))
    assert code == 2 and out == ""
    [line] = err.strip().splitlines()
    assert line.startswith(f"error: {bad}:")
    assert ": phases[0].commitments[2].amount: unknown name 'hostage_phase1'" in line


def test_bad_runs_and_solution() -> None:
    code, _, err = implement("gaza-ceasefire-2024", "--runs", "0")
    assert code == 2 and "runs must be at least 1" in err
    code, _, err = implement("gaza-ceasefire-2024", "--solution", "median")
    assert code == 2 and "unknown solution 'median'" in err


def test_a_scenario_without_phases(tmp_path: Path) -> None:
    deal = tmp_path / "deal.yaml"
    deal.write_text(yaml.safe_dump({"share_for_alice": 40}))
    code, out, _ = implement("pie-split", "--agreement", str(deal))
    assert code == 0 and "no phases" in out


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Nobody:philadelphi_corridor", "no party named 'Nobody' (parties: Israel, Hamas)"),
        ("US:philadelphi_corridor", "US is a mediator, with no red lines (parties: Israel, Hamas)"),
        (
            "Israel:ceasefire_weeks",
            "Israel has no red line on 'ceasefire_weeks' (its red lines: philadelphi_corridor)",
        ),
        ("Israel:nosuch", "no issue named 'nosuch' (issues: ceasefire_weeks,"),
    ],
)
def test_a_bad_drop_red_line_names_the_option(value: str, message: str) -> None:
    code, out, err = implement("gaza-ceasefire-2024", *FEW, "--drop-red-line", value)
    assert code == 2 and out == ""
    assert err.startswith(f"error: --drop-red-line {value}: {message}"), err
    assert len(err.splitlines()) == 1

"""The defects a new user found in `dragoman tournament` (and the numbers of other commands), each
through the CLI: refused with exit code 2 and a located line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from genius_domains import anac_folder
from typer.testing import CliRunner

from dragoman._words import shown as abbreviated
from dragoman.app.cli import app

runner = CliRunner()


def invoked(*args: str, columns: int = 200) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `dragoman ARGS` (no traceback may escape)."""
    result = runner.invoke(app, list(args), env={"COLUMNS": str(columns)})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("steps", ["100000000000", "10000000"])
def test_a_huge_step_budget_is_refused_at_its_line(tmp_path: Path, steps: str) -> None:
    path = config(tmp_path, f"scenarios: [pie-split]\nagents: [micro]\nsteps: {steps}\n")
    code, out, err = invoked("tournament", str(path), "-o", str(tmp_path / "o"))
    assert code == 2 and not out
    assert err.startswith(f"error: {path}:3: steps: step budget too large ({int(steps):,} > ")
    assert "DRAGOMAN_MAX_STEPS" in err and not (tmp_path / "o").exists()


@pytest.mark.parametrize("json", [[], ["--json"]])
def test_negotiate_refuses_a_huge_step_budget(json: list[str]) -> None:
    code, out, err = invoked("negotiate", "pie-split", "--steps", "100000000000", "--quiet", *json)
    assert code == 2 and (not out if not json else '"path": "--steps"' in out)  # no result
    assert err.startswith("error: --steps: step budget too large (100,000,000,000 > 1,000,000 ")


@pytest.mark.parametrize(
    ("args", "told"),
    [
        (["uncertainty", "gaza-ceasefire-2024", "--protocol", "shuttle", "--steps", "10" * 6],
         "--steps: step budget too large (101,010,101,010 > 1,000,000 steps"),
        (["uncertainty", "gaza-ceasefire-2024", "--samples", "100000000000"],
         "--samples: too many samples (100,000,000,000 > 10,000,000"),
        (["implement", "gaza-ceasefire-2024", "--runs", "100000000000"],
         "--runs: too many runs (100,000,000,000 > 10,000,000"),
    ],
)  # fmt: skip
def test_an_option_over_its_limit_is_refused_by_name_before_any_work(
    tmp_path: Path, args: list[str], told: str
) -> None:
    where = ["-o", str(tmp_path / "o")] if args[0] == "uncertainty" else ["--plot", "p.png"]
    code, out, err = invoked(*args, *where)
    assert code == 2 and not out
    assert err.startswith(f"error: {told}")
    assert len(err.splitlines()) == 1 and "0/" not in err  # no progress bar was drawn
    assert not list(tmp_path.iterdir())


def test_a_scenario_with_a_huge_deadline_is_refused(tmp_path: Path) -> None:
    from dragoman.io.scenario_file import builtin_scenarios

    text = builtin_scenarios()["pie-split"].read_text(encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(text.replace("deadline_steps: 100", "deadline_steps: 5000000"), "utf-8")
    code, _, err = invoked("validate", str(path))
    assert code == 2 and "deadline_steps: step budget too large" in err


def test_a_negotiation_a_seat_broke_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAGOMAN_MAX_STEPS", "1000000000000")  # let the agent try, and fail
    for json in ([], ["--json"]):
        code, out, _ = invoked("negotiate", "pie-split", "--steps", "100000000000", *json)
        assert code == 2 and "MemoryError" in out


ANAC = anac_folder()


@pytest.mark.skipif(ANAC is None, reason="the ANAC data folder is not there")
def test_mediated_protocols_seat_a_neutral_mediator_on_an_anac_domain(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    assert ANAC is not None
    domain = ANAC / "y2010" / "Travel"
    path = config(
        tmp_path,
        f"scenarios: [{domain}, pie-split]\nagents: [boulware, conceder]\n"
        "protocols: [single-text, shuttle, alternating]\nmediators: [nash, hill-climber]\n"
        "steps: 40\nrotate: false\n",
    )
    code, _, err = invoked("tournament", str(path), "--workers", "1", "-o", str(tmp_path / "o"))
    assert code == 0, err
    table = pq.read_table(tmp_path / "o" / "results.parquet").to_pylist()
    mediated = [row for row in table if row["protocol"] != "alternating"]
    # 2 scenarios x 2 mediated protocols x 2 mediators x 4 agent pairs, and 2 x 4 unmediated
    assert len(mediated) == 32 and len(table) == 40
    assert {row["mediator_1"] for row in mediated} == {"Mediator"}
    assert {(row["mediator"], row["mediator_1_strategy"]) for row in mediated} == {
        ("nash", "nash"),
        ("hill-climber", "hill-climber"),
    }
    assert all(row["status"] != "error" for row in table), {row["status"] for row in table}
    assert all(row["mediator_1"] is None for row in table if row["protocol"] == "alternating")


def refused(tmp_path: Path, text: str) -> list[str]:
    """The error lines of a tournament of configuration `text` (exit 2, nothing played)."""
    path = config(tmp_path, text)
    code, out, err = invoked("tournament", str(path), "-o", str(tmp_path / "o"))
    assert code == 2 and not out and not (tmp_path / "o").exists(), (code, out, err)
    lines = err.strip().splitlines()
    assert all(line.startswith(f"error: {path}:") for line in lines), lines
    return [line.removeprefix(f"error: {path}:") for line in lines]


def test_a_configuration_with_no_cell_to_play_is_refused(tmp_path: Path) -> None:
    (line,) = refused(tmp_path, "scenarios: [river-basin]\nagents: [micro]\nself_play: false\n")
    assert line.startswith("3: self_play: river-basin has 3 party seats and agents lists only 1")
    assert "set self_play: true" in line


def test_mediators_no_protocol_seats_are_refused(tmp_path: Path) -> None:
    (line,) = refused(tmp_path, "scenarios: [pie-split]\nagents: [micro]\nmediators: [nash]\n")
    assert line.startswith("3: mediators: no protocol listed seats a mediator")


def test_every_broken_scenario_is_reported(tmp_path: Path) -> None:
    lines = refused(tmp_path, "scenarios: [nothere, pie-split, alsonot]\nagents: [micro]\n")
    assert [line.split(":")[1] for line in lines] == [" scenarios[0]", " scenarios[2]"]
    assert "nothere" in lines[0] and "alsonot" in lines[1]


def test_every_problem_of_a_broken_scenario_names_the_configuration_entry(
    tmp_path: Path,
) -> None:
    """A listed scenario with three faults: each line carries the configuration's file, line
    and `scenarios[k]` before the scenario's own file and line (not only the first)."""
    river = (Path(__file__).parents[2] / "src/dragoman/scenarios/river-basin.yaml").read_text()
    broken = (
        river.replace("dam_filling_years: 0.5,", "dam_filling_years: 0.9,")
        .replace("upstream_pays: 0.0, equal_thirds: 0.7", "upstream_pays: 3.0, equal_thirds: 0.7")
        .replace("mediation: 0.5,", "mediation: 1.5,")
    )
    (tmp_path / "bad.yaml").write_text(broken, encoding="utf-8")
    lines = refused(tmp_path, "scenarios: [pie-split, bad.yaml]\nagents: [micro]\n")
    assert len(lines) == 3
    assert all(line.startswith(f"1: scenarios[1]: {tmp_path / 'bad.yaml'}:") for line in lines)
    assert "weights must sum to 1" in lines[0] and "'mediation'" in lines[2]


def test_a_list_field_given_something_else_says_list(tmp_path: Path) -> None:
    lines = refused(tmp_path, "scenarios: pie-split\nagents: [micro]\nprotocols: {a: 1}\n")
    assert lines == [
        "1: scenarios: Input should be a list, e.g. [a, b] or one '- item' per line "
        "(got 'pie-split')",
        "3: protocols: Input should be a list, e.g. [a, b] or one '- item' per line (got {'a': 1})",
    ]


@pytest.mark.parametrize("columns", [80, 60])
def test_scores_stay_whole_at_narrow_widths(tmp_path: Path, columns: int) -> None:
    import json

    agents = '["random:p=0.9", "time-based:e=0.5", micro, boulware]'
    path = config(tmp_path, f"title: t\nscenarios: [pie-split]\nagents: {agents}\nsteps: 40\n")
    out = tmp_path / "o"
    code, text, _ = invoked(
        "tournament", str(path), "--workers", "1", "-o", str(out), columns=columns
    )
    assert code == 0
    lines = [line for line in text.splitlines() if str(out) not in line]
    assert all(len(line) <= columns for line in lines), lines
    _, printed, _ = invoked("tournament", str(path), "-o", str(out), "--json")
    for row in json.loads(printed)["scores"]:
        assert any(f" {row['strategy']} " in line for line in lines), row["strategy"]
        for axis in ("advantage", "utility", "welfare", "nash_distance", "ks_distance"):
            half = (row[f"{axis}_high"] - row[f"{axis}_low"]) / 2
            # the mean and its interval, on one line
            shown = f"{abbreviated(row[axis])} ±{abbreviated(half)}"
            assert any(shown in line for line in lines), (axis, shown)
    for header in ("welfare", "Nash dist.", "KS dist."):
        assert any(header in line for line in lines)


def test_the_results_say_whose_preferences_each_seat_plays(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = config(tmp_path, "scenarios: [river-basin]\nagents: [boulware]\nsteps: 20\n")
    code, _, err = invoked("tournament", str(path), "--workers", "1", "-o", str(tmp_path / "o"))
    assert code == 0, err
    rows = pq.read_table(tmp_path / "o" / "results.parquet").to_pylist()
    assert sorted(row["rotation"] for row in rows) == [0, 1, 2]
    for row in rows:
        seats = [row[f"party_{i}"] for i in (1, 2, 3)]
        played = [row[f"preferences_{i}"] for i in (1, 2, 3)]
        r = row["rotation"]
        assert played == seats[r:] + seats[:r]  # seat i plays party i + rotation


@pytest.mark.parametrize(
    ("sig", "code", "word"),
    [("SIGINT", 130, "interrupted:"), ("SIGTERM", 143, "terminated (SIGTERM):")],
)
def test_ctrl_c_says_what_is_stored_and_how_to_resume(
    tmp_path: Path, sig: str, code: int, word: str
) -> None:
    """Ctrl-C, and SIGTERM (a job's end, `kill`) alike: the last line says what is stored and
    how to resume, and the exit code is 128 + the signal's number."""
    import os
    import signal
    import subprocess
    import sys
    import time

    path = config(
        tmp_path,
        "scenarios: [river-basin]\nagents: [boulware, conceder, linear]\nsteps: 300\n"
        "repetitions: 40\nengine: general\n",
    )
    out = tmp_path / "o"
    process = subprocess.Popen(
        [sys.executable, "-m", "dragoman", "tournament", str(path), "--workers", "1", "-o",
         str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list((out / "parts").glob("part-*.parquet")):
        time.sleep(0.05)
    process.send_signal(getattr(signal, sig))
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert "Traceback" not in err
    (line,) = [line for line in err.splitlines() if line.startswith(word)]
    stored, total = (int(n.replace(",", "")) for n in line.removeprefix(word).split()[0:3:2])
    assert 0 < stored < total == 3 * 27 * 40
    assert line.endswith(f"negotiations stored in {out}; re-run the same command to resume")


def test_a_rerun_with_another_seed_says_what_it_leaves_out(tmp_path: Path) -> None:
    import json

    path = config(tmp_path, "scenarios: [pie-split]\nagents: [boulware, micro]\nsteps: 20\n")
    out = str(tmp_path / "o")
    assert invoked("tournament", str(path), "-o", out)[0] == 0
    code, text, _ = invoked("tournament", str(path), "-o", out, "--seed", "5")
    assert code == 0
    assert "8 stored results in the folder belong to other cells (another seed" in text
    _, printed, _ = invoked("tournament", str(path), "-o", out, "--seed", "5", "--json")
    data = json.loads(printed)
    assert data["other_results"] == 8 and data["skipped"] == data["negotiations"] == 8


def test_both_engines_refuse_a_budget_over_the_limit() -> None:
    from dragoman.errors import ProtocolError
    from dragoman.experiments.batched import play_variants
    from dragoman.io.scenario_file import load_scenario
    from dragoman.runs.negotiation import start_session

    pie = load_scenario("pie-split")
    with pytest.raises(ProtocolError, match="the limit 'steps'"):
        play_variants([(pie, [("micro", "micro")], [1])], 2_000_000)
    with pytest.raises(ProtocolError, match="the limit 'steps'"):
        start_session(pie, steps=2_000_000)


def test_every_fault_of_a_configuration_is_reported_at_once_in_file_order(
    tmp_path: Path,
) -> None:
    """A field failing its schema does not hide an unknown name, a missing scenario or a step
    budget over its limit elsewhere: one run reports them all, line by line."""
    text = (
        "scenarios: [pie-split, nothere.yaml]\n"
        "agents: [boulware, bogus, 'time-based:e=x']\n"
        "protocols: [alternating, shuttle]\n"
        "mediators: [nash, nobody]\n"
        "repetitions: 0\n"
        "steps: 2000000\n"
        "self-play: true\n"
    )
    lines = refused(tmp_path, text)
    assert [line.split(":")[0] + ":" + line.split(":")[1] for line in lines] == [
        "1: scenarios[1]",
        "2: agents[1]",
        "2: agents[2]",
        "4: mediators[1]",
        "5: repetitions",
        "6: steps",
        "7: self-play",
    ]
    assert lines[-1].endswith(
        "unknown field; did you mean 'self_play'? (see `dragoman schema --tournament`)"
    )


def test_a_fault_that_follows_from_another_is_not_reported_twice(tmp_path: Path) -> None:
    """Agents left out for their own faults do not also make 'too few agents'; a misspelt
    mediated protocol does not also make 'no protocol seats the mediators'."""
    text = (
        "scenarios: [pie-split]\nagents: [boulware, bogus]\nself_play: false\n"
        "protocols: [alternating, shutle]\nmediators: [nash]\n"
    )
    lines = refused(tmp_path, text)
    assert [line.split(":")[1] for line in lines] == [" agents[1]", " protocols[1]"]


def test_too_many_cells_gives_the_true_count_beside_every_other_fault(tmp_path: Path) -> None:
    """The count is worked out, not stopped at the limit: 2 rotations x 2**2 seatings x 10**6
    repetitions; and it does not hide the configuration's other faults ("at least" where a
    scenario that could not be loaded would add more)."""
    (line,) = refused(tmp_path, "scenarios: [pie-split]\nagents: [linear, boulware]\n"
                                "repetitions: 1000000\n")  # fmt: skip
    assert line.startswith("3: repetitions: too many cells (8,000,000 > 1,000,000, the limit")
    text = (
        "scenarios: [pie-split, gaza-ceasefire-2024, nothere]\nagents: [linear, boulware]\n"
        "protocols: [alternating, shuttle]\nrepetitions: 300000\n"
    )
    lines = refused(tmp_path, text)
    assert [line.split(":")[1] for line in lines] == [" scenarios[2]", " protocols[0]",
                                                      " repetitions"]  # fmt: skip
    # pie-split: 2 protocols x 2 rotations x 4 seatings; gaza: shuttle only (alternating
    # cannot run there), 2 rotations x 4 seatings; each 300,000 times
    assert "too many cells (at least 7,200,000, over the limit 'cells' of 1,000,000;" in lines[-1]


@pytest.mark.parametrize("command", ["tournament", "uncertainty"])
def test_a_results_folder_that_is_a_file_is_refused_before_any_work(
    tmp_path: Path, command: str
) -> None:
    """`-o` naming a file (or a folder inside one) is refused at once, not after the study has
    run; nothing is written and the file is untouched."""
    taken = tmp_path / "taken.txt"
    taken.write_text("keep me\n", encoding="utf-8")
    given = config(tmp_path, "scenarios: [pie-split]\nagents: [boulware]\n")
    target = str(given) if command == "tournament" else "gaza-ceasefire-2024"
    for folder, words in [(taken, "is a file"), (taken / "sub", f"is inside {taken}, a file")]:
        extra = ["--samples", "20"] if command == "uncertainty" else []
        code, out, err = invoked(command, target, *extra, "-o", str(folder))
        assert code == 2 and not out
        assert err.strip() == f"error: {folder}: {words}; the results need a folder"
    assert taken.read_text(encoding="utf-8") == "keep me\n"


@pytest.mark.parametrize("command", ["tournament", "uncertainty"])
def test_too_many_workers_are_refused_by_name(tmp_path: Path, command: str) -> None:
    given = config(tmp_path, "scenarios: [pie-split]\nagents: [boulware]\n")
    target = str(given) if command == "tournament" else "gaza-ceasefire-2024"
    code, out, err = invoked(command, target, "--workers", "100000", "-o", str(tmp_path / "o"))
    assert code == 2 and not out and not (tmp_path / "o").exists()
    assert err.strip() == (
        "error: --workers: too many workers (100,000 > 256, the limit 'workers'; "
        "set DRAGOMAN_MAX_WORKERS to change it)"
    )


def test_a_configuration_that_is_missing_or_not_text_is_one_plain_line(tmp_path: Path) -> None:
    """Said in words, not as Python's '[Errno 2] No such file or directory: ...'."""
    missing = tmp_path / "nosuch.yaml"
    code, out, err = invoked("tournament", str(missing), "-o", str(tmp_path / "o"))
    assert code == 2 and not out and err.strip() == f"error: {missing}: no such file"
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe bad")
    code, _, err = invoked("tournament", str(binary), "-o", str(tmp_path / "o"))
    assert code == 2 and err.strip() == f"error: {binary}: not UTF-8 text (at byte 0)"


GAZA_MEDIATED = (
    "scenarios: [gaza-ceasefire-2024]\nagents: [boulware]\nprotocols: [single-text, shuttle]\n"
    "mediators: [nash]\nrepetitions: 2\nsteps: 20\n"
)


def test_a_mediator_sits_only_where_the_protocol_seats_one(tmp_path: Path) -> None:
    """Gaza has three mediators; single text seats its lead only (Egypt), shuttle every one:
    the tournament's mediator sits where `dragoman negotiate` would seat it, and all play."""
    import pyarrow.parquet as pq

    path = config(tmp_path, GAZA_MEDIATED)
    code, _, err = invoked("tournament", str(path), "--workers", "1", "-o", str(tmp_path / "o"))
    assert code == 0, err
    rows = pq.read_table(tmp_path / "o" / "results.parquet").to_pylist()
    assert len(rows) == 2 * 2 * 2 and all(row["status"] != "error" for row in rows)
    seated = {(r["protocol"], r["mediator_1"], r["mediator_2"], r["mediator_3"]) for r in rows}
    assert seated == {("single-text", "Egypt", None, None), ("shuttle", "US", "Egypt", "Qatar")}
    assert {r["mediator_1_strategy"] for r in rows} == {"nash"}


def test_a_mediator_that_cannot_be_seated_is_refused_before_any_cell_is_played(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seated at every mediator of the scenario (the old rule), single text refuses US: the
    pre-play check finds it at the mediators' line, naming scenario and protocol, and no
    command-line option; nothing is played."""
    from dragoman.experiments import cells

    def everywhere(reference: str, rotation: int, protocol: str) -> tuple[str, ...]:
        return tuple(m.name for m in cells.seated(reference, rotation, protocol).mediators)

    monkeypatch.setattr(cells, "mediator_seats", everywhere)
    (line,) = refused(tmp_path, GAZA_MEDIATED)
    assert line == (
        "4: mediators[0]: nash cannot mediate single-text on gaza-ceasefire-2024: the mediator "
        "seated at US: the single-text protocol does not seat US"
    )

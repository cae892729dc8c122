"""`dragoman report`: one self-contained HTML page (plots as data URIs, no outside files) with
the analysis, the ZOPA report, the timeline and the implementation analysis; clear errors."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from dragoman.app.cli import app

runner = CliRunner()


def _negotiate(log: Path, *more: str) -> None:
    args = ["negotiate", "gaza-ceasefire-2024", "--protocol", "shuttle", "--seed", "1",
            "--mediator", "US=nash", "--quiet", "--log", str(log), *more]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output


def test_the_flagships_report_holds_every_part(tmp_path: Path) -> None:
    log, page = tmp_path / "shuttle.jsonl", tmp_path / "report.html"
    _negotiate(log)
    result = runner.invoke(
        app, ["report", "gaza-ceasefire-2024", "--log", str(log), "-o", str(page)]
    )
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 1
    assert not re.search(r'(src|href)="(?!data:)', html)  # nothing outside the page
    for part in ("Zone of possible agreement", "No ZOPA", "Timeline", "Preferences, revealed",
                 "Implementation of Nash bargaining solution, red lines set aside"):  # fmt: skip
        assert part in html, part
    assert 'class="kind kind-offer"' in html  # the negotiation's events


def test_a_report_of_an_agreement_implements_it(tmp_path: Path) -> None:
    log, page = tmp_path / "shuttle.jsonl", tmp_path / "report.html"
    _negotiate(log, "--drop-red-line", "Israel:philadelphi_corridor")
    result = runner.invoke(
        app, ["report", "gaza-ceasefire-2024", "--log", str(log), "-o", str(page)]
    )
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "Implementation of the negotiated agreement" in html
    assert "A ZOPA exists" in html  # the log's own scenario (the red line dropped) is analysed


def test_report_errors_are_one_clear_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "gaza-ceasefire-2024", "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2 and "written as .html" in result.output
    missing = tmp_path / "none.jsonl"
    result = runner.invoke(app, ["report", "gaza-ceasefire-2024", "--log", str(missing),
                                 "-o", str(tmp_path / "r.html")])  # fmt: skip
    assert result.exit_code == 2 and "no such file" in result.output
    assert "Traceback" not in result.output


def test_the_report_names_who_sat_where_as_the_terminal_does(tmp_path: Path) -> None:
    """Each seat's strategy with its parameters, by the terminal header's function and in its
    order (the scenario's: a log read back holds the seats sorted)."""
    log, page = tmp_path / "shuttle.jsonl", tmp_path / "report.html"
    _negotiate(log, "--agent", "Israel=boulware:e=0.3", "--agent", "Hamas=conceder:e=4")
    result = runner.invoke(
        app, ["report", "gaza-ceasefire-2024", "--log", str(log), "-o", str(page)]
    )
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    seats = re.findall(r'<span class="seat">([^<]*)</span>', html)
    assert seats[:3] == ["Israel: boulware (e=0.3)", "Hamas: conceder (e=4.0)", "US: nash"]
    header = runner.invoke(app, ["replay", str(log)], env={"COLUMNS": "300"}).stdout
    assert " · ".join(seats) in header.splitlines()[2]  # the terminal's header, one line

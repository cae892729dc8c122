"""Commands of the web app and the HTML report: serve, report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dragoman.app.shell import CONSOLES, ScenarioArg, app, reports_errors
from dragoman.errors import DragomanError
from dragoman.render.literal import literal

__all__ = ["report", "serve"]


@app.command()
@reports_errors
def serve(
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="The port.")] = 8000,
    db: Annotated[
        str | None,
        typer.Option(help="A SQLAlchemy database URL (default: sqlite:///dragoman-web.db)."),
    ] = None,
) -> None:
    """Serve the web app.

    Exercises for several people in a browser, a class dashboard, and the JSON API."""
    try:
        from dragoman.web.db import DEFAULT_URL
        from dragoman.web.server import serve as run
    except ImportError as exc:
        message = f"the web app needs its extra: pip install 'dragoman[web]' ({exc})"
        raise DragomanError(message) from None
    CONSOLES.err.print(f"Dragoman web app on http://{literal(host)}:{port}/", highlight=False)
    run(host, port, db or DEFAULT_URL)


@app.command()
@reports_errors
def report(
    scenario: ScenarioArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")],
    log: Annotated[
        Path | None,
        typer.Option(help="A negotiation's event log (.jsonl or .db): its last session."),
    ] = None,
    agreement: Annotated[
        Path | None, typer.Option(help="An agreement file whose implementation to analyse.")
    ] = None,
    solution: Annotated[
        str, typer.Option(help="Without an agreement: implement this solution's outcome.")
    ] = "nash",
) -> None:
    """Write an HTML report.

    One self-contained page: analysis, ZOPA, timeline, implementation."""
    from dragoman.io.agreement_file import read_agreement, recorded_scenario
    from dragoman.io.eventlog import read_events
    from dragoman.io.eventlog_records import split_sessions
    from dragoman.io.output_paths import check_file_path, write_whole
    from dragoman.io.scenario_file import load_scenario
    from dragoman.render.report import build_report, render_report

    if output.suffix.lower() not in (".html", ".htm"):
        raise DragomanError(f"{output}: the report is written as .html (got {output.suffix!r})")
    check_file_path(output, "the report")
    s = load_scenario(scenario)
    events = split_sessions(read_events(log))[-1][1] if log is not None else []
    if log is not None:
        recorded_scenario(s, events, str(log))  # never a report of one scenario's log on another
    chosen = read_agreement(s, agreement) if agreement is not None else None
    page = render_report(build_report(s, events, chosen, solution=solution))
    write_whole(output, lambda part: part.write_text(page, encoding="utf-8"), "the report")
    CONSOLES.out.print(f"report written to {literal(output)}", highlight=False)

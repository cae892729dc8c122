"""Commands of the web app and the HTML report: serve, report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dragoman.app.json_output import print_json
from dragoman.app.shell import CONSOLES, JsonFlag, ScenarioArg, app, reports_errors
from dragoman.errors import DragomanError
from dragoman.render.literal import literal

if TYPE_CHECKING:
    from dragoman.io.eventlog_records import SessionInfo
    from dragoman.render.report import Report
    from dragoman.web.server import Address

__all__ = ["report", "serve"]


@app.command()
@reports_errors
def serve(
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="The port (0: a free one, named once up).")
    ] = 8000,
    db: Annotated[
        str | None,
        typer.Option(help="A SQLAlchemy database URL (default: sqlite:///dragoman-web.db)."),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Once the server is up, print one JSON line (url, host, port; "
            "docs/schemas/serve.schema.json); logs go to stderr.",
        ),
    ] = False,
) -> None:
    """Serve the web app.

    Exercises for several people in a browser, a class dashboard, and the JSON API."""
    try:
        from dragoman.web.db import DEFAULT_URL
        from dragoman.web.server import serve as run
    except ImportError as exc:
        message = f"the web app needs its extra: pip install 'dragoman[web]' ({exc})"
        raise DragomanError(message) from None

    def ready(address: Address) -> None:
        if as_json:
            place = {"url": address.url, "host": address.host, "port": address.port}
            print_json("serve", place, one_line=True)
        else:
            CONSOLES.err.print(f"Dragoman web app on {literal(address.url)}", highlight=False)

    run(host, port, db or DEFAULT_URL, ready)


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
    as_json: JsonFlag = False,
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
    sessions = split_sessions(read_events(log)) if log is not None else []
    events = sessions[-1][1] if sessions else []
    if log is not None:
        recorded_scenario(s, events, str(log))  # never a report of one scenario's log on another
    chosen = read_agreement(s, agreement) if agreement is not None else None
    built = build_report(s, events, chosen, solution=solution)
    page = render_report(built)
    write_whole(output, lambda part: part.write_text(page, encoding="utf-8"), "the report")
    if not as_json:
        CONSOLES.out.print(f"report written to {literal(output)}", highlight=False)
        return
    print_json("report", _written(built, output, scenario, agreement, log, sessions))


def _written(
    built: Report,
    output: Path,
    scenario: str,
    agreement: Path | None,
    log: Path | None,
    sessions: list[tuple[SessionInfo, Any]],
) -> dict[str, Any]:
    """What `report --json` tells: the page written (path, size), the scenario it reports on,
    its sections, and what it shows of a log and of an agreement."""
    shown = None
    if log is not None and sessions:
        last = sessions[-1][0]
        shown = {
            "path": str(log),
            "sessions": len(sessions),
            "session_id": last.session_id,
            "protocol": last.protocol,
            "status": last.status,
            "events": last.event_count,
        }
    implemented = built.implementation
    return {
        "output": str(output),
        "bytes": output.stat().st_size,
        "scenario": scenario,
        "title": built.title,
        "parties": built.parties,
        "sections": built.sections,
        "log": shown,
        "agreement": None if agreement is None else str(agreement),
        "implemented": None if implemented is None else implemented.agreement.source,
    }

"""Import and export: GENIUS and GeniusWeb files in and out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from dragoman._words import count
from dragoman.app.commands.analysis import summary
from dragoman.app.json_output import print_json
from dragoman.app.shell import (
    CONSOLES,
    JsonFlag,
    PlainGroup,
    ScenarioArg,
    app,
    print_notes,
    reports_errors,
)
from dragoman.errors import DragomanError
from dragoman.io.output_paths import check_file_path, write_whole
from dragoman.io.scenario_file import load_scenario
from dragoman.model.scenario import Scenario
from dragoman.render.literal import clean

# --- interoperability: GENIUS and GeniusWeb files in and out ----------------------------------

import_app = typer.Typer(
    help="Import a scenario. Another tool's negotiation files as a scenario.",
    no_args_is_help=True,
    rich_markup_mode=None,
    cls=PlainGroup,
)
export_app = typer.Typer(
    help="Export a scenario. A scenario in another tool's file format.",
    no_args_is_help=True,
    rich_markup_mode=None,
    cls=PlainGroup,
)
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")

ImportOutput = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the scenario YAML here (default: print it)."),
]
ExportFolder = Annotated[
    Path, typer.Option("--output", "-o", help="The folder to write the files into.")
]

PartyNames = Annotated[
    list[str] | None,
    typer.Option(
        "--party",
        help="FILE=NAME: name the party of a profile file (repeatable); default: the file's "
        "stem (GENIUS) or the profile's name (GeniusWeb).",
    ),
]
StemOption = Annotated[
    str | None,
    typer.Option("--name", help="The domain file's name (default: from the scenario's title)."),
]

__all__ = ["export_genius_command", "export_geniusweb_command", "import_genius", "import_geniusweb"]


@import_app.command("genius")
@reports_errors
def import_genius(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="A GENIUS folder, or its domain XML and one profile XML per party (told "
            "apart by their root elements)."
        ),
    ],
    output: ImportOutput = None,
    party: PartyNames = None,
    real_levels: Annotated[int, typer.Option(min=2, help="Grid values per real issue.")] = 11,
    as_json: JsonFlag = False,
) -> None:
    """GENIUS XML to scenario YAML. Linear-additive or ANAC 2014 nonlinear profiles."""
    from dragoman.io.genius import find_genius_files, load_genius, sort_genius_files

    _check_output(output)
    notes: list[str] = []
    try:
        if len(files) == 1 and files[0].is_dir():
            domain, profiles = find_genius_files(files[0], notes)
        else:
            domain, profiles = sort_genius_files(files, files[0].parent)
    finally:  # what was skipped, even when too little was left
        print_notes(CONSOLES.err, notes)
    scenario = load_genius(domain, profiles, real_levels, _renames(party))
    read = _read("genius", files, [domain, *profiles], scenario, notes)
    _write_imported(scenario, output, read if as_json else None)


@import_app.command("geniusweb")
@reports_errors
def import_geniusweb(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="A folder of GeniusWeb JSON files, or the domain JSON (optional) and one "
            "profile JSON per party."
        ),
    ],
    output: ImportOutput = None,
    party: PartyNames = None,
    as_json: JsonFlag = False,
) -> None:
    """GeniusWeb JSON to scenario YAML. A domain and LinearAdditiveUtilitySpace profiles."""
    from dragoman.io.geniusweb import load_geniusweb

    _check_output(output)
    notes: list[str] = []
    used: list[Path] = []
    try:
        scenario = load_geniusweb(list(files), _renames(party), notes, used)
    finally:  # what was skipped, even when too little was left
        print_notes(CONSOLES.err, notes)
    read = _read("geniusweb", files, used, scenario, notes)
    _write_imported(scenario, output, read if as_json else None)


def _read(
    kind: str, sources: list[Path], used: list[Path], scenario: Scenario, notes: list[str]
) -> dict[str, Any]:
    """What an import read: the format, the paths given, the domain's file and each party's
    profile (`used`: the domain's file, then the profiles in party order), the notes."""
    profiles = zip([p.name for p in scenario.negotiators], map(str, used[1:]), strict=True)
    return {
        "from": kind,
        "sources": [str(path) for path in sources],
        "domain": str(used[0]),
        "profiles": dict(profiles),
        "notes": notes,
    }


def _renames(items: list[str] | None) -> dict[str, str]:
    """`--party FILE=NAME` items as {file: name}."""
    renames: dict[str, str] = {}
    for item in items or []:
        file, sep, name = item.rpartition("=")
        if not sep or not file.strip() or not name.strip():
            raise DragomanError(f"--party {item!r}: write FILE=NAME")
        renames[file.strip()] = name.strip()
    return renames


def _check_output(output: Path | None) -> None:
    """Refuse an output the scenario cannot be written to, before reading any file."""
    if output is not None:
        check_file_path(output, "the scenario")


def _write_imported(scenario: Scenario, output: Path | None, read: dict[str, Any] | None) -> None:
    """The scenario YAML written to `output`, or else printed; under `--json` (`read`: what
    the import read) one document says so instead, the YAML in it when there is no `output`."""
    from dragoman.io.scenario_file import dump_scenario

    text = dump_scenario(scenario)
    if output is None and read is None:
        typer.echo(text, nl=False)
    elif output is not None:
        write_whole(output, lambda part: part.write_text(text, encoding="utf-8"), "the scenario")
        sizes = [
            count(len(scenario.negotiators), "party"),
            count(len(scenario.issues), "issue"),
            count(scenario.outcome_space.size, "outcome"),
        ]
        CONSOLES.err.print(
            f"imported {clean(scenario.metadata.title)}: {', '.join(sizes)} -> {clean(output)}",
            markup=False,
            highlight=False,
            soft_wrap=True,  # the path whole, however long
        )
    if read is not None:
        written = {"output": None if output is None else str(output)}
        yaml = {"yaml": text if output is None else None}
        print_json("import", {**read, **written, **yaml, "scenario": summary(scenario)})


@export_app.command("genius")
@reports_errors
def export_genius_command(
    scenario: ScenarioArg, output: ExportFolder, name: StemOption = None, as_json: JsonFlag = False
) -> None:
    """A scenario as GENIUS XML. A domain file and one profile per party."""
    from dragoman.io.format_limits import genius_limits
    from dragoman.io.genius_export import export_genius

    s = load_scenario(scenario, checks=[genius_limits])  # every problem at once
    written = _exported(lambda: export_genius(s, output, name), output)
    _print_exported("genius", scenario, s, output, written, as_json)


@export_app.command("geniusweb")
@reports_errors
def export_geniusweb_command(
    scenario: ScenarioArg,
    output: ExportFolder,
    long_names: Annotated[
        bool,
        typer.Option(
            help="Wrap utilities in GeniusWeb's long class names (DiscreteValueSetUtilities and "
            "the like)."
        ),
    ] = False,
    name: StemOption = None,
    as_json: JsonFlag = False,
) -> None:
    """A scenario as GeniusWeb JSON. A domain file and one profile per party."""
    from dragoman.io.format_limits import geniusweb_limits
    from dragoman.io.geniusweb import export_geniusweb

    s = load_scenario(scenario, checks=[geniusweb_limits])  # every problem at once
    written = _exported(lambda: export_geniusweb(s, output, long_names, name), output)
    _print_exported("geniusweb", scenario, s, output, written, as_json)


def _exported(write: Callable[[], list[Path]], output: Path) -> list[Path]:
    try:
        return write()
    except OSError as exc:
        raise DragomanError(f"{output}: cannot write the files ({exc.strerror or exc})") from None


def _print_exported(
    kind: str, source: str, scenario: Scenario, output: Path, written: list[Path], as_json: bool
) -> None:
    """The files an export wrote (domain first), one path a line; or under `--json` one
    document: the format, the scenario given, the folder, the domain's and each party's file."""
    if not as_json:
        for path in written:
            typer.echo(str(path))  # whole, however long: the terminal wraps it
        return
    profiles = zip([p.name for p in scenario.negotiators], map(str, written[1:]), strict=True)
    document = {"to": kind, "source": source, "output": str(output), "domain": str(written[0])}
    print_json("export", {**document, "profiles": dict(profiles), "scenario": summary(scenario)})

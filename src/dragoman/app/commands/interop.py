"""Import and export: GENIUS and GeniusWeb files in and out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from dragoman._words import count
from dragoman.app.shell import CONSOLES, PlainGroup, ScenarioArg, app, reports_errors
from dragoman.errors import DragomanError
from dragoman.io.scenario_file import load_scenario

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

__all__ = ["export_genius_command", "export_geniusweb_command", "import_genius", "import_geniusweb"]


@import_app.command("genius")
@reports_errors
def import_genius(
    domain: Annotated[Path, typer.Argument(help="The GENIUS domain XML (negotiation_template).")],
    profiles: Annotated[list[Path], typer.Argument(help="One profile XML per party.")],
    output: ImportOutput = None,
    real_levels: Annotated[int, typer.Option(min=2, help="Grid values per real issue.")] = 11,
) -> None:
    """GENIUS XML to scenario YAML. Linear-additive or ANAC 2014 nonlinear profiles."""
    from dragoman.io.genius import load_genius

    _write_imported(load_genius(domain, profiles, real_levels), output)


@import_app.command("geniusweb")
@reports_errors
def import_geniusweb(
    files: Annotated[
        list[Path],
        typer.Argument(help="The domain JSON (optional) and one profile JSON per party."),
    ],
    output: ImportOutput = None,
) -> None:
    """GeniusWeb JSON to scenario YAML. A domain and LinearAdditiveUtilitySpace profiles."""
    from dragoman.io.geniusweb import load_geniusweb

    _write_imported(load_geniusweb(list(files)), output)


def _write_imported(scenario: Any, output: Path | None) -> None:
    from dragoman.io.scenario_file import dump_scenario

    text = dump_scenario(scenario)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DragomanError(
            f"{output}: cannot write the scenario ({exc.strerror or exc})"
        ) from None
    sizes = [
        count(len(scenario.negotiators), "party"),
        count(len(scenario.issues), "issue"),
        count(scenario.outcome_space.size, "outcome"),
    ]
    CONSOLES.err.print(
        f"imported {scenario.metadata.title}: {', '.join(sizes)} -> {output}",
        markup=False,
        highlight=False,
        soft_wrap=True,  # the path whole, however long
    )


@export_app.command("genius")
@reports_errors
def export_genius_command(scenario: ScenarioArg, output: ExportFolder) -> None:
    """A scenario as GENIUS XML. A domain file and one profile per party."""
    from dragoman.io.genius_export import export_genius

    for path in _exported(lambda: export_genius(load_scenario(scenario), output), output):
        typer.echo(str(path))  # whole, however long: the terminal wraps it


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
) -> None:
    """A scenario as GeniusWeb JSON. A domain file and one profile per party."""
    from dragoman.io.geniusweb import export_geniusweb

    paths = _exported(lambda: export_geniusweb(load_scenario(scenario), output, long_names), output)
    for path in paths:
        typer.echo(str(path))  # whole, however long: the terminal wraps it


def _exported(write: Callable[[], list[Path]], output: Path) -> list[Path]:
    try:
        return write()
    except OSError as exc:
        raise DragomanError(f"{output}: cannot write the files ({exc.strerror or exc})") from None

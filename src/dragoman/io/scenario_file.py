"""Scenario files: YAML in and out, errors located by file and line, built-in scenarios by name."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from dragoman.errors import Problem, ScenarioError
from dragoman.io.json_text import parse_json
from dragoman.io.yaml_lines import located, read_bounded, read_yaml
from dragoman.model.scenario import PartsCheck, Scenario
from dragoman.model.text import scenario_yaml
from dragoman.strategies.seating import check_seats

__all__ = [
    "builtin_scenarios",
    "dump_scenario",
    "foreign_format",
    "load_scenario",
    "locate",
    "parse_scenario",
    "resolve_scenario",
    "scenario_schema",
]


def builtin_scenarios() -> dict[str, Path]:
    """Built-in scenario names mapped to their files (shipped inside the package)."""
    folder = resources.files("dragoman") / "scenarios"
    files = sorted(Path(str(p)) for p in folder.iterdir() if str(p).endswith(".yaml"))
    return {f.stem: f for f in files}


def resolve_scenario(name_or_path: str | Path) -> Path:
    """A scenario file from a path, or from the name of a built-in scenario."""
    path = Path(name_or_path)
    if path.exists():
        return path
    builtins = builtin_scenarios()
    if str(name_or_path) in builtins:
        return builtins[str(name_or_path)]
    raise ScenarioError(
        [
            Problem(
                "no such file, and not a built-in scenario "
                f"(built-ins: {', '.join(builtins) or 'none'})",
                file=str(name_or_path),
            )
        ]
    )


def load_scenario(name_or_path: str | Path, checks: Sequence[PartsCheck] = ()) -> Scenario:
    """Read and validate a scenario file (or a built-in by name); `checks` are further checks
    of its parts (e.g. a file format's limits), reported with the rest."""
    path = resolve_scenario(name_or_path)
    label = path.name if path in builtin_scenarios().values() else str(path)
    if path.is_dir():
        raise ScenarioError([folder_problem(path)])
    text = read_bounded(path, "scenario_bytes", label, ScenarioError)
    return parse_scenario(text, label, checks)


def folder_problem(folder: Path) -> Problem:
    """What a folder given where a scenario file is expected holds: GENIUS or GeniusWeb files
    (with the import command, from its first XML and JSON files), or neither."""
    for path in sorted(folder.iterdir())[:100]:
        found = foreign_format(_head(path), str(path))
        if found is not None and "import it first: " in found.message:
            how = found.message.split("import it first: ")[1]
            kind = "GeniusWeb" if "geniusweb" in how else "GENIUS"
            message = f"a folder of {kind} files, not a scenario: import it first: {how}"
            return Problem(message, file=str(folder))
    return Problem(
        "a folder, not a scenario file (give a scenario's YAML file or a built-in's name)",
        file=str(folder),
    )


def _head(path: Path) -> str:
    """The start of an XML file (its root element), a JSON file whole (up to 1 MB); else ''."""
    suffix = path.suffix.lower()
    if suffix not in (".xml", ".json") or not path.is_file():
        return ""
    if suffix == ".json" and path.stat().st_size > 1_000_000:
        return ""
    with path.open(encoding="utf-8", errors="replace") as f:
        return f.read(4096 if suffix == ".xml" else -1)


def locate(error: ScenarioError, name_or_path: str | Path) -> ScenarioError:
    """`error` (found after loading, e.g. a formula that is not finite for the agreed values)
    with the file and line of each problem's field in the scenario file (problems that name
    a file of their own are kept as they are)."""
    path = resolve_scenario(name_or_path)
    label = path.name if path in builtin_scenarios().values() else str(path)
    root, data = read_yaml(
        path.read_text(encoding="utf-8"), label, "a scenario file", ScenarioError
    )
    problems = [p if p.file else located([p], root, data, label)[0] for p in error.problems]
    return ScenarioError(problems)


def parse_scenario(
    text: str, file: str = "<string>", checks: Sequence[PartsCheck] = ()
) -> Scenario:
    """Validate scenario YAML text; every fault (schema, cross-checks, seats, `checks`) is
    reported at once, in file order, each naming `file`, the line and the field path."""
    foreign = foreign_format(text, file)
    if foreign is not None:
        raise ScenarioError([foreign])
    root, data = read_yaml(text, file, "a scenario file", ScenarioError)
    try:
        return Scenario.from_data(data, checks=[check_seats, *checks])
    except ScenarioError as exc:
        problems = located(exc.problems, root, data, file)
        problems.sort(key=lambda p: -1 if p.line is None else p.line)  # stable: one line's in order
        raise ScenarioError(problems) from None


_XML_ROOTS = {
    "negotiation_template": "a GENIUS domain file",
    "utility_space": "a GENIUS profile file",
}


def foreign_format(text: str, file: str) -> Problem | None:
    """A hint when a GENIUS (XML) or GeniusWeb (JSON) file is given where a scenario is
    expected: what it is and the import command that turns it into a scenario."""
    folder = shlex.quote(str(Path(file).parent)) if file != "<string>" else "FOLDER"
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        match = re.search(r"<\s*(negotiation_template|utility_space)\b", head[:4096])
        if match is None:
            return Problem("an XML file, not a scenario (scenarios are YAML)", file=file)
        how = f"dragoman import genius {folder} -o scenario.yaml"
        message = f"{_XML_ROOTS[match.group(1)]}, not a scenario: import it first: {how}"
        return Problem(message, file=file)
    if head.startswith("{"):
        try:
            data = parse_json(head)
        except ValueError:
            return None
        kinds = ("issuesValues", "LinearAdditiveUtilitySpace")
        if isinstance(data, dict) and any(k in data for k in kinds):
            how = f"dragoman import geniusweb {folder} -o scenario.yaml"
            message = f"a GeniusWeb file, not a scenario: import it first: {how}"
            return Problem(message, file=file)
    return None


def dump_scenario(scenario: Scenario) -> str:
    """The scenario as YAML text that `parse_scenario` reads back to an equal scenario."""
    return scenario_yaml(scenario)


def scenario_schema() -> str:
    """The JSON Schema of scenario files, for editors."""
    schema = Scenario.model_json_schema(by_alias=True)
    schema["title"] = "Dragoman scenario"
    return json.dumps(schema, indent=2)

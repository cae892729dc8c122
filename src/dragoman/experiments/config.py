"""The configuration of a tournament: which agents meet on which scenarios, under which
protocols and mediators, how often, from which root seed. Read from YAML with every problem
located by file, line and field (`load_config`); its JSON Schema is `config_schema()`.

    title: NegMAS's own cells
    scenarios: [../data/y2011/Camera, pie-split]   # built-ins, scenario files, GENIUS folders
    agents: [boulware, "time-based:e=0.5", micro]
    protocols: [alternating]
    repetitions: 1
    self_play: true        # agents may meet themselves
    rotate: true           # every role assignment: preferences rotated across the seats
    steps: 200             # step budget of every negotiation (default: the scenario's, else 100)
    seed: 7                # the root seed of every cell's seed
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.json_schema import SkipJsonSchema

from dragoman.errors import ConfigError, DragomanError, Problem
from dragoman.io.scenario_file import builtin_scenarios
from dragoman.io.yaml_lines import located, read_bounded, read_yaml
from dragoman.limits import within
from dragoman.model.base import PositiveWhole, Whole
from dragoman.model.messages import format_path, plain_message, without_echoes
from dragoman.negotiation.protocols.registry import make_protocol, protocol_class
from dragoman.negotiation.strategy import Strategy
from dragoman.strategies.registry import make_agent, make_mediator
from dragoman.strategies.seating import mediation_fault

__all__ = [
    "Engine",
    "TournamentConfig",
    "config_schema",
    "load_config",
    "load_salvaged",
    "locate",
    "parse_config",
    "salvaged",
]

Engine = Literal["auto", "general", "batched"]


class TournamentConfig(BaseModel):
    """A tournament: agents x scenarios x protocols x mediators x role assignments x
    repetitions (see the module doc)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field("tournament", description="A name for the tournament.")
    scenarios: tuple[str, ...] = Field(
        min_length=1,
        description="Built-in scenario names, scenario files or GENIUS domain folders "
        "(paths relative to the configuration file).",
    )
    agents: tuple[str, ...] = Field(
        min_length=1, description="Competing agents, NAME[:k=v,...] (see `dragoman agents`)."
    )
    protocols: tuple[str, ...] = Field(("alternating",), min_length=1)
    mediators: tuple[str, ...] = Field(
        (),
        description="Mediator strategies for mediated protocols, one per cell at every "
        "mediator seat (empty: the protocol's default mediator).",
    )
    repetitions: Whole = Field(1, ge=1, le=1_000_000)
    self_play: bool = Field(True, description="Whether an agent may meet itself.")
    rotate: bool = Field(
        True, description="Every role assignment: each scenario's preferences rotated "
        "across its seats (else the scenario as written only)."
    )  # fmt: skip
    steps: PositiveWhole | None = Field(None, description="Step budget of every negotiation.")
    seed: Whole = Field(0, ge=0, description="Root seed: every cell's seed derives from it.")
    engine: Engine = Field(
        "auto",
        description="auto: the batched engine wherever it can run a cell (alternating offers, "
        "one round, an enumerable outcome space; oblivious agents, or in bilateral talks also "
        "naive-tft and micro), else the general one; general: always the session engine; "
        "batched: refuse cells it cannot run.",
    )
    #: where relative scenario paths start: set on load, never in the file (so not in the schema)
    base: SkipJsonSchema[str] = "."

    @field_validator("steps")
    @classmethod
    def _steps_within_limit(cls, value: int | None) -> int | None:
        return within("steps", value)

    def resolved(self, reference: str) -> str:
        """A scenario reference as a path from the working directory: a relative one starts
        at the configuration's folder (`base`), never elsewhere; a built-in's name is kept,
        unless that folder holds a file of that name."""
        path = Path(reference)
        if path.is_absolute():
            return reference
        local = Path(self.base) / path
        if local.exists() or reference not in builtin_scenarios():
            return str(local)
        return reference


def parse_config(data: Any, file: str = "<config>", base: str = ".") -> TournamentConfig:
    """Validate plain data; ConfigError naming each bad field (its file and line are added
    by `load_config`)."""
    config, problems = salvaged(data, file, base)
    if problems or config is None:
        raise ConfigError(problems)
    return config


def salvaged(
    data: Any, file: str = "<config>", base: str = "."
) -> tuple[TournamentConfig | None, list[Problem]]:
    """Every fault of the fields and names, and the configuration without the fields and
    entries at fault (None when a required field is lost), so that the checks needing a
    configuration (its scenarios, its cells) still run: every problem is reported at once."""
    if not isinstance(data, dict):
        return None, [Problem("a tournament configuration must be a mapping", file=file)]
    problems: list[Problem] = []
    faulty: set[object] = set()
    try:
        TournamentConfig.model_validate({**data, "base": base})
    except ValidationError as exc:
        for error in without_echoes(exc.errors()):
            message = plain_message(error, "dragoman schema --tournament", TournamentConfig)
            problems.append(Problem(message, format_path(data, error["loc"])))
            faulty.add(error["loc"][0] if error["loc"] else None)
    named, wrong = _check_names(data)
    problems += named + _unable_mediators(data, wrong)
    kept = {
        key: [v for k, v in enumerate(value) if (key, k) not in wrong]
        if isinstance(value, list | tuple)
        else value
        for key, value in data.items()
        if key not in faulty
    }
    try:
        return TournamentConfig.model_validate({**kept, "base": base}), problems
    except ValidationError:  # a required field, or every entry of one, is at fault
        return None, problems


def load_config(path: str | Path) -> TournamentConfig:
    """Read and validate a tournament configuration file."""
    config, problems = load_salvaged(path)
    if problems or config is None:
        raise ConfigError(problems)
    return config


def load_salvaged(path: str | Path) -> tuple[TournamentConfig | None, list[Problem]]:
    """`salvaged` for a file, each problem with its file and line (ConfigError at once for a
    file that cannot be read or is not a YAML mapping: nothing to salvage)."""
    file = str(path)
    text = read_bounded(Path(path), "scenario_bytes", file, ConfigError)
    root, data = read_yaml(text, file, "a tournament configuration", ConfigError)
    config, problems = salvaged(data, file, str(Path(path).parent))
    return config, located(problems, root, data, file)


def locate(error: ConfigError, path: str | Path) -> ConfigError:
    """`error` (found after loading, e.g. a scenario a protocol cannot run on) with the file
    and line of each problem's field."""
    text = Path(path).read_text(encoding="utf-8")
    root, data = read_yaml(text, str(path), "a tournament configuration", ConfigError)
    return ConfigError(located(error.problems, root, data, str(path)))


def _identity(strategy: Strategy) -> tuple[object, ...]:
    """What a strategy is, whatever its spec's spelling: its class and parameters (defaults
    included), so `linear:e=1.0` is `linear:e=1` and `boulware` is `boulware:e=0.2`."""
    return (type(strategy), *sorted(strategy.parameters().items()))


def _check_names(data: dict[Any, Any]) -> tuple[list[Problem], set[tuple[str, int]]]:
    """Every agent, mediator and protocol names a registered one with valid parameters, once,
    and no two scenarios share a name; the problems and the (field, index) of each entry at
    fault. Read from the plain data, so a field failing its schema elsewhere is still checked."""
    problems: list[Problem] = []
    wrong: set[tuple[str, int]] = set()
    checks: list[tuple[str, Callable[[str], object]]] = [
        ("agents", make_agent),
        ("mediators", make_mediator),
        ("protocols", protocol_class),
    ]
    for field, build in checks:
        seen: dict[object, tuple[int, str]] = {}  # what an entry is (strategy, or text) -> it
        for k, spec in _strings(data, field):
            try:
                built = build(spec)
            except DragomanError as exc:
                problems.append(Problem(str(exc), f"{field}[{k}]"))
                wrong.add((field, k))
                built = None
            key = _identity(built) if isinstance(built, Strategy) else spec
            at, first = seen.setdefault(key, (k, spec))
            if at != k:
                same = "" if first == spec else f" (as {first!r}: the same strategy and parameters)"
                problems.append(Problem(f"{spec!r} is listed twice{same}", f"{field}[{k}]"))
                wrong.add((field, k))
    names: dict[str, int] = {}
    for k, reference in _strings(data, "scenarios"):
        name = Path(reference.rstrip("/")).stem
        if names.setdefault(name, k) != k:
            problems.append(Problem(f"two scenarios are named {name!r}", f"scenarios[{k}]"))
            wrong.add(("scenarios", k))
    return problems, wrong


def _unable_mediators(data: dict[Any, Any], wrong: set[tuple[str, int]]) -> list[Problem]:
    """Each mediator that cannot mediate a protocol listed, by what both declare
    (`mediation_fault`: a relay under single-text, whose every cell would play no text);
    each such entry is added to `wrong`. Entries already at fault are left to their fault."""
    listed = _strings(data, "protocols")
    protocols = [make_protocol(spec) for k, spec in listed if ("protocols", k) not in wrong]
    problems = []
    for k, spec in _strings(data, "mediators"):
        if ("mediators", k) in wrong:
            continue
        mediator = type(make_mediator(spec))
        for fault in filter(None, (mediation_fault(p, mediator) for p in protocols)):
            problems.append(Problem(fault, f"mediators[{k}]"))
            wrong.add(("mediators", k))
    return problems


def _strings(data: dict[Any, Any], field: str) -> list[tuple[int, str]]:
    """The entries of a list field that are strings, with their places (others fail the
    schema and are reported there)."""
    value = data.get(field)
    if not isinstance(value, list | tuple):
        return []
    return [(k, v) for k, v in enumerate(value) if isinstance(v, str)]


def config_schema() -> str:
    """The JSON Schema of tournament configuration files, for editors."""
    schema = TournamentConfig.model_json_schema()
    schema["title"] = "Dragoman tournament"
    return json.dumps(schema, indent=2)

"""The cells of a tournament: one negotiation each, with a stable identity and its own seed.

A cell is a scenario, a role assignment (its preferences rotated by `rotation` seats: seat i
gets the preferences of party i + rotation, modulo the number of parties), a protocol, a
mediator (at every mediator seat of a mediated protocol), an agent per party seat and a
repetition. Its key hashes all of these (with the step budget and the root seed), so it names
the same negotiation in any run of any configuration; its seed is drawn from
`SeedSequence(root_seed, spawn_key=(k1, k2))`, where k1, k2 are the two 32-bit halves of the
key's hash: one root seed gives every cell its own independent stream, whatever the order or
the number of cells run.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from dragoman._arrays import IntArray
from dragoman.errors import ConfigError, DragomanError, Problem, problems_of
from dragoman.experiments.config import TournamentConfig
from dragoman.experiments.seeds import spawned_states
from dragoman.io.genius import load_genius_folder
from dragoman.io.scenario_file import load_scenario
from dragoman.limits import limit, refusal
from dragoman.model.scenario import Scenario
from dragoman.negotiation.protocols.registry import make_protocol
from dragoman.strategies.seating import build_seats, seat_mediators

__all__ = [
    "Cell",
    "cell_seed",
    "cell_seeds",
    "enumerate_cells",
    "mediator_seats",
    "rotated",
    "scenario_name",
    "scenario_of",
    "seat_label",
    "seated",
]


class Cell(NamedTuple):
    """One negotiation of a tournament (see the module doc); a named tuple, as a tournament
    builds and sends millions of them."""

    # its place in the configuration's order (the results table's order); shadows
    # tuple.index, which nothing calls on a cell
    index: int  # type: ignore[assignment]
    scenario: str  # the reference as written in the configuration
    rotation: int
    protocol: str
    mediator: str | None  # None: the protocol's default mediator (or no mediator)
    agents: tuple[str, ...]  # one spec per party seat, in the scenario's order
    repetition: int
    key: str
    seed: int


def cell_seed(root: int, key: str) -> int:
    """The seed of the cell with `key` under root seed `root` (see the module doc)."""
    return int(cell_seeds(root, [key])[0])


def cell_seeds(root: int, keys: Sequence[str]) -> IntArray:
    """The seeds of many cells at once (`cell_seed` of each key), as int64."""
    digests = b"".join(hashlib.blake2b(k.encode(), digest_size=8).digest() for k in keys)
    spawn = np.frombuffer(digests, dtype=">u4").reshape(len(keys), 2)
    state = spawned_states(root, spawn, 2).astype(np.int64)
    return state[:, 0] << 31 | state[:, 1] >> 1


@lru_cache(maxsize=1024)
def scenario_name(reference: str) -> str:
    """The short name of a scenario reference (a built-in's name, a file's or folder's stem)."""
    return Path(reference.rstrip("/")).stem


@lru_cache(maxsize=64)
def scenario_of(reference: str) -> Scenario:
    """The scenario a reference names, loaded once per process: a GENIUS domain folder, a
    scenario file or a built-in scenario."""
    path = Path(reference)
    if path.is_dir() and not any(p.suffix.lower() == ".xml" for p in path.iterdir()):
        raise DragomanError(
            f"{path}: a folder with no GENIUS files, not a scenario (give a scenario's YAML "
            "file, a built-in's name or a GENIUS domain folder)"
        )
    if path.is_dir():
        return load_genius_folder(path)
    return load_scenario(reference)


@lru_cache(maxsize=256)
def rotated(reference: str, rotation: int) -> Scenario:
    """The scenario with its parties' preferences rotated by `rotation` seats, built once per
    process (so its compiled utilities and bargaining problem are too)."""
    base = scenario_of(reference)
    if rotation == 0:
        return base
    parties = base.negotiators
    n = len(parties)
    preferences = {p.name: parties[(i + rotation) % n].preferences for i, p in enumerate(parties)}
    return base.with_preferences({k: v for k, v in preferences.items() if v is not None})


def enumerate_cells(config: TournamentConfig) -> list[Cell]:
    """Every cell of the configuration, in its order; ConfigError naming every field at
    fault: each scenario that cannot be loaded, each protocol that cannot run on one, a
    scenario no cell can be played on, mediators no protocol seats, and more cells than the
    limit 'cells' (counted before any is made)."""
    plan: list[tuple[Scenario, str, str, bool]] = []  # scenario, path, protocol, mediated
    problems: list[Problem] = []
    mediated_somewhere = None  # unknown until a scenario loads
    every_scenario_loaded = True
    for k, reference in enumerate(config.scenarios):
        path = config.resolved(reference)
        try:
            scenario = scenario_of(path)
        except DragomanError as exc:
            # each fault of the scenario (its own file and line in the message) at the entry
            problems += [Problem(str(p), f"scenarios[{k}]") for p in problems_of(exc)]
            every_scenario_loaded = False
            continue
        problems += _unplayable(config, scenario, path)
        for j, protocol in enumerate(config.protocols):
            try:
                mediated = _mediated(path, protocol, f"protocols[{j}]")
            except ConfigError as exc:
                problems += exc.problems
                continue
            mediated_somewhere = bool(mediated_somewhere) or mediated
            plan.append((scenario, path, protocol, mediated))
            problems += _unseatable(config, path, protocol) if mediated else []
    if config.mediators and mediated_somewhere is False:
        problems.append(Problem(_UNUSED_MEDIATORS, "mediators"))
    total = sum(_count(config, scenario, mediated) for scenario, _, _, mediated in plan)
    if total > limit("cells"):
        shown: int | str = total if every_scenario_loaded else f"at least {total:,}"
        problems.append(Problem(refusal("cells", shown), "repetitions"))
    if problems:
        raise ConfigError(problems)
    found: list[tuple[str, Spec, int, str]] = []
    for scenario, path, protocol, mediated in plan:
        found += _cells_of(config, scenario, path, protocol, mediated)
    seeds = cell_seeds(config.seed, [key for *_, key in found]).tolist()
    return [
        Cell(index, path, *spec, repetition, key, seed)
        for index, ((path, spec, repetition, key), seed) in enumerate(
            zip(found, seeds, strict=True)
        )
    ]


_UNUSED_MEDIATORS = (
    "no protocol listed seats a mediator, so these mediators would never play: add a mediated "
    "protocol (single-text, shuttle) to protocols, or leave out mediators"
)


def _count(config: TournamentConfig, scenario: Scenario, mediated: bool) -> int:
    """How many cells one scenario makes under one protocol (what `_cells_of` would list)."""
    n, agents = len(scenario.negotiators), len(config.agents)
    seatings = agents**n if config.self_play else math.perm(agents, n)
    rotations = n if config.rotate else 1
    mediators = len(config.mediators or (None,)) if mediated else 1
    return rotations * mediators * seatings * config.repetitions


def _cells_of(
    config: TournamentConfig, scenario: Scenario, path: str, protocol: str, mediated: bool
) -> list[tuple[str, Spec, int, str]]:
    """The cells of one scenario under one protocol."""
    found: list[tuple[str, Spec, int, str]] = []
    mediators = (config.mediators or (None,)) if mediated else (None,)
    for spec in _specs(config, scenario, protocol, mediators):
        keys = _keys(config, scenario_name(path), spec)
        found += [(path, spec, repetition, key) for repetition, key in enumerate(keys)]
    return found


def _unplayable(config: TournamentConfig, scenario: Scenario, path: str) -> list[Problem]:
    """Why no cell can be played on the scenario, if none can: without self-play, fewer
    agents than party seats."""
    seats, agents = len(scenario.negotiators), len(config.agents)
    if config.self_play or agents >= seats:
        return []
    message = (
        f"{scenario_name(path)} has {seats} party seats and agents lists only {agents}: with "
        f"self_play: false no agent may sit twice, so no negotiation can be played; list at "
        f"least {seats} agents or set self_play: true"
    )
    return [Problem(message, "self_play")]


@lru_cache(maxsize=256)
def seated(reference: str, rotation: int, protocol: str) -> Scenario:
    """The scenario a cell negotiates under `protocol`: the rotated one with a neutral mediator
    seated where a mediated protocol finds none, as `dragoman negotiate` seats it
    (`seat_mediators`); built once per process, like `rotated`."""
    return seat_mediators(rotated(reference, rotation), make_protocol(protocol), {})[0]


@lru_cache(maxsize=256)
def mediator_seats(reference: str, rotation: int, protocol: str) -> tuple[str, ...]:
    """The mediators a cell's mediator strategy sits at: those of the `seated` scenario the
    protocol needs (single text: its lead mediator only; shuttle: every one), as `dragoman
    negotiate` seats `--mediator`; the others are not seated. Built once per process."""
    variant = seated(reference, rotation, protocol)
    needed = make_protocol(protocol).seats_needed(variant)
    return tuple(name for name in needed if variant.party(name).role == "mediator")


def seat_label(kind: str, name: str) -> str:
    """A tournament's seating fault names the seat, not a command-line option (`SeatLabel`)."""
    return f"the {kind} seated at {name}"


def _mediated(reference: str, protocol: str, field: str) -> bool:
    """Whether the protocol seats mediators on this scenario, its own or a neutral one
    (ConfigError if it cannot run even so)."""
    try:
        return bool(mediator_seats(reference, 0, protocol))
    except DragomanError as exc:
        message = f"{protocol} cannot run on {scenario_name(reference)}: {exc}"
        raise ConfigError([Problem(message, field)]) from None


def _unseatable(config: TournamentConfig, reference: str, protocol: str) -> list[Problem]:
    """Each mediator the protocol's cells on the scenario cannot seat, found as its cells
    would seat it (`mediator_seats`, `build_seats`), before any cell is played."""
    variant, rules = seated(reference, 0, protocol), make_protocol(protocol)
    at = mediator_seats(reference, 0, protocol)
    problems = []
    for k, mediator in enumerate(config.mediators):
        try:
            build_seats(variant, rules, mediators=dict.fromkeys(at, mediator), label=seat_label)
        except DragomanError as exc:
            message = f"{mediator} cannot mediate {protocol} on {scenario_name(reference)}: {exc}"
            problems.append(Problem(message, f"mediators[{k}]"))
    return problems


Spec = tuple[int, str, str | None, tuple[str, ...]]  # rotation, protocol, mediator, agents


def _specs(
    config: TournamentConfig,
    scenario: Scenario,
    protocol: str,
    mediators: tuple[str | None, ...],
) -> Iterator[Spec]:
    n = len(scenario.negotiators)
    rotations = range(n) if config.rotate else range(1)
    for rotation, mediator in itertools.product(rotations, mediators):
        for agents in itertools.product(config.agents, repeat=n):
            if not config.self_play and len(set(agents)) < n:
                continue
            yield rotation, protocol, mediator, agents


def _keys(config: TournamentConfig, name: str, spec: Spec) -> list[str]:
    """The key of each repetition of a spec: the hash of repr((name, rotation, protocol,
    mediator, agents, repetition, steps, root seed)), its text assembled around the
    repetition (the same text, without building a tuple per cell)."""
    head = repr((name, *spec))[:-1]
    tail = f", {config.steps!r}, {config.seed!r})"
    return [
        hashlib.blake2b(f"{head}, {repetition!r}{tail}".encode(), digest_size=12).hexdigest()
        for repetition in range(config.repetitions)
    ]

"""The cells of a tournament: one negotiation each, with a stable identity and its own seed.

A cell is a scenario, a role assignment (its preferences rotated by `rotation` seats: seat i
gets the preferences of party i + rotation, modulo the number of parties), a protocol, a
mediator (at every mediator seat of a mediated protocol), an agent per party seat and a
repetition. Its draw hashes all of these (with the step budget and the root seed); its key
hashes the same and, besides, the scenario's content as played (`fingerprint`: its canonical
text) and the engine that plays it, so a key names the same negotiation in any run of any
configuration, and a stored result of an edited scenario (or of the other engine's run) is
never taken for this one's. Its seed is drawn from `SeedSequence(root_seed, spawn_key=(k1,
k2))`, where k1, k2 are the two 32-bit halves of the draw's hash: one root seed gives every
cell its own independent stream, whatever the order or the number of cells run, and an
edited scenario is played again with the same seeds (on either engine alike).

A scenario is loaded once per process and per version of its file (`scenario_of`: the cache
is keyed by the file's size and times, so a file edited between two tournaments of one
process is read again, and so are its rotated and seated variants); within `files_held` (a
tournament, a task) each file's version is read once.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import os
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from dragoman._arrays import IntArray
from dragoman._derived import derived
from dragoman.errors import ConfigError, DragomanError, Problem, problems_of
from dragoman.experiments.batched import Room, agents_fit, room
from dragoman.experiments.config import TournamentConfig
from dragoman.experiments.scenario_files import (
    Stamp,
    files_held,
    loaded,
    scenario_name,
    scenario_of,
    stamp_of,
)
from dragoman.experiments.seeds import spawned_states
from dragoman.io.scenario_file import builtin_scenarios
from dragoman.limits import limit, refusal
from dragoman.model.scenario import Scenario
from dragoman.model.text import scenario_yaml
from dragoman.negotiation.protocols.registry import make_protocol
from dragoman.strategies.seating import build_seats, seat_mediators

__all__ = [
    "Cell",
    "cell_seed",
    "cell_seeds",
    "draw_of",
    "enumerate_cells",
    "files_held",
    "fingerprint",
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
    key: str  # its draw, then a hash of its scenario's content and its engine (module doc)
    seed: int


#: A key's first characters are its cell's draw (hex); the rest hashes the content as played.
DRAW = 24


def draw_of(key: str) -> str:
    """The draw of the cell with `key` (a key stored before keys held the content as played
    is its draw whole)."""
    return key[:DRAW]


def cell_seed(root: int, draw: str) -> int:
    """The seed of the cell with `draw` under root seed `root` (see the module doc)."""
    return int(cell_seeds(root, [draw])[0])


def cell_seeds(root: int, draws: Sequence[str]) -> IntArray:
    """The seeds of many cells at once (`cell_seed` of each draw), as int64."""
    digests = b"".join(hashlib.blake2b(d.encode(), digest_size=8).digest() for d in draws)
    spawn = np.frombuffer(digests, dtype=">u4").reshape(len(draws), 2)
    state = spawned_states(root, spawn, 2).astype(np.int64)
    return state[:, 0] << 31 | state[:, 1] >> 1


def fingerprint(scenario: Scenario) -> str:
    """A hash of what a scenario's cells play: its canonical text (`Scenario.yaml_text`), its
    `uncertainty` section aside (only uncertainty studies read it), computed once per object."""

    def build() -> str:
        text = scenario_yaml(scenario.model_copy(update={"uncertainty": None}))
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    return derived(scenario, "fingerprint", build)


def rotated(reference: str, rotation: int) -> Scenario:
    """The scenario with its parties' preferences rotated by `rotation` seats, built once per
    process and version of its file (so its compiled utilities and bargaining problem are)."""
    return _rotated(reference, rotation, stamp_of(reference))


@lru_cache(maxsize=256)
def _rotated(reference: str, rotation: int, stamp: Stamp) -> Scenario:
    base = loaded(reference, stamp)
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
        missing = _missing(config, reference, path)
        if missing is not None:
            problems.append(Problem(missing, f"scenarios[{k}]"))
            every_scenario_loaded = False
            continue
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
    found: list[tuple[str, Spec, int, str, str]] = []
    for scenario, path, protocol, mediated in plan:
        found += _cells_of(config, scenario, path, protocol, mediated)
    seeds = cell_seeds(config.seed, [draw for *_, draw in found]).tolist()
    return [
        Cell(index, path, *spec, repetition, key, seed)
        for index, ((path, spec, repetition, key, _), seed) in enumerate(
            zip(found, seeds, strict=True)
        )
    ]


def _missing(config: TournamentConfig, reference: str, path: str) -> str | None:
    """Why a listed scenario is not there, if it is not: a relative path starts at the
    configuration's folder only (never the working directory); a built-in's name is a name."""
    if Path(path).exists() or (path == reference and reference in builtin_scenarios()):
        return None
    if Path(reference).is_absolute():
        return f"{reference}: no such file"
    folder = os.path.join(os.path.abspath(config.base), "")
    message = f"{reference}: no such file (looked in {folder})"
    if not Path(reference).suffix and "/" not in reference and os.sep not in reference:
        message += f", and not a built-in scenario (built-ins: {', '.join(builtin_scenarios())})"
    return message


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
) -> list[tuple[str, Spec, int, str, str]]:
    """The cells of one scenario under one protocol: path, spec, repetition, key and draw."""
    found: list[tuple[str, Spec, int, str, str]] = []
    mediators = (config.mediators or (None,)) if mediated else (None,)
    rooms: dict[int, Room] = {}  # per rotation, as `play.on_batched` decides
    content = fingerprint(scenario)
    for spec in _specs(config, scenario, protocol, mediators):
        rotation, agents = spec[0], spec[3]
        if rotation not in rooms:
            rooms[rotation] = room(rotated(path, rotation), protocol)
        batched = config.engine != "general" and agents_fit(rooms[rotation], agents)
        played = _played(content, "batched" if batched else "general")
        draws = _draws(config, scenario_name(path), spec)
        found += [(path, spec, k, f"{draw}{played}", draw) for k, draw in enumerate(draws)]
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


def seated(reference: str, rotation: int, protocol: str) -> Scenario:
    """The scenario a cell negotiates under `protocol`: the rotated one with a neutral mediator
    seated where a mediated protocol finds none, as `dragoman negotiate` seats it
    (`seat_mediators`); built once per process and version of its file, like `rotated`."""
    return _seated(reference, rotation, protocol, stamp_of(reference))


@lru_cache(maxsize=256)
def _seated(reference: str, rotation: int, protocol: str, stamp: Stamp) -> Scenario:
    variant = _rotated(reference, rotation, stamp)
    return seat_mediators(variant, make_protocol(protocol), {})[0]


def mediator_seats(reference: str, rotation: int, protocol: str) -> tuple[str, ...]:
    """The mediators a cell's mediator strategy sits at: those of the `seated` scenario the
    protocol needs (single text: its lead mediator only; shuttle: every one), as `dragoman
    negotiate` seats `--mediator`; the others are not seated. Built once per process and
    version of its file."""
    return _mediator_seats(reference, rotation, protocol, stamp_of(reference))


@lru_cache(maxsize=256)
def _mediator_seats(reference: str, rotation: int, protocol: str, stamp: Stamp) -> tuple[str, ...]:
    variant = _seated(reference, rotation, protocol, stamp)
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


def _draws(config: TournamentConfig, name: str, spec: Spec) -> list[str]:
    """The draw of each repetition of a spec: the hash of repr((name, rotation, protocol,
    mediator, agents, repetition, steps, root seed)), its text assembled around the
    repetition (the same text, without building a tuple per cell)."""
    head = repr((name, *spec))[:-1]
    tail = f", {config.steps!r}, {config.seed!r})"
    return [
        hashlib.blake2b(f"{head}, {repetition!r}{tail}".encode(), digest_size=12).hexdigest()
        for repetition in range(config.repetitions)
    ]


def _played(content: str, engine: str) -> str:
    """The end of a key: a hash of the scenario's fingerprint and the engine."""
    return hashlib.blake2b(f"{content} {engine}".encode(), digest_size=6).hexdigest()

"""Playing cells: each group of cells on one scenario variant runs on the batched engine when
it can (every seat oblivious, alternating offers) and the general engine (the session, through
`dragoman.runs.negotiation.start_session`) otherwise; both give the same `Played` record, which
`dragoman.experiments.table` turns into rows."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from dragoman._arrays import IntArray
from dragoman.errors import DragomanError
from dragoman.experiments.batched import Room, agents_fit, play_variants, refusal, room
from dragoman.experiments.cells import (
    Cell,
    files_held,
    mediator_seats,
    rotated,
    scenario_name,
    seat_label,
    seated,
)
from dragoman.experiments.config import Engine
from dragoman.model.scenario import Scenario
from dragoman.negotiation.events import EventKind
from dragoman.negotiation.session import settled, step_budget
from dragoman.runs.negotiation import start_session
from dragoman.utility.scenario import compiled

__all__ = ["Played", "on_batched", "play_cells", "unbatched"]

_PROPOSALS = frozenset({EventKind.OFFER, EventKind.TEXT})


@dataclass
class Played:
    """Negotiations on one scenario variant, one entry per cell in every list."""

    scenario: Scenario
    cells: list[Cell] = field(default_factory=list)
    engine: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    agreement: list[int | None] = field(default_factory=list)
    steps: list[int] = field(default_factory=list)
    offers: list[int] = field(default_factory=list)
    wall_time: list[float] = field(default_factory=list)
    utilities: list[tuple[float, ...] | None] = field(default_factory=list)  # recorded, per party
    discounted: list[tuple[float, ...] | None] = field(default_factory=list)
    mediators: list[dict[str, tuple[str, int, int]]] = field(default_factory=list)

    def add(self, cell: Cell, engine: str, status: str, agreement: int | None, steps: int,
            offers: int, wall: float, utilities: tuple[float, ...] | None,
            discounted: tuple[float, ...] | None,
            mediators: dict[str, tuple[str, int, int]]) -> None:  # fmt: skip
        """Record one finished negotiation."""
        self.extend([cell], engine, [status], [agreement], [steps], [offers], wall,
                    [utilities], [discounted], [mediators])  # fmt: skip

    def extend(self, cells: Sequence[Cell], engine: str, status: list[str],
               agreement: list[int | None], steps: list[int], offers: list[int], wall: float,
               utilities: list[tuple[float, ...] | None],
               discounted: list[tuple[float, ...] | None],
               mediators: list[dict[str, tuple[str, int, int]]]) -> None:  # fmt: skip
        """Record finished negotiations of one engine, `wall` seconds each."""
        self.cells += cells
        self.engine += [engine] * len(cells)
        self.status += status
        self.agreement += agreement
        self.steps += steps
        self.offers += offers
        self.wall_time += [wall] * len(cells)
        self.utilities += utilities
        self.discounted += discounted
        self.mediators += mediators


def play_cells(cells: Sequence[Cell], steps: int | None, engine: Engine = "auto") -> list[Played]:
    """Play every cell, grouped by scenario variant (in first-seen order); the batched cells of
    every variant in one call of the batched engine (one step loop for them all); each
    scenario file's version read once (`files_held`)."""
    with files_held():
        return _play_cells(cells, steps, engine)


def _play_cells(cells: Sequence[Cell], steps: int | None, engine: Engine) -> list[Played]:
    groups: dict[tuple[str, int], list[Cell]] = defaultdict(list)
    for cell in cells:
        groups[cell.scenario, cell.rotation].append(cell)
    played, fast, slow = [], [], []
    for (reference, rotation), group in groups.items():
        record = Played(rotated(reference, rotation))
        quick = on_batched(group, engine)
        fast.append((record, [c for c, q in zip(group, quick, strict=True) if q]))
        slow += [(record, c) for c, q in zip(group, quick, strict=True) if not q]
        played.append(record)
    if engine == "batched" and slow:
        raise DragomanError(unbatched(slow[0][1]))
    _play_fast([(r, c) for r, c in fast if c], steps)
    for record, cell in slow:
        _play_general(record, cell, steps)
    return played


def unbatched(cell: Cell) -> str:
    """Why `engine: batched` refuses a cell it cannot run: every reason (`batched.refusal`)."""
    scenario = rotated(cell.scenario, cell.rotation)
    reasons = refusal(scenario, cell.protocol, cell.agents)
    return (
        f"the batched engine cannot run {cell.protocol} with {', '.join(cell.agents)} on "
        f"{scenario_name(cell.scenario)}: {'; '.join(reasons)} (engine: auto plays such cells "
        "on the general engine)"
    )


def on_batched(cells: Sequence[Cell], engine: Engine) -> list[bool]:
    """Whether each cell runs on the batched engine under `engine` (decided once per scenario
    variant, protocol and agents, not per cell)."""
    if engine == "general":
        return [False] * len(cells)
    rooms: dict[tuple[str, int, str], Room] = {}
    known: dict[tuple[Room, tuple[str, ...]], bool] = {}
    found = []
    for c in cells:
        where = rooms.get((c.scenario, c.rotation, c.protocol))
        if where is None:
            where = rooms[c.scenario, c.rotation, c.protocol] = room(
                rotated(c.scenario, c.rotation), c.protocol
            )
        fits = known.get((where, c.agents))
        if fits is None:
            fits = known[where, c.agents] = agents_fit(where, c.agents)
        found.append(fits)
    return found


def _play_fast(groups: list[tuple[Played, list[Cell]]], steps: int | None) -> None:
    """Every variant's batched cells in one call of the batched engine; each negotiation's
    `wall_time` is the call's time divided among all of them."""
    if not groups:
        return
    start = time.perf_counter()
    outcomes = play_variants(
        [(r.scenario, [c.agents for c in cells], [c.seed for c in cells]) for r, cells in groups],
        steps,
    )
    wall = (time.perf_counter() - start) / sum(len(cells) for _, cells in groups)
    for (record, cells), outcome in zip(groups, outcomes, strict=True):
        scenario = record.scenario
        budget = step_budget(steps, scenario)
        utilities, discounted = _settled(scenario, outcome.agreement, outcome.steps, budget)
        agreed = outcome.agreement.tolist()
        status = ["agreement" if a >= 0 else "deadline" for a in agreed]
        record.extend(cells, "batched", status, [a if a >= 0 else None for a in agreed],
                      outcome.steps.tolist(), outcome.offers.tolist(), wall, utilities,
                      discounted, [{}] * len(cells))  # fmt: skip


Settled = list[tuple[float, ...] | None]


def _settled(
    scenario: Scenario, agreement: IntArray, steps: IntArray, budget: int
) -> tuple[Settled, Settled]:
    """Each negotiation's recorded and discounted utilities (None: no agreement), worked out
    once per distinct (agreement, steps): the session's own `settled`, so the engines agree."""
    pairs, which = np.unique(np.stack([agreement, steps], axis=1), axis=0, return_inverse=True)
    c = compiled(scenario)
    found: list[tuple[tuple[float, ...], tuple[float, ...]] | None] = []
    for agreed, taken in pairs.tolist():
        if agreed < 0:
            found.append(None)
            continue
        values = [settled(float(u.table[agreed]), u.discount_factor, taken / budget)
                  for u in c.utilities]  # fmt: skip
        found.append((tuple(v[0] for v in values), tuple(v[1] for v in values)))
    rows = [found[k] for k in which.ravel().tolist()]
    return [r[0] if r else None for r in rows], [r[1] if r else None for r in rows]


def _play_general(record: Played, cell: Cell, steps: int | None) -> None:
    where = (cell.scenario, cell.rotation, cell.protocol)
    scenario = seated(*where)  # a neutral mediator where the protocol finds none
    parties = [p.name for p in scenario.negotiators]
    start = time.perf_counter()
    session = start_session(
        scenario,
        cell.protocol,
        agents=dict(zip(parties, cell.agents, strict=True)),
        mediators=dict.fromkeys(mediator_seats(*where), cell.mediator) if cell.mediator else {},
        seed=cell.seed,
        steps=steps,
        label=seat_label,
    )
    result = session.run()
    wall = time.perf_counter() - start
    offers = sum(1 for e in result.events if e.kind in _PROPOSALS)
    mediators = {
        m: (
            _mediator_spec(scenario, m, cell.mediator, seat),
            sum(1 for e in result.events if e.sender == m and e.kind in _PROPOSALS),
            sum(1 for e in result.events if e.sender == m and e.kind is EventKind.RELAY),
        )
        for m, seat in session.seats.items()
        if scenario.party(m).role == "mediator"
    }
    agreed = result.agreement is not None
    utilities = tuple(result.utilities[p] for p in parties) if agreed else None
    discounted = tuple(result.discounted[p] for p in parties) if agreed else None
    record.add(cell, "general", result.status.value, result.agreement, result.steps, offers,
               wall, utilities, discounted, mediators)  # fmt: skip


def _mediator_spec(scenario: Scenario, name: str, given: str | None, seat: object) -> str:
    """The strategy at mediator seat `name` as a spec, its parameters kept (`hill-climber:
    starts=8`, as the cell's `mediator` says it): the one given, else the scenario's default
    seat, else the strategy's own name (the protocol's default)."""
    if given:
        return given
    default = scenario.seats.get(name)
    if default is None:
        return str(getattr(seat, "name", "human"))
    params = ",".join(
        f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in default.params.items()
    )
    return f"{default.strategy}:{params}" if params else default.strategy

"""Benchmark: the web app under load. 50 concurrent sessions of the flagship (shuttle protocol,
Israel's corridor red line dropped), each with two API seats (the parties, played through the
JSON API with their tokens) and three automated mediators (nash, bridging, relay), against a
real server (`dragoman serve`, a subprocess) on 127.0.0.1.

Each API seat reports the truth, proposes its best outcome, and rejects the first `--stubborn`
texts before it accepts one worth its reservation value, so a session takes a few dozen actions.
Paced like a class: the groups open their links over `--join` seconds and a seat thinks an
exponential time of mean `--think` seconds after each action (`--think 0`: a stress run, every
seat acting as fast as the server answers).
Reported: actions per second over the whole run, the latency of an action (POST
/api/seat/actions) and of a state read (GET /api/seat) at p50 and p99, and lost events: actions
accepted but missing from a session's event log, or applied twice, and events in the log the
database does not hold. Bounded: `--sessions` sessions, each stops at its end or at
`--time-limit` seconds for the whole run.

Run:  python benchmarks/bench_web.py                          (50 sessions, a SQLite file)
      python benchmarks/bench_web.py --db postgresql+psycopg://...   (any database URL)
Not a pytest test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from machine_info import machine
from sqlalchemy import create_engine, func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from web_server import LiveServer

from dragoman.web.db import EventRow

SEATS = {"Israel": "human", "Hamas": "human", "US": "nash", "Egypt": "bridging", "Qatar": "relay"}
HUMAN_KINDS = {"report", "offer", "accept", "reject", "walk_away"}


@dataclass
class Tally:
    """What the players measured."""

    actions: list[float] = field(default_factory=list)  # seconds per accepted action
    reads: list[float] = field(default_factory=list)  # seconds per state read
    first_reads: list[float] = field(default_factory=list)  # each seat's first (loads the session)
    sent: dict[int, int] = field(default_factory=dict)  # group -> actions accepted
    unfinished: int = 0
    server_cpu: float = 0.0  # CPU seconds the server used during the run
    client_cpu: float = 0.0  # CPU seconds these players used


class Wire:
    """One seat's keep-alive HTTP/1.1 connection, as lean as a client can be (httpx would
    spend more CPU than the server on this 2-core machine, and the players would starve it)."""

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.auth = f"Authorization: Bearer {token}\r\n"
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """(status, decoded JSON body) of one request; on a connection the server closed while
        idle (its keep-alive timeout), once more on a new one (actions carry their keys)."""
        for _ in range(2):
            answer = await self._call(method, path, body)
            if answer is not None:
                return answer
            self.close()
        raise ConnectionError("the server closed the connection twice")

    async def _call(self, method: str, path: str, body: Any) -> tuple[int, Any] | None:
        if self.streams is None:
            self.streams = await asyncio.open_connection("127.0.0.1", self.port)
        reader, writer = self.streams
        data = b"" if body is None else json.dumps(body).encode()
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{self.auth}"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
        )
        writer.write(head.encode() + data)
        first = await reader.readline()
        if not first:
            return None
        status = int(first.split()[1])
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return status, json.loads(await reader.readexactly(length))

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


def choose(state: dict[str, Any], texts_seen: int, stubborn: int) -> dict[str, Any]:
    """The API seat's action: truthful report, best proposal, stubborn then reasonable answers."""
    kind = state["request"]["action"]
    action: dict[str, Any] = {"key": uuid.uuid4().hex, "action": kind}
    if kind == "report":
        action["report"] = "truth"
    elif kind == "propose":
        action["outcome"] = state["best"]
    else:
        worth = state["current_utility"] >= state["brief"]["reservation_value"]
        action["response"] = "accept" if worth and texts_seen >= stubborn else "reject"
    return action


async def play(port: int, group: int, tokens: dict[str, str], tally: Tally, args: Any) -> None:
    """Play one session's API seats to its end (or the deadline)."""
    wires = {s: Wire(port, t) for s, t in tokens.items()}
    rng = random.Random(args.seed * 1_000 + group)
    await asyncio.sleep(rng.uniform(0, args.join))  # the group opens its links
    texts = dict.fromkeys(tokens, 0)
    seen: set[str] = set()
    tally.sent[group] = 0
    try:
        while time.monotonic() < args.deadline:
            moved = False
            for seat, wire in wires.items():
                start = time.perf_counter()
                _, state = await wire.call("GET", "/api/seat")
                took = time.perf_counter() - start
                (tally.reads if seat in seen else tally.first_reads).append(took)
                seen.add(seat)
                if state["status"] not in ("running", "paused", "held"):
                    return
                if not state["your_turn"]:
                    continue
                action = choose(state, texts[seat], args.stubborn)
                texts[seat] += action["action"] == "respond"
                start = time.perf_counter()
                status, reply = await wire.call("POST", "/api/seat/actions", action)
                tally.actions.append(time.perf_counter() - start)
                assert status == 200 and reply["applied"], reply
                tally.sent[group] += 1
                moved = True
                if args.think:  # a person or a program thinks before its next look
                    await asyncio.sleep(rng.expovariate(1 / args.think))
            if not moved:
                await asyncio.sleep(0.005)
        tally.unfinished += 1
    finally:
        for wire in wires.values():
            wire.close()


async def run_all(port: int, exercise: dict[str, Any], args: Any) -> tuple[Tally, float]:
    tally = Tally()
    start = time.perf_counter()
    groups = exercise["tokens"].items()
    await asyncio.gather(*(play(port, int(g), t, tally, args) for g, t in groups))
    return tally, time.perf_counter() - start


def lost_events(url: str, exercise: dict[str, Any], tally: Tally, database: str) -> tuple[int, int]:
    """(actions missing from or repeated in the event logs, logged events the database lacks)."""
    headers = {"Authorization": f"Bearer {exercise['organiser_token']}"}
    missing, stored_gap = 0, 0
    engine = create_engine(database)
    with engine.connect() as db:
        for group in exercise["groups"]:
            path = f"/api/exercises/{exercise['exercise']}/groups/{group['group']}/events"
            events = httpx.get(url + path, headers=headers, timeout=60).json()
            human = [
                e for e in events if e["sender"] in ("Israel", "Hamas") and e["kind"] in HUMAN_KINDS
            ]
            missing += abs(len(human) - tally.sent[group["group"]])
            query = select(func.count()).select_from(EventRow)
            stored = db.scalar(query.where(EventRow.session_id == group["session"]))
            stored_gap += abs(len(events) - int(stored or 0))
    engine.dispose()
    return missing, stored_gap


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--stubborn", type=int, default=4, help="texts each seat rejects first")
    parser.add_argument("--db", default=None, help="a database URL (default: a new SQLite file)")
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds a seat waits after acting"
    )
    parser.add_argument(
        "--join", type=float, default=5.0, help="seconds over which the groups open their links"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-web-"))
    database = args.db or f"sqlite:///{folder / 'web.db'}"
    server = LiveServer(database, folder / "server.log").start()
    try:
        body = {
            "scenario": "gaza-ceasefire-2024",
            "protocol": "shuttle",
            "seats": SEATS,
            "drop_red_lines": ["Israel:philadelphi_corridor"],
            "groups": args.sessions,
        }
        exercise = httpx.post(f"{server.url}/api/exercises", json=body, timeout=120).json()
        args.deadline = time.monotonic() + args.time_limit
        assert server.process is not None
        cpu, own = cpu_seconds(server.process.pid), cpu_seconds(os.getpid())
        tally, seconds = asyncio.run(run_all(server.port, exercise, args))
        tally.server_cpu = cpu_seconds(server.process.pid) - cpu
        tally.client_cpu = cpu_seconds(os.getpid()) - own
        missing, gap = lost_events(server.url, exercise, tally, database)
    finally:
        server.stop()
    report(args, database, tally, seconds, missing, gap)


def report(args: Any, database: str, tally: Tally, seconds: float, missing: int, gap: int) -> None:
    ms = 1000.0
    print(f"machine: {machine(None)}; load average {os.getloadavg()[0]:.1f} at the end")
    print(
        f"database: {database.split(':', 1)[0]}; sessions: {args.sessions}, concurrent; "
        f"think time exponential, mean {args.think * 1000:.0f} ms; groups join over "
        f"{args.join:.0f} s; "
        f"unfinished at the time limit: {tally.unfinished}"
    )
    print(
        f"actions accepted: {len(tally.actions):,} in {seconds:.1f} s = "
        f"{len(tally.actions) / seconds:,.0f} actions/s; state reads: {len(tally.reads):,}"
    )
    print(
        f"action latency p50 {percentile(tally.actions, 0.5) * ms:.1f} ms, "
        f"p99 {percentile(tally.actions, 0.99) * ms:.1f} ms, "
        f"mean {statistics.fmean(tally.actions) * ms:.1f} ms"
    )
    per_action = tally.server_cpu / max(1, len(tally.actions)) * ms
    print(
        f"server CPU {tally.server_cpu:.1f} s: {per_action:.1f} ms per action, its reads "
        f"included (the players: {tally.client_cpu:.1f} s); wall {seconds:.1f} s on 2 cores"
    )
    print(
        f"read latency p50 {percentile(tally.reads, 0.5) * ms:.1f} ms, "
        f"p99 {percentile(tally.reads, 0.99) * ms:.1f} ms; each seat's first read (all at once, "
        f"loading the sessions): p50 {percentile(tally.first_reads, 0.5) * ms:.0f} ms, "
        f"max {max(tally.first_reads, default=0) * ms:.0f} ms"
    )
    print(
        f"lost events: {missing} actions missing or repeated in the logs, "
        f"{gap} events not in the database"
    )
    ok = percentile(tally.actions, 0.99) < 0.1 and missing == 0 and gap == 0
    print("target (p99 < 100 ms, zero lost events):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()

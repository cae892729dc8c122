"""Benchmark: the web app under load. 50 concurrent sessions of the flagship (shuttle protocol,
Israel's corridor red line dropped), each with two API seats (the parties, played through the
JSON API with their tokens) and three automated mediators (nash, bridging, relay), against a
real server (`dragoman serve`, a subprocess) on 127.0.0.1.

Each API seat reports the truth, proposes its best outcome, and rejects the first `--stubborn`
texts before it accepts one worth its reservation value, so a session takes a few dozen actions.
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
import os
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


async def play(
    client: httpx.AsyncClient, group: int, tokens: dict[str, str], tally: Tally, args: Any
) -> None:
    """Play one session's API seats to its end (or the deadline)."""
    seats = {s: {"Authorization": f"Bearer {t}"} for s, t in tokens.items()}
    texts = dict.fromkeys(tokens, 0)
    seen: set[str] = set()
    tally.sent[group] = 0
    while time.monotonic() < args.deadline:
        moved = False
        for seat, headers in seats.items():
            start = time.perf_counter()
            state = (await client.get("/api/seat", headers=headers)).json()
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
            reply = await client.post("/api/seat/actions", json=action, headers=headers)
            tally.actions.append(time.perf_counter() - start)
            reply.raise_for_status()
            tally.sent[group] += 1
            moved = True
            if args.think:
                await asyncio.sleep(args.think)
        if not moved:
            await asyncio.sleep(0.005)
    tally.unfinished += 1


async def run_all(url: str, exercise: dict[str, Any], args: Any) -> tuple[Tally, float]:
    tally = Tally()
    start = time.perf_counter()
    pool = 2 * args.sessions
    limits = httpx.Limits(max_connections=pool, max_keepalive_connections=pool)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        groups = exercise["tokens"].items()
        await asyncio.gather(*(play(client, int(g), t, tally, args) for g, t in groups))
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
        "--think", type=float, default=0.0, help="seconds a seat waits after acting"
    )
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
        tally, seconds = asyncio.run(run_all(server.url, exercise, args))
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
        f"think time {args.think * 1000:.0f} ms; "
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

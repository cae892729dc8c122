"""The fuzz harness: N fresh inputs per target through the CLI, each in a forked worker capped at
30 s of wall time and 2 GB of address space (RLIMIT_AS), counted by how each run ended.

    python tests/fuzz/harness.py --count 10000 --seed 20261201 --out out/fuzz

Workers run the CLI in-process (typer's CliRunner), one input at a time; a worker that overruns
30 s is killed and replaced, and so is one that dies. Counted per target: clean exit 0, clean
exit 2, tracebacks, over 30 s, over 2 GB, silent snaps of an off-grid value, raw escapes in
the output. Every failing input is saved under `--out/<target>/<index>/` (its files, args.json);
the counts go to `--out/counts.json` as they come (a partial run still reports).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import multiprocessing.connection
import os
import random
import resource
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz.cases import TARGETS, Case, RandomChooser, recorded_log

WALL_SECONDS = 30
ADDRESS_SPACE = 2 * 1024**3
COLUMNS = ["exit 0", "exit 2", "tracebacks", "over 30 s", "over 2 GB", "snaps", "escapes"]
_CLASSES = {"traceback": "tracebacks", "memory": "over 2 GB", "snap": "snaps", "escape": "escapes"}


def make_case(target: str, seed: int, index: int, scratch: Path) -> Case:
    """The `index`-th input of `target` under `seed`: the same every time."""
    chooser = RandomChooser(random.Random(f"{seed}:{target}:{index}"))
    if target == "eventlog":
        return TARGETS[target](chooser, scratch)
    return TARGETS[target](chooser)


def _worker(conn: Any, seed: int) -> None:
    """Run the cases sent down `conn`, one at a time, under the address-space cap."""
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    from fuzz.run import run_case

    while True:
        job = conn.recv()
        if job is None:
            return
        target, index = job
        with tempfile.TemporaryDirectory() as tmp:
            try:
                case = make_case(target, seed, index, Path(tmp))
                outcome = run_case(case, Path(tmp))
                conn.send((outcome.exit_code, outcome.failure, outcome.detail))
            except MemoryError:
                conn.send((-1, "memory", "MemoryError outside the CLI"))


class Pool:
    """Forked workers, each with its own pipe; a stuck or dead one is replaced."""

    def __init__(self, size: int, seed: int) -> None:
        self.seed = seed
        self.context = multiprocessing.get_context("fork")
        self.workers = [self._spawn() for _ in range(size)]

    def _spawn(self) -> dict[str, Any]:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(child, self.seed), daemon=True)
        process.start()
        return {"process": process, "conn": parent, "job": None, "since": 0.0}

    def replace(self, k: int) -> None:
        self.workers[k]["process"].kill()
        self.workers[k]["process"].join()
        self.workers[k] = self._spawn()

    def close(self) -> None:
        for w in self.workers:
            w["process"].kill()


def run(count: int, seed: int, targets: list[str], out: Path, workers: int) -> dict[str, Any]:
    """Run `count` inputs of each target; the counts per target."""
    out.mkdir(parents=True, exist_ok=True)
    recorded_log(".jsonl"), recorded_log(".db")  # recorded once, inherited by the workers
    counts = {t: dict.fromkeys(COLUMNS, 0) for t in targets}
    jobs = [(t, i) for i in range(count) for t in targets]  # interleaved: even progress
    jobs.reverse()
    pool = Pool(workers, seed)
    started, last_write = time.time(), 0.0
    try:
        while jobs or any(w["job"] for w in pool.workers):
            for w in pool.workers:
                if w["job"] is None and jobs:
                    w["job"], w["since"] = jobs.pop(), time.time()
                    w["conn"].send(w["job"])
            busy = [w["conn"] for w in pool.workers if w["job"]]
            ready = multiprocessing.connection.wait(busy, timeout=1.0)
            for k, w in enumerate(pool.workers):
                if w["job"] is None:
                    continue
                if w["conn"] in ready:
                    try:
                        code, failure, detail = w["conn"].recv()
                    except EOFError:  # the worker died
                        code, failure, detail = -1, "traceback", "the worker process died"
                        pool.replace(k)
                elif time.time() - w["since"] > WALL_SECONDS:
                    code, failure, detail = -1, "slow", f"over {WALL_SECONDS} s"
                    pool.replace(k)
                elif not pool.workers[k]["process"].is_alive():
                    code, failure, detail = -1, "traceback", "the worker process died"
                    pool.replace(k)
                else:
                    continue
                job, pool.workers[k]["job"] = w["job"], None
                _count(counts, job, code, failure, detail, seed, out)
            if time.time() - last_write > 10:
                last_write = time.time()
                _write(out, counts, seed, count, started, done=False)
    finally:
        pool.close()
    _write(out, counts, seed, count, started, done=True)
    return counts


def _count(
    counts: dict[str, Any], job: Any, code: int, failure: str, detail: str, seed: int, out: Path
) -> None:
    target, index = job
    row = counts[target]
    if failure:
        row["over 30 s" if failure == "slow" else _CLASSES[failure]] += 1
        _save(target, index, seed, failure, detail, out)
    else:
        row[f"exit {code}"] += 1


def _save(target: str, index: int, seed: int, failure: str, detail: str, out: Path) -> None:
    """Keep the failing input: its files and what was run, to rerun it by hand."""
    folder = out / target / str(index)
    folder.mkdir(parents=True, exist_ok=True)
    case = make_case(target, seed, index, folder)
    args = case.write(folder)
    record = {"args": args, "stdin": case.stdin, "failure": failure, "detail": detail}
    (folder / "case.json").write_text(json.dumps(record, indent=2))


def _write(
    out: Path, counts: dict[str, Any], seed: int, count: int, started: float, done: bool
) -> None:
    summary = {
        "seed": seed,
        "count per target": count,
        "done": done,
        "seconds": round(time.time() - started),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "counts": counts,
    }
    (out / "counts.json").write_text(json.dumps(summary, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--targets", default=",".join(TARGETS))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--out", type=Path, default=Path("out/fuzz"))
    a = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # the workers go with the run
    counts = run(a.count, a.seed, a.targets.split(","), a.out, a.workers)
    width = max(map(len, counts))
    print(f"{'target':<{width}}  " + "  ".join(COLUMNS))
    for target, row in counts.items():
        print(f"{target:<{width}}  " + "  ".join(f"{row[c]:>{len(c)}}" for c in COLUMNS))


if __name__ == "__main__":
    main()

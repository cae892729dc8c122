"""Hostile inputs refused within bounded time and memory: each case runs `dragoman ...` in a
subprocess (the whole command: start-up, loading, refusal) and reports the median wall time,
the peak resident memory and the exit code, so a regression to quadratic or unbounded work
shows. Also `analyze --time-limit` on spaces too large to enumerate (the whole command must
stay inside the stated limit).

    .venv/bin/python benchmarks/bench_limits.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import yaml

DRAGOMAN = [sys.executable, "-m", "dragoman"]


def many_keys(folder: Path) -> list[str]:
    """A 2.4 MB scenario whose metadata holds 100,000 unknown keys."""
    extra = "".join(f"  unknown_key_{k:06d}: 1\n" for k in range(100_000))
    path = folder / "keys.yaml"
    path.write_text(f"format_version: 1\nmetadata:\n  title: t\n{extra}")
    return ["validate", str(path)]


def many_issues(folder: Path) -> list[str]:
    """5,000 binary issues, both parties scoring every one (0.7 MB)."""
    issues = "".join(
        f"  - {{name: i{k}, kind: categorical, values: [a, b]}}\n" for k in range(5000)
    )
    weights = ", ".join(f"i{k}: 0.0002" for k in range(5000))
    values = ", ".join(f"i{k}: {{scores: {{a: 0, b: 1}}}}" for k in range(5000))
    party = "  - name: {}\n    preferences:\n      weights: {{{}}}\n      values: {{{}}}\n"
    parties = "".join(party.format(name, weights, values) for name in ("A", "B"))
    path = folder / "issues.yaml"
    path.write_text(
        f"format_version: 1\nmetadata: {{title: t}}\nissues:\n{issues}parties:\n{parties}"
    )
    return ["validate", str(path)]


def long_log_line(folder: Path) -> list[str]:
    """A good log with a 150 MB second line."""
    log = folder / "run.jsonl"
    subprocess.run(
        [*DRAGOMAN, "negotiate", "pie-split", "--quiet", "--log", str(log)],
        check=True,
        capture_output=True,
    )
    first = log.read_bytes().splitlines()[0]
    with (folder / "long.jsonl").open("wb") as out:
        out.write(first + b'\n{"x": "')
        chunk = b"a" * 1_000_000
        for _ in range(150):
            out.write(chunk)
        out.write(b'"}\n')
    return ["replay", str(folder / "long.jsonl")]


def deep_json(folder: Path) -> list[str]:
    """A GeniusWeb file nested 1,000,000 deep (2 MB)."""
    (folder / "deep.json").write_text('{"issuesValues": ' + "[" * 1_000_000 + "]" * 1_000_000 + "}")
    return ["import", "geniusweb", str(folder / "deep.json"), "-o", str(folder / "s.yaml")]


def rectangles(folder: Path, parties: int, limit: float) -> list[str]:
    """24 binary issues, hyper-rectangle preferences (16.7 M outcomes, not enumerated)."""
    rng = np.random.default_rng(3)

    def party(name: str) -> dict[str, object]:
        rects = []
        for _ in range(48):
            chosen = rng.choice(24, rng.integers(2, 5), replace=False)
            picked = zip(chosen, rng.integers(0, 2, len(chosen)), strict=True)
            bounds = [{"issue": f"i{i:02d}", "min": int(v), "max": int(v)} for i, v in picked]
            rects.append({"utility": float(rng.integers(1, 100)), "includes": bounds})
        total = sum(float(r["utility"]) for r in rects)  # type: ignore[arg-type]
        prefs = {"kind": "hyper-rectangles", "max_utility": total,
                 "function": {"rectangles": rects}, "reservation_value": 0.3}  # fmt: skip
        return {"name": name, "preferences": prefs}

    data = {
        "format_version": 1,
        "metadata": {"title": "24 binary issues"},
        "issues": [{"name": f"i{k:02d}", "kind": "integer", "min": 0, "max": 1} for k in range(24)],
        "parties": [party(n) for n in "ABC"[:parties]],
    }
    path = folder / f"rect{parties}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return ["analyze", str(path), "--time-limit", f"{limit:g}"]


CASES: dict[str, Callable[[Path], list[str]]] = {
    "100,000 unknown keys (2.4 MB)": many_keys,
    "5,000 binary issues": many_issues,
    "150 MB log line": long_log_line,
    "JSON nested 1,000,000 deep": deep_json,
    "24 binary issues, 2 parties, --time-limit 10": lambda f: rectangles(f, 2, 10),
    "24 binary issues, 3 parties, --time-limit 10": lambda f: rectangles(f, 3, 10),
    "24 binary issues, 2 parties, --time-limit 50": lambda f: rectangles(f, 2, 50),
}


def measure(args: list[str]) -> tuple[float, float, int, str]:
    """Wall seconds, peak MB of the child itself, exit code and the first error line of one run."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen([*DRAGOMAN, *args], stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        err.seek(0)
        first = (err.read().strip().splitlines() or [""])[0]
    return seconds, usage.ru_maxrss / 1024, child.returncode, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    print("| case | median s | peak MB | exit | first error line |")
    print("|---|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in CASES.items():
            args = build(Path(tmp))
            runs = [measure(args) for _ in range(options.repeat)]
            median = statistics.median(r[0] for r in runs)
            line = runs[-1][3].replace(tmp, "TMP")[:110]
            peak = max(r[1] for r in runs)
            print(f"| {name} | {median:.2f} | {peak:.0f} | {runs[-1][2]} | {line} |")


if __name__ == "__main__":
    main()

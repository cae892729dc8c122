"""Run every atheris target for a bounded time and report, per target, the executions and the
findings (crash inputs saved under OUT/<target>/): `make fuzz`.

    python tests/fuzz/atheris/run_all.py [--seconds 30] [--out out/atheris]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = ("scenario", "genius", "geniusweb", "eventlog", "agreement", "answer")  # targets.py


def run(name: str, seconds: int, out: Path) -> tuple[int, int]:
    """Fuzz one target for `seconds`; its executions and the crash inputs it saved."""
    corpus, found = out / name / "corpus", out / name / "findings"
    corpus.mkdir(parents=True, exist_ok=True)
    found.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, str(HERE / "targets.py"), name, str(corpus),
        f"-max_total_time={seconds}", f"-artifact_prefix={found}/", "-rss_limit_mb=2048",
        "-timeout=30", "-print_final_stats=1",
    ]  # fmt: skip
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    log = proc.stdout + proc.stderr
    (out / name / "fuzz.log").write_text(log)
    runs = re.findall(r"Done (\d+) runs|stat::number_of_executed_units:\s*(\d+)", log)
    executed = max((int(a or b) for a, b in runs), default=0)
    return executed, len(list(found.iterdir()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--out", type=Path, default=Path("out/atheris"))
    a = parser.parse_args()
    print(f"{'target':<10} {'executions':>11} {'findings':>9}")
    total = 0
    for name in TARGETS:
        executed, findings = run(name, a.seconds, a.out)
        total += findings
        print(f"{name:<10} {executed:>11,} {findings:>9}", flush=True)
    print(f"findings saved under {a.out}/<target>/findings" if total else "no findings")


if __name__ == "__main__":
    main()

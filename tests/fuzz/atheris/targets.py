"""atheris (libFuzzer) targets, one per parser: the bytes fuzzed are a scenario YAML file, a
GENIUS domain file (its profiles real), a GeniusWeb profile, a JSON-lines event log, an agreement
file, or a line typed at a seat. A parser may refuse its input with a `DragomanError` (a typed
line: a `ValueError`, the seat's re-prompt); anything else escaping is a finding.

    python tests/fuzz/atheris/targets.py TARGET [libFuzzer flags, e.g. -max_total_time=30]

`make fuzz` runs every target for a bounded time (`tests/fuzz/atheris/run_all.py`).
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["dragoman"]):
    from dragoman.app.answers import parse_outcome, parse_response
    from dragoman.errors import DragomanError
    from dragoman.io.agreement_file import read_agreement
    from dragoman.io.eventlog import read_events
    from dragoman.io.genius import load_genius
    from dragoman.io.geniusweb import load_geniusweb
    from dragoman.io.scenario_file import load_scenario, parse_scenario

GENIUS = Path(__file__).resolve().parents[2] / "data" / "genius"
_TMP = Path(tempfile.mkdtemp(prefix="dragoman-atheris-"))
_PIE = load_scenario("pie-split")


def _file(name: str, data: bytes) -> Path:
    path = _TMP / name
    path.write_bytes(data)
    return path


def scenario(data: bytes) -> None:
    parse_scenario(data.decode("utf-8", "replace"), "fuzzed.yaml")


def genius(data: bytes) -> None:
    profiles = [GENIUS / "laptop_buyer_utility.xml", GENIUS / "laptop_seller_utility.xml"]
    load_genius(_file("domain.xml", data), profiles)


def geniusweb(data: bytes) -> None:
    load_geniusweb([_file("a.json", data), _file("b.json", _WEB_PROFILE)])


def eventlog(data: bytes) -> None:
    read_events(_file("run.jsonl", data))


def agreement(data: bytes) -> None:
    read_agreement(_PIE, _file("agreement.yaml", data))


def answer(data: bytes) -> None:
    line = data.decode("utf-8", "replace")
    with contextlib.suppress(ValueError):  # the seat's re-prompt
        parse_outcome(line, _PIE.outcome_space, 0)
    with contextlib.suppress(ValueError):
        parse_response(line)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "scenario": scenario,
    "genius": genius,
    "geniusweb": geniusweb,
    "eventlog": eventlog,
    "agreement": agreement,
    "answer": answer,
}


def seeds() -> dict[str, bytes]:
    """A real input per target: the corpus each run starts from."""
    import json

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from fuzz.cases import recorded_log, web_profile

    root = Path(__file__).resolve().parents[3]
    return {
        "scenario": (root / "src/dragoman/scenarios/pie-split.yaml").read_bytes(),
        "genius": (GENIUS / "laptop_domain.xml").read_bytes(),
        "geniusweb": json.dumps(web_profile("b", True)).encode(),
        "eventlog": recorded_log(".jsonl"),
        "agreement": b"share_for_alice: 50\n",
        "answer": b"share_for_alice=50",
    }


_WEB_PROFILE = seeds()["geniusweb"]


def main() -> None:
    name = sys.argv[1]
    target = TARGETS[name]

    corpus = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    if corpus is not None and corpus.is_dir() and not any(corpus.iterdir()):
        (corpus / "seed").write_bytes(seeds()[name])

    def one_input(data: bytes) -> None:
        with contextlib.suppress(DragomanError):  # refused cleanly: what every bad input gets
            target(data)

    atheris.Setup([sys.argv[0], *sys.argv[2:]], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

"""The 20-line client of docs/web.md, taken from the page and run as it is, one process per
seat, against a live server: two programs play the flagship's parties to an agreement."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from web_play import create
from web_server import LiveServer, fresh_database

DOC = Path(__file__).resolve().parents[2] / "docs" / "web.md"


def _client_code() -> str:
    section = DOC.read_text(encoding="utf-8").split("## A client in 20 lines", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    return code.group(1)


def test_the_documented_client_is_short() -> None:
    lines = [line for line in _client_code().splitlines() if line.strip()]
    assert len(lines) <= 21


def test_the_documented_client_plays_seats_to_an_agreement(tmp_path: Path) -> None:
    client = tmp_path / "client.py"
    client.write_text(_client_code(), encoding="utf-8")
    seats = {"Israel": "human", "Hamas": "human", "US": "nash", "Egypt": "bridging"}
    with fresh_database("sqlite", tmp_path) as url:
        server = LiveServer(url, tmp_path / "server.log").start()
        try:
            tokens = create(server.url, seats)["tokens"]["1"]
            players = [
                subprocess.Popen([sys.executable, str(client), server.url, tokens[seat]],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                for seat in ("Israel", "Hamas")
            ]  # fmt: skip
            outputs = [p.communicate(timeout=120)[0] for p in players]
        finally:
            server.stop()
    assert [p.returncode for p in players] == [0, 0], outputs
    assert [o.strip() for o in outputs] == ["Israel agreement", "Hamas agreement"]

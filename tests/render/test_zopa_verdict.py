"""The ZOPA verdict says what was established: a zone, none, or none found on an approximate
frontier (where a zone may still exist): never a plain 'NONE' that was not proven."""

from __future__ import annotations

import io
from dataclasses import replace

from rich.console import Console

import dragoman
from dragoman.render.analysis import render_analysis


def _rendered(analysis: dragoman.Analysis) -> str:
    console = Console(width=80, record=True, file=io.StringIO())
    render_analysis(analysis, console)
    return console.export_text()


def test_no_zone_on_an_exact_frontier_is_none() -> None:
    analysis = dragoman.analyze(dragoman.load_scenario("gaza-ceasefire-2024"))
    assert analysis.zopa.certain and not analysis.zopa.exists
    text = _rendered(analysis)
    assert "Zone of possible agreement: NONE\n" in text and "NONE FOUND" not in text


def test_no_zone_on_an_approximate_frontier_is_none_found() -> None:
    analysis = dragoman.analyze(dragoman.load_scenario("gaza-ceasefire-2024"))
    unsure = replace(analysis, zopa=replace(analysis.zopa, certain=False))
    assert "Zone of possible agreement: NONE FOUND (approximate frontier)" in _rendered(unsure)

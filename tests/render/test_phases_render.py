"""Rendering of implementation reports: terminal text and the survival plot."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from dragoman import load_scenario
from dragoman.errors import DragomanError
from dragoman.model.scenario import Scenario
from dragoman.phases import assess_implementation, choose_solution
from dragoman.render.implementation import render_implementation
from dragoman.render.survival_plot import plot_survival


def render(report: object) -> str:
    console = Console(width=200, record=True, color_system=None)
    render_implementation(report, console)  # type: ignore[arg-type]
    return console.export_text()


def test_flagship_rendering_and_plot(tmp_path: Path) -> None:
    gaza = load_scenario("gaza-ceasefire-2024")
    report = assess_implementation(gaza, choose_solution(gaza), runs=2_000)
    text = render(report)
    assert text.index("The phased agreement") < text.index("Incentives per phase and party")
    assert text.index("Sequencing alternatives") < text.index("Survival: share of 2,000")
    assert "Assumptions: Illustrative assumptions" in text
    path = plot_survival(report, tmp_path / "deep" / "survival.png")
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_a_report_without_implementation_renders_its_note_and_cannot_be_plotted(
    tmp_path: Path,
) -> None:
    data = load_scenario("gaza-ceasefire-2024").model_dump(by_alias=True)
    del data["implementation"]
    scenario = Scenario.from_data(data)
    report = assess_implementation(scenario, choose_solution(scenario), runs=10)
    text = render(report)
    assert "no implementation section" in text and "Incentives" not in text
    with pytest.raises(DragomanError, match="no simulation to plot"):
        plot_survival(report, tmp_path / "x.png")

"""Scenario files for the experiment tests: generated linear-additive scenarios written to a
folder (tournaments name scenarios by reference, as a configuration file does)."""

from __future__ import annotations

from pathlib import Path

from dragoman.io.scenario_file import dump_scenario
from dragoman.testing.generators import additive_scenario


def scenario_files(folder: Path) -> list[str]:
    """Bilateral and trilateral scenarios, with and without red lines, of 36 to 125 outcomes."""
    made = {
        "bilateral": additive_scenario(2, 6, seed=1, reservation=0.2),
        "red-lines": additive_scenario(3, 4, seed=2, reservation=0.35, red_lines=True),
        "high-rv": additive_scenario(2, 8, seed=3, reservation=0.6),
        "trilateral": additive_scenario(3, 5, parties=3, seed=4, reservation=0.25),
    }
    paths = []
    for name, scenario in made.items():
        path = folder / f"{name}.yaml"
        path.write_text(dump_scenario(scenario), encoding="utf-8")
        paths.append(str(path))
    return paths


def uncertain_pie(folder: Path) -> Path:
    """pie-split with both reservation values uncertain (uniform on [0, 0.8]), as a file."""
    text = (Path(__file__).parents[1] / "src/dragoman/scenarios/pie-split.yaml").read_text()
    path = folder / "pie.yaml"
    path.write_text(
        text + "uncertainty:\n  parameters:\n" + "".join(
            f"    - path: parties[{n}].preferences.reservation_value\n"
            "      distribution: {kind: uniform, low: 0.0, high: 0.8}\n" for n in ("Alice", "Bob")
        ),
        encoding="utf-8",
    )  # fmt: skip
    return path


def small_config(folder: Path) -> Path:
    """A small tournament file: two of `scenario_files`, three agents, 60 steps, seed 2."""
    files = scenario_files(folder)
    path = folder / "t.yaml"
    path.write_text(
        f"title: small\nscenarios: [{files[0]}, {files[1]}]\n"
        "agents: [boulware, linear, micro]\nsteps: 60\nseed: 2\n",
        encoding="utf-8",
    )
    return path

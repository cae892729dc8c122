"""The documentation tells the truth: the examples of docs/api.md run as doctests, the Python
blocks of the README run, and docs/architecture.md names every module of the package."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_api_examples_run() -> None:
    failures, tried = doctest.testfile(
        str(ROOT / "docs" / "api.md"),
        module_relative=False,
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS,
    )
    assert tried > 20 and failures == 0


def test_readme_python_blocks_run() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_architecture_lists_every_module() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    source = ROOT / "src" / "dragoman"
    missing = [
        str(path.relative_to(source))
        for path in sorted(source.rglob("*.py"))
        if f"`{path.relative_to(source)}`" not in text
    ]
    assert not missing, f"docs/architecture.md does not list: {missing}"


def test_the_example_tournament_says_where_its_scenario_paths_point() -> None:
    """examples/negmas-cells.yaml's comment names the folder its relative paths point to, as
    written (they start at the file's own folder), and that folder is the shared data's ANAC
    folder beside the repository."""
    import yaml

    path = ROOT / "examples" / "negmas-cells.yaml"
    text = path.read_text(encoding="utf-8")
    comment = " ".join(line.lstrip("# ") for line in text.splitlines() if line.startswith("#"))
    scenarios = yaml.safe_load(text)["scenarios"]
    prefix = "../../shared/data/anac/"
    assert all(s.startswith(prefix) for s in scenarios), scenarios
    assert f"the paths point to {prefix}, relative to this file" in comment
    assert (path.parent / prefix).resolve() == (ROOT.parent / "shared" / "data" / "anac")

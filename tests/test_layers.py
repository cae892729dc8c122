"""The layers, enforced: every module of `dragoman` imports only its own layer or lower ones,
function-level and type-checking imports included (read with `ast`, nothing is imported), and
no modules import each other in a cycle, within a layer too.

The order (docs/architecture.md): foundation (errors, array types, derived caches, lazy
exports) -> model -> utility -> analysis -> phases -> negotiation -> strategies -> io -> runs
-> experiments -> testing -> render -> app (and web). The root package only loads names lazily.
"""

from __future__ import annotations

import ast
import graphlib
import subprocess
import sys
from collections.abc import Collection, Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "dragoman"

LAYERS: tuple[frozenset[str], ...] = (
    frozenset(
        {"errors", "_error_base", "_arrays", "_derived", "_lazy", "_words", "limits", "arguments"}
    ),
    frozenset({"model"}),
    frozenset({"utility"}),
    frozenset({"analysis"}),
    frozenset({"phases"}),
    frozenset({"negotiation"}),
    frozenset({"strategies"}),
    frozenset({"io"}),
    frozenset({"runs"}),
    frozenset({"experiments"}),
    frozenset({"testing"}),
    frozenset({"render"}),
    frozenset({"app", "web", "__main__"}),
)
RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}


def layer_of(module: str) -> int | None:
    """The layer of `dragoman.<part>...` (None for the root package itself)."""
    parts = module.split(".")
    if parts[0] != "dragoman" or len(parts) == 1:
        return None
    if parts[1] not in RANK:
        raise AssertionError(f"{module}: {parts[1]!r} is in no layer (add it to LAYERS)")
    return RANK[parts[1]]


def imported(
    tree: ast.AST, module: str, is_package: bool, names: bool = False
) -> Iterator[tuple[int, str]]:
    """(line, module) of every dragoman import anywhere in the tree, relative ones resolved;
    `importlib.import_module("dragoman...")` with a literal name counts too. With `names`,
    `from p import x` also yields `p.x` (x may be a module)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".") if is_package else module.split(".")[:-1]
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            yield node.lineno, base
            if names:
                yield from ((node.lineno, f"{base}.{a.name}") for a in node.names)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            yield node.lineno, str(node.args[0].value)


def violations(source: str, module: str, is_package: bool = False) -> list[str]:
    """Every import in `source` (the text of `module`) of a layer above the module's own."""
    own = layer_of(module)
    if own is None:
        return []
    found = []
    for line, target in imported(ast.parse(source), module, is_package):
        rank = layer_of(target) if target.startswith("dragoman") else None
        if rank is not None and rank > own:
            found.append(f"{module}:{line} imports {target} (a higher layer)")
    return found


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        yield ".".join(parts), path


def dependencies(source: str, module: str, is_package: bool, known: Collection[str]) -> set[str]:
    """The modules of `known` that `source` (the text of `module`) imports, each import resolved
    to the longest known module it names; the module's own packages are left out (they are
    loaded before it anyway)."""
    found = set()
    for _, target in imported(ast.parse(source), module, is_package, names=True):
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != module and not module.startswith(target + "."):
            found.add(target)
    return found


def test_no_import_cycles() -> None:
    """A cycle works only by the order of imports (a late or a type-checking import) and leaves
    neither module usable or understandable alone."""
    known = dict(modules())
    graph = {
        m: dependencies(path.read_text(), m, path.name == "__init__.py", known)
        for m, path in known.items()
    }
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        pytest.fail("import cycle (-> imports): " + " -> ".join(reversed(exc.args[1])))


def test_the_cycle_check_sees_type_checking_and_function_level_imports() -> None:
    known = dict(modules())
    source = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from dragoman.model import scenario\n"
        "def f():\n    from .outcomes import Issue\n"
    )
    found = dependencies(source, "dragoman.model.partial", False, known)
    assert found == {"dragoman.model.scenario", "dragoman.model.outcomes"}


def test_no_module_imports_a_higher_layer() -> None:
    found = [
        v
        for module, path in modules()
        for v in violations(path.read_text(), module, path.name == "__init__.py")
    ]
    assert not found, "\n".join(found)


def test_every_package_is_in_a_layer() -> None:
    for module, _ in modules():
        layer_of(module)


@pytest.mark.parametrize(
    ("source", "module"),
    [
        ("from dragoman.render.timeline import LiveTimeline\n", "dragoman.model.scenario"),
        ("def f():\n    import dragoman.app.cli\n", "dragoman.analysis.pareto"),
        ("from ..strategies import registry\n", "dragoman.negotiation.session"),
        (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from dragoman.io.scenario_file import load_scenario\n",
            "dragoman.utility.scenario",
        ),
        (
            "import importlib\nimportlib.import_module('dragoman.runs.negotiation')\n",
            "dragoman.io.genius",
        ),
    ],
)
def test_the_check_catches_an_import_of_a_higher_layer(source: str, module: str) -> None:
    assert violations(source, module)


def test_the_check_allows_own_and_lower_layers() -> None:
    source = (
        "from dragoman.model.outcomes import OutcomeSpace\nfrom dragoman.utility import masks\n"
    )
    assert violations(source, "dragoman.utility.ranking") == []


def test_importing_the_outcomes_module_loads_nothing_above_it() -> None:
    code = (
        "import sys, dragoman.model.outcomes\n"
        "print(sorted(m for m in sys.modules if m.startswith('dragoman')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = ast.literal_eval(out.stdout)
    assert loaded == [
        "dragoman",
        "dragoman._arrays",
        "dragoman._derived",
        "dragoman._error_base",
        "dragoman._lazy",
        "dragoman._words",
        "dragoman.limits",
        "dragoman.model",
        "dragoman.model.base",
        "dragoman.model.outcomes",
        "dragoman.model.wide_index",
    ]

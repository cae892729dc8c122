"""Lazy package exports (PEP 562): a package's public names are imported on first use, so
importing one module of a layer never loads the modules above it.

A package lists its public names once, as the imports of its `if TYPE_CHECKING:` block (which
type checkers read); `lazy_exports` reads that block from the package's source and imports each
name from its module the first time it is asked for.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, init_file: str
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """`__getattr__`, `__dir__` and `__all__` for `package`, from the imports of the
    `if TYPE_CHECKING:` block of its `__init__.py` (`init_file`)."""
    where = _type_checking_imports(Path(init_file))

    def getattr_(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    def dir_() -> list[str]:
        return sorted(where)

    return getattr_, dir_, sorted(where)


def _type_checking_imports(path: Path) -> dict[str, str]:
    """{name: module} of every `from module import name` under `if TYPE_CHECKING:`."""
    where: dict[str, str] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom) and statement.module:
                    for alias in statement.names:
                        where[alias.asname or alias.name] = statement.module
    return where

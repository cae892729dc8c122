"""Lazy package exports (PEP 562): a package's public names are imported on first use, so
importing one module of a layer never loads the modules above it.

A package lists its public names once, as the imports of its `if TYPE_CHECKING:` block (which
type checkers read); `lazy_exports` reads that block from the package's source the first time a
name (or `__all__`) is asked for, and imports each name from its module then. Importing a
package costs nothing more: `import dragoman` takes a millisecond, so the command's Ctrl-C guard
(`dragoman.__main__`) is up almost as soon as Python is.
"""

from __future__ import annotations

import importlib

#: `typing.TYPE_CHECKING` without importing `typing` (type checkers take any constant of this
#: name as true), for the root package, which should import nothing of weight.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

__all__ = ["TYPE_CHECKING", "lazy_exports"]


def lazy_exports(
    package: str, init_file: str, extra: tuple[str, ...] = ()
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for `package`, from the imports of the `if TYPE_CHECKING:`
    block of its `__init__.py` (`init_file`); `__getattr__` answers `__all__` too: `extra`
    (names the package defines itself), then those imports' names, sorted."""
    found: dict[str, str] = {}

    def where() -> dict[str, str]:
        if not found:
            found.update(_type_checking_imports(init_file))
        return found

    def getattr_(name: str) -> Any:
        if name == "__all__":
            return [*extra, *sorted(where())]
        module = where().get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    def dir_() -> list[str]:
        return sorted(where())

    return getattr_, dir_


def _type_checking_imports(path: str) -> dict[str, str]:
    """{name: module} of every `from module import name` under `if TYPE_CHECKING:`."""
    import ast  # here, not above: a package's import does not pay for it

    where: dict[str, str] = {}
    with open(path, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom) and statement.module:
                    for alias in statement.names:
                        where[alias.asname or alias.name] = statement.module
    return where

"""The public API is explicit: every package and module says what it exports in `__all__`, every
name listed exists, every public name a package holds is listed, and the lazy packages load
exactly the names they list (httpx's `test_all_imports_are_exported` idea)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType

import pytest

import dragoman

PACKAGES = [
    "dragoman",
    "dragoman.model",
    "dragoman.utility",
    "dragoman.analysis",
    "dragoman.phases",
    "dragoman.negotiation",
    "dragoman.strategies",
    "dragoman.runs",
]


def modules() -> list[str]:
    found = [m.name for m in pkgutil.walk_packages(dragoman.__path__, "dragoman.")]
    return sorted(name for name in found if name != "dragoman.__main__")


@pytest.mark.parametrize("name", modules())
def test_every_name_in_all_exists(name: str) -> None:
    module = importlib.import_module(name)
    listed = getattr(module, "__all__", None)
    if listed is None:
        assert _is_empty_package(module), f"{name} has no __all__"
        return
    missing = [n for n in listed if not hasattr(module, n)]
    assert not missing, f"{name}.__all__ lists names it does not have: {missing}"
    assert len(listed) == len(set(listed)), f"{name}.__all__ repeats a name"


def _is_empty_package(module: ModuleType) -> bool:
    public = [
        n for n, v in vars(module).items() if not n.startswith("_") and not inspect.ismodule(v)
    ]
    return hasattr(module, "__path__") and public in ([], ["annotations"])


@pytest.mark.parametrize("name", PACKAGES)
def test_every_public_name_of_a_package_is_in_all(name: str) -> None:
    package = importlib.import_module(name)
    public = {
        n
        for n, value in vars(package).items()
        if not n.startswith("_") and not inspect.ismodule(value) and n != "annotations"
    }
    assert public <= set(package.__all__) | {"TYPE_CHECKING", "lazy_exports"}
    for n in package.__all__:  # lazy or not, each listed name resolves
        assert getattr(package, n) is not None


def test_the_three_jobs_are_at_the_top() -> None:
    for name in ("load_scenario", "analyze", "negotiate", "implement"):
        assert name in dragoman.__all__ and callable(getattr(dragoman, name))

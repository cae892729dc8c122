"""The public API of `dragoman.phases` is explicit: `__all__` lists exactly what it exports."""

from __future__ import annotations

import inspect

import dragoman.phases as phases


def test_all_is_complete_and_exact() -> None:
    exported = {
        name
        for name, value in vars(phases).items()
        if not name.startswith("_")
        and not inspect.ismodule(value)
        and getattr(value, "__module__", "").startswith("dragoman.phases")
    }
    assert exported == set(phases.__all__)
    assert all(getattr(phases, name).__doc__ for name in phases.__all__)

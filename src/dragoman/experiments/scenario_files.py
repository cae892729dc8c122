"""Scenarios a tournament names, loaded once per process and per version of their file: the
cache is keyed by the file's (or folder's files') size and times, so a file edited between two
tournaments of one process is read again; within `files_held` each file's version is read once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from dragoman.errors import DragomanError
from dragoman.io.genius import load_genius_folder
from dragoman.io.scenario_file import load_scenario
from dragoman.model.scenario import Scenario

__all__ = ["Stamp", "files_held", "loaded", "scenario_name", "scenario_of", "stamp_of"]


@lru_cache(maxsize=1024)
def scenario_name(reference: str) -> str:
    """The short name of a scenario reference (a built-in's name, a file's or folder's stem)."""
    return Path(reference.rstrip("/")).stem


def scenario_of(reference: str) -> Scenario:
    """The scenario a reference names, loaded once per process and version of its file (see
    the module doc): a GENIUS domain folder, a scenario file or a built-in scenario."""
    return loaded(reference, stamp_of(reference))


Stamp = tuple[tuple[str, int, int, int, int], ...]


#: Within `files_held`: the stamp of each reference met, read once.
_HELD: dict[str, Stamp] | None = None


@contextmanager
def files_held() -> Iterator[None]:
    """Within the block, each scenario file's stamp is read once, at its first use: a run (and
    each worker it forks) plays the version of each file it planned with, and a task does not
    read a folder's times per cell. Nested blocks are the outermost one."""
    global _HELD
    outermost = _HELD is None
    if outermost:
        _HELD = {}
    try:
        yield
    finally:
        if outermost:
            _HELD = None


def stamp_of(reference: str) -> Stamp:
    """The version of the file (or folder) a reference names (`_read_stamp`), held once read
    within `files_held`."""
    if _HELD is None:
        return _read_stamp(reference)
    found = _HELD.get(reference)
    if found is None:
        found = _HELD[reference] = _read_stamp(reference)
    return found


def _read_stamp(reference: str) -> Stamp:
    """What changes when the file (or a file of the folder) a reference names is written: each
    one's name, inode, size and modification and change times (empty for a built-in's name)."""
    try:
        stat = os.stat(reference)
    except OSError:
        return ()
    found = [(reference, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)]
    if os.path.isdir(reference):
        with os.scandir(reference) as entries:
            for entry in entries:
                s = entry.stat()
                found.append((entry.name, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns))
    return tuple(sorted(found))


@lru_cache(maxsize=64)
def loaded(reference: str, stamp: Stamp) -> Scenario:
    """The scenario `reference` names, in the version `stamp` (cached by both)."""
    path = Path(reference)
    if path.is_dir() and not any(p.suffix.lower() == ".xml" for p in path.iterdir()):
        raise DragomanError(
            f"{path}: a folder with no GENIUS files, not a scenario (give a scenario's YAML "
            "file, a built-in's name or a GENIUS domain folder)"
        )
    if path.is_dir():
        return load_genius_folder(path)
    return load_scenario(reference)

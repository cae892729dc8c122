"""Where results go: paths checked before any work (so a run is refused at once, not after an
hour), and files written whole (under a temporary name, renamed into place) with a failure
said in one line naming the path."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from dragoman.errors import DragomanError

__all__ = ["check_file_path", "check_folder_path", "write_whole"]


def check_folder_path(folder: Path, what: str = "the results") -> None:
    """Refuse a folder that cannot be made, creating nothing: a file on its path, or a
    closest existing folder not writable."""
    taken = _closest_existing(folder)
    if not taken.is_dir():
        where = "is a file" if taken == folder else f"is inside {taken}, a file"
        raise DragomanError(f"{folder}: {where}; {what} need a folder")
    refused = _refuses_files(taken)
    if refused:
        raise DragomanError(f"{folder}: cannot create the folder: {taken} {refused}")


def check_file_path(path: Path, what: str) -> None:
    """Refuse a path `what` (e.g. "the plot") cannot be written to, creating nothing: a
    folder, a path through a file, or a place not writable."""
    if path.is_dir():
        raise DragomanError(f"{path}: is a folder; {what} is written to a file (name one)")
    taken = _closest_existing(path.parent)
    if not taken.is_dir():
        raise DragomanError(f"{path}: is inside {taken}, a file; {what} cannot be written there")
    if path.exists() and not os.access(path, os.W_OK):
        raise DragomanError(f"{path}: cannot write {what}: the file is not writable")
    refused = _refuses_files(taken)
    if refused:
        raise DragomanError(f"{path}: cannot write {what}: {taken} {refused}")


def write_whole(path: Path, write: Callable[[Path], object], what: str) -> Path:
    """Make `path` by `write(temporary)` then a rename, so an interruption or a failure never
    leaves a half-written file (the earlier one stays); an OS error is one line naming the
    path."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(temporary)
        os.replace(temporary, path)
    except OSError as exc:
        raise DragomanError(f"{path}: cannot write {what}: {exc.strerror or exc}") from None
    finally:
        temporary.unlink(missing_ok=True)
    return path


def _refuses_files(folder: Path) -> str:
    """Why no file can be made in `folder` ('' when one can): found by making one and
    removing it, which holds for every user (root included) and file system (/proc too)."""
    try:
        handle, name = tempfile.mkstemp(prefix=".dragoman-check-", dir=folder)
    except OSError as exc:
        return (
            "is not writable"
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
            else (f"refuses new files ({exc.strerror or exc})")
        )
    os.close(handle)
    os.unlink(name)
    return ""


def _closest_existing(path: Path) -> Path:
    return next((p for p in (path, *path.parents) if p.exists()), Path("."))

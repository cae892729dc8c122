"""Where an experiment's results live, so that an interrupted run loses nothing finished.

Each finished batch of negotiations is one Parquet part file, `parts/part-<hash>.parquet`,
written to a temporary name and renamed into place (atomic on POSIX): a part is there whole or
not at all, so a run killed at any moment (SIGINT, SIGKILL) loses only the batches in flight.
The parts are the index: the `cell` column of every part says which cells are finished, and a
run of the same configuration skips them. At the end the parts are gathered into
`results.parquet` and `results.csv` (and the scores beside them).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from dragoman.errors import DragomanError

__all__ = ["ResultStore", "check_folder"]


def check_folder(folder: Path) -> None:
    """Refuse a results folder that cannot be made, creating nothing (so a run can be refused
    before any work): a file on its path, or a closest existing folder not writable."""
    taken = next((p for p in (folder, *folder.parents) if p.exists()), Path("."))
    if not taken.is_dir():
        what = "is a file" if taken == folder else f"is inside {taken}, a file"
        raise DragomanError(f"{folder}: {what}; the results need a folder")
    if not os.access(taken, os.W_OK | os.X_OK):
        raise DragomanError(f"{folder}: cannot create the results folder: {taken} is not writable")


class ResultStore:
    """The part files of one output folder (see the module doc)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.parts = self.folder / "parts"
        check_folder(self.folder)
        try:
            self.parts.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DragomanError(f"{self.folder}: cannot create the results folder: {exc}") from None
        for stale in self.parts.glob("*.tmp"):  # a part a killed run did not finish
            stale.unlink(missing_ok=True)

    def part_files(self) -> list[Path]:
        """Every finished part, in name order."""
        return sorted(self.parts.glob("part-*.parquet"))

    def finished(self) -> set[str]:
        """The keys of every finished cell."""
        keys: set[str] = set()
        for part in self.part_files():
            keys.update(pq.read_table(part, columns=["cell"]).column("cell").to_pylist())
        return keys

    def append(self, table: pa.Table) -> Path:
        """Write one finished batch as a part, atomically; its name hashes its cells."""
        cells = "\n".join(table.column("cell").to_pylist()).encode()
        name = f"part-{hashlib.blake2b(cells, digest_size=10).hexdigest()}.parquet"
        final = self.parts / name
        temporary = final.with_suffix(".tmp")
        pq.write_table(table, temporary)
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, final)
        return final

    def gathered(self, keys: Iterable[str] | None = None) -> pa.Table:
        """Every part as one table (only the cells in `keys`, when given)."""
        tables = [pq.read_table(p) for p in self.part_files()]
        if not tables:
            return pa.table({"cell": pa.array([], pa.string())})
        table = pa.concat_tables(tables, promote_options="default")
        if keys is not None:
            wanted = pa.array(sorted(set(keys)), pa.string())
            table = table.filter(pc.is_in(table.column("cell"), value_set=wanted))
        return table

    def write(self, name: str, table: pa.Table) -> dict[str, Path]:
        """`name`.parquet and `name`.csv in the folder, each written atomically."""
        paths = {}
        for suffix in ("parquet", "csv"):
            final = self.folder / f"{name}.{suffix}"
            temporary = final.with_suffix(f".{suffix}.tmp")
            if suffix == "parquet":
                pq.write_table(table, temporary)
            else:
                pa_csv.write_csv(table, temporary)
            os.replace(temporary, final)
            paths[suffix] = final
        return paths

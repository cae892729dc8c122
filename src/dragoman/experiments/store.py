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
import re
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from dragoman.errors import DragomanError
from dragoman.io.output_paths import check_folder_path

__all__ = ["ResultStore"]


class ResultStore:
    """The part files of one output folder (see the module doc)."""

    def __init__(self, folder: str | Path, parts: bool = True) -> None:
        """The store of `folder`, made if need be (`parts=False`: a study written once at
        its end, with no part files, gets no `parts/` folder)."""
        self.folder = Path(folder)
        self.parts = self.folder / "parts"
        check_folder_path(self.folder)
        try:
            (self.parts if parts else self.folder).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DragomanError(f"{self.folder}: cannot create the results folder: {exc}") from None
        for stale in self.parts.glob("*.tmp"):  # a part a killed run did not finish
            stale.unlink(missing_ok=True)
        #: Parts found unreadable (damaged on disk, or not a results part), each renamed to
        #: `NAME.unreadable` beside the others, never deleted: their cells are played again.
        self.set_aside: list[str] = []

    def part_files(self) -> list[Path]:
        """Every finished part, in name order."""
        return sorted(self.parts.glob("part-*.parquet"))

    def finished(self) -> set[str]:
        """The keys of every finished cell (an unreadable part is set aside)."""
        keys: set[str] = set()
        for part in self.part_files():
            table = self._read(part, ["cell"])
            if table is not None:
                keys.update(table.column("cell").to_pylist())
        return keys

    def _read(self, part: Path, columns: list[str] | None = None) -> pa.Table | None:
        """The part's table, or None after setting it aside when it cannot be read as one."""
        try:
            table = pq.read_table(part, columns=columns)
            if "cell" not in table.column_names or table.column("cell").type != pa.string():
                raise ValueError("no 'cell' column of text")
            return table
        except (OSError, ValueError, pa.ArrowException) as exc:
            aside = part.with_name(part.name + ".unreadable")
            os.replace(part, aside)
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            reason = re.sub(r"^Could not open Parquet input source '[^']*': ", "", reason)
            self.set_aside.append(
                f"{part} could not be read ({reason}): renamed to {aside.name}, and the "
                "negotiations it held are played again"
            )
            return None

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
        tables = [t for t in map(self._read, self.part_files()) if t is not None]
        if not tables:
            return pa.table({"cell": pa.array([], pa.string())})
        table = pa.concat_tables(tables, promote_options="default")
        if keys is not None:
            wanted = pa.array(sorted(set(keys)), pa.string())
            table = table.filter(pc.is_in(table.column("cell"), value_set=wanted))
        return _once_per_cell(table)

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


def _once_per_cell(table: pa.Table) -> pa.Table:
    """The table with one row per cell, the first stored (parts copied in from another
    folder may hold a cell twice; a cell's result is the same in any run)."""
    cells = table.column("cell").to_pylist()
    if len(set(cells)) == len(cells):
        return table
    first: dict[str, int] = {}
    for row, cell in enumerate(cells):
        first.setdefault(cell, row)
    return table.take(pa.array(sorted(first.values()), pa.int64()))

"""Tables that never cut a number or a word: fitted to the width, else split, else stacked.

A `Sheet` describes a table (columns, rows, a title and a legend); `fit(sheet, width)` lays it
out for a terminal `width`, trying in turn:

1. one table, each column at least as wide as its longest word (numbers never wrap), the room
   left shared out in proportion to what each column needs to sit on one line;
2. the same table in bands of columns, the key columns repeated in each band;
3. one record per row: the key cells as its heading, then a "header  value" line per column.

rich left alone squeezes a column below its longest word and cuts it with "…" (`0.05` for
0.058, `Kalai–Smo…`); every table on screen goes through here instead.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from dragoman.render.literal import clean, literal_text

__all__ = ["Cell", "Column", "Sheet", "fit"]

Cell = str | Text

#: How each style of sheet draws its lines (a framed grid, a header rule only, nothing).
_BOXES = {"framed": box.HEAVY_HEAD, "simple": box.SIMPLE_HEAD, "plain": None}
_PADDING: dict[str, tuple[int, int, int, int]] = {
    "framed": (0, 1, 0, 1),
    "simple": (0, 0, 0, 1),
    "plain": (0, 2, 0, 0),
}
_RECORD_INDENT = 2


@dataclass(frozen=True)
class Column:
    """A column: its header, whether it holds numbers (right-aligned, never wrapped) and
    whether it names the row (repeated in every band, the heading of a record)."""

    header: str
    numeric: bool = False
    key: bool = False
    style: str = ""


@dataclass
class Sheet:
    """A table to fit to a width: rows of cells under columns, a title and a legend."""

    columns: Sequence[Column]
    title: str = ""
    legend: str = ""
    style: str = "framed"  # one of _BOXES; "plain" shows no header
    lines: bool = False  # a rule between rows (for rows of several lines)
    bands: bool = True  # split into bands of columns before falling back to records
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    row_styles: list[str] = field(default_factory=list)
    sections: set[int] = field(default_factory=set)  # a rule after these rows

    def add_row(self, *cells: Cell, style: str = "", end_section: bool = False) -> None:
        """Append a row (one cell per column)."""
        if len(cells) != len(self.columns):
            raise ValueError(f"{len(cells)} cells for {len(self.columns)} columns")
        if end_section:
            self.sections.add(len(self.rows))
        self.rows.append(tuple(literal_text(c) for c in cells))  # a name is never markup
        self.row_styles.append(style)


def fit(sheet: Sheet, width: int, records: Sheet | None = None) -> RenderableType:
    """The sheet laid out for `width` columns (see the module docstring); `records`, if given,
    is the same content the other way round, shown as records when no table fits."""
    width = max(width, 20)
    parts: list[RenderableType] = [literal_text(sheet.title, "bold")] if sheet.title else []
    every = list(range(len(sheet.columns)))
    table = _table(sheet, every, width)
    if table is not None:
        parts.append(table)
    else:
        bands = _bands(sheet, width) if sheet.bands else []
        parts += bands or _records(records or sheet, width)
    if sheet.legend:
        parts.append(literal_text(sheet.legend, "dim"))
    return Group(*parts)


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def _longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=0)


def _longest_line(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


def _needs(sheet: Sheet, k: int) -> tuple[int, int]:
    """The narrowest width column `k` can take without cutting a word, and its one-line width."""
    column = sheet.columns[k]
    cells = [_plain(row[k]) for row in sheet.rows]
    header = column.header if sheet.style != "plain" else ""
    measure = _longest_line if column.numeric else _longest_word
    low = max([_longest_word(header), *(measure(c) for c in cells)])
    high = max([_longest_line(header), *(_longest_line(c) for c in cells)])
    return max(low, 1), max(high, 1)


@cache
def _overhead(style: str, columns: int) -> int:
    """The width the lines and padding of a `columns`-column table of `style` take."""
    probe = _rich_table(style, [Column("")] * columns, [1] * columns, lines=False)
    console = Console(width=10_000, file=io.StringIO())
    return Measurement.get(console, console.options, probe).maximum - columns


def _rich_table(style: str, columns: Sequence[Column], widths: Sequence[int], lines: bool) -> Table:
    table = Table(
        show_lines=lines,
        box=_BOXES[style],
        show_header=style != "plain",
        show_edge=style == "framed",
        pad_edge=style == "framed",
        padding=_PADDING[style],
    )
    for column, w in zip(columns, widths, strict=True):
        table.add_column(
            Text(clean(column.header)),
            width=w,
            justify="right" if column.numeric else "left",
            overflow="fold",  # never needed: the width fits every number and every word
            style=column.style,
        )
    return table


def _share(low: list[int], high: list[int], room: int) -> list[int]:
    """Widths from `low` up to `high`, the `room` beyond `low` shared by what each lacks."""
    if sum(high) <= room:
        return high
    lack = [h - lo for lo, h in zip(low, high, strict=True)]
    spare, total = room - sum(low), sum(lack)
    widths = [lo + spare * want // total for lo, want in zip(low, lack, strict=True)]
    for k in sorted(range(len(low)), key=lambda k: widths[k] - high[k]):
        if sum(widths) >= room:
            break
        widths[k] += widths[k] < high[k]
    return widths


def _table(sheet: Sheet, keep: list[int], width: int) -> Table | None:
    """The columns `keep` as one table within `width`, or None if their words do not fit."""
    needs = [_needs(sheet, k) for k in keep]
    room = width - _overhead(sheet.style, len(keep))
    low = [n[0] for n in needs]
    if sum(low) > room:
        return None
    widths = _share(low, [n[1] for n in needs], room)
    table = _rich_table(sheet.style, [sheet.columns[k] for k in keep], widths, sheet.lines)
    for r, row in enumerate(sheet.rows):
        table.add_row(
            *(row[k] for k in keep), style=sheet.row_styles[r], end_section=r in sheet.sections
        )
    return table


def _bands(sheet: Sheet, width: int) -> list[RenderableType]:
    """The table split into as few bands of columns as fit, each with the key columns and
    about as many columns as the others; [] if one column does not fit beside the keys."""
    keys = [k for k, c in enumerate(sheet.columns) if c.key]
    rest = [k for k, c in enumerate(sheet.columns) if not c.key]
    if not keys or len(rest) < 2:
        return []
    greedy: list[list[int]] = [[]]
    for k in rest:
        if _table(sheet, keys + greedy[-1] + [k], width) is None:
            if not greedy[-1] or _table(sheet, [*keys, k], width) is None:
                return []
            greedy.append([])
        greedy[-1].append(k)
    size = -(-len(rest) // len(greedy))
    even = [rest[i : i + size] for i in range(0, len(rest), size)]
    for bands in (even, greedy):
        tables = [_table(sheet, keys + band, width) for band in bands]
        if len(bands) == len(greedy) and all(t is not None for t in tables):
            return [t for t in tables if t is not None]
    return []


def _records(sheet: Sheet, width: int) -> list[RenderableType]:
    """One record per row: its key cells as a heading, then each other (non-empty) cell beside
    its header, or below it where one of its words would not fit beside it."""
    keys = [k for k, c in enumerate(sheet.columns) if c.key]
    rest = [k for k, c in enumerate(sheet.columns) if not c.key]
    headers = {k: sheet.columns[k].header for k in rest}
    inner = width - _RECORD_INDENT
    label = min(max(map(cell_len, headers.values()), default=0), max(inner // 3, 1))
    label = max(label, max((_longest_word(h) for h in headers.values()), default=0))
    parts: list[RenderableType] = []
    for r, row in enumerate(sheet.rows):
        if keys:
            heading = Text(" · ").join(Text(_plain(row[k])) for k in keys)
            heading.stylize("bold")
            parts.append(heading)
        elif r:
            parts.append(Text(""))
        fields = [(headers[k], row[k]) for k in rest if _plain(row[k]).strip()]
        for block in _record_fields(fields, label, inner, sheet.row_styles[r]):
            parts.append(Padding(block, (0, 0, 0, _RECORD_INDENT)))
    return parts


def _record_fields(
    fields: list[tuple[str, Cell]], label: int, inner: int, style: str
) -> list[RenderableType]:
    """Runs of fields beside their headers as grids; a field too wide for that, below it."""
    room = inner - label - 2
    blocks: list[RenderableType] = []
    grid: Table | None = None
    for header, cell in fields:
        if _longest_word(_plain(cell)) <= room:
            if grid is None:
                grid = Table.grid(padding=(0, 2, 0, 0))
                grid.add_column(width=label, style="dim")
                grid.add_column(width=room, overflow="fold")
                blocks.append(grid)
            grid.add_row(literal_text(header), cell, style=style)
            continue
        grid = None
        blocks.append(literal_text(header, "dim"))
        blocks.append(Padding(cell, (0, 0, 0, _RECORD_INDENT), style=style))
    return blocks

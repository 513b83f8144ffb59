"""Group content units into what detection judges: columns of tables, and free text.

Data that leaks from public bodies is tabular (a column of surnames, of ranks, of victims'
addresses), so cells are judged a column at a time, with the column's header. Pivot cache fields,
cached cells of linked workbooks, chart series and drop-down lists are columns too. Everything
else (comments, text boxes, headers and footers, metadata, titles above a table) is free text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from foi_guard.formats.xlsx.cells import col_letters
from foi_guard.model import ContentUnit

HEADER_SCAN_ROWS = 12
_FIELD = re.compile(r"^(?:field|record of field) '(.*)'$")
_PIVOT_PART = re.compile(r"pivotCache(?:Definition|Records)")


@dataclass(slots=True, eq=False)  # compared by identity: comparing cells would cost dearly
class Column:
    path: tuple[str, ...]
    sheet: str | None
    label: str                 # "column C" or "pivot cache field 'Victim'"
    header: str | None
    cells: list[ContentUnit] = field(default_factory=list)
    letter: str | None = None  # for sheet columns

    def values(self) -> list[str]:
        return [u.value for u in self.cells]


@dataclass(slots=True, eq=False)
class Table:
    path: tuple[str, ...]
    sheet: str | None
    title: str                 # sheet name, pivot source, or what the table is
    columns: list[Column] = field(default_factory=list)


@dataclass(slots=True)
class Grouped:
    tables: list[Table]
    text: list[ContentUnit]


def group(units: Iterable[ContentUnit],
          as_text: AbstractSet[tuple[tuple[str, ...], str]] = frozenset()) -> Grouped:
    """Tables and free text; the tables `as_text` names (path, sheet) are read as text: a
    letter's letterhead laid out as a table."""
    grids: dict[tuple, list[ContentUnit]] = defaultdict(list)
    fields: dict[tuple, list[ContentUnit]] = defaultdict(list)
    text: list[ContentUnit] = []
    for u in units:
        # a worksheet cell, by far the commonest unit, without _kind's calls
        kind = "cell" if (u.detail is None and u.row is not None
                          and u.column is not None) else _kind(u)
        if kind == "cell" and as_text and (u.path, u.sheet) in as_text:
            text.append(u)
        elif kind == "cell":
            grids[(u.path, u.part, u.sheet, u.detail)].append(u)
        elif kind == "field":
            fields[(u.path, _PIVOT_PART.sub("pivotCache", u.part), _field_name(u))].append(u)
        elif kind == "series":
            fields[(u.path, u.part, None)].append(u)
        elif kind == "list":
            fields[(u.path, u.part, u.detail)].extend(_list_items(u))
        else:
            text.append(u)
    tables: list[Table] = []
    layouts: dict[tuple[str, ...], _Layout] = {}  # by file: the last sheet with a header row
    for (path, _part, sheet, detail), cells in grids.items():
        table, titles, layout = _grid_table(path, sheet, detail, cells, layouts.get(path))
        if layout is not None:
            layouts[path] = layout
        tables.append(table)
        text.extend(titles)
    tables.extend(_field_tables(fields))
    return Grouped(tables, text)


@dataclass(frozen=True, slots=True)
class _Layout:
    """A sheet's title rows and headers, for the sheets that continue it."""

    titles: frozenset[str]
    headers: dict[int, str]

    def continued_in(self, cells: list[ContentUnit]) -> int | None:
        """The last title row of a sheet that repeats these titles and goes on with rows of
        data but no header row: 'Page 2' of a register converted from a PDF."""
        first_rows = sorted({u.row for u in cells if u.row is not None})[:HEADER_SCAN_ROWS + 1]
        rows: dict[int, dict[int | None, str]] = defaultdict(dict)
        wanted = set(first_rows)
        for u in cells:
            if u.row in wanted:
                rows[u.row][u.column] = u.value
        repeated, last = set(), None
        for r in first_rows[:HEADER_SCAN_ROWS]:
            if not set(rows[r].values()) <= self.titles:
                break
            repeated |= set(rows[r].values())
            last = r
        if repeated != self.titles or last is None:
            return None
        after = rows.get(first_rows[first_rows.index(last) + 1]) if last != first_rows[-1] else None
        return None if after == self.headers else last  # its header again: read as it is


def _kind(u: ContentUnit) -> str:
    detail = u.detail or ""
    if u.row is not None and u.column is not None and (
            detail == "" or detail.startswith("cached cell of")):
        return "cell"
    if _FIELD.match(detail):
        return "field"
    if detail.startswith("cached series data of"):
        return "series"
    if detail.startswith("list validation"):
        return "list"
    return "text"


def _field_name(u: ContentUnit) -> str:
    match = _FIELD.match(u.detail or "")
    return match.group(1) if match else ""


def _list_items(u: ContentUnit) -> list[ContentUnit]:
    items = [v.strip() for v in u.value.split(",") if v.strip()]
    return [ContentUnit(v, u.part, u.hidden, u.sheet, u.row, u.column, u.detail, u.path)
            for v in items]


def _grid_table(path: tuple[str, ...], sheet: str | None, detail: str | None,
                cells: list[ContentUnit], earlier: _Layout | None = None
                ) -> tuple[Table, list[ContentUnit], _Layout | None]:
    continued = earlier.continued_in(cells) if earlier is not None else None
    if continued is not None and earlier is not None:  # its titles again, then its data
        header_row, last_title, headers = None, continued, earlier.headers
    else:
        header_row = _header_row(cells)
        headers = {u.column: u.value for u in cells if u.row == header_row}
        last_title = None if header_row is None else header_row - 1
    by_column: dict[int, Column] = {}
    titles: list[ContentUnit] = []
    for u in cells:  # in sheet order: row by row
        assert u.column is not None and u.row is not None
        if last_title is not None and u.row <= last_title:
            titles.append(u)
            continue
        if u.row == header_row:
            continue
        col = by_column.get(u.column)
        if col is None:
            letter = col_letters(u.column)
            col = Column(path, sheet, f"column {letter}", headers.get(u.column), letter=letter)
            by_column[u.column] = col
        col.cells.append(u)
    title = sheet or ""
    if detail:
        title = detail.removeprefix("cached cell of ").strip("[]")
    if titles:
        title = f"{title}: {' '.join(t.value for t in titles[:3])}"
    layout = _Layout(frozenset(t.value for t in titles), headers) \
        if header_row is not None and titles else None
    table = Table(path, sheet, title, [by_column[c] for c in sorted(by_column)])
    return table, titles, layout


def _header_row(cells: list[ContentUnit]) -> int | None:
    """The first row of words above rows of data, within the first rows of the grid."""
    first_rows = sorted({u.row for u in cells if u.row is not None})[:HEADER_SCAN_ROWS + 5]
    wanted = set(first_rows)
    rows: dict[int, list[ContentUnit]] = defaultdict(list)
    for u in cells:
        if u.row in wanted:
            rows[u.row].append(u)
    if len(first_rows) < 2:
        return None
    widest = max(len(r) for r in rows.values())
    for r in first_rows[:HEADER_SCAN_ROWS]:
        row = rows[r]
        words = [u for u in row if not u.is_number]
        if len(words) >= max(2, (widest + 1) // 2) and len(words) == len(row):
            below = [n for n in first_rows if n > r][:5]
            if below and any(len(rows[n]) >= 2 for n in below):
                return r
    return None


def _field_tables(fields: dict[tuple, list[ContentUnit]]) -> list[Table]:
    """Pivot cache fields (one table per cache), chart series and drop-down lists."""
    tables: dict[tuple[tuple[str, ...], str], Table] = {}
    for (path, source, name), units in fields.items():
        first = units[0]
        if "pivotCache" in source:
            title = f"pivot cache {source.rpartition('/')[2]}"
            label, header = f"pivot cache field '{name}'", name
        else:
            title, label, header = first.detail or "cached data", first.detail or "data", None
        table = tables.setdefault((path, source), Table(path, first.sheet, title))
        table.columns.append(Column(path, first.sheet, label, header, list(units)))
    return list(tables.values())

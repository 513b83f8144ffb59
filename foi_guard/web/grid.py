"""A picture of each affected sheet, built from what the scan read, never from the file again.

Each grid cell comes from a ContentUnit with a sheet, a row and a column; its hiding reasons
say whether the sheet, its row, its column or the cell itself is hidden, and the scan's marks
say which units are personal data. Values are shown masked only (foi_guard.report.mask).
A grid is capped (the first MAX_ROWS rows and MAX_COLUMNS columns with data), but hidden and
flagged rows and columns beyond the cap are always brought into view, a few of each, with a
gap row or column saying what was left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from foi_guard.findings import SEP
from foi_guard.formats.xlsx.cells import col_letters
from foi_guard.model import ContentUnit, Hidden
from foi_guard.pipeline import Scan
from foi_guard.report.mask import mask

MAX_ROWS = 50
MAX_COLUMNS = 20
EXTRA_ROWS = 10     # hidden or flagged rows beyond the cap brought into view
EXTRA_COLUMNS = 5
FILL_GAP = 2        # empty rows or columns up to this many are drawn, as a spreadsheet would

SHEET_REASONS = frozenset({Hidden.HIDDEN_SHEET, Hidden.VERY_HIDDEN_SHEET, Hidden.HIDDEN_SLIDE})
ROW_REASONS = frozenset({Hidden.HIDDEN_ROW, Hidden.FILTERED_ROW, Hidden.COLLAPSED_OUTLINE,
                         Hidden.ZERO_SIZE})
COLUMN_REASONS = frozenset({Hidden.HIDDEN_COLUMN, Hidden.COLLAPSED_OUTLINE, Hidden.ZERO_SIZE})

PERSONAL = "personal"
SMALL = "small"


@dataclass(slots=True)
class Cell:
    text: str = ""
    flag: str | None = None                 # PERSONAL, SMALL or None
    reasons: tuple[str, ...] = ()           # hidden for this cell only (white text, ;;;...)
    notes: tuple[str, ...] = ()             # reasons of comments and the like anchored here

    @property
    def css(self) -> str:
        classes = []
        if self.flag:
            classes.append(f"flag-{self.flag}")
        if self.reasons:
            classes.append("hid")
        if self.notes:
            classes.append("noted")
        return " ".join(classes)


@dataclass(slots=True)
class Line:
    """A row or a column of the grid; `gap` > 0 is a marker for that many left out."""

    number: int
    reasons: tuple[str, ...] = ()
    gap: int = 0
    gap_with_data: int = 0
    gap_end: int = 0

    @property
    def letter(self) -> str:
        return col_letters(self.number)


@dataclass(slots=True)
class Row:
    line: Line
    cells: list[Cell] = field(default_factory=list)


@dataclass(slots=True)
class Picture:
    """One sheet (or a table of a document) as a grid of masked values."""

    file: str
    name: str
    title: str                              # "Sheet “Data”", or "Table 2" in a document
    reasons: tuple[str, ...]
    columns: list[Line]
    rows: list[Row]
    rows_total: int
    columns_total: int
    rows_left_out: int
    columns_left_out: int
    flagged: int
    hidden_cells: int
    noted: int = 0                          # cells with a comment or the like anchored

    @property
    def inside(self) -> str | None:
        return self.file.partition(SEP)[2] or None


@dataclass(slots=True)
class Tab:
    name: str
    state: str

    @property
    def hidden(self) -> bool:
        return self.state != "visible"


@dataclass(slots=True)
class TabBar:
    file: str
    tabs: list[Tab]


def tab_bars(scan: Scan) -> list[TabBar]:
    """The sheet tabs of each workbook in the file (nested ones too), hidden ones included."""
    bars: dict[str, TabBar] = {}
    for sheet in scan.result.sheets:
        bars.setdefault(sheet["file"], TabBar(sheet["file"], [])).tabs.append(
            Tab(sheet["name"], sheet["state"]))
    return list(bars.values())


def pictures(scan: Scan) -> list[Picture]:
    """A picture of every sheet holding personal data, small numbers, hidden content or
    comments."""
    name = Path(scan.result.path).name
    cells, notes = _by_sheet(scan.units)
    states = {(s["file"], s["name"]): s["state"] for s in scan.result.sheets}
    layouts = {getattr(info, "name", None): info for info in scan.sheets}
    out = []
    for (path, sheet), units in cells.items():
        file = SEP.join((name, *path))
        layout = layouts.get(sheet) if not path else None
        picture = _picture(file, sheet, units, notes.get((path, sheet), []), scan,
                           states.get((file, sheet)), layout)
        if picture.flagged or picture.hidden_cells or picture.reasons or picture.noted:
            out.append(picture)
    return sorted(out, key=lambda p: (not p.reasons, -p.flagged))


def _by_sheet(units: Iterable[ContentUnit]) -> tuple[dict, dict]:
    cells: dict[tuple, list[ContentUnit]] = defaultdict(list)
    notes: dict[tuple, list[ContentUnit]] = defaultdict(list)
    for u in units:
        if u.sheet is None or u.row is None or u.column is None:
            continue
        (cells if u.detail is None else notes)[(u.path, u.sheet)].append(u)
    return cells, notes


def _picture(file: str, sheet: str, units: list[ContentUnit], notes: list[ContentUnit],
             scan: Scan, state: str | None, layout: object | None) -> Picture:
    at = {(u.row, u.column): u for u in units}
    sheet_reasons = _sheet_reasons(units, state)
    row_reasons = _line_reasons(units, sheet_reasons, ROW_REASONS, "row", layout, "row_reasons")
    col_reasons = _line_reasons(units, sheet_reasons, COLUMN_REASONS, "column", layout,
                                "col_reasons")
    flags = _flags(at, scan)
    cell_hidden = _cell_reasons(at, sheet_reasons, row_reasons, col_reasons)
    data_rows = sorted({r for r, _ in at} | set(row_reasons))
    data_cols = sorted({c for _, c in at} | set(col_reasons))
    rows = _choose(data_rows, {r for r, _ in cell_hidden} | set(row_reasons),
                   {r for r, _ in flags}, MAX_ROWS, EXTRA_ROWS, row_reasons)
    columns = _choose(data_cols, {c for _, c in cell_hidden} | set(col_reasons),
                      {c for _, c in flags}, MAX_COLUMNS, EXTRA_COLUMNS, col_reasons)
    noted = _notes_at(notes)
    grid = [Row(line, [] if line.gap else [
        _cell(at.get((line.number, c.number)), flags, cell_hidden, noted, line.number, c)
        for c in columns]) for line in rows]
    shown_rows = {line.number for line in rows if not line.gap}
    shown_cols = {line.number for line in columns if not line.gap}
    title = f"Sheet “{sheet}”" if state is not None else sheet[:1].upper() + sheet[1:]
    return Picture(
        file=file, name=sheet, title=title, reasons=sheet_reasons, columns=columns, rows=grid,
        rows_total=max(data_rows, default=0), columns_total=max(data_cols, default=0),
        rows_left_out=sum(1 for r in data_rows if r not in shown_rows),
        columns_left_out=sum(1 for c in data_cols if c not in shown_cols),
        flagged=len(flags),
        hidden_cells=sum(1 for u in units if u.hidden),
        noted=len(noted),
    )


def _sheet_reasons(units: list[ContentUnit], state: str | None) -> tuple[str, ...]:
    """Reasons every cell shares that hide the whole sheet, and the sheet's own state."""
    kinds = {u.hidden for u in units}  # few distinct tuples, however many cells
    found = {str(h) for h in units[0].hidden if h in SHEET_REASONS}
    for hidden in kinds:
        found &= {str(h) for h in hidden}
    if state and state != "visible":
        found.add(state)
    return tuple(sorted(found))


def _line_reasons(units: list[ContentUnit], sheet_reasons: tuple[str, ...],
                  kinds: frozenset[Hidden], axis: str, layout: object | None,
                  attribute: str) -> dict[int, tuple[str, ...]]:
    """Reasons that hide whole rows (or columns): from the reader's layout when it kept one,
    else those every unit of the row shares."""
    known = getattr(layout, attribute, None)
    if known is not None:
        return {n: tuple(str(h) for h in reasons) for n, reasons in known.items() if reasons}
    shared: dict[int, set[str]] = {}
    for u in units:
        n = u.row if axis == "row" else u.column
        mine = {str(h) for h in u.hidden if h in kinds} - set(sheet_reasons)
        assert n is not None
        shared[n] = shared[n] & mine if n in shared else mine
    return {n: tuple(sorted(r)) for n, r in shared.items() if r}


def _flags(at: dict[tuple, ContentUnit], scan: Scan) -> dict[tuple, str]:
    spans, small = scan.marks.spans, scan.marks.small
    flags = {key: PERSONAL for key, u in at.items() if id(u) in spans}
    flags.update((key, SMALL) for key, u in at.items() if id(u) in small and key not in flags)
    return flags


def _cell_reasons(at: dict[tuple, ContentUnit], sheet: tuple[str, ...],
                  rows: dict[int, tuple[str, ...]], columns: dict[int, tuple[str, ...]]
                  ) -> dict[tuple, tuple[str, ...]]:
    """Reasons that hide a cell beyond its sheet's, its row's and its column's."""
    beyond_sheet: dict[tuple, tuple[str, ...]] = {}  # memo: a sheet has few kinds of unit
    out = {}
    for key, u in at.items():
        if not u.hidden:
            continue
        if u.hidden not in beyond_sheet:
            beyond_sheet[u.hidden] = tuple(dict.fromkeys(
                str(h) for h in u.hidden if str(h) not in sheet))
        own = beyond_sheet[u.hidden]
        if own:
            outer = set(rows.get(key[0], ())) | set(columns.get(key[1], ()))
            own = tuple(r for r in own if r not in outer)
            if own:
                out[key] = own
    return out


def _choose(data: list[int], hidden: set[int], flagged: set[int], cap: int, extra: int,
            reasons: dict[int, tuple[str, ...]]) -> list[Line]:
    """The first `cap` lines with data, then up to `extra` hidden lines beyond (flagged ones
    too when none is in view yet), small empty gaps drawn and larger ones marked."""
    shown = data[:cap]
    odd = hidden if flagged & set(shown) else hidden | flagged
    shown += [n for n in data[cap:] if n in odd][:extra]
    if shown and shown[0] <= FILL_GAP + 1:
        shown = [*range(1, shown[0]), *shown]
    lines: list[Line] = []
    position = {n: i for i, n in enumerate(data)}
    for i, n in enumerate(shown):
        if i:
            before = shown[i - 1]
            skipped = n - before - 1
            with_data = position.get(n, 0) - position.get(before, 0) - 1 if n in position \
                and before in position else 0
            if 0 < skipped <= FILL_GAP and not with_data:
                lines += [Line(m) for m in range(before + 1, n)]
            elif skipped:
                lines.append(Line(before + 1, gap=skipped, gap_with_data=with_data,
                                  gap_end=n - 1))
        lines.append(Line(n, reasons.get(n, ())))
    last = shown[-1] if shown else 0
    beyond = [n for n in data if n > last]
    if beyond:
        lines.append(Line(last + 1, gap=beyond[-1] - last, gap_with_data=len(beyond),
                          gap_end=beyond[-1]))
    return lines


def _notes_at(notes: list[ContentUnit]) -> dict[tuple[int, int], tuple[str, ...]]:
    found: dict[tuple[int, int], list[str]] = defaultdict(list)
    for u in notes:
        assert u.row is not None and u.column is not None
        # the reason, not the detail: a detail may name a comment's author
        found[(u.row, u.column)] += [str(h) for h in u.hidden] or ["comment"]
    return {k: tuple(dict.fromkeys(v)) for k, v in found.items()}


def _cell(u: ContentUnit | None, flags: dict, hidden: dict, noted: dict, row: int,
          column: Line) -> Cell:
    if column.gap:
        return Cell()
    key = (row, column.number)
    return Cell(mask(u.value) if u is not None else "", flags.get(key), hidden.get(key, ()),
                noted.get(key, ()))

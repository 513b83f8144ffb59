"""Inspect a legacy Excel workbook (.xls: BIFF5/BIFF8 inside an OLE compound file).

Where an .xls hides data, and how each place is read:
- cells (xlrd, with formatting): hidden and very hidden sheets, hidden, zero-size and
  outline-collapsed rows and columns, rows hidden by an autofilter, white text and number formats
  that draw nothing (';;;'), cells far out of view; dates as the ISO dates Excel shows;
- notes (xlrd's cell_note_map), text boxes (TXO records not tied to a note), headers and footers,
  list validations and cached chart values (walking the sheet's BIFF records);
- sheets xlrd does not load (Excel 4 macro sheets, chart sheets, BIFF5 module sheets): listed,
  their strings read;
- defined names holding constants, hidden names, Auto_Open names (xlrd's name_obj_list);
- streams and storages of the compound file (olefile): document properties, the VBA project
  (module source decompressed), embedded objects (MBD... storages, read with the reader for what
  they hold), pivot caches, shared-workbook revision logs, custom XML, ActiveX controls, and as
  text anything else.
A workbook encrypted with Excel's default password ("VelvetSweatshop") is decrypted and read; one
that needs a real password, or that a reader cannot parse, is an InspectionError.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import xlrd
from xlrd.biffh import XLRDError, unpack_string, unpack_unicode
from xlrd.formula import FormulaError

from foi_guard.formats import decrypt_default_password
from foi_guard.formats.base import Context, Item
from foi_guard.formats.ole import (
    STREAM_REASONS,
    Storage,
    decode,
    embedded,
    open_compound,
    short,
    stream_entry,
    text_of,
    vba_project,
)
from foi_guard.formats.textual import binary_units, printable_strings, xml_units
from foi_guard.formats.xlsx.cells import column_list, row_list
from foi_guard.formats.xlsx.sheets import (
    OUT_OF_VIEW_COL_GAP,
    OUT_OF_VIEW_ROW_GAP,
    ZERO_HEIGHT_POINTS,
    ZERO_WIDTH_CHARS,
    as_iso_date,
)
from foi_guard.formats.xlsx.styles import (
    BLACK,
    LEGACY_PALETTE,
    WHITE,
    hiding_sections,
    indistinguishable,
)
from foi_guard.limits import parse_xml
from foi_guard.model import SHEET_FACT, ContentUnit, Fact, Hidden, InspectionError

H = Hidden
RGB = tuple[int, int, int]
Reasons = tuple[Hidden, ...]

MAX_COLS = 256  # BIFF8 columns A:IV
_CELLS_PER_CHECK = 4096
# A sheet's state as every reader reports it: visible, or the reason that hides it.
_STATES = {0: ("visible", ()), 1: (str(H.HIDDEN_SHEET), (H.HIDDEN_SHEET,)),
           2: (str(H.VERY_HIDDEN_SHEET), (H.VERY_HIDDEN_SHEET,))}
_SHEET_KINDS = {0: "worksheet", 1: "macro sheet", 2: "chart sheet", 6: "VBA module sheet"}

# BIFF record types read here.
BOF_TYPES = {0x0009, 0x0209, 0x0409, 0x0809}
EOF = 0x000A
FILEPASS = 0x002F
BOUNDSHEET = 0x0085
HEADER, FOOTER = 0x0014, 0x0015
OBJ, TXO, CONTINUE = 0x005D, 0x01B6, 0x003C
DV = 0x01BE
LABEL, LABELSST, RSTRING, STRING, FORMULA = 0x0204, 0x00FD, 0x00D6, 0x0207, 0x0006
SERIESTEXT = 0x100D
SXSTRING, SXFDB = 0x00CD, 0x00C7
_OBJ_NOTE = 0x19
_CHART_BOF = 0x20

_BUILTIN_MACRO_NAMES = {"auto_open", "auto_close", "auto_activate", "auto_deactivate"}


# ------------------------------------------------------------------------------ entry point

def inspect(data: bytes, ctx: Context) -> Iterator[Item]:
    ole = open_compound(data)
    try:
        storage = Storage(ole, ())
        stream_name = storage.workbook_stream()
        if stream_name is None:
            raise InspectionError("compound file holds no Workbook or Book stream")
        stream = storage.read(stream_name)
        if _is_encrypted(stream):
            yield from _decrypted(data, storage, ctx)
            return
        yield from _read_book(storage, stream_name, stream, ctx)
    finally:
        ole.close()


def _decrypted(data: bytes, storage: Storage, ctx: Context) -> Iterator[Item]:
    """Excel opens a workbook encrypted with its built-in password without asking; any other
    password stops the scan (decrypt_default_password says which)."""
    if (storage.workbook_stream() or "").lower() != "workbook":
        raise InspectionError("encrypted Excel 5.0/95 workbook, cannot inspect")
    plain = decrypt_default_password(data)
    ctx.notes.append("encrypted with Excel's built-in default password; decrypted and inspected")
    inner = ctx.unwrapped()
    if inner.depth > ctx.limits.max_depth:
        raise InspectionError("encrypted workbook nested too deeply")
    yield from inspect(plain, inner)


def _fault(exc: BaseException) -> str:
    """A library fault in a few words: its kind, and its message when it has one."""
    kind = type(exc).__name__
    text = short(exc)
    return kind if text == kind else f"{kind}: {text}"


# ------------------------------------------------------------------------------ OLE storages

# ------------------------------------------------------------------------------ BIFF records

def _records(stream: bytes, pos: int = 0) -> Iterator[tuple[int, int, bytes]]:
    """(offset, type, data) of each record from `pos` to the end of the stream."""
    end = len(stream)
    while pos + 4 <= end:
        rtype, size = struct.unpack_from("<HH", stream, pos)
        yield pos, rtype, stream[pos + 4: pos + 4 + size]
        pos += 4 + size


def _globals(stream: bytes) -> list[tuple[int, bytes]]:
    """The workbook globals substream's records, up to its EOF."""
    found = []
    for _pos, rtype, data in _records(stream):
        found.append((rtype, data))
        if rtype == EOF:
            break
    return found


def _is_encrypted(stream: bytes) -> bool:
    return any(rtype == FILEPASS for rtype, _ in _globals(stream))


@dataclass(slots=True)
class _BoundSheet:
    name: str
    visibility: int
    kind: int
    offset: int


def _bound_sheets(stream: bytes, biff8: bool, encoding: str) -> list[_BoundSheet]:
    sheets = []
    for rtype, data in _globals(stream):
        if rtype != BOUNDSHEET or len(data) < 7:
            continue
        offset, visibility, kind = struct.unpack_from("<iBB", data)
        try:
            name = unpack_unicode(data, 6, lenlen=1) if biff8 else \
                unpack_string(data, 6, encoding, lenlen=1)
        except (struct.error, UnicodeDecodeError, LookupError, IndexError):
            name = f"(sheet {len(sheets) + 1})"
        sheets.append(_BoundSheet(name, visibility & 3, kind, offset))
    return sheets


def _xl_string(data: bytes, pos: int, lenlen: int, biff8: bool, encoding: str) -> str:
    """A BIFF string at `pos`: XLUnicodeString in BIFF8, a byte string before."""
    if biff8:
        return unpack_unicode(data, pos, lenlen=lenlen)
    return unpack_string(data, pos, encoding, lenlen=lenlen)


# ------------------------------------------------------------------------------ the workbook

@dataclass(slots=True)
class _SheetLayout:
    """Why rows and columns of one sheet are not seen."""

    name: str
    reasons: Reasons
    rows: dict[int, Reasons] = field(default_factory=dict)  # 1-based
    cols: dict[int, Reasons] = field(default_factory=dict)  # 1-based
    default_col: Reasons = ()

    def at(self, row: int | None, col: int | None) -> Reasons:
        out = self.reasons
        if row is not None:
            out += self.rows.get(row, ())
        if col is not None:
            out += self.cols.get(col, self.default_col)
        return out


@dataclass(slots=True)
class _Book:
    book: Any  # xlrd.Book
    stream: bytes
    part: str
    ctx: Context
    biff8: bool
    encoding: str
    styles: list[tuple[bool, tuple[bool, bool, bool, bool]]] = field(default_factory=list)
    filters: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    text_left: int = 0


def _read_book(storage: Storage, stream_name: str, stream: bytes,
               ctx: Context) -> Iterator[Item]:
    seen: set[str] = set()
    for item in _book_items(stream_name, stream, ctx):
        if isinstance(item, ContentUnit):
            seen.add(item.value)
        yield item
    for name, is_storage in sorted(storage.children.items()):
        ctx.deadline.check()
        if name == stream_name:
            continue
        if name.lower() in ("workbook", "book") and not is_storage:
            yield from _dual_copy(storage, name, seen, ctx)
        else:
            yield from _entry(storage, name, is_storage, ctx)


def _book_items(stream_name: str, stream: bytes, ctx: Context) -> Iterator[Item]:
    """Sheets, cells and names of one workbook stream, as xlrd and the BIFF records give them."""
    book = _open_xlrd(stream)
    try:
        state = _Book(book, stream, stream_name, ctx, book.biff_version >= 80,
                      book.encoding or "cp1252", text_left=ctx.limits.max_text_chars)
        state.styles = _cell_styles(book)
        yield from _defined_names(state)
        yield from _sheets(state)
    finally:
        book.release_resources()


def _dual_copy(storage: Storage, name: str, seen: set[str], ctx: Context) -> Iterator[Item]:
    """The Excel 5.0/95 copy a "Microsoft Excel 97 & 5.0/95" workbook carries beside its
    Workbook stream. Only Excel 95 opens it; what it holds beyond the workbook is reported."""
    data = storage.read(name)
    part = storage.part(name)
    reasons = (H.UNKNOWN_PART,)
    try:
        items = [i for i in _book_items(name, data, ctx) if isinstance(i, ContentUnit)]
    except InspectionError:
        ctx.deadline.check()  # out of time is not a broken copy
        yield from binary_units(data, part, reasons, None, "text in a workbook stream Excel "
                                "does not read")
        return
    for unit in items:
        if unit.value not in seen:
            unit.hidden = (*reasons, *unit.hidden)
            if unit.detail:
                unit.detail = f"only in the Excel 95 copy: {unit.detail}"
            yield unit
def _open_xlrd(stream: bytes) -> Any:
    try:
        return xlrd.open_workbook(file_contents=stream, formatting_info=True, on_demand=True,
                                  logfile=io.StringIO())
    except XLRDError as exc:
        raise InspectionError(f"unreadable workbook ({short(exc)})") from None
    except FormulaError:
        raise InspectionError("unreadable workbook (a defined name holds a formula that "
                              "cannot be parsed)") from None
    except (struct.error, AssertionError, IndexError, KeyError, ValueError, TypeError,
            UnicodeDecodeError, LookupError, OverflowError, ZeroDivisionError) as exc:
        raise InspectionError(f"corrupt workbook stream ({_fault(exc)})") from None


def _load_sheet(book: Any, index: int) -> Any:
    try:
        return book.sheet_by_index(index)
    except XLRDError as exc:
        raise InspectionError(f"unreadable sheet ({short(exc)})") from None
    except (struct.error, AssertionError, IndexError, KeyError, ValueError, TypeError,
            UnicodeDecodeError, LookupError, OverflowError, FormulaError) as exc:
        raise InspectionError(f"corrupt sheet {index + 1} ({_fault(exc)})") from None


# ------------------------------------------------------------------------------ cell formats

def _colour(book: Any, index: int | None, automatic: RGB) -> RGB:
    """A BIFF colour index as RGB: the workbook's palette, system colours, or `automatic`."""
    if index is None or index in (0x7FFF, 64):
        return automatic
    if index == 65:
        return WHITE
    rgb = book.colour_map.get(index)
    if rgb is not None:
        return tuple(rgb)  # type: ignore[return-value]
    if 0 <= index < len(LEGACY_PALETTE):
        return LEGACY_PALETTE[index]
    return automatic


def _cell_styles(book: Any) -> list[tuple[bool, tuple[bool, bool, bool, bool]]]:
    """Per XF: whether text is drawn in its background's colour, and which values
    (text, positive, negative, zero) its number format draws as nothing."""
    table = []
    fonts = book.font_list
    for xf in book.xf_list:
        font = fonts[xf.font_index] if 0 <= xf.font_index < len(fonts) else None
        ink = _colour(book, font.colour_index if font else None, BLACK)
        background = xf.background
        paper = WHITE
        if background is not None and background.fill_pattern == 1:  # solid
            paper = _colour(book, background.pattern_colour_index, BLACK)
        fmt = book.format_map.get(xf.format_key)
        code = fmt.format_str if fmt is not None else ""
        hides = hiding_sections(code) if code and ";" in code else (False,) * 4
        table.append((indistinguishable(ink, paper), hides))
    return table


def _style_reasons(state: _Book, xf_index: int, number: float | None) -> Reasons:
    if not 0 <= xf_index < len(state.styles):
        return ()
    white, (text, positive, negative, zero) = state.styles[xf_index]
    if number is None:
        hidden = text
    else:
        hidden = positive if number > 0 else negative if number < 0 else zero
    return (*((H.WHITE_TEXT,) if white else ()), *((H.HIDDEN_NUMBER_FORMAT,) if hidden else ()))


# ------------------------------------------------------------------------------ names

def _defined_names(state: _Book) -> Iterator[Item]:
    """Constants and hidden names hold data; a name that refers to cells only points."""
    book = state.book
    names = book.sheet_names()
    for name in book.name_obj_list:
        scope = names[name.scope] if 0 <= name.scope < len(names) else None
        title = str(name.name)
        if title.lower() in _BUILTIN_MACRO_NAMES:
            yield Fact("macro", state.part, scope, f"name '{title}' runs a macro",
                       "a defined name that starts a macro", hidden=(H.MACRO,))
            continue
        # Excel 95 wrote the autofilter's name as an ordinary hidden name.
        builtin = name.builtin or title.lower() == "_filterdatabase"
        if title.lower() == "_filterdatabase":
            _note_filter(state, name)
        value, constant = _name_value(name)
        if builtin and not constant:
            continue
        detail = f"name '{title}'" + (" (hidden name)" if name.hidden else "")
        if (constant or name.hidden) and value:
            yield ContentUnit(value, state.part, (H.DEFINED_NAME,), scope, detail=detail)
        elif value:
            yield Fact("defined_name", state.part, scope, f"name '{title}' refers to {value[:80]}",
                       hidden=(H.DEFINED_NAME,))


def _name_value(name: Any) -> tuple[str, bool]:
    """The name's value as text, and whether it is a constant rather than a reference."""
    result = getattr(name, "result", None)
    if result is None:
        raw = bytes(getattr(name, "raw_formula", b"") or b"")
        strings = printable_strings(raw)
        return " ".join(strings), bool(strings)
    kind = result.kind
    if kind == xlrd.formula.oSTRG:
        return str(result.value), True
    if kind == xlrd.formula.oNUM:
        return _number_text(result.value), True
    if kind == xlrd.formula.oBOOL:
        return ("TRUE" if result.value else "FALSE"), True
    return str(result.text or ""), False


def _note_filter(state: _Book, name: Any) -> None:
    """An autofilter's range: rows hidden below its header row were hidden by the filter."""
    try:
        sheet, row_lo, row_hi, _col_lo, _col_hi = name.area2d(clipped=False)
    except (XLRDError, AttributeError, IndexError, TypeError, ValueError, AssertionError):
        return
    state.filters.setdefault(sheet.number, []).append((row_lo + 1, row_hi))


# ------------------------------------------------------------------------------ sheets

def _sheets(state: _Book) -> Iterator[Item]:
    book = state.book
    if book.biff_version >= 50:
        bound = _bound_sheets(state.stream, state.biff8, state.encoding)
        if sum(b.kind == 0 for b in bound) != book.nsheets:
            raise InspectionError("the workbook's sheet list does not match its sheets "
                                  "(corrupt workbook)")
    else:  # BIFF2-4: no sheet list; xlrd reads the sheet itself
        bound = [_BoundSheet(name, 0, 0, -1) for name in book.sheet_names()]
    worksheet = 0
    for entry in bound:
        state.ctx.deadline.check()
        if entry.kind != 0:
            yield from _other_sheet(state, entry)
            continue
        sheet = _load_sheet(book, worksheet)
        yield from _worksheet(state, sheet, entry)
        book.unload_sheet(worksheet)
        worksheet += 1


def _worksheet(state: _Book, sheet: Any, entry: _BoundSheet) -> Iterator[Item]:
    state_name, reasons = _STATES.get(sheet.visibility & 3, _STATES[1])
    yield Fact(SHEET_FACT, state.part, sheet.name, state_name)
    layout = _layout(state, sheet, reasons)
    units = _cells(state, sheet, layout)
    _mark_out_of_view(units)
    extras = _SubstreamText(state, entry.offset, layout, chart_sheet=False, cells=False).read() \
        if entry.offset >= 0 else []
    notes = list(_notes(state, sheet, layout))
    yield from _empty_hidden_facts(state, layout, units, bool(units or notes or extras))
    yield from units
    yield from notes
    yield from extras


def _other_sheet(state: _Book, entry: _BoundSheet) -> Iterator[Item]:
    """A sheet xlrd does not load: list it, flag macro sheets, read its strings."""
    state_name, reasons = _STATES.get(entry.visibility, _STATES[1])
    yield Fact(SHEET_FACT, state.part, entry.name, state_name)
    kind = _SHEET_KINDS.get(entry.kind, f"sheet of type {entry.kind}")
    is_macro = entry.kind in (1, 6)
    if is_macro:
        yield Fact("macro", state.part, entry.name, kind, f"an Excel {kind}",
                   hidden=(*reasons, H.MACRO))
    layout = _SheetLayout(entry.name, (*reasons, H.MACRO) if is_macro else reasons)
    units = _SubstreamText(state, entry.offset, layout, chart_sheet=entry.kind == 2,
                           cells=entry.kind != 2).read()
    yield from units
    if reasons and not units:
        yield Fact(str(reasons[0]), state.part, entry.name, "sheet holds no cells",
                   hidden=reasons)


def _layout(state: _Book, sheet: Any, reasons: Reasons) -> _SheetLayout:
    layout = _SheetLayout(sheet.name, reasons)
    filters = state.filters.get(sheet.number, [])
    for rowx, info in sheet.rowinfo_map.items():
        reason = _row_reason(rowx + 1, info, filters)
        if reason:
            layout.rows[rowx + 1] = reason
    if sheet.default_row_hidden:
        for rowx in range(sheet.nrows):
            if rowx not in sheet.rowinfo_map:
                layout.rows[rowx + 1] = (H.HIDDEN_ROW,)
    for colx, info in sheet.colinfo_map.items():
        if info.hidden:
            layout.cols[colx + 1] = (H.COLLAPSED_OUTLINE if info.outline_level else
                                     H.HIDDEN_COLUMN,)
        elif info.width < ZERO_WIDTH_CHARS * 256:
            layout.cols[colx + 1] = (H.ZERO_SIZE,)
    # A default width of exactly 0 is a writer leaving the record unset: Excel and LibreOffice
    # show such columns at the standard width. Only a default set narrow hides its columns.
    default_width = sheet.standardwidth or (sheet.defcolwidth or 0) * 256 or None
    if default_width is not None and default_width < ZERO_WIDTH_CHARS * 256:
        layout.default_col = (H.ZERO_SIZE,)
    return layout


def _row_reason(row: int, info: Any, filters: list[tuple[int, int]]) -> Reasons:
    if info.hidden:
        if any(first < row <= last for first, last in filters):
            return (H.FILTERED_ROW,)
        return (H.COLLAPSED_OUTLINE,) if info.outline_level else (H.HIDDEN_ROW,)
    # As in xlsx, only a height set by hand counts (a row Excel sizes itself is re-fitted).
    custom = info.height_mismatch and not info.has_default_height
    if custom and info.height < ZERO_HEIGHT_POINTS * 20:  # twips
        return (H.ZERO_SIZE,)
    return ()


def _cells(state: _Book, sheet: Any, layout: _SheetLayout) -> list[ContentUnit]:
    units: list[ContentUnit] = []
    datemode = state.book.datemode
    deadline = state.ctx.deadline
    count = 0
    for rowx in range(sheet.nrows):
        types, values = sheet.row_types(rowx), sheet.row_values(rowx)
        base = layout.reasons + layout.rows.get(rowx + 1, ())
        for colx, (ctype, raw) in enumerate(zip(types, values, strict=False)):
            value, number, is_number = _cell_text(ctype, raw, datemode)
            if not value:
                continue
            count += 1
            if count % _CELLS_PER_CHECK == 0:
                deadline.check()
            state.text_left -= len(value)
            if state.text_left < 0:
                raise InspectionError("cells hold more text than the limit allows")
            style = _style_reasons(state, sheet.cell_xf_index(rowx, colx), number)
            hidden = base + layout.cols.get(colx + 1, layout.default_col) + style
            units.append(ContentUnit(value, state.part, hidden, sheet.name, rowx + 1, colx + 1,
                                     None, (), is_number))
    return units


def _cell_text(ctype: int, raw: Any, datemode: int) -> tuple[str, float | None, bool]:
    """(text as Excel shows it, the number for format sections, whether it is a number)."""
    if ctype == xlrd.XL_CELL_TEXT:
        text = str(raw)
        return (text if text.strip() else ""), None, False
    if ctype == xlrd.XL_CELL_NUMBER:
        return _number_text(raw), float(raw), True
    if ctype == xlrd.XL_CELL_DATE:
        return as_iso_date(_number_text(raw), datemode == 1), float(raw), False
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return ("TRUE" if raw else "FALSE"), None, False
    return "", None, False  # empty, blank, error values


def _number_text(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if number.is_integer() and abs(number) < 1e16:
        return str(int(number))
    return repr(number)


def _mark_out_of_view(units: list[ContentUnit]) -> None:
    """Cells far beyond the rest of the sheet, where nobody scrolls."""
    row_cut = _cut({u.row or 0 for u in units}, OUT_OF_VIEW_ROW_GAP)
    col_cut = _cut({u.column or 0 for u in units}, OUT_OF_VIEW_COL_GAP)
    if row_cut is None and col_cut is None:
        return
    for u in units:
        if (row_cut and (u.row or 0) >= row_cut) or (col_cut and (u.column or 0) >= col_cut):
            u.hidden += (H.OUT_OF_VIEW,)


def _cut(numbers: set[int], gap: int) -> int | None:
    previous = None
    for n in sorted(numbers):
        if previous is not None and n - previous > gap:
            return n
        previous = n
    return None


def _notes(state: _Book, sheet: Any, layout: _SheetLayout) -> Iterator[ContentUnit]:
    for (rowx, colx), note in sorted(sheet.cell_note_map.items()):
        row, col = rowx + 1, colx + 1
        reasons = (*layout.at(row, col), H.COMMENT)
        author = str(getattr(note, "author", "") or "").strip()
        text = str(getattr(note, "text", "") or "").strip()
        if author:
            yield ContentUnit(author, state.part, reasons, sheet.name, detail="comment author")
        if text:
            # The author is a unit of its own: a location must never show personal data.
            yield ContentUnit(text, state.part, reasons, sheet.name, row, col, "note")


def _empty_hidden_facts(state: _Book, layout: _SheetLayout, units: list[ContentUnit],
                        has_content: bool) -> Iterator[Fact]:
    """Hidden rows, columns and sheets that hold no cell: they can only warn."""
    used_rows = {u.row for u in units}
    used_cols = {u.column for u in units}
    for reason in (H.HIDDEN_ROW, H.FILTERED_ROW, H.COLLAPSED_OUTLINE, H.ZERO_SIZE):
        empty = {r for r, rs in layout.rows.items() if reason in rs and r not in used_rows}
        if empty:
            yield Fact(str(reason), state.part, layout.name, f"rows {row_list(empty)}",
                       hidden=(*layout.reasons, reason))
    for reason in (H.HIDDEN_COLUMN, H.COLLAPSED_OUTLINE, H.ZERO_SIZE):
        cols = {c for c, rs in layout.cols.items() if reason in rs}
        empty = cols - used_cols
        if empty and len(cols) < MAX_COLS:
            yield Fact(str(reason), state.part, layout.name, f"columns {column_list(empty)}",
                       hidden=(*layout.reasons, reason))
    if layout.reasons and not has_content:
        yield Fact(str(layout.reasons[0]), state.part, layout.name, "sheet holds no cells",
                   hidden=layout.reasons)


# ------------------------------------------------------------------------------ sheet records

class _SubstreamText:
    """What xlrd does not read from a sheet's records: headers and footers, text boxes, list
    validations, cached chart values, and the cells of sheets xlrd skips (`cells`)."""

    def __init__(self, state: _Book, offset: int, layout: _SheetLayout, *, chart_sheet: bool,
                 cells: bool) -> None:
        self.state = state
        self.offset = offset
        self.layout = layout
        self.chart_sheet = chart_sheet
        self.cells = cells
        self.units: list[ContentUnit] = []
        self.last_obj = -1

    def read(self) -> list[ContentUnit]:
        stream = self.state.stream
        if not 0 <= self.offset < len(stream):
            raise InspectionError(f"sheet '{self.layout.name}' lies outside the workbook stream")
        charts: list[bool] = []  # one per open BOF: is it a chart's substream?
        pos = self.offset
        while pos + 4 <= len(stream):
            rtype, size = struct.unpack_from("<HH", stream, pos)
            data = stream[pos + 4: pos + 4 + size]
            pos += 4 + size
            if rtype in BOF_TYPES:
                kind = struct.unpack_from("<H", data, 2)[0] if len(data) >= 4 else 0
                charts.append(kind == _CHART_BOF or (not charts and self.chart_sheet))
            elif rtype == EOF:
                if charts:
                    charts.pop()
                if not charts:
                    break
            elif not charts:
                raise InspectionError(f"sheet '{self.layout.name}' does not start with a BOF "
                                      "record (corrupt workbook)")
            elif rtype == TXO:
                pos = self._text_box(data, pos)
            else:
                self._record(rtype, data, in_chart=charts[-1], top=len(charts) == 1)
        return self.units

    def _record(self, rtype: int, data: bytes, in_chart: bool, top: bool) -> None:
        try:
            if rtype in (HEADER, FOOTER) and top and data:
                self._header_footer(rtype, data)
            elif rtype == OBJ:
                self.last_obj = struct.unpack_from("<H", data, 4)[0] if len(data) >= 6 else -1
            elif rtype == DV and top and self.state.biff8:
                self._validation(data)
            elif in_chart and rtype in (LABEL, SERIESTEXT):
                self._chart_text(rtype, data)
            elif self.cells and top and not in_chart:
                self._skipped_cell(rtype, data)
        except (struct.error, IndexError, UnicodeDecodeError, LookupError, ValueError):
            self._add(" ".join(printable_strings(data)), (H.UNKNOWN_PART,),
                      f"unparsed record 0x{rtype:04X}")

    def _add(self, text: str, extra: Reasons, detail: str | None, row: int | None = None,
             col: int | None = None) -> None:
        text = text.strip()
        if text:
            self.units.append(ContentUnit(text, self.state.part,
                                          (*self.layout.at(row, col), *extra),
                                          self.layout.name, row, col, detail))

    def _string(self, data: bytes, pos: int, lenlen: int) -> str:
        return _xl_string(data, pos, lenlen, self.state.biff8, self.state.encoding)

    def _header_footer(self, rtype: int, data: bytes) -> None:
        text = self._string(data, 0, 2 if self.state.biff8 else 1)
        text = " ".join(_HF_CODES.sub(" ", text).split())
        if _HF_BOILERPLATE.sub("", text):
            self._add(text, (H.HEADER_FOOTER,), "header" if rtype == HEADER else "footer")

    def _text_box(self, data: bytes, pos: int) -> int:
        """A TXO's text follows in CONTINUE records (notes' text is read by xlrd); returns
        the position after them."""
        stream = self.state.stream
        wanted = struct.unpack_from("<H", data, 10)[0] if len(data) >= 12 else 0
        pieces: list[str] = []
        got = 0
        while pos + 4 <= len(stream):
            rtype, size = struct.unpack_from("<HH", stream, pos)
            if rtype != CONTINUE:
                break
            chunk = stream[pos + 4: pos + 4 + size]
            pos += 4 + size
            if got >= wanted:
                continue  # formatting runs
            pieces.append(self._continued_text(chunk))
            got += len(pieces[-1])
        if self.last_obj != _OBJ_NOTE:
            self._add("".join(pieces), (H.DRAWING_TEXT,), "text box or shape")
        self.last_obj = -1
        return pos

    def _continued_text(self, chunk: bytes) -> str:
        if not self.state.biff8:
            return decode(chunk, self.state.encoding)
        if not chunk:
            return ""
        return chunk[1:].decode("utf-16-le", "replace") if chunk[0] & 1 else \
            chunk[1:].decode("latin-1")

    def _validation(self, data: bytes) -> None:
        """A list validation's items, written into the rule as one string 'a\\0b\\0c'."""
        pos = 4
        for _ in range(4):  # prompt title, error title, prompt text, error text
            pos = _skip_unicode(data, pos)
        cce = struct.unpack_from("<H", data, pos)[0]
        formula = data[pos + 4: pos + 4 + cce]
        if not formula or formula[0] != 0x17:  # ptgStr
            return
        items = unpack_unicode(formula, 1, lenlen=1)
        pos += 4 + cce
        pos += 4 + struct.unpack_from("<H", data, pos)[0]  # the second formula
        row = col = None
        if struct.unpack_from("<H", data, pos)[0]:
            first_row, _last_row, first_col, _last_col = struct.unpack_from("<4H", data, pos + 2)
            row, col = first_row + 1, first_col + 1
        self._add(items.replace("\0", ","), (H.DATA_VALIDATION,), "list validation", row, col)

    def _chart_text(self, rtype: int, data: bytes) -> None:
        if rtype == LABEL:
            self._add(self._string(data, 6, 2), (H.CHART_CACHE,), "cached chart value")
        else:
            self._add(self._string(data, 2, 1), (H.CHART_CACHE,), "chart series name")

    def _skipped_cell(self, rtype: int, data: bytes) -> None:
        """Cells of a sheet xlrd does not load (macro and module sheets)."""
        row = col = None
        if len(data) >= 4:
            rowx, colx = struct.unpack_from("<HH", data)
            row, col = rowx + 1, colx + 1
        if rtype == LABELSST:
            strings = getattr(self.state.book, "_sharedstrings", None) or []
            index = struct.unpack_from("<I", data, 6)[0]
            if index < len(strings):
                self._add(strings[index], (), None, row, col)
        elif rtype in (LABEL, RSTRING):
            self._add(self._string(data, 6, 2), (), None, row, col)
        elif rtype == STRING:
            self._add(self._string(data, 0, 2), (), "formula result")
        elif rtype == FORMULA:
            for text in printable_strings(data[20:]):
                self._add(text, (), "string in formula", row, col)


def _skip_unicode(data: bytes, pos: int) -> int:
    """The position after a BIFF8 XLUnicodeString at `pos`."""
    cch, flags = struct.unpack_from("<HB", data, pos)
    pos += 3
    if flags & 0x08:
        pos += 2
    if flags & 0x04:
        pos += 4
    return pos + cch * (2 if flags & 1 else 1)


_HF_CODES = re.compile(r'&(?:"[^"]*"|K[0-9A-Fa-f]{6}|K\d\d[+-]\d{3}|\d+|[LCRPNDTFAZGBIUESXY&])')
_HF_BOILERPLATE = re.compile(r"(?i)\b(page|pages|of|sheet)\b|[^\w]")


# ------------------------------------------------------------------------------ other streams

def _entry(storage: Storage, name: str, is_storage: bool, ctx: Context) -> Iterator[Item]:
    lowered = name.lower()
    if not is_storage:
        yield from stream_entry(storage, name, lowered, ctx)
    elif lowered in ("_vba_project_cur", "vba_project"):
        yield from vba_project(storage.sub(name), ctx)
    elif lowered.startswith("mbd"):
        yield from embedded(storage.embedded(name), name, ctx)
    elif lowered in ("_sx_db_cur", "_sx_db"):
        yield from _pivot_caches(storage.sub(name))
    elif lowered == "msodatastore":
        yield from _custom_xml(storage.sub(name))
    else:
        yield from text_of(storage.sub(name), STREAM_REASONS.get(lowered, H.UNKNOWN_PART))


# ------------------------------------------------------------------------------ embedded objects

def embedded_workbook(storage: Storage, ctx: Context) -> Iterator[Item]:
    stream_name = str(storage.workbook_stream())
    stream = storage.read(stream_name)
    if _is_encrypted(stream):
        raise InspectionError("encrypted embedded workbook, cannot inspect")
    yield from _read_book(storage, stream_name, stream, ctx)


# ------------------------------------------------------------------------------ pivot caches, XML

def _pivot_caches(storage: Storage) -> Iterator[ContentUnit]:
    """Pivot cache streams: BIFF records whose SXFDB (field) and SXSTRING (item) records hold
    the source data's text, kept even after the source is deleted."""
    for part, data in storage.streams():
        try:
            texts = list(_pivot_strings(data))
        except (struct.error, IndexError, UnicodeDecodeError):
            yield from binary_units(data, part, (H.PIVOT_CACHE,), None, "text in pivot cache")
            continue
        for text, what in texts:
            if text.strip():
                yield ContentUnit(text.strip(), part, (H.PIVOT_CACHE,), detail=what)


def _pivot_strings(data: bytes) -> Iterator[tuple[str, str]]:
    for _pos, rtype, body in _records(data):
        if rtype == SXSTRING:
            yield unpack_unicode(body, 0, lenlen=2), "cached item"
        elif rtype == SXFDB and len(body) > 14:
            yield unpack_unicode(body, 14, lenlen=2), "cache field name"


def _custom_xml(storage: Storage) -> Iterator[ContentUnit]:
    for part, data in storage.streams():
        root = None
        if data.lstrip()[:1] == b"<" or data.startswith(b"\xef\xbb\xbf"):
            try:
                root = parse_xml(data, part)
            except InspectionError:
                root = None
        if root is None:
            yield from binary_units(data, part, (H.METADATA,), None, "text in custom XML")
        else:
            yield from xml_units(root, part, (H.METADATA,), None, "custom XML")

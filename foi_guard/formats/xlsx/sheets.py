"""Read one worksheet part: every cell value, and why each one would not be seen.

A plain part is read whole, its rows tokenised by sheetdata.py and read by _PlainRows; any other
is streamed row by row through lxml (_read_row). Both apply the same rules. Some hiding facts
(autoFilter ranges, header/footer) come after `sheetData` in the XML, so cells are collected
first and their reasons settled at the end.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import IO

from lxml import etree

from foi_guard.formats.ooxml import local, texts
from foi_guard.formats.xlsx.cells import (
    MAX_COL,
    MAX_ROW,
    col_letters,
    column_list,
    parse_range,
    parse_ref,
    range_ref,
    row_list,
)
from foi_guard.formats.xlsx.sheetdata import (
    ATTRIBUTE,
    Token,
    chunks,
    declared_prefixes,
    sheet_data,
)
from foi_guard.formats.xlsx.styles import CellStyles
from foi_guard.limits import Deadline, iterparse_xml
from foi_guard.model import ContentUnit, Fact, Hidden, InspectionError, TimeLimitExceeded

H = Hidden
ZERO_WIDTH_CHARS = 0.5     # narrower than about half a character
ZERO_HEIGHT_POINTS = 2.0   # lower than about 2 pt
OUT_OF_VIEW_ROW_GAP = 500  # empty rows between the data and a stray cell
OUT_OF_VIEW_COL_GAP = 50   # empty columns likewise
_TAGS = tuple(f"{{*}}{t}" for t in (
    "row", "cols", "sheetFormatPr", "autoFilter", "headerFooter", "dataValidations",
))
_HF_CODES = re.compile(r'&(?:"[^"]*"|K[0-9A-Fa-f]{6}|K\d\d[+-]\d{3}|\d+|[LCRPNDTFAZGBIUESXY&])')
# Page-numbering words that LibreOffice and Excel put around &P and &N by default.
_HF_BOILERPLATE = re.compile(r"(?i)\b(page|pages|of|sheet)\b|[^\w]")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Decode OOXML's `_xHHHH_` escapes for characters XML cannot hold."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


@dataclass(slots=True)
class SheetInfo:
    """What later parts (comments, drawings) need to know about a sheet's hiding places."""

    name: str
    part: str
    reasons: tuple[Hidden, ...]
    row_reasons: dict[int, tuple[Hidden, ...]] = field(default_factory=dict)
    col_reasons: dict[int, tuple[Hidden, ...]] = field(default_factory=dict)
    default_col_reasons: tuple[Hidden, ...] = ()
    header_cells: dict[tuple[int, int], str] = field(default_factory=dict)

    def reasons_at(self, row: int | None, col: int | None) -> tuple[Hidden, ...]:
        out = self.reasons
        if row is not None:
            out += self.row_reasons.get(row, ())
        if col is not None:
            out += self.col_reasons.get(col, self.default_col_reasons)
        return out


@dataclass(slots=True)
class _Raw:
    """What streaming a sheet collects. Cells become units at once, with the reasons known by
    then (sheet, columns, row, style); the few that later parts of the XML change (a row under
    an autoFilter, a cell far out of view) are put right at the end."""

    info: SheetInfo
    styles: CellStyles
    units: list[ContentUnit] = field(default_factory=list)
    row_units: dict[int, list[ContentUnit]] = field(default_factory=dict)
    used_rows: set[int] = field(default_factory=set)
    used_cols: set[int] = field(default_factory=set)
    style_memo: dict[tuple[int, int], tuple[Hidden, ...]] = field(default_factory=dict)
    rows: dict[int, tuple[bool, float | None, int]] = field(default_factory=dict)
    cols: list[tuple[int, int, bool, float | None, int]] = field(default_factory=list)
    filters: list[tuple[int, int, int, int]] = field(default_factory=list)
    early_filters: list[tuple[int, int, int, int]] = field(default_factory=list)
    zero_height_default: bool = False
    date1904: bool = False
    text_budget: list[int] = field(default_factory=lambda: [1 << 62])  # characters left, shared
    date_styles: dict[int, bool] = field(default_factory=dict)
    default_col_width: float | None = None
    header_footer: list[tuple[str, str]] = field(default_factory=list)
    validations: list[tuple[str, str]] = field(default_factory=list)


def read_sheet(source: bytes | IO[bytes], info: SheetInfo, shared: list[str],
               styles: CellStyles, filter_ranges: list[tuple[int, int, int, int]],
               wanted_headers: set[int], deadline: Deadline, date1904: bool = False,
               text_budget: list[int] | None = None) -> list[ContentUnit | Fact]:
    """All units and facts of one worksheet, from the part's bytes (a plain sheet is then read
    the fast way) or a stream. `filter_ranges` are autoFilters of its tables; `wanted_headers`
    are rows whose cells are kept in `info.header_cells` (table headers). Numbers in a date
    format become ISO dates, as the reader sees them."""
    budget = text_budget if text_budget is not None else [1 << 62]

    def new_raw() -> _Raw:
        return _Raw(info, styles, filters=list(filter_ranges),
                    early_filters=list(filter_ranges), date1904=date1904, text_budget=budget)

    raw = new_raw()
    if not isinstance(source, bytes):
        _stream_parts(source, info.part, raw, shared, deadline)
    else:
        left = budget[0]
        if not _read_plain(source, raw, shared, deadline):
            budget[0] = left  # the text of pieces read before the fast way gave up
            raw = new_raw()
            _stream_parts(io.BytesIO(source), info.part, raw, shared, deadline)
    _settle_rows(raw, info)
    _mark_out_of_view(raw)
    for u in _units_in_rows(raw.units, wanted_headers):
        info.header_cells[(u.row or 0, u.column or 0)] = u.value
    items: list[ContentUnit | Fact] = []
    items += _empty_hidden_facts(raw, info, raw.used_rows, raw.used_cols)
    items += _header_footer_units(raw, info)
    items += _validation_units(raw, info)
    items += raw.units
    return items


def _units_in_rows(units: list[ContentUnit], rows: set[int]) -> list[ContentUnit]:
    """Units of the given rows; units are in row order, so the walk stops past the last."""
    if not rows:
        return []
    last = max(rows)
    found = []
    for u in units:
        if (u.row or 0) > last:
            break
        if u.row in rows:
            found.append(u)
    return found


def _stream_parts(stream: IO[bytes], part: str, raw: _Raw, shared: list[str],
                  deadline: Deadline) -> None:
    handlers: dict[str, Callable[[etree._Element, _Raw], None]] = {
        "cols": _read_cols, "sheetFormatPr": _read_format, "autoFilter": _read_autofilter,
        "headerFooter": _read_header_footer, "dataValidations": _read_validations,
    }
    next_row = 1
    for n, elem in enumerate(iterparse_xml(stream, part, _TAGS)):
        name = local(elem.tag)
        if name == "row":
            next_row = _read_row(elem, next_row, raw, shared, part) + 1
            if n % 2048 == 0:
                deadline.check()
        elif name in handlers and _is_sheet_child(elem):
            handlers[name](elem, raw)
            if name in ("cols", "sheetFormatPr"):
                _settle_columns(raw, raw.info)
        elem.clear(keep_tail=False)
        parent = elem.getparent()
        if parent is not None and name in ("row", "cols"):
            while elem.getprevious() is not None:
                del parent[0]


def _is_sheet_child(elem: etree._Element) -> bool:
    parent = elem.getparent()
    if parent is None:
        return False
    # x14 dataValidations live inside extLst/ext; everything else is a direct worksheet child.
    return local(parent.tag) in ("worksheet", "dialogsheet", "macrosheet", "ext")


def _read_row(row: etree._Element, expected: int, raw: _Raw, shared: list[str], part: str) -> int:
    r = _int(row.get("r"), expected)
    row_reason = _note_row(raw, r, _row_facts(row.get))
    ns = row.tag[: row.tag.index("}") + 1] if row.tag.startswith("{") else ""
    c_tag, v_tag, is_tag = ns + "c", ns + "v", ns + "is"
    info, styles, memo = raw.info, raw.styles, raw.style_memo
    base = info.reasons + row_reason
    cols_r, default_col = info.col_reasons, info.default_col_reasons
    sheet_name = info.name
    units = raw.units
    start = len(units)
    col = 0
    # This loop runs once per cell and dominates a large sheet's time: lxml's find() and a
    # function call per cell cost more than the parse itself, so children are walked by hand
    # and the two commonest cells (shared strings, plain numbers) are read inline.
    for c in row:
        if c.tag != c_tag:
            continue
        ref = c.get("r")
        col = (_COLUMNS.get(ref.rstrip(_DIGITS)) or _odd_ref_col(ref, col)) if ref else col + 1
        t = c.get("t")
        v = inline = None
        for child in c:
            if child.tag == v_tag:
                v = child.text
            elif child.tag == is_tag:
                inline = child
        if t == "s" and v is not None and v.isdigit() and int(v) < len(shared):
            value, is_number = shared[int(v)], False
        elif t is None and v is not None:
            value, is_number = v.strip(), True
        else:
            value, is_number = _cell_value(t, v, inline, shared, part)
        if not value:
            continue
        s = c.get("s")
        style = int(s) if s and s.isdigit() else 0
        if is_number and style and _is_date_style(raw, style):
            value, is_number = as_iso_date(value, raw.date1904), False
        key = (style, _sign(value) if is_number else 2)
        style_r = memo.get(key)
        if style_r is None:
            style_r = styles.reasons(key[0], is_number=is_number,
                                     number=None if key[1] == 2 else float(key[1]))
            memo[key] = style_r
        units.append(ContentUnit(value, part, base + cols_r.get(col, default_col) + style_r,
                                 sheet_name, r, col, None, (), is_number))
        raw.used_cols.add(col)
    if len(units) > start:
        raw.text_budget[0] -= sum(len(u.value) for u in units[start:])
        if raw.text_budget[0] < 0:
            raise InspectionError(f"{part}: cells hold more text than the limit allows "
                                  "(a shared-string bomb?)")
        raw.used_rows.add(r)
        if r in raw.rows:
            raw.row_units[r] = units[start:]
    return r


def _read_plain(data: bytes, raw: _Raw, shared: list[str], deadline: Deadline) -> bool:
    """Read a plain sheet (sheetdata.py) into `raw`; False, with `raw` spoilt, when the sheet
    is not plain and must be read the exact way."""
    split = sheet_data(data)
    if split is None:
        return False
    rest, start, end = split
    try:
        _stream_parts(io.BytesIO(rest), raw.info.part, raw, shared, deadline)
    except TimeLimitExceeded:
        raise
    except InspectionError:
        return False  # the XML reader reads it again, to say exactly what is wrong where
    if raw.units or raw.rows:
        return False  # rows outside sheetData
    plain = _PlainRows(raw, shared, declared_prefixes(data, start))
    try:
        for tokens in chunks(data, start, end):
            if not plain.read(tokens):
                return False
            deadline.check()
    except UnicodeDecodeError:
        return False
    return plain.done()


@dataclass(slots=True)
class _PlainRows:
    """Cells of a plain sheet's rows, as _read_row reads them, chunk by chunk."""

    raw: _Raw
    shared: list[str]
    prefixes: frozenset[str]  # namespace prefixes a row's attributes may use
    units: list[ContentUnit] = field(default_factory=list)
    row_attributes: dict[str, tuple[bool, float | None, int] | None] = field(
        default_factory=dict)
    # each row reason's cells' reasons, by (column, style, sign or 2 for text)
    memos: dict[tuple[Hidden, ...], dict[tuple[int, int, int], tuple[Hidden, ...]]] = field(
        default_factory=dict)
    row: int = 0
    row_start: int = 0
    row_reason: tuple[Hidden, ...] = ()
    in_row: bool = False

    def read(self, tokens: list[Token]) -> bool:
        """False on any token out of place (a cell outside a row, a row inside another,
        anything sheetdata.py gave up on)."""
        raw, shared, units = self.raw, self.shared, self.units
        part, sheet_name, n_shared, columns = raw.info.part, raw.info.name, len(shared), _COLUMNS
        start = len(units)
        memo = self.memos.setdefault(self.row_reason, {})
        signed_styles = raw.styles.signed
        r, in_row = self.row, self.in_row
        # Once per cell: kept inline for the reason _read_row's loop is.
        for letters, s, t, v, inline, row_number, attributes, closed, end_row, odd in tokens:
            if letters:
                col = columns.get(letters)
                if not in_row or col is None:
                    return False
                if t == "s" and v.isdigit() and int(v) < n_shared:
                    value, is_number = shared[int(v)], False
                elif not t and v:
                    value, is_number = v.strip(), True
                elif t == "inlineStr":
                    value, is_number = unescape(inline), False
                else:
                    value, is_number = _cell_value(t or None, v or None, None, shared, part)
                if not value:
                    continue
                style = int(s) if s else 0
                if is_number and style and _is_date_style(raw, style):
                    value, is_number = as_iso_date(value, raw.date1904), False
                if not is_number:
                    key = (col, style, 2)
                elif style in signed_styles:
                    key = (col, style, _sign(value))
                else:
                    key = (col, style, 0)
                hidden = memo.get(key)
                if hidden is None:
                    hidden = memo[key] = _plain_reasons(raw, self.row_reason, *key)
                units.append(ContentUnit(value, part, hidden, sheet_name, r, col, None, (),
                                         is_number))
            elif row_number:
                if in_row or not self._start_row(int(row_number), attributes):
                    return False
                r, in_row = self.row, not closed
                memo = self.memos.setdefault(self.row_reason, {})
            elif end_row:
                if not in_row:
                    return False
                self._end_row(r)
                in_row = False
            elif odd:
                return False
        self.row, self.in_row = r, in_row
        raw.text_budget[0] -= sum(len(u.value) for u in units[start:])
        if raw.text_budget[0] < 0:
            raise InspectionError(f"{part}: cells hold more text than the limit allows "
                                  "(a shared-string bomb?)")
        return True

    def _start_row(self, r: int, attributes: str) -> bool:
        raw = self.raw
        if attributes not in self.row_attributes:
            self.row_attributes[attributes] = _row_attributes(attributes, self.prefixes)
        found = self.row_attributes[attributes]
        if found is None:
            return False
        self.row, self.row_start = r, len(self.units)
        self.row_reason = _note_row(raw, r, found)
        return True

    def _end_row(self, r: int) -> None:
        if len(self.units) > self.row_start:
            self.raw.used_rows.add(r)
            if r in self.raw.rows:
                self.raw.row_units[r] = self.units[self.row_start:]

    def done(self) -> bool:
        if self.in_row:
            return False
        self.raw.units = self.units
        return True


def _row_attributes(text: str, prefixes: frozenset[str]) -> tuple[bool, float | None, int] | None:
    """_row_facts of a row's attributes other than `r`, as written in the XML; None when the
    XML reader must judge (an attribute twice, `r` again, a prefix not declared)."""
    pairs = ATTRIBUTE.findall(text)
    found = dict(pairs)
    if len(found) != len(pairs) or "r" in found:
        return None
    if any(name.partition(":")[0] not in prefixes for name in found if ":" in name):
        return None
    return _row_facts(found.get)


def _row_facts(get: Callable[[str], str | None]) -> tuple[bool, float | None, int]:
    """(hidden, custom height, outline level) from a row's attributes, by name."""
    height = _float(get("ht")) if get("customHeight") in ("1", "true") else None
    return get("hidden") in ("1", "true"), height, _int(get("outlineLevel"), 0)


def _note_row(raw: _Raw, r: int, facts: tuple[bool, float | None, int]) -> tuple[Hidden, ...]:
    """Keep a row that hides or may hide its cells in `raw.rows`; its reason for now."""
    hidden, height, outline = facts
    if hidden or height is not None or outline or raw.zero_height_default:
        raw.rows[r] = facts
        return _row_reason(r, hidden, height, outline, raw)
    return ()


def _plain_reasons(raw: _Raw, row_reason: tuple[Hidden, ...], col: int, style: int,
                   sign: int) -> tuple[Hidden, ...]:
    """A cell's reasons in a plain sheet, from its row, column and style; `sign` is 2 for
    text."""
    info = raw.info
    raw.used_cols.add(col)
    style_r = raw.styles.reasons(style, is_number=sign != 2,
                                 number=None if sign == 2 else float(sign))
    return info.reasons + row_reason + info.col_reasons.get(col, info.default_col_reasons) + \
        style_r


def _is_date_style(raw: _Raw, style: int) -> bool:
    found = raw.date_styles.get(style)
    if found is None:
        found = raw.date_styles[style] = raw.styles.is_date_format(style)
    return found


_EPOCH_1900 = datetime(1899, 12, 30)  # Excel's day 0, counting its phantom 29 Feb 1900
_EPOCH_1904 = datetime(1904, 1, 1)


def as_iso_date(serial: str, date1904: bool = False) -> str:
    """Excel's serial day number as the date it shows: '45291' -> '2023-12-31'."""
    try:
        days = float(serial)
        if 0 <= days < 1:  # a time of day alone, as Excel shows it
            seconds = round(days * 86400)
            return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
        if not date1904 and days < 60:
            epoch += timedelta(days=1)  # before Excel's phantom 29 February 1900
        when = epoch + timedelta(days=days)
    except (ValueError, OverflowError):
        return serial
    if days != int(days):
        return when.replace(microsecond=0).isoformat(sep=" ")
    return when.date().isoformat()


def _odd_ref_col(ref: str, previous: int) -> int:
    """Column of a reference in an unusual spelling ('$b$7', 'b7'); else the next column."""
    pos = parse_ref(ref)
    return pos[1] if pos else previous + 1


_DIGITS = "0123456789"
_COLUMNS = {col_letters(i): i for i in range(1, MAX_COL + 1)}


def _cell_value(t: str | None, v: str | None, inline: etree._Element | None,
                shared: list[str], part: str) -> tuple[str, bool]:
    if t == "s":
        if v is None:
            return "", False
        try:
            return shared[int(v)], False
        except (ValueError, IndexError):
            raise InspectionError(f"{part}: cell refers to shared string {v!r}, which does not "
                                  "exist (corrupt workbook)") from None
    if t == "inlineStr":
        if inline is None:
            return "", False
        first = inline[0] if len(inline) == 1 else None
        simple = first is not None and local(first.tag) == "t"
        return unescape((first.text or "") if simple else texts(inline)), False
    if v is None:
        return "", False
    if t == "b":
        return ("TRUE" if v.strip() in ("1", "true") else "FALSE"), False
    if t == "e":
        return "", False  # error values (#N/A) hold no data
    if t in ("str", "d"):
        return unescape(v), False
    return v.strip(), True


def _read_cols(elem: etree._Element, raw: _Raw) -> None:
    for col in elem:
        if local(col.tag) != "col":
            continue
        lo = max(1, _int(col.get("min"), 1))
        hi = min(MAX_COL, _int(col.get("max"), lo))
        width = _float(col.get("width")) if col.get("width") is not None else None
        raw.cols.append((lo, hi, col.get("hidden") in ("1", "true"), width,
                         _int(col.get("outlineLevel"), 0)))


def _read_format(elem: etree._Element, raw: _Raw) -> None:
    raw.zero_height_default = elem.get("zeroHeight") in ("1", "true")
    if elem.get("defaultColWidth") is not None:
        raw.default_col_width = _float(elem.get("defaultColWidth"))


def _read_autofilter(elem: etree._Element, raw: _Raw) -> None:
    bounds = parse_range(elem.get("ref") or "")
    if bounds:
        raw.filters.append(bounds)


def _read_header_footer(elem: etree._Element, raw: _Raw) -> None:
    for child in elem:
        text = " ".join(_HF_CODES.sub(" ", unescape(child.text or "")).split())
        if _HF_BOILERPLATE.sub("", text):
            raw.header_footer.append((local(child.tag), text))


def _read_validations(elem: etree._Element, raw: _Raw) -> None:
    for dv in elem:
        if local(dv.tag) != "dataValidation" or dv.get("type") != "list":
            continue
        formula = next((f for f in dv.iter("{*}formula1")), None)
        text = "".join(formula.itertext()).strip() if formula is not None else ""
        sqref = dv.get("sqref") or "".join(x.text or "" for x in dv.iter("{*}sqref"))
        if text.startswith('"') and text.endswith('"') and len(text) > 2:
            raw.validations.append((sqref, text[1:-1].replace('""', '"')))


def _settle_columns(raw: _Raw, info: SheetInfo) -> None:
    """Column reasons, known before any row (cols and sheetFormatPr precede sheetData)."""
    info.default_col_reasons = ()
    if raw.default_col_width is not None and raw.default_col_width < ZERO_WIDTH_CHARS:
        info.default_col_reasons = (H.ZERO_SIZE,)
    for lo, hi, hidden, width, outline in raw.cols:
        if hidden:
            reason: tuple[Hidden, ...] = (H.COLLAPSED_OUTLINE if outline else H.HIDDEN_COLUMN,)
        elif width is not None and width < ZERO_WIDTH_CHARS:
            reason = (H.ZERO_SIZE,)
        else:
            reason = ()
        for c in range(lo, hi + 1):
            info.col_reasons[c] = reason


def _settle_rows(raw: _Raw, info: SheetInfo) -> None:
    """Final row reasons, now that the sheet's autoFilter is known; cells in rows whose
    reason changed (hidden -> filtered) are put right."""
    for r, (hidden, height, outline) in raw.rows.items():
        reason = _row_reason(r, hidden, height, outline, raw)
        if reason:
            info.row_reasons[r] = reason
        provisional = _row_reason(r, hidden, height, outline, raw, raw.early_filters)
        if reason != provisional:
            for u in raw.row_units.get(r, ()):
                col_r = info.col_reasons.get(u.column or 0, info.default_col_reasons)
                style_r = u.hidden[len(info.reasons) + len(provisional) + len(col_r):]
                u.hidden = info.reasons + reason + col_r + style_r


def _mark_out_of_view(raw: _Raw) -> None:
    row_cut = _cuts(raw.used_rows, OUT_OF_VIEW_ROW_GAP)
    col_cut = _cuts(raw.used_cols, OUT_OF_VIEW_COL_GAP)
    if row_cut is None and col_cut is None:
        return
    row_cut, col_cut = row_cut or MAX_ROW + 1, col_cut or MAX_COL + 1
    for u in raw.units:
        if (u.row or 0) >= row_cut or (u.column or 0) >= col_cut:
            u.hidden += (H.OUT_OF_VIEW,)


def _row_reason(r: int, hidden: bool, height: float | None, outline: int, raw: _Raw,
                filters: list[tuple[int, int, int, int]] | None = None) -> tuple[Hidden, ...]:
    if hidden or (raw.zero_height_default and height is None):
        ranges = raw.filters if filters is None else filters
        if any(r0 < r <= r1 for r0, _c0, r1, _c1 in ranges):
            return (H.FILTERED_ROW,)
        return (H.COLLAPSED_OUTLINE,) if outline else (H.HIDDEN_ROW,)
    if height is not None and height < ZERO_HEIGHT_POINTS:
        return (H.ZERO_SIZE,)
    return ()


def _cuts(numbers: set[int], gap: int) -> int | None:
    """The first number that stands more than `gap` past the numbers before it."""
    previous = None
    for n in sorted(numbers):
        if previous is not None and n - previous > gap:
            return n
        previous = n
    return None


def _sign(value: str) -> int:
    try:
        number = float(value)
    except ValueError:
        return 1
    return (number > 0) - (number < 0)


def _empty_hidden_facts(raw: _Raw, info: SheetInfo, used_rows: set[int],
                        used_cols: set[int]) -> list[Fact]:
    """Hidden rows, columns and sheets that hold no cell: they can only warn."""
    facts: list[Fact] = []
    for reason in (H.HIDDEN_ROW, H.FILTERED_ROW, H.COLLAPSED_OUTLINE, H.ZERO_SIZE):
        empty = {r for r, rs in info.row_reasons.items() if reason in rs and r not in used_rows}
        if empty:
            facts.append(Fact(str(reason), info.part, info.name, f"rows {row_list(empty)}",
                              hidden=(*info.reasons, reason)))
    for reason in (H.HIDDEN_COLUMN, H.COLLAPSED_OUTLINE, H.ZERO_SIZE):
        cols = {c for c, rs in info.col_reasons.items() if reason in rs}
        empty = cols - used_cols
        if empty and len(cols) < MAX_COL:
            facts.append(Fact(str(reason), info.part, info.name,
                              f"columns {column_list(empty)}", hidden=(*info.reasons, reason)))
    if info.reasons and not raw.units:
        facts.append(Fact(str(info.reasons[0]), info.part, info.name, "sheet holds no cells",
                          hidden=info.reasons))
    return facts


def _header_footer_units(raw: _Raw, info: SheetInfo) -> list[ContentUnit]:
    return [ContentUnit(text, info.part, (*info.reasons, H.HEADER_FOOTER), info.name,
                        detail=where) for where, text in raw.header_footer]


def _validation_units(raw: _Raw, info: SheetInfo) -> list[ContentUnit]:
    units = []
    for sqref, text in raw.validations:
        bounds = parse_range(sqref.split()[0]) if sqref.strip() else None
        row, col = (bounds[0], bounds[1]) if bounds else (None, None)
        detail = f"list validation on {range_ref(*bounds)}" if bounds else "list validation"
        units.append(ContentUnit(text, info.part, (*info.reasons, H.DATA_VALIDATION), info.name,
                                 row, col, detail))
    return units


def _int(text: str | None, default: int) -> int:
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        try:
            return int(float(text))
        except ValueError:
            return default


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return None

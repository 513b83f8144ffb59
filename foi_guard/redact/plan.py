"""What a safe copy of a workbook holds: the visible sheets, their visible rows and columns, and
each visible cell's value, with personal data replaced by a marker and small numbers suppressed.

The copy is rebuilt from this plan rather than edited from the original, as a careful FOI
officer pastes values into a new workbook: nothing the plan does not name can survive into it
(hidden sheets, pivot caches, comments, links, macros, embedded files, metadata).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from foi_guard.detect.engine import WHOLE, Marks
from foi_guard.formats.xlsx.sheets import SheetInfo
from foi_guard.model import ContentUnit

DEFAULT_MARKER = "[redacted: {entity}]"
# Characters a worksheet cannot hold (XML 1.0 forbids them); a copy drops them, and says so.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}:\d{2})?$")

Value = str | int | float | datetime


@dataclass(slots=True)
class CellOut:
    value: Value
    original: str           # the value as the input shows it
    change: str | None = None  # why it differs from the input: redacted ENTITY, small number


@dataclass(slots=True)
class SheetOut:
    name: str
    rows: list[int]                    # the input's row numbers kept, in order
    columns: list[int]                 # the input's column numbers kept, in order
    cells: dict[tuple[int, int], CellOut] = field(default_factory=dict)  # by input (row, col)


@dataclass(slots=True)
class Plan:
    sheets: list[SheetOut]
    removed_sheets: list[str]
    removed_rows: dict[str, int]
    removed_columns: dict[str, int]
    redacted: int
    suppressed: int


def build_plan(units: list[ContentUnit], sheets: list[SheetInfo], marks: Marks,
               marker: str = DEFAULT_MARKER, small_marker: str = "<5") -> Plan:
    by_part: dict[str, list[ContentUnit]] = {}
    for u in units:
        if not u.path and u.row is not None and u.column is not None and u.detail is None:
            by_part.setdefault(u.part, []).append(u)
    outs, removed_rows, removed_cols = [], {}, {}
    for info in sheets:
        if info.reasons:
            continue
        outs.append(_sheet(info, by_part.get(info.part, []), marks, marker, small_marker))
        removed_rows[info.name] = sum(1 for r in info.row_reasons.values() if r)
        removed_cols[info.name] = sum(1 for c in info.col_reasons.values() if c)
    changes = [c.change for s in outs for c in s.cells.values() if c.change]
    return Plan(outs, [s.name for s in sheets if s.reasons], removed_rows, removed_cols,
                sum(c.startswith("redacted") for c in changes),
                sum(c == "small number" for c in changes))


def _sheet(info: SheetInfo, units: list[ContentUnit], marks: Marks, marker: str,
           small_marker: str) -> SheetOut:
    visible = [u for u in units if not u.hidden]
    last_row = max((u.row or 0 for u in visible), default=0)
    last_col = max((u.column or 0 for u in visible), default=0)
    rows = [r for r in range(1, last_row + 1) if not info.row_reasons.get(r)]
    cols = [c for c in range(1, last_col + 1)
            if not info.col_reasons.get(c, info.default_col_reasons)]
    out = SheetOut(info.name, rows, cols)
    for u in visible:
        out.cells[(u.row or 0, u.column or 0)] = _cell(u, marks, marker, small_marker)
    return out


def _cell(u: ContentUnit, marks: Marks, marker: str, small_marker: str) -> CellOut:
    spans = marks.spans.get(id(u))
    if spans:
        text, entities = _redact_spans(u.value, spans, marker)
        return CellOut(text, u.value, f"redacted {', '.join(entities)}")
    if id(u) in marks.small:
        return CellOut(small_marker, u.value, "small number")
    value = typed(u)
    if isinstance(value, str) and _CONTROL.search(value):
        return CellOut(_CONTROL.sub("", value), u.value, "control characters removed")
    return CellOut(value, u.value)


def typed(u: ContentUnit) -> Value:
    """The unit's value as a spreadsheet cell holds it: numbers as numbers, dates as dates."""
    if u.is_number:
        number = float(u.value)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if _ISO_DATE.match(u.value):
        try:
            return datetime.fromisoformat(u.value)
        except ValueError:
            return u.value
    return u.value


def _redact_spans(value: str, spans: list[tuple[int, int, str]],
                  marker: str) -> tuple[str, list[str]]:
    """Replace each span (the whole value for WHOLE) by the marker, right to left."""
    entities = sorted({e for _, _, e in spans})
    if any(end == WHOLE for _, end, _ in spans):
        whole = [e for _, end, e in spans if end == WHOLE]
        return marker.format(entity=whole[0]), entities
    text = value
    for start, end, entity in reversed(merge_spans(spans)):
        text = text[:start] + marker.format(entity=entity) + text[end:]
    return text, entities


def merge_spans(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans as one, named by the first: each becomes a single marker."""
    merged: list[tuple[int, int, str]] = []
    for start, end, entity in sorted(spans):
        if merged and start < merged[-1][1]:
            s0, e0, ent0 = merged[-1]
            merged[-1] = (s0, max(e0, end), ent0)
        else:
            merged.append((start, end, entity))
    return merged

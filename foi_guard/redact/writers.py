"""Writing a plan out: an .xlsx rebuilt from values, or one CSV per sheet (the ICO's advice)."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from foi_guard.redact.plan import Plan, SheetOut

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MAX_SHEET_TITLE = 31


def write_xlsx(plan: Plan, dest: Path) -> None:
    wb = Workbook(write_only=True)
    for sheet in plan.sheets:
        ws = wb.create_sheet(_title(sheet.name))
        for row in sheet.rows:
            ws.append([_xlsx_cell(ws, sheet, row, col) for col in sheet.columns])
    wb.properties.creator = None
    wb.properties.lastModifiedBy = None
    wb.properties.created = wb.properties.modified = datetime(2000, 1, 1)
    if not plan.sheets:
        wb.create_sheet("Sheet1")
    wb.save(dest)


_BAD_TITLE = re.compile(r"[\x00-\x1f\ud800-\udfff\[\]:*?/\\]")


def _title(name: str) -> str:
    """A sheet name Excel accepts: 31 characters, no brackets, colons, wildcards, slashes."""
    return _BAD_TITLE.sub("_", name)[:_MAX_SHEET_TITLE].strip("'") or "Sheet"


def _xlsx_cell(ws, sheet: SheetOut, row: int, col: int) -> WriteOnlyCell | None:
    out = sheet.cells.get((row, col))
    if out is None:
        return None
    value = out.value
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, never a formula, whatever it starts with
    if isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd" if value == datetime(
            value.year, value.month, value.day) else "yyyy-mm-dd hh:mm:ss"
    return cell


def csv_text(sheet: SheetOut) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in sheet.rows:
        writer.writerow([_csv_value(sheet, row, col) for col in sheet.columns])
    return buffer.getvalue()


def _csv_value(sheet: SheetOut, row: int, col: int) -> str:
    out = sheet.cells.get((row, col))
    if out is None:
        return ""
    value = out.value
    if isinstance(value, datetime):
        return value.date().isoformat() if value == datetime(
            value.year, value.month, value.day) else value.isoformat(sep=" ")
    if isinstance(value, str):
        # a spreadsheet opening the CSV must never run a cell as a formula
        return "'" + value if value.startswith(_FORMULA_START) else value
    return str(value)


def csv_names(plan: Plan, dest: Path) -> list[tuple[SheetOut, Path]]:
    """One file when there is one sheet; else one per sheet, named after it."""
    if len(plan.sheets) <= 1:
        return [(s, dest) for s in plan.sheets]
    stem = dest.name.removesuffix(".csv")
    return [(s, dest.with_name(f"{stem}.{_safe(s.name)}.csv")) for s in plan.sheets]


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in name).strip() or "sheet"


def write_csv(sheet: SheetOut, dest: Path, bom: bool) -> None:
    dest.write_text(csv_text(sheet), encoding="utf-8-sig" if bom else "utf-8", newline="")


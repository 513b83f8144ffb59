"""Proof that a redacted copy keeps what it should: every visible cell that was not redacted
reads back, through an independent reader (openpyxl, the csv module), exactly as in the input."""

from __future__ import annotations

import csv
import math
from datetime import datetime
from pathlib import Path

import openpyxl

from foi_guard.model import InspectionError
from foi_guard.redact.plan import CellOut, Plan, SheetOut, Value
from foi_guard.redact.writers import _FORMULA_START


def check_values(plan: Plan, path: Path, fmt: str) -> None:
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            for sheet, ws in zip(plan.sheets, wb.worksheets, strict=False):
                _compare(sheet, [list(r) for r in ws.iter_rows(values_only=True)])
        finally:
            wb.close()
    else:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            _compare(plan.sheets[0], list(csv.reader(fh)), as_text=True)


def _compare(sheet: SheetOut, grid: list[list[object]], as_text: bool = False) -> None:
    for i, row in enumerate(sheet.rows):
        for j, col in enumerate(sheet.columns):
            cell = sheet.cells.get((row, col))
            if cell is None or cell.change:
                continue
            got = grid[i][j] if i < len(grid) and j < len(grid[i]) else None
            if not _same(cell, got, as_text):
                raise InspectionError(
                    f"the redacted copy changed a cell it should keep (sheet '{sheet.name}', "
                    f"row {i + 1}, column {j + 1}); nothing was written")


def _same(cell: CellOut, got: object, as_text: bool) -> bool:
    want: Value = cell.value
    if as_text and isinstance(want, str) and want.startswith(_FORMULA_START):
        want = "'" + want
    if isinstance(want, datetime):
        return _as_date(got) == want
    if isinstance(want, int | float) and not isinstance(want, bool):
        try:
            # Excel shows 15 significant digits, and writers keep 15 to 17
            return math.isclose(float(str(got)), float(want), rel_tol=1e-14, abs_tol=1e-300)
        except ValueError:
            return False
    return str(got) == str(want)


def _as_date(got: object) -> datetime | None:
    if isinstance(got, datetime):
        return got
    try:
        return datetime.fromisoformat(str(got))
    except ValueError:
        return None

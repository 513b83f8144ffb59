"""Turning groups of content units into Findings: where they are, and masked samples of them."""

from __future__ import annotations

from collections.abc import Iterable

from foi_guard.formats.xlsx.cells import column_list, range_ref, row_list
from foi_guard.model import ContentUnit, Hidden, Location
from foi_guard.report.mask import mask

SEP = " › "
EVIDENCE_SAMPLES = 3
ROW_REASONS = {Hidden.HIDDEN_ROW, Hidden.FILTERED_ROW, Hidden.COLLAPSED_OUTLINE}
COLUMN_REASONS = {Hidden.HIDDEN_COLUMN}


def file_label(name: str, path: tuple[str, ...]) -> str:
    return SEP.join((name, *path))


def locate(members: list[ContentUnit], name: str, detail: str | None = None,
           columns: str | None = None) -> Location:
    """The place a group of units shares: bounding range, and rows or columns when hidden so."""
    first = members[0]
    location = Location(file_label(name, first.path), first.part, first.sheet)
    cells = [(u.row, u.column) for u in members if u.row is not None and u.column is not None]
    hidden = set(first.hidden)
    if cells:
        rows = [r for r, _ in cells]
        cols = [c for _, c in cells]
        bounds = range_ref(min(rows), min(cols), max(rows), max(cols))
        if ":" in bounds:
            location.range = bounds
        else:
            location.cell = bounds
        if ROW_REASONS & hidden:
            location.rows = row_list(set(rows))
        if COLUMN_REASONS & hidden:
            location.columns = column_list(set(cols))
    if columns:
        location.columns = columns
    location.detail = detail if detail is not None else _details(members)
    return location


def _details(members: list[ContentUnit]) -> str | None:
    details = list(dict.fromkeys(u.detail for u in members if u.detail))
    if not details:
        return None
    more = f"; … {len(details) - 3} more" if len(details) > 3 else ""
    return "; ".join(details[:3]) + more


def samples(values: Iterable[str]) -> list[str]:
    """The first few distinct masked values: enough to recognise, never the data itself."""
    found: dict[str, None] = {}
    for value in values:
        if value.strip():
            found[mask(value)] = None
            if len(found) == EVIDENCE_SAMPLES:
                break
    return list(found)

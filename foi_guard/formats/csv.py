"""Delimited text (CSV, TSV): every cell is content; there is nowhere to hide in it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from foi_guard.formats.base import Context, Item
from foi_guard.model import ContentUnit, InspectionError

PART = "data"
_DELIMITERS = ",;\t|"



def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def inspect(data: bytes, ctx: Context) -> Iterator[Item]:
    text = decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:65536], delimiters=_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    try:
        for r, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), 1):
            if r % 4096 == 0:
                ctx.deadline.check()
            for c, value in enumerate(row, 1):
                if value.strip():
                    yield ContentUnit(value, PART, (), None, r, c, None, (), _is_number(value))
    except csv.Error as exc:
        raise InspectionError(f"unreadable delimited text ({exc})") from None


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True

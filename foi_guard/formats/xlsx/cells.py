"""Cell references: 'AB12' <-> (row 12, column 28), ranges and compact row/column lists."""

from __future__ import annotations

import re
from functools import cache

MAX_ROW = 1_048_576
MAX_COL = 16_384

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


@cache
def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


@cache
def col_letters(index: int) -> str:
    out = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def parse_ref(ref: str) -> tuple[int, int] | None:
    """'B7' -> (7, 2); None for anything that is not a single cell reference."""
    m = _REF.match(ref.strip())
    if not m:
        return None
    return int(m.group(2)), col_index(m.group(1))


def parse_range(ref: str) -> tuple[int, int, int, int] | None:
    """'A1:D20' -> (min_row, min_col, max_row, max_col); a single cell is a 1x1 range.

    Whole columns ('A:C') and whole rows ('3:5') are accepted.
    """
    ref = ref.strip().split(" ")[0]
    if "!" in ref:
        ref = ref.rpartition("!")[2]
    first, _, last = ref.partition(":")
    last = last or first
    a, b = _corner(first, low=True), _corner(last, low=False)
    if a is None or b is None:
        return None
    return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])


def _corner(text: str, low: bool) -> tuple[int, int] | None:
    text = text.replace("$", "")
    cell = parse_ref(text)
    if cell:
        return cell
    if text.isalpha() and len(text) <= 3:
        return (1 if low else MAX_ROW), col_index(text)
    if text.isdigit():
        return int(text), (1 if low else MAX_COL)
    return None


def cell_ref(row: int, col: int) -> str:
    return f"{col_letters(col)}{row}"


def range_ref(min_row: int, min_col: int, max_row: int, max_col: int) -> str:
    if (min_row, min_col) == (max_row, max_col):
        return cell_ref(min_row, min_col)
    return f"{cell_ref(min_row, min_col)}:{cell_ref(max_row, max_col)}"


def spans(numbers: set[int] | list[int], limit: int = 12) -> list[tuple[int, int]]:
    """Sorted runs of consecutive numbers: {1,2,3,7} -> [(1,3),(7,7)]; at most `limit` runs."""
    out: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out[:limit] if limit else out


def row_list(rows: set[int] | list[int], limit: int = 12) -> str:
    runs = spans(rows, 0)
    text = ",".join(f"{a}" if a == b else f"{a}-{b}" for a, b in runs[:limit])
    return text + (f",… ({len(runs) - limit} more runs)" if len(runs) > limit else "")


def column_list(cols: set[int] | list[int], limit: int = 12) -> str:
    runs = spans(cols, 0)
    text = ",".join(col_letters(a) if a == b else f"{col_letters(a)}:{col_letters(b)}"
                    for a, b in runs[:limit])
    return text + (f",… ({len(runs) - limit} more runs)" if len(runs) > limit else "")

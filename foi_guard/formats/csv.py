"""Delimited text (CSV, TSV): every cell is content; there is nowhere to hide in it.

What such a file can still do is run: a cell beginning with `=`, `+`, `-` or `@` is taken for a
formula by the spreadsheet program that opens the file (CSV injection: `=HYPERLINK(...)` sends
data away, `=cmd|...` runs a program). Those cells are reported as a `formula_like` fact.

Reading is deterministic: the encoding is taken from a byte-order mark, else UTF-8 if the bytes
are UTF-8, else the guess of charset-normalizer unless that guess is only one of the Latin
single-byte code pages, which short Western text cannot tell apart, when it is Windows-1252 (what
Excel writes in the UK). The delimiter is the one of `,` tab `;` `|` that splits the first rows
into the most consistent number of fields (most fields breaking ties). Cells are numbered by
record (a quoted field may hold line breaks) and by field, from 1.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator

from foi_guard.formats.base import Context, Item
from foi_guard.formats.xlsx.cells import col_letters
from foi_guard.model import ContentUnit, Fact, InspectionError
from foi_guard.sniff import wide_encoding

PART = "data"
FORMULA_FACT = "formula_like"
DELIMITERS = (",", "\t", ";", "|")  # in order of preference when two split rows equally well
MAX_FIELD_CHARS = 16 * 1024 * 1024  # one field longer than this is not a table any more
SNIFF_CHARS = 64 * 1024             # delimiter judged on the start of the file
SNIFF_ROWS = 200
GUESS_BYTES = 256 * 1024            # what charset-normalizer is shown
BINARY_SHARE = 0.01                 # control characters beyond this share: not text
MIN_CONTROLS = 16                   # ... and beyond this many (a stray NUL is not binary)
LISTED_CELLS = 10                   # formula-like cells named in the fact

# BOMs, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# charset-normalizer's guesses among Latin-script single-byte code pages rest on a handful of
# accented letters and often name Central European or DOS pages for Western text (a '£' read as
# 'Ł'). For these, the code page a UK public body's Excel wrote is the better guess.
_LATIN_GUESSES = frozenset({
    "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4",
    "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
    "mac_latin2", "mac_roman", "mac_iceland", "mac_turkish", "cp437", "cp850", "cp852",
    "cp858", "cp775", "cp1125", "ascii",
})
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_PLAIN_NUMBER = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*")
_FORMULA_START = ("=", "+", "-", "@")
# After a leading + or -, digits with phone-number or thousands punctuation only:
# '+44 28 9065 0222' and '-1,234.5' cannot call a function, so they are not reported.
_PHONE_LIKE = re.compile(r"[\d\s().,\-/+]*")


def decode(data: bytes) -> str:
    """The text of delimited data, decoded as described in the module docstring."""
    return _decode(data)[0]


def _decode(data: bytes) -> tuple[str, str | None]:
    """The text and, when some bytes could not be decoded, a note saying so."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict_or_replace(data, encoding)
    unbom = wide_encoding(data)
    if unbom:
        return _strict_or_replace(data, unbom)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace"), \
            "a few bytes were not valid UTF-8 and were replaced"
    return _strict_or_replace(data, _guess_single_byte(data))


def _strict_or_replace(data: bytes, encoding: str) -> tuple[str, str | None]:
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError:
        return data.decode(encoding, errors="replace"), \
            f"some bytes were not valid {encoding} and were replaced"
    except LookupError:
        return data.decode("cp1252", errors="replace"), None


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a rare bad byte (a cut character, one pasted cp1252 symbol)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return good > 0 and bad <= max(1, good // 100)


def _guess_single_byte(data: bytes) -> str:
    from charset_normalizer import from_bytes

    results = from_bytes(data[:GUESS_BYTES])
    best = results.best()
    names = {r.encoding for r in results}
    if best is None or best.encoding in _LATIN_GUESSES or "cp1252" in names:
        return "cp1252"
    return best.encoding


# --- binary or text ---------------------------------------------------------------------------
def _refuse_binary(text: str) -> str:
    """The text with stray NULs removed; an error when it is really binary data."""
    allowed = max(BINARY_SHARE * len(text), MIN_CONTROLS)
    controls = 0
    first = None
    for match in _CONTROL.finditer(text):
        first = match.start() if first is None else first
        controls += 1
        if controls > allowed:
            raise InspectionError("not text: binary data in a delimited text file "
                                  f"(from character {first:,})")
    return text.replace("\x00", "") if controls else text


# --- delimiter --------------------------------------------------------------------------------
def detect_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the most consistent number of fields."""
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    best: tuple[tuple[float, int], str] | None = None
    for delimiter in DELIMITERS:
        counts = _field_counts(sample, delimiter)
        if not counts:
            continue
        width, rows = max(Counter(counts).items(), key=lambda kv: (kv[1], kv[0]))
        if width < 2:
            continue
        score = (round(rows / len(counts), 2), width)
        if best is None or score > best[0]:
            best = (score, delimiter)
    return best[1] if best else ","


def _field_counts(sample: str, delimiter: str) -> list[int]:
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, strict=False)
    counts: list[int] = []
    try:
        for row in reader:
            if any(field.strip() for field in row):
                counts.append(len(row))
            if len(counts) >= SNIFF_ROWS:
                break
    except csv.Error:
        return []
    return counts


# --- cells ------------------------------------------------------------------------------------
def is_number(value: str) -> bool:
    """A plain decimal number, as float() reads it (no thousands separators, no currency)."""
    return bool(_PLAIN_NUMBER.fullmatch(value))


def is_formula_like(value: str) -> bool:
    """Whether a spreadsheet program would take the cell for a formula that does something."""
    if len(value) < 2 or not value.startswith(_FORMULA_START):
        return False
    rest = value[1:]
    if is_number(rest) or not rest.strip():
        return False
    return not (value[0] in "+-" and _PHONE_LIKE.fullmatch(rest))


def _set_field_limit() -> None:
    # The csv module's own limit (128 KiB) is global; a bound this module chooses replaces it.
    csv.field_size_limit(MAX_FIELD_CHARS)


def inspect(data: bytes, ctx: Context) -> Iterator[Item]:
    text, note = _decode(data)
    if note:
        ctx.notes.append(f"delimited text: {note}")
    text = _refuse_binary(text)
    delimiter = detect_delimiter(text)
    _set_field_limit()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, strict=False)
    formulas: list[str] = []
    count = 0
    try:
        for r, row in enumerate(reader, 1):
            if r % 1024 == 0:
                ctx.deadline.check()
            for c, value in enumerate(row, 1):
                if not value.strip():
                    continue
                if is_formula_like(value):
                    count += 1
                    if len(formulas) < LISTED_CELLS:
                        formulas.append(f"{col_letters(c)}{r}")
                yield ContentUnit(value, PART, (), None, r, c, None, (), is_number(value))
    except csv.Error as exc:
        raise InspectionError(f"unreadable delimited text ({_short(exc)})") from None
    if count:
        yield _formula_fact(formulas, count)


def _formula_fact(cells: list[str], count: int) -> Fact:
    more = f" and {count - len(cells)} more" if count > len(cells) else ""
    noun = "cell begins" if count == 1 else "cells begin"
    return Fact(FORMULA_FACT, PART, None, f"cells {', '.join(cells)}{more}",
                f"{count} {noun} with =, +, - or @ and would be run as a formula by the "
                "spreadsheet program that opens the file (CSV injection: it can send data "
                "away or start a program); neutralise before release")


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "field larger than field limit" in text:
        return f"a field is longer than {MAX_FIELD_CHARS:,} characters"
    return text[:120]

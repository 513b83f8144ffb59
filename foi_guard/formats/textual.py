"""Reading what no specific reader understands: XML text nodes, and strings in binary data."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from foi_guard.formats.ooxml import local
from foi_guard.model import ContentUnit, Hidden

MAX_STRINGS = 20_000
_ASCII = re.compile(rb"[\x20-\x7e]{6,}")
_UTF16 = re.compile(rb"(?:[\x20-\x7e]\x00){6,}")
_DATA_ATTRIBUTES = ("val", "v", "value", "name", "title", "descr")
# An AppleDouble or AppleSingle file (macOS's '__MACOSX/._name' beside a zipped file) starts with
# its magic number, a version and 16 bytes of filler that say 'Mac OS X'; nobody wrote those.
_APPLE_MAGIC = (b"\x00\x05\x16\x07", b"\x00\x05\x16\x00")
_APPLE_FILLER = slice(8, 24)


def printable_strings(data: bytes) -> list[str]:
    """Runs of six or more printable characters, ASCII and UTF-16LE, like strings(1)."""
    if data.startswith(_APPLE_MAGIC):
        data = data[:_APPLE_FILLER.start] + bytes(16) + data[_APPLE_FILLER.stop:]
    found = [m.group().decode("ascii") for m in _ASCII.finditer(data)]
    found += [m.group().decode("utf-16-le") for m in _UTF16.finditer(data)]
    return found[:MAX_STRINGS]


def binary_units(data: bytes, part: str, reasons: tuple[Hidden, ...], sheet: str | None,
                 what: str) -> Iterator[ContentUnit]:
    for text in printable_strings(data):
        yield ContentUnit(text, part, reasons, sheet, detail=what)


def xml_units(root: etree._Element, part: str, reasons: tuple[Hidden, ...], sheet: str | None,
              what: str) -> Iterator[ContentUnit]:
    """Every text node, and attributes that usually carry values, of an XML part."""
    count = 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for bit in (el.text, *(el.get(a) for a in _DATA_ATTRIBUTES)):
            if bit and bit.strip() and count < MAX_STRINGS:
                count += 1
                yield ContentUnit(bit.strip(), part, reasons, sheet,
                                  detail=f"{what} <{local(el.tag)}>")

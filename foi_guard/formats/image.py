"""Pictures: nothing in them is read as text (there is no OCR), which is said, not passed over.

Text inside a picture (a photographed list, a screenshot of a spreadsheet) is visible to whoever
opens it, so a picture warns rather than fails; its metadata strings (EXIF, XMP) are read.
"""

from __future__ import annotations

from collections.abc import Iterator

from foi_guard.formats.base import Context, Item
from foi_guard.formats.textual import printable_strings
from foi_guard.model import ContentUnit, Fact, Hidden

PART = "image"
NO_TEXT_LAYER = "no_text_layer"
_METADATA_MARKERS = (b"Exif\x00\x00", b"http://ns.adobe.com/xap/1.0/", b"tEXt", b"iTXt")
_HEAD = 256 * 1024  # metadata sits before the pixels


def inspect(data: bytes, ctx: Context) -> Iterator[Item]:
    yield Fact(NO_TEXT_LAYER, PART, detail="picture: any text in it is not read (no OCR); "
               "look at it before release")
    head = data[:_HEAD]
    if any(marker in head for marker in _METADATA_MARKERS):
        for text in printable_strings(head):
            if _is_words(text):
                yield ContentUnit(text, PART, (Hidden.METADATA,), detail="image metadata")


def _is_words(text: str) -> bool:
    """Printable runs in compressed pixels are noise; metadata strings have letters and spaces."""
    letters = sum(ch.isalpha() for ch in text)
    return letters >= len(text) * 0.6 and " " in text.strip()

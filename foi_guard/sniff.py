"""Judge what a file is from its bytes: never from its name or a declared MIME type."""

from __future__ import annotations

import io
import zipfile

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml": "xlsx",
    "application/vnd.ms-excel.template.macroenabled.main+xml": "xlsx",
    "application/vnd.ms-excel.sheet.binary.macroenabled.main": "xlsb",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "docx",
    "application/vnd.ms-word.document.macroenabled.main+xml": "docx",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml": "pptx",
    "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml": "pptx",
}

# The `[Content_Types].xml` is small; a larger one is not worth sniffing through.
_MAX_CONTENT_TYPES = 4 * 1024 * 1024


def sniff(data: bytes) -> str:
    """A short type name: xlsx, docx, pptx, xlsb, ooxml, ods, zip, cfb, pdf, text, empty or
    unknown."""
    if not data:
        return "empty"
    if data.startswith(CFB_MAGIC):
        return "cfb"
    if data.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _sniff_zip(data)
    if _is_text(data[:8192]):
        return "text"
    return "unknown"


def _is_text(head: bytes) -> bool:
    """Text, as delimited data is: UTF-16 with its mark, or no NUL and few control bytes."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls <= len(head) // 100


def _sniff_zip(data: bytes) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = {n.replace("\\", "/").lower(): n for n in zf.namelist()}
        if "mimetype" in names and "opendocument" in _read_small(zf, names["mimetype"]):
            return "ods" if "spreadsheet" in _read_small(zf, names["mimetype"]) else "odf"
        ct_name = names.get("[content_types].xml")
        if ct_name is None:
            return "zip"
        content_types = _read_small(zf, ct_name).lower()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return "zip"
    for ctype, kind in _OOXML_MAIN_TYPES.items():
        if ctype in content_types:
            return kind
    return "ooxml"


def _read_small(zf: zipfile.ZipFile, name: str) -> str:
    info = zf.getinfo(name)
    if info.file_size > _MAX_CONTENT_TYPES:
        return ""
    with zf.open(info) as f:
        return f.read(_MAX_CONTENT_TYPES).decode("utf-8", "replace")

"""Judge what a file is from its bytes: never from its name or a declared MIME type."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

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


_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00",
                b"MM\x00*", b"BM")
# Headers every RFC 822 message has one of near its top; a CSV does not start with them.
_MAIL_HEADERS = re.compile(
    rb"^(?:received|return-path|from|to|subject|date|message-id|mime-version|"
    rb"delivered-to|x-[a-z0-9-]+|reply-to|cc|content-type|dkim-signature|"
    rb"authentication-results|arc-[a-z-]+|thread-topic|thread-index):", re.IGNORECASE)
_HEADER_FIELD = re.compile(rb"^[!-9;-~]+:")  # any RFC 5322 field name and its colon
_FLAT_ODF = re.compile(rb"<office:document\b[^>]*office:mimetype=\"application/"
                       rb"vnd\.oasis\.opendocument\.(\w+)")


def sniff(data: bytes) -> str:
    """A short type name: xlsx, docx, pptx, xlsb, ooxml, ods, fods, odf, zip, xls, doc, ppt,
    msg, cfb (another compound file, or encrypted OOXML), pdf, eml, text, image, empty or
    unknown."""
    if not data:
        return "empty"
    if data.startswith(CFB_MAGIC):
        return _sniff_cfb(data)
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _sniff_zip(data)  # before the looser PDF check: a zip may start with a PDF
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(_IMAGE_MAGIC):
        return "image"
    head = data[:8192]
    if _is_text(head):
        return _sniff_text(head)
    return "unknown"


def _sniff_text(head: bytes) -> str:
    flat = _FLAT_ODF.search(head)
    if flat:
        return "fods" if flat.group(1) == b"spreadsheet" else "odf"
    if _looks_like_mail(head):
        return "eml"
    return "text"


def _looks_like_mail(head: bytes) -> bool:
    """A block of header fields at the very top (after an mbox "From " line), two or more of
    them ones every mail has."""
    lines = head.lstrip(b"\r\n").split(b"\n")
    if lines and lines[0].startswith(b"From "):
        lines = lines[1:]
    known = 0
    for line in lines[:60]:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):
            continue  # a folded header line
        if _MAIL_HEADERS.match(line):
            known += 1
        elif not _HEADER_FIELD.match(line):
            return False
    return known >= 2


# Streams that tell which legacy Office program wrote a compound file.
_CFB_STREAMS = (
    ("encryptedpackage", "cfb"),  # encrypted OOXML: decrypted, then sniffed again
    ("workbook", "xls"),
    ("book", "xls"),
    ("worddocument", "doc"),
    ("powerpoint document", "ppt"),
    ("__properties_version1.0", "msg"),
)


def _sniff_cfb(data: bytes) -> str:
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            top = {entry[0].lower() for entry in ole.listdir(streams=True, storages=True)}
    except Exception:  # olefile raises many kinds on a broken file; the reader says which
        return "cfb"
    for stream, kind in _CFB_STREAMS:
        if stream in top:
            return kind
    return "cfb"


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
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error):
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

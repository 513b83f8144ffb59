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
    """Text, as delimited data is: UTF-16 or UTF-32 (with a byte-order mark or told by where
    ASCII's NUL bytes fall), or no NUL and few control bytes."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return True
    wide = wide_encoding(head)
    if wide:
        head = head[: len(head) - len(head) % 4].decode(wide, "replace").encode("utf-8")
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls <= len(head) // 100


def wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where the NUL bytes of ASCII text
    fall (every second or every fourth byte)."""
    head = data[:4096]
    if len(head) < 4 or b"\x00" not in head:
        return None
    n = len(head) - len(head) % 4
    lanes = [head[i:n:4].count(0) / (n // 4) for i in range(4)]
    if lanes[1] > 0.9 and lanes[2] > 0.9 and lanes[3] > 0.9 and lanes[0] < 0.5:
        return "utf-32-le"
    if lanes[0] > 0.9 and lanes[1] > 0.9 and lanes[2] > 0.9 and lanes[3] < 0.5:
        return "utf-32-be"
    odd, even = (lanes[1] + lanes[3]) / 2, (lanes[0] + lanes[2]) / 2
    if odd > 0.7 and even < 0.3:
        return "utf-16-le"
    if even > 0.7 and odd < 0.3:
        return "utf-16-be"
    return None


def _sniff_zip(data: bytes) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = {n.replace("\\", "/").lower(): n for n in zf.namelist()}
        if "mimetype" in names and "opendocument" in _read_small(zf, names["mimetype"]):
            return "ods" if "spreadsheet" in _read_small(zf, names["mimetype"]) else "odf"
        if "meta-inf/manifest.xml" in names:  # an ODF package that lost its mimetype member
            kind = _odf_manifest_kind(_read_small(zf, names["meta-inf/manifest.xml"]))
            if kind:
                return kind
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


_ODF_ROOT = re.compile(r'full-path="/"[^>]*media-type="application/vnd\.oasis\.opendocument\.'
                       r'(\w+)|media-type="application/vnd\.oasis\.opendocument\.(\w+)"'
                       r'[^>]*full-path="/"')


def _odf_manifest_kind(manifest: str) -> str | None:
    found = _ODF_ROOT.search(manifest)
    if not found:
        return None
    return "ods" if (found.group(1) or found.group(2)) == "spreadsheet" else "odf"


def _read_small(zf: zipfile.ZipFile, name: str) -> str:
    info = zf.getinfo(name)
    if info.file_size > _MAX_CONTENT_TYPES:
        return ""
    with zf.open(info) as f:
        return f.read(_MAX_CONTENT_TYPES).decode("utf-8", "replace")

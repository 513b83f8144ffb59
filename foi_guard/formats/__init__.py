"""Pick the reader for a file from its sniffed type, and unwrap what is nested inside files.

Each format module has one entry point, `inspect(data, ctx) -> Iterator[ContentUnit | Fact]`.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterator

from foi_guard.formats.base import Context, Item
from foi_guard.model import ContentUnit, Hidden, InspectionError
from foi_guard.sniff import sniff

Inspector = Callable[[bytes, Context], Iterator[Item]]

DEFAULT_PASSWORD = "VelvetSweatshop"  # Excel opens files "protected" with it without asking


def _xlsx(data: bytes, ctx: Context) -> Iterator[Item]:
    from foi_guard.formats.xlsx import workbook

    return workbook.inspect(data, ctx)


def _delimited(data: bytes, ctx: Context) -> Iterator[Item]:
    from foi_guard.formats import csv

    return csv.inspect(data, ctx)


def _unsupported(what: str) -> Inspector:
    def refuse(data: bytes, ctx: Context) -> Iterator[Item]:
        raise InspectionError(f"{what} is not supported yet; not inspected")

    return refuse


def _not_a_package(data: bytes, ctx: Context) -> Iterator[Item]:
    from foi_guard.limits import SafeZip

    SafeZip(data, "file", ctx.limits)  # raises the precise reason when the zip is broken
    raise InspectionError("zip archive without a known document inside; not inspected")


def _cfb(data: bytes, ctx: Context) -> Iterator[Item]:
    """Compound files: encrypted OOXML (try the default password), else legacy Office."""
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            encrypted = ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage")
    except (OSError, ValueError, IndexError) as exc:
        raise InspectionError(f"corrupt compound file ({str(exc)[:80]})") from None
    if not encrypted:
        raise InspectionError("legacy Office file (.xls/.doc) is not supported yet; "
                              "not inspected")
    plain = decrypt_default_password(data)
    ctx.notes.append("encrypted with Excel's built-in default password; decrypted and inspected")
    return inspect_data(plain, ctx.unwrapped())


def decrypt_default_password(data: bytes) -> bytes:
    import msoffcrypto
    from msoffcrypto import exceptions as mserr

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        office.load_key(password=DEFAULT_PASSWORD)
        out = io.BytesIO()
        office.decrypt(out)
    except (mserr.FileFormatError, mserr.ParseError) as exc:
        raise InspectionError(f"encrypted, cannot inspect ({str(exc)[:80] or 'unreadable'})") \
            from None
    except Exception:  # a wrong key surfaces as any of several cipher errors
        raise InspectionError("encrypted, cannot inspect (a password is needed)") from None
    return out.getvalue()


FORMATS: dict[str, Inspector] = {
    "xlsx": _xlsx,
    "text": _delimited,
    "cfb": _cfb,
    "zip": _not_a_package,
    "ooxml": _unsupported("this OOXML package type"),
    "xlsb": _unsupported("binary workbook (.xlsb)"),
    "docx": _unsupported("Word document (.docx)"),
    "pptx": _unsupported("PowerPoint file (.pptx)"),
    "ods": _unsupported("OpenDocument spreadsheet"),
    "odf": _unsupported("OpenDocument file"),
    "pdf": _unsupported("PDF"),
}


def inspect_data(data: bytes, ctx: Context) -> Iterator[Item]:
    if len(data) > ctx.limits.max_file_bytes:
        raise InspectionError(f"file is {len(data) // 2**20} MiB, over the "
                              f"{ctx.limits.max_file_bytes // 2**20} MiB limit")
    kind = sniff(data)
    if kind == "empty":
        raise InspectionError("empty file")
    inspector = FORMATS.get(kind)
    if inspector is None:
        raise InspectionError("unrecognised file type (not an Office package); not inspected")
    return inspector(data, ctx)


def inspect_embedded(name: str, data: bytes, ctx: Context,
                     outer: tuple[Hidden, ...]) -> Iterator[Item]:
    """Inspect a file found inside another, its findings placed under `name`.

    What no reader understands is still read, as text, so nothing embedded passes unread.
    """
    if ctx.depth + 1 > ctx.limits.max_depth:
        raise InspectionError(f"{name}: embedded files nested deeper than "
                              f"{ctx.limits.max_depth} levels")
    reasons = (*outer, Hidden.EMBEDDED_OBJECT)
    for item in _embedded_items(name, data, ctx.nested()):
        if isinstance(item, ContentUnit):
            item.path = (name, *item.path)
            item.hidden = (*reasons, *item.hidden)
            yield item
        else:
            yield dataclasses.replace(item, path=(name, *item.path),
                                      hidden=(*reasons, *item.hidden))


def _embedded_items(name: str, data: bytes, ctx: Context) -> Iterator[Item]:
    kind = sniff(data)
    if kind == "xlsx":
        return inspect_data(data, ctx)
    if kind == "cfb":
        return _ole_items(name, data, ctx)
    if kind in ("docx", "pptx", "ooxml", "ods", "odf", "xlsb"):
        return _package_text(name, data, kind, ctx)
    return _binary_text(name, data, kind)


def _ole_items(name: str, data: bytes, ctx: Context) -> Iterator[Item]:
    """An OLE object: a wrapped package or file is unwrapped; anything else is read as text."""
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            streams = {"/".join(p): p for p in ole.listdir()}
            if "EncryptionInfo" in streams and "EncryptedPackage" in streams:
                yield from inspect_data(decrypt_default_password(data), ctx)
                return
            if "Package" in streams:
                yield from _embedded_items(name, ole.openstream("Package").read(), ctx)
                return
            if "\x01Ole10Native" in streams:
                yield from _embedded_items(name, _ole10_payload(
                    ole.openstream("\x01Ole10Native").read()), ctx)
                return
            blobs = [ole.openstream(p).read() for p in streams.values()
                     if ole.get_type(p) == olefile.STGTY_STREAM]
    except (OSError, ValueError, IndexError) as exc:
        raise InspectionError(f"{name}: corrupt embedded object ({str(exc)[:80]})") from None
    yield from _binary_text(name, b"\n".join(blobs), "OLE object")


def _ole10_payload(raw: bytes) -> bytes:
    """The file inside an Ole10Native stream (size, label, path, then the data itself)."""
    try:
        pos = 6
        for _ in range(2):
            pos = raw.index(b"\0", pos) + 1
        pos += 8
        pos = raw.index(b"\0", pos) + 1
        size = int.from_bytes(raw[pos:pos + 4], "little")
        return raw[pos + 4: pos + 4 + size] or raw
    except ValueError:
        return raw


def _package_text(name: str, data: bytes, kind: str, ctx: Context) -> Iterator[Item]:
    """Every text node of every XML part of a package no reader understands yet."""
    from foi_guard.formats.textual import xml_units
    from foi_guard.limits import SafeZip, parse_xml

    zf = SafeZip(data, name, ctx.limits)
    yield ContentUnit(f"embedded {kind} file ({len(data)} bytes)", name, (),
                      detail="embedded file")
    for member in zf.names():
        if member.lower().endswith(".xml"):
            yield from xml_units(parse_xml(zf.read(member), member), member, (), None,
                                 f"{kind} text")


def _binary_text(name: str, data: bytes, kind: str) -> Iterator[Item]:
    from foi_guard.formats.textual import binary_units

    yield ContentUnit(f"embedded {kind} file ({len(data)} bytes)", name, (),
                      detail="embedded file")
    yield from binary_units(data, name, (), None, "text in embedded file")

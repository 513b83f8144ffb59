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


def _module(name: str) -> Inspector:
    """The `inspect` of foi_guard.formats.NAME, imported when first needed."""

    def inspect(data: bytes, ctx: Context) -> Iterator[Item]:
        import importlib

        return importlib.import_module(f"foi_guard.formats.{name}").inspect(data, ctx)

    return inspect


def _unsupported(what: str) -> Inspector:
    def refuse(data: bytes, ctx: Context) -> Iterator[Item]:
        raise InspectionError(f"{what} is not supported; not inspected")

    return refuse


def _cfb(data: bytes, ctx: Context) -> Iterator[Item]:
    """Compound files: encrypted OOXML (try the default password), else legacy Office."""
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            encrypted = ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage")
    except (OSError, ValueError, IndexError) as exc:
        raise InspectionError(f"corrupt compound file ({str(exc)[:80]})") from None
    if not encrypted:
        raise InspectionError("compound file of an unknown kind; not inspected")
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
    "xlsx": _module("xlsx.workbook"),
    "text": _module("csv"),
    "cfb": _cfb,
    "xls": _module("xls"),
    "docx": _module("docx"),
    "pptx": _module("pptx"),
    "ods": _module("ods"),
    "fods": _module("ods"),
    "odf": _module("ods"),
    "pdf": _module("pdf"),
    "zip": _module("zip"),
    "eml": _module("eml"),
    "msg": _module("msg"),
    "image": _module("image"),
    "ooxml": _unsupported("this OOXML package type"),
    "xlsb": _unsupported("binary workbook (.xlsb)"),
    "doc": _module("doc"),
    "ppt": _unsupported("legacy PowerPoint file (.ppt)"),
}


def inspect_data(data: bytes, ctx: Context, kind: str | None = None) -> Iterator[Item]:
    """Read a file with the reader for its sniffed type (or for `kind`, when the caller knows
    better: the gateway hands over a message it rebuilt itself)."""
    if len(data) > ctx.limits.max_file_bytes:
        raise InspectionError(f"file is {len(data) // 2**20} MiB, over the "
                              f"{ctx.limits.max_file_bytes // 2**20} MiB limit")
    if not data:  # before any named kind: an empty message handed over is a broken pipe
        raise InspectionError("empty file")
    kind = kind or sniff(data)
    inspector = FORMATS.get(kind)
    if inspector is None:
        raise InspectionError("unrecognised file type (not an Office package); not inspected")
    return inspector(data, ctx)


def inspect_embedded(name: str, data: bytes, ctx: Context,
                     outer: tuple[Hidden, ...]) -> Iterator[Item]:
    """Inspect a file embedded in another (an OLE object, a chart's workbook).

    What no reader understands is still read, as text, so nothing embedded passes unread.
    """
    return inspect_nested(name, data, ctx, (*outer, Hidden.EMBEDDED_OBJECT), unknown_as_text=True)


def inspect_nested(name: str, data: bytes, ctx: Context, reasons: tuple[Hidden, ...] = (),
                   unknown_as_text: bool = False) -> Iterator[Item]:
    """Inspect a file found inside another (a zip member, a mail attachment, an embedded
    object), its units and facts placed under `name` and given `reasons` first.

    A type no reader knows is an error, unless `unknown_as_text`: then its strings are read.
    """
    if ctx.depth + 1 > ctx.limits.max_depth:
        raise InspectionError(f"{name}: files nested deeper than {ctx.limits.max_depth} levels")
    for item in _nested_items(name, data, ctx.nested(), unknown_as_text):
        if isinstance(item, ContentUnit):
            item.path = (name, *item.path)
            item.hidden = (*reasons, *item.hidden)
            yield item
        else:
            yield dataclasses.replace(item, path=(name, *item.path),
                                      hidden=(*reasons, *item.hidden))


def _nested_items(name: str, data: bytes, ctx: Context, unknown_as_text: bool) -> Iterator[Item]:
    kind = sniff(data)
    if kind == "cfb" and unknown_as_text:
        return _ole_items(name, data, ctx)
    if unknown_as_text and (kind not in FORMATS or kind in _UNSUPPORTED_NESTED):
        if kind in ("ooxml", "xlsb"):
            return _package_text(name, data, kind, ctx)
        return _binary_text(name, data, kind)
    return _prefixed_errors(name, lambda: inspect_data(data, ctx))


_UNSUPPORTED_NESTED = {"ooxml", "xlsb", "ppt"}


def _prefixed_errors(name: str, items: Callable[[], Iterator[Item]]) -> Iterator[Item]:
    """A nested file's error names the nested file."""
    try:
        yield from items()
    except InspectionError as exc:
        raise exc.within(name) from None


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
                yield from _nested_items(name, ole.openstream("Package").read(), ctx, True)
                return
            if "\x01Ole10Native" in streams:
                yield from _nested_items(name, _ole10_payload(
                    ole.openstream("\x01Ole10Native").read()), ctx, True)
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

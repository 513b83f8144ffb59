"""Compound files (OLE2), the container of legacy Office files: what every reader of them
shares. A storage and its streams (`Storage`), document properties, VBA projects (module source
decompressed, MS-OVBA), OLE's own streams, and embedded objects: each is read with the reader
for what it holds (a package, a native file, a workbook, a Word document), anything else as
text. The workbook and Word readers are imported when an object needs them, so neither imports
the other.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

import olefile

from foi_guard.formats import inspect_embedded
from foi_guard.formats.base import Context, Item
from foi_guard.formats.textual import binary_units
from foi_guard.model import ContentUnit, Fact, Hidden, InspectionError

H = Hidden
MAX_VBA_SOURCE = 32 * 1024 * 1024  # decompressed VBA source of one project, in bytes

# SummaryInformation and DocumentSummaryInformation properties that hold words people wrote,
# named as in OOXML docProps so reports read alike.
_SUMMARY = {2: "title", 3: "subject", 4: "creator", 5: "keywords", 6: "description",
            7: "Template", 8: "lastModifiedBy"}
_DOC_SUMMARY = {2: "category", 14: "Manager", 15: "Company", 26: "contentType",
                27: "contentStatus"}


def open_compound(data: bytes) -> olefile.OleFileIO:
    try:
        return olefile.OleFileIO(data)
    except (OSError, ValueError, IndexError, struct.error, UnicodeDecodeError) as exc:
        raise InspectionError(f"corrupt compound file ({short(exc)})") from None


def short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:100]


def decode(data: bytes, codepage: str) -> str:
    try:
        return data.decode(codepage, "replace")
    except LookupError:
        return data.decode("cp1252", "replace")


class Storage:
    """One storage of a compound file (the root, or an embedded object's storage). Parts are
    named from `base`, the storage of the file they belong to."""

    def __init__(self, ole: olefile.OleFileIO, prefix: tuple[str, ...] = (),
                 base: tuple[str, ...] = (), entries: list[list[str]] | None = None) -> None:
        self.ole = ole
        self.prefix = prefix
        self.base = base
        if entries is None:
            try:
                entries = ole.listdir(streams=True, storages=True)
            except (OSError, ValueError, IndexError, struct.error, RecursionError) as exc:
                raise InspectionError(f"corrupt compound file directory ({short(exc)})") \
                    from None
        self.entries = entries
        depth = len(prefix)
        self.children: dict[str, bool] = {}  # name -> is a storage
        for entry in entries:
            if len(entry) > depth and tuple(entry[:depth]) == prefix:
                name = entry[depth]
                is_storage = len(entry) > depth + 1 or ole.get_type(entry) == olefile.STGTY_STORAGE
                self.children[name] = self.children.get(name, False) or is_storage

    def find(self, name: str) -> str | None:
        """The child's real name, matched as OLE matches names (ignoring case)."""
        wanted = name.lower()
        return next((n for n in self.children if n.lower() == wanted), None)

    def is_stream(self, name: str | None) -> bool:
        return name is not None and not self.children.get(name, True)

    def workbook_stream(self) -> str | None:
        for name in ("Workbook", "Book"):
            real = self.find(name)
            if self.is_stream(real):
                return real
        return None

    def part(self, *names: str) -> str:
        """A stream's name as shown in findings, from the file's own root."""
        return label((*self.prefix, *names)[len(self.base):])

    def read(self, name: str) -> bytes:
        path = [*self.prefix, name]
        try:
            with self.ole.openstream(path) as stream:
                return stream.read()
        except (OSError, ValueError, IndexError, struct.error) as exc:
            raise InspectionError(f"{label(path)}: unreadable stream ({short(exc)})") from None

    def sub(self, name: str) -> Storage:
        return Storage(self.ole, (*self.prefix, name), self.base, self.entries)

    def embedded(self, name: str) -> Storage:
        """A child storage that is a file of its own."""
        path = (*self.prefix, name)
        return Storage(self.ole, path, path, self.entries)

    def streams(self) -> Iterator[tuple[str, bytes]]:
        """Every stream below this storage, depth first: (part name, data)."""
        for name, is_storage in sorted(self.children.items()):
            if is_storage:
                yield from self.sub(name).streams()
            else:
                yield self.part(name), self.read(name)


def label(path: Iterable[str]) -> str:
    """A stream path as shown to people: OLE's control-character prefixes dropped."""
    return "/".join(p.lstrip("\x01\x02\x03\x05\x06") or p for p in path)


# ------------------------------------------------------------------------------ streams

def stream_entry(storage: Storage, name: str, lowered: str, ctx: Context) -> Iterator[Item]:
    if lowered in ("\x05summaryinformation", "\x05documentsummaryinformation"):
        yield from _properties(storage, name)
    elif lowered == "\x01compobj":
        return  # the file's class and type name
    elif lowered == "\x01ole":
        yield from _ole_stream(storage, name)
    elif lowered == "encryption":
        ctx.notes.append("document properties are encrypted; they were not read")
        yield ContentUnit(f"encrypted document properties ({len(storage.read(name))} bytes)",
                          storage.part(name), (H.METADATA,), detail="not readable")
    else:
        reason = STREAM_REASONS.get(lowered, H.UNKNOWN_PART)
        yield from binary_units(storage.read(name), storage.part(name), (reason,), None,
                                _WHAT.get(reason, "text in unknown part"))


# Streams and storages read as text, and why nobody sees what they hold.
STREAM_REASONS = {"revision log": H.EARLIER_REVISION, "user names": H.METADATA,
                   "ctls": H.FORM_FIELD}
_WHAT = {H.EARLIER_REVISION: "text in shared-workbook revision log",
         H.METADATA: "text in shared-workbook user names", H.FORM_FIELD: "text in ActiveX controls"}


def text_of(storage: Storage, reason: Hidden) -> Iterator[ContentUnit]:
    for part, data in storage.streams():
        yield from binary_units(data, part, (reason,), None,
                                _WHAT.get(reason, "text in unknown part"))


def _ole_stream(storage: Storage, name: str) -> Iterator[ContentUnit]:
    """OLE's own stream: 20 bytes of flags, then, for a linked object, its source's path."""
    data = storage.read(name)
    if len(data) > 20:
        yield from binary_units(data[20:], storage.part(name), (H.METADATA,), None,
                                "OLE link source")


def _properties(storage: Storage, name: str) -> Iterator[ContentUnit]:
    path = [*storage.prefix, name]
    part = storage.part(name)
    summary = name.lower() == "\x05summaryinformation"
    try:
        props = storage.ole.getproperties(path, convert_time=False, no_conversion=None)
    except (OSError, ValueError, IndexError, struct.error, UnicodeDecodeError, TypeError,
            KeyError, OverflowError, AssertionError) as exc:  # olefile asserts on short ids
        raise InspectionError(f"{part}: unreadable document properties ({short(exc)})") \
            from None
    codepage = props.get(1) if isinstance(props.get(1), int) else 1252
    for pid, title in (_SUMMARY if summary else _DOC_SUMMARY).items():
        text = _property_text(props.get(pid), codepage)
        if text:
            yield ContentUnit(text, part, (H.METADATA,), detail=title)
    if not summary:
        yield from _custom_properties(storage, path, part, codepage)


def _custom_properties(storage: Storage, path: list[str], part: str,
                       codepage: int) -> Iterator[ContentUnit]:
    try:
        found = storage.ole.get_userdefined_properties(path, convert_time=False)
    except (OSError, ValueError, IndexError, struct.error, UnicodeDecodeError, TypeError,
            KeyError, OverflowError, AssertionError) as exc:  # olefile asserts on short ids
        raise InspectionError(f"{part}: unreadable custom properties ({short(exc)})") \
            from None
    for prop in found or []:
        name = _property_text(prop.get("property_name"), codepage)
        value = _property_text(prop.get("value"), codepage)
        if name:
            yield ContentUnit(name, part, (H.METADATA,), detail="custom property name")
        if value:
            yield ContentUnit(value, part, (H.METADATA,), detail=f"custom property '{name}'")


def _property_text(value: Any, codepage: int) -> str:
    if isinstance(value, bytes):
        value = decode(value, "utf-8" if codepage == 65001 else f"cp{codepage}")
    if isinstance(value, str):
        return value.replace("\0", "").strip()
    return ""

# ------------------------------------------------------------------------------ VBA

def vba_project(storage: Storage, ctx: Context) -> Iterator[Item]:
    """A VBA project: present at all is a fact; each module's source is read line by line."""
    modules = _module_offsets(storage)
    names = ", ".join(sorted(modules)[:12])
    yield Fact("macro", storage.part(), where="VBA project",
               detail=f"macros (VBA) with modules {names}" if names else "macros (VBA)",
               hidden=(H.MACRO,))
    budget = [MAX_VBA_SOURCE]
    vba = storage.find("VBA")
    for name, is_storage in sorted(storage.children.items()):
        ctx.deadline.check()
        if name == vba and is_storage:
            yield from _vba_storage(storage.sub(name), modules, budget)
        elif is_storage:
            yield from text_of(storage.sub(name), H.MACRO)  # user forms: captions, values
        else:
            yield from binary_units(storage.read(name), storage.part(name), (H.MACRO,), None,
                                    "string in VBA project")


def _vba_storage(storage: Storage, modules: dict[str, tuple[int, str]],
                 budget: list[int]) -> Iterator[ContentUnit]:
    for name, is_storage in sorted(storage.children.items()):
        lowered = name.lower()
        if is_storage:
            yield from text_of(storage.sub(name), H.MACRO)
        elif name in modules:
            yield from _module_source(storage.read(name), modules[name], storage.part(name),
                                      name, budget)
        elif lowered == "dir":
            yield from binary_units(_decompressed(storage.read(name), budget),
                                    storage.part(name), (H.MACRO,), None,
                                    "VBA project references")
        elif lowered.startswith("__srp_") or lowered == "vba_project":
            continue  # compiled caches of the modules' source
        else:
            yield from binary_units(storage.read(name), storage.part(name), (H.MACRO,), None,
                                    "string in VBA project")


def _module_offsets(storage: Storage) -> dict[str, tuple[int, str]]:
    """Module stream name -> (offset of its compressed source, codepage), from VBA/dir."""
    vba = storage.find("VBA")
    if vba is None or storage.is_stream(vba):
        return {}
    sub = storage.sub(vba)
    dir_name = sub.find("dir")
    if not sub.is_stream(dir_name):
        return {}
    try:
        data = _decompress(sub.read(str(dir_name)), MAX_VBA_SOURCE)
    except ValueError:
        return {}
    found = _parse_dir(data)
    return {real: where for stream, where in found.items()
            if (real := sub.find(stream)) is not None}


def _parse_dir(data: bytes) -> dict[str, tuple[int, str]]:
    """MS-OVBA 2.3.4.2: records of Id (2 bytes), Size (4) and Size bytes of data."""
    found: dict[str, tuple[int, str]] = {}
    codepage = "cp1252"
    stream_name: str | None = None
    pos = 0
    while pos + 6 <= len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        pos += 6
        if rid == 0x0009:  # PROJECTVERSION: its Size field says 4 but 6 bytes follow
            size = 6
        body = data[pos: pos + size]
        pos += size
        if rid == 0x0003 and len(body) >= 2:
            codepage = f"cp{struct.unpack_from('<H', body)[0]}"
        elif rid == 0x001A:
            stream_name = decode(body, codepage)
        elif rid == 0x0032 and body:
            stream_name = body.decode("utf-16-le", "replace")
        elif rid == 0x0031 and stream_name and len(body) >= 4:
            found[stream_name] = (struct.unpack_from("<I", body)[0], codepage)
            stream_name = None
    return found


def _module_source(data: bytes, where: tuple[int, str], part: str, module: str,
                   budget: list[int]) -> Iterator[ContentUnit]:
    offset, codepage = where
    try:
        source = decode(_decompress(data[offset:], budget[0]), codepage)
    except ValueError:
        yield from binary_units(data, part, (H.MACRO,), None, f"string in VBA module {module}")
        return
    budget[0] -= len(source)
    for number, line in enumerate(source.splitlines(), start=1):
        text = line.strip()
        if text and not text.startswith("Attribute VB_"):
            yield ContentUnit(text, part, (H.MACRO,), detail=f"VBA module {module} line {number}")


def _decompressed(data: bytes, budget: list[int]) -> bytes:
    try:
        out = _decompress(data, budget[0])
    except ValueError:
        return data
    budget[0] -= len(out)
    return out


def _decompress(data: bytes, limit: int) -> bytes:
    """MS-OVBA 2.4.1: a CompressedContainer, chunks of literals and copy tokens."""
    if not data or data[0] != 1:
        raise ValueError("not a compressed container")
    out = bytearray()
    pos = 1
    while pos + 2 <= len(data):
        header = struct.unpack_from("<H", data, pos)[0]
        if (header >> 12) & 0b111 != 0b011:
            raise ValueError("bad chunk signature")
        end = min(pos + (header & 0x0FFF) + 3, len(data))
        pos += 2
        if not header & 0x8000:  # stored uncompressed: 4096 bytes
            out += data[pos: pos + 4096]
            pos += 4096
        else:
            _decompress_chunk(data, pos, end, out)
            pos = end
        if len(out) > limit:
            raise InspectionError("VBA project decompresses past the size limit")
    return bytes(out)


def _decompress_chunk(data: bytes, pos: int, end: int, out: bytearray) -> None:
    start = len(out)
    while pos < end:
        flags = data[pos]
        pos += 1
        for bit in range(8):
            if pos >= end:
                break
            if not (flags >> bit) & 1:
                out.append(data[pos])
                pos += 1
                continue
            if pos + 2 > end:
                raise ValueError("truncated copy token")
            token = struct.unpack_from("<H", data, pos)[0]
            pos += 2
            bits = max((len(out) - start - 1).bit_length(), 4)
            offset = (token >> (16 - bits)) + 1
            length = (token & (0xFFFF >> bits)) + 3
            source = len(out) - offset
            if source < start:
                raise ValueError("copy token points before its chunk")
            for i in range(length):
                out.append(out[source + i])


# ------------------------------------------------------------------------------ embedded objects

def embedded(storage: Storage, name: str, ctx: Context) -> Iterator[Item]:
    """An embedded object's storage: a package, a native file, a workbook, or an OLE document
    whose streams are read as text. `name` is its name inside the file that holds it."""
    if ctx.depth + 1 > ctx.limits.max_depth:
        raise InspectionError(f"{name}: files nested deeper than {ctx.limits.max_depth} levels")
    package = storage.find("Package")
    native = storage.find("\x01Ole10Native")
    if storage.is_stream(package):
        yield from inspect_embedded(name, storage.read(str(package)), ctx, ())
    elif storage.is_stream(native):
        from foi_guard.formats import _ole10_payload

        yield from inspect_embedded(name, _ole10_payload(storage.read(str(native))), ctx, ())
    elif storage.find("EncryptedPackage") is not None:
        raise InspectionError(f"{name}: encrypted embedded object, cannot inspect")
    elif storage.is_stream(storage.find("WordDocument")):
        from foi_guard.formats.doc import read_storage

        yield from nested_in(name, read_storage(storage, ctx.nested()))
    elif storage.workbook_stream() is not None:
        from foi_guard.formats.xls import embedded_workbook

        yield from nested_in(name, embedded_workbook(storage, ctx.nested()))
    else:
        yield from nested_in(name, _ole_document(storage, ctx.nested()))


def _ole_document(storage: Storage, ctx: Context) -> Iterator[Item]:
    """Any other OLE object (a Word document, a picture): its own objects, then its text."""
    yield ContentUnit(f"embedded OLE object ({_kind_of(storage)})", storage.part() or "object",
                      (), detail="embedded file")
    for name, is_storage in sorted(storage.children.items()):
        ctx.deadline.check()
        if is_storage and name.lower() == "objectpool":
            pool = storage.sub(name)
            for inner, inner_is_storage in sorted(pool.children.items()):
                if inner_is_storage:
                    yield from embedded(pool.embedded(inner), f"{name}/{inner}", ctx)
        elif is_storage:
            yield from text_of(storage.sub(name), H.EMBEDDED_OBJECT)
        else:
            yield from binary_units(storage.read(name), storage.part(name), (), None,
                                    "text in embedded file")


def _kind_of(storage: Storage) -> str:
    for stream, kind in (("WordDocument", "Word document"),
                         ("PowerPoint Document", "PowerPoint presentation")):
        if storage.find(stream) is not None:
            return kind
    return "unknown kind"


def nested_in(name: str, items: Iterator[Item]) -> Iterator[Item]:
    """Items of an embedded object, placed under its name and marked embedded, as
    inspect_embedded does for the files it reads."""
    try:
        for item in items:
            if isinstance(item, ContentUnit):
                item.path = (name, *item.path)
                item.hidden = (H.EMBEDDED_OBJECT, *item.hidden)
                yield item
            else:
                yield replace(item, path=(name, *item.path),
                              hidden=(H.EMBEDDED_OBJECT, *item.hidden))
    except InspectionError as exc:
        raise exc.within(name) from None

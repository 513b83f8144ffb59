"""Outlook messages (.msg): a compound file ([MS-CFB]) of MAPI properties ([MS-OXMSG]).

Read with olefile directly (extract-msg is GPL). A message storage holds each variable-length
property in a stream `__substg1.0_IIIITTTT` (property id, type: 001F UTF-16, 001E 8-bit in the
message's code page, 0102 binary; `-NNNNNNNN` suffixes for the values of multi-valued ones),
fixed-size ones in `__properties_version1.0`, one storage per recipient and per attachment.

Where a message hides data, and how each place is read:
- the bodies: plain text (1000), HTML (1013; hidden text and comments as for .eml), compressed
  RTF (1009, LZFu-decompressed and stripped to text); a renderer shows one, the others can
  differ, so each is read and only what one adds to another is reported again;
- subject, sender, the To/Cc/Bcc display strings, the internet headers of a received message,
  recipients' names and addresses, and every other string property, named ones included
  (categories, keywords): `metadata`, for the reason given for mail headers in eml.py;
- binary properties other than bodies (entry identifiers hold Exchange addresses): their
  printable strings, `metadata`;
- attachments: files read by their own readers ('reply.msg › summary.xlsx'), attached messages
  read as messages ('reply.msg › attached message 1.msg'), OLE objects as embedded objects.
Streams and storages that are not MAPI properties are read as text, `unknown_part`. The named
property map (`__nameid_version1.0`) holds property names, not values, and is not read.

Also here: LZFu decompression ([MS-OXRTFCP]) and RTF-to-text, which TNEF (eml.py) shares.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from foi_guard.formats.base import Context, Item
from foi_guard.formats.eml import (
    PART_ATTACHMENTS,
    PART_BODY,
    PART_HEADERS,
    PART_HTML,
    PART_PROPERTIES,
    PART_RTF,
    body_units,
    decode_text,
    html_units,
    unique_name,
)
from foi_guard.formats.textual import binary_units, printable_strings
from foi_guard.model import ContentUnit, Hidden, InspectionError

PART_RECIPIENTS = "recipients"
PROPERTIES = "__properties_version1.0"
NAMEID = "__nameid_version1.0"
RECIPIENT = "__recip_version1.0_#"
ATTACHMENT = "__attach_version1.0_#"
EMBEDDED = "__substg1.0_3701000D"
_STREAM = re.compile(r"__substg1\.0_([0-9A-F]{4})([0-9A-F]{4})(?:-([0-9A-F]{8}))?$", re.I)

PT_UNICODE, PT_STRING8, PT_BINARY, PT_OBJECT, PT_LONG = 0x001F, 0x001E, 0x0102, 0x000D, 0x0003
MV_FLAG = 0x1000
BODY, HTML, RTF_COMPRESSED, HEADERS = 0x1000, 0x1013, 0x1009, 0x007D
ATTACH_DATA, ATTACH_LONG_FILENAME, ATTACH_FILENAME, DISPLAY_NAME = 0x3701, 0x3707, 0x3704, 0x3001
CODEPAGE, INTERNET_CPID = 0x3FFD, 0x3FDE
# Header bytes before the property entries of __properties_version1.0, by storage kind.
TOP_HEADER, EMBEDDED_HEADER, CHILD_HEADER = 32, 24, 8

_NAMES = {
    0x0037: "Subject", 0x003D: "Subject prefix", 0x0E1D: "Normalized subject",
    0x0070: "Conversation topic", 0x0C1A: "Sender name", 0x0C1F: "Sender address",
    0x5D01: "Sender SMTP address", 0x0042: "Sent representing name",
    0x0065: "Sent representing address", 0x5D02: "Sent representing SMTP address",
    0x0040: "Received by name", 0x0076: "Received by address", 0x0E04: "To", 0x0E03: "Cc",
    0x0E02: "Bcc", 0x1035: "Message-ID", 0x1042: "In-Reply-To", 0x3FFA: "Last modifier name",
    0x001A: "Message class", 0x3001: "Display name", 0x3003: "Address", 0x3002: "Address type",
    0x39FE: "SMTP address", 0x3704: "File name", 0x3707: "Long file name", 0x370E: "MIME type",
    0x3712: "Content-ID", 0x370D: "Long path name", 0x3708: "Path name",
}
_CODECS = {65001: "utf-8", 20127: "ascii", 28591: "latin-1", 1200: "utf-16-le",
           50220: "iso2022_jp", 51932: "euc_jp", 20936: "gb2312"}


def inspect(data: bytes, ctx: Context) -> Iterator[Item]:
    import olefile

    try:
        ole = olefile.OleFileIO(data)
    except (OSError, ValueError, IndexError, struct.error) as exc:
        raise InspectionError(f"corrupt Outlook message ({_short(exc)})") from None
    with ole:
        store = _Store(ole)
        if not store.has((PROPERTIES,)):
            raise InspectionError("not an Outlook message (no property stream)")
        yield from _message(store, (), TOP_HEADER, ctx)


class _Store:
    """The compound file's entries, and their bytes with olefile's faults as errors."""

    def __init__(self, ole: object) -> None:
        self.ole = ole
        try:
            listed = ole.listdir(streams=True, storages=True)  # type: ignore[attr-defined]
        except (OSError, ValueError, IndexError, struct.error) as exc:
            raise InspectionError(f"corrupt Outlook message ({_short(exc)})") from None
        self.entries = {tuple(p): ole.get_type(p) for p in listed}  # type: ignore[attr-defined]

    def has(self, path: tuple[str, ...]) -> bool:
        return path in self.entries

    def children(self, prefix: tuple[str, ...]) -> list[tuple[str, bool]]:
        """(name, is a storage) of the entries directly inside `prefix`."""
        import olefile

        return sorted((p[-1], kind == olefile.STGTY_STORAGE) for p, kind in self.entries.items()
                      if len(p) == len(prefix) + 1 and p[:-1] == prefix)

    def streams_under(self, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
        import olefile

        return sorted(p for p, kind in self.entries.items()
                      if p[:len(prefix)] == prefix and kind == olefile.STGTY_STREAM)

    def read(self, path: tuple[str, ...]) -> bytes:
        """A stream's bytes, all of them: olefile returns a short read of a truncated file."""
        where = "/".join(path)
        try:
            size = self.ole.get_size(list(path))  # type: ignore[attr-defined]
            with self.ole.openstream(list(path)) as stream:  # type: ignore[attr-defined]
                data = stream.read()
        except (OSError, ValueError, IndexError, struct.error) as exc:
            raise InspectionError(f"{where}: unreadable stream ({_short(exc)})") from None
        if len(data) < size:
            raise InspectionError(f"{where}: stream is truncated ({len(data)} of {size} bytes)")
        return data


@dataclass(slots=True)
class _Props:
    """One storage's properties: strings, binaries, and the fixed-size longs."""

    strings: list[tuple[int, str]] = field(default_factory=list)
    binaries: list[tuple[int, bytes]] = field(default_factory=list)
    longs: dict[int, int] = field(default_factory=dict)
    unknown: list[tuple[str, bytes]] = field(default_factory=list)

    def text(self, *ids: int) -> str:
        for pid in ids:
            for got, value in self.strings:
                if got == pid and value.strip():
                    return value.strip()
        return ""

    def binary(self, pid: int) -> bytes | None:
        return next((value for got, value in self.binaries if got == pid), None)


def _props(store: _Store, prefix: tuple[str, ...], header: int,
           codec: str | None = None) -> _Props:
    """A storage's properties; 8-bit strings in its code page, else `codec` (its message's)."""
    props = _Props()
    if store.has((*prefix, PROPERTIES)):
        props.longs = _longs(store.read((*prefix, PROPERTIES)), header)
    own = props.longs.get(CODEPAGE) or props.longs.get(INTERNET_CPID)
    codec = _codec(own) if own or not codec else codec
    for name, is_storage in store.children(prefix):
        match = _STREAM.match(name)
        if is_storage or name == PROPERTIES:
            continue
        raw = store.read((*prefix, name))
        if match is None:
            props.unknown.append((name, raw))
            continue
        pid, ptype, index = int(match[1], 16), int(match[2], 16), match[3]
        if ptype & MV_FLAG and index is None:
            continue  # the lengths of a multi-valued property's values
        base = ptype & ~MV_FLAG
        if base == PT_UNICODE:
            props.strings.append((pid, raw.decode("utf-16-le", "replace").rstrip("\x00")))
        elif base == PT_STRING8:
            props.strings.append((pid, raw.decode(codec, "replace").rstrip("\x00")))
        elif base == PT_BINARY:
            props.binaries.append((pid, raw))
        else:
            props.unknown.append((name, raw))
    return props


def _longs(raw: bytes, header: int) -> dict[int, int]:
    out = {}
    for off in range(header, len(raw) - 15, 16):
        tag = int.from_bytes(raw[off: off + 4], "little")
        if tag & 0xFFFF == PT_LONG:
            out[tag >> 16] = int.from_bytes(raw[off + 8: off + 12], "little")
    return out


def _codec(codepage: int | None) -> str:
    import codecs

    name = _CODECS.get(codepage or 1252, f"cp{codepage or 1252}")
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name


# --- a message --------------------------------------------------------------------------------
def _message(store: _Store, prefix: tuple[str, ...], header: int, ctx: Context) -> Iterator[Item]:
    ctx.deadline.check()
    props = _props(store, prefix, header)
    codec = _codec(props.longs.get(CODEPAGE) or props.longs.get(INTERNET_CPID))
    yield from _string_units(props, PART_HEADERS, "")
    yield from _bodies(props)
    yield from _other_entries(prefix, props)
    recipients = attachments = 0
    names: set[str] = set()
    for name, is_storage in store.children(prefix):
        if not is_storage:
            continue
        if name.startswith(RECIPIENT):
            recipients += 1
            child = _props(store, (*prefix, name), CHILD_HEADER, codec)
            yield from _string_units(child, PART_RECIPIENTS, f"recipient {recipients} ")
        elif name.startswith(ATTACHMENT):
            attachments += 1
            yield from _attachment(store, (*prefix, name), attachments, names, codec, ctx)
        elif not (name == NAMEID and not prefix):
            yield from _unknown_storage(store, (*prefix, name))


def _string_units(props: _Props, part: str, label: str) -> Iterator[ContentUnit]:
    """Every string property but the bodies, and binary ones' printable runs: metadata."""
    for pid, value in props.strings:
        if pid in (BODY, HTML) or not value.strip():
            continue
        what = f"{label}{_NAMES.get(pid) or f'property 0x{pid:04X}'}"
        if pid == HEADERS:
            for line in _header_lines(value):
                yield ContentUnit(line, part, (Hidden.METADATA,), detail="internet header")
        else:
            yield ContentUnit(value.strip(), part, (Hidden.METADATA,), detail=what)
    for pid, raw in props.binaries:
        if pid in (HTML, RTF_COMPRESSED, ATTACH_DATA):
            continue
        for text in printable_strings(raw):
            yield ContentUnit(text, PART_PROPERTIES if part == PART_HEADERS else part,
                              (Hidden.METADATA,), detail=f"{label}binary property 0x{pid:04X}")


def _header_lines(headers: str) -> list[str]:
    unfolded = re.sub(r"\r?\n[ \t]+", " ", headers)
    return [line.strip() for line in unfolded.splitlines() if line.strip()]


def _bodies(props: _Props) -> Iterator[ContentUnit]:
    seen: set[str] = set()
    for pid, value in props.strings:
        if pid == BODY:
            yield from body_units(value, PART_BODY, "message", seen)
    codec = _codec(props.longs.get(INTERNET_CPID) or props.longs.get(CODEPAGE))
    html = props.binary(HTML)
    html_text = props.text(HTML) or (decode_text(html, codec) if html else "")
    if html_text:
        yield from html_units(html_text, PART_HTML, "", seen)
    rtf = props.binary(RTF_COMPRESSED)
    if rtf:
        yield from body_units(rtf_text(decompress_rtf(rtf)), PART_RTF, "message", seen)


def _other_entries(prefix: tuple[str, ...], props: _Props) -> Iterator[Item]:
    for name, raw in props.unknown:
        yield from binary_units(raw, "/".join((*prefix, name)), (Hidden.UNKNOWN_PART,), None,
                                "unknown stream")


def _unknown_storage(store: _Store, path: tuple[str, ...]) -> Iterator[ContentUnit]:
    for stream in store.streams_under(path):
        yield from binary_units(store.read(stream), "/".join(path), (Hidden.UNKNOWN_PART,),
                                None, "unknown storage")


def _attachment(store: _Store, path: tuple[str, ...], n: int, names: set[str], codec: str,
                ctx: Context) -> Iterator[Item]:
    from foi_guard.formats import inspect_embedded
    from foi_guard.formats.zip import inspect_member, within

    label = f"attachment {n}"
    props = _props(store, path, CHILD_HEADER, codec)
    filename = props.text(ATTACH_LONG_FILENAME, ATTACH_FILENAME)
    if filename:
        yield ContentUnit(filename, PART_ATTACHMENTS, (), detail=f"{label} name")
    props.strings = [(pid, v) for pid, v in props.strings
                     if pid not in (ATTACH_LONG_FILENAME, ATTACH_FILENAME)]
    yield from _string_units(props, PART_ATTACHMENTS, f"{label} ")
    yield from _other_entries(path, props)
    embedded = (*path, EMBEDDED)
    if store.has(embedded) and store.has((*embedded, PROPERTIES)):
        name = unique_name(f"attached message {n}.msg", names)
        yield from within(name, ctx, lambda c: _message(store, embedded, EMBEDDED_HEADER, c))
        return
    name = unique_name(filename or props.text(DISPLAY_NAME) or label, names)
    if store.has(embedded):  # an OLE object: its streams, whatever program made them
        blobs = [store.read(p) for p in store.streams_under(embedded)]
        package = [store.read(p) for p in store.streams_under(embedded) if p[-1] == "Package"]
        data = package[0] if package else b"\n".join(blobs)
        yield from inspect_embedded(name, data, ctx, ())
        return
    for name_, is_storage in store.children(path):
        if is_storage and name_ != EMBEDDED:
            yield from _unknown_storage(store, (*path, name_))
    data = props.binary(ATTACH_DATA)
    if data:
        yield from inspect_member(name, data, ctx)


# --- compressed RTF ([MS-OXRTFCP]) ------------------------------------------------------------
_LZFU, _MELA = 0x75465A4C, 0x414C454D
_RTF_PREBUF = (
    b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern "
    b"\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0"
    b"\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx")


def decompress_rtf(data: bytes) -> bytes:
    """The RTF of a PR_RTF_COMPRESSED value; an error when it is not whole."""
    if len(data) < 16:
        raise InspectionError("compressed RTF body is truncated")
    comp_size, raw_size, kind, crc = struct.unpack_from("<IIII", data)
    body = data[16: 4 + comp_size]
    if kind == _MELA:
        return body[:raw_size]
    if kind != _LZFU:
        raise InspectionError("compressed RTF body of an unknown kind")
    if len(body) != comp_size - 12 or zlib.crc32(body, 0xFFFFFFFF) ^ 0xFFFFFFFF != crc:
        raise InspectionError("compressed RTF body is corrupt")
    rtf = _lzfu(body, raw_size)
    if len(rtf) != raw_size:
        raise InspectionError("compressed RTF body is truncated")
    return rtf


def _lzfu(body: bytes, raw_size: int) -> bytes:
    window = bytearray(4096)
    window[: len(_RTF_PREBUF)] = _RTF_PREBUF
    write = len(_RTF_PREBUF)
    out = bytearray()
    pos = 0
    while pos < len(body):
        control = body[pos]
        pos += 1
        for bit in range(8):
            if pos >= len(body):
                break
            if not control >> bit & 1:
                out.append(body[pos])
                window[write] = body[pos]
                write = (write + 1) % 4096
                pos += 1
                continue
            token = int.from_bytes(body[pos: pos + 2], "big")
            pos += 2
            offset, length = token >> 4, (token & 0xF) + 2
            if offset == write:
                return bytes(out[:raw_size])
            for k in range(length):
                byte = window[(offset + k) % 4096]
                out.append(byte)
                window[write] = byte
                write = (write + 1) % 4096
    return bytes(out[:raw_size])


# --- RTF to text ------------------------------------------------------------------------------
_RTF_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+",
    re.DOTALL)
_SKIPPED = {b"fonttbl", b"colortbl", b"stylesheet", b"listtable", b"listoverridetable", b"pict",
            b"themedata", b"colorschememapping", b"datastore", b"latentstyles", b"objdata",
            b"rsidtbl", b"xmlnstbl", b"mmathPr", b"generator", b"filetbl", b"revtbl",
            b"pgdsctbl", b"wgrffmtfilter", b"bkmkstart", b"bkmkend", b"fldinst", b"pn"}
_BREAKS = {b"par": "\n", b"line": "\n", b"sect": "\n\n", b"page": "\n\n", b"row": "\n",
           b"cell": "\t", b"tab": "\t", b"emdash": "—", b"endash": "–", b"bullet": "•",
           b"lquote": "‘", b"rquote": "’", b"ldblquote": "“", b"rdblquote": "”"}
_SYMBOLS = {b"~": "\u00a0", b"_": "-", b"-": "", b"{": "{", b"}": "}", b"\\": "\\"}


@dataclass(slots=True)
class _RtfState:
    skip: bool = False
    uc: int = 1


def rtf_text(rtf: bytes) -> str:
    """The text of an RTF document: destinations that hold no text (fonts, pictures, field
    instructions, ignorable `\\*` groups, which include RTF-encapsulated HTML tags) left out."""
    out: list[str] = []
    pending = bytearray()  # \'hh bytes, decoded together (double-byte code pages)
    codec = "cp1252"
    state, stack = _RtfState(), []
    group_start = False
    skip_chars = 0
    pos = 0

    def flush_bytes() -> None:
        if pending:
            out.append(bytes(pending).decode(codec, "replace"))
            pending.clear()

    while pos < len(rtf):
        m = _RTF_TOKEN.match(rtf, pos)
        if m is None:
            pos += 1
            continue
        pos = m.end()
        word, arg, hexbyte, symbol, brace, text = m.groups()
        starting, group_start = group_start, False
        if brace == b"{":
            stack.append(_RtfState(state.skip, state.uc))
            group_start = True
        elif brace == b"}":
            flush_bytes()
            state = stack.pop() if stack else _RtfState()
        elif word is not None:
            if word == b"bin" and arg:
                pos += max(int(arg), 0)
            elif word == b"ansicpg" and arg:
                codec = _codec(int(arg))
            elif word == b"uc" and arg:
                state.uc = max(int(arg), 0)
            elif state.skip:
                pass
            elif starting and word in _SKIPPED:
                state.skip = True
            elif word == b"u" and arg:
                flush_bytes()
                code = int(arg) % 65536
                out.append("\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code))
                skip_chars = state.uc
            elif word in _BREAKS:
                flush_bytes()
                out.append(_BREAKS[word])
        elif symbol is not None:
            if symbol == b"*" and starting:
                state.skip = True
                group_start = False
            elif not state.skip and symbol in _SYMBOLS:
                flush_bytes()
                out.append(_SYMBOLS[symbol])
        elif hexbyte is not None:
            if skip_chars:
                skip_chars -= 1
            elif not state.skip:
                pending.append(int(hexbyte, 16))
        elif text is not None and not state.skip:
            chunk = text[skip_chars:]
            skip_chars = max(skip_chars - len(text), 0)
            flush_bytes()
            out.append(chunk.decode(codec, "replace"))
    flush_bytes()
    return "".join(out)


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:100]

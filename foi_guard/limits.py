"""Resource limits, bounded zip reading and a hardened XML parser.

Every limit that is exceeded raises InspectionError: the file is not passed, it is an `error`.
Zip bombs are refused from the central directory before any byte is inflated, and reads are
bounded again while inflating, so a member that lies about its size cannot slip through.
"""

from __future__ import annotations

import io
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import IO, Any

from lxml import etree

from foi_guard.model import InspectionError, TimeLimitExceeded

MiB = 1024 * 1024


@dataclass(slots=True)
class Limits:
    max_file_bytes: int = 512 * MiB
    max_total_uncompressed: int = 2048 * MiB
    max_part_uncompressed: int = 1024 * MiB
    max_ratio: float = 200.0
    ratio_floor: int = 1 * MiB  # parts smaller than this are never judged by ratio
    max_parts: int = 20_000
    max_depth: int = 4
    max_seconds: float = 120.0
    # Characters of text in all cells together: a shared string of a megabyte referenced by
    # every cell is a zip bomb of another kind.
    max_text_chars: int = 512 * MiB

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


class Deadline:
    """A scan's time budget, checked cooperatively at safe points."""

    __slots__ = ("expires", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expires = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.expires:
            raise TimeLimitExceeded(f"scan took longer than the {self.seconds:g} s limit")


_PARSER_OPTIONS: dict[str, Any] = dict(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
    remove_blank_text=False,
)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(**_PARSER_OPTIONS)


def parse_xml(data: bytes, part: str) -> etree._Element:
    """Parse a whole XML part, refusing DTDs (no OOXML part needs one) and entity expansion."""
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise InspectionError(f"{part}: malformed XML ({_short(exc)})") from None
    if root is None:
        raise InspectionError(f"{part}: empty XML part")
    if root.getroottree().docinfo.internalDTD is not None or root.getroottree().docinfo.doctype:
        raise InspectionError(f"{part}: XML declares a DTD, refused")
    return root


def iterparse_xml(stream: IO[bytes], part: str, tag: str | tuple[str, ...]) -> Iterator[Any]:
    """Stream `end` events for `tag` (wildcard namespaces allowed) from a part, hardened."""
    try:
        context = etree.iterparse(stream, events=("end",), tag=tag, **_PARSER_OPTIONS)
        for _event, elem in context:
            yield elem
        if context.root is not None and context.root.getroottree().docinfo.doctype:
            raise InspectionError(f"{part}: XML declares a DTD, refused")
    except etree.XMLSyntaxError as exc:
        raise InspectionError(f"{part}: malformed XML ({_short(exc)})") from None


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]


class SafeZip:
    """A zip archive whose members are checked against Limits before and while they are read."""

    def __init__(self, data: bytes, label: str, limits: Limits) -> None:
        self.label = label
        self.limits = limits
        try:
            self._zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
                NotImplementedError, zlib.error) as exc:
            raise InspectionError(f"not a readable zip package ({_short(exc)})") from None
        self._check_directory(infos)
        # Some writers use backslashes in member names; every reader sees forward slashes.
        self.infos = {_slashes(i.filename): i for i in infos if not i.is_dir()}
        # OPC part names are case-insensitive.
        self._aliases = {_alias(n): n for n in self.infos}

    def _check_directory(self, infos: list[zipfile.ZipInfo]) -> None:
        lim = self.limits
        if len(infos) > lim.max_parts:
            raise InspectionError(f"too many parts ({len(infos)} > {lim.max_parts})")
        total = 0
        seen: set[str] = set()
        for info in infos:
            name = _alias(_slashes(info.filename))
            if name in seen and not info.is_dir():
                # A reader keeps one of two same-named members: the other would go unread.
                raise InspectionError(f"{info.filename}: the same name twice in the zip")
            seen.add(name)
            if info.flag_bits & 0x1:
                raise InspectionError(f"{info.filename}: encrypted zip member, cannot inspect")
            size = info.file_size
            if size > lim.max_part_uncompressed:
                raise InspectionError(
                    f"{info.filename}: part inflates to {size / MiB:.0f} MiB, over the "
                    f"{lim.max_part_uncompressed / MiB:.0f} MiB limit (zip bomb?)")
            if size > lim.ratio_floor and size > lim.max_ratio * max(info.compress_size, 1):
                raise InspectionError(
                    f"{info.filename}: compression ratio {size / max(info.compress_size, 1):.0f}:1"
                    f" over the {lim.max_ratio:g}:1 limit (zip bomb?)")
            total += size
        if total > lim.max_total_uncompressed:
            raise InspectionError(
                f"package inflates to {total / MiB:.0f} MiB, over the "
                f"{lim.max_total_uncompressed / MiB:.0f} MiB limit")

    def names(self) -> list[str]:
        return list(self.infos)

    def actual(self, name: str) -> str | None:
        """The member's real name for a part name, matched as OPC matches them."""
        if name in self.infos:
            return name
        return self._aliases.get(_alias(name))

    def has(self, name: str) -> bool:
        return self.actual(name) is not None

    def size(self, name: str) -> int:
        real = self.actual(name)
        return self.infos[real].file_size if real else 0

    def read(self, name: str) -> bytes:
        with self.open(name) as stream:
            return stream.read()

    def open(self, name: str) -> IO[bytes]:
        real = self.actual(name)
        info = self.infos.get(real) if real else None
        if info is None:
            raise InspectionError(f"{name}: part is missing from the package")
        try:
            raw = self._zf.open(info)
        except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError,
                zlib.error) as exc:
            raise InspectionError(f"{name}: unreadable part ({_short(exc)})") from None
        return _BoundedReader(raw, name, info.file_size)


def _slashes(name: str) -> str:
    return name.replace("\\", "/").lstrip("/")


def _alias(name: str) -> str:
    return _slashes(name).lower()


class _BoundedReader(io.RawIOBase):
    """Reads a zip member, stopping at its declared size and turning zip faults into errors."""

    def __init__(self, raw: IO[bytes], name: str, limit: int) -> None:
        self._raw = raw
        self._name = name
        self._left = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        want = min(len(buffer), self._left + 1)
        try:
            chunk = self._raw.read(want)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
            raise InspectionError(f"{self._name}: corrupt part ({_short(exc)})") from None
        if len(chunk) > self._left:
            raise InspectionError(f"{self._name}: part inflates past its declared size")
        self._left -= len(chunk)
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            parts = []
            while True:
                chunk = super().read(1 << 20)
                if not chunk:
                    return b"".join(parts)
                parts.append(chunk)
        return super().read(size)

    def close(self) -> None:
        self._raw.close()
        super().close()

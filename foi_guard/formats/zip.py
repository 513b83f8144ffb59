"""Zip archives that are not Office packages: every member is a file of its own.

Each member is read by the reader of its sniffed type (`inspect_member`, shared with mail
attachments), so a workbook in an archive is scanned in full and its findings are placed at
'response.zip › summary.xlsx'; an archive inside an archive is opened in turn, down to
`Limits.max_depth`. A member no reader knows fails the archive (fail closed). Read here rather
than by the dispatcher: XML and HTML files (their text nodes, with HTML's hiding rules as for mail
bodies, instead of as delimited text), Outlook's winmail.dat (TNEF, eml.py), and the leftovers
macOS puts in zips it makes: `__MACOSX/._*` AppleDouble files (extended attributes, such as where
a file was downloaded from) and `.DS_Store` (names of the files in a folder, including ones left
out of the archive), their strings read as `metadata`. Empty members hold nothing and are
skipped. Member names are content (a file called after a person names them); the archive's
comment and members' comments, which archive tools rarely show, are `metadata`.

Zip bombs, too many members and encrypted members are refused from the central directory by
SafeZip (limits.py) before anything is inflated. The same archive name twice is refused: a tool
extracting the archive keeps only one copy, and which one is not for us to guess.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from foi_guard.formats import inspect_nested
from foi_guard.formats.base import Context, Item
from foi_guard.formats.eml import html_units, is_tnef, tnef_items
from foi_guard.formats.textual import printable_strings, xml_units
from foi_guard.limits import SafeZip, parse_xml
from foi_guard.model import ContentUnit, Hidden, InspectionError
from foi_guard.sniff import sniff

PART_LISTING = "file list"
_APPLE_DOUBLE = b"\x00\x05\x16\x07"
_DS_STORE = b"\x00\x00\x00\x01Bud1"
_UTF16_BE = re.compile(rb"(?:\x00[\x20-\x7e]){4,}")
_MARKUP_HEAD = 1024


def inspect(data: bytes, ctx: Context) -> Iterator[Item]:
    listing = _listing(data)
    if listing is not None:
        _refuse_encrypted_and_duplicates(listing)
    archive = SafeZip(data, "zip archive", ctx.limits)
    if listing is not None and listing.comment:
        yield ContentUnit(listing.comment, PART_LISTING, (Hidden.METADATA,),
                          detail="archive comment")
    for name in archive.names():
        ctx.deadline.check()
        yield ContentUnit(name, PART_LISTING, (), detail="file name")
        comment = _text(archive.infos[name].comment)
        if comment:
            yield ContentUnit(comment, PART_LISTING, (Hidden.METADATA,),
                              detail=f"comment on {name}")
        yield from inspect_member(name, archive.read(name), ctx)


@dataclass(slots=True)
class _Listing:
    names: list[str]
    encrypted: list[str]
    comment: str


def _listing(data: bytes) -> _Listing | None:
    """The central directory as it is, duplicates included (SafeZip keeps one entry a name).
    Only the directory is read here; None when it cannot be, and SafeZip says why."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            comment = zf.comment
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    except NotImplementedError as exc:  # SafeZip lets this one out (a zip64 format it lacks)
        raise InspectionError(f"not a readable zip package ({str(exc)[:80]})") from None
    names = [i.filename.replace("\\", "/").lstrip("/") for i in infos if not i.is_dir()]
    encrypted = [i.filename for i in infos if i.flag_bits & 0x1]
    return _Listing(names, encrypted, _text(comment))


def _refuse_encrypted_and_duplicates(listing: _Listing) -> None:
    if listing.encrypted:
        raise InspectionError(f"member {listing.encrypted[0]} is encrypted "
                              "(a password is needed)")
    twice = [n for n, count in Counter(listing.names).items() if count > 1]
    if twice:
        raise InspectionError(f"member {twice[0]} is in the archive more than once; "
                              "cannot tell which copy is meant")


def _text(raw: bytes) -> str:
    if not raw:
        return ""
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return raw.decode("cp437").strip()


# --- a file inside a container ----------------------------------------------------------------
def inspect_member(name: str, data: bytes, ctx: Context) -> Iterator[Item]:
    """A file found in a container (a zip member, a mail attachment), read by its type and
    placed under `name`. An empty file holds nothing to read."""
    if not data:
        return
    kind = _sniffed(name, data)
    read = _own_reader(name, data, kind)
    if read is not None:
        yield from within(name, ctx, read)
    else:
        # the dispatcher can raise before its error-naming wrapper runs: name the file here too
        yield from _named_errors(name, lambda: inspect_nested(name, data, ctx, (), False))


Reader = Callable[[Context], Iterator[Item]]


def _sniffed(name: str, data: bytes) -> str:
    """The sniffed type; sniff.py lets zlib's error out of a zip whose
    [Content_Types].xml does not inflate: that is a corrupt package."""
    try:
        return sniff(data)
    except zlib.error as exc:
        raise InspectionError(f"{name}: corrupt zip data ({str(exc)[:80]})") from None


def _own_reader(name: str, data: bytes, kind: str) -> Reader | None:
    """Readers for what the dispatcher does not know, or reads as delimited text."""
    if is_tnef(data):
        return lambda c: tnef_items(data, c)
    if data.startswith(_APPLE_DOUBLE):
        return lambda c: _strings(data, "AppleDouble", "macOS file attributes")
    if data.startswith(_DS_STORE):
        return lambda c: _strings(data, ".DS_Store", "macOS folder listing")
    markup = _markup(data) if kind == "text" else None
    if markup == "html":
        return lambda c: html_units(data, "HTML")
    if markup == "xml":
        try:
            root = parse_xml(data, name)
        except InspectionError:  # not well-formed after all: read as text by the dispatcher
            return None
        return lambda c: xml_units(root, "XML", (), None, "element")
    return None


def _markup(data: bytes) -> str | None:
    head = data[:_MARKUP_HEAD].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<!doctype html") or b"<html" in head:
        return "html"
    if head.startswith(b"<?xml") or re.match(rb"<[a-z_][\w.:-]*[\s/>]", head):
        return "xml"
    return None


def _strings(data: bytes, part: str, what: str) -> Iterator[ContentUnit]:
    texts = printable_strings(data)
    texts += [m.group().decode("utf-16-be") for m in _UTF16_BE.finditer(data)]
    for text in dict.fromkeys(t.strip() for t in texts):
        if text and text != "Mac OS X":  # AppleDouble's fixed file system name
            yield ContentUnit(text, part, (Hidden.METADATA,), detail=what)


def within(name: str, ctx: Context, read: Reader) -> Iterator[Item]:
    """Items of a file inside this one, read by `read`, placed under `name` as
    `inspect_nested` places them, one level deeper, errors naming the file."""
    if ctx.depth + 1 > ctx.limits.max_depth:
        raise InspectionError(f"{name}: files nested deeper than {ctx.limits.max_depth} levels")
    for item in _named_errors(name, lambda: read(ctx.nested())):
        if isinstance(item, ContentUnit):
            item.path = (name, *item.path)
            yield item
        else:
            yield dataclasses.replace(item, path=(name, *item.path))


def _named_errors(name: str, items: Callable[[], Iterator[Item]]) -> Iterator[Item]:
    try:
        yield from items()
    except InspectionError as exc:
        raise exc.within(name) from None

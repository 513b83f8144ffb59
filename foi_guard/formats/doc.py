"""Legacy Word documents (.doc, .dot: the Word 97-2003 binary format, MS-DOC).

Many FOI replies still go out as .doc, and .doc files sit inside old workbooks and Word files as
embedded objects. No well-kept permissive Python library reads them (antiword and catdoc are GPL
programs that drop comments, hidden text and tracked changes), so the format is read here from
its specification, on olefile's streams:

- the text of every story, through the piece table (fast-saved files included): the body, its
  tables (a cell is one unit with its table, row and column, as in .docx), footnotes, endnotes,
  headers and footers (`header_footer`), comments (`comment`, with their authors and initials),
  text boxes (`drawing_text`);
- character properties: hidden text (`hidden_text`) and tracked insertions and deletions
  (`tracked_change`: deleted text stays in the file); field codes, such as a mail merge's
  instruction, are `hidden_text`;
- the document's associated strings (template, title, author, last saved by, mail merge data
  source), the authors of tracked changes and the users and paths it was saved by (`metadata`);
  document properties, the VBA project (`macro`) and embedded objects (`ole`); pictures are
  said to be unread (no OCR).

An encrypted document, a Word 6.0/95 one, and one whose text runs past its streams are an
InspectionError: the document is not passed unread.
"""

from __future__ import annotations

import struct
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from foi_guard.formats.base import Context, Item
from foi_guard.formats.image import NO_TEXT_LAYER
from foi_guard.formats.ole import Storage, embedded, open_compound, stream_entry, vba_project
from foi_guard.model import DOCUMENT_TABLE, ContentUnit, Fact, Hidden, InspectionError

H = Hidden
_WORD_97 = 0x00C1  # the nFib of Word 97 and every later version's base FIB
_CHECK_EVERY = 1 << 16  # characters between time checks
_PAGE = 512  # formatted disk pages (FKPs) of character and paragraph properties

# Where the FIB's FibRgFcLcb97 points (pair index): in the table stream unless said otherwise.
_FC_ANNOTATION_REFS, _FC_ANNOTATION_TEXTS = 4, 5
_FC_CHPX, _FC_PAPX = 12, 13
_FC_ASSOCIATED, _FC_PIECES, _FC_ANNOTATION_OWNERS = 32, 33, 36
_FC_REVISION_AUTHORS, _FC_SAVED_BY = 51, 71

# The stories, in the order their characters follow one another (FibRgLw97 index of each
# length), with the reasons nobody reading the page sees them.
_STORIES = ((3, "body", ()), (4, "footnotes", ()), (5, "headers and footers", (H.HEADER_FOOTER,)),
            (6, "macros", (H.MACRO,)), (7, "comments", (H.COMMENT,)), (8, "endnotes", ()),
            (9, "text boxes", (H.DRAWING_TEXT,)),
            (10, "header text boxes", (H.HEADER_FOOTER, H.DRAWING_TEXT)))

_ASSOCIATED = {1: "Template", 2: "title", 3: "subject", 4: "keywords", 5: "description",
               6: "creator", 7: "lastModifiedBy", 8: "mail merge data source",
               9: "mail merge header document"}

# Character property modifiers (sprms) read, and paragraph ones that place a paragraph in a table.
_SPRM_DELETED, _SPRM_INSERTED, _SPRM_VANISH = 0x0800, 0x0801, 0x083C
_SPRM_IN_TABLE, _SPRM_ROW_END = 0x2416, 0x2417
_SPRM_TABLE_DEFINITION, _SPRM_TABS = 0xD608, 0xC615
_OPERAND_SIZES = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # by spra; 6 says its own size
_HIDDEN, _DELETED, _INSERTED = 1, 2, 4

_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"
_PARAGRAPH_ENDS = "\r\x07\x0c"
_PICTURE_ANCHORS = {"\x01", "\x08"}  # an inline picture; a drawn object
_AS_TEXT = {"\x0b": "\n", "\t": "\t", "\x1e": "-", "\xa0": " "}


def inspect(data: bytes, ctx: Context) -> Iterator[Item]:
    ole = open_compound(data)
    try:
        yield from read_storage(Storage(ole, ()), ctx)
    finally:
        ole.close()


def read_storage(storage: Storage, ctx: Context) -> Iterator[Item]:
    """A Word document's storage (the file's root, or an object embedded in another file)."""
    word = storage.find("WordDocument")
    if not storage.is_stream(word):
        raise InspectionError("compound file holds no WordDocument stream")
    stream = storage.read(str(word))
    fib = _Fib.parse(stream)
    table_name = storage.find(fib.table_stream)
    if not storage.is_stream(table_name):
        raise InspectionError(f"the document's {fib.table_stream} stream is missing")
    doc = _Document(stream, storage.read(str(table_name)), fib, ctx)
    part = storage.part(str(word))
    yield from _story_units(doc, part)
    yield from _people_and_paths(doc, part)
    if _PICTURE_ANCHORS & set(doc.text):  # their bytes sit in the Data stream, not read
        yield Fact(NO_TEXT_LAYER, part, detail="pictures in the document: any text in them is "
                   "not read (no OCR); look at them before release")
        read: tuple[str | None, ...] = (word, table_name, storage.find("Data"))
    else:
        read = (word, table_name)  # the Data stream holds form fields' settings then
    for name, is_storage in sorted(storage.children.items()):
        ctx.deadline.check()
        yield from _other_entry(storage, name, is_storage, read, ctx)


def _other_entry(storage: Storage, name: str, is_storage: bool, read: tuple[str | None, ...],
                 ctx: Context) -> Iterator[Item]:
    lowered = name.lower()
    if name in read or lowered in ("0table", "1table"):
        return  # the text's own streams, and the table stream of an earlier save
    if is_storage and lowered == "macros":
        yield from vba_project(storage.sub(name), ctx)
    elif is_storage and lowered == "objectpool":
        pool = storage.sub(name)
        for inner, inner_is_storage in sorted(pool.children.items()):
            if inner_is_storage:
                yield from embedded(pool.embedded(inner), f"{name}/{inner}", ctx)
    elif is_storage:
        for inner, inner_is_storage in sorted(storage.sub(name).children.items()):
            yield from _other_entry(storage.sub(name), inner, inner_is_storage, (), ctx)
    else:
        yield from stream_entry(storage, name, lowered, ctx)


# ------------------------------------------------------------------------------ the FIB

@dataclass(frozen=True, slots=True)
class _Fib:
    """What the File Information Block says: where each structure lies, and each story's length."""

    table_stream: str
    lengths: tuple[int, ...]              # FibRgLw97
    places: tuple[tuple[int, int], ...]   # FibRgFcLcb: (offset, size) pairs

    @staticmethod
    def parse(stream: bytes) -> _Fib:
        try:
            ident, nfib, _, _, _, flags = struct.unpack_from("<HHHHHH", stream)
            if ident != 0xA5EC:
                raise InspectionError("not a Word document (bad FIB signature)")
            if nfib < _WORD_97:
                raise InspectionError("Word 6.0/95 document: not supported; not inspected")
            if flags & 0x0100:
                raise InspectionError("encrypted Word document, cannot inspect")
            pos = 32
            csw = struct.unpack_from("<H", stream, pos)[0]
            pos += 2 + 2 * csw
            cslw = struct.unpack_from("<H", stream, pos)[0]
            lengths = struct.unpack_from(f"<{cslw}i", stream, pos + 2)
            pos += 2 + 4 * cslw
            pairs = struct.unpack_from("<H", stream, pos)[0]
            flat = struct.unpack_from(f"<{2 * pairs}I", stream, pos + 2)
        except struct.error:
            raise InspectionError("truncated Word document (its FIB is cut short)") from None
        if len(lengths) < 11 or pairs <= _FC_PIECES:
            raise InspectionError("corrupt Word document (its FIB is too short)")
        return _Fib("1Table" if flags & 0x0200 else "0Table", lengths,
                    tuple(zip(flat[::2], flat[1::2], strict=True)))

    def place(self, index: int) -> tuple[int, int]:
        return self.places[index] if index < len(self.places) else (0, 0)


# ------------------------------------------------------------------------------ text and properties

@dataclass(slots=True)
class _Piece:
    cp: int          # its first character position
    end: int         # one past its last
    fc: int          # byte offset of its first character in the WordDocument stream
    width: int       # bytes a character: 1 (compressed, cp1252) or 2 (UTF-16)


@dataclass(slots=True)
class _Document:
    stream: bytes
    table: bytes
    fib: _Fib
    ctx: Context
    pieces: list[_Piece] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)        # each piece's first CP
    text: str = ""
    flags: bytearray = field(default_factory=bytearray)   # per character: _HIDDEN | ...
    # paragraph marks by FC: (in a table, ends a row)
    paragraphs: tuple[list[int], list[tuple[bool, bool]]] = field(default_factory=lambda: ([], []))

    def __post_init__(self) -> None:
        self.pieces = _pieces(self.table, self.fib)
        self.starts = [p.cp for p in self.pieces]
        self.text = "".join(self._piece_text(p) for p in self.pieces)
        if len(self.text) < sum(max(0, n) for n in self.fib.lengths[3:11]):
            raise InspectionError("truncated Word document (its stories run past its text)")
        self.flags = bytearray(len(self.text))
        self._mark_characters()
        self.paragraphs = self._paragraph_marks()

    def _piece_text(self, piece: _Piece) -> str:
        size = (piece.end - piece.cp) * piece.width
        raw = self.stream[piece.fc:piece.fc + size]
        if len(raw) < size:
            raise InspectionError("truncated Word document (its text runs past the stream)")
        return raw.decode("cp1252", "replace") if piece.width == 1 else \
            raw.decode("utf-16-le", "replace")

    def fc_of(self, cp: int) -> int | None:
        i = bisect_right(self.starts, cp) - 1
        if i < 0 or cp >= self.pieces[i].end:
            return None
        piece = self.pieces[i]
        return piece.fc + (cp - piece.cp) * piece.width

    def _mark_characters(self) -> None:
        """Hidden, deleted and inserted characters, from the character property pages."""
        runs = [(start, end, _character_flags(grpprl))
                for start, end, grpprl in _property_runs(self, _FC_CHPX, _chpx_at, 1)]
        runs = [r for r in runs if r[2]]
        starts = [r[0] for r in runs]
        for piece in self.pieces:
            fc_end = piece.fc + (piece.end - piece.cp) * piece.width
            for start, end, flags in runs[max(0, bisect_right(starts, piece.fc) - 1):]:
                if start >= fc_end:
                    break
                lo = piece.cp + max(0, start - piece.fc) // piece.width
                hi = piece.cp + (min(end, fc_end) - piece.fc) // piece.width
                for cp in range(lo, min(hi, len(self.flags))):
                    self.flags[cp] |= flags

    def _paragraph_marks(self) -> tuple[list[int], list[tuple[bool, bool]]]:
        starts, marks = [], []
        for start, _end, grpprl in _property_runs(self, _FC_PAPX, _papx_at, 13):
            sprms = dict(_sprms(grpprl))
            starts.append(start)
            marks.append((bool(sprms.get(_SPRM_IN_TABLE)), bool(sprms.get(_SPRM_ROW_END))))
        return starts, marks

    def paragraph_at(self, cp: int) -> tuple[bool, bool]:
        """(in a table, ends a table row) for the paragraph whose mark is at `cp`."""
        fc = self.fc_of(cp)
        starts, marks = self.paragraphs
        i = bisect_right(starts, fc) - 1 if fc is not None else -1
        return marks[i] if i >= 0 else (False, False)


def _pieces(table: bytes, fib: _Fib) -> list[_Piece]:
    """The piece table (a Clx): which bytes of the WordDocument stream hold each run of text."""
    fc, size = fib.place(_FC_PIECES)
    clx = table[fc:fc + size]
    if len(clx) < size or not size:
        raise InspectionError("corrupt Word document (its piece table is missing or cut short)")
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # property modifiers of pieces (Prc)
        pos += 3 + struct.unpack_from("<h", clx, pos + 1)[0] if pos + 3 <= len(clx) else len(clx)
    if pos + 5 > len(clx) or clx[pos] != 0x02:
        raise InspectionError("corrupt Word document (no piece table in its Clx)")
    plc = clx[pos + 5:pos + 5 + struct.unpack_from("<I", clx, pos + 1)[0]]
    count = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}i", plc)
    pieces = []
    for i in range(count):
        raw = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * i + 2)[0]
        compressed = bool(raw & 0x40000000)
        offset = (raw & 0x3FFFFFFF) // 2 if compressed else raw & 0x3FFFFFFF
        if cps[i + 1] > cps[i]:
            pieces.append(_Piece(cps[i], cps[i + 1], offset, 1 if compressed else 2))
    return pieces


def _property_runs(doc: _Document, index: int, read_run: Callable[[bytes, int, int], bytes],
                   entry_size: int) -> Iterator[tuple[int, int, bytes]]:
    """(first FC, last FC + 1, property modifiers) of each run the property pages describe:
    a PlcBte in the table stream names the 512-byte pages of the WordDocument stream."""
    fc, size = doc.fib.place(index)
    plc = doc.table[fc:fc + size]
    count = (len(plc) - 4) // 8 if size else 0
    for i in range(count):
        page_number = struct.unpack_from("<I", plc, 4 * (count + 1) + 4 * i)[0] & 0x3FFFFF
        page = doc.stream[page_number * _PAGE:(page_number + 1) * _PAGE]
        if len(page) < _PAGE:
            continue  # a page past the stream holds no properties we could read
        runs = page[-1]
        if 4 * (runs + 1) + entry_size * runs >= _PAGE:
            raise InspectionError("corrupt Word document (a property page holds too many runs)")
        fcs = struct.unpack_from(f"<{runs + 1}I", page)
        for r in range(len(fcs) - 1):
            yield fcs[r], fcs[r + 1], read_run(page, runs, r)


def _chpx_at(page: bytes, runs: int, r: int) -> bytes:
    offset = 2 * page[4 * (runs + 1) + r]
    return page[offset + 1:offset + 1 + page[offset]] if offset else b""


def _papx_at(page: bytes, runs: int, r: int) -> bytes:
    offset = 2 * page[4 * (runs + 1) + 13 * r]
    if not offset or offset >= _PAGE - 1:
        return b""
    size = page[offset]
    start, length = (offset + 2, 2 * page[offset + 1]) if size == 0 else \
        (offset + 1, 2 * size - 1)
    return page[start + 2:start + length]  # past the paragraph's style index


def _sprms(grpprl: bytes) -> Iterator[tuple[int, int]]:
    """(sprm, operand as a number, 0 when longer than 4 bytes) of each property modifier; stops
    at one whose size cannot be told."""
    pos = 0
    while pos + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, pos)[0]
        pos += 2
        spra = sprm >> 13
        if spra != 6:
            size = _OPERAND_SIZES[spra]
        elif sprm == _SPRM_TABLE_DEFINITION and pos + 2 <= len(grpprl):
            size, pos = struct.unpack_from("<H", grpprl, pos)[0] + 1, pos
        elif pos >= len(grpprl) or (sprm == _SPRM_TABS and grpprl[pos] == 255):
            return  # a tab change's long form: its size cannot be told from its first byte
        else:
            size, pos = grpprl[pos], pos + 1
        operand = grpprl[pos:pos + size]
        yield sprm, int.from_bytes(operand, "little") if size <= 4 else 0
        pos += size


def _character_flags(grpprl: bytes) -> int:
    flags = 0
    for sprm, operand in _sprms(grpprl):
        on = operand in (1, 0x81)  # 0x81: the opposite of the style's (which is off)
        if sprm == _SPRM_VANISH and on:
            flags |= _HIDDEN
        elif sprm == _SPRM_DELETED and on:
            flags |= _DELETED
        elif sprm == _SPRM_INSERTED and on:
            flags |= _INSERTED
    return flags


# ------------------------------------------------------------------------------ stories

_KINDS = {"visible": ((), ""), "deleted": ((H.TRACKED_CHANGE,), " deleted text"),
          "inserted": ((H.TRACKED_CHANGE,), " inserted text"),
          "hidden": ((H.HIDDEN_TEXT,), " hidden text"), "field": ((H.HIDDEN_TEXT,), " field code")}


def _story_units(doc: _Document, part: str) -> Iterator[ContentUnit]:
    cp = 0
    for index, name, reasons in _STORIES:
        length = doc.fib.lengths[index] if index < len(doc.fib.lengths) else 0
        if length <= 0:
            continue
        where = part if name == "body" else f"{part} ({name})"
        if name == "comments":
            yield from _comments(doc, cp, cp + length, where)
        else:
            yield from _Story(doc, where, reasons).read(cp, cp + length)
        cp += length


@dataclass(slots=True)
class _Story:
    """One story read a paragraph at a time, table cells as grid units (see the docstring)."""

    doc: _Document
    part: str
    reasons: tuple[Hidden, ...]
    number: int = 0
    tables: int = 0      # tables so far; the last is open while `in_table`
    in_table: bool = False
    row: int = 0
    column: int = 0
    cell: list[str] = field(default_factory=list)

    def read(self, start: int, end: int) -> Iterator[ContentUnit]:
        kinds: dict[str, list[str]] = {}
        fields: list[bool] = []  # one per open field: still in its code
        text, flags = self.doc.text, self.doc.flags
        for cp in range(start, min(end, len(text))):
            if cp % _CHECK_EVERY == 0:
                self.doc.ctx.deadline.check()
            char = text[cp]
            if char == _FIELD_BEGIN:
                fields.append(True)
            elif char == _FIELD_SEPARATOR and fields:
                fields[-1] = False
            elif char == _FIELD_END and fields:
                fields.pop()
            elif char in _PARAGRAPH_ENDS:
                yield from self._paragraph(kinds, cp, char)
                kinds = {}
            elif char >= " " or char in _AS_TEXT:
                kind = "field" if any(fields) else _kind(flags[cp])
                kinds.setdefault(kind, []).append(_AS_TEXT.get(char, char))
        if kinds:
            yield from self._paragraph(kinds, end, "\r")
        yield from self._end_cell()

    def _paragraph(self, kinds: dict[str, list[str]], cp: int, mark: str
                   ) -> Iterator[ContentUnit]:
        self.number += 1
        in_table, row_end = self.doc.paragraph_at(cp) if mark != "\x0c" else (False, False)
        in_table = in_table or mark == "\x07"
        if in_table and not self.in_table:
            self.tables, self.row, self.column = self.tables + 1, 1, 1
        elif not in_table and self.in_table:
            yield from self._end_cell()
        self.in_table = in_table
        visible = "".join(kinds.pop("visible", []))
        if in_table:
            self.cell.append(visible)
        elif visible.strip():
            yield ContentUnit(visible.strip(), self.part, self.reasons,
                              detail=f"paragraph {self.number}")
        for kind, chars in kinds.items():
            extra, label = _KINDS[kind]
            if "".join(chars).strip():
                yield ContentUnit("".join(chars).strip(), self.part, self.reasons + extra,
                                  detail=f"paragraph {self.number}{label}")
        if mark == "\x07" and row_end:
            self.cell = []
            self.row, self.column = self.row + 1, 1
        elif mark == "\x07":
            yield from self._end_cell()
            self.column += 1

    def _end_cell(self) -> Iterator[ContentUnit]:
        value = "\n".join(self.cell).strip()
        self.cell = []
        if value and self.in_table:
            yield ContentUnit(value, self.part, self.reasons, f"{DOCUMENT_TABLE}{self.tables}",
                              self.row, self.column)


def _kind(flags: int) -> str:
    if flags & _DELETED:
        return "deleted"
    if flags & _INSERTED:
        return "inserted"
    return "hidden" if flags & _HIDDEN else "visible"


def _comments(doc: _Document, start: int, end: int, part: str) -> Iterator[ContentUnit]:
    """Each comment's text as one unit, then its author and initials."""
    fc, size = doc.fib.place(_FC_ANNOTATION_TEXTS)
    count = (size - 4) // 4 if size >= 8 else 0
    bounds = list(struct.unpack_from(f"<{count + 1}i", doc.table, fc)) if count and \
        fc + size <= len(doc.table) else [0, end - start]
    authors = _comment_authors(doc, max(1, len(bounds) - 1))
    for number, (a, b) in enumerate(pairwise(bounds), 1):
        texts = []
        for unit in _Story(doc, part, (H.COMMENT,)).read(start + a, min(start + b, end)):
            if unit.hidden == (H.COMMENT,):
                texts.append(unit.value)
            else:
                yield unit
        if texts:
            yield ContentUnit("\n".join(texts), part, (H.COMMENT,), detail=f"comment {number}")
        author, initials = authors[number - 1] if number <= len(authors) else ("", "")
        if author:
            yield ContentUnit(author, part, (H.COMMENT,), detail=f"author of comment {number}")
        if initials:
            yield ContentUnit(initials, part, (H.COMMENT,),
                              detail=f"initials of comment {number}")


def _comment_authors(doc: _Document, count: int) -> list[tuple[str, str]]:
    """(author, initials) of each comment: its ATRDPre10 names an entry of the owners' list."""
    fc, size = doc.fib.place(_FC_ANNOTATION_OWNERS)
    owners = _xsts(doc.table[fc:fc + size])
    fc, size = doc.fib.place(_FC_ANNOTATION_REFS)
    refs = doc.table[fc:fc + size]
    found = []
    base = 4 * (count + 1)
    for i in range(count):
        record = refs[base + 30 * i:base + 30 * (i + 1)]
        if len(record) < 22:
            break
        cch = min(struct.unpack_from("<H", record)[0], 9)
        initials = record[2:2 + 2 * cch].decode("utf-16-le", "replace").strip()
        owner = struct.unpack_from("<H", record, 20)[0]
        found.append((owners[owner] if owner < len(owners) else "", initials))
    return found


def _xsts(data: bytes) -> list[str]:
    """Strings each led by its length in characters (UTF-16), one after another."""
    out, pos = [], 0
    while pos + 2 <= len(data):
        cch = struct.unpack_from("<H", data, pos)[0]
        out.append(data[pos + 2:pos + 2 + 2 * cch].decode("utf-16-le", "replace").strip())
        pos += 2 + 2 * cch
    return out


def _sttb(data: bytes) -> list[str]:
    """A string table (STTB): its strings, extra data skipped."""
    if len(data) < 6:
        return []
    extended = data[:2] == b"\xff\xff"
    pos = 2 if extended else 0
    count, extra = struct.unpack_from("<HH", data, pos)
    pos += 4
    out = []
    for _ in range(count):
        if extended and pos + 2 <= len(data):
            cch = struct.unpack_from("<H", data, pos)[0]
            out.append(data[pos + 2:pos + 2 + 2 * cch].decode("utf-16-le", "replace"))
            pos += 2 + 2 * cch + extra
        elif not extended and pos < len(data):
            cch = data[pos]
            out.append(data[pos + 1:pos + 1 + cch].decode("cp1252", "replace"))
            pos += 1 + cch + extra
    return [s.replace("\0", "").strip() for s in out]


def _people_and_paths(doc: _Document, part: str) -> Iterator[ContentUnit]:
    """The associated strings (author, template, mail merge source), tracked changes' authors,
    and the users and paths the document was saved by."""
    def strings(index: int) -> list[str]:
        fc, size = doc.fib.place(index)
        return _sttb(doc.table[fc:fc + size]) if size else []

    for i, value in enumerate(strings(_FC_ASSOCIATED)):
        if value and i in _ASSOCIATED:
            yield ContentUnit(value, part, (H.METADATA,), detail=_ASSOCIATED[i])
    for value in strings(_FC_REVISION_AUTHORS):
        if value and value != "Unknown":
            yield ContentUnit(value, part, (H.METADATA,), detail="author of tracked changes")
    for i, value in enumerate(strings(_FC_SAVED_BY)):
        if value:
            yield ContentUnit(value, part, (H.METADATA,),
                              detail="saved by" if i % 2 == 0 else "saved to")

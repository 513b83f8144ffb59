"""OpenDocument files: spreadsheets (.ods, flat .fods) and text, presentation and drawing
documents (.odt, .odp, .odg), packaged (zip) or flat (one XML file).

Where data hides in them:
- sheets hidden by their table style (`table:display="false"`); rows and columns collapsed
  (`table:visibility="collapse"`, inside a closed group: collapsed outline), filtered out
  (`"filter"`) or next to zero size; cells under a merged cell (covered cells); white text and
  number formats that show nothing (a ';;;' format), both from cell styles;
- comments (`office:annotation`), tracked changes (deleted text, earlier cell values, authors),
  hidden text (`text:hidden-text`, `text:hidden-paragraph`, sections not displayed, character
  styles with `text:display="none"`), speaker notes and hidden slides;
- named expressions holding constants, validation lists, DDE link caches, hidden pivot (data
  pilot) members, database queries, form controls, user fields;
- headers and footers of page styles (styles.xml), document metadata (meta.xml), the mail
  merge source and printer named in settings.xml, digital signatures' signers;
- embedded objects: a chart's subdocument holds its own copy of the data it draws; other
  subdocuments and binary objects are inspected as the files they are; earlier versions kept in
  the package; macros (Basic/, Scripts/, office:scripts); pictures are not read.

How it is read: the package with SafeZip, every XML part with the hardened parser. Parts are
streamed: a spreadsheet's rows are read and dropped one at a time, so a sheet of a million rows
costs one row of memory, and repeated empty rows or cells (`number-rows-repeated`) only move the
coordinates on. Repeated cells that hold something are produced once per cell they stand for,
up to MAX_REPEATED_CELLS in a file. Flat files name the package part each section would be in
(content.xml, styles.xml, meta.xml). Every package member is read or explained; one no reader
knows is read as text and reported as `unknown_part`.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import IO
from urllib.parse import unquote
from xml.sax.saxutils import quoteattr

from lxml import etree

from foi_guard.formats.base import Context, Item
from foi_guard.formats.textual import binary_units, xml_units
from foi_guard.formats.xlsx.cells import col_letters
from foi_guard.formats.xlsx.styles import BLACK, WHITE, indistinguishable
from foi_guard.limits import SafeZip, iterparse_xml, parse_xml
from foi_guard.model import SHEET_FACT, ContentUnit, Fact, Hidden, InspectionError
from foi_guard.sniff import sniff

H = Hidden
Reasons = tuple[Hidden, ...]

MAX_REPEATED_CELLS = 2_000_000  # cells produced by repeating content, in one file
MAX_SPACES = 1_000              # a text:s element stands for at most this many spaces
ZERO_POINTS = 2.0               # rows lower and columns narrower than this are not seen
LISTED_RUNS = 12                # runs of rows or columns named in a fact

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "presentation": "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "chart": "urn:oasis:names:tc:opendocument:xmlns:chart:1.0",
    "dr3d": "urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0",
    "form": "urn:oasis:names:tc:opendocument:xmlns:form:1.0",
    "script": "urn:oasis:names:tc:opendocument:xmlns:script:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
    "math": "http://www.w3.org/1998/Math/MathML",
    "calcext": "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0",
    "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
}
_PREFIX = {uri: prefix for prefix, uri in NS.items()}
_DONE = "{urn:foi-guard}done"  # marks an element already read while streaming


def a(prefix: str, name: str) -> str:
    """A namespaced attribute or tag name, e.g. a('table', 'name')."""
    return f"{{{NS[prefix]}}}{name}"


_QN: dict[str, str] = {}

_ROWS_REPEATED = a("table", "number-rows-repeated")
_COLS_REPEATED = a("table", "number-columns-repeated")
_TABLE_STYLE = a("table", "style-name")
_DEFAULT_CELL_STYLE = a("table", "default-cell-style-name")
_VALIDATION_NAME = a("table", "content-validation-name")
_VALUE_TYPE = a("office", "value-type")
_VALUE = a("office", "value")
_STRING_VALUE = a("office", "string-value")
_VISIBILITY = a("table", "visibility")
_CELL = a("table", "table-cell")
_COVERED = a("table", "covered-table-cell")
_P = a("text", "p")


def qn(tag: object) -> str:
    """'table:table-row' for an element's tag ('' for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    found = _QN.get(tag)
    if found is None:
        if tag.startswith("{"):
            uri, _, name = tag[1:].partition("}")
            found = f"{_PREFIX.get(uri, '?')}:{name}"
        else:
            found = f"?:{tag}"
        _QN[tag] = found
    return found


# --- resource budget -------------------------------------------------------------------------
@dataclass(slots=True)
class _Budget:
    """What one file may make us produce: characters of text, and cells made by repetition."""

    chars: int
    repeats: int = MAX_REPEATED_CELLS
    units: int = 0

    def charge(self, value: str, ctx: Context) -> None:
        self.chars -= len(value)
        self.units += 1
        if self.chars < 0:
            raise InspectionError("more text than the limit allows (a bomb?); not inspected")
        if self.units % 4096 == 0:
            ctx.deadline.check()

    def repeat(self, cells: int, part: str) -> None:
        self.repeats -= cells
        if self.repeats < 0:
            raise InspectionError(
                f"{part}: repeated cells stand for more than {MAX_REPEATED_CELLS:,} values "
                "(a bomb?); not inspected")


# --- styles ------------------------------------------------------------------------------------
_STYLE_PROPS = {
    ("text-properties", a("fo", "color")): "color",
    ("text-properties", a("style", "use-window-font-color")): "window",
    ("text-properties", a("text", "display")): "display",
    ("table-cell-properties", a("fo", "background-color")): "background",
    ("table-properties", a("table", "display")): "table_display",
    ("table-row-properties", a("style", "row-height")): "row_height",
    ("table-column-properties", a("style", "column-width")): "column_width",
    ("drawing-page-properties", a("presentation", "visibility")): "visibility",
}
# Parts of a number format that draw something (a ';;;' format has none of them).
_DRAWN = frozenset({
    "number", "scientific-number", "fraction", "day", "month", "year", "era", "day-of-week",
    "week-of-year", "quarter", "hours", "minutes", "seconds", "am-pm", "boolean", "text-content",
})


@dataclass(slots=True)
class _Style:
    parent: str | None
    props: dict[str, str]


@dataclass(slots=True, frozen=True)
class _DataStyle:
    kind: str                # number-style, text-style, date-style ...
    draws: bool              # shows anything at all
    maps: tuple[str, ...]    # styles applied under conditions (the other sections)


class _Styles:
    """Named, default and automatic styles of one document, and the data (number) styles."""

    def __init__(self) -> None:
        self.styles: dict[tuple[str, str], _Style] = {}
        self.defaults: dict[str, _Style] = {}
        self.data: dict[str, _DataStyle] = {}
        self._cells: dict[tuple[str, bool], Reasons] = {}
        self._lengths: dict[tuple[str, str, str], float | None] = {}

    def add(self, container: etree._Element) -> None:
        for el in container:
            name = qn(el.tag)
            if name == "style:style":
                family = el.get(a("style", "family")) or ""
                self.styles[(family, el.get(a("style", "name")) or "")] = _parse_style(el)
            elif name == "style:default-style":
                self.defaults[el.get(a("style", "family")) or ""] = _parse_style(el)
            elif name.startswith("number:") and name.endswith("-style"):
                self.data[el.get(a("style", "name")) or ""] = _parse_data_style(el)
        self._cells.clear()
        self._lengths.clear()

    def prop(self, family: str, name: str | None, key: str) -> str | None:
        for _ in range(16):  # parent chains are short; a cycle must not hang us
            style = self.styles.get((family, name or ""))
            if style is None:
                break
            if key in style.props:
                return style.props[key]
            name = style.parent
        default = self.defaults.get(family)
        return default.props.get(key) if default else None

    def points(self, family: str, name: str | None, key: str) -> float | None:
        """A length property in points (row height, column width), looked up once."""
        cache_key = (family, name or "", key)
        if cache_key not in self._lengths:
            self._lengths[cache_key] = _points(self.prop(family, name, key))
        return self._lengths[cache_key]

    def text_hidden(self, name: str | None, family: str) -> bool:
        return bool(name) and self.prop(family, name, "display") == "none"

    def cell_reasons(self, name: str, numeric: bool) -> Reasons:
        key = (name, numeric)
        found = self._cells.get(key)
        if found is None:
            found = self._cell_reasons(name, numeric)
            self._cells[key] = found
        return found

    def _cell_reasons(self, name: str, numeric: bool) -> Reasons:
        out: list[Hidden] = []
        color = self.prop("table-cell", name, "color")
        if color and self.prop("table-cell", name, "window") != "true":
            background = _rgb(self.prop("table-cell", name, "background")) or WHITE
            if indistinguishable(_rgb(color) or BLACK, background):
                out.append(H.WHITE_TEXT)
        data = self.prop("table-cell", name, "data_style")
        if data and self._format_hides(data, numeric):
            out.append(H.HIDDEN_NUMBER_FORMAT)
        return tuple(out)

    def _format_hides(self, name: str, numeric: bool) -> bool:
        style = self.data.get(name)
        if style is None:
            return False
        if not numeric:
            return style.kind == "text-style" and not style.draws
        sections = [self.data.get(m) for m in style.maps]
        if style.kind != "text-style":
            sections.append(style)
        return bool(sections) and all(s is not None and not s.draws for s in sections)


def _parse_style(el: etree._Element) -> _Style:
    props: dict[str, str] = {}
    data = el.get(a("style", "data-style-name"))
    if data:
        props["data_style"] = data
    for child in el:
        kind = qn(child.tag).partition(":")[2]
        for attr, value in child.attrib.items():
            key = _STYLE_PROPS.get((kind, attr))
            if key:
                props[key] = value.strip()
    return _Style(el.get(a("style", "parent-style-name")), props)


def _parse_data_style(el: etree._Element) -> _DataStyle:
    draws = False
    maps: list[str] = []
    for child in el:
        name = qn(child.tag)
        part = name.partition(":")[2]
        if name == "style:map":
            maps.append(child.get(a("style", "apply-style-name")) or "")
        elif part in _DRAWN or (part in ("text", "currency-symbol")
                                and "".join(child.itertext()).strip()):
            draws = True
    return _DataStyle(qn(el.tag).partition(":")[2], draws, tuple(maps))


def _rgb(value: str | None) -> tuple[int, int, int] | None:
    if not value or not re.fullmatch(r"#[0-9A-Fa-f]{6}", value.strip()):
        return None
    v = value.strip()
    return int(v[1:3], 16), int(v[3:5], 16), int(v[5:7], 16)


_LENGTH = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*(in|cm|mm|pt|pc|px)?\s*")
_POINTS = {"in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "pt": 1.0, "pc": 12.0, "px": 0.75}


def _points(length: str | None) -> float | None:
    m = _LENGTH.fullmatch(length or "")
    return float(m.group(1)) * _POINTS[m.group(2) or "pt"] if m else None


# --- one document (the package's, a subdocument's, an inline object's) ------------------------
@dataclass(slots=True, frozen=True)
class _At:
    """Where walked content sits, and why it is hidden already."""

    part: str
    reasons: Reasons = ()
    sheet: str | None = None
    row: int | None = None
    column: int | None = None
    label: str | None = None

    def more(self, *reasons: Hidden, label: str | None = None) -> _At:
        return replace(self, reasons=(*self.reasons, *reasons),
                       label=label if label is not None else self.label)


@dataclass(slots=True)
class _ObjectRef:
    href: str
    at: _At
    name: str


@dataclass(slots=True)
class _Sheet:
    name: str
    part: str
    reasons: Reasons
    table: etree._Element
    col_starts: list[int]
    cols: list[tuple[int, int, Reasons, str | None]]  # first, last, reasons, default style
    next_row: int = 1
    cells: int = 0
    empty_hidden_rows: dict[Hidden, list[tuple[int, int]]] = field(default_factory=dict)
    hidden_cols_used: set[int] = field(default_factory=set)

    def column(self, col: int) -> tuple[Reasons, str | None]:
        i = bisect.bisect_right(self.col_starts, col) - 1
        if i >= 0 and col <= self.cols[i][1]:
            return self.cols[i][2], self.cols[i][3]
        return (), None


@dataclass(slots=True)
class _Doc:
    ctx: Context
    budget: _Budget
    prefix: str = ""                 # folder of a subdocument inside the package
    outer: Reasons = ()              # why whatever holds this document is hidden
    path: tuple[str, ...] = ()
    chart: str | None = None         # the chart's name, when this document is a chart
    frame_sheet: str | None = None   # the sheet a subdocument is drawn on
    flat: bool = False
    depth: int = 0
    body: str = ""                   # text, spreadsheet, presentation, drawing, chart ...
    styles: _Styles = field(default_factory=_Styles)
    objects: list[_ObjectRef] = field(default_factory=list)
    sheet: _Sheet | None = None
    insertions: set[str] = field(default_factory=set)
    inserting: set[str] = field(default_factory=set)
    validation_cells: dict[str, tuple[str, int, int, Reasons]] = field(default_factory=dict)
    sheet_names: list[str] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> int:
        self.counters[what] = self.counters.get(what, 0) + 1
        return self.counters[what]

    def part(self, name: str) -> str:
        return self.prefix + name

    def unit(self, value: str, part: str, reasons: Reasons = (), sheet: str | None = None,
             row: int | None = None, column: int | None = None, detail: str | None = None,
             is_number: bool = False) -> ContentUnit:
        self.budget.charge(value, self.ctx)
        return ContentUnit(value, part, _join(self.outer, reasons), sheet, row, column, detail,
                           self.path, is_number)

    def fact(self, kind: str, part: str, sheet: str | None = None, where: str | None = None,
             detail: str | None = None, hidden: Reasons = ()) -> Fact:
        return Fact(kind, part, sheet, where, detail, self.path, _join(self.outer, hidden))

    def drawing(self) -> Reasons:
        """Text in shapes is the content itself on slides and drawings, a hiding place
        elsewhere (as in xlsx and docx)."""
        return () if self.body in ("presentation", "drawing", "chart") else (H.DRAWING_TEXT,)

    def nested_items(self, items: Iterable[Item]) -> Iterator[Item]:
        """Items of a file inspected by another reader, placed under this document's path."""
        for item in items:
            if self.path:
                if isinstance(item, ContentUnit):
                    item.path = (*self.path, *item.path)
                else:
                    item = replace(item, path=(*self.path, *item.path))
            yield item


def _join(outer: Reasons, reasons: Reasons) -> Reasons:
    """Outer reasons first, each reason once."""
    if not outer:
        return reasons
    return tuple(dict.fromkeys((*outer, *reasons)))


# --- entry point ------------------------------------------------------------------------------
def inspect(data: bytes, ctx: Context) -> Iterator[Item]:
    budget = _Budget(ctx.limits.max_text_chars)
    if data.startswith(b"PK"):
        yield from _package(data, ctx, budget)
    else:
        declared = re.search(rb'office:mimetype="([^"]+)"', data[:65536])
        doc = _Doc(ctx, budget, flat=True,
                   body=_body_kind(declared.group(1).decode("ascii", "replace") if declared
                                   else ""))
        yield from _read_xml(doc, lambda: io.BytesIO(data), "content.xml")


def _body_kind(mimetype: str) -> str:
    """'presentation' for application/vnd.oasis.opendocument.presentation(-template), ..."""
    kind = mimetype.rpartition(".")[2].removesuffix("-template")
    return {"graphics": "drawing", "text-master": "text", "text-web": "text"}.get(kind, kind)


# --- the package ------------------------------------------------------------------------------
_MAIN_PARTS = ("styles.xml", "content.xml", "meta.xml", "settings.xml")
_MEDIA_FOLDERS = ("Pictures/", "media/", "ObjectReplacements/")
_MACRO_FOLDERS = ("Basic/", "Dialogs/", "Scripts/")
_IGNORED_FOLDERS = ("Configurations2/",)
_IGNORED_FILES = ("layout-cache", "mimetype", "META-INF/manifest.xml")
_PICTURE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".svg", ".svm",
                       ".wmf", ".emf", ".eps", ".pct", ".webp", ".pcx", ".met", ".ras")
_DOCUMENT_KINDS = frozenset({
    "xlsx", "docx", "pptx", "xlsb", "ooxml", "ods", "fods", "odf", "zip", "cfb", "xls", "doc",
    "ppt", "msg", "eml", "pdf",
})


@dataclass(slots=True)
class _Package:
    zip: SafeZip
    manifest: dict[str, str]   # full path -> media type
    done: set[str] = field(default_factory=set)


def _package(data: bytes, ctx: Context, budget: _Budget) -> Iterator[Item]:
    pkg = _Package(SafeZip(data, "package", ctx.limits), {})
    pkg.manifest = _manifest(pkg.zip)
    if not pkg.zip.has("content.xml"):
        raise InspectionError("OpenDocument package without content.xml; not inspected")
    doc = _Doc(ctx, budget, body=_body_kind(pkg.manifest.get("/", "")))
    yield from _folder(doc, pkg)
    yield from _loose_members(doc, pkg, "")


def _manifest(zf: SafeZip) -> dict[str, str]:
    if not zf.has("META-INF/manifest.xml"):
        return {}
    root = parse_xml(zf.read("META-INF/manifest.xml"), "META-INF/manifest.xml")
    entries: dict[str, str] = {}
    for el in root.iter():
        name = qn(el.tag)
        if name == "manifest:encryption-data":
            raise InspectionError("encrypted, cannot inspect (a password is needed)")
        if name == "manifest:file-entry":
            entries[el.get(a("manifest", "full-path")) or ""] = (
                el.get(a("manifest", "media-type")) or "").lower()
    return entries


def _folder(doc: _Doc, pkg: _Package) -> Iterator[Item]:
    """The document in a folder of the package: its parts, then the objects it shows."""
    for name in _MAIN_PARTS:
        member = pkg.zip.actual(doc.part(name))
        if member is None:
            continue
        pkg.done.add(member)
        if name == "meta.xml":
            yield from _read_meta(doc, pkg, member)
        elif name == "settings.xml":
            yield from _read_settings(doc, pkg, member)
        else:
            yield from _read_xml(doc, lambda m=member: pkg.zip.open(m), member)
    seen: set[str] = set()
    for ref in doc.objects:
        doc.ctx.deadline.check()
        yield from _object_member(doc, pkg, ref, seen)


def _read_meta(doc: _Doc, pkg: _Package, member: str) -> Iterator[Item]:
    """Metadata; when its XML is broken (some writers break it), every string in it is read
    instead, so nothing in it goes unread."""
    data = pkg.zip.read(member)
    try:
        root = parse_xml(data, member)
    except InspectionError as exc:
        doc.ctx.notes.append(f"{exc}: the text between its tags was read instead")
        text = data.decode("utf-8", errors="replace")
        for value in re.findall(r">([^<>]+)<", text):
            if value.strip():
                yield doc.unit(value.strip(), member, (H.METADATA,),
                               detail="text in malformed metadata")
        return
    yield from _foreign_root(doc, root, member)


# View settings hold no text, except these: where a mail merge takes its data from, and the
# printer's name (network printers are often named after people or rooms).
_SETTINGS = {"CurrentDatabaseDataSource": H.CONNECTION, "CurrentDatabaseCommand": H.CONNECTION,
             "PrinterName": H.METADATA}


def _read_settings(doc: _Doc, pkg: _Package, member: str) -> Iterator[Item]:
    root = _xml_or_none(pkg.zip.read(member), member)
    if root is None:
        yield from _unknown_member(doc, pkg, member)
        return
    yield from _settings(doc, root, member)


def _settings(doc: _Doc, el: etree._Element, part: str) -> Iterator[Item]:
    for item in el.iter(a("config", "config-item")):
        name = item.get(a("config", "name")) or ""
        value = (item.text or "").strip()
        if name in _SETTINGS and value:
            yield doc.unit(value, part, (_SETTINGS[name],), detail=f"setting {name}")


def _object_member(doc: _Doc, pkg: _Package, ref: _ObjectRef, seen: set[str]) -> Iterator[Item]:
    href = unquote(ref.href.strip())
    if re.match(r"^[a-zA-Z][\w+.-]*:", href) or href.startswith(("/", "../", "..\\")):
        yield doc.unit(href, ref.at.part, (*ref.at.reasons, H.METADATA), ref.at.sheet,
                       detail=f"linked object '{ref.name}' (file outside the document)")
        return
    target = doc.part(href.removeprefix("./").rstrip("/"))
    if target in seen:
        return
    seen.add(target)
    if _is_subdocument(pkg, target):
        yield from _subdocument(doc, pkg, target, ref.at, ref.name)
    elif pkg.zip.has(target):
        member = pkg.zip.actual(target) or target
        pkg.done.add(member)
        yield from _embedded_file(doc, member, pkg.zip.read(member), ref.at.reasons)
    else:
        yield doc.fact("missing_object", ref.at.part, ref.at.sheet,
                       f"object '{ref.name}' refers to {target}, missing from the package",
                       hidden=(*ref.at.reasons, H.EMBEDDED_OBJECT))


def _is_subdocument(pkg: _Package, folder: str) -> bool:
    return pkg.zip.has(f"{folder}/content.xml") or "opendocument" in pkg.manifest.get(
        f"{folder}/", "")


def _subdocument(doc: _Doc, pkg: _Package, folder: str, at: _At, name: str) -> Iterator[Item]:
    """An object kept as a folder of the package. A chart is read here (its data table is a
    cache of what it draws), and so is a formula (what it says is what it shows); any other
    kind is inspected as the document it is, an embedded object."""
    members = [m for m in pkg.zip.names() if m.startswith(folder + "/")]
    pkg.done.update(members)
    mimetype = _subdocument_type(pkg, folder)
    if doc.depth + 1 > doc.ctx.limits.max_depth:
        raise InspectionError(f"{folder}: objects nested deeper than "
                              f"{doc.ctx.limits.max_depth} levels")
    if "chart" in mimetype or "formula" in mimetype:
        sub = _Doc(doc.ctx, doc.budget, prefix=folder + "/", outer=(*doc.outer, *at.reasons),
                   path=doc.path, chart=(name or folder) if "chart" in mimetype else None,
                   frame_sheet=at.sheet, depth=doc.depth + 1)
        pkg.done.difference_update(members)
        yield from _folder(sub, pkg)
        yield from _loose_members(sub, pkg, folder + "/")
        return
    yield from _embedded_file(doc, folder, _repackage(pkg, folder, members, mimetype),
                              at.reasons)


def _subdocument_type(pkg: _Package, folder: str) -> str:
    declared = pkg.manifest.get(f"{folder}/", "")
    if "opendocument" in declared:
        return declared
    head = b""
    if pkg.zip.has(f"{folder}/content.xml"):
        with pkg.zip.open(f"{folder}/content.xml") as stream:
            head = stream.read(1 << 16)
    for body, kind in ((b"office:chart", "chart"), (b"office:spreadsheet", "spreadsheet"),
                       (b"office:presentation", "presentation"), (b"office:drawing", "graphics"),
                       (b"math", "formula")):
        if body in head:
            return f"application/vnd.oasis.opendocument.{kind}"
    return "application/vnd.oasis.opendocument.text"


def _repackage(pkg: _Package, folder: str, members: list[str], mimetype: str) -> bytes:
    """A subdocument folder as a package of its own (stored, not compressed again)."""
    out = io.BytesIO()
    cut = len(folder) + 1
    entries = [f'<manifest:file-entry manifest:full-path="/" manifest:media-type='
               f"{quoteattr(mimetype)}/>"]
    for path, media in pkg.manifest.items():  # folders too: they say which objects nest
        if path.startswith(folder + "/") and len(path) > cut:
            entries.append(f"<manifest:file-entry manifest:full-path={quoteattr(path[cut:])} "
                           f"manifest:media-type={quoteattr(media)}/>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("mimetype", mimetype)
        for member in members:
            inner = member[cut:]
            if inner and inner not in ("mimetype", "META-INF/manifest.xml"):
                zf.writestr(inner, pkg.zip.read(member))
        zf.writestr("META-INF/manifest.xml", f'<manifest:manifest xmlns:manifest='
                    f'"{NS["manifest"]}">{"".join(entries)}</manifest:manifest>')
    return out.getvalue()


def _embedded_file(doc: _Doc, name: str, data: bytes, reasons: Reasons) -> Iterator[Item]:
    from foi_guard.formats import inspect_embedded

    yield from doc.nested_items(inspect_embedded(name, data, doc.ctx, (*doc.outer, *reasons)))


def _loose_members(doc: _Doc, pkg: _Package, prefix: str) -> Iterator[Item]:
    """Every member not read yet: pictures, macros, versions, signatures, orphan objects and
    whatever else a writer put in the package."""
    macro_folders: set[str] = set()
    for member in sorted(pkg.zip.names()):
        if member in pkg.done or not member.startswith(prefix):
            continue
        doc.ctx.deadline.check()
        rel = member[len(prefix):]
        top = rel.split("/", 1)[0]
        if "/" in rel and _is_subdocument(pkg, prefix + top):
            # An object no frame shows: nobody sees it.
            at = _At(doc.part("content.xml"), (H.UNKNOWN_PART,), doc.frame_sheet)
            yield from _subdocument(doc, pkg, prefix + top, at, top)
            continue
        pkg.done.add(member)
        if rel in _IGNORED_FILES or rel.startswith(_IGNORED_FOLDERS) or rel.endswith("/"):
            continue
        if rel.startswith("Thumbnails/"):
            yield doc.fact("thumbnail", member, None, "a picture of the first page, saved with "
                           "the file", hidden=(H.METADATA,))
        elif rel.startswith(_MACRO_FOLDERS):
            found = list(_macro_member(doc, pkg, member))
            if found and top not in macro_folders:
                macro_folders.add(top)
                yield doc.fact("macro", member, None, f"macro library in {prefix}{top}/",
                               hidden=(H.MACRO,))
            yield from found
        elif rel.startswith("Versions/"):
            yield from _version_member(doc, pkg, member)
        elif rel.startswith("META-INF/") and "signature" in rel.lower():
            yield from _signatures(doc, pkg, member)
        elif rel == "manifest.rdf":
            yield from _xml_member(doc, pkg, member, (H.METADATA,), "document RDF metadata")
        elif rel.startswith(_MEDIA_FOLDERS):
            yield from _media_member(doc, pkg, member)
        else:
            yield from _unknown_member(doc, pkg, member)


def _media_member(doc: _Doc, pkg: _Package, member: str) -> Iterator[Item]:
    """Pictures are shown as they are and not read (no OCR), unless they are not pictures."""
    data = pkg.zip.read(member)
    kind = sniff(data)
    picture = (pkg.manifest.get(member, "").startswith("image/") or kind == "image"
               or member.lower().endswith(_PICTURE_EXTENSIONS)
               or member.startswith(doc.part("ObjectReplacements/")))
    if kind in _DOCUMENT_KINDS or not picture:
        yield from _unknown_data(doc, member, data)


def _unknown_member(doc: _Doc, pkg: _Package, member: str) -> Iterator[Item]:
    yield from _unknown_data(doc, member, pkg.zip.read(member))


def _unknown_data(doc: _Doc, member: str, data: bytes) -> Iterator[Item]:
    reasons = (H.UNKNOWN_PART,)
    kind = sniff(data)
    if kind in _DOCUMENT_KINDS or kind == "image":
        yield from _embedded_file(doc, member, data, reasons)
        return
    root = _xml_or_none(data, member)
    if root is not None:
        yield from _textual(doc, xml_units(root, member, reasons, None, "unknown part"))
    else:
        yield from _textual(doc, binary_units(data, member, reasons, None,
                                              "text in unknown part"))


def _xml_or_none(data: bytes, part: str) -> etree._Element | None:
    if not data[:512].lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
        return None
    try:
        return parse_xml(data, part)
    except InspectionError:
        return None


def _textual(doc: _Doc, units: Iterable[ContentUnit]) -> Iterator[Item]:
    """Units from textual readers, with this document's outer reasons and path."""
    for u in units:
        yield doc.unit(u.value, u.part, u.hidden, u.sheet, u.row, u.column, u.detail)


def _xml_member(doc: _Doc, pkg: _Package, member: str, reasons: Reasons,
                what: str) -> Iterator[Item]:
    root = _xml_or_none(pkg.zip.read(member), member)
    if root is None:
        yield from _unknown_member(doc, pkg, member)
        return
    yield from _textual(doc, xml_units(root, member, reasons, None, what))


def _macro_member(doc: _Doc, pkg: _Package, member: str) -> Iterator[Item]:
    data = pkg.zip.read(member)
    root = _xml_or_none(data, member)
    if root is not None:
        yield from _textual(doc, xml_units(root, member, (H.MACRO,), None, "macro"))
    else:
        yield from _textual(doc, binary_units(data, member, (H.MACRO,), None, "macro script"))


def _version_member(doc: _Doc, pkg: _Package, member: str) -> Iterator[Item]:
    """Earlier versions saved inside the document (File > Versions), and their list."""
    data = pkg.zip.read(member)
    if member.endswith("VersionList.xml"):
        root = _xml_or_none(data, member)
        for el in root.iter() if root is not None else ():
            for attr, value in el.attrib.items():
                name = attr.rpartition("}")[2]
                if name in ("title", "comment", "creator") and value.strip():
                    yield doc.unit(value.strip(), member, (H.EARLIER_REVISION,),
                                   detail=f"version list: {name}")
        if root is not None:
            return
    from foi_guard.formats import inspect_nested

    yield from doc.nested_items(inspect_nested(member, data, doc.ctx,
                                               (*doc.outer, H.EARLIER_REVISION),
                                               unknown_as_text=True))


def _signatures(doc: _Doc, pkg: _Package, member: str) -> Iterator[Item]:
    """Digital signatures name their signers (certificate subjects); the rest is base64."""
    root = _xml_or_none(pkg.zip.read(member), member)
    if root is None:
        yield from _unknown_member(doc, pkg, member)
        return
    for el in root.iter():
        text = (el.text or "").strip() if isinstance(el.tag, str) else ""
        if text and len(text) < 300 and not re.fullmatch(r"[A-Za-z0-9+/=\s]{40,}", text):
            yield doc.unit(text, member, (H.METADATA,),
                           detail=f"digital signature <{qn(el.tag).partition(':')[2]}>")


# --- reading one XML part ---------------------------------------------------------------------
_TOP = frozenset({"meta", "settings", "scripts", "font-face-decls", "styles", "automatic-styles",
                  "master-styles", "body"})
_ROOTS = frozenset({"document", "document-content", "document-styles", "document-meta",
                    "document-settings"})
_STREAM_TAGS = (f"{{{NS['table']}}}table-row", f"{{{NS['table']}}}table",
                *(f"{{{NS['office']}}}{t}" for t in sorted(_TOP | _ROOTS)))
_FLAT_PARTS = {"meta": "meta.xml", "settings": "settings.xml", "font-face-decls": "styles.xml",
               "styles": "styles.xml", "automatic-styles": "styles.xml",
               "master-styles": "styles.xml"}


def _read_xml(doc: _Doc, opener: Callable[[], IO[bytes]], part: str) -> Iterator[Item]:
    """Stream an OpenDocument XML part; one with another root is read whole."""
    seen_root = False
    with opener() as stream:
        for el in iterparse_xml(stream, part, _STREAM_TAGS):
            name = qn(el.tag)
            parent = el.getparent()
            if name == "table:table-row":
                yield from _streamed_row(doc, el, part)
            elif name == "table:table":
                yield from _streamed_table_end(doc, el, part)
            elif parent is None:
                seen_root = True
                yield from _leftovers(doc, el, part)
            elif parent.getparent() is None:
                yield from _top(doc, el, part)
                el.clear()
                el.set(_DONE, "1")
    if not seen_root:
        with opener() as stream:
            root = parse_xml(stream.read(), part)
        yield from _foreign_root(doc, root, part)


def _leftovers(doc: _Doc, root: etree._Element, part: str) -> Iterator[Item]:
    """Top-level elements the stream did not hand over (unknown ones): read them too."""
    if qn(root.tag).partition(":")[2] not in _ROOTS or not qn(root.tag).startswith("office:"):
        yield from _foreign_root(doc, root, part)
        return
    for child in root:
        if isinstance(child.tag, str) and child.get(_DONE) is None:
            yield from _top(doc, child, part)


def _foreign_root(doc: _Doc, root: etree._Element, part: str) -> Iterator[Item]:
    """A part that is not an OpenDocument XML part: a formula (MathML) is what it shows;
    anything else is unknown."""
    if qn(root.tag).startswith("office:") and qn(root.tag).partition(":")[2] in _ROOTS:
        for child in root:
            yield from _top(doc, child, part)
        return
    reasons = () if qn(root.tag).startswith("math:") else (H.UNKNOWN_PART,)
    yield from _textual(doc, xml_units(root, part, reasons, doc.frame_sheet,
                                       "formula" if not reasons else "unknown XML"))


def _part_of(doc: _Doc, el: etree._Element, part: str) -> str:
    if not doc.flat:
        return part
    return doc.part(_FLAT_PARTS.get(qn(el.tag).partition(":")[2], "content.xml"))


def _top(doc: _Doc, el: etree._Element, part: str) -> Iterator[Item]:
    """A top-level section of a document: metadata, styles, scripts, the body."""
    name = qn(el.tag)
    part = _part_of(doc, el, part)
    if name == "office:meta":
        yield from _meta(doc, el, part)
    elif name in ("office:styles", "office:automatic-styles"):
        doc.styles.add(el)
    elif name == "office:master-styles":
        yield from _master_styles(doc, el, part)
    elif name == "office:scripts":
        yield from _scripts(doc, el, part)
    elif name == "office:body":
        yield from _body(doc, el, part)
    elif name == "office:settings":
        yield from _settings(doc, el, part)
    elif name in ("office:font-face-decls", ""):
        return
    else:
        yield from _walk(doc, el, _At(part, (H.UNKNOWN_PART,), doc.frame_sheet))


# --- metadata and macros ----------------------------------------------------------------------
_META_QUIET = frozenset({"meta:generator", "meta:creation-date", "dc:date", "meta:print-date",
                         "meta:editing-cycles", "meta:editing-duration",
                         "meta:document-statistic", "dc:language"})
_META_LINKS = frozenset({"meta:template", "meta:auto-reload", "meta:hyperlink-behaviour"})


def _meta(doc: _Doc, el: etree._Element, part: str) -> Iterator[Item]:
    for child in el:
        name = qn(child.tag)
        if not name or name in _META_QUIET:
            continue
        label = name.partition(":")[2]
        if name == "meta:user-defined":
            key = child.get(a("meta", "name")) or ""
            value = "".join(child.itertext()).strip()
            if key.strip():
                yield doc.unit(key.strip(), part, (H.METADATA,), detail="custom property name")
            if value:
                yield doc.unit(value, part, (H.METADATA,), detail=f"custom property '{key}'")
        elif name in _META_LINKS:
            for attr in (a("xlink", "title"), a("xlink", "href")):
                value = (child.get(attr) or "").strip()
                if value:
                    yield doc.unit(value, part, (H.METADATA,), detail=label)
        else:
            value = " ".join(t.strip() for t in child.itertext() if t.strip())
            if value:
                yield doc.unit(value, part, (H.METADATA,), detail=label)


def _scripts(doc: _Doc, el: etree._Element, part: str) -> Iterator[Item]:
    """Macros kept in the XML (flat files keep their Basic modules here), and events that run
    macros. An empty Standard library declaration is not a macro."""
    found = list(xml_units(el, part, (H.MACRO,), None, "macro"))
    listeners = list(el.iter(a("script", "event-listener")))
    if not found and not listeners:
        return
    languages = sorted({s.get(a("script", "language")) or "?" for s in el.iter(
        a("office", "script"))})
    yield doc.fact("macro", part, None, f"macros in the document ({', '.join(languages)})",
                   hidden=(H.MACRO,))
    yield from _textual(doc, found)


def _event_listener(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    macro = el.get(a("script", "macro-name")) or el.get(a("xlink", "href")) or ""
    if macro:
        event = el.get(a("script", "event-name")) or "an event"
        yield doc.fact("macro", at.part, at.sheet, f"{event} runs a macro",
                       detail=f"macro {macro[:100]}", hidden=(*at.reasons, H.MACRO))


# --- page styles: headers and footers ---------------------------------------------------------
_HEADERS = frozenset({"style:header", "style:footer", "style:header-left", "style:footer-left",
                      "style:header-first", "style:footer-first"})
# Fields whose shown text is computed (page numbers, the sheet's or file's name): not data.
_COMPUTED_FIELDS = frozenset({
    "text:page-number", "text:page-count", "text:sheet-name", "text:file-name", "text:date",
    "text:time", "text:title", "text:chapter", "text:page-continuation", "text:subject",
    "presentation:date-time", "presentation:header", "presentation:footer",
})
_BOILERPLATE = re.compile(r"(?i)\b(page|pages|of|sheet)\b|[\W\d_]")


def _master_styles(doc: _Doc, el: etree._Element, part: str) -> Iterator[Item]:
    for page in el:
        if qn(page.tag) != "style:master-page":
            continue
        name = page.get(a("style", "display-name")) or page.get(a("style", "name")) or ""
        for child in page:
            kind = qn(child.tag)
            if kind in _HEADERS:
                text = _header_text(child)
                if _BOILERPLATE.sub("", text):
                    where = kind.partition(":")[2].replace("-", " (") + (
                        ")" if "-" in kind else "")
                    yield doc.unit(text, part, (H.HEADER_FOOTER,), doc.frame_sheet,
                                   detail=f"{where} of page style '{name}'")
            elif kind == "presentation:notes":
                yield from _walk(doc, child, _At(part, (H.SPEAKER_NOTES,),
                                                 label=f"notes of master page '{name}'"))
            elif kind:  # shapes on the page style: on every slide, or in every header
                shown = doc.body in ("presentation", "drawing")
                yield from _walk(doc, child, _At(part, () if shown else (H.HEADER_FOOTER,),
                                                 label=f"master page '{name}'"))


def _header_text(el: etree._Element) -> str:
    """The header's or footer's own words: computed fields left out, and a line that is only
    a label for them ('Page 1 of 3', 'Oldal 1', 'Seite 1') dropped."""
    lines = []
    for p in el.iter(a("text", "p"), a("text", "h")):
        bits: list[str] = []
        fields = _text_without(p, _COMPUTED_FIELDS, bits)
        line = "".join(bits).strip()
        if line and not (fields and _label_only(line)):
            lines.append(line)
    return "\n".join(lines)


def _label_only(line: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_]+", line)
             if w.casefold() not in ("page", "pages", "of", "sheet")]
    return len(words) <= 1


def _text_without(el: etree._Element, skip: frozenset[str], out: list[str]) -> int:
    """Append the text of `el` without the `skip` elements; how many were skipped."""
    skipped = 0
    out.append(el.text or "")
    for child in el:
        name = qn(child.tag)
        if name == "text:s":
            out.append(" ")
        elif name in skip:
            skipped += 1
        else:
            skipped += _text_without(child, skip, out)
        out.append(child.tail or "")
    return skipped


# --- the body ---------------------------------------------------------------------------------
def _body(doc: _Doc, el: etree._Element, part: str) -> Iterator[Item]:
    for child in el:
        name = qn(child.tag)
        if not name:
            continue
        doc.body = name.partition(":")[2]
        if name == "office:spreadsheet":
            yield from _spreadsheet(doc, child, part)
            continue
        at = _At(part, (), doc.frame_sheet, label="chart text" if doc.chart else None)
        for item in child:
            yield from _walk(doc, item, at)


def _spreadsheet(doc: _Doc, el: etree._Element, part: str) -> Iterator[Item]:
    """What a spreadsheet holds besides its tables (streamed already, or read here)."""
    validations = None
    for child in el:
        name = qn(child.tag)
        at = _At(part, (), None)
        if name == "table:table":
            if child.get(_DONE) is None:
                yield from _whole_table(doc, child, part)
        elif name == "table:content-validations":
            validations = child  # after the tables: their cells say where each list applies
        elif name == "table:named-expressions":
            yield from _names(doc, child, part, None, ())
        elif name == "table:tracked-changes":
            yield from _table_changes(doc, child, at)
        elif name == "table:dde-links":
            yield from _dde_links(doc, child, at)
        elif name == "table:data-pilot-tables":
            yield from _data_pilots(doc, child, at)
        elif name == "table:database-ranges":
            yield from _database_ranges(doc, child, at)
        elif name in ("table:calculation-settings", "table:label-ranges", "table:consolidation",
                      "text:sequence-decls", "text:variable-decls", ""):
            continue
        else:
            yield from _walk(doc, child, at)
    if validations is not None:
        yield from _validations(doc, validations, part)


# --- spreadsheet tables -----------------------------------------------------------------------
def _main_table(el: etree._Element) -> bool:
    """A sheet of the document itself (not a chart's or an embedded document's table)."""
    parent = el.getparent()
    if parent is None or qn(parent.tag) != "office:spreadsheet":
        return False
    body = parent.getparent()
    return body is not None and qn(body.tag) == "office:body" and (
        body.getparent() is not None and body.getparent().getparent() is None)


def _table_of(row: etree._Element) -> etree._Element | None:
    for anc in row.iterancestors(a("table", "table")):
        return anc
    return None


def _streamed_row(doc: _Doc, row: etree._Element, part: str) -> Iterator[Item]:
    table = _table_of(row)
    if table is None or not _main_table(table):
        return  # a chart's, an embedded document's, or a text table: read with its container
    if doc.sheet is None or doc.sheet.table is not table:
        yield from _start_sheet(doc, table, part)
    assert doc.sheet is not None
    if doc.count("row") % 1024 == 0:
        doc.ctx.deadline.check()
    yield from _sheet_row(doc, doc.sheet, row)
    parent = row.getparent()
    row.clear()
    if parent is not None:
        parent.remove(row)


def _streamed_table_end(doc: _Doc, table: etree._Element, part: str) -> Iterator[Item]:
    if not _main_table(table):
        return
    if doc.sheet is not None and doc.sheet.table is table:
        yield from _finish_sheet(doc, doc.sheet)
    else:
        yield from _whole_table(doc, table, part)
    doc.sheet = None
    table.clear()
    table.set(_DONE, "1")


def _whole_table(doc: _Doc, table: etree._Element, part: str) -> Iterator[Item]:
    yield from _start_sheet(doc, table, part)
    sheet = doc.sheet
    assert sheet is not None
    for n, row in enumerate(_own_rows(table), 1):
        if n % 1024 == 0:
            doc.ctx.deadline.check()
        yield from _sheet_row(doc, sheet, row)
    yield from _finish_sheet(doc, sheet)
    doc.sheet = None


_ROW_GROUPS = frozenset({"table:table-row-group", "table:table-header-rows", "table:table-rows"})
_COL_GROUPS = frozenset({"table:table-column-group", "table:table-header-columns",
                         "table:table-columns"})


def _own_rows(table: etree._Element) -> Iterator[etree._Element]:
    for child in table:
        name = qn(child.tag)
        if name == "table:table-row":
            yield child
        elif name in _ROW_GROUPS:
            yield from _own_rows(child)


def _start_sheet(doc: _Doc, table: etree._Element, part: str) -> Iterator[Item]:
    n = doc.count("sheet")
    name = table.get(a("table", "name")) or f"Sheet{n}"
    style = table.get(_TABLE_STYLE)
    hidden = doc.styles.prop("table", style, "table_display") == "false"
    reasons: Reasons = (H.HIDDEN_SHEET,) if hidden else ()
    cols = _columns(doc, table)
    doc.sheet_names.append(name)
    doc.sheet = _Sheet(name, part, reasons, table, [c[0] for c in cols], cols)
    yield doc.fact(SHEET_FACT, part, name, str(H.HIDDEN_SHEET) if hidden else "visible")


def _columns(doc: _Doc, table: etree._Element) -> list[tuple[int, int, Reasons, str | None]]:
    out: list[tuple[int, int, Reasons, str | None]] = []
    col = 1

    def visit(container: etree._Element, collapsed: bool) -> None:
        nonlocal col
        for child in container:
            name = qn(child.tag)
            if name == "table:table-column":
                span = _repeat(child.get(_COLS_REPEATED))
                out.append((col, col + span - 1, _column_reasons(doc, child, collapsed),
                            child.get(_DEFAULT_CELL_STYLE)))
                col += span
            elif name in _COL_GROUPS:
                visit(child, collapsed or child.get(a("table", "display")) == "false")

    visit(table, False)
    return out


def _column_reasons(doc: _Doc, col: etree._Element, collapsed: bool) -> Reasons:
    if col.get(_VISIBILITY, "visible") != "visible":
        return (H.COLLAPSED_OUTLINE if collapsed else H.HIDDEN_COLUMN,)
    width = doc.styles.points("table-column", col.get(_TABLE_STYLE), "column_width")
    return (H.ZERO_SIZE,) if width is not None and width < ZERO_POINTS else ()


def _row_reasons(doc: _Doc, row: etree._Element) -> Reasons:
    visibility = row.get(_VISIBILITY, "visible")
    if visibility == "filter":
        return (H.FILTERED_ROW,)
    if visibility == "collapse":
        collapsed = any(g.get(a("table", "display")) == "false"
                        for g in row.iterancestors(a("table", "table-row-group")))
        return (H.COLLAPSED_OUTLINE if collapsed else H.HIDDEN_ROW,)
    height = doc.styles.points("table-row", row.get(_TABLE_STYLE), "row_height")
    return (H.ZERO_SIZE,) if height is not None and height < ZERO_POINTS else ()


def _repeat(value: str | None) -> int:
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        return 1


@dataclass(slots=True)
class _Content:
    """What one cell holds: its value, and what is set aside (hidden text, link targets,
    comments and shapes)."""

    value: str
    is_number: bool = False
    numeric: bool = False          # formatted as a value (number, date, time, boolean)
    hidden: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    extras: list[etree._Element] = field(default_factory=list)


@dataclass(slots=True)
class _Cell:
    column: int
    span: int
    content: _Content
    style: str | None
    covered: bool


def _sheet_row(doc: _Doc, sheet: _Sheet, row: etree._Element) -> Iterator[Item]:
    repeat = _repeat(row.get(_ROWS_REPEATED))
    first = sheet.next_row
    sheet.next_row += repeat
    row_reasons = _row_reasons(doc, row)
    row_style = row.get(_DEFAULT_CELL_STYLE)
    cells: list[_Cell] = []
    col = 1
    for cell in row:
        if cell.tag != _CELL and cell.tag != _COVERED:
            continue
        span = _repeat(cell.get(_COLS_REPEATED))
        if cell.get(_VALIDATION_NAME):
            _note_validation(doc, sheet, cell, first, col, row_reasons)
        content = _cell_content(doc, cell)
        if content is not None:
            cells.append(_Cell(col, span, content, cell.get(_TABLE_STYLE) or row_style,
                               cell.tag == _COVERED))
        col += span
    if not any(c.content.value for c in cells) and row_reasons:
        sheet.empty_hidden_rows.setdefault(row_reasons[0], []).append(
            (first, first + repeat - 1))
    yield from _row_units(doc, sheet, first, repeat, row_reasons, cells)
    for cell in cells:
        reasons = (*sheet.reasons, *row_reasons, *sheet.column(cell.column)[0])
        yield from _set_aside(doc, cell.content, _At(sheet.part, reasons, sheet.name, first,
                                                     cell.column, label="text box or shape"))


def _row_units(doc: _Doc, sheet: _Sheet, first: int, repeat: int, row_reasons: Reasons,
               cells: list[_Cell]) -> Iterator[Item]:
    """The row's cell values, row by row of the repeated row, with each cell's reasons."""
    valued = [c for c in cells if c.content.value]
    made = sum(c.span for c in valued) * repeat
    if made > len(valued):  # charged before anything is made: 10^9 x 10^9 'X' costs nothing
        doc.budget.repeat(made - len(valued), sheet.part)
    placed: list[tuple[int, _Content, Reasons]] = []
    for cell in valued:
        for column in range(cell.column, cell.column + cell.span):
            col_reasons, col_style = sheet.column(column)
            if col_reasons:
                sheet.hidden_cols_used.add(column)
            style = cell.style or col_style or "Default"
            placed.append((column, cell.content, (
                *sheet.reasons, *row_reasons, *col_reasons,
                *doc.styles.cell_reasons(style, cell.content.numeric),
                *((H.COVERED_TEXT,) if cell.covered else ()))))
    for r in range(first, first + repeat) if placed else ():
        for column, content, reasons in placed:
            sheet.cells += 1
            yield doc.unit(content.value, sheet.part, reasons, sheet.name, r, column,
                           is_number=content.is_number)


def _set_aside(doc: _Doc, content: _Content, at: _At) -> Iterator[Item]:
    """A cell's hidden text, link targets, comments and shapes, at the cell."""
    for value in content.hidden:
        yield doc.unit(value, at.part, (*at.reasons, H.HIDDEN_TEXT), at.sheet, at.row,
                       at.column, "hidden text in a cell")
    for href in content.links:
        yield doc.unit(href, at.part, at.reasons, at.sheet, at.row, at.column,
                       "hyperlink target")
    for element in content.extras:
        yield from _walk(doc, element, at)


def _note_validation(doc: _Doc, sheet: _Sheet, cell: etree._Element, row: int, col: int,
                     row_reasons: Reasons) -> None:
    name = cell.get(_VALIDATION_NAME)
    if name and name not in doc.validation_cells:
        doc.validation_cells[name] = (sheet.name, row, col,
                                      (*sheet.reasons, *row_reasons, *sheet.column(col)[0]))


_NUMERIC_TYPES = frozenset({"float", "percentage", "currency"})
_VALUE_TYPES = frozenset({"date", "time", "boolean"})
_DATE = re.compile(r"(-?\d{4,}-\d\d-\d\d)(T\d\d:\d\d:\d\d)?")
_DURATION = re.compile(r"-?PT?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,]\d+)?S)?")


def _cell_content(doc: _Doc, cell: etree._Element) -> _Content | None:
    """What a cell holds, if anything."""
    kind = cell.get(_VALUE_TYPE) or ""
    if not len(cell) and not kind and not cell.get(_STRING_VALUE):
        return None
    if len(cell) == 1 and cell[0].tag == _P and not len(cell[0]):
        value = _typed_value(cell, kind) or (cell[0].text or "").strip()  # the common case
        return _Content(value, kind in _NUMERIC_TYPES and _is_float(value),
                        kind in _NUMERIC_TYPES or kind in _VALUE_TYPES) if value else None
    inline = _Inline()
    _cell_paragraphs(doc, cell, inline)
    value = _typed_value(cell, kind) or inline.text() or \
        (cell.get(_STRING_VALUE) or "").strip()
    if not (value or inline.hidden or inline.links or inline.extras):
        return None
    return _Content(value, kind in _NUMERIC_TYPES and _is_float(value),
                    kind in _NUMERIC_TYPES or kind in _VALUE_TYPES, inline.hidden, inline.links,
                    inline.extras)


def _typed_value(cell: etree._Element, kind: str) -> str:
    if kind in _NUMERIC_TYPES:
        return (cell.get(_VALUE) or "").strip()
    if kind == "date":
        raw = (cell.get(a("office", "date-value")) or "").strip()
        m = _DATE.match(raw)
        return (m.group(1) + (m.group(2) or "")) if m else raw
    if kind == "time":
        raw = (cell.get(a("office", "time-value")) or "").strip()
        m = _DURATION.fullmatch(raw)
        if m and any(m.groups()):
            h, mi, s = (int(g or 0) for g in m.groups())
            return f"{h:02d}:{mi:02d}:{s:02d}"
        return raw
    return ""


def _is_float(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _cell_paragraphs(doc: _Doc, el: etree._Element, inline: _Inline) -> None:
    """A cell's paragraphs, joined; comments, shapes and nested tables are set aside."""
    for child in el:
        name = qn(child.tag)
        if name in ("text:p", "text:h"):
            if inline.parts:
                inline.parts.append("\n")
            _collect(doc, child, inline)
        elif name in _SPECIAL or name.startswith(("draw:", "dr3d:")) or name == "table:table":
            inline.extras.append(child)
        elif name:
            _cell_paragraphs(doc, child, inline)


def _finish_sheet(doc: _Doc, sheet: _Sheet) -> Iterator[Item]:
    """What the table holds besides rows (shapes, forms, names), then its empty hiding places."""
    at = _At(sheet.part, sheet.reasons, sheet.name)
    for child in sheet.table:
        name = qn(child.tag)
        if name in ("table:table-row", "table:table-column") or name in _ROW_GROUPS \
                or name in _COL_GROUPS or not name:
            continue
        if name == "table:shapes":
            for shape in child:
                yield from _walk(doc, shape, at.more(label="text box or shape"))
        elif name == "table:named-expressions":
            yield from _names(doc, child, sheet.part, sheet.name, sheet.reasons)
        elif name == "table:table-source":
            href = child.get(a("xlink", "href")) or ""
            yield doc.fact("external_link", sheet.part, sheet.name,
                           "the sheet is a copy of another file's data, refreshed from it")
            if href:
                yield doc.unit(href, sheet.part, (*sheet.reasons, H.METADATA), sheet.name,
                               detail="source file of a linked sheet")
        elif name in ("table:title", "table:desc"):
            text = "".join(child.itertext()).strip()
            if text:
                yield doc.unit(text, sheet.part, (*sheet.reasons, H.METADATA), sheet.name,
                               detail=f"sheet {name.partition(':')[2]}")
        elif name in ("table:scenario", "calcext:conditional-formats", "table:table-protection",
                      "loext:table-protection", "calcext:sparkline-groups"):
            continue
        else:
            yield from _walk(doc, child, at)
    yield from _empty_hiding_places(doc, sheet)


def _empty_hiding_places(doc: _Doc, sheet: _Sheet) -> Iterator[Item]:
    for reason, spans in sheet.empty_hidden_rows.items():
        yield doc.fact(str(reason), sheet.part, sheet.name, f"rows {_runs(spans, False)}",
                       hidden=(*sheet.reasons, reason))
    by_reason: dict[Hidden, list[tuple[int, int]]] = {}
    for first, last, reasons, _style in sheet.cols:
        if reasons:
            by_reason.setdefault(reasons[0], []).extend(
                _minus(first, last, sheet.hidden_cols_used))
    for reason, spans in by_reason.items():
        if spans:
            yield doc.fact(str(reason), sheet.part, sheet.name, f"columns {_runs(spans, True)}",
                           hidden=(*sheet.reasons, reason))
    if sheet.reasons and not sheet.cells:
        yield doc.fact(str(sheet.reasons[0]), sheet.part, sheet.name, "sheet holds no cells",
                       hidden=sheet.reasons)


def _minus(first: int, last: int, used: set[int]) -> list[tuple[int, int]]:
    """[first, last] without the numbers in `used`, as runs."""
    out: list[tuple[int, int]] = []
    start = first
    for n in sorted(u for u in used if first <= u <= last):
        if n > start:
            out.append((start, n - 1))
        start = n + 1
    if start <= last:
        out.append((start, last))
    return out


def _runs(spans: list[tuple[int, int]], letters: bool) -> str:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))

    def show(n: int) -> str:
        return col_letters(n) if letters else str(n)

    sep = ":" if letters else "-"
    text = ",".join(show(lo) if lo == hi else f"{show(lo)}{sep}{show(hi)}"
                    for lo, hi in merged[:LISTED_RUNS])
    more = len(merged) - LISTED_RUNS
    return text + (f",… ({more} more runs)" if more > 0 else "")


# --- what a spreadsheet holds besides its tables ----------------------------------------------
_STRING = re.compile(r'"((?:[^"]|"")*)"')


def _names(doc: _Doc, el: etree._Element, part: str, sheet: str | None,
           reasons: Reasons) -> Iterator[Item]:
    """Named ranges point at cells; named expressions may hold constants, which are data."""
    for child in el:
        kind = qn(child.tag)
        name = child.get(a("table", "name")) or ""
        if kind == "table:named-range":
            target = child.get(a("table", "cell-range-address")) or ""
            yield doc.fact("defined_name", part, sheet, f"name '{name}' refers to {target[:80]}",
                           hidden=(*reasons, H.DEFINED_NAME))
        elif kind == "table:named-expression":
            expression = child.get(a("table", "expression")) or ""
            constant = _constant(expression)
            if constant is not None:
                if constant.strip():
                    yield doc.unit(constant, part, (*reasons, H.DEFINED_NAME), sheet,
                                   detail=f"name '{name}'")
            else:
                yield doc.fact("defined_name", part, sheet,
                               f"name '{name}' refers to {expression[:80]}",
                               hidden=(*reasons, H.DEFINED_NAME))


def _constant(expression: str) -> str | None:
    """The value of an expression that is a constant ("text", 42, {array}), else None."""
    body = re.sub(r"^(?:of|oooc|msoxl):", "", expression.strip()).lstrip("=").strip()
    if body.startswith('"') and body.endswith('"') and len(body) >= 2 \
            and _STRING.fullmatch(body):
        return body[1:-1].replace('""', '"')
    if body.startswith("{") or re.fullmatch(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?", body):
        return body
    return None


def _validations(doc: _Doc, el: etree._Element, part: str) -> Iterator[Item]:
    for v in el:
        if qn(v.tag) != "table:content-validation":
            continue
        name = v.get(a("table", "name")) or ""
        sheet, row, col, reasons = doc.validation_cells.get(name, (None, None, None, ()))
        items = _list_items(v.get(a("table", "condition")) or "")
        if items:
            where = f" on {col_letters(col)}{row}" if row and col else ""
            yield doc.unit(",".join(items), part, (*reasons, H.DATA_VALIDATION), sheet, row, col,
                           detail=f"list validation{where}")
        for message in v:
            kind = qn(message.tag)
            if kind not in ("table:help-message", "table:error-message"):
                continue
            title = (message.get(a("table", "title")) or "").strip()
            text = "\n".join(t for t in (title, _paragraphs_text(doc, message)) if t)
            if text:
                yield doc.unit(text, part, (*reasons, H.DATA_VALIDATION), sheet,
                               detail=f"{kind.partition(':')[2].replace('-', ' ')} of a "
                                      "validation")


def _list_items(condition: str) -> list[str]:
    """Items of a 'cell-content-is-in-list("a";"b";3)' condition (not of a range it names)."""
    m = re.search(r"cell-content-is-in-list\((.*)\)", condition, re.S)
    if not m:
        return []
    items = []
    for token in re.findall(r'"(?:[^"]|"")*"|[^;]+', m.group(1)):
        token = token.strip()
        if token.startswith('"'):
            items.append(token[1:-1].replace('""', '"'))
        elif re.fullmatch(r"-?\d+(?:\.\d+)?", token):
            items.append(token)
    return [i for i in items if i.strip()]


def _table_changes(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    """Calc's tracked changes: earlier values of changed cells, deleted cells, who did it."""
    for change in el:
        if isinstance(change.tag, str):
            yield from _table_change(doc, change, _change_place(doc, change, at))


def _change_place(doc: _Doc, change: etree._Element, at: _At) -> _At:
    """The changed cell (sheet, row, column), when the change names one."""
    address = next(change.iter(a("table", "cell-address")), None)
    if address is None:
        return at
    try:
        sheet = int(address.get(a("table", "table")) or "")
        row = int(address.get(a("table", "row")) or "") + 1
        column = int(address.get(a("table", "column")) or "") + 1
    except ValueError:
        return at
    names = doc.sheet_names
    return replace(at, sheet=names[sheet] if 0 <= sheet < len(names) else at.sheet,
                   row=row, column=column)


def _table_change(doc: _Doc, change: etree._Element, at: _At) -> Iterator[Item]:
    reasons = (*at.reasons, H.TRACKED_CHANGE)
    for node in change.iter(a("table", "change-track-table-cell"), a("dc", "creator"),
                            a("office", "change-info")):
        kind = qn(node.tag)
        if kind == "table:change-track-table-cell":
            inline = _Inline()
            _cell_paragraphs(doc, node, inline)
            value = _typed_value(node, node.get(_VALUE_TYPE) or "") \
                or inline.text() or (node.get(_STRING_VALUE) or "")
            if value.strip():
                yield doc.unit(value.strip(), at.part, reasons, at.sheet, at.row, at.column,
                               detail="earlier or deleted cell value (tracked change)")
        elif kind == "dc:creator":
            if (node.text or "").strip():
                yield doc.unit(node.text.strip(), at.part, reasons, at.sheet,
                               detail="author of a tracked change")
        else:
            text = "\n".join(_inline_text(doc, p) for p in node.iterchildren(a("text", "p")))
            if text.strip():
                yield doc.unit(text.strip(), at.part, reasons, at.sheet,
                               detail="comment on a tracked change")


def _dde_links(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    """DDE links keep a copy of the other program's data in the file."""
    for n, link in enumerate(el.iter(a("table", "dde-link")), 1):
        source = next(link.iter(a("office", "dde-source")), None)
        label = f"DDE link {n}"
        if source is not None:
            target = "|".join(source.get(a("office", k)) or "" for k in
                              ("dde-application", "dde-topic", "dde-item"))
            yield doc.unit(target, at.part, (*at.reasons, H.EXTERNAL_LINK_CACHE), at.sheet,
                           detail=f"source of {label}")
        for table in link.iter(a("table", "table")):
            yield from _cache_table(doc, table, at.more(H.EXTERNAL_LINK_CACHE), label)


def _data_pilots(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    """Pivot tables (data pilots): items filtered out of a field still name their values."""
    for pilot in el.iter(a("table", "data-pilot-table")):
        for source in pilot:
            kind = qn(source.tag)
            if kind.startswith("table:database-source") or kind == "table:source-service":
                yield from _source_units(doc, source, at, "data pilot source")
        for fld in pilot.iter(a("table", "data-pilot-field")):
            field_name = fld.get(a("table", "source-field-name")) or ""
            for member in fld.iter(a("table", "data-pilot-member")):
                value = (member.get(a("table", "name")) or "").strip()
                if value and member.get(a("table", "display")) == "false":
                    yield doc.unit(value, at.part, (*at.reasons, H.PIVOT_CACHE), at.sheet,
                                   detail=f"field '{field_name}'")


def _database_ranges(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    for source in el.iter():
        if qn(source.tag).startswith("table:database-source"):
            yield from _source_units(doc, source, at, "database range source")


def _source_units(doc: _Doc, source: etree._Element, at: _At, what: str) -> Iterator[Item]:
    for attr, value in source.attrib.items():
        name = attr.rpartition("}")[2]
        if value.strip() and name not in ("parse-sql-statement", "database-table-name-type"):
            yield doc.unit(value.strip(), at.part, (*at.reasons, H.CONNECTION), at.sheet,
                           detail=f"{what} ({name})")


def _cache_table(doc: _Doc, table: etree._Element, at: _At, label: str) -> Iterator[Item]:
    """A table kept as a copy of data shown elsewhere (a chart's data, a DDE link's)."""
    yield from _table_cells(doc, table, at, f"cached cell of [{label}]")


def _table_cells(doc: _Doc, table: etree._Element, at: _At,
                 detail: str | None) -> Iterator[Item]:
    """Every cell of a table on its grid, repeats and spans counted."""
    r = 1
    for row in _own_rows(table):
        repeat = _repeat(row.get(_ROWS_REPEATED))
        col = 1
        for cell in row:
            if qn(cell.tag) not in ("table:table-cell", "table:covered-table-cell"):
                continue
            span = _repeat(cell.get(_COLS_REPEATED))
            yield from _grid_cell(doc, cell, replace(at, row=r, column=col), span, repeat,
                                  detail)
            col += span
        r += repeat


# --- walking document content -----------------------------------------------------------------
# Inline elements read as their own units, not as part of the paragraph's text.
_SPECIAL = frozenset({"office:annotation", "text:note", "table:table"})
_INLINE_EMPTY = frozenset({
    "text:bookmark", "text:bookmark-start", "text:bookmark-end", "text:reference-mark",
    "text:reference-mark-start", "text:reference-mark-end", "text:soft-page-break",
    "text:change", "office:annotation-end", "text:toc-mark", "text:toc-mark-start",
    "text:toc-mark-end", "text:alphabetical-index-mark", "text:alphabetical-index-mark-start",
    "text:alphabetical-index-mark-end", "text:user-index-mark", "text:user-index-mark-start",
    "text:user-index-mark-end", "office:binary-data",
})


@dataclass(slots=True)
class _Inline:
    parts: list[str] = field(default_factory=list)
    inserted: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    extras: list[etree._Element] = field(default_factory=list)
    hide_paragraph: bool = False

    def text(self) -> str:
        return "".join(self.parts).strip()


def _collect(doc: _Doc, el: etree._Element, out: _Inline) -> None:
    """The shown text of a paragraph (or span), sorting out what is not shown."""
    _add(doc, out, el.text)
    for child in el:
        name = qn(child.tag)
        if name == "text:s":
            count = min(_repeat(child.get(a("text", "c"))), MAX_SPACES)
            _add(doc, out, " " * count)
        elif name == "text:tab":
            _add(doc, out, "\t")
        elif name == "text:line-break":
            _add(doc, out, "\n")
        elif name == "text:span" and doc.styles.text_hidden(child.get(a("text", "style-name")),
                                                            "text"):
            _hidden_part(doc, child, out)
        elif name == "text:a":
            href = (child.get(a("xlink", "href")) or "").strip()
            if href and href != "".join(child.itertext()).strip():
                out.links.append(href)
            _collect(doc, child, out)
        elif name == "text:change-start":
            change = child.get(a("text", "change-id")) or ""
            if change in doc.insertions:
                doc.inserting.add(change)
        elif name == "text:change-end":
            doc.inserting.discard(child.get(a("text", "change-id")) or "")
        elif name == "text:hidden-text":
            value = child.get(a("text", "string-value")) or "".join(child.itertext())
            if value.strip():
                out.hidden.append(value.strip())
        elif name == "text:hidden-paragraph":
            out.hide_paragraph = out.hide_paragraph or \
                child.get(a("text", "is-hidden")) != "false"
        elif name == "text:conditional-text":
            _conditional(doc, child, out)
        elif child.get(a("text", "display")) == "none":
            _hidden_part(doc, child, out)
        elif name in _SPECIAL or name.startswith(("draw:", "dr3d:")):
            out.extras.append(child)
        elif name not in _INLINE_EMPTY and name:
            _collect(doc, child, out)
        _add(doc, out, child.tail)


def _add(doc: _Doc, out: _Inline, text: str | None) -> None:
    if text:
        (out.inserted if doc.inserting else out.parts).append(text)


def _hidden_part(doc: _Doc, el: etree._Element, out: _Inline) -> None:
    inner = _Inline()
    _collect(doc, el, inner)
    text = "".join(inner.parts + inner.inserted).strip()
    if text:
        out.hidden.append(text)
    out.hidden.extend(inner.hidden)
    out.links.extend(inner.links)
    out.extras.extend(inner.extras)


def _conditional(doc: _Doc, el: etree._Element, out: _Inline) -> None:
    shown = "".join(el.itertext())
    _add(doc, out, shown)
    for attr in ("string-value-if-true", "string-value-if-false"):
        value = (el.get(a("text", attr)) or "").strip()
        if value and value != shown.strip():
            out.hidden.append(value)


def _inline_text(doc: _Doc, el: etree._Element) -> str:
    inline = _Inline()
    _collect(doc, el, inline)
    return "".join(inline.parts + inline.inserted).strip()


def _paragraphs_text(doc: _Doc, el: etree._Element) -> str:
    return "\n".join(t for t in (_inline_text(doc, p) for p in el.iter(a("text", "p"),
                                                                      a("text", "h"))) if t)


def _walk(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    """Every piece of text under `el`, each with the reasons it is hidden."""
    name = qn(el.tag)
    if not name:
        return
    handler = _HANDLERS.get(name)
    if handler is not None:
        yield from handler(doc, el, at)
        return
    if name.startswith(("draw:", "dr3d:")) and name not in ("draw:text-box", "draw:g"):
        yield from _shape(doc, el, at)
        return
    loose = (el.text or "") + "".join(c.tail or "" for c in el)
    if loose.strip():
        yield doc.unit(loose.strip(), at.part, at.reasons, at.sheet, at.row, at.column,
                       at.label or f"text in <{name}>")
    for child in el:
        yield from _walk(doc, child, at)


def _paragraph(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    inline = _Inline()
    _collect(doc, el, inline)
    n = doc.count("paragraph")
    detail = at.label or f"paragraph {n}"
    family = "paragraph"
    hidden = inline.hide_paragraph or doc.styles.text_hidden(el.get(a("text", "style-name")),
                                                             family)
    reasons = (*at.reasons, *((H.HIDDEN_TEXT,) if hidden else ()))
    text = inline.text()
    if text:
        yield doc.unit(text, at.part, reasons, at.sheet, at.row, at.column, detail)
    inserted = "".join(inline.inserted).strip()
    if inserted:
        yield doc.unit(inserted, at.part, (*reasons, H.TRACKED_CHANGE), at.sheet, at.row,
                       at.column, f"{detail} inserted text")
    for value in inline.hidden:
        yield doc.unit(value, at.part, (*reasons, H.HIDDEN_TEXT), at.sheet, at.row, at.column,
                       f"{detail} hidden text")
    for href in inline.links:
        yield doc.unit(href, at.part, reasons, at.sheet, at.row, at.column,
                       f"{detail} hyperlink target")
    for extra in inline.extras:
        yield from _walk(doc, extra, at)


def _text_table(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    """A table in a document (or a chart's data): one unit per cell, on a grid."""
    if doc.chart:
        yield from _cache_table(doc, el, at.more(H.CHART_CACHE), f"chart {doc.chart}")
        return
    yield from _table_cells(doc, el, replace(at, sheet=f"table {doc.count('table')}"), None)


def _grid_cell(doc: _Doc, cell: etree._Element, at: _At, span: int, repeat: int,
               detail: str | None) -> Iterator[Item]:
    """A cell of a document's table or of a cached table, repeated as it says."""
    content = _cell_content(doc, cell)
    if content is None:
        return
    row, column = at.row or 1, at.column or 1
    if content.value:
        if span * repeat > 1:
            doc.budget.repeat(span * repeat - 1, at.part)
        for r in range(row, row + repeat):
            for c in range(column, column + span):
                yield doc.unit(content.value, at.part, at.reasons, at.sheet, r, c, detail,
                               is_number=content.is_number)
    yield from _set_aside(doc, content, at)


def _annotation(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    n = doc.count("comment")
    reasons = (*at.reasons, H.COMMENT)
    for child in el:
        kind = qn(child.tag)
        value = "".join(child.itertext()).strip()
        if kind == "dc:creator" and value:
            yield doc.unit(value, at.part, reasons, at.sheet, detail=f"author of comment {n}")
        elif kind == "meta:creator-initials" and value:
            yield doc.unit(value, at.part, reasons, at.sheet, detail=f"initials of comment {n}")
    inline = _Inline()
    for p in el:
        if qn(p.tag) in ("text:p", "text:h", "text:list"):
            if inline.parts:
                inline.parts.append("\n")
            if qn(p.tag) == "text:list":
                inline.parts.append(_paragraphs_text(doc, p))
            else:
                _collect(doc, p, inline)
    text = "".join(inline.parts + inline.inserted + inline.hidden).strip()
    if text:
        yield doc.unit(text, at.part, reasons, at.sheet, at.row, at.column, f"comment {n}")
    for href in inline.links:
        yield doc.unit(href, at.part, reasons, at.sheet, at.row, at.column,
                       f"comment {n} hyperlink target")
    for extra in inline.extras:
        yield from _walk(doc, extra, replace(at, reasons=reasons))


def _note(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    kind = el.get(a("text", "note-class")) or "footnote"
    cite = next(el.iter(a("text", "note-citation")), None)
    citation = "".join(cite.itertext()).strip() if cite is not None else ""
    label = f"{kind} {citation or doc.count(kind)}"
    for body in el.iter(a("text", "note-body")):
        for child in body:
            yield from _walk(doc, child, at.more(label=label))


def _section(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    display = el.get(a("text", "display"))
    inner = at.more(H.HIDDEN_TEXT) if display in ("none", "condition") else at
    for child in el:
        yield from _walk(doc, child, inner)


def _text_changes(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    """Writer's tracked changes: the deleted text itself, and who changed what."""
    reasons = at.more(H.TRACKED_CHANGE)
    for region in el.iter(a("text", "changed-region")):
        change = region.get(a("text", "id")) or region.get(
            "{http://www.w3.org/XML/1998/namespace}id") or ""
        for kind in region:
            name = qn(kind.tag)
            if name == "text:insertion":
                doc.insertions.add(change)
            for creator in kind.iter(a("dc", "creator")):
                if (creator.text or "").strip():
                    yield doc.unit(creator.text.strip(), at.part, reasons.reasons, at.sheet,
                                   detail="author of a tracked change")
            if name == "text:deletion":
                for child in kind:
                    if qn(child.tag) != "office:change-info":
                        yield from _walk(doc, child, reasons.more(label="deleted text "
                                                                        "(tracked change)"))


def _frame(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    name = el.get(a("draw", "name")) or ""
    for child in el:
        kind = qn(child.tag)
        if kind in ("draw:object", "draw:object-ole"):
            yield from _object(doc, child, at, name)
        elif kind == "draw:text-box":
            inner = at.more(*doc.drawing(), label=at.label or "text box")
            for item in child:
                yield from _walk(doc, item, inner)
        elif kind in ("draw:image", "draw:plugin", "draw:applet", "draw:floating-frame"):
            yield from _picture_or_plugin(doc, child, at, name)
        else:
            yield from _walk(doc, child, at)


def _picture_or_plugin(doc: _Doc, el: etree._Element, at: _At, name: str) -> Iterator[Item]:
    """A picture shows itself; text written on it is read. A plug-in, applet or floating frame
    shows another file: what it points at is said."""
    kind = qn(el.tag)
    if kind != "draw:image":
        href = (el.get(a("xlink", "href")) or "").strip()
        yield doc.fact("embedded_object", at.part, at.sheet,
                       f"{kind.partition(':')[2]} '{name}' shows {href[:80] or 'a file'}",
                       hidden=(*at.reasons, H.EMBEDDED_OBJECT))
    for child in el:
        if qn(child.tag) != "office:binary-data":
            yield from _walk(doc, child, at.more(*doc.drawing()))


def _object(doc: _Doc, el: etree._Element, at: _At, name: str) -> Iterator[Item]:
    """An embedded object: inline (flat files), or a folder or file of the package."""
    label = name or f"object {doc.count('object')}"
    for child in el:
        kind = qn(child.tag)
        if kind in ("office:document", "office:document-content") or kind.startswith("math:"):
            yield from _inline_document(doc, child, at, label)
            return
        if kind == "office:binary-data":
            try:
                data = base64.b64decode("".join(child.itertext()), validate=False)
            except (binascii.Error, ValueError):
                raise InspectionError(f"{at.part}: object '{label}' holds unreadable base64") \
                    from None
            yield from _embedded_file(doc, label, data, at.reasons)
            return
    href = el.get(a("xlink", "href"))
    if href:
        doc.objects.append(_ObjectRef(href, at, label))


def _inline_document(doc: _Doc, root: etree._Element, at: _At, label: str) -> Iterator[Item]:
    if doc.depth + 1 > doc.ctx.limits.max_depth:
        raise InspectionError(f"{label}: objects nested deeper than "
                              f"{doc.ctx.limits.max_depth} levels")
    mimetype = root.get(a("office", "mimetype")) or ""
    is_chart = "chart" in mimetype or next(root.iter(a("office", "chart")), None) is not None
    sub = _Doc(doc.ctx, doc.budget, prefix=doc.prefix,
               outer=(*doc.outer, *at.reasons, *(() if is_chart else (H.EMBEDDED_OBJECT,))),
               path=doc.path if is_chart else (*doc.path, label),
               chart=label if is_chart else None, frame_sheet=at.sheet, flat=doc.flat,
               depth=doc.depth + 1)
    yield from _foreign_root(sub, root, at.part)


def _shape(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    """A drawing shape: its alt text, and the text written in it."""
    inner = at.more(*doc.drawing())
    for child in el:
        yield from _walk(doc, child, inner)


def _group(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    for child in el:
        yield from _walk(doc, child, at)


def _alt_text(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    value = "".join(el.itertext()).strip()
    if value:
        kind = qn(el.tag).partition(":")[2]
        reasons = tuple(r for r in at.reasons if r != H.DRAWING_TEXT)
        yield doc.unit(value, at.part, (*reasons, H.ALT_TEXT), at.sheet, at.row, at.column,
                       f"alt text ({kind})")


def _page(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    """A slide (or a drawing's page); its notes are speaker notes."""
    n = doc.count("page")
    what = "slide" if doc.body == "presentation" else "page"
    style = el.get(a("draw", "style-name"))
    hidden = doc.styles.prop("drawing-page", style, "visibility") == "hidden" or \
        el.get(a("presentation", "visibility")) == "hidden"
    inner = at.more(*((H.HIDDEN_SLIDE,) if hidden else ()), label=f"{what} {n}")
    for child in el:
        if qn(child.tag) == "presentation:notes":
            yield from _group(doc, child, inner.more(H.SPEAKER_NOTES,
                                                     label=f"speaker notes of {what} {n}"))
        else:
            yield from _walk(doc, child, inner)


def _forms(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    """Form controls: their values, labels and list items."""
    reasons = (*at.reasons, H.FORM_FIELD)
    for control in el.iter():
        if not isinstance(control.tag, str):
            continue
        owner = control.get(a("form", "name")) or qn(control.tag).partition(":")[2]
        for attr, value in control.attrib.items():
            name = attr.rpartition("}")[2]
            if name in ("value", "current-value", "label", "title", "string-value") \
                    and value.strip() and not attr.startswith(f"{{{NS['xlink']}}}"):
                yield doc.unit(value.strip(), at.part, reasons, at.sheet,
                               detail=f"form control '{owner}' ({name})")


def _user_fields(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    """User fields hold values shown only where the document asks for them."""
    for decl in el:
        name = decl.get(a("text", "name")) or ""
        value = (decl.get(_STRING_VALUE) or decl.get(_VALUE) or
                 "").strip()
        if value:
            yield doc.unit(value, at.part, (*at.reasons, H.HIDDEN_TEXT), at.sheet,
                           detail=f"user field '{name}'")


def _dde_declarations(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    for decl in el:
        target = "|".join(decl.get(a("office", k)) or "" for k in
                          ("dde-application", "dde-topic", "dde-item"))
        if target.strip("|"):
            yield doc.unit(target, at.part, (*at.reasons, H.CONNECTION), at.sheet,
                           detail="DDE connection")


def _header_decl(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    value = "".join(el.itertext()).strip()
    if value:
        yield doc.unit(value, at.part, (*at.reasons, H.HEADER_FOOTER), at.sheet,
                       detail=qn(el.tag).partition(":")[2])


def _change_mark(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    """Insertions may start and end between paragraphs."""
    change = el.get(a("text", "change-id")) or ""
    if qn(el.tag) == "text:change-start" and change in doc.insertions:
        doc.inserting.add(change)
    elif qn(el.tag) == "text:change-end":
        doc.inserting.discard(change)
    return iter(())


def _nothing(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    return iter(())


def _listeners(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    for listener in el.iter(a("script", "event-listener")):
        yield from _event_listener(doc, listener, at)


def _spreadsheet_in_text(doc: _Doc, el: etree._Element, at: _At) -> Iterator[Item]:
    yield from _spreadsheet(doc, el, at.part)


_HANDLERS: dict[str, Callable[[_Doc, etree._Element, _At], Iterator[Item]]] = {
    "text:p": _paragraph,
    "text:h": _paragraph,
    "table:table": _text_table,
    "office:annotation": _annotation,
    "text:note": _note,
    "text:section": _section,
    "text:tracked-changes": _text_changes,
    "table:tracked-changes": _table_changes,
    "draw:frame": _frame,
    "draw:g": _group,
    "draw:page": _page,
    "draw:object": lambda d, e, at: _object(d, e, at, ""),
    "draw:object-ole": lambda d, e, at: _object(d, e, at, ""),
    "draw:image": lambda d, e, at: _picture_or_plugin(d, e, at, ""),
    "svg:title": _alt_text,
    "svg:desc": _alt_text,
    "presentation:notes": lambda d, e, at: _group(
        d, e, at.more(H.SPEAKER_NOTES, label=at.label or "speaker notes")),
    "presentation:header-decl": _header_decl,
    "presentation:footer-decl": _header_decl,
    "presentation:date-time-decl": _header_decl,
    "office:forms": _forms,
    "text:user-field-decls": _user_fields,
    "text:dde-connection-decls": _dde_declarations,
    "office:event-listeners": _listeners,
    "text:change-start": _change_mark,
    "text:change-end": _change_mark,
    "office:binary-data": _nothing,
    "office:annotation-end": _nothing,
    "text:sequence-decls": _nothing,
    "text:variable-decls": _nothing,
    "office:spreadsheet": _spreadsheet_in_text,
    "table:named-expressions": lambda d, e, at: _names(d, e, at.part, at.sheet, at.reasons),
    "table:content-validations": _nothing,
    "table:calculation-settings": _nothing,
    "table:table-column": _nothing,
    "table:table-columns": _nothing,
    "table:table-header-columns": _nothing,
    "table:table-column-group": _nothing,
}

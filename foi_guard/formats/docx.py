"""Word documents (.docx, .docm, .dotx): every place a letter or report can hide text.

Hiding places: tracked insertions and deletions (`tracked_change`: deleted text stays in the
file), comments and their authors, hidden text (`w:vanish`, directly or through a style), field
codes (a mail merge or hyperlink's instruction), text boxes, alt text of pictures, headers and
footers, document variables and the template path in settings, building blocks (glossary),
metadata, customXml, macros, charts (their cached series and their embedded workbook, opened
recursively) and embedded objects.

Text is read a paragraph at a time; a table cell is one unit with its table, row and column, so
columns of names are judged as columns. `segments()` is shared with redaction, which must find
the very same text again to replace what detection marked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from foi_guard.formats.base import Context, Item
from foi_guard.formats.ooxml import Package, external_targets, local
from foi_guard.formats.xlsx import parts
from foi_guard.limits import SafeZip
from foi_guard.model import ContentUnit, Hidden, InspectionError

H = Hidden
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# What each kind of part holds, by the end of its content type.
_STORY_PARTS = {
    "document.main+xml": (),
    "template.main+xml": (),
    "document.macroenabled.main+xml": (),
    "template.macroenabledtemplate.main+xml": (),
    "header+xml": (H.HEADER_FOOTER,),
    "footer+xml": (H.HEADER_FOOTER,),
    "footnotes+xml": (),
    "endnotes+xml": (),
    "glossary+xml": (H.HIDDEN_TEXT,),
}
_NOTHING = ("styles+xml", "numbering+xml", "fonttable+xml", "websettings+xml", "theme+xml",
            "stylesWithEffects+xml".lower(), "font", "obfuscatedfont", "commentsids+xml",
            "commentsextensible+xml", "printersettings", "relationships+xml")
_BREAKS = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-", "softHyphen": ""}
_DELETED = ("del", "moveFrom")
_INSERTED = ("ins", "moveTo")


def inspect(data: bytes, ctx: Context) -> Iterator[Item]:
    pkg = Package(SafeZip(data, "document", ctx.limits))
    main = pkg.main_part()
    if not pkg.zip.has(main):
        raise InspectionError(f"the document part {main} is missing")
    styles = HiddenStyles.of(pkg, main)
    for part in pkg.parts():
        ctx.deadline.check()
        yield from read_part(pkg, part, styles, ctx)


def read_part(pkg: Package, part: str, styles: HiddenStyles, ctx: Context) -> Iterator[Item]:
    ctype = pkg.content_type(part)
    lowered = part.lower()
    if lowered.endswith(".rels") or lowered == "[content_types].xml":
        return
    story = next((r for end, r in _STORY_PARTS.items() if ctype.endswith(end)), None)
    if story is not None:
        yield from story_units(pkg.xml(part), part, story, styles)
    elif ctype.endswith("comments+xml") or ctype.endswith("commentsextended+xml"):
        yield from comment_units(pkg.xml(part), part, styles)
    elif ctype.endswith("people+xml"):
        yield from _people(pkg.xml(part), part)
    elif ctype.endswith("settings+xml"):
        yield from _settings(pkg, part)
    elif any(ctype.endswith(end) for end in _NOTHING) or lowered.startswith("word/fonts/"):
        return
    elif lowered.startswith("word/embeddings/"):
        yield from parts.embedded(pkg, part, None, ctx)
    else:
        yield from parts.read_part(pkg, part, None, ctx)
    yield from external_targets(pkg, part)


# ---------------------------------------------------------------- hidden styles

@dataclass(slots=True)
class HiddenStyles:
    """Style ids whose runs are hidden (w:vanish), following basedOn chains."""

    hidden: frozenset[str] = frozenset()
    default_hidden: bool = False

    @classmethod
    def of(cls, pkg: Package, main: str) -> HiddenStyles:
        rel = next((r for r in pkg.rels(main) if r.kind == "styles" and not r.external), None)
        if rel is None or not pkg.zip.has(rel.target):
            return cls()
        root = pkg.xml(rel.target)
        based: dict[str, str] = {}
        vanish: dict[str, bool] = {}
        for style in root.iter(f"{{{W_NS}}}style", "{*}style"):
            sid = _attr(style, "styleId") or ""
            base = style.find("{*}basedOn")
            if base is not None:
                based[sid] = _attr(base, "val") or ""
            rpr = style.find("{*}rPr")
            if rpr is not None and _flag(rpr.find("{*}vanish")) is not None:
                vanish[sid] = bool(_flag(rpr.find("{*}vanish")))
        hidden = {sid for sid in {*based, *vanish} if _inherits(sid, vanish, based)}
        defaults = root.find("{*}docDefaults/{*}rPrDefault/{*}rPr")
        default_hidden = bool(defaults is not None and _flag(defaults.find("{*}vanish")))
        return cls(frozenset(hidden), default_hidden)


def _inherits(sid: str, vanish: dict[str, bool], based: dict[str, str]) -> bool:
    seen: set[str] = set()
    while sid and sid not in seen:
        seen.add(sid)
        if sid in vanish:
            return vanish[sid]
        sid = based.get(sid, "")
    return False


def _attr(el: etree._Element, name: str) -> str | None:
    value = el.get(f"{{{W_NS}}}{name}")
    if value is None:
        value = next((v for k, v in el.attrib.items() if local(k) == name), None)
    return value


def _flag(el: etree._Element | None) -> bool | None:
    """A w:vanish-like toggle: None when absent; its w:val otherwise (absent val = on)."""
    if el is None:
        return None
    return (_attr(el, "val") or "true").lower() not in ("0", "false", "off")


def run_is_hidden(run: etree._Element | None, paragraph: etree._Element,
                  styles: HiddenStyles) -> bool:
    if run is not None:
        rpr = run.find("{*}rPr")
        if rpr is not None:
            direct = _flag(rpr.find("{*}vanish"))
            if direct is not None:
                return direct
            rstyle = rpr.find("{*}rStyle")
            if rstyle is not None and _attr(rstyle, "val") in styles.hidden:
                return True
    pstyle = paragraph.find("{*}pPr/{*}pStyle")
    if pstyle is not None and _attr(pstyle, "val") in styles.hidden:
        return True
    return styles.default_hidden


# ---------------------------------------------------------------- segments of text

@dataclass(slots=True)
class Piece:
    element: etree._Element  # the w:t (or w:delText, w:instrText) that holds the text
    start: int               # where its text begins in the segment's value


@dataclass(slots=True)
class Segment:
    """One unit's worth of text, and the XML elements it was read from."""

    hidden: tuple[Hidden, ...]
    detail: str | None
    sheet: str | None = None
    row: int | None = None
    column: int | None = None
    pieces: list[Piece] = field(default_factory=list)
    text: str = ""

    def add(self, element: etree._Element, text: str) -> None:
        if element is not None:
            self.pieces.append(Piece(element, len(self.text)))
        self.text += text

    def key(self) -> tuple:
        return (self.sheet, self.row, self.column, self.detail)


def segments(root: etree._Element, reasons: tuple[Hidden, ...],
             styles: HiddenStyles) -> list[Segment]:
    """Every paragraph's text split by how it is seen (visible, deleted, inserted, hidden),
    table cells as grid segments; in document order."""
    # Keyed by the elements themselves: that keeps lxml's proxies alive, so they stay the same
    # objects each time the tree hands them out (an id() of a dropped proxy is meaningless).
    tables = {t: n for n, t in enumerate(root.iter("{*}tbl"), 1)}
    rows = {r: n for t in tables for n, r in enumerate(_own_rows(t), 1)}
    cells: dict[etree._Element, Segment] = {}
    out: list[Segment] = []
    for number, paragraph in enumerate(root.iter("{*}p"), 1):
        where = _container(paragraph)
        base = reasons + ((H.DRAWING_TEXT,) if where == "txbxContent" else ())
        cell = _cell_of(paragraph) if where == "tc" else None
        kinds: dict[str, Segment] = {}
        for element, text, kind in _paragraph_text(paragraph, styles):
            seg = kinds.get(kind)
            if seg is None:
                seg = _new_segment(kind, base, number, cell, (tables, rows), cells, out)
                kinds[kind] = seg
            seg.add(element, text)
        if cell is not None and cell in cells and "visible" in kinds:
            kinds["visible"].add(None, "\n")  # paragraphs within a cell
    for seg in out:
        seg.text = seg.text.rstrip("\n") if seg.row is not None else seg.text
    return [s for s in out if s.text.strip()]


def _new_segment(kind: str, base: tuple[Hidden, ...], number: int,
                 cell: etree._Element | None, numbering: tuple[dict, dict],
                 cells: dict[etree._Element, Segment], out: list[Segment]) -> Segment:
    if kind == "visible" and cell is not None:
        if cell not in cells:
            table, row, column = _grid(cell, *numbering)
            cells[cell] = Segment(base, None, f"table {table}", row, column)
            out.append(cells[cell])
        return cells[cell]
    extra = {"visible": (), "deleted": (H.TRACKED_CHANGE,), "inserted": (H.TRACKED_CHANGE,),
             "hidden": (H.HIDDEN_TEXT,), "field": (H.HIDDEN_TEXT,)}[kind]
    label = {"visible": "", "deleted": " deleted text", "inserted": " inserted text",
             "hidden": " hidden text", "field": " field code"}[kind]
    seg = Segment(base + extra, f"paragraph {number}{label}")
    out.append(seg)
    return seg


def _paragraph_text(paragraph: etree._Element,
                    styles: HiddenStyles) -> Iterator[tuple[etree._Element, str, str]]:
    """(element, text, kind) for the paragraph's own runs, not those of nested text boxes."""
    for el in paragraph.iter():
        name = local(el.tag)
        if name not in ("t", "delText", "instrText") and name not in _BREAKS:
            continue
        if _nearest(el, "p") is not paragraph:
            continue
        run = _nearest(el, "r")
        if name in _BREAKS:
            if run is None or local(el.getparent().tag) != "r":
                continue
            yield None, _BREAKS[name], _kind(el, run, paragraph, styles)  # type: ignore[misc]
            continue
        if el.text:
            kind = "field" if name == "instrText" else _kind(el, run, paragraph, styles)
            yield el, el.text, kind


def _kind(el: etree._Element, run: etree._Element | None, paragraph: etree._Element,
          styles: HiddenStyles) -> str:
    for anc in el.iterancestors():
        name = local(anc.tag)
        if anc is paragraph:
            break
        if name in _DELETED:
            return "deleted"
        if name in _INSERTED:
            return "inserted"
    if local(el.tag) == "delText":
        return "deleted"
    if run_is_hidden(run, paragraph, styles):
        return "hidden"
    return "visible"


def _nearest(el: etree._Element, name: str) -> etree._Element | None:
    for anc in el.iterancestors():
        if local(anc.tag) == name:
            return anc
    return None


def _container(paragraph: etree._Element) -> str:
    for anc in paragraph.iterancestors():
        name = local(anc.tag)
        if name in ("tc", "txbxContent", "comment", "footnote", "endnote", "body"):
            return name
    return "body"


def _cell_of(paragraph: etree._Element) -> etree._Element | None:
    return _nearest(paragraph, "tc")


def _own_rows(table: etree._Element) -> list[etree._Element]:
    """The table's rows, including those wrapped in content controls, not nested tables'."""
    return [r for r in table.iter("{*}tr") if _nearest(r, "tbl") is table]


def _grid(cell: etree._Element, tables: dict[etree._Element, int],
          rows: dict[etree._Element, int]) -> tuple[int, int, int]:
    """(table number, row, column) of a cell, columns counted through merged (gridSpan) cells."""
    row = _nearest(cell, "tr")
    table = _nearest(cell, "tbl")
    column = 1
    for sibling in row.iter("{*}tc") if row is not None else ():
        if sibling is cell:
            break
        if _nearest(sibling, "tr") is not row:
            continue
        span = sibling.find("{*}tcPr/{*}gridSpan")
        value = _attr(span, "val") if span is not None else None
        column += int(value) if value and value.isdigit() and 0 < int(value) < 64 else 1
    return tables.get(table, 0), rows.get(row, 0), column


# ---------------------------------------------------------------- parts

def story_units(root: etree._Element, part: str, reasons: tuple[Hidden, ...],
                styles: HiddenStyles) -> Iterator[Item]:
    for seg in segments(root, reasons, styles):
        yield ContentUnit(seg.text, part, seg.hidden, seg.sheet, seg.row, seg.column,
                          seg.detail)
    yield from alt_text_units(root, part)


def alt_text_units(root: etree._Element, part: str) -> Iterator[ContentUnit]:
    for props in root.iter("{*}docPr", "{*}cNvPr"):
        for attr in ("descr", "title"):
            value = (props.get(attr) or "").strip()
            if value:
                yield ContentUnit(value, part, (H.ALT_TEXT,), detail=f"alt text ({attr})")
    for shape in root.iter("{urn:schemas-microsoft-com:vml}shape"):
        for attr in ("alt", "title"):
            value = (shape.get(attr) or "").strip()
            if value:
                yield ContentUnit(value, part, (H.ALT_TEXT,), detail=f"alt text ({attr})")


def comment_units(root: etree._Element, part: str, styles: HiddenStyles) -> Iterator[Item]:
    for number, comment in enumerate(root.iter("{*}comment"), 1):
        author = (_attr(comment, "author") or "").strip()
        if author:
            yield ContentUnit(author, part, (H.COMMENT,), detail=f"author of comment {number}")
        initials = (_attr(comment, "initials") or "").strip()
        if initials:
            yield ContentUnit(initials, part, (H.COMMENT,),
                              detail=f"initials of comment {number}")
        text = "\n".join(seg.text for seg in segments(comment, (), styles)).strip()
        if text:
            yield ContentUnit(text, part, (H.COMMENT,), detail=f"comment {number}")


def _people(root: etree._Element, part: str) -> Iterator[Item]:
    for person in root.iter("{*}person"):
        author = (_attr(person, "author") or "").strip()
        if author:
            yield ContentUnit(author, part, (H.COMMENT,), detail="comment author")
        for info in person.iter("{*}presenceInfo"):
            user = (_attr(info, "userId") or "").strip()
            if user:
                yield ContentUnit(user, part, (H.COMMENT,), detail="comment author's account")


def _settings(pkg: Package, part: str) -> Iterator[Item]:
    root = pkg.xml(part)
    for var in root.iter("{*}docVar"):
        name, value = _attr(var, "name") or "", (_attr(var, "val") or "").strip()
        if value:
            # Variables are data a template or macro stored out of sight, not authorship.
            yield ContentUnit(value, part, (H.HIDDEN_TEXT,), detail=f"document variable '{name}'")
    for rel in pkg.rels(part):
        if rel.external and rel.kind in ("attachedTemplate", "mailMergeSource",
                                         "mailMergeHeaderSource", "recipientData"):
            yield ContentUnit(rel.target, part, (H.METADATA,), detail=f"{rel.kind} path")
    for source in root.iter("{*}mailMerge"):
        for el in source.iter("{*}query", "{*}connectString"):
            value = (_attr(el, "val") or "").strip()
            if value:
                yield ContentUnit(value, part, (H.CONNECTION,), detail="mail merge source")

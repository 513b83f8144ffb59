"""PowerPoint presentations (.pptx, .pptm, .ppsx, .potx; Transitional or Strict).

Where a deck hides things, and how each is read:
- slides: every shape's text a paragraph at a time (visible content), tables a cell at a time
  with grid coordinates and sheet "slide N table K" (so columns are judged with their header),
  alt text (`cNvPr` descr/title: alt_text), shapes hidden in the selection pane (hidden_text),
  shapes placed wholly outside the slide (out_of_view, group transforms followed), cells covered
  by a merge (covered_text). A slide marked `show="0"` adds hidden_slide to everything in it and
  under it (notes, comments, charts, embedded files); an empty hidden slide is a Fact.
- speaker notes (speaker_notes); legacy and modern comments and their authors (comment).
- charts: cached series (chart_cache) and the chart's embedded workbook, opened recursively like
  every embedded object (embedded_object); SmartArt text (visible).
- masters and layouts: text there shows on every slide that uses it, so it is visible content,
  except what PowerPoint generates in placeholders (prompts such as "Click to edit Master title
  style", slide-number and date fields), which no slide shows and nobody wrote. Notes and handout
  masters print only on notes pages and handouts: speaker_notes and header_footer.
- tags (add-ins' name/value pairs on slides and shapes) are read like custom document
  properties: metadata. The co-authoring change log (changesInfo) names editors: metadata.
- document properties, customXml, VBA, media, embedded objects and the rest through the shared
  OOXML part readers (foi_guard.formats.xlsx.parts); a part no reader knows is read as text
  (unknown_part).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from foi_guard.formats.base import Context, Item
from foi_guard.formats.ooxml import Package, external_targets, local, rel_id
from foi_guard.formats.textual import xml_units
from foi_guard.formats.xlsx import parts
from foi_guard.formats.xlsx.sheets import SheetInfo
from foi_guard.limits import SafeZip
from foi_guard.model import ContentUnit, Fact, Hidden, InspectionError

H = Hidden
_SHAPES = {"sp", "cxnSp", "pic", "graphicFrame", "contentPart", "grpSp"}
_TRUE = ("1", "true", "on")
# Parts shared by many slides: an image reached from a slide is that slide's, a layout is not.
_SHARED_TYPES = ("presentationml.slide+xml", "slidelayout+xml", "slidemaster+xml",
                 "notesmaster+xml", "handoutmaster+xml", "theme+xml", ".main+xml")
# Text PowerPoint (or LibreOffice) writes into the placeholders of masters and layouts.
_PROMPT = re.compile(
    r"(?i)^(?:click (?:icon )?to (?:add|edit)\b.*|edit master (?:title|subtitle|text) styles?"
    r"|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth) (?:outline )?level"
    r"|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth) outline level"
    r"|‹#›|<#>|#|<(?:header|footer|date/time|number|slide-number)>)$")
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")


@dataclass(slots=True)
class Slide:
    number: int                    # position in the presentation's slide list
    part: str
    reasons: tuple[Hidden, ...]

    @property
    def label(self) -> str:
        return f"slide {self.number}"

    def as_owner(self) -> SheetInfo:
        """The slide as the shared part readers understand an owner: a name and reasons."""
        return SheetInfo(self.label, self.part, self.reasons)


@dataclass(slots=True)
class Deck:
    pkg: Package
    main: str
    size: tuple[int, int] | None = None
    slides: list[Slide] = field(default_factory=list)
    owners: dict[str, Slide] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)


@dataclass(slots=True, frozen=True)
class Place:
    """A part whose shapes are being read, and what everything in it is."""

    part: str
    label: str                     # "slide 3", "speaker notes of slide 3", "slide master 1"
    what: str                      # detail of its paragraphs: "slide 3 text"
    reasons: tuple[Hidden, ...]
    bounds: tuple[int, int] | None = None   # slide size, to find shapes placed outside it
    generated: bool = False        # a master or layout: placeholder prompts are not content
    skipped: frozenset[str] = frozenset()   # placeholder types not read (slide number, image)


def inspect(data: bytes, ctx: Context) -> Iterator[Item]:
    pkg = Package(SafeZip(data, "presentation", ctx.limits))
    main = pkg.main_part()
    if not pkg.zip.has(main):
        raise InspectionError(f"the presentation part {main} is missing")
    deck = Deck(pkg, pkg.zip.actual(main) or main)
    root = pkg.xml(deck.main)
    deck.done.add(deck.main)
    deck.size = _slide_size(root)
    yield from _slide_list(deck, root, ctx)
    yield from _presentation_names(root, deck.main)
    _map_owners(deck)
    for slide in deck.slides:
        ctx.deadline.check()
        yield from _read_slide(deck, slide)
    for part in sorted(pkg.parts()):
        if part in deck.done or part.lower().endswith(".rels"):
            continue
        ctx.deadline.check()
        deck.done.add(part)
        yield from _reader_for(pkg, part)(deck, part, deck.owners.get(part), ctx)
    for part in sorted(pkg.parts()):
        yield from external_targets(pkg, part)


# ---------------------------------------------------------------- the presentation part

def _slide_size(root: etree._Element) -> tuple[int, int] | None:
    size = root.find("{*}sldSz")
    if size is None:
        return None
    cx, cy = _int(size.get("cx")), _int(size.get("cy"))
    return (cx, cy) if cx and cy and cx > 0 and cy > 0 else None


def _slide_list(deck: Deck, root: etree._Element, ctx: Context) -> Iterator[Fact]:
    """The slides in show order, and whether each is hidden. A slide is parsed here and again
    when it is read: holding every slide's tree at once could take more memory than a deck
    is worth."""
    pkg = deck.pkg
    rels = {r.id: r for r in pkg.rels(deck.main)}
    listing = root.find("{*}sldIdLst")
    for number, el in enumerate(() if listing is None else listing.iterchildren("{*}sldId"), 1):
        rel = rels.get(rel_id(el) or "")
        part = pkg.zip.actual(rel.target) if rel and not rel.external else None
        if part is None:
            yield Fact("missing_slide", deck.main, where=f"slide {number}",
                       detail="slide listed in the presentation, but its part is missing")
            continue
        if part in deck.done:
            continue
        ctx.deadline.check()
        hidden = (pkg.xml(part).get("show") or "").lower() in ("0", "false", "off")
        deck.slides.append(Slide(number, part, (H.HIDDEN_SLIDE,) if hidden else ()))
        deck.done.add(part)


def _presentation_names(root: etree._Element, part: str) -> Iterator[Item]:
    """Section and custom show names: shown in PowerPoint's panes, written by people."""
    for el in root.iter("{*}section", "{*}custShow"):
        name = (el.get("name") or "").strip()
        if name:
            what = "section name" if local(el.tag) == "section" else "custom show name"
            yield ContentUnit(name, part, (), None, detail=what)


def _map_owners(deck: Deck) -> None:
    """Which slide each part belongs to (notes, comments, charts and what charts embed),
    visible slides first, so a picture that a visible slide also shows is not hidden."""
    pkg = deck.pkg
    for slide in sorted(deck.slides, key=lambda s: bool(s.reasons)):
        queue = deque([(slide.part, 0)])
        while queue:
            part, depth = queue.popleft()
            for rel in pkg.rels(part):
                target = None if rel.external else pkg.zip.actual(rel.target)
                if target is None or target in deck.owners or depth >= 4 \
                        or _is_shared(pkg, target, deck.main):
                    continue
                deck.owners[target] = slide
                queue.append((target, depth + 1))


def _is_shared(pkg: Package, part: str, main: str) -> bool:
    ctype = pkg.content_type(part)
    return part == main or any(t in ctype for t in _SHARED_TYPES)


# ---------------------------------------------------------------- slides and their likes

def _read_slide(deck: Deck, slide: Slide) -> Iterator[Item]:
    root = deck.pkg.xml(slide.part)
    place = Place(slide.part, slide.label, f"{slide.label} text", slide.reasons, deck.size)
    walker = ShapeWalker(place)
    yield from walker.read(root)
    if H.HIDDEN_SLIDE in slide.reasons and walker.units == 0:
        yield Fact("hidden_slide", slide.part, where=slide.label,
                   detail="hidden slide with no text (pictures on it are not read)",
                   hidden=(H.HIDDEN_SLIDE,))


def _unlisted_slide(deck: Deck, part: str, owner: Slide | None, ctx: Context) -> Iterator[Item]:
    """A slide part the presentation does not list: PowerPoint never shows it."""
    place = Place(part, "unlisted slide", "unlisted slide text", (H.UNKNOWN_PART,), deck.size)
    yield from ShapeWalker(place).read(deck.pkg.xml(part))


def _notes(deck: Deck, part: str, owner: Slide | None, ctx: Context) -> Iterator[Item]:
    slide = owner or _notes_slide(deck, part)
    label = f"speaker notes of {slide.label}" if slide else "speaker notes"
    reasons = _join(slide.reasons if slide else (), (H.SPEAKER_NOTES,))
    place = Place(part, label, label, reasons, skipped=frozenset({"sldNum", "sldImg"}))
    yield from ShapeWalker(place).read(deck.pkg.xml(part))


def _notes_slide(deck: Deck, part: str) -> Slide | None:
    """The slide a notes page points back to, when no slide points to the notes page."""
    by_part = {s.part: s for s in deck.slides}
    for rel in deck.pkg.rel_targets(part, "slide"):
        found = by_part.get(deck.pkg.zip.actual(rel.target) or "")
        if found:
            return found
    return None


def _master_like(kind: str, reasons: tuple[Hidden, ...] = (), sized: bool = True) -> Reader:
    def read(deck: Deck, part: str, owner: Slide | None, ctx: Context) -> Iterator[Item]:
        label = f"{kind} {_number_in(part)}".strip()
        place = Place(part, label, f"{label} text", reasons, deck.size if sized else None,
                      generated=True)
        yield from ShapeWalker(place).read(deck.pkg.xml(part))

    return read


def _number_in(part: str) -> str:
    digits = re.findall(r"\d+", part.rpartition("/")[2])
    return digits[-1] if digits else ""


# ---------------------------------------------------------------- shapes

@dataclass(slots=True, frozen=True)
class Transform:
    """Maps a group's child coordinates to slide coordinates (rotation is ignored)."""

    sx: float = 1.0
    sy: float = 1.0
    tx: float = 0.0
    ty: float = 0.0

    def box(self, x: int, y: int, cx: int, cy: int) -> tuple[float, float, float, float]:
        return (self.sx * x + self.tx, self.sy * y + self.ty, self.sx * cx, self.sy * cy)

    def into(self, xfrm: etree._Element | None) -> Transform:
        """The transform for the children of a group with this `xfrm`."""
        if xfrm is None:
            return self
        x, y, cx, cy = _offset_extent(xfrm, "off", "ext") or (0, 0, 0, 0)
        ch = _offset_extent(xfrm, "chOff", "chExt")
        if ch is None:
            return self
        chx, chy, chcx, chcy = ch
        gx = cx / chcx if chcx else 1.0
        gy = cy / chcy if chcy else 1.0
        return Transform(self.sx * gx, self.sy * gy, self.sx * (x - chx * gx) + self.tx,
                         self.sy * (y - chy * gy) + self.ty)


class ShapeWalker:
    """Reads the shape tree of one part (slide, notes page, master, layout, SmartArt drawing)."""

    def __init__(self, place: Place) -> None:
        self.place = place
        self.units = 0
        self.tables = 0

    def read(self, root: etree._Element) -> Iterator[Item]:
        tree = next(root.iter("{*}spTree"), None)
        if tree is None:
            return
        for child in tree:
            yield from self._walk(child, Transform(), self.place.reasons)

    def _walk(self, el: etree._Element, xf: Transform,
              inherited: tuple[Hidden, ...]) -> Iterator[Item]:
        tag = local(el.tag)
        if tag == "AlternateContent":
            for branch in el:
                for child in branch:
                    yield from self._walk(child, xf, inherited)
            return
        if tag not in _SHAPES:
            return
        props = _non_visual(el)
        ph = props.find("{*}nvPr/{*}ph") if props is not None else None
        ph_type = (ph.get("type") or "body") if ph is not None else None
        if ph_type in self.place.skipped:
            return
        cnv = props.find("{*}cNvPr") if props is not None else None
        reasons = _join(inherited, self._shape_reasons(el, cnv, xf))
        yield from self._alt_text(cnv, reasons)
        if tag == "grpSp":
            inner = xf.into(_xfrm(el))
            for child in el:
                yield from self._walk(child, inner, reasons)
            return
        body = el.find("{*}txBody")
        if body is not None:
            yield from self._paragraphs(body, reasons, ph is not None)
        if tag == "graphicFrame":
            for table in el.iter("{*}tbl"):
                yield from self._table(table, reasons)

    def _shape_reasons(self, el: etree._Element, cnv: etree._Element | None,
                       xf: Transform) -> tuple[Hidden, ...]:
        out: list[Hidden] = []
        if cnv is not None and (cnv.get("hidden") or "").lower() in _TRUE:
            out.append(H.HIDDEN_TEXT)  # hidden in the selection pane: never drawn
        xfrm = _xfrm(el)
        found = _offset_extent(xfrm, "off", "ext") if xfrm is not None else None
        if found and self.place.bounds and _outside(xf.box(*found), self.place.bounds):
            out.append(H.OUT_OF_VIEW)
        return tuple(out)

    def _alt_text(self, cnv: etree._Element | None,
                  reasons: tuple[Hidden, ...]) -> Iterator[ContentUnit]:
        if cnv is None:
            return
        for attr in ("descr", "title"):
            value = (cnv.get(attr) or "").strip()
            if value:
                self.units += 1
                yield ContentUnit(value, self.place.part, _join(reasons, (H.ALT_TEXT,)), None,
                                  detail=f"alt text ({attr}) on {self.place.label}")

    def _paragraphs(self, body: etree._Element, reasons: tuple[Hidden, ...],
                    placeholder: bool) -> Iterator[ContentUnit]:
        for p in body.iterchildren("{*}p"):
            text, generated = paragraph_text(p)
            text = text.strip()
            if not text:
                continue
            if self.place.generated and placeholder and (generated or _PROMPT.match(text)):
                continue
            self.units += 1
            yield ContentUnit(text, self.place.part, reasons, None, detail=self.place.what)

    def _table(self, table: etree._Element,
               reasons: tuple[Hidden, ...]) -> Iterator[ContentUnit]:
        self.tables += 1
        sheet = f"{self.place.label} table {self.tables}"
        for row, tr in enumerate(table.iterchildren("{*}tr"), 1):
            for column, tc in enumerate(tr.iterchildren("{*}tc"), 1):
                body = tc.find("{*}txBody")
                lines = [paragraph_text(p)[0].strip()
                         for p in (() if body is None else body.iterchildren("{*}p"))]
                text = "\n".join(line for line in lines if line)
                if not text:
                    continue
                covered = any((tc.get(a) or "").lower() in _TRUE for a in ("hMerge", "vMerge"))
                self.units += 1
                yield ContentUnit(text, self.place.part,
                                  _join(reasons, (H.COVERED_TEXT,) if covered else ()), sheet,
                                  row, column, None, is_number=bool(_NUMBER.fullmatch(text)))


def paragraph_text(p: etree._Element) -> tuple[str, bool]:
    """A DrawingML paragraph's text, and whether all of it is fields (slide number, date)."""
    bits: list[str] = []
    typed = False
    for child in p:
        tag = local(child.tag)
        if tag == "r":
            typed = True
            bits.append(_t(child))
        elif tag == "fld":
            bits.append(_t(child))
        elif tag == "br":
            bits.append("\n")
        elif tag == "AlternateContent":  # equations: the fallback holds plain runs
            branch = child.find("{*}Fallback")
            branch = branch if branch is not None else next(iter(child), None)
            if branch is not None:
                typed = True
                bits.append("".join(t.text or "" for t in branch.iter("{*}t")))
    return "".join(bits), not typed


def _t(run: etree._Element) -> str:
    return "".join(t.text or "" for t in run.iterchildren("{*}t"))


def _non_visual(shape: etree._Element) -> etree._Element | None:
    for child in shape:
        if local(child.tag).startswith("nv"):
            return child
    return None


def _xfrm(shape: etree._Element) -> etree._Element | None:
    for child in shape:
        name = local(child.tag)
        if name in ("spPr", "grpSpPr"):
            return child.find("{*}xfrm")
        if name == "xfrm":
            return child
    return None


def _offset_extent(xfrm: etree._Element, off: str,
                   ext: str) -> tuple[int, int, int, int] | None:
    o, e = xfrm.find(f"{{*}}{off}"), xfrm.find(f"{{*}}{ext}")
    if o is None or e is None:
        return None
    values = (_int(o.get("x")), _int(o.get("y")), _int(e.get("cx")), _int(e.get("cy")))
    if any(v is None for v in values):
        return None
    x, y, cx, cy = values
    assert x is not None and y is not None and cx is not None and cy is not None
    return x, y, cx, cy


def _outside(box: tuple[float, float, float, float], bounds: tuple[int, int]) -> bool:
    x, y, cx, cy = box
    width, height = bounds
    return x + cx <= 0 or y + cy <= 0 or x >= width or y >= height


# ---------------------------------------------------------------- comments, tags, history

def _legacy_comments(deck: Deck, part: str, owner: Slide | None,
                     ctx: Context) -> Iterator[Item]:
    reasons = _join(owner.reasons if owner else (), (H.COMMENT,))
    where = f"comment on {owner.label}" if owner else "comment"
    for cm in deck.pkg.xml(part).iter("{*}cm"):
        text = "".join(t.text or "" for t in cm.iterchildren("{*}text")).strip()
        if text:
            yield ContentUnit(text, part, reasons, None, detail=where)


def _modern_comments(deck: Deck, part: str, owner: Slide | None,
                     ctx: Context) -> Iterator[Item]:
    """Threaded comments: each comment and each reply has its own text body."""
    reasons = _join(owner.reasons if owner else (), (H.COMMENT,))
    on = f" on {owner.label}" if owner else ""
    for body in deck.pkg.xml(part).iter("{*}txBody"):
        parent = body.getparent()
        kind = "reply to a comment" if parent is not None and local(parent.tag) == "reply" \
            else "comment"
        lines = [paragraph_text(p)[0].strip() for p in body.iterchildren("{*}p")]
        text = "\n".join(line for line in lines if line)
        if text:
            yield ContentUnit(text, part, reasons, None, detail=kind + on)


def _comment_authors(deck: Deck, part: str, owner: Slide | None,
                     ctx: Context) -> Iterator[Item]:
    """Authors of legacy (cmAuthor) and modern (author) comments: names and account ids."""
    for author in deck.pkg.xml(part).iter("{*}cmAuthor", "{*}author"):
        for attr in ("name", "userId"):
            value = (author.get(attr) or "").strip()
            if value and not (attr == "userId" and value == (author.get("name") or "").strip()):
                yield ContentUnit(value, part, (H.COMMENT,), None,
                                  detail=f"comment author ({attr})")


def _tags(deck: Deck, part: str, owner: Slide | None, ctx: Context) -> Iterator[Item]:
    reasons = _join(owner.reasons if owner else (), (H.METADATA,))
    on = f" on {owner.label}" if owner else ""
    for tag in deck.pkg.xml(part).iter("{*}tag"):
        value = (tag.get("val") or "").strip()
        if value:
            yield ContentUnit(value, part, reasons, None,
                              detail=f"tag '{(tag.get('name') or '')[:40]}'{on}")


def _change_history(deck: Deck, part: str, owner: Slide | None,
                    ctx: Context) -> Iterator[Item]:
    """Co-authoring change log: who changed which slide."""
    root = deck.pkg.xml(part)
    yield from xml_units(root, part, (H.METADATA,), None, "change history")
    for el in root.iter():
        value = (el.get("userId") or "").strip() if isinstance(el.tag, str) else ""
        if value:
            yield ContentUnit(value, part, (H.METADATA,), None, detail="change history userId")


def _signature(deck: Deck, part: str, owner: Slide | None, ctx: Context) -> Iterator[Item]:
    yield from xml_units(deck.pkg.xml(part), part, (H.METADATA,), None, "digital signature")


# ---------------------------------------------------------------- SmartArt, ink, thumbnail

def _diagram_data(deck: Deck, part: str, owner: Slide | None, ctx: Context) -> Iterator[Item]:
    reasons = owner.reasons if owner else ()
    what = f"SmartArt text on {owner.label}" if owner else "SmartArt text"
    for text in _diagram_texts(deck.pkg.xml(part)):
        yield ContentUnit(text, part, reasons, None, detail=what)


def _diagram_drawing(deck: Deck, part: str, owner: Slide | None,
                     ctx: Context) -> Iterator[Item]:
    """The drawing PowerPoint caches for a SmartArt graphic: only what its data lacks."""
    seen: set[str] = set()
    if owner is not None:
        for rel in deck.pkg.rel_targets(owner.part, "diagramData"):
            data_part = deck.pkg.zip.actual(rel.target)
            if data_part:
                seen.update(_diagram_texts(deck.pkg.xml(data_part)))
    reasons = owner.reasons if owner else ()
    what = f"SmartArt text on {owner.label}" if owner else "SmartArt text"
    for text in _diagram_texts(deck.pkg.xml(part)):
        if text not in seen:
            yield ContentUnit(text, part, reasons, None, detail=what)


def _diagram_texts(root: etree._Element) -> list[str]:
    out = []
    for p in root.iter("{*}p"):
        parent = p.getparent()
        if parent is not None and local(parent.tag) in ("t", "txBody"):
            text = paragraph_text(p)[0].strip()
            if text:
                out.append(text)
    return out


def _ink(deck: Deck, part: str, owner: Slide | None, ctx: Context) -> Iterator[Item]:
    yield Fact("ink", part, None, owner.label if owner else None,
               "handwritten ink strokes: not readable as text",
               hidden=_join(owner.reasons if owner else (), (H.ANNOTATION,)))


def _thumbnail(deck: Deck, part: str, owner: Slide | None, ctx: Context) -> Iterator[Item]:
    yield Fact("thumbnail", part, None, "a picture of the first slide, saved with the file",
               hidden=(H.METADATA,))


def _nothing(deck: Deck, part: str, owner: Slide | None, ctx: Context) -> Iterator[Item]:
    return iter(())


def _shared_reader(deck: Deck, part: str, owner: Slide | None,
                   ctx: Context) -> Iterator[Item]:
    """The OOXML part readers every format shares (charts, embedded files, docProps, VBA,
    customXml, media, unknown parts), the owning slide's reasons passed on."""
    yield from parts.read_part(deck.pkg, part, owner.as_owner() if owner else None, ctx)


def _embedded(deck: Deck, part: str, owner: Slide | None, ctx: Context) -> Iterator[Item]:
    yield from parts.embedded(deck.pkg, part, owner.as_owner() if owner else None, ctx)


# ---------------------------------------------------------------- choosing a reader

Reader = Callable[[Deck, str, "Slide | None", Context], Iterator[Item]]

_BY_CONTENT_TYPE: list[tuple[str, Reader]] = [
    ("presentationml.slide+xml", _unlisted_slide),
    ("presentationml.notesslide+xml", _notes),
    ("presentationml.slidelayout+xml", _master_like("slide layout")),
    ("presentationml.slidemaster+xml", _master_like("slide master")),
    ("presentationml.notesmaster+xml", _master_like("notes master", (H.SPEAKER_NOTES,), False)),
    ("presentationml.handoutmaster+xml",
     _master_like("handout master", (H.HEADER_FOOTER,), False)),
    ("presentationml.comments+xml", _legacy_comments),
    ("presentationml.commentauthors+xml", _comment_authors),
    ("ms-powerpoint.comments+xml", _modern_comments),
    ("ms-powerpoint.authors+xml", _comment_authors),
    ("presentationml.tags+xml", _tags),
    ("ms-powerpoint.changesinfo+xml", _change_history),
    ("ms-powerpoint.revisioninfo+xml", _nothing),
    ("presentationml.presprops+xml", _nothing),
    ("presentationml.viewprops+xml", _nothing),
    ("presentationml.tablestyles+xml", _nothing),
    ("diagramdata+xml", _diagram_data),
    ("diagramdrawing+xml", _diagram_drawing),
    ("diagramlayout+xml", _nothing),
    ("diagramstyle+xml", _nothing),
    ("diagramcolors+xml", _nothing),
    ("inkml+xml", _ink),
    ("digital-signature-origin", _nothing),
    ("digital-signature-xmlsignature+xml", _signature),
    ("x-fontdata", _nothing),
    ("obfuscatedfont", _nothing),
    ("font-ttf", _nothing),
    ("font-otf", _nothing),
    ("audio/", _nothing),
    ("video/", _nothing),
]

_BY_PATH: list[tuple[str, Reader]] = [
    ("docprops/thumbnail", _thumbnail),
    ("ppt/embeddings/", _embedded),
    ("ppt/media/", _nothing),
    ("ppt/fonts/", _nothing),
    ("ppt/printersettings/", _nothing),
]


def _reader_for(pkg: Package, part: str) -> Reader:
    ctype = pkg.content_type(part)
    for needle, reader in _BY_CONTENT_TYPE:
        if needle in ctype:
            return reader
    lowered = part.lower()
    for prefix, reader in _BY_PATH:
        if lowered.startswith(prefix):
            return reader
    return _shared_reader


# ---------------------------------------------------------------- small helpers

def _join(*groups: tuple[Hidden, ...]) -> tuple[Hidden, ...]:
    """Reasons in order, each once."""
    return tuple(dict.fromkeys(r for g in groups for r in g))


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None

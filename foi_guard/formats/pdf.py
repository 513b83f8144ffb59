"""Inspect a PDF: every place in it text can sit, seen or not.

What a PDF hides, and how each is read:
- the text layer of each page, drawn by pdfminer.six into positioned glyphs (our own device and
  interpreter, so drawing order, marked content and fill opacity are known) and gathered into
  lines with pdfplumber's word extractor. A glyph is hidden when
  * an opaque filled rectangle painted AFTER it covers at least half of its box, or a /Redact
    annotation (or a Square annotation filled opaque) lies over its centre: `covered_text` (the
    failed redaction: a black box drawn over text that is still there);
  * it is marked as optional content whose layer (OCG / OCMD) is OFF by default, or sits in a
    form XObject that is: `optional_content`;
  * its centre lies outside the page's crop box: `out_of_view`;
  * it is white with nothing painted under it before it: `white_text`;
  * it is drawn invisible (rendering mode 3 or 7) with no picture under it: `hidden_text`
    (invisible text over a picture is the normal text layer of an OCR'd scan).
- a page with no text but with pictures or drawings is a scan (or text turned into outlines):
  a Fact "no_text_layer" for that page, as no text of it is read.
- annotations (pypdf): contents, authors, subjects, rich text and link targets of every
  annotation on every page, the text their appearance streams draw (stamps, free text), and
  the page text highlights, underlines and strike-outs mark (`annotation`);
- AcroForm fields: names, tooltips, values, defaults, options, signature names and reasons, and
  XFA form packets (`form_field`);
- attached files (EmbeddedFiles name tree, FileAttachment annotations, /AF arrays): their names
  and descriptions, and their content inspected as files of their own (`attachment`);
- the Info dictionary and the XMP packet (`metadata`); JavaScript actions of the document,
  pages, annotations and fields (`macro`);
  alternative text in the structure tree (`alt_text`); bookmarks (visible, in the side pane);
- earlier revisions kept by incremental updates: each revision the file still holds (cut at its
  own startxref/%%EOF; the first-page section of a linearized file is not one) is read again;
  page text, annotations, form fields and the Info title, author, subject and keywords it had
  that the final revision no longer has are `earlier_revision` (dates and producers, which
  every save changes, are not compared).

Encrypted files are read when the empty user password opens them (with a note); otherwise, and
when the file is truncated, corrupt or over a limit, the reader raises InspectionError.
"""

from __future__ import annotations

import html
import io
import logging
import re
import struct
import zlib
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTImage, LTRect
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfexceptions import PDFException
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1
from pdfminer.psexceptions import PSException
from pdfminer.psparser import PSLiteral
from pdfminer.utils import apply_matrix_rect
from pdfplumber.utils.text import WordExtractor
from pypdf import PdfReader
from pypdf.errors import DependencyError, LimitReachedError, PyPdfError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    StreamObject,
    TextStringObject,
)

from foi_guard.formats import inspect_nested
from foi_guard.formats.base import Context, Item
from foi_guard.formats.textual import MAX_STRINGS, binary_units
from foi_guard.limits import parse_xml
from foi_guard.model import ContentUnit, Fact, Hidden, InspectionError

H = Hidden
NO_TEXT_LAYER = "no_text_layer"

# Both libraries log every robustness fix they make; a scan reports through its result instead.
for _library in ("pypdf", "pdfminer", "pdfplumber"):
    logging.getLogger(_library).addHandler(logging.NullHandler())

# What broken PDFs make pypdf and pdfminer raise, besides their own errors.
_LIBRARY_ERRORS = (PyPdfError, DependencyError, PSException, PDFException, ArithmeticError,
                   LookupError, ValueError, TypeError, AttributeError, AssertionError, EOFError,
                   NotImplementedError, zlib.error, struct.error)

COVER_SHARE = 0.5  # share of a glyph's box an opaque rectangle painted after it must cover
MIN_COVER = 1.0  # points: a thinner rectangle (a table rule) cannot hide half a glyph
OPAQUE = 0.9  # fill alpha at or above which a painted shape hides what is under it
MAX_REVISIONS = 50
MAX_NODES = 200_000  # structure-tree elements, outline items, form fields walked at most
_CHECK_EVERY = 2_000  # drawn objects between deadline checks
_CELL = 36.0  # points: the grid glyphs are looked up in
_HUMAN_INFO = ("/Title", "/Author", "/Subject", "/Keywords")  # compared across revisions
_EOF = re.compile(rb"startxref\s*\d+\s*%%EOF")
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")


def inspect(data: bytes, ctx: Context) -> Iterator[Item]:
    """Every unit and fact of the PDF, then what earlier revisions held that it no longer does."""
    _check_complete(data)
    pdf = _open(data, ctx, final=True)
    seen: set[str] = set()
    for item in _document(pdf, ctx, full=True):
        if isinstance(item, ContentUnit) and not item.path:
            seen.add(_norm(item.value))
        yield item
    yield from _earlier_revisions(data, ctx, seen)


# --- opening ----------------------------------------------------------------------------------
@dataclass(slots=True)
class _Pdf:
    reader: PdfReader
    doc: PDFDocument
    rsrcmgr: PDFResourceManager
    pages: int
    text_left: int  # characters of text still allowed (Limits.max_text_chars)


@contextmanager
def _reading(what: str) -> Iterator[None]:
    """Turn a library's complaint about a broken file into a one-line InspectionError."""
    try:
        yield
    except InspectionError:
        raise
    except RecursionError:
        raise InspectionError(f"corrupt PDF: {what} is nested too deeply") from None
    except LimitReachedError:
        raise InspectionError(f"{what}: a stream inflates past the decompression limit "
                              "(a deflate bomb?)") from None
    except _LIBRARY_ERRORS as exc:
        detail = " ".join(str(exc).split())[:80] or type(exc).__name__
        raise InspectionError(f"corrupt PDF: cannot read {what} ({detail})") from None


def _check_complete(data: bytes) -> None:
    """A PDF ends with startxref and %%EOF; one that stops short of them was cut off."""
    last = data.rfind(b"%%EOF")
    if last < 0:
        raise InspectionError("truncated PDF: no end-of-file marker")
    if _OBJ.search(data, last):
        raise InspectionError("truncated PDF: objects after the last end-of-file marker")


def _open(data: bytes, ctx: Context, final: bool) -> _Pdf:
    with _reading("the file structure"):
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _decrypt(reader, ctx, final)
        pages = len(reader.pages)
    if pages > ctx.limits.max_parts:
        raise InspectionError(f"too many pages ({pages} > {ctx.limits.max_parts})")
    with _reading("the file structure"):
        try:
            doc = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        except PDFPasswordIncorrect:
            raise InspectionError("encrypted, cannot inspect (a password is needed)") from None
        except PDFEncryptionError as exc:
            raise InspectionError(f"encrypted, cannot inspect ({str(exc)[:80]})") from None
    return _Pdf(reader, doc, PDFResourceManager(caching=True), pages, ctx.limits.max_text_chars)


def _decrypt(reader: PdfReader, ctx: Context, final: bool) -> None:
    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        raise InspectionError(f"encrypted, cannot inspect ({str(exc)[:80]})") from None
    if not opened:
        raise InspectionError("encrypted, cannot inspect (a password is needed)")
    if final:
        ctx.notes.append("encrypted, but opened with an empty user password; decrypted and "
                         "inspected")


# --- the whole document -----------------------------------------------------------------------
def _document(pdf: _Pdf, ctx: Context, full: bool) -> Iterator[Item]:
    """The units of one revision. `full` also reads what is not compared across revisions:
    attachments, XMP, scripts, alt text, bookmarks, XFA, and yields facts."""
    files = _Attachments()
    scripts = _Scripts()
    with _reading("the document catalogue"):
        root = pdf.reader.trailer["/Root"].get_object()
        if not isinstance(root, DictionaryObject):
            raise InspectionError("corrupt PDF: the document catalogue is not a dictionary")
        layers = _Layers(pdf.doc)
    miner_pages = _miner_pages(pdf)
    for n in range(1, pdf.pages + 1):
        ctx.deadline.check()
        with _reading(f"page {n}"):
            page = pdf.reader.pages[n - 1]
            annots = _annotations(page)
            _check_streams([page, *(a.get("/AP") for a in annots)], ctx)
            covers = [c for a in annots for c in _cover_rect(a)]
            miner_page = next(miner_pages, None)
            if miner_page is None:
                raise InspectionError("corrupt PDF: its page tree is read differently by two "
                                      "readers")
            drawing = _draw(miner_page, pdf, layers, ctx)
            appearances = list(_appearance_units(miner_page, n, pdf, layers, ctx))
        yield from _text_units(drawing, covers, n, ctx)
        yield from appearances
        with _reading(f"annotations of page {n}"):
            yield from _marked_text_units(drawing, annots, n, ctx)
        unread = drawing.unread_text() if full else None
        if unread:
            yield Fact(NO_TEXT_LAYER, f"page {n}", where=f"page {n}",
                       detail=f"page {n} {unread}: its text is not read; look at it before "
                              "release")
        with _reading(f"annotations of page {n}"):
            yield from _annotation_units(annots, n, files, scripts)
            scripts.add_triggers(page.get("/AA"), f"page {n}")
            files.add_all(page.get("/AF"), f"page {n}")
    if next(miner_pages, None) is not None:
        raise InspectionError("corrupt PDF: its page tree is read differently by two readers")
    with _reading("the form fields"):
        yield from _field_units(root, pdf, full, scripts)
    with _reading("the document information"):
        yield from _info_units(pdf.reader, full)
    if not full:
        return
    with _reading("the XMP metadata"):
        yield from _xmp_units(root)
    with _reading("the attachments"):
        files.add_tree(root, "/EmbeddedFiles")
        files.add_all(root.get("/AF"), "document")
    yield from files.units(ctx)
    with _reading("the document scripts"):
        scripts.add_document(root)
        yield from scripts.units()
    with _reading("the structure tree"):
        yield from _alt_text_units(root, ctx)
    with _reading("the bookmarks"):
        yield from _bookmark_units(root)


def _miner_pages(pdf: _Pdf) -> Iterator[PDFPage]:
    with _reading("the page tree"):
        yield from PDFPage.create_pages(pdf.doc)


# --- PDF objects as text ----------------------------------------------------------------------
def _obj(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _text(value: Any) -> str:
    """A PDF object as the text a reader would show (names without their slash)."""
    value = _obj(value)
    if isinstance(value, TextStringObject):
        return str(value)
    if isinstance(value, ByteStringObject):
        return _decode(bytes(value))
    if isinstance(value, NameObject):
        return str(value)[1:]
    if isinstance(value, StreamObject):
        return _decode(value.get_data())
    if isinstance(value, ArrayObject):
        return " ".join(t for t in (_text(v) for v in value) if t)
    if value is None or isinstance(value, (NullObject, DictionaryObject)):
        return ""
    return str(value)


def _decode(raw: bytes) -> str:
    for bom, codec in ((b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"),
                       (b"\xef\xbb\xbf", "utf-8")):
        if raw.startswith(bom):
            return raw[len(bom):].decode(codec, "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _name(value: Any) -> str:
    value = _obj(value)
    return str(value)[1:] if isinstance(value, NameObject) else ""


def _norm(value: str) -> str:
    return " ".join(value.split()).casefold()


def _key(obj: Any) -> tuple[int, int] | int:
    """What identifies a PDF object: its object number, else (a direct object) its identity."""
    ref = getattr(obj, "indirect_reference", None)
    return (ref.idnum, ref.generation) if ref is not None else id(obj)


# --- decompression limits ---------------------------------------------------------------------
def _check_streams(places: list[Any], ctx: Context) -> None:
    """Decode, with pypdf's output limits, every stream pdfminer will decode without limits
    (contents, form XObjects and annotation appearances, fonts, ToUnicode maps): a deflate
    bomb is refused here."""
    todo = list(places)
    done: set[Any] = set()
    while todo:
        item = todo.pop()
        obj = _obj(item)
        key = _key(obj)
        if obj is None or key in done or len(done) > ctx.limits.max_parts:
            continue
        done.add(key)
        if isinstance(obj, ArrayObject):
            todo.extend(obj)
            continue
        if isinstance(obj, StreamObject):
            if _name(obj.get("/Subtype")) != "Image":
                obj.get_data()
                todo.append(obj.get("/Resources"))
            continue
        if isinstance(obj, DictionaryObject):
            for name in ("/Contents", "/XObject", "/Font", "/Resources", "/ToUnicode",
                         "/FontDescriptor", "/FontFile", "/FontFile2", "/FontFile3",
                         "/DescendantFonts", "/CharProcs"):
                if name in obj:
                    todo.append(obj[name])
            if _name(obj.get("/Type")) not in ("Font", "FontDescriptor", "Page"):
                todo.extend(obj.values())  # /XObject, /Font, /CharProcs, /AP and its states


# --- drawing a page ---------------------------------------------------------------------------
@dataclass(slots=True)
class _Glyph:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    upright: bool
    font: str
    seq: int
    layer_off: bool
    invisible: bool
    white: bool

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


@dataclass(slots=True)
class _Shape:
    x0: float
    y0: float
    x1: float
    y1: float
    seq: int

    def holds(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    def overlap(self, g: _Glyph) -> float:
        w = min(self.x1, g.x1) - max(self.x0, g.x0)
        h = min(self.y1, g.y1) - max(self.y0, g.y0)
        return w * h if w > 0 and h > 0 else 0.0


@dataclass(slots=True)
class _Drawing:
    """What pdfminer drew on one page, in drawing order (`seq`), in page space (y upwards)."""

    height: float = 0.0
    view: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    ctm: tuple[float, ...] = (1, 0, 0, 1, 0, 0)
    glyphs: list[_Glyph] = field(default_factory=list)
    covers: list[_Shape] = field(default_factory=list)  # opaque filled rectangles
    grounds: list[_Shape] = field(default_factory=list)  # filled non-white shapes, pictures
    pictures: list[_Shape] = field(default_factory=list)
    paths: int = 0

    def unread_text(self) -> str | None:
        """Why the page's text cannot be read, if it cannot: no text layer at all (a scan, or
        text drawn as shapes), or glyphs whose font maps them to no character."""
        texts = [g.text for g in self.glyphs if g.text.strip()]
        if not texts:
            return "has no text layer (a scan, or text drawn as shapes)" \
                if self.pictures or self.paths else None
        unmapped = sum(t.startswith("(cid:") for t in texts)
        if unmapped * 2 > len(texts):
            return "has text in a font that maps its glyphs to no characters"
        return None


def _draw(page: PDFPage, pdf: _Pdf, layers: _Layers, ctx: Context) -> _Drawing:
    device = _Device(pdf, ctx)
    _Interpreter(pdf.rsrcmgr, device, layers).process_page(page)
    return device.drawing


_NOT_APPEARANCES = {"Widget", "Popup", "Link"}  # a field's value; a note's parent; a link


def _appearance_units(page: PDFPage, n: int, pdf: _Pdf, layers: _Layers, ctx: Context
                      ) -> Iterator[ContentUnit]:
    """Text drawn by annotations' appearance streams (stamps, free text, flattened marks):
    pdfminer draws only the page's contents, so each appearance is drawn on its own."""
    annots = resolve1(page.annots)
    for annot in annots if isinstance(annots, list) else []:
        annot = resolve1(annot)
        kind = resolve1(annot.get("Subtype")) if isinstance(annot, dict) else None
        name = kind.name if isinstance(kind, PSLiteral) else "unknown"
        if not isinstance(annot, dict) or name in _NOT_APPEARANCES:
            continue
        for stream in _appearance_streams(annot):
            device = _Device(pdf, ctx)
            device.begin_page(page, (1, 0, 0, 1, 0, 0))
            inf = float("inf")
            device.drawing.view = (-inf, -inf, inf, inf)  # the stream's own space, not the page's
            resources = resolve1(stream.get("Resources"))
            _Interpreter(pdf.rsrcmgr, device, layers).render_contents(
                resources if isinstance(resources, dict) else {}, [stream])
            for unit in _text_units(device.drawing, [], n, ctx):
                yield ContentUnit(unit.value, unit.part, (H.ANNOTATION,),
                                  detail=f"annotation ({name}) appearance")


def _appearance_streams(annot: dict[str, Any]) -> list[PDFStream]:
    """The normal appearance: one stream, or one per state (only the current one is shown,
    but every state is read)."""
    ap = resolve1(annot.get("AP"))
    normal = resolve1(ap.get("N")) if isinstance(ap, dict) else None
    if isinstance(normal, PDFStream):
        return [normal]
    if isinstance(normal, dict):
        return [s for s in (resolve1(v) for v in normal.values()) if isinstance(s, PDFStream)]
    return []


def _normal_rect(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


class _Device(PDFPageAggregator):
    """Records glyphs, filled shapes and pictures with their drawing order, instead of building
    pdfminer's layout tree."""

    def __init__(self, pdf: _Pdf, ctx: Context) -> None:
        super().__init__(pdf.rsrcmgr, laparams=None)
        self.pdf = pdf
        self.ctx = ctx
        self.drawing = _Drawing()
        self.seq = 0
        self.layers_off: list[bool] = []  # marked-content stack: True where an OFF layer begins
        self.opaque: list[bool] = [True]  # fill opacity, saved and restored with q/Q
        self.render_mode = 0
        self.whites: dict[Any, bool] = {}

    def _white(self, colour: Any) -> bool:
        key = tuple(colour) if isinstance(colour, list) else colour
        try:
            return self.whites[key]
        except KeyError:
            self.whites[key] = found = _is_white(colour)
            return found
        except TypeError:  # not hashable
            return _is_white(colour)

    def hidden_layer(self) -> bool:
        return any(self.layers_off)

    def next_seq(self) -> int:
        self.seq += 1
        if self.seq % _CHECK_EVERY == 0:
            self.ctx.deadline.check()
        return self.seq

    def begin_page(self, page: PDFPage, ctm: Any) -> None:
        super().begin_page(page, ctm)
        d = self.drawing
        d.height = self.cur_item.height
        d.ctm = tuple(ctm)
        d.view = _normal_rect(apply_matrix_rect(ctm, page.cropbox))

    def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        self.render_mode = textstate.render
        super().render_string(textstate, seq, ncs, graphicstate)

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        adv = super().render_char(*args, **kwargs)
        item = self.cur_item._objs.pop()
        self.pdf.text_left -= len(item.get_text())
        if self.pdf.text_left < 0:
            raise InspectionError(f"too much text (over {self.ctx.limits.max_text_chars} "
                                  "characters)")
        self.drawing.glyphs.append(_Glyph(
            item.get_text(), item.x0, item.y0, item.x1, item.y1, item.size, item.upright,
            item.fontname, self.next_seq(), self.hidden_layer(), self.render_mode in (3, 7),
            self._white(item.graphicstate.ncolor)))
        return adv

    def paint_path(self, gstate: Any, stroke: bool, fill: bool, evenodd: bool,
                   path: Any) -> None:
        start = len(self.cur_item._objs)
        super().paint_path(gstate, stroke, fill, evenodd, path)
        made = self.cur_item._objs[start:]
        del self.cur_item._objs[start:]
        for item in made:
            seq = self.next_seq()
            self.drawing.paths += 1
            if not item.fill or self.hidden_layer():
                continue
            shape = _Shape(*_normal_rect(item.bbox), seq)
            thick = min(shape.x1 - shape.x0, shape.y1 - shape.y0) >= MIN_COVER
            if isinstance(item, LTRect) and self.opaque[-1] and thick:
                self.drawing.covers.append(shape)
            if not _is_white(item.non_stroking_color):
                self.drawing.grounds.append(shape)

    def render_image(self, name: str, stream: PDFStream) -> None:
        super().render_image(name, stream)
        item = self.cur_item._objs.pop()
        if isinstance(item, LTImage) and not self.hidden_layer():
            shape = _Shape(*_normal_rect(item.bbox), self.next_seq())
            self.drawing.pictures.append(shape)
            self.drawing.grounds.append(shape)


def _is_white(colour: Any) -> bool:
    """White in DeviceGray (1), RGB (1 1 1) or CMYK (0 0 0 0); patterns are not white."""
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or not colour:
        return False
    if not all(isinstance(c, (int, float)) for c in colour):
        return False
    if len(colour) == 4:
        return all(c <= 0.02 for c in colour)
    return len(colour) in (1, 3) and all(c >= 0.98 for c in colour)


class _Interpreter(PDFPageInterpreter):
    """pdfminer's interpreter, also following optional content (BDC /OC, form XObjects with
    /OC) and the fill alpha and blend mode set by ExtGState."""

    def __init__(self, rsrcmgr: PDFResourceManager, device: _Device, layers: _Layers) -> None:
        super().__init__(rsrcmgr, device)
        self.layers = layers
        self.dev = device
        self.properties: dict[Any, Any] = {}
        self.gstates: dict[Any, Any] = {}

    def dup(self) -> _Interpreter:
        return self.__class__(self.rsrcmgr, self.dev, self.layers)

    def init_resources(self, resources: dict[object, object]) -> None:
        super().init_resources(resources)
        res = resolve1(resources) if resources else {}
        res = res if isinstance(res, dict) else {}
        props = resolve1(res.get("Properties"))
        gstates = resolve1(res.get("ExtGState"))
        self.properties = props if isinstance(props, dict) else {}
        self.gstates = gstates if isinstance(gstates, dict) else {}

    def do_BMC(self, tag: Any) -> None:
        self.dev.layers_off.append(False)
        super().do_BMC(tag)

    def do_BDC(self, tag: Any, props: Any) -> None:
        off = False
        if isinstance(tag, PSLiteral) and tag.name == "OC":
            if isinstance(props, PSLiteral):
                props = self.properties.get(props.name)
            off = not self.layers.visible(props)
        self.dev.layers_off.append(off)
        super().do_BDC(tag, props)

    def do_EMC(self) -> None:
        if self.dev.layers_off:
            self.dev.layers_off.pop()
        super().do_EMC()

    def do_q(self) -> None:
        self.dev.opaque.append(self.dev.opaque[-1])
        super().do_q()

    def do_Q(self) -> None:
        if len(self.dev.opaque) > 1:
            self.dev.opaque.pop()
        super().do_Q()

    def do_gs(self, name: Any) -> None:
        key = name.name if isinstance(name, PSLiteral) else name
        gstate = resolve1(self.gstates.get(key))
        if isinstance(gstate, dict):
            alpha = resolve1(gstate.get("ca", 1))
            blend = resolve1(gstate.get("BM", None))
            if isinstance(blend, list) and blend:
                blend = resolve1(blend[0])
            normal = blend is None or (isinstance(blend, PSLiteral)
                                       and blend.name in ("Normal", "Compatible"))
            solid = not isinstance(alpha, (int, float)) or alpha >= OPAQUE
            self.dev.opaque[-1] = normal and solid

    def do_sh(self, name: Any) -> None:
        """A shading fills the clipping path, which pdfminer does not follow: take it to fill
        the page (it is a background for white text, never a cover)."""
        if not self.dev.hidden_layer():
            inf = float("inf")
            self.dev.drawing.grounds.append(_Shape(-inf, -inf, inf, inf, self.dev.next_seq()))

    def do_Do(self, xobjid_arg: Any) -> None:
        name = xobjid_arg.name if isinstance(xobjid_arg, PSLiteral) else xobjid_arg
        xobj = resolve1(self.xobjmap.get(name))
        attrs = xobj.attrs if isinstance(xobj, PDFStream) else {}
        layers, opaque = len(self.dev.layers_off), len(self.dev.opaque)
        self.dev.layers_off.append(not self.layers.visible(attrs.get("OC")))
        self.dev.opaque.append(self.dev.opaque[-1])
        try:
            super().do_Do(xobjid_arg)
        finally:  # a form XObject is drawn inside its own q/Q and its own marked content
            del self.dev.layers_off[layers:]
            del self.dev.opaque[opaque:]


class _Layers:
    """Optional content groups, and whether each is shown when the file is opened."""

    def __init__(self, doc: PDFDocument) -> None:
        self.off: set[int] = set()
        props = resolve1(doc.catalog.get("OCProperties"))
        if not isinstance(props, dict):
            return
        config = resolve1(props.get("D"))
        config = config if isinstance(config, dict) else {}
        base = resolve1(config.get("BaseState"))
        if isinstance(base, PSLiteral) and base.name == "OFF":
            on = _objids(config.get("ON"))
            self.off = _objids(props.get("OCGs")) - on
        else:
            self.off = _objids(config.get("OFF"))

    def visible(self, ref: Any, depth: int = 0) -> bool:
        if ref is None or depth > 20:
            return True
        if isinstance(ref, PDFObjRef) and ref.objid in self.off:
            return False
        obj = resolve1(ref)
        if isinstance(obj, list):  # a visibility expression: [/And|/Or|/Not ...]
            return self._expression(obj, depth)
        if not isinstance(obj, dict):
            return True
        kind = resolve1(obj.get("Type"))
        if not (isinstance(kind, PSLiteral) and kind.name == "OCMD"):
            return True
        if obj.get("VE") is not None:
            return self.visible(obj.get("VE"), depth + 1)
        groups = resolve1(obj.get("OCGs"))
        groups = groups if isinstance(groups, list) else [groups] if groups else []
        states = [self.visible(g, depth + 1) for g in groups]
        if not states:
            return True
        policy = resolve1(obj.get("P"))
        policy = policy.name if isinstance(policy, PSLiteral) else "AnyOn"
        return {"AllOn": all(states), "AnyOff": not all(states),
                "AllOff": not any(states)}.get(policy, any(states))

    def _expression(self, expr: list[Any], depth: int) -> bool:
        op = resolve1(expr[0]) if expr else None
        args = [self.visible(a, depth + 1) for a in expr[1:]]
        name = op.name if isinstance(op, PSLiteral) else ""
        if name == "Not":
            return not (args[0] if args else True)
        if name == "And":
            return all(args)
        return any(args) if args else True


def _objids(value: Any) -> set[int]:
    value = resolve1(value)
    if not isinstance(value, list):
        return set()
    return {v.objid for v in value if isinstance(v, PDFObjRef)}


# --- the text layer ---------------------------------------------------------------------------
_WHY_WORDS = {
    H.COVERED_TEXT: "text under a filled rectangle",
    H.OPTIONAL_CONTENT: "text in a hidden layer",
    H.OUT_OF_VIEW: "text outside the page's visible area",
    H.WHITE_TEXT: "white text on a white page",
    H.HIDDEN_TEXT: "invisible text",
}
_REASON_ORDER = (H.OPTIONAL_CONTENT, H.COVERED_TEXT, H.OUT_OF_VIEW, H.WHITE_TEXT, H.HIDDEN_TEXT)


def _text_units(drawing: _Drawing, covers: list[tuple[float, ...]], n: int, ctx: Context
                ) -> Iterator[ContentUnit]:
    """One unit per line of the page for its visible words, and one per line for each way its
    hidden words are hidden."""
    part = f"page {n}"
    reasons = _glyph_reasons(drawing, covers, ctx)
    chars = _dedupe([_char_dict(g, why, drawing.height)
                     for g, why in zip(drawing.glyphs, reasons, strict=True)])
    extractor = WordExtractor(expand_ligatures=True)
    number = 0
    for upright in (True, False):
        group = [c for c in chars if c["upright"] == upright]
        if not group:
            continue
        for line_chars, direction in extractor.iter_chars_to_lines(group):
            words = list(extractor.iter_chars_to_words(line_chars, direction))
            if not words:
                continue
            number += 1
            yield from _line_units(extractor, words, part, number)


def _line_units(extractor: WordExtractor, words: list[list[dict[str, Any]]], part: str,
                number: int) -> Iterator[ContentUnit]:
    by_why: dict[tuple[Hidden, ...], list[str]] = {}
    for word in words:
        why = tuple(r for r in _REASON_ORDER if any(r in c["why"] for c in word))
        by_why.setdefault(why, []).append(extractor.merge_chars(word)["text"])
    for why, texts in by_why.items():
        text = " ".join(texts).strip()
        if not text:
            continue
        detail = f"line {number}" if not why else f"{_WHY_WORDS[why[0]]}, line {number}"
        yield ContentUnit(text, part, why, detail=detail)


def _glyph_reasons(drawing: _Drawing, covers: list[tuple[float, ...]], ctx: Context
                   ) -> list[frozenset[Hidden]]:
    covered = _covered(drawing) | _under_annotations(drawing, covers)
    x0, y0, x1, y1 = drawing.view
    out = []
    for i, g in enumerate(drawing.glyphs):
        why: set[Hidden] = set()
        cx, cy = g.centre
        if i % _CHECK_EVERY == 0:
            ctx.deadline.check()  # white and invisible glyphs are checked against each shape
        if g.layer_off:
            why.add(H.OPTIONAL_CONTENT)
        if i in covered:
            why.add(H.COVERED_TEXT)
        if not (x0 <= cx <= x1 and y0 <= cy <= y1):
            why.add(H.OUT_OF_VIEW)
        if g.white and not g.invisible and not any(
                s.seq < g.seq and s.holds(cx, cy) for s in drawing.grounds):
            why.add(H.WHITE_TEXT)
        if g.invisible and not any(p.holds(cx, cy) for p in drawing.pictures):
            why.add(H.HIDDEN_TEXT)
        out.append(frozenset(why))
    return out


def _covered(drawing: _Drawing) -> set[int]:
    """Glyphs (by index) an opaque rectangle painted after them covers at least half of.

    Such a rectangle holds the glyph's centre, so glyphs are looked up by centre in a grid, each
    cell in drawing order: a rectangle only looks at the glyphs drawn before it."""
    glyphs = drawing.glyphs
    if not drawing.covers or not glyphs:
        return set()
    cells: dict[tuple[int, int], list[int]] = {}
    for i, g in enumerate(glyphs):  # glyphs are in drawing order already
        cx, cy = g.centre
        cells.setdefault((int(cx // _CELL), int(cy // _CELL)), []).append(i)
    seqs = {cell: [glyphs[i].seq for i in members] for cell, members in cells.items()}
    cols = [c for c, _ in cells]
    rows = [r for _, r in cells]
    found: set[int] = set()
    for rect in drawing.covers:
        for col in range(max(min(cols), _cell(rect.x0)), min(max(cols), _cell(rect.x1)) + 1):
            for row in range(max(min(rows), _cell(rect.y0)), min(max(rows), _cell(rect.y1)) + 1):
                members = cells.get((col, row))
                if not members:
                    continue
                for i in members[:bisect_left(seqs[(col, row)], rect.seq)]:
                    g = glyphs[i]
                    area = (g.x1 - g.x0) * (g.y1 - g.y0)
                    if area > 0 and rect.overlap(g) >= COVER_SHARE * area:
                        found.add(i)
    return found


def _cell(coordinate: float) -> int:
    return int(max(-1e6, min(1e6, coordinate)) // _CELL)


def _under_annotations(drawing: _Drawing, covers: list[tuple[float, ...]]) -> set[int]:
    """Glyphs whose centre lies under a redaction mark or an opaque filled box annotation."""
    found: set[int] = set()
    for rect in covers:
        box = _Shape(*_normal_rect(apply_matrix_rect(drawing.ctm, rect)), 0)
        found |= {i for i, g in enumerate(drawing.glyphs) if box.holds(*g.centre)}
    return found


def _char_dict(g: _Glyph, why: frozenset[Hidden], height: float) -> dict[str, Any]:
    top = height - g.y1
    return {"text": g.text, "x0": g.x0, "x1": g.x1, "top": top, "bottom": height - g.y0,
            "doctop": top, "height": g.y1 - g.y0, "width": g.x1 - g.x0,
            "upright": g.upright, "size": g.size, "fontname": g.font, "why": why}


def _dedupe(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop glyphs drawn twice at (nearly) the same place, as fake bold is."""
    kept: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    out = []
    for c in chars:
        row = round(c["top"])
        key = (c["text"], c["why"], c["upright"])
        near = [k for r in (row - 1, row, row + 1) for k in kept.get((*key, r), [])]
        if any(abs(k["x0"] - c["x0"]) <= 1 and abs(k["top"] - c["top"]) <= 1 for k in near):
            continue
        kept.setdefault((*key, row), []).append(c)
        out.append(c)
    return out


# --- annotations ------------------------------------------------------------------------------
_ANNOTATION_TEXT = (("/Contents", ""), ("/T", " author"), ("/Subj", " subject"),
                    ("/RC", " rich text"), ("/OverlayText", " overlay text"))
_TAG = re.compile(r"<[^>]*>")


def _annotations(page: DictionaryObject) -> list[DictionaryObject]:
    annots = _obj(page.get("/Annots"))
    if not isinstance(annots, ArrayObject):
        return []
    return [a for a in (_obj(x) for x in annots) if isinstance(a, DictionaryObject)]


def _cover_rect(annot: DictionaryObject) -> list[tuple[float, ...]]:
    """A redaction mark, or a box annotation filled opaque, hides the text under it."""
    kind = _name(annot.get("/Subtype"))
    filled = kind == "Square" and _obj(annot.get("/IC")) and float(
        _obj(annot.get("/CA", 1)) or 0) >= OPAQUE
    return _rect(annot) if kind == "Redact" or filled else []


def _annotation_units(annots: list[DictionaryObject], n: int, files: _Attachments,
                      scripts: _Scripts) -> Iterator[ContentUnit]:
    part = f"page {n}"
    said: set[str] = set()
    for annot in annots:
        kind = _name(annot.get("/Subtype")) or "unknown"
        if kind == "FileAttachment":
            files.add(annot.get("/FS"), f"attachment annotation on page {n}")
        if kind == "Widget" and "/T" in annot:
            continue  # a form field: read with the form
        for key, what in _ANNOTATION_TEXT:
            text = _text(annot.get(key))
            if key == "/RC":
                text = html.unescape(_TAG.sub(" ", text))
            text = text.strip()
            if text and (key, text) not in said:
                said.add((key, text))
                yield ContentUnit(text, part, (H.ANNOTATION,),
                                  detail=f"annotation ({kind}){what}")
        yield from _link_units(annot, part, kind, files)
        scripts.add(annot.get("/A"), f"annotation ({kind}) on {part}")
        scripts.add_triggers(annot.get("/AA"), f"annotation ({kind}) on {part}")


_MARKUP = {"Highlight", "Underline", "StrikeOut", "Squiggly"}


def _marked_text_units(drawing: _Drawing, annots: list[DictionaryObject], n: int,
                       ctx: Context) -> Iterator[ContentUnit]:
    """The page text each highlight, underline or strike-out marks (a name struck out for
    removal is still there)."""
    for annot in annots:
        kind = _name(annot.get("/Subtype"))
        if kind not in _MARKUP:
            continue
        quads = _obj(annot.get("/QuadPoints"))
        points = [float(_obj(v)) for v in quads] if isinstance(quads, ArrayObject) else []
        boxes = [_Shape(*_normal_rect(apply_matrix_rect(drawing.ctm, (
            min(q[0::2]), min(q[1::2]), max(q[0::2]), max(q[1::2])))), 0)
            for q in (points[i:i + 8] for i in range(0, len(points) - 7, 8))]
        boxes = boxes or [_Shape(*_normal_rect(apply_matrix_rect(drawing.ctm, r)), 0)
                          for r in _rect(annot)]
        marked = _Drawing(height=drawing.height, view=(-1e9, -1e9, 1e9, 1e9), glyphs=[
            g for g in drawing.glyphs if any(b.holds(*g.centre) for b in boxes)])
        for unit in _text_units(marked, [], n, ctx):
            yield ContentUnit(unit.value, unit.part, (H.ANNOTATION,),
                              detail=f"annotation ({kind}) marked text")


def _rect(annot: DictionaryObject) -> list[tuple[float, ...]]:
    rect = _obj(annot.get("/Rect"))
    if isinstance(rect, ArrayObject) and len(rect) == 4:
        return [tuple(float(_obj(v)) for v in rect)]
    return []


def _link_units(annot: DictionaryObject, part: str, kind: str, files: _Attachments
                ) -> Iterator[ContentUnit]:
    action = _obj(annot.get("/A"))
    if not isinstance(action, DictionaryObject):
        return
    uri = _text(action.get("/URI")).strip()
    if uri:
        yield ContentUnit(uri, part, (H.ANNOTATION,), detail=f"annotation ({kind}) link target")
    target = _obj(action.get("/F"))
    if isinstance(target, DictionaryObject) and "/EF" in target:
        files.add(target, f"link on {part}")
    elif target is not None:
        name = _text(target.get("/F") if isinstance(target, DictionaryObject) else target)
        if name.strip():
            yield ContentUnit(name.strip(), part, (H.ANNOTATION,),
                              detail=f"annotation ({kind}) file link")


# --- form fields ------------------------------------------------------------------------------
_SIGNATURE_TEXT = ("/Name", "/Reason", "/Location", "/ContactInfo")


def _field_units(root: DictionaryObject, pdf: _Pdf, full: bool, scripts: _Scripts
                 ) -> Iterator[Item]:
    form = _obj(root.get("/AcroForm"))
    seen: set[Any] = set()
    todo: list[tuple[Any, str]] = []
    for page in reversed(pdf.reader.pages):  # widgets the form does not list, read last
        todo += [(a, "") for a in reversed(_annotations(page))
                 if _name(a.get("/Subtype")) == "Widget" and "/T" in a]
    if isinstance(form, DictionaryObject):
        fields = _obj(form.get("/Fields"))
        if isinstance(fields, ArrayObject):
            todo += [(f, "") for f in reversed(fields)]
    count = 0
    while todo:
        node, prefix = todo.pop()
        node = _obj(node)
        if not isinstance(node, DictionaryObject) or _key(node) in seen:
            continue
        seen.add(_key(node))
        count += 1
        if count > MAX_NODES:
            raise InspectionError(f"too many form fields (over {MAX_NODES})")
        name = _text(node.get("/T")).strip()
        full_name = f"{prefix}.{name}" if prefix and name else name or prefix
        yield from _one_field(node, name, full_name)
        scripts.add_triggers(node.get("/AA"), f"field '{full_name or '(unnamed)'}'")
        kids = _obj(node.get("/Kids"))
        if isinstance(kids, ArrayObject):
            todo += [(k, full_name) for k in reversed(kids)]
    if full and isinstance(form, DictionaryObject) and form.get("/XFA") is not None:
        yield from _xfa_units(form.get("/XFA"))


def _one_field(node: DictionaryObject, name: str, full_name: str) -> Iterator[ContentUnit]:
    part = "form fields"
    label = full_name or "(unnamed)"
    if name:
        yield ContentUnit(name, part, (H.FORM_FIELD,), detail=f"field name '{label}'")
    for key, what in (("/TU", "tooltip"), ("/TM", "export name"), ("/V", "value"),
                      ("/DV", "default value")):
        value = _obj(node.get(key))
        if isinstance(value, DictionaryObject):  # a signature
            for sig_key in _SIGNATURE_TEXT:
                text = _text(value.get(sig_key)).strip()
                if text:
                    yield ContentUnit(text, part, (H.FORM_FIELD,),
                                      detail=f"signature {sig_key[1:].lower()} in '{label}'")
            continue
        text = _text(value).strip()
        if text and text != "Off":  # an unticked box
            yield ContentUnit(text, part, (H.FORM_FIELD,), detail=f"{what} of field '{label}'")
    options = _obj(node.get("/Opt"))
    if isinstance(options, ArrayObject):
        for option in options:
            text = _text(option).strip()
            if text:
                yield ContentUnit(text, part, (H.FORM_FIELD,),
                                  detail=f"option of field '{label}'")


def _xfa_units(xfa: Any) -> Iterator[ContentUnit]:
    """The XFA form: its packets joined make one XML document (template, data, config...)."""
    xfa = _obj(xfa)
    if isinstance(xfa, ArrayObject):
        data = b"".join(_obj(p).get_data() for p in xfa[1::2]
                        if isinstance(_obj(p), StreamObject))
    elif isinstance(xfa, StreamObject):
        data = xfa.get_data()
    else:
        return
    yield from _xml_or_strings(data, "XFA form", (H.FORM_FIELD,), "XFA")


def _xml_or_strings(data: bytes, part: str, reasons: tuple[Hidden, ...], what: str
                    ) -> Iterator[ContentUnit]:
    """Every text and attribute value of an XML packet; the strings in it when it is not XML."""
    try:
        root = parse_xml(data.strip(), part)
    except InspectionError:
        yield from binary_units(data, part, reasons, None, f"{what} text")
        return
    count = 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = _xml_name(el)
        bits = [(tag, el.text)] + [(a.rsplit("}", 1)[-1], v) for a, v in el.attrib.items()
                                   if not a.endswith(("}about", "}parseType", "}lang"))]
        for name, bit in bits:
            if bit and bit.strip() and count < MAX_STRINGS:
                count += 1
                yield ContentUnit(bit.strip(), part, reasons, detail=f"{what} {name}")


_RDF_WRAPPERS = {"li", "Seq", "Bag", "Alt", "RDF", "Description"}


def _xml_name(el: Any) -> str:
    """An element's local name; for RDF list items and wrappers, the property they belong to."""
    name = el.tag.rsplit("}", 1)[-1]
    while name in _RDF_WRAPPERS and el.getparent() is not None:
        el = el.getparent()
        name = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else name
    return name


# --- attachments ------------------------------------------------------------------------------
class _Attachments:
    """File specifications found anywhere, each inspected once."""

    def __init__(self) -> None:
        self.found: list[tuple[DictionaryObject | str, str]] = []
        self.seen: set[Any] = set()

    def add(self, spec: Any, where: str) -> None:
        spec = _obj(spec)
        if isinstance(spec, DictionaryObject) and _key(spec) not in self.seen:
            self.seen.add(_key(spec))
            self.found.append((spec, where))
        elif isinstance(spec, (TextStringObject, ByteStringObject)):
            self.found.append((_text(spec), where))

    def add_all(self, specs: Any, where: str) -> None:
        specs = _obj(specs)
        if isinstance(specs, ArrayObject):
            for spec in specs:
                self.add(spec, where)

    def add_tree(self, root: DictionaryObject, tree: str) -> None:
        for _, spec in _name_tree(root, tree):
            self.add(spec, "attached files")

    def units(self, ctx: Context) -> Iterator[Item]:
        names: set[str] = set()
        for number, (spec, where) in enumerate(self.found, 1):
            ctx.deadline.check()
            if isinstance(spec, str):
                yield ContentUnit(spec, "attachments", (H.ATTACHMENT,),
                                  detail=f"reference to an outside file ({where})")
                continue
            with _reading("an attached file"):
                name = _spec_name(spec) or f"attachment {number}"
                description = _text(spec.get("/Desc")).strip()
                data = _spec_data(spec)
            unique = name if name not in names else f"{name} ({number})"
            names.add(unique)
            yield ContentUnit(name, "attachments", (H.ATTACHMENT,),
                              detail=f"attached file name ({where})")
            if description:
                yield ContentUnit(description, "attachments", (H.ATTACHMENT,),
                                  detail=f"description of attached file '{unique}'")
            if data:
                yield from _attached(unique, data, ctx)


def _attached(name: str, data: bytes, ctx: Context) -> Iterator[Item]:
    """An attached file, inspected as a file of its own; its errors name it."""
    try:
        yield from inspect_nested(name, data, ctx, (H.ATTACHMENT,), unknown_as_text=False)
    except InspectionError as exc:
        # inspect_nested names the file only for errors raised once reading has begun
        reason = str(exc)
        raise InspectionError(reason if reason.startswith(name) else f"{name}: {reason}") \
            from None


def _spec_name(spec: DictionaryObject) -> str:
    for key in ("/UF", "/F", "/Unix", "/Mac", "/DOS"):
        name = _text(spec.get(key)).strip()
        if name:
            return name.replace("\\", "/").rsplit("/", 1)[-1] or name
    return ""


def _spec_data(spec: DictionaryObject) -> bytes | None:
    files = _obj(spec.get("/EF"))
    if not isinstance(files, DictionaryObject):
        return None
    for key in ("/UF", "/F", *files.keys()):
        stream = _obj(files.get(key))
        if isinstance(stream, StreamObject):
            return stream.get_data()
    return None


def _name_tree(root: DictionaryObject, tree: str) -> Iterator[tuple[str, Any]]:
    """(key, value) pairs of a tree in the catalogue's /Names dictionary."""
    names = _obj(root.get("/Names"))
    top = _obj(names.get(tree)) if isinstance(names, DictionaryObject) else None
    todo, seen = [top], set()
    while todo:
        node = _obj(todo.pop())
        if not isinstance(node, DictionaryObject) or _key(node) in seen:
            continue
        seen.add(_key(node))
        if len(seen) > MAX_NODES:
            raise InspectionError(f"corrupt PDF: name tree {tree} is too large")
        pairs = _obj(node.get("/Names"))
        if isinstance(pairs, ArrayObject):
            for i in range(0, len(pairs) - 1, 2):
                yield _text(pairs[i]), pairs[i + 1]
        kids = _obj(node.get("/Kids"))
        if isinstance(kids, ArrayObject):
            todo.extend(reversed(kids))


# --- metadata, scripts, alt text, bookmarks ---------------------------------------------------
def _info_units(reader: PdfReader, full: bool) -> Iterator[ContentUnit]:
    info = _obj(reader.trailer.get("/Info"))
    if not isinstance(info, DictionaryObject):
        return
    for key, value in info.items():
        if not full and key not in _HUMAN_INFO:
            continue  # producer and dates change with every save
        text = _text(value).strip()
        if text:
            yield ContentUnit(text, "document information", (H.METADATA,), detail=key[1:])


def _xmp_units(root: DictionaryObject) -> Iterator[ContentUnit]:
    stream = _obj(root.get("/Metadata"))
    if isinstance(stream, StreamObject):
        yield from _xml_or_strings(stream.get_data(), "XMP metadata", (H.METADATA,), "XMP")


class _Scripts:
    """JavaScript actions found anywhere (document, pages, annotations, fields), each read once."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []
        self.seen: set[Any] = set()

    def add(self, action: Any, where: str) -> None:
        todo = [action]
        while todo:
            item = _obj(todo.pop())
            if isinstance(item, ArrayObject):
                todo.extend(reversed(item))
                continue
            if not isinstance(item, DictionaryObject) or _key(item) in self.seen:
                continue
            self.seen.add(_key(item))
            if len(self.seen) > MAX_NODES:
                raise InspectionError(f"too many actions (over {MAX_NODES})")
            if _name(item.get("/S")) == "JavaScript":
                self.found.append((_text(item.get("/JS")), where))
            todo.append(item.get("/Next"))

    def add_triggers(self, triggers: Any, where: str) -> None:
        """An additional-actions dictionary: an action for each event (/O, /C, /K, /F...)."""
        triggers = _obj(triggers)
        if isinstance(triggers, DictionaryObject):
            for event, action in triggers.items():
                self.add(action, f"{where}, event {event[1:]}")

    def add_document(self, root: DictionaryObject) -> None:
        for name, action in _name_tree(root, "/JavaScript"):
            self.add(action, f"document script '{name}'")
        self.add(root.get("/OpenAction"), "document open action")
        self.add_triggers(root.get("/AA"), "document")

    def units(self) -> Iterator[ContentUnit]:
        count = 0
        for script, where in self.found:
            for line in script.splitlines():
                if line.strip() and count < MAX_STRINGS:
                    count += 1
                    yield ContentUnit(line.strip(), "JavaScript", (H.MACRO,),
                                      detail=f"script: {where}")


def _alt_text_units(root: DictionaryObject, ctx: Context) -> Iterator[ContentUnit]:
    tree = _obj(root.get("/StructTreeRoot"))
    todo, seen = [tree], set()
    while todo:
        node = _obj(todo.pop())
        if isinstance(node, ArrayObject):
            todo.extend(reversed(node))
            continue
        if not isinstance(node, DictionaryObject) or _key(node) in seen:
            continue
        seen.add(_key(node))
        if len(seen) % _CHECK_EVERY == 0:
            ctx.deadline.check()
        if len(seen) > MAX_NODES:
            raise InspectionError(f"structure tree too large (over {MAX_NODES} elements)")
        alt = _text(node.get("/Alt")).strip()
        if alt:
            yield ContentUnit(alt, "structure tree", (H.ALT_TEXT,),
                              detail=f"alternative text of <{_name(node.get('/S')) or '?'}>")
        if "/K" in node:
            todo.append(node["/K"])


def _bookmark_units(root: DictionaryObject) -> Iterator[ContentUnit]:
    outlines = _obj(root.get("/Outlines"))
    todo = [outlines.get("/First")] if isinstance(outlines, DictionaryObject) else []
    seen: set[Any] = set()
    while todo:
        item = _obj(todo.pop())
        if not isinstance(item, DictionaryObject) or _key(item) in seen:
            continue
        seen.add(_key(item))
        if len(seen) > MAX_NODES:
            raise InspectionError(f"too many bookmarks (over {MAX_NODES})")
        title = _text(item.get("/Title")).strip()
        if title:
            yield ContentUnit(title, "bookmarks", (), detail="bookmark")
        todo += [item.get("/Next"), item.get("/First")]


# --- earlier revisions ------------------------------------------------------------------------
def _revision_ends(data: bytes) -> list[int]:
    """Where each revision before the final one ends (just after its %%EOF)."""
    ends = [m.end() for m in _EOF.finditer(data)]
    if ends and b"/Linearized" in data[:2048]:
        ends = ends[1:]  # the first-page section of a linearized file is not a revision
    return ends[:-1]


def _earlier_revisions(data: bytes, ctx: Context, final: set[str]) -> Iterator[Item]:
    ends = _revision_ends(data)
    if not ends:
        return
    if len(ends) > MAX_REVISIONS:
        raise InspectionError(f"too many incremental updates ({len(ends)} > {MAX_REVISIONS})")
    ctx.notes.append(f"{len(ends)} earlier revision(s) kept by incremental updates were read "
                     "and compared with the final one")
    reported = set(final)
    for number in range(len(ends), 0, -1):  # latest first: a value is told once, where last
        ctx.deadline.check()
        part = f"revision {number}"
        try:
            pdf = _open(data[:ends[number - 1]], ctx, final=False)
            units = [u for u in _document(pdf, ctx, full=False) if isinstance(u, ContentUnit)]
        except InspectionError as exc:
            raise InspectionError(f"earlier {part} of {len(ends) + 1}: {exc}") from None
        for unit in units:
            key = _norm(unit.value)
            if key and key not in reported:
                reported.add(key)
                where = ", ".join(p for p in (unit.part, unit.detail) if p)
                yield ContentUnit(unit.value, part, (H.EARLIER_REVISION,), detail=where)


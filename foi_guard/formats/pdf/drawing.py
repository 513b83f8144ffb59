"""Drawing a page with pdfminer.six: our own device records every glyph, filled shape and
picture with its drawing order (instead of building pdfminer's layout tree), whether it is
white, drawn invisible or inside an optional-content layer that is OFF by default; our own
interpreter follows marked content (BDC /OC), form XObjects with /OC, and the fill alpha and
blend mode set by ExtGState, so that a rectangle painted over text is known to be opaque.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTImage, LTRect
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import apply_matrix_rect

from foi_guard.formats.base import Context
from foi_guard.formats.pdf.reading import _CHECK_EVERY, _Pdf
from foi_guard.model import InspectionError

MIN_COVER = 1.0  # points: a thinner rectangle (a table rule) cannot hide half a glyph
OPAQUE = 0.9  # fill alpha at or above which a painted shape hides what is under it


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

"""Annotations on each page (read with pypdf): their contents, authors, subjects, rich text and
link targets; the page text highlights, underlines and strike-outs mark; and the rectangles of
redaction marks and opaque box annotations, which hide the page text under them. File
attachments and JavaScript actions they hold are handed on to be read with the document's.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from pdfminer.utils import apply_matrix_rect
from pypdf.generic import ArrayObject, DictionaryObject

from foi_guard.formats.base import Context
from foi_guard.formats.pdf.drawing import OPAQUE, _Drawing, _normal_rect, _Shape
from foi_guard.formats.pdf.objects import _name, _obj, _text
from foi_guard.formats.pdf.structure import _Attachments, _Scripts
from foi_guard.formats.pdf.text import _text_units
from foi_guard.model import ContentUnit, Hidden

H = Hidden


# --- annotations ------------------------------------------------------------------------------
_ANNOTATION_TEXT = (("/Contents", ""), ("/T", " author"), ("/Subj", " subject"),
                    ("/RC", " rich text"), ("/OverlayText", " overlay text"))
_TAG = re.compile(r"<[^>]*>")


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

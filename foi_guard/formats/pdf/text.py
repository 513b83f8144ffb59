"""The text layer of a page, and of annotation appearances: the glyphs pdfminer drew are gathered
into lines with pdfplumber's word extractor, one unit per line for the visible words and one per
line for each way the hidden words are hidden: covered by an opaque rectangle painted after them
or by a redaction mark (`covered_text`), in a layer OFF by default (`optional_content`), outside
the crop box (`out_of_view`), white on nothing (`white_text`), or drawn invisible over no picture
(`hidden_text`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import apply_matrix_rect
from pdfplumber.utils.text import WordExtractor

from foi_guard.formats.base import Context
from foi_guard.formats.pdf.drawing import (
    _Device,
    _Drawing,
    _Glyph,
    _Interpreter,
    _Layers,
    _normal_rect,
    _Shape,
)
from foi_guard.formats.pdf.reading import _CHECK_EVERY, _Pdf
from foi_guard.model import ContentUnit, Hidden

H = Hidden
COVER_SHARE = 0.5  # share of a glyph's box an opaque rectangle painted after it must cover
_CELL = 36.0  # points: the grid glyphs are looked up in
# A gap this share of the font size between two glyphs starts a new word: a space is a quarter
# of an em or more (Calibri's 0.226, Helvetica's 0.278); letters of a word almost touch. Files
# that draw no space glyphs ('SurnameForenamesAddress') are split where they leave one.
WORD_GAP = 0.2


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
    extractor = WordExtractor(x_tolerance_ratio=WORD_GAP, expand_ligatures=True)
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

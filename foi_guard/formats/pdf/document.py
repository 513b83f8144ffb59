"""One revision of the document, page by page and then as a whole: each page's text layer,
annotation appearances, marked text, annotations, and a `no_text_layer` fact for a page whose
text cannot be read; then the form fields and the Info dictionary; and, for the final revision
only, the XMP packet, attachments, scripts, alternative text and bookmarks.
"""

from __future__ import annotations

from collections.abc import Iterator

from pdfminer.pdfpage import PDFPage
from pypdf.generic import DictionaryObject

from foi_guard.formats.base import Context, Item
from foi_guard.formats.pdf.annotations import (
    _annotation_units,
    _cover_rect,
    _marked_text_units,
)
from foi_guard.formats.pdf.drawing import _draw, _Layers
from foi_guard.formats.pdf.objects import _annotations
from foi_guard.formats.pdf.reading import _check_streams, _Pdf, _reading
from foi_guard.formats.pdf.structure import (
    _alt_text_units,
    _Attachments,
    _bookmark_units,
    _field_units,
    _info_units,
    _Scripts,
    _xmp_units,
)
from foi_guard.formats.pdf.text import _appearance_units, _text_units
from foi_guard.model import Fact, InspectionError

NO_TEXT_LAYER = "no_text_layer"


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

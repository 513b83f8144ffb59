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

The reader is split by responsibility: `reading` opens the file (truncation, encryption, library
errors, decompression limits), `objects` turns PDF objects into text, `drawing` and `text` draw
each page with pdfminer and gather its glyphs into lines, `annotations` and `structure` read
what pypdf finds beside the page contents, `document` walks one revision, and `revisions` reads
the earlier revisions an incremental update keeps.
"""

from __future__ import annotations

from collections.abc import Iterator

from foi_guard.formats.base import Context, Item
from foi_guard.formats.pdf.document import _document
from foi_guard.formats.pdf.objects import _norm
from foi_guard.formats.pdf.reading import _check_complete, _open
from foi_guard.formats.pdf.revisions import _earlier_revisions
from foi_guard.model import ContentUnit

__all__ = ["inspect"]


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

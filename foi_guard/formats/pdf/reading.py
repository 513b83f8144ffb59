"""Opening a PDF safely: one that stops short of its last end-of-file marker is refused as
truncated, an encrypted one is opened only with the empty user password, every complaint pypdf
or pdfminer raises about a broken file becomes a one-line InspectionError (`_reading`), and the
streams pdfminer would decode without limits are first decoded with pypdf's limits, so that a
deflate bomb is refused. The limits shared by the readers (nodes walked, deadline checks) are
here too.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfexceptions import PDFException
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdfparser import PDFParser
from pdfminer.psexceptions import PSException
from pypdf import PdfReader
from pypdf.errors import DependencyError, LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from foi_guard.formats.base import Context
from foi_guard.formats.pdf.objects import _key, _name, _obj
from foi_guard.model import InspectionError

# Both libraries log every robustness fix they make; a scan reports through its result instead.
for _library in ("pypdf", "pdfminer", "pdfplumber"):
    logging.getLogger(_library).addHandler(logging.NullHandler())

# What broken PDFs make pypdf and pdfminer raise, besides their own errors.
_LIBRARY_ERRORS = (PyPdfError, DependencyError, PSException, PDFException, ArithmeticError,
                   LookupError, ValueError, TypeError, AttributeError, AssertionError, EOFError,
                   NotImplementedError, zlib.error, struct.error)

MAX_NODES = 200_000  # structure-tree elements, outline items, form fields walked at most
_CHECK_EVERY = 2_000  # drawn objects between deadline checks
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")


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

"""Earlier revisions kept by incremental updates: each revision the file still holds is cut at its
own startxref/%%EOF (the first-page section of a linearized file is not one) and read again;
page text, annotations, form fields and the Info title, author, subject and keywords it had
that the final revision no longer has are reported as `earlier_revision`, each value once,
where it was last seen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from foi_guard.formats.base import Context, Item
from foi_guard.formats.pdf.document import _document
from foi_guard.formats.pdf.objects import _norm
from foi_guard.formats.pdf.reading import _open
from foi_guard.model import ContentUnit, Hidden, InspectionError

H = Hidden
MAX_REVISIONS = 50
_EOF = re.compile(rb"startxref\s*\d+\s*%%EOF")


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


"""Inspect a whole SpreadsheetML package (.xlsx, .xlsm, .xltx, .xltm; Transitional or Strict).

Every part of the package is read: the workbook and its sheets first (so later parts know which
sheet they belong to and how it is hidden), then every other part by its content type. A part
with no known reader is read as text and reported as `unknown_part`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from lxml import etree

from foi_guard.formats.base import Context, Item
from foi_guard.formats.ooxml import Package, external_targets, local, rel_id
from foi_guard.formats.xlsx import parts
from foi_guard.formats.xlsx.sheets import SheetInfo, read_sheet, unescape
from foi_guard.formats.xlsx.styles import CellStyles
from foi_guard.limits import SafeZip
from foi_guard.model import SHEET_FACT, Fact, Hidden, InspectionError

H = Hidden
WHOLE_SHEET_BYTES = 64 * 2**20
_SHEET_KINDS = ("worksheet", "chartsheet", "dialogsheet", "xlMacrosheet", "xlIntlMacrosheet")
_STATE = {"hidden": (H.HIDDEN_SHEET,), "veryHidden": (H.VERY_HIDDEN_SHEET,)}


@dataclass(slots=True)
class Workbook:
    pkg: Package
    main: str
    sheets: list[SheetInfo] = field(default_factory=list)
    owners: dict[str, SheetInfo] = field(default_factory=dict)
    shared: list[str] = field(default_factory=list)
    styles: CellStyles = field(default_factory=CellStyles.empty)
    done: set[str] = field(default_factory=set)
    date1904: bool = False
    text_budget: list[int] = field(default_factory=lambda: [0])


def inspect(data: bytes, ctx: Context) -> Iterator[Item]:
    zf = SafeZip(data, "workbook", ctx.limits)
    pkg = Package(zf)
    main = pkg.main_part()
    if not zf.has(main):
        raise InspectionError(f"the workbook part {main} is missing")
    book = Workbook(pkg, zf.actual(main) or main, text_budget=[ctx.limits.max_text_chars])
    root = pkg.xml(book.main)
    book.done.add(book.main)
    book.date1904 = any(el.get("date1904") in ("1", "true") for el in root.iter("{*}workbookPr"))
    for item in _sheet_list(book, root):
        if isinstance(item, SheetInfo):
            book.sheets.append(item)
        yield item if isinstance(item, Fact) else _inventory(item)
    yield from parts.workbook_names(root, book.main, book.sheets)
    _load_shared_and_styles(book)
    _map_owners(book)
    if not ctx.sheets:
        ctx.sheets.extend(book.sheets)  # the layout the redactor rebuilds from
    for info in book.sheets:
        ctx.deadline.check()
        yield from _read_worksheet(book, info, ctx)
    for part in sorted(pkg.parts()):
        if part in book.done or part.lower().endswith(".rels"):
            continue
        ctx.deadline.check()
        if "worksheet+xml" in pkg.content_type(part):
            yield from _read_unlisted_sheet(book, part, ctx)
        else:
            yield from parts.read_part(pkg, part, book.owners.get(part), ctx)
    yield from _link_targets(book)


def _link_targets(book: Workbook) -> Iterator[Item]:
    """Where hyperlinks lead (a `mailto:` address behind 'email'), in the hiding places of the
    sheet or part that holds them."""
    sheets = {info.part: info for info in book.sheets}
    # Parts the workbook reaches (not, say, a Mac's __MACOSX/ copies, whose .rels are junk).
    reached = {book.main, *sheets, *book.owners}
    for part in sorted(p for p in reached if book.pkg.zip.has(p)):
        owner = sheets.get(part) or book.owners.get(part)
        for unit in external_targets(book.pkg, part):
            if owner is not None:
                unit.sheet, unit.hidden = owner.name, (*owner.reasons, *unit.hidden)
            yield unit


def _sheet_list(book: Workbook, root: etree._Element) -> Iterator[SheetInfo | Fact]:
    rels = {r.id: r for r in book.pkg.rels(book.main)}
    for el in root.iter("{*}sheet"):
        rel = rels.get(rel_id(el) or "")
        name = el.get("name") or "(unnamed sheet)"
        state = el.get("state") or "visible"
        part = book.pkg.zip.actual(rel.target) if rel and not rel.external else None
        if part is None:
            yield Fact(_STATE[state][0] if state in _STATE else "missing_sheet", book.main, name,
                       "sheet listed in the workbook, but its part is missing",
                       hidden=_STATE.get(state, ()))
            continue
        yield SheetInfo(name, part, _STATE.get(state, ()))


def _inventory(info: SheetInfo) -> Fact:
    state = str(info.reasons[0]) if info.reasons else "visible"
    return Fact(SHEET_FACT, info.part, info.name, state)


def _load_shared_and_styles(book: Workbook) -> None:
    pkg = book.pkg
    styles_root = theme_root = None
    for rel in pkg.rels(book.main):
        part = pkg.zip.actual(rel.target) if not rel.external else None
        if part is None:
            continue
        if rel.kind == "sharedStrings":
            book.shared = _shared_strings(pkg.xml(part))
            book.done.add(part)
        elif rel.kind == "styles":
            styles_root = pkg.xml(part)
            book.done.add(part)
        elif rel.kind == "theme":
            theme_root = pkg.xml(part)
            book.done.add(part)
    book.styles = CellStyles.from_roots(styles_root, theme_root)


def _shared_strings(root: etree._Element) -> list[str]:
    out: list[str] = []
    for si in root:
        if local(si.tag) not in ("si", "sstItem"):  # sstItem: Excel 2007 beta files
            continue
        text = "".join(t.text or "" for t in si.iterchildren("{*}t"))
        text += "".join(t.text or "" for r in si.iterchildren("{*}r")
                        for t in r.iterchildren("{*}t"))
        out.append(unescape(text))
    return out


def _map_owners(book: Workbook) -> None:
    """Which sheet each part belongs to, following relationships out from every sheet."""
    for info in book.sheets:
        queue = deque([(info.part, 0)])
        while queue:
            part, depth = queue.popleft()
            for rel in book.pkg.rels(part):
                target = None if rel.external else book.pkg.zip.actual(rel.target)
                if target and target not in book.owners and depth < 4:
                    book.owners[target] = info
                    queue.append((target, depth + 1))


def _read_worksheet(book: Workbook, info: SheetInfo, ctx: Context) -> Iterator[Item]:
    pkg = book.pkg
    book.done.add(info.part)
    kind = _part_kind(pkg, info.part)
    if kind == "chartsheet":
        return
    tables = [t for t in (pkg.zip.actual(r.target) for r in pkg.rel_targets(info.part, "table"))
              if t]
    table_refs = [parts.table_ref(pkg, t) for t in tables]
    bounds = [b for b in table_refs if b]
    with pkg.zip.open(info.part) as stream:
        yield from read_sheet(_whole_if_small(pkg, info.part, stream), info, book.shared,
                              book.styles, bounds,
                              {b[0] for b in bounds}, ctx.deadline, book.date1904,
                              book.text_budget)
    for table in tables:
        book.done.add(table)
        yield from parts.table_columns(pkg, table, info)


def _read_unlisted_sheet(book: Workbook, part: str, ctx: Context) -> Iterator[Item]:
    """A worksheet part the workbook does not list: Excel never shows it."""
    info = SheetInfo(f"(unlisted part {part})", part, (H.UNKNOWN_PART,))
    with book.pkg.zip.open(part) as stream:
        yield from read_sheet(_whole_if_small(book.pkg, part, stream), info, book.shared,
                              book.styles, [], set(), ctx.deadline)


def _whole_if_small(pkg: Package, part: str, stream: IO[bytes]) -> bytes | IO[bytes]:
    """A sheet small enough to hold is read whole (a plain one is then read the fast way);
    a larger one is streamed."""
    return stream.read() if pkg.zip.size(part) <= WHOLE_SHEET_BYTES else stream


def _part_kind(pkg: Package, part: str) -> str:
    ctype = pkg.content_type(part)
    return "chartsheet" if "chartsheet" in ctype else "worksheet"


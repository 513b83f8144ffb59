"""Readers for every SpreadsheetML part other than the worksheets' cells.

`read_part` picks a reader from the part's content type (or, failing that, its path). Each
reader yields ContentUnits tagged with the hiding place the part represents; parts that belong to
a sheet also carry that sheet's own hiding reasons (a comment on a hidden sheet is doubly hidden).
"""

from __future__ import annotations

import base64
import io
import re
import struct
import zipfile
from collections.abc import Callable, Iterator

import olefile
from lxml import etree

from foi_guard.formats.base import Context, Item
from foi_guard.formats.ooxml import Package, local, rel_id, texts
from foi_guard.formats.textual import binary_units, xml_units
from foi_guard.formats.xlsx.cells import parse_range, parse_ref
from foi_guard.formats.xlsx.sheets import SheetInfo, unescape
from foi_guard.limits import parse_xml
from foi_guard.model import ContentUnit, Fact, Hidden, InspectionError

H = Hidden
Reader = Callable[[Package, str, "SheetInfo | None", Context], Iterator[Item]]


def _reasons(owner: SheetInfo | None, *extra: Hidden, row: int | None = None,
             col: int | None = None) -> tuple[Hidden, ...]:
    base = owner.reasons_at(row, col) if owner else ()
    return (*base, *extra)


def _sheet(owner: SheetInfo | None) -> str | None:
    return owner.name if owner else None


# ---------------------------------------------------------------- workbook.xml: defined names

def workbook_names(root: etree._Element, part: str, sheets: list[SheetInfo]) -> Iterator[Item]:
    """Defined names: constants and hidden names hold data; references to cells only point."""
    by_index = dict(enumerate(s.name for s in sheets))
    for el in root.iter("{*}definedName"):
        name = el.get("name") or ""
        value = (el.text or "").strip()
        scope = by_index.get(int(el.get("localSheetId") or -1)) if _isint(el.get("localSheetId")) \
            else None
        hidden_name = el.get("hidden") in ("1", "true")
        if name.startswith("_xlnm.") and not _is_constant(value):
            continue
        detail = f"name '{name}'" + (" (hidden name)" if hidden_name else "")
        if _is_constant(value) or hidden_name:
            yield ContentUnit(_constant_text(value), part, (H.DEFINED_NAME,), scope, detail=detail)
        else:
            yield Fact("defined_name", part, scope, f"name '{name}' refers to {value[:80]}",
                       hidden=(H.DEFINED_NAME,))


def _isint(text: str | None) -> bool:
    return text is not None and text.lstrip("-").isdigit()


def _is_constant(value: str) -> bool:
    v = value.lstrip("=").strip()
    return v.startswith(('"', "{")) or bool(re.fullmatch(r"-?\d+(\.\d+)?", v))


def _constant_text(value: str) -> str:
    v = value.lstrip("=").strip()
    if v.startswith('"') and v.endswith('"'):
        return v[1:-1].replace('""', '"')
    return v


# ---------------------------------------------------------------- tables

def table_ref(pkg: Package, part: str) -> tuple[int, int, int, int] | None:
    root = pkg.xml(part)
    return parse_range(root.get("ref") or "")


def table_columns(pkg: Package, part: str, owner: SheetInfo | None) -> Iterator[Item]:
    """Table column names that the sheet's header cells no longer show."""
    root = pkg.xml(part)
    bounds = parse_range(root.get("ref") or "")
    headers = owner.header_cells if owner else {}
    header_row = root.get("headerRowCount") != "0"
    for i, col in enumerate(root.iter("{*}tableColumn")):
        name = unescape(col.get("name") or "")
        if not name:
            continue
        row, column = (bounds[0], bounds[1] + i) if bounds else (None, None)
        shown = header_row and row is not None and headers.get((row, column)) == name
        if not shown:
            yield ContentUnit(name, part, _reasons(owner, H.TABLE_DEFINITION), _sheet(owner),
                              row, column, "table column name not shown on the sheet")


# ---------------------------------------------------------------- comments

def comments(pkg: Package, part: str, owner: SheetInfo | None, ctx: Context) -> Iterator[Item]:
    root = pkg.xml(part)
    for author in root.iter("{*}author"):
        if (author.text or "").strip():
            yield ContentUnit(author.text.strip(), part, _reasons(owner, H.COMMENT),
                              _sheet(owner), detail="comment author")
    for comment in root.iter("{*}comment"):
        text = texts(next(comment.iterchildren("{*}text"), comment)).strip()
        if text:
            yield _at_ref(text, part, comment.get("ref"), owner, H.COMMENT, "note")


def threaded_comments(pkg: Package, part: str, owner: SheetInfo | None,
                      ctx: Context) -> Iterator[Item]:
    root = pkg.xml(part)
    for comment in root.iter("{*}threadedComment"):
        text = "".join(t.text or "" for t in comment.iterchildren("{*}text")).strip()
        if text:
            yield _at_ref(text, part, comment.get("ref"), owner, H.COMMENT, "threaded comment")


def persons(pkg: Package, part: str, owner: SheetInfo | None, ctx: Context) -> Iterator[Item]:
    root = pkg.xml(part)
    for person in root.iter("{*}person"):
        for attr in ("displayName", "userId"):
            value = (person.get(attr) or "").strip()
            if value:
                yield ContentUnit(value, part, (H.COMMENT,), None,
                                  detail=f"comment author ({attr})")


def _at_ref(text: str, part: str, ref: str | None, owner: SheetInfo | None, reason: Hidden,
            detail: str) -> ContentUnit:
    pos = parse_ref(ref) if ref else None
    row, col = pos if pos else (None, None)
    return ContentUnit(text, part, _reasons(owner, reason, row=row, col=col), _sheet(owner),
                       row, col, detail)


# ---------------------------------------------------------------- drawings and charts

def drawing(pkg: Package, part: str, owner: SheetInfo | None, ctx: Context) -> Iterator[Item]:
    root = pkg.xml(part)
    for shape in root.iter("{*}sp", "{*}cxnSp"):
        text = "\n".join(texts(p) for p in shape.iter("{*}p")).strip()
        if text:
            yield ContentUnit(text, part, _reasons(owner, H.DRAWING_TEXT), _sheet(owner),
                              detail="text box or shape")
    for props in root.iter("{*}cNvPr"):
        for attr in ("descr", "title"):
            value = (props.get(attr) or "").strip()
            if value:
                yield ContentUnit(value, part, _reasons(owner, H.DRAWING_TEXT), _sheet(owner),
                                  detail=f"alt text ({attr}) of '{props.get('name', '')}'")


def vml(pkg: Package, part: str, owner: SheetInfo | None, ctx: Context) -> Iterator[Item]:
    """Legacy VML: text boxes and form controls. Old writers emit HTML-ish VML, so recover."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False)
    root = etree.fromstring(pkg.zip.read(part), parser=parser)
    if root is None:
        raise InspectionError(f"{part}: unreadable VML drawing")
    for box in root.iter("{*}textbox"):
        text = " ".join(t.strip() for t in box.itertext() if t.strip())
        if text:
            yield ContentUnit(text, part, _reasons(owner, H.DRAWING_TEXT), _sheet(owner),
                              detail="VML text box")
    for shape in root.iter("{*}shape"):
        for attr in ("alt", "title"):
            if (shape.get(attr) or "").strip():
                yield ContentUnit(shape.get(attr, "").strip(), part,
                                  _reasons(owner, H.DRAWING_TEXT), _sheet(owner),
                                  detail=f"VML alt text ({attr})")


def chart(pkg: Package, part: str, owner: SheetInfo | None, ctx: Context) -> Iterator[Item]:
    """Series data cached in a chart (it survives the deletion of its source cells), and the
    chart's own text, which is as visible as the chart."""
    root = pkg.xml(part)
    caches = ("strCache", "numCache", "multiLvlStrCache", "strLit", "numLit")
    for cache in root.iter(*(f"{{*}}{c}" for c in caches), "{*}strDim", "{*}numDim"):
        source = _chart_source(cache)
        is_number = "num" in local(cache.tag)
        for pt in cache.iter("{*}pt"):
            value = "".join(pt.itertext()).strip()
            if value:
                yield ContentUnit(value, part, _reasons(owner, H.CHART_CACHE), _sheet(owner),
                                  detail=f"cached series data of {source}", is_number=is_number)
    for rich in root.iter("{*}rich"):
        text = texts(rich).strip()
        if text:
            yield ContentUnit(text, part, _reasons(owner), _sheet(owner), detail="chart text")


def _chart_source(cache: etree._Element) -> str:
    parent = cache.getparent()
    formula = parent.find("{*}f") if parent is not None else None
    if formula is not None and (formula.text or "").strip():
        return f"'{formula.text.strip()[:80]}'"
    return "a literal series" if "Lit" in local(cache.tag) else "a series"


# ---------------------------------------------------------------- pivot caches

def pivot_definition(pkg: Package, part: str, owner: SheetInfo | None,
                     ctx: Context) -> Iterator[Item]:
    root = pkg.xml(part)
    source = _pivot_source(root)
    for field in root.iter("{*}cacheField"):
        name = unescape(field.get("name") or "")
        values = [_item_text(i) for i in _shared_items(field)]
        if name:
            yield ContentUnit(name, part, (H.PIVOT_CACHE,), None, detail="field names")
        for value in values:
            if value:
                yield ContentUnit(value, part, (H.PIVOT_CACHE,), None, detail=f"field '{name}'")
    if source:
        yield ContentUnit(source, part, (H.PIVOT_CACHE,), None, detail=f"source {source}")


def _record_fields(pkg: Package, records: str) -> list[str]:
    """Field names for a records part, from the cache definition that points to it."""
    for part in pkg.parts():
        if "pivotcachedefinition" not in pkg.content_type(part):
            continue
        if any(pkg.zip.actual(r.target) == records
               for r in pkg.rel_targets(part, "pivotCacheRecords")):
            return [unescape(f.get("name") or "") for f in pkg.xml(part).iter("{*}cacheField")]
    return []


def _shared_items(field: etree._Element) -> Iterator[etree._Element]:
    for group in field:
        if local(group.tag) in ("sharedItems",):
            yield from group
        elif local(group.tag) == "fieldGroup":
            for gi in group.iter("{*}groupItems"):
                yield from gi


def _item_text(item: etree._Element) -> str:
    if local(item.tag) == "m":
        return ""
    return unescape(item.get("v") or "").strip()


def _pivot_source(root: etree._Element) -> str:
    ws = next(root.iter("{*}worksheetSource"), None)
    if ws is None:
        return ""
    where = ws.get("sheet") or ws.get("name") or ""
    ref = ws.get("ref") or ""
    return f"{where}!{ref}" if ref else where


def _pivot_records(pkg: Package, part: str, fields: list[str], ctx: Context) -> Iterator[Item]:
    root = pkg.xml(part)
    for n, record in enumerate(root.iter("{*}r")):
        if n % 4096 == 0:
            ctx.deadline.check()
        for i, value in enumerate(record):
            if local(value.tag) in ("x", "m"):
                continue
            text = unescape(value.get("v") or "").strip()
            if text:
                name = fields[i] if i < len(fields) else f"#{i + 1}"
                yield ContentUnit(text, part, (H.PIVOT_CACHE,), None, row=n + 1,
                                  detail=f"record of field '{name}'",
                                  is_number=local(value.tag) == "n")


def pivot_records(pkg: Package, part: str, owner: SheetInfo | None,
                  ctx: Context) -> Iterator[Item]:
    yield from _pivot_records(pkg, part, _record_fields(pkg, part), ctx)


# ---------------------------------------------------------------- external links

def external_link(pkg: Package, part: str, owner: SheetInfo | None,
                  ctx: Context) -> Iterator[Item]:
    root = pkg.xml(part)
    reason = (H.EXTERNAL_LINK_CACHE,)
    targets = {r.id: r.target for r in pkg.rels(part)}
    for book in root.iter("{*}externalBook", "{*}ddeLink", "{*}oleLink"):
        target = targets.get(rel_id(book) or "") or book.get("ddeService") or ""
        if book.get("ddeTopic"):
            target += " " + book.get("ddeTopic", "")
        if target:
            yield ContentUnit(target, part, reason, None, detail="link target")
    names = [s.get("val") or "" for s in root.iter("{*}sheetName")]
    for name in names:
        if name:
            yield ContentUnit(name, part, reason, None, detail="linked sheet name")
    for dn in root.iter("{*}definedName"):
        if dn.get("name"):
            yield ContentUnit(dn.get("name", ""), part, reason, None, detail="linked name")
    for data in root.iter("{*}sheetData"):
        sheet_id = int(data.get("sheetId") or 0) if _isint(data.get("sheetId")) else 0
        label = names[sheet_id] if 0 <= sheet_id < len(names) else f"sheet {sheet_id}"
        for cell in data.iter("{*}cell"):
            value = "".join(cell.findtext("{*}v") or "").strip()
            pos = parse_ref(cell.get("r") or "")
            if value:
                yield ContentUnit(unescape(value), part, reason, None,
                                  pos[0] if pos else None, pos[1] if pos else None,
                                  f"cached cell of [{label}]", is_number=cell.get("t") in
                                  (None, "n"))


# ---------------------------------------------------------------- connections, queries

def connections(pkg: Package, part: str, owner: SheetInfo | None,
                ctx: Context) -> Iterator[Item]:
    root = pkg.xml(part)
    attrs = ("name", "description", "connection", "command", "url", "sourceFile", "odcFile",
             "sourceData", "singleSignOnId", "credentials")
    for el in root.iter():
        for attr in attrs:
            value = (el.get(attr) or "").strip()
            if value:
                yield ContentUnit(value, part, (H.CONNECTION,), None,
                                  detail=f"{local(el.tag)} {attr}")


def query_table(pkg: Package, part: str, owner: SheetInfo | None,
                ctx: Context) -> Iterator[Item]:
    root = pkg.xml(part)
    for el in root.iter("{*}queryTableField", "{*}queryTable"):
        if el.get("name"):
            yield ContentUnit(el.get("name", ""), part, _reasons(owner, H.CONNECTION),
                              _sheet(owner), detail=f"{local(el.tag)} name")


# ---------------------------------------------------------------- metadata and custom XML

def doc_props(pkg: Package, part: str, owner: SheetInfo | None, ctx: Context) -> Iterator[Item]:
    root = pkg.xml(part)
    custom = local(root.tag) == "Properties" and any(
        local(c.tag) == "property" for c in root)
    if custom:
        for prop in root:
            value = " ".join(t.strip() for t in prop.itertext() if t.strip())
            name = prop.get("name") or ""
            if name:
                yield ContentUnit(name, part, (H.METADATA,), None, detail="custom property name")
            if value:
                yield ContentUnit(value, part, (H.METADATA,), None,
                                  detail=f"custom property '{name}'")
        return
    for el in root:
        name = local(el.tag)
        if name not in _TEXT_PROPERTIES:
            continue
        if name in ("TitlesOfParts", "HeadingPairs"):
            for i, value in enumerate(v.text for v in el.iter("{*}lpstr", "{*}lpwstr")):
                if value and value.strip():
                    yield ContentUnit(value.strip(), part, (H.METADATA,), None,
                                      detail=f"{name} #{i + 1}")
            continue
        value = " ".join(t.strip() for t in el.itertext() if t.strip())
        if value:
            yield ContentUnit(value, part, (H.METADATA,), None, detail=name)


# Document properties that hold words people wrote (dates, counts and versions hold no data).
_TEXT_PROPERTIES = {
    "creator", "lastModifiedBy", "title", "subject", "description", "keywords", "category",
    "contentStatus", "identifier", "Company", "Manager", "HyperlinkBase", "Template",
    "TitlesOfParts", "label", "Label",
}


def custom_xml(pkg: Package, part: str, owner: SheetInfo | None, ctx: Context) -> Iterator[Item]:
    """Custom XML items: SharePoint and label properties, or a Power Query DataMashup."""
    root = pkg.xml(part)
    if local(root.tag) == "DataMashup":
        yield from _data_mashup(root, part)
        return
    yield from xml_units(root, part, (H.METADATA,), None, "custom XML")


def _data_mashup(root: etree._Element, part: str) -> Iterator[Item]:
    raw = base64.b64decode((root.text or "").strip() or b"", validate=False)
    found = False
    if len(raw) > 8:
        (size,) = struct.unpack_from("<I", raw, 4)
        try:
            with zipfile.ZipFile(io.BytesIO(raw[8: 8 + size])) as zf:
                for name in zf.namelist():
                    if name.endswith(".m") and zf.getinfo(name).file_size < 16 * 1024 * 1024:
                        text = zf.read(name).decode("utf-8", "replace").strip()
                        if text:
                            found = True
                            yield ContentUnit(text, part, (H.CONNECTION,), None,
                                              detail=f"Power Query formula {name}")
        except (zipfile.BadZipFile, OSError, ValueError, struct.error):
            pass
    if not found:
        yield ContentUnit(f"Power Query package ({len(raw)} bytes)", part, (H.CONNECTION,),
                          None, detail="Power Query (unreadable package)")


# ---------------------------------------------------------------- binary parts

def data_model(pkg: Package, part: str, owner: SheetInfo | None, ctx: Context) -> Iterator[Item]:
    yield ContentUnit(f"Power Pivot data model ({pkg.zip.size(part)} bytes)", part,
                      (H.DATA_MODEL,), None, detail="compressed data model, rows not readable")


def macro(pkg: Package, part: str, owner: SheetInfo | None, ctx: Context) -> Iterator[Item]:
    data = pkg.zip.read(part)
    if not part.lower().endswith(".bin"):
        yield from xml_units(pkg.xml(part), part, (H.MACRO,), None, "macro part")
        return
    modules = _ole_stream_names(data)
    label = f"VBA project ({len(data)} bytes" + (f"; streams {', '.join(modules[:12])})"
                                                 if modules else ")")
    yield ContentUnit(label, part, (H.MACRO,), None, detail="VBA project")
    yield from binary_units(data, part, (H.MACRO,), None, "string in VBA project")


def _ole_stream_names(data: bytes) -> list[str]:
    try:
        with olefile.OleFileIO(data) as ole:
            return ["/".join(p) for p in ole.listdir()]
    except (OSError, ValueError, struct.error, IndexError):
        return []


def embedded(pkg: Package, part: str, owner: SheetInfo | None, ctx: Context) -> Iterator[Item]:
    from foi_guard.formats import inspect_embedded

    data = pkg.zip.read(part)
    yield from inspect_embedded(part, data, ctx, _reasons(owner))


def media(pkg: Package, part: str, owner: SheetInfo | None, ctx: Context) -> Iterator[Item]:
    if part.lower().startswith("docprops/thumbnail"):
        yield Fact("thumbnail", part, None, "a picture of the first sheet, saved with the file",
                   hidden=(H.METADATA,))


def form_control(pkg: Package, part: str, owner: SheetInfo | None,
                 ctx: Context) -> Iterator[Item]:
    """Form control properties: list boxes and combo boxes may carry their own item lists."""
    yield from xml_units(pkg.xml(part), part, _reasons(owner, H.DRAWING_TEXT), _sheet(owner),
                         "form control")


def worksheet_properties(pkg: Package, part: str, owner: SheetInfo | None,
                         ctx: Context) -> Iterator[Item]:
    """Custom worksheet properties (set by macros or add-ins): binary, read as strings."""
    yield from binary_units(pkg.zip.read(part), part, _reasons(owner, H.METADATA), _sheet(owner),
                            "worksheet custom property")


def rich_values(pkg: Package, part: str, owner: SheetInfo | None,
                ctx: Context) -> Iterator[Item]:
    """Values behind rich cells (pictures in cells, linked data types). They are what those
    cells show, so they carry no hiding reason; detection still reads them."""
    yield from xml_units(pkg.xml(part), part, (), None, "rich cell value")


def nothing(pkg: Package, part: str, owner: SheetInfo | None, ctx: Context) -> Iterator[Item]:
    return iter(())


def unknown(pkg: Package, part: str, owner: SheetInfo | None, ctx: Context) -> Iterator[Item]:
    data = pkg.zip.read(part)
    reasons = _reasons(owner, H.UNKNOWN_PART)
    head = data[:512].lstrip()
    if head.startswith((b"<", b"\xef\xbb\xbf<")):
        try:
            root = parse_xml(data, part)
        except InspectionError:
            root = None
        if root is not None:
            yield from xml_units(root, part, reasons, _sheet(owner), "unknown part")
            return
    yield from binary_units(data, part, reasons, _sheet(owner), "text in unknown part")


# ---------------------------------------------------------------- choosing a reader

_BY_CONTENT_TYPE: list[tuple[str, Reader]] = [
    ("threadedcomments+xml", threaded_comments),
    ("spreadsheetml.comments+xml", comments),
    ("person+xml", persons),
    ("vmldrawing", vml),
    ("drawingml.chartshapes+xml", drawing),
    ("drawingml.chart+xml", chart),
    ("chartex+xml", chart),
    ("drawing+xml", drawing),
    ("pivotcachedefinition+xml", pivot_definition),
    ("pivotcacherecords+xml", pivot_records),
    ("externallink+xml", external_link),
    ("spreadsheetml.table+xml", lambda p, n, o, c: table_columns(p, n, o)),
    ("querytable+xml", query_table),
    ("connections+xml", connections),
    ("core-properties+xml", doc_props),
    ("extended-properties+xml", doc_props),
    ("custom-properties+xml", doc_props),
    ("customxmlproperties+xml", custom_xml),
    ("model+data", data_model),
    ("vbaproject", macro),
    ("vbadata", macro),
    ("customui", macro),
    ("oleobject", embedded),
    ("package", embedded),
    ("spreadsheetml.sheet", embedded),
    ("wordprocessingml.document", embedded),
    ("presentationml.presentation", embedded),
    ("ms-excel.sheet", embedded),
    ("ms-word.document", embedded),
    ("activex", embedded),
    ("image/", media),
    ("printersettings", nothing),
    ("theme+xml", nothing),
    ("themeoverride+xml", nothing),
    ("styles+xml", nothing),
    ("calcchain+xml", nothing),
    ("sheetmetadata+xml", nothing),
    ("chartstyle+xml", nothing),
    ("chartcolorstyle+xml", nothing),
    ("pivottable+xml", nothing),
    ("slicer+xml", nothing),
    ("slicercache+xml", nothing),
    ("timeline+xml", nothing),
    ("timelinecache+xml", nothing),
    ("classificationlabels+xml", doc_props),
    ("ctrlprop+xml", form_control),
    ("spreadsheetml.customproperty", worksheet_properties),
    ("xmlmaps+xml", nothing),
    ("rdrichvalue+xml", rich_values),
    ("rdrichvaluestructure+xml", nothing),
    ("rdrichvaluetypes+xml", nothing),
    ("richvaluerel+xml", nothing),
    ("rdarray+xml", rich_values),
    ("rdsupportingpropertybag", rich_values),
    ("featurepropertybag", nothing),
]

_BY_PATH: list[tuple[str, Reader]] = [
    ("xl/model/", data_model),
    ("xl/embeddings/", embedded),
    ("customxml/item", custom_xml),
    ("xl/media/", media),
    ("docprops/thumbnail", media),
    ("xl/printersettings/", nothing),
    ("xl/ctrlprops/", form_control),
    ("xl/customproperty", worksheet_properties),
    ("xl/xmlmaps.xml", nothing),
    ("xl/richdata/rdrichvalue.xml", rich_values),
    ("xl/richdata/rdarray", rich_values),
    ("xl/richdata/rdsupportingpropertybag", rich_values),
    ("xl/richdata/", nothing),
    ("xl/featurepropertybag/", nothing),
]


def reader_for(pkg: Package, part: str) -> Reader:
    ctype = pkg.content_type(part)
    lowered = part.lower()
    if lowered.startswith("customxml/item") and "itemprops" not in lowered:
        return custom_xml
    for needle, reader in _BY_CONTENT_TYPE:
        if needle in ctype:
            return reader
    for prefix, reader in _BY_PATH:
        if lowered.startswith(prefix):
            return reader
    return unknown


def read_part(pkg: Package, part: str, owner: SheetInfo | None, ctx: Context) -> Iterator[Item]:
    yield from reader_for(pkg, part)(pkg, part, owner, ctx)

"""A safe copy of a Word document: the text a reader sees, with personal data replaced.

Layout is kept (the copy is the same package, edited), but only parts of known, harmless kinds
survive: the document, its headers, footers, foot- and endnotes, styles, numbering, settings,
fonts, theme and pictures. Comments, their authors, customXml, custom properties, thumbnails,
macros, embedded objects, charts (their workbooks), SmartArt data and the glossary are dropped,
with whatever in the text refers to them. In the kept text: tracked insertions are accepted and
deletions dropped, hidden runs removed, fields turned into their shown result, alt text cleared,
document variables and the template path removed, and core and app properties made neutral.

Personal data is then replaced in place, run by run, from the marks a scan of the cleaned copy
made, so a name split across runs is still replaced whole.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from foi_guard.detect.engine import WHOLE, Marks
from foi_guard.formats import docx as reader
from foi_guard.formats.ooxml import Package, local
from foi_guard.limits import Deadline, Limits, SafeZip
from foi_guard.model import ContentUnit, InspectionError
from foi_guard.policy import Policy
from foi_guard.redact.plan import merge_spans
from foi_guard.report.mask import mask

# Content types (their endings) of the parts a copy keeps.
_KEPT_TYPES = ("document.main+xml", "template.main+xml", "document.macroenabled.main+xml",
               "template.macroenabledtemplate.main+xml", "header+xml", "footer+xml",
               "footnotes+xml", "endnotes+xml", "styles+xml", "stylesWithEffects+xml".lower(),
               "numbering+xml", "settings+xml", "fonttable+xml", "websettings+xml",
               "theme+xml", "core-properties+xml", "extended-properties+xml", "font",
               "obfuscatedfont")
_STORY_TYPES = _KEPT_TYPES[:8]
_MAIN_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_REMOVED = ("del", "moveFrom", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
            "moveToRangeEnd", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange",
            "tblPrExChange", "tcPrChange", "trPrChange", "tblGridChange", "numberingChange",
            "cellDel", "cellIns", "cellMerge", "commentRangeStart", "commentRangeEnd",
            "permStart", "permEnd", "proofErr", "dataBinding", "customXmlInsRangeStart",
            "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd")
_UNWRAPPED = ("ins", "moveTo", "fldSimple", "smartTag", "customXml")
_SETTINGS_REMOVED = ("docVars", "attachedTemplate", "mailMerge", "rsids", "documentProtection",
                     "writeProtection", "revisionView", "trackRevisions")
_NEUTRAL_CORE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
                 'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>')
_NEUTRAL_APP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                'extended-properties"><Application>foi_guard</Application></Properties>')
_PACKAGE_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(slots=True)
class Cleaned:
    data: bytes
    counts: Counter[str] = field(default_factory=Counter)
    dropped: list[str] = field(default_factory=list)


def clean(data: bytes, limits: Limits) -> Cleaned:
    """The document with every hiding place taken out (personal data in view is left)."""
    pkg = Package(SafeZip(data, "document", limits))
    main = pkg.main_part()
    styles = reader.HiddenStyles.of(pkg, main)
    kept = {p for p in pkg.parts() if _keeps(pkg, p)}
    out = Cleaned(b"")
    out.dropped = sorted(p for p in pkg.parts() if p not in kept and not _is_plumbing(p))
    files: dict[str, bytes] = {}
    for part in pkg.parts():
        if part in kept:
            files[part] = _clean_part(pkg, part, kept, styles, out.counts)
    for part in pkg.parts():
        if part.lower().endswith(".rels") and _rels_source(part) in kept | {""}:
            files[part] = _clean_rels(pkg, part, kept)
    files["[Content_Types].xml"] = _clean_content_types(pkg, kept)
    out.data = _zip(files)
    return out


def _is_plumbing(part: str) -> bool:
    return part.lower().endswith(".rels") or part == "[Content_Types].xml"


def _keeps(pkg: Package, part: str) -> bool:
    ctype = pkg.content_type(part)
    if part.lower().startswith("docprops/thumbnail"):
        return False
    if ctype.startswith("image/") and part.lower().startswith("word/media/"):
        return True
    return any(ctype.endswith(end) for end in _KEPT_TYPES) and "glossary" not in part.lower()


def _rels_source(rels_part: str) -> str:
    folder, _, name = rels_part.rpartition("/")
    parent = folder.rpartition("/")[0] if folder.endswith("_rels") else folder
    source = name[: -len(".rels")]
    return f"{parent}/{source}" if parent and source else source


def _clean_part(pkg: Package, part: str, kept: set[str], styles: reader.HiddenStyles,
                counts: Counter[str]) -> bytes:
    ctype = pkg.content_type(part)
    if ctype.endswith("core-properties+xml"):
        return _NEUTRAL_CORE.encode()
    if ctype.endswith("extended-properties+xml"):
        return _NEUTRAL_APP.encode()
    if not (ctype.endswith(_STORY_TYPES) or ctype.endswith("settings+xml")):
        return pkg.zip.read(part)
    root = pkg.xml(part)
    dead = {r.id for r in pkg.rels(part) if _rel_dropped(r, kept)}
    if ctype.endswith("settings+xml"):
        for el in list(root):
            if local(el.tag) in _SETTINGS_REMOVED:
                root.remove(el)
                counts["settings entries removed"] += 1
    else:
        _clean_story(root, dead, styles, counts)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rel_dropped(rel: object, kept: set[str]) -> bool:
    if getattr(rel, "external", False):
        return getattr(rel, "kind", "") != "hyperlink"
    return getattr(rel, "target", "") not in kept


def _clean_story(root: etree._Element, dead: set[str], styles: reader.HiddenStyles,
                 counts: Counter[str]) -> None:
    for el in list(root.iter("{*}del", "{*}moveFrom")):
        counts["tracked deletions dropped"] += _remove(el)
    accepted = sum(1 for _ in root.iter("{*}ins", "{*}moveTo"))
    if accepted:
        counts["tracked insertions accepted"] += accepted
    for el in list(root.iter()):
        name = local(el.tag)
        if name in _REMOVED:
            _remove(el)
        elif name == "commentReference":
            counts["comment references removed"] += _remove(_run_of(el))
    _remove_hidden_runs(root, styles, counts)
    _unlink_fields(root, counts)
    for el in list(root.iter()):
        if local(el.tag) in _UNWRAPPED:
            _unwrap(el)
    _drop_dead_references(root, dead, counts)
    _clear_alt_text(root, counts)


def _remove(el: etree._Element | None) -> int:
    if el is None or el.getparent() is None:
        return 0
    _keep_tail(el)
    el.getparent().remove(el)
    return 1


def _keep_tail(el: etree._Element) -> None:
    """lxml keeps text after an element in its tail: hand it to the previous sibling or parent
    so removing the element does not remove that text (WordprocessingML has none; be safe)."""
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent = el.getparent()
            parent.text = (parent.text or "") + el.tail


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    for child in list(el):
        if local(child.tag) in ("smartTagPr", "customXmlPr"):
            continue
        parent.insert(index, child)
        index += 1
    parent.remove(el)


def _run_of(el: etree._Element) -> etree._Element | None:
    for anc in el.iterancestors():
        if local(anc.tag) == "r":
            return anc
    return None


def _remove_hidden_runs(root: etree._Element, styles: reader.HiddenStyles,
                        counts: Counter[str]) -> None:
    for paragraph in list(root.iter("{*}p")):
        for run in list(paragraph.iter("{*}r")):
            if reader._nearest(run, "p") is paragraph and \
                    reader.run_is_hidden(run, paragraph, styles):
                counts["hidden runs removed"] += _remove(run)
    for vanish in list(root.iter("{*}vanish", "{*}specVanish", "{*}webHidden")):
        _remove(vanish)


def _unlink_fields(root: etree._Element, counts: Counter[str]) -> None:
    """Keep what a field shows and drop its instruction (a HYPERLINK "mailto:…", a MERGEFIELD)."""
    stack: list[str] = []
    doomed: list[etree._Element] = []
    for run in root.iter("{*}r"):
        chars = [c.get(_w("fldCharType")) or _attr_any(c, "fldCharType")
                 for c in run.iter("{*}fldChar")]
        in_code = "code" in stack
        for kind in chars:
            if kind == "begin":
                stack.append("code")
                counts["fields turned into text"] += 1
            elif kind == "separate" and stack:
                stack[-1] = "result"
            elif kind == "end" and stack:
                stack.pop()
        if chars or in_code or run.find("{*}instrText") is not None:
            doomed.append(run)
    for run in doomed:
        _remove(run)


def _w(name: str) -> str:
    return f"{{{reader.W_NS}}}{name}"


def _attr_any(el: etree._Element, name: str) -> str | None:
    return next((v for k, v in el.attrib.items() if local(k) == name), None)


def _drop_dead_references(root: etree._Element, dead: set[str],
                          counts: Counter[str]) -> None:
    """Whatever points at a dropped part (a chart, an OLE object, SmartArt, a linked file) goes,
    with the run (or hyperlink) that holds it."""
    if not dead:
        return
    for el in list(root.iter()):
        if el.getparent() is None or not isinstance(el.tag, str):
            continue
        refs = {v for k, v in el.attrib.items() if "relationships" in k}
        if not refs & dead:
            continue
        if local(el.tag) == "hyperlink":
            _unwrap(el)
            continue
        holder = _run_of(el) if local(el.tag) != "r" else el
        if holder is None or local(el.tag) in ("headerReference", "footerReference"):
            holder = el
        counts["objects removed"] += _remove(holder)


def _clear_alt_text(root: etree._Element, counts: Counter[str]) -> None:
    for props in root.iter("{*}docPr", "{*}cNvPr"):
        for attr in ("descr", "title"):
            if props.get(attr):
                del props.attrib[attr]
                counts["alt texts cleared"] += 1
    for shape in root.iter("{urn:schemas-microsoft-com:vml}shape"):
        for attr in ("alt", "title"):
            if shape.get(attr):
                del shape.attrib[attr]
                counts["alt texts cleared"] += 1


def _clean_rels(pkg: Package, part: str, kept: set[str]) -> bytes:
    source = _rels_source(part)
    keep_ids = {r.id for r in pkg.rels(source) if not _rel_dropped(r, kept)}
    root = pkg.xml(part)
    for el in list(root):
        if local(el.tag) == "Relationship" and el.get("Id") not in keep_ids:
            root.remove(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _clean_content_types(pkg: Package, kept: set[str]) -> bytes:
    root = pkg.xml("[Content_Types].xml")
    for el in list(root):
        name = (el.get("PartName") or "").lstrip("/")
        if local(el.tag) == "Override" and name and name not in {k for k in kept} and \
                name.lower() not in {k.lower() for k in kept}:
            root.remove(el)
        elif local(el.tag) == "Override" and "macroenabled.main" in \
                (el.get("ContentType") or "").lower():
            el.set("ContentType", _MAIN_DOCX)  # a copy never carries macros
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    order = sorted(files, key=lambda n: (n != "[Content_Types].xml", n))
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name])
    return buf.getvalue()


# ---------------------------------------------------------------- replacing personal data

@dataclass(slots=True)
class Replaced:
    data: bytes
    changes: list[dict[str, object]] = field(default_factory=list)
    keys: set[tuple] = field(default_factory=set)  # (part, segment key) of what was redacted


def replace_marked(data: bytes, units: list[ContentUnit], marks: Marks, marker: str,
                   limits: Limits) -> Replaced:
    """Replace every marked span of story text in the runs that hold it; unlink hyperlinks
    whose target was marked."""
    pkg = Package(SafeZip(data, "document", limits))
    styles = reader.HiddenStyles.of(pkg, pkg.main_part())
    marked = [u for u in units if id(u) in marks.spans and not u.path]
    wanted = {(u.part, _key(u)): u for u in marked}
    files = {name: pkg.zip.read(name) for name in pkg.parts()}
    out = Replaced(b"")
    for part in pkg.parts():
        if not pkg.content_type(part).endswith(_STORY_TYPES):
            continue
        root = pkg.xml(part)
        for seg in reader.segments(root, (), styles):
            unit = wanted.get((part, seg.key()))
            if unit is None:
                continue
            spans = marks.spans[id(unit)]
            _apply(seg, spans, marker)
            out.keys.add((part, seg.key()))
            out.changes.append({"action": f"redacted {', '.join(sorted({e for *_, e in spans}))}",
                                "part": part, "where": _where(seg), "evidence": mask(seg.text)})
        links = {u.value for u in marked if u.part == part and
                 (u.detail or "").endswith("hyperlink target")}
        if links:
            _unlink(pkg, part, root, links, files)
            out.keys |= {(part, ("link", v)) for v in links}
            out.changes += [{"action": "hyperlink removed", "part": part, "where": "link target",
                             "evidence": mask(v)} for v in links]
        if any(k[0] == part for k in out.keys):
            files[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                         standalone=True)
    missed = [u for u in marked if (u.part, _key(u)) not in out.keys
              and (u.part, ("link", u.value)) not in out.keys]
    if missed:
        raise InspectionError(f"personal data in {missed[0].part} ({missed[0].detail or 'text'}) "
                              "cannot be redacted in place")
    out.data = _zip(files)
    return out


def _key(u: ContentUnit) -> tuple:
    return (u.sheet, u.row, u.column, u.detail)


def _unlink(pkg: Package, part: str, root: etree._Element, targets: set[str],
            files: dict[str, bytes]) -> None:
    ids = {r.id for r in pkg.rels(part) if r.external and r.target in targets}
    for link in list(root.iter("{*}hyperlink")):
        if {v for k, v in link.attrib.items() if "relationships" in k} & ids:
            _unwrap(link)
    folder, _, name = part.rpartition("/")
    rels_name = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    rels = pkg.xml(rels_name)
    for el in list(rels):
        if el.get("Id") in ids:
            rels.remove(el)
    files[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)


def _where(seg: reader.Segment) -> str:
    if seg.row is not None:
        return f"{seg.sheet} row {seg.row} column {seg.column}"
    return seg.detail or ""


def _apply(seg: reader.Segment, spans: list[tuple[int, int, str]], marker: str) -> None:
    """Rewrite the segment's pieces so each span reads as one marker, placed where the span's
    first character was (a name split over several runs becomes one marker)."""
    merged = merge_spans([(0, len(seg.text), e) if end == WHOLE else (s, end, e)
                     for s, end, e in spans])
    emitted: set[int] = set()
    for piece in seg.pieces:
        old = piece.element.text or ""
        new: list[str] = []
        for offset, ch in enumerate(old):
            index = _covering(merged, piece.start + offset)
            if index is None:
                new.append(ch)
            elif index not in emitted:
                emitted.add(index)
                new.append(marker.format(entity=merged[index][2]))
        piece.element.text = "".join(new)
        piece.element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _covering(spans: list[tuple[int, int, str]], pos: int) -> int | None:
    for i, (start, end, _entity) in enumerate(spans):
        if start <= pos < end:
            return i
    return None


def story_texts(data: bytes, limits: Limits) -> dict[tuple, str]:
    """(part, segment key) -> text, for checking a written copy against what was intended."""
    pkg = Package(SafeZip(data, "document", limits))
    styles = reader.HiddenStyles.of(pkg, pkg.main_part())
    found: dict[tuple, str] = {}
    for part in pkg.parts():
        if pkg.content_type(part).endswith(_STORY_TYPES):
            for seg in reader.segments(pkg.xml(part), (), styles):
                found[(part, seg.key())] = seg.text
    return found


def summary(cleaned: Cleaned) -> list[dict[str, object]]:
    changes: list[dict[str, object]] = [{"action": "not copied", "part": p}
                                        for p in cleaned.dropped]
    changes += [{"action": action, "count": n} for action, n in sorted(cleaned.counts.items())]
    changes.append({"action": "metadata reset", "part": "docProps"})
    return changes


MAX_PASSES = 3


def redact_document(data: bytes, policy: Policy, limits: Limits, deadline: Deadline,
                    marker: str) -> tuple[bytes, list[dict[str, object]]]:
    """The cleaned, redacted document and the list of changes; raises InspectionError when no
    copy that passes can be made. Redaction repeats (up to MAX_PASSES) while a scan of the copy
    still finds personal data: taking one name out can let NER see the next."""
    from foi_guard.pipeline import scan_in_full

    cleaned = clean(data, limits)
    changes = summary(cleaned)
    current = cleaned.data
    before = story_texts(current, limits)
    redacted: set[tuple] = set()
    for attempt in range(1, MAX_PASSES + 1):
        deadline.check()
        scan = scan_in_full(current, "copy.docx", policy, limits, deadline)
        if scan.result.error:
            raise InspectionError(f"the cleaned copy could not be checked: {scan.result.error}")
        blocking = [f for f in scan.result.findings if str(f.severity) == "block"]
        if not blocking:
            break
        others = sorted({str(f.hidden[0]) if f.hidden else f.rule for f in blocking
                         if f.category != "personal_data"})
        if others or attempt == MAX_PASSES:
            what = ", ".join(others) or "personal data"
            raise InspectionError(f"the redacted copy still does not pass ({what}); "
                                  "nothing was written")
        replaced = replace_marked(current, scan.units, scan.marks, marker, limits)
        changes += [dict(c, **{"pass": attempt}) if attempt > 1 else c
                    for c in replaced.changes]
        redacted |= replaced.keys
        current = replaced.data
    _check_kept_text(before, story_texts(current, limits), redacted)
    return current, changes


def _check_kept_text(before: dict[tuple, str], after: dict[tuple, str],
                     redacted: set[tuple]) -> None:
    """Every paragraph and cell that was not redacted reads the same in the copy."""
    for key, text in before.items():
        if key not in redacted and after.get(key) != text:
            raise InspectionError(f"the copy changed text it should have kept ({key[0]} › "
                                  f"{key[1][3] or key[1][0]}); nothing was written")

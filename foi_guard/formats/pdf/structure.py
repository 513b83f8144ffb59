"""What pypdf finds in the document's structure beside the page contents: AcroForm fields (names,
tooltips, values, options, signatures) and XFA packets; attached files (the EmbeddedFiles name
tree, FileAttachment annotations, /AF arrays), each inspected as a file of its own; the Info
dictionary and the XMP packet; JavaScript actions of the document, pages, annotations and
fields; alternative text in the structure tree; and bookmarks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    StreamObject,
    TextStringObject,
)

from foi_guard.formats import inspect_nested
from foi_guard.formats.base import Context, Item
from foi_guard.formats.pdf.objects import _annotations, _key, _name, _obj, _text
from foi_guard.formats.pdf.reading import _CHECK_EVERY, MAX_NODES, _Pdf, _reading
from foi_guard.formats.textual import MAX_STRINGS, binary_units
from foi_guard.limits import parse_xml
from foi_guard.model import ContentUnit, Hidden, InspectionError

H = Hidden
_HUMAN_INFO = ("/Title", "/Author", "/Subject", "/Keywords")  # compared across revisions


# --- form fields ------------------------------------------------------------------------------
_SIGNATURE_TEXT = ("/Name", "/Reason", "/Location", "/ContactInfo")


def _field_units(root: DictionaryObject, pdf: _Pdf, full: bool, scripts: _Scripts
                 ) -> Iterator[Item]:
    form = _obj(root.get("/AcroForm"))
    seen: set[Any] = set()
    todo: list[tuple[Any, str]] = []
    for page in reversed(pdf.reader.pages):  # widgets the form does not list, read last
        todo += [(a, "") for a in reversed(_annotations(page))
                 if _name(a.get("/Subtype")) == "Widget" and "/T" in a]
    if isinstance(form, DictionaryObject):
        fields = _obj(form.get("/Fields"))
        if isinstance(fields, ArrayObject):
            todo += [(f, "") for f in reversed(fields)]
    count = 0
    while todo:
        node, prefix = todo.pop()
        node = _obj(node)
        if not isinstance(node, DictionaryObject) or _key(node) in seen:
            continue
        seen.add(_key(node))
        count += 1
        if count > MAX_NODES:
            raise InspectionError(f"too many form fields (over {MAX_NODES})")
        name = _text(node.get("/T")).strip()
        full_name = f"{prefix}.{name}" if prefix and name else name or prefix
        yield from _one_field(node, name, full_name)
        scripts.add_triggers(node.get("/AA"), f"field '{full_name or '(unnamed)'}'")
        kids = _obj(node.get("/Kids"))
        if isinstance(kids, ArrayObject):
            todo += [(k, full_name) for k in reversed(kids)]
    if full and isinstance(form, DictionaryObject) and form.get("/XFA") is not None:
        yield from _xfa_units(form.get("/XFA"))


def _one_field(node: DictionaryObject, name: str, full_name: str) -> Iterator[ContentUnit]:
    part = "form fields"
    label = full_name or "(unnamed)"
    if name:
        yield ContentUnit(name, part, (H.FORM_FIELD,), detail=f"field name '{label}'")
    for key, what in (("/TU", "tooltip"), ("/TM", "export name"), ("/V", "value"),
                      ("/DV", "default value")):
        value = _obj(node.get(key))
        if isinstance(value, DictionaryObject):  # a signature
            for sig_key in _SIGNATURE_TEXT:
                text = _text(value.get(sig_key)).strip()
                if text:
                    yield ContentUnit(text, part, (H.FORM_FIELD,),
                                      detail=f"signature {sig_key[1:].lower()} in '{label}'")
            continue
        text = _text(value).strip()
        if text and text != "Off":  # an unticked box
            yield ContentUnit(text, part, (H.FORM_FIELD,), detail=f"{what} of field '{label}'")
    options = _obj(node.get("/Opt"))
    if isinstance(options, ArrayObject):
        for option in options:
            text = _text(option).strip()
            if text:
                yield ContentUnit(text, part, (H.FORM_FIELD,),
                                  detail=f"option of field '{label}'")


def _xfa_units(xfa: Any) -> Iterator[ContentUnit]:
    """The XFA form: its packets joined make one XML document (template, data, config...)."""
    xfa = _obj(xfa)
    if isinstance(xfa, ArrayObject):
        data = b"".join(_obj(p).get_data() for p in xfa[1::2]
                        if isinstance(_obj(p), StreamObject))
    elif isinstance(xfa, StreamObject):
        data = xfa.get_data()
    else:
        return
    yield from _xml_or_strings(data, "XFA form", (H.FORM_FIELD,), "XFA")


def _xml_or_strings(data: bytes, part: str, reasons: tuple[Hidden, ...], what: str
                    ) -> Iterator[ContentUnit]:
    """Every text and attribute value of an XML packet; the strings in it when it is not XML."""
    try:
        root = parse_xml(data.strip(), part)
    except InspectionError:
        yield from binary_units(data, part, reasons, None, f"{what} text")
        return
    count = 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = _xml_name(el)
        bits = [(tag, el.text)] + [(a.rsplit("}", 1)[-1], v) for a, v in el.attrib.items()
                                   if not a.endswith(("}about", "}parseType", "}lang"))]
        for name, bit in bits:
            if bit and bit.strip() and count < MAX_STRINGS:
                count += 1
                yield ContentUnit(bit.strip(), part, reasons, detail=f"{what} {name}")


_RDF_WRAPPERS = {"li", "Seq", "Bag", "Alt", "RDF", "Description"}


def _xml_name(el: Any) -> str:
    """An element's local name; for RDF list items and wrappers, the property they belong to."""
    name = el.tag.rsplit("}", 1)[-1]
    while name in _RDF_WRAPPERS and el.getparent() is not None:
        el = el.getparent()
        name = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else name
    return name


# --- attachments ------------------------------------------------------------------------------
class _Attachments:
    """File specifications found anywhere, each inspected once."""

    def __init__(self) -> None:
        self.found: list[tuple[DictionaryObject | str, str]] = []
        self.seen: set[Any] = set()

    def add(self, spec: Any, where: str) -> None:
        spec = _obj(spec)
        if isinstance(spec, DictionaryObject) and _key(spec) not in self.seen:
            self.seen.add(_key(spec))
            self.found.append((spec, where))
        elif isinstance(spec, (TextStringObject, ByteStringObject)):
            self.found.append((_text(spec), where))

    def add_all(self, specs: Any, where: str) -> None:
        specs = _obj(specs)
        if isinstance(specs, ArrayObject):
            for spec in specs:
                self.add(spec, where)

    def add_tree(self, root: DictionaryObject, tree: str) -> None:
        for _, spec in _name_tree(root, tree):
            self.add(spec, "attached files")

    def units(self, ctx: Context) -> Iterator[Item]:
        names: set[str] = set()
        for number, (spec, where) in enumerate(self.found, 1):
            ctx.deadline.check()
            if isinstance(spec, str):
                yield ContentUnit(spec, "attachments", (H.ATTACHMENT,),
                                  detail=f"reference to an outside file ({where})")
                continue
            with _reading("an attached file"):
                name = _spec_name(spec) or f"attachment {number}"
                description = _text(spec.get("/Desc")).strip()
                data = _spec_data(spec)
            unique = name if name not in names else f"{name} ({number})"
            names.add(unique)
            yield ContentUnit(name, "attachments", (H.ATTACHMENT,),
                              detail=f"attached file name ({where})")
            if description:
                yield ContentUnit(description, "attachments", (H.ATTACHMENT,),
                                  detail=f"description of attached file '{unique}'")
            if data:
                yield from _attached(unique, data, ctx)


def _attached(name: str, data: bytes, ctx: Context) -> Iterator[Item]:
    """An attached file, inspected as a file of its own; its errors name it."""
    try:
        yield from inspect_nested(name, data, ctx, (H.ATTACHMENT,), unknown_as_text=False)
    except InspectionError as exc:
        # inspect_nested names the file only for errors raised once reading has begun
        reason = str(exc)
        raise InspectionError(reason if reason.startswith(name) else f"{name}: {reason}") \
            from None


def _spec_name(spec: DictionaryObject) -> str:
    for key in ("/UF", "/F", "/Unix", "/Mac", "/DOS"):
        name = _text(spec.get(key)).strip()
        if name:
            return name.replace("\\", "/").rsplit("/", 1)[-1] or name
    return ""


def _spec_data(spec: DictionaryObject) -> bytes | None:
    files = _obj(spec.get("/EF"))
    if not isinstance(files, DictionaryObject):
        return None
    for key in ("/UF", "/F", *files.keys()):
        stream = _obj(files.get(key))
        if isinstance(stream, StreamObject):
            return stream.get_data()
    return None


def _name_tree(root: DictionaryObject, tree: str) -> Iterator[tuple[str, Any]]:
    """(key, value) pairs of a tree in the catalogue's /Names dictionary."""
    names = _obj(root.get("/Names"))
    top = _obj(names.get(tree)) if isinstance(names, DictionaryObject) else None
    todo, seen = [top], set()
    while todo:
        node = _obj(todo.pop())
        if not isinstance(node, DictionaryObject) or _key(node) in seen:
            continue
        seen.add(_key(node))
        if len(seen) > MAX_NODES:
            raise InspectionError(f"corrupt PDF: name tree {tree} is too large")
        pairs = _obj(node.get("/Names"))
        if isinstance(pairs, ArrayObject):
            for i in range(0, len(pairs) - 1, 2):
                yield _text(pairs[i]), pairs[i + 1]
        kids = _obj(node.get("/Kids"))
        if isinstance(kids, ArrayObject):
            todo.extend(reversed(kids))


# --- metadata, scripts, alt text, bookmarks ---------------------------------------------------
def _info_units(reader: PdfReader, full: bool) -> Iterator[ContentUnit]:
    info = _obj(reader.trailer.get("/Info"))
    if not isinstance(info, DictionaryObject):
        return
    for key, value in info.items():
        if not full and key not in _HUMAN_INFO:
            continue  # producer and dates change with every save
        text = _text(value).strip()
        if text:
            yield ContentUnit(text, "document information", (H.METADATA,), detail=key[1:])


def _xmp_units(root: DictionaryObject) -> Iterator[ContentUnit]:
    stream = _obj(root.get("/Metadata"))
    if isinstance(stream, StreamObject):
        yield from _xml_or_strings(stream.get_data(), "XMP metadata", (H.METADATA,), "XMP")


class _Scripts:
    """JavaScript actions found anywhere (document, pages, annotations, fields), each read once."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []
        self.seen: set[Any] = set()

    def add(self, action: Any, where: str) -> None:
        todo = [action]
        while todo:
            item = _obj(todo.pop())
            if isinstance(item, ArrayObject):
                todo.extend(reversed(item))
                continue
            if not isinstance(item, DictionaryObject) or _key(item) in self.seen:
                continue
            self.seen.add(_key(item))
            if len(self.seen) > MAX_NODES:
                raise InspectionError(f"too many actions (over {MAX_NODES})")
            if _name(item.get("/S")) == "JavaScript":
                self.found.append((_text(item.get("/JS")), where))
            todo.append(item.get("/Next"))

    def add_triggers(self, triggers: Any, where: str) -> None:
        """An additional-actions dictionary: an action for each event (/O, /C, /K, /F...)."""
        triggers = _obj(triggers)
        if isinstance(triggers, DictionaryObject):
            for event, action in triggers.items():
                self.add(action, f"{where}, event {event[1:]}")

    def add_document(self, root: DictionaryObject) -> None:
        for name, action in _name_tree(root, "/JavaScript"):
            self.add(action, f"document script '{name}'")
        self.add(root.get("/OpenAction"), "document open action")
        self.add_triggers(root.get("/AA"), "document")

    def units(self) -> Iterator[ContentUnit]:
        count = 0
        for script, where in self.found:
            for line in script.splitlines():
                if line.strip() and count < MAX_STRINGS:
                    count += 1
                    yield ContentUnit(line.strip(), "JavaScript", (H.MACRO,),
                                      detail=f"script: {where}")


def _alt_text_units(root: DictionaryObject, ctx: Context) -> Iterator[ContentUnit]:
    tree = _obj(root.get("/StructTreeRoot"))
    todo, seen = [tree], set()
    while todo:
        node = _obj(todo.pop())
        if isinstance(node, ArrayObject):
            todo.extend(reversed(node))
            continue
        if not isinstance(node, DictionaryObject) or _key(node) in seen:
            continue
        seen.add(_key(node))
        if len(seen) % _CHECK_EVERY == 0:
            ctx.deadline.check()
        if len(seen) > MAX_NODES:
            raise InspectionError(f"structure tree too large (over {MAX_NODES} elements)")
        alt = _text(node.get("/Alt")).strip()
        if alt:
            yield ContentUnit(alt, "structure tree", (H.ALT_TEXT,),
                              detail=f"alternative text of <{_name(node.get('/S')) or '?'}>")
        if "/K" in node:
            todo.append(node["/K"])


def _bookmark_units(root: DictionaryObject) -> Iterator[ContentUnit]:
    outlines = _obj(root.get("/Outlines"))
    todo = [outlines.get("/First")] if isinstance(outlines, DictionaryObject) else []
    seen: set[Any] = set()
    while todo:
        item = _obj(todo.pop())
        if not isinstance(item, DictionaryObject) or _key(item) in seen:
            continue
        seen.add(_key(item))
        if len(seen) > MAX_NODES:
            raise InspectionError(f"too many bookmarks (over {MAX_NODES})")
        title = _text(item.get("/Title")).strip()
        if title:
            yield ContentUnit(title, "bookmarks", (), detail="bookmark")
        todo += [item.get("/Next"), item.get("/First")]

"""PDF objects as the text a reader would show: strings decoded by their byte-order mark,
names without their slash, streams decoded, arrays joined; what identifies an object (its
object number, else its identity) so that a walk reads each once; and the annotation
dictionaries of a page, which the page text, the annotations and the form fields all need.
"""

from __future__ import annotations

from typing import Any

from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    StreamObject,
    TextStringObject,
)


# --- PDF objects as text ----------------------------------------------------------------------
def _obj(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _text(value: Any) -> str:
    """A PDF object as the text a reader would show (names without their slash)."""
    value = _obj(value)
    if isinstance(value, TextStringObject):
        return str(value)
    if isinstance(value, ByteStringObject):
        return _decode(bytes(value))
    if isinstance(value, NameObject):
        return str(value)[1:]
    if isinstance(value, StreamObject):
        return _decode(value.get_data())
    if isinstance(value, ArrayObject):
        return " ".join(t for t in (_text(v) for v in value) if t)
    if value is None or isinstance(value, (NullObject, DictionaryObject)):
        return ""
    return str(value)


def _decode(raw: bytes) -> str:
    for bom, codec in ((b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"),
                       (b"\xef\xbb\xbf", "utf-8")):
        if raw.startswith(bom):
            return raw[len(bom):].decode(codec, "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _name(value: Any) -> str:
    value = _obj(value)
    return str(value)[1:] if isinstance(value, NameObject) else ""


def _norm(value: str) -> str:
    return " ".join(value.split()).casefold()


def _key(obj: Any) -> tuple[int, int] | int:
    """What identifies a PDF object: its object number, else (a direct object) its identity."""
    ref = getattr(obj, "indirect_reference", None)
    return (ref.idnum, ref.generation) if ref is not None else id(obj)



def _annotations(page: DictionaryObject) -> list[DictionaryObject]:
    annots = _obj(page.get("/Annots"))
    if not isinstance(annots, ArrayObject):
        return []
    return [a for a in (_obj(x) for x in annots) if isinstance(a, DictionaryObject)]

"""The cells of a plain worksheet, read with one regular expression instead of an XML parser.

Nearly every worksheet is written the same plain way (by Excel, LibreOffice, openpyxl,
xlsxwriter): `<row r="7">` holding `<c r="B7" s="3" t="s"><v>12</v></c>`. Reading those with
lxml costs Python calls per element; one regular expression over the text costs far less.

This module splits a plain part and tokenises its sheetData; sheets.py reads the tokens exactly
as it reads lxml's elements, or gives the sheet to lxml. Every token of sheetData must be one
spelt out here (anything else is an `odd` token), so nothing can be skipped unseen: a cell
attribute not listed, rich inline text, an entity or character reference, a comment, CDATA, a
processing instruction, a prefixed element or a row without `r` sends the sheet to the XML
reader.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

SHEET_DATA_OPEN = b"<sheetData>"
SHEET_DATA_CLOSE = b"</sheetData>"
CHUNK_BYTES = 1 << 20  # tokenised a piece at a time: bounded memory, deadline checks between
_MARKUP_DECLARATION = b"<!"  # a comment, CDATA, a DTD
_PROCESSING_INSTRUCTION = b"<?"  # beyond the XML declaration: its text may hold anything
_CDATA_END = b"]]>"  # not allowed in text: lxml refuses the part
# Characters XML 1.0 does not allow at all: the XML reader refuses a part holding one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PREFIX = re.compile(rb'xmlns:([\w.-]+)=')
_ENCODING = re.compile(r'encoding=["\']([^"\']+)["\']')

_FORMULA = '(?:<f>[^<]*</f>|<f(?: \\w+="[^"<]*")*/>|<f(?: \\w+="[^"<]*")*>[^<]*</f>)?'
_GAP = "[ \t\r\n]*"  # whitespace between elements, which no reader sees
TOKEN = re.compile(
    # a cell: column letters, style, type, value, inline string (groups 1-5); cm, vm and ph
    # point elsewhere (rich values are parts of their own) and no reader of cells uses them
    '<c r="([A-Z]{1,3})\\d{1,7}"(?: s="(\\d{1,9})")?(?: t="(s|n|b|e|str|d|inlineStr)")?'
    '(?: (?:cm|vm)="\\d+"| ph="(?:[01]|true|false)")*' + _GAP +
    '(?:/>|>' + _GAP + _FORMULA + _GAP + '(?:<v>([^<&\r]*)</v>|<v/>'
    '|<is><t(?: xml:space="preserve")?>([^<&\r]*)</t></is>)?' + _GAP + '</c>)'
    # a row, its other attributes, whether it closes at once (groups 6-8); the end of one (9)
    '|<row r="(\\d{1,7})"((?: [\\w:.-]+="[^"&<\t\r\n]*")*)' + _GAP + '(/?)>'
    '|(</row>)'
    '|[ \t\r\n]+'
    # anything else (group 10): the sheet is not plain
    '|(<[^>]*>?|[^<]+)'
)
ATTRIBUTE = re.compile('([\\w:.-]+)="([^"]*)"')
Token = tuple[str, str, str, str, str, str, str, str, str, str]
NOT_PLAIN: Token = ("", "", "", "", "", "", "", "", "", "a character XML does not allow")


def sheet_data(data: bytes) -> tuple[bytes, int, int] | None:
    """The part with an empty sheetData (for the XML reader: columns, filters, headers and
    footers), and where sheetData's content starts and ends in `data`; None when the part is
    not plain enough to split."""
    head = data[3:200] if data.startswith(codecs.BOM_UTF8) else data[:200]
    if not head.startswith((b"<?xml", b"<worksheet")):
        return None  # another encoding, a prefixed root
    declared = _ENCODING.search(head[: head.find(b"?>") + 1].decode("ascii", "replace"))
    if declared and declared.group(1).lower() not in ("utf-8", "utf8"):
        return None
    declarations = 1 if head.startswith(b"<?xml") else 0
    if _MARKUP_DECLARATION in data or data.count(_PROCESSING_INSTRUCTION) > declarations or \
            _CDATA_END in data:
        return None
    if data.count(SHEET_DATA_OPEN) != 1 or data.count(SHEET_DATA_CLOSE) != 1:
        return None  # an empty <sheetData/>, or more than one: the exact reader decides
    start = data.index(SHEET_DATA_OPEN) + len(SHEET_DATA_OPEN)
    end = data.index(SHEET_DATA_CLOSE)
    if end < start:
        return None
    return data[:start] + data[end:], start, end


def declared_prefixes(data: bytes, start: int) -> frozenset[str]:
    """Namespace prefixes declared before sheetData (on the root, in practice): a row attribute
    with any other prefix is an XML error the XML reader reports."""
    return frozenset(p.decode("ascii", "replace") for p in _PREFIX.findall(data, 0, start))


def chunks(data: bytes, start: int, end: int) -> Iterator[list[Token]]:
    """Tokens of sheetData (data[start:end]), decoded and tokenised a piece at a time, each
    piece ending at a row's end (`</row>` can be nothing else once markup declarations and
    processing instructions are ruled out: `<` is not allowed in text or attributes).
    UnicodeDecodeError if it is not UTF-8."""
    pos = start
    while pos < end:
        cut = data.find(b"</row>", min(pos + CHUNK_BYTES, end), end)
        stop = end if cut < 0 else cut + len(b"</row>")
        text = data[pos:stop].decode("utf-8")
        yield [NOT_PLAIN] if _NOT_XML.search(text) else TOKEN.findall(text)
        pos = stop

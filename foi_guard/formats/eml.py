"""RFC 822 mail (.eml): a reply, its headers, its bodies and everything attached, however nested.

The MIME tree is parsed by the standard library (`email`, default policy) and walked part by
part; base64, quoted-printable and uuencoded payloads are decoded. Where mail hides data:

- attachments and inline non-text parts: read by their own readers, recursively, so a workbook
  in a zip in a reply is found at 'reply.eml › data.zip › summary.xlsx';
- forwarded messages (message/rfc822) and Outlook's winmail.dat (TNEF: its bodies, properties
  and attachments), read as messages of their own;
- HTML bodies: text styled out of sight (display:none, visibility:hidden, font-size:0,
  mso-hide:all, opacity:0, the `hidden` attribute) and HTML comments are `hidden_text`, image
  alt text is `alt_text`, the title and meta tags are `metadata`; table cells are read as cells
  of a grid ('table 2', row, column), so a pasted table of names is judged a column at a time;
- the MIME preamble and epilogue (text outside every part, shown by no mail program):
  `hidden_text`, except the usual "This is a multi-part message in MIME format." line;
- headers (From, To, Cc, Subject, Received ...): `metadata`. A reply to an FOI request is
  addressed to the requester, whose name and address in the headers are expected and are not
  released to the public; `metadata` makes personal data there warn (policy `personal_data_in`)
  instead of blocking every reply. Names in the body block as anywhere else.

Plain bodies are read a paragraph at a time; a paragraph already read from another rendering of
the same body (the text/plain and text/html alternatives, an RTF copy) is not read twice.
Parser defects are reported as `mail_defect` facts. What cannot be read fails the message:
S/MIME or PGP encryption, opaque S/MIME signing, truncated base64, unknown transfer encodings,
message fragments. Detached signatures hold no content and are skipped with a note.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.errors
import email.header
import email.policy
import hashlib
import logging
import mimetypes
import quopri
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from typing import Any, TypeVar

from lxml import etree
from lxml import html as lxml_html

from foi_guard.formats.base import Context, Item
from foi_guard.formats.textual import printable_strings
from foi_guard.model import ContentUnit, Fact, Hidden, InspectionError

PART_HEADERS = "headers"
PART_BODY = "body"
PART_HTML = "body (text/html)"
PART_RTF = "body (RTF)"
PART_STRUCTURE = "MIME structure"
PART_ATTACHMENTS = "attachments"
PART_PROPERTIES = "properties"
MAIL_DEFECT = "mail_defect"

MAX_MIME_NESTING = 64  # multiparts inside multiparts; real mail stays under ten
PARAGRAPH_CHARS = 4000  # a longer paragraph is cut at line ends into units of about this size
TNEF_SIGNATURE = b"\x78\x9f\x3e\x22"

_TRANSFER_ENCODINGS = {"7bit", "8bit", "binary", "base64", "quoted-printable",
                       "x-uuencode", "uuencode", "uue", "x-uue"}
_SIGNATURES = {"application/pkcs7-signature", "application/x-pkcs7-signature",
               "application/pgp-signature"}
_ENCRYPTED = {"application/pkcs7-mime": "S/MIME", "application/x-pkcs7-mime": "S/MIME",
              "multipart/encrypted": "PGP/MIME", "application/pgp-encrypted": "PGP/MIME"}
_REPORTS = {"message/delivery-status", "message/global-delivery-status",
            "message/disposition-notification", "message/global-disposition-notification"}
_TNEF_TYPES = {"application/ms-tnef", "application/vnd.ms-tnef"}
_BODY_TYPES = {"text/plain": PART_BODY, "text/html": PART_HTML, "text/enriched": PART_BODY,
               "text/rtf": PART_RTF, "text/richtext": PART_RTF}
# What mail programs put in the preamble for readers that do not understand MIME.
_BOILERPLATE_PHRASES = (
    "This is a multi-part message in MIME format.", "This is a multipart message in MIME format.",
    "This is a MIME-formatted message.", "This is a MIME-encapsulated message.",
    "If you see this text it means that your E-mail software does not support MIME-formatted "
    "messages.", "This is a cryptographically signed message in MIME format.",
    "This is an S/MIME signed message", "This is an S/MIME encrypted message",
    "This message is in MIME format. Since your mail reader does not understand this format, "
    "some or all of this message may not be legible.", "This message is in MIME format.",
)
_BOILERPLATE = re.compile("|".join(re.escape(p).replace(r"\ ", r"\s+")
                                   for p in _BOILERPLATE_PHRASES), re.IGNORECASE)
_PGP_MESSAGE = "-----BEGIN PGP MESSAGE-----"
T = TypeVar("T")


# --- the message ------------------------------------------------------------------------------
def inspect(data: bytes, ctx: Context) -> Iterator[Item]:
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
    except (ValueError, TypeError, IndexError, LookupError, email.errors.MessageError) as exc:
        raise InspectionError(f"unreadable mail message ({_short(exc)})") from None
    yield from message_items(msg, ctx, _Budget(ctx.limits.max_parts))


@dataclass(slots=True)
class _Budget:
    """MIME parts read so far in one scanned message, forwarded messages included."""

    limit: int
    used: int = 0

    def spend(self) -> None:
        self.used += 1
        if self.used > self.limit:
            raise InspectionError(f"more than {self.limit} MIME parts")


def message_items(msg: Message, ctx: Context, budget: _Budget) -> Iterator[Item]:
    yield from header_units(msg, PART_HEADERS)
    yield from _Walk(ctx, budget).entity(msg, "", 0)


@dataclass(slots=True)
class _Walk:
    """One message's MIME tree: the attachment names taken and the body text already read."""

    ctx: Context
    budget: _Budget
    names: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)

    def entity(self, part: Message, number: str, level: int) -> Iterator[Item]:
        self.budget.spend()
        self.ctx.deadline.check()
        if level > MAX_MIME_NESTING:
            raise InspectionError(f"MIME parts nested deeper than {MAX_MIME_NESTING} levels")
        label = f"MIME part {number}" if number else "message"
        yield from _defects(part, label)
        ctype = _guarded(label, part.get_content_type)
        if ctype in _SIGNATURES:
            self.ctx.notes.append(f"{label}: signature ({ctype}) skipped: it holds no content")
            return
        if ctype in _ENCRYPTED:
            raise InspectionError(f"{label}: {_ENCRYPTED[ctype]}-protected content "
                                  f"({_smime_kind(part)}), cannot inspect")
        if ctype.startswith("message/"):
            yield from self._message_part(part, ctype, number, label)
        elif part.is_multipart():
            yield from self._multipart(part, number, label, level)
        else:
            yield from self._leaf(part, ctype, number, label)

    def _multipart(self, part: Message, number: str, label: str, level: int) -> Iterator[Item]:
        for where, text in (("preamble", part.preamble), ("epilogue", part.epilogue)):
            text = _BOILERPLATE.sub("", text or "")
            if text.strip():
                for n, para in enumerate(paragraphs(text), 1):
                    yield ContentUnit(para, PART_STRUCTURE, (Hidden.HIDDEN_TEXT,),
                                      detail=f"{where} of {label}, paragraph {n}")
        for i, sub in enumerate(_guarded(label, part.iter_parts), 1):
            yield from self.entity(sub, f"{number}.{i}" if number else str(i), level + 1)

    def _message_part(self, part: Message, ctype: str, number: str, label: str) -> Iterator[Item]:
        if ctype == "message/partial":
            raise InspectionError(f"{label}: a fragment of a larger message (message/partial), "
                                  "cannot inspect")
        payload = part.get_payload()
        if not isinstance(payload, list):  # not parsed as a message: read it as a plain part
            yield from self._leaf(part, "application/octet-stream", number, label)
            return
        cte = _transfer_encoding(part, label)
        if ctype in _REPORTS:  # delivery reports: blocks of headers
            for block in payload:
                yield from header_units(block, label)
                text = block.get_payload()
                if isinstance(text, str) and text.strip():
                    yield from body_units(text, PART_BODY, label, self.seen)
            return
        for inner in payload:  # a forwarded message (message/rfc822, global, external-body)
            if cte in ("base64", "quoted-printable"):
                inner = _reparse(inner, cte, label)
            name = self._unique(part.get_filename() or f"forwarded message ({label}).eml")
            from foi_guard.formats.zip import within

            yield from within(name, self.ctx,
                              lambda c, m=inner: message_items(m, c, self.budget))

    def _leaf(self, part: Message, ctype: str, number: str, label: str) -> Iterator[Item]:
        payload = _decoded(part, label)
        filename = _guarded(label, part.get_filename)
        disposition = _guarded(label, part.get_content_disposition)
        description = part.get("Content-Description")
        if description:
            yield ContentUnit(str(description), PART_ATTACHMENTS, (Hidden.METADATA,),
                              detail=f"description of {label}")
        body = _BODY_TYPES.get(ctype)
        if ctype.startswith("multipart/"):  # no boundary found: the parts are one lump of text
            body = PART_BODY
        if body and not filename and disposition != "attachment" and ctype not in _TNEF_TYPES:
            yield from self._body(part, payload, body, label)
            return
        if filename:
            yield ContentUnit(filename, PART_ATTACHMENTS, (), detail=f"attachment name ({label})")
        self.ctx.attachments.append({"name": str(filename or f"({ctype})"),
                                     "sha256": hashlib.sha256(payload).hexdigest()})
        if not payload:
            return
        name = self._unique(filename or _generated_name(ctype, label))
        from foi_guard.formats.zip import inspect_member

        yield from inspect_member(name, payload, self.ctx)

    def _body(self, part: Message, payload: bytes, which: str, label: str) -> Iterator[Item]:
        if which == PART_RTF:
            from foi_guard.formats.msg import rtf_text

            text = rtf_text(payload)
        else:
            text = decode_text(payload, _guarded(label, part.get_content_charset))
        if _PGP_MESSAGE in text:
            raise InspectionError(f"{label}: PGP-encrypted text, cannot inspect")
        yield from body_units(text, which, label, self.seen)

    def _unique(self, name: str) -> str:
        return unique_name(name, self.names)


def header_units(msg: Message, part: str) -> Iterator[ContentUnit]:
    """Every header of a message (or a block of them), decoded: metadata."""
    for name, raw in msg.raw_items():
        value = decode_header(raw)
        if value:
            yield ContentUnit(value, part, (Hidden.METADATA,), detail=f"header {name}")


def decode_header(raw: object) -> str:
    """A header's value unfolded, RFC 2047 words decoded; 8-bit bytes read as UTF-8 or cp1252."""
    text = str(raw)
    if any("\udc80" <= ch <= "\udcff" for ch in text):  # undecodable bytes the parser kept
        text = decode_text(text.encode("ascii", "surrogateescape"), None)
    text = " ".join(text.split())
    try:
        return str(email.header.make_header(email.header.decode_header(text)))
    except (email.errors.HeaderParseError, LookupError, UnicodeError, ValueError):
        return text


# --- parts ------------------------------------------------------------------------------------
def _guarded(label: str, read: Callable[[], T]) -> T:
    """A call into the email package on a part's headers; its faults become one-line reasons."""
    try:
        return read()
    except (ValueError, TypeError, IndexError, LookupError, AttributeError,
            email.errors.MessageError) as exc:
        raise InspectionError(f"{label}: unreadable MIME headers ({_short(exc)})") from None


def _transfer_encoding(part: Message, label: str) -> str:
    cte = " ".join(str(part.get("Content-Transfer-Encoding", "7bit")).split()).lower() or "7bit"
    if cte not in _TRANSFER_ENCODINGS:
        raise InspectionError(f"{label}: unknown transfer encoding {cte[:40]!r}, cannot decode")
    return cte


def _decoded(part: Message, label: str) -> bytes:
    """The part's payload, transfer encoding undone; an error when it cannot be."""
    cte = _transfer_encoding(part, label)
    payload = _guarded(label, lambda: part.get_payload(decode=True))
    if not isinstance(payload, bytes):
        raise InspectionError(f"{label}: payload cannot be decoded")
    if any(isinstance(d, email.errors.InvalidBase64LengthDefect) for d in part.defects):
        raise InspectionError(f"{label}: base64 payload is truncated or corrupt, cannot decode")
    if cte in ("x-uuencode", "uuencode", "uue", "x-uue") and payload.lstrip().startswith(b"begin"):
        raise InspectionError(f"{label}: uuencoded payload is corrupt, cannot decode")
    return payload


def _reparse(inner: Message, cte: str, label: str) -> Message:
    """A forwarded message sent base64- or quoted-printable-encoded (which RFC 2046 forbids,
    and some mailers do): the parser took the encoded text for the message; decode and parse."""
    encoded = inner.as_bytes()
    try:
        if cte == "base64":
            raw = base64.b64decode(b"".join(encoded.split()), validate=False)
        else:
            raw = quopri.decodestring(encoded)
        return email.message_from_bytes(raw, policy=email.policy.default)
    except (binascii.Error, ValueError, TypeError, IndexError, LookupError,
            email.errors.MessageError) as exc:
        raise InspectionError(f"{label}: encoded forwarded message cannot be decoded "
                              f"({_short(exc)})") from None


def _defects(part: Message, label: str) -> Iterator[Fact]:
    names = sorted({type(d).__name__ for d in part.defects})
    if names:
        yield Fact(MAIL_DEFECT, label, detail="mail structure defects: " + ", ".join(names))


def _smime_kind(part: Message) -> str:
    kind = part.get_param("smime-type") if "pkcs7" in part.get_content_type() else None
    return {"enveloped-data": "encrypted", "signed-data": "opaque-signed",
            "compressed-data": "compressed"}.get(str(kind).lower(), "encrypted")


def _generated_name(ctype: str, label: str) -> str:
    ext = mimetypes.guess_extension(ctype, strict=False) or ".bin"
    return f"{label}{ext}"


def unique_name(name: str, taken: set[str]) -> str:
    """A container's file name fit for a location path, distinct from those `taken` (which it
    joins): 'summary.xlsx', then 'summary (2).xlsx'."""
    clean = re.split(r"[\\/]", " ".join(name.split()))[-1].replace("›", ">")[:200] or "unnamed"
    stem, dot, ext = clean.rpartition(".")
    if not dot or not stem:
        stem, ext = clean, ""
    candidate, n = clean, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem} ({n}).{ext}" if ext else f"{stem} ({n})"
    taken.add(candidate.casefold())
    return candidate


# --- text -------------------------------------------------------------------------------------
def decode_text(payload: bytes, charset: str | None) -> str:
    """Bytes of a text part in its declared charset, else UTF-8, else cp1252."""
    for codec in (charset, "utf-8"):
        if codec:
            try:
                return payload.decode(codec)
            except (LookupError, UnicodeDecodeError):
                continue
    return payload.decode("cp1252", errors="replace")


def paragraphs(text: str) -> list[str]:
    """Blocks of text between blank lines, long ones cut at line ends."""
    out = []
    for block in re.split(r"\n[ \t\r\f\v]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        block = block.strip()
        while len(block) > PARAGRAPH_CHARS:
            cut = block.rfind("\n", 0, PARAGRAPH_CHARS)
            cut = cut if cut > 0 else PARAGRAPH_CHARS
            out.append(block[:cut].strip())
            block = block[cut:].strip()
        if block:
            out.append(block)
    return out


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def remember(text: str, seen: set[str]) -> None:
    """Mark a body's paragraphs and lines as read, so other renderings skip them."""
    for para in paragraphs(text):
        seen.add(_normal(para))
        seen.update(_normal(line) for line in para.split("\n"))


def body_units(text: str, which: str, label: str, seen: set[str]) -> Iterator[ContentUnit]:
    """A body's text, a paragraph a unit, in part `which`; HTML is read as HTML."""
    where = "" if label == "message" else f"{label}, "
    if which == PART_HTML:
        yield from html_units(text, which, where, seen)
        return
    count = 0
    for para in paragraphs(text):
        if _normal(para) in seen or all(_normal(s) in seen for s in para.split("\n")):
            continue
        count += 1
        yield ContentUnit(para, which, (), detail=f"{where}paragraph {count}")
    remember(text, seen)


# --- HTML -------------------------------------------------------------------------------------
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead",
    "tfoot", "tr", "td", "th", "ul", "body", "html", "title",
})
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all"
    r"|(?:font-size|max-height|opacity)\s*:\s*0+(?:\.0+)?\s*(?:px|pt|em|rem|%)?\s*(?:;|!|$)",
    re.IGNORECASE)
_ALT_ATTRIBUTES = ("alt", "title")
_HIDDEN_TAGS = {"script", "template", "noscript"}
_SKIPPED_TAGS = {"style"}  # CSS: rules, not text


def html_units(markup: str | bytes, part: str, where: str = "",
               seen: set[str] | None = None) -> Iterator[ContentUnit]:
    """Text of an HTML document, a block a unit, each with the reason it is hidden, if it is;
    table cells as cells of a grid ('table 2', row, column), so columns of names are judged
    as columns."""
    seen = seen if seen is not None else set()
    counts: dict[str, int] = {}
    runs = html_runs(parse_html(markup))
    for text, reasons, what, cell in runs:
        if cell is not None:
            table, row, column = cell
            yield ContentUnit(text, part, reasons, f"{where}{table}", row, column)
            continue
        if not reasons and _normal(text) in seen:
            continue
        counts[what] = counts.get(what, 0) + 1
        yield ContentUnit(text, part, reasons, detail=f"{where}{what} {counts[what]}")
    seen.update(_normal(text) for text, reasons, _, cell in runs if not reasons and not cell)


def parse_html(markup: str | bytes) -> etree._Element | None:
    """The document tree; None for an empty document. libxml2 drops what lies deeper than its
    depth limit (2048 levels with huge_tree) and says so only in its log: that is an error."""
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=False, remove_pis=True,
                                  huge_tree=True)
    try:
        root = lxml_html.document_fromstring(markup, parser=parser)
    except ValueError:  # a str that declares an encoding
        if isinstance(markup, str):
            return parse_html(markup.encode("utf-8"))
        return None
    except etree.ParserError:  # nothing but whitespace
        return None
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT":
            raise InspectionError(f"HTML too deeply nested to read ({entry.message[:60]})")
    return root


Cell = tuple[str, int, int]  # table label, row, column
Run = tuple[str, tuple[Hidden, ...], str, Cell | None]


@dataclass(slots=True)
class _Grid:
    """Where the walk is in tables: the table and row being read, the cell text goes to."""

    table: list[Any] | None = None  # [label, rows so far]
    row: list[int] | None = None  # [row number, columns so far]
    cell: Cell | None = None


@dataclass(slots=True)
class _Step:
    action: str  # element, text or break
    node: Any
    reasons: tuple[Hidden, ...]
    what: str
    grid: _Grid


def html_runs(root: etree._Element | None) -> list[Run]:
    """(text, reasons, what, cell) for each block of text or table cell, in document order,
    walking the tree without recursion."""
    runs: list[Run] = []
    if root is None:
        return runs
    pending: list[str] = []
    key: tuple[tuple[Hidden, ...], str, Cell | None] = ((), "paragraph", None)
    tables = [0]

    def flush() -> None:
        text = " ".join("".join(pending).split())
        if text:
            runs.append((text, *key))
        pending.clear()

    stack = [_Step("element", root, (), "paragraph", _Grid())]
    while stack:
        step = stack.pop()
        if step.action == "break":
            if step.grid.cell is None or step.grid.cell != key[2]:
                flush()
            else:  # paragraphs inside one table cell stay in that cell
                pending.append(" ")
        elif step.action == "text":
            if isinstance(step.node, str) and step.node.strip():
                now = (step.reasons, step.what, step.grid.cell)
                if now != key:
                    flush()
                    key = now
                pending.append(step.node)
        elif isinstance(step.node, etree._Element):
            _visit(step, stack, runs, tables)
    flush()
    return runs


def _visit(step: _Step, stack: list[_Step], runs: list[Run], tables: list[int]) -> None:
    el, inherited, grid = step.node, step.reasons, step.grid
    stack.append(_Step("text", el.tail, inherited, step.what, grid))
    if not isinstance(el.tag, str):
        if el.tag is etree.Comment:
            stack.append(_Step("break", None, (), "", _Grid()))
            stack.append(_Step("text", el.text, _with(inherited, Hidden.HIDDEN_TEXT),
                               "HTML comment", _Grid()))
            stack.append(_Step("break", None, (), "", _Grid()))
        return
    tag = el.tag.lower()
    if tag in _SKIPPED_TAGS:
        return
    if tag == "meta":
        content = " ".join((el.get("content") or "").split())
        if content:
            name = el.get("name") or el.get("http-equiv") or "tag"
            runs.append((content, _with(inherited, Hidden.METADATA), f"meta {name}", None))
        return
    own, what = inherited, step.what
    if el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or "") \
            or tag in _HIDDEN_TAGS:
        own, what = _with(own, Hidden.HIDDEN_TEXT), "hidden text"
    if tag == "title":
        own, what = _with(own, Hidden.METADATA), "title"
    for attribute in _ALT_ATTRIBUTES:
        value = " ".join((el.get(attribute) or "").split())
        if value and tag != "title":
            runs.append((value, _with(own, Hidden.ALT_TEXT), f"{attribute} text", None))
    inner = _inner_grid(tag, el, grid, tables)
    block = tag in _BLOCKS
    if block:
        stack.append(_Step("break", None, (), "", grid))
    for child in reversed(el):
        stack.append(_Step("element", child, own, what, inner))
    stack.append(_Step("text", el.text, own, what, inner))
    if block:
        stack.append(_Step("break", None, (), "", grid))


def _inner_grid(tag: str, el: etree._Element, grid: _Grid, tables: list[int]) -> _Grid:
    """The table context for an element's content: a new table, its next row, a cell."""
    if tag == "table":
        tables[0] += 1
        return _Grid(table=[f"table {tables[0]}", 0])
    if tag == "tr" and grid.table is not None:
        grid.table[1] += 1
        return _Grid(table=grid.table, row=[grid.table[1], 0])
    if tag in ("td", "th") and grid.table is not None and grid.row is not None:
        column = grid.row[1] + 1
        grid.row[1] += _span(el.get("colspan"))
        return _Grid(table=grid.table, cell=(grid.table[0], grid.row[0], column))
    return grid


def _span(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), 1000)
    except ValueError:
        return 1


def _with(reasons: tuple[Hidden, ...], reason: Hidden) -> tuple[Hidden, ...]:
    return reasons if reason in reasons else (*reasons, reason)


# --- TNEF (winmail.dat) ----------------------------------------------------------------------
_TNEF_HEADER = 6
_TNEF_OVERHEAD = 11  # level, attribute id, length, then a checksum after the data
_ATT_MAPI_PROPS = 0x9003
_ATT_BODY = 0x800C
_MAPI_BODY_IDS = {0x1000, 0x1013, 0x1009, 0x3FD9}


def is_tnef(data: bytes) -> bool:
    return data.startswith(TNEF_SIGNATURE)


def tnef_items(data: bytes, ctx: Context) -> Iterator[Item]:
    """Outlook's rich-text wrapper: its properties, bodies and attachments."""
    _check_tnef_framing(data)
    yield from _tnef_message(_parse_tnef(data), ctx)


def _check_tnef_framing(data: bytes) -> None:
    """Every attribute whole and its checksum right: the parser would read a truncated one
    as far as it goes, and say nothing."""
    pos = _TNEF_HEADER
    while pos < len(data):
        end = pos + _TNEF_OVERHEAD + int.from_bytes(data[pos + 5: pos + 9], "little")
        if pos + _TNEF_OVERHEAD > len(data) or end > len(data):
            raise InspectionError("TNEF data is truncated")
        if sum(data[pos + 9: end - 2]) & 0xFFFF != int.from_bytes(data[end - 2: end], "little"):
            raise InspectionError("TNEF data is corrupt (an attribute's checksum is wrong)")
        pos = end


@contextmanager
def _logged_errors(logger_name: str) -> Iterator[list[str]]:
    """Error records a library logs instead of raising (tnefparse's decode_mapi skips the
    rest of a property list it cannot decode, logging the fault)."""
    errors: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            errors.append(record.getMessage())

    handler = Catch(logging.ERROR)
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        yield errors
    finally:
        logger.removeHandler(handler)


def _parse_tnef(data: bytes) -> object:
    from tnefparse.tnef import TNEF

    with _logged_errors("tnefparse") as errors:
        try:
            tnef = TNEF(data, do_checksum=False)
        # tnefparse reports a malformed stream with whatever its code trips on first
        except Exception as exc:
            raise InspectionError(f"TNEF data is corrupt ({_short(exc)})") from None
    if errors:
        raise InspectionError(f"TNEF properties are corrupt ({errors[0][:80]})")
    return tnef


def _tnef_message(tnef: object, ctx: Context) -> Iterator[Item]:
    props = _tnef_mapi(tnef)
    for obj in getattr(tnef, "msgprops", []):
        if obj.name != _ATT_BODY:
            yield from _property_units(obj.data, PART_PROPERTIES, f"TNEF {obj.name_str}")
    for prop in props:
        if prop.name not in _MAPI_BODY_IDS:
            yield from _property_units(prop.data, PART_PROPERTIES, f"MAPI {prop.name_str}")
    yield from _tnef_bodies(getattr(tnef, "body", None), props)
    names: set[str] = set()
    for n, attachment in enumerate(getattr(tnef, "attachments", []), 1):
        ctx.deadline.check()
        yield from _tnef_attachment(attachment, n, names, ctx)


def _tnef_mapi(tnef: object) -> list[Any]:
    """The message's MAPI properties, bodies included (tnefparse keeps some of them aside)."""
    from tnefparse.mapi import decode_mapi

    props: list[Any] = []
    with _logged_errors("tnefparse") as errors:
        for obj in getattr(tnef, "objects", []):
            if obj.name == _ATT_MAPI_PROPS and obj.level == 1:
                props += decode_mapi(obj.data, getattr(tnef, "codepage", None) or "cp1252")
    if errors:
        raise InspectionError(f"TNEF properties are corrupt ({errors[0][:80]})")
    return props


def _tnef_bodies(body: object, props: list[Any]) -> Iterator[ContentUnit]:
    """Plain text first, then what the HTML and RTF renderings add to it."""
    from foi_guard.formats.msg import decompress_rtf, rtf_text

    seen: set[str] = set()
    plain = [body, *(p.data for p in props if p.name in (0x1000, 0x3FD9))]
    for text in plain:
        if text:
            yield from body_units(_as_text(text), PART_BODY, "message", seen)
    for prop in props:
        if prop.name == 0x1013 and prop.data:
            yield from html_units(prop.data, PART_HTML, "", seen)
        elif prop.name == 0x1009 and prop.data:
            text = rtf_text(decompress_rtf(_as_bytes(prop.data)))
            yield from body_units(text, PART_RTF, "message", seen)


def _tnef_attachment(attachment: object, n: int, names: set[str],
                     ctx: Context) -> Iterator[Item]:
    from foi_guard.formats.zip import inspect_member, within

    label = f"attachment {n}"
    for prop in getattr(attachment, "mapi_attrs", []):
        if prop.name not in (0x3707, 0x3704):
            yield from _property_units(prop.data, PART_ATTACHMENTS, f"{label} {prop.name_str}")
    filename = ""
    try:
        filename = attachment.long_filename() or ""  # type: ignore[attr-defined]
    except (UnicodeError, ValueError):
        raise InspectionError(f"TNEF {label}: unreadable file name") from None
    if filename:
        yield ContentUnit(filename, PART_ATTACHMENTS, (), detail=f"{label} name")
    embedded = getattr(attachment, "embed", None)
    if embedded is not None:
        name = unique_name(f"attached message {n}.msg", names)
        yield from within(name, ctx, lambda c: _tnef_message(embedded, c))
        return
    data = getattr(attachment, "data", b"")
    if data:
        yield from inspect_member(unique_name(filename or label, names), _as_bytes(data), ctx)


def _property_units(value: object, part: str, what: str) -> Iterator[ContentUnit]:
    """A property's text: strings as they are, binary data's printable runs (addresses inside
    entry identifiers), nothing from numbers, dates and flags."""
    if hasattr(value, "name_str"):  # a MAPI property inside a list (a recipient's)
        yield from _property_units(value.data, part, f"{what} {value.name_str}")  # type: ignore[attr-defined]
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _property_units(item, part, what)
        return
    if isinstance(value, bytes):
        texts = printable_strings(value)
    elif isinstance(value, str):
        texts = [value]
    else:
        return
    for text in texts:
        text = text.strip("\x00").strip()
        if text:
            yield ContentUnit(text, part, (Hidden.METADATA,), detail=what)


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else decode_text(_as_bytes(value), None)


def _as_bytes(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, list):
        return b"".join(_as_bytes(v) for v in value)
    return b""


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:100]

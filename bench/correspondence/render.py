"""A letter as bytes: docx, pdf, plain text, xlsx and csv attachments, and the mail."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import textwrap
import zipfile
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import format_datetime

import docx
import openpyxl
from docx.document import Document as DocxDocument
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from .case import Case, Letter, Lines, Table

FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def fixed_zip(data: bytes) -> bytes:
    """The same package with fixed member timestamps, so a seed always gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            content = src.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                content = MODIFIED.sub(rb"\g<1>2026-01-01T00:00:00Z\g<2>", content)
            dst.writestr(info, content)
    return out.getvalue()


def docx_table(document: DocxDocument, table: Table) -> None:
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = "Table Grid"
    for r, row in enumerate((table.header, *table.rows)):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value


def render_docx(letter: Letter) -> bytes:
    document = docx.Document()
    for block in letter.blocks:
        if isinstance(block, Table) and not block.as_lines:
            docx_table(document, block)
        elif isinstance(block, Table):
            for line in table_lines(block):
                document.add_paragraph(line)
        elif isinstance(block, Lines):
            for line in block.lines:
                document.add_paragraph(line)
        else:
            document.add_paragraph(block)
    props = document.core_properties
    props.author = props.last_modified_by = letter.author
    props.title, props.comments = letter.subject, ""
    props.created = props.modified = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    buf = io.BytesIO()
    document.save(buf)
    return fixed_zip(buf.getvalue())


def table_lines(table: Table) -> list[str]:
    if table.as_lines:
        return [", ".join(row) for row in (table.header, *table.rows)]
    widths = [max(len(row[i]) for row in (table.header, *table.rows))
              for i in range(len(table.header))]
    return ["  ".join(v.ljust(w) if i == 0 else v.rjust(w)
                      for i, (v, w) in enumerate(zip(row, widths, strict=True))).rstrip()
            for row in (table.header, *table.rows)]


class PdfWriter:
    """Lines drawn with drawString, top to bottom, a new page when one is full."""

    TOP, BOTTOM, LEFT, LEADING = 800.0, 60.0, 60.0, 15.0

    def __init__(self, author: str, subject: str) -> None:
        self.buf = io.BytesIO()
        self.canvas = Canvas(self.buf, pagesize=A4, invariant=1)
        self.canvas.setAuthor(author)
        self.canvas.setTitle(subject)
        self.canvas.setFont("Helvetica", 10)
        self.y = self.TOP

    def line(self, text: str, x: float | None = None, advance: bool = True) -> None:
        if self.y < self.BOTTOM:
            self.canvas.showPage()
            self.canvas.setFont("Helvetica", 10)
            self.y = self.TOP
        self.canvas.drawString(self.LEFT if x is None else x, self.y, text)
        if advance:
            self.y -= self.LEADING

    def paragraph(self, text: str) -> None:
        for part in textwrap.wrap(text, 90) or [""]:
            self.line(part)
        self.y -= 6

    def table(self, table: Table) -> None:
        for row in (table.header, *table.rows):
            for i, value in enumerate(row):
                self.line(value, x=self.LEFT + (0 if i == 0 else 90 + 70 * i), advance=False)
            self.y -= self.LEADING
        self.y -= 6

    def finish(self) -> bytes:
        self.canvas.save()
        return self.buf.getvalue()


def render_pdf(letter: Letter) -> bytes:
    pdf = PdfWriter(letter.author, letter.subject)
    for block in letter.blocks:
        if isinstance(block, Table) and not block.as_lines:
            pdf.table(block)
        elif isinstance(block, Table):
            for line in table_lines(block):
                pdf.line(line)
            pdf.y -= 6
        elif isinstance(block, Lines):
            for line in block.lines:
                pdf.line(line)
            pdf.y -= 6
        else:
            pdf.paragraph(block)
    return pdf.finish()


def render_text(letter: Letter) -> str:
    parts: list[str] = []
    for block in letter.blocks:
        if isinstance(block, Table):
            parts.append("\n".join(table_lines(block)))
        elif isinstance(block, Lines):
            parts.append("\n".join(block.lines))
        else:
            parts.append(textwrap.fill(block, 76))
    return "\n\n".join(parts) + "\n"


def render_xlsx(table: Table, hidden: Table | None, author: str) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Figures"
    ws.append(list(table.header))
    for row in table.rows:
        ws.append([row[0], *(int(v) for v in row[1:])])
    if hidden is not None:
        staff = wb.create_sheet("Staff")
        staff.append(list(hidden.header))
        for row in hidden.rows:
            staff.append(list(row))
        staff.sheet_state = "hidden"
    wb.properties.creator = author
    wb.properties.lastModifiedBy = author
    wb.properties.created = wb.properties.modified = dt.datetime(2026, 1, 1)
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue())


def render_csv(table: Table) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return buf.getvalue().encode("utf-8")


XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
Attachment = tuple[str, bytes, tuple[str, str]]


def render_mail(case: Case, body: str, attachments: Sequence[Attachment]) -> bytes:
    org = case.org
    msg = EmailMessage()
    msg["From"] = f"{org.name} <{org.mailbox(case.rng.randint(0, 1))}>"
    msg["To"] = case.requester_header
    msg["Subject"] = f"Freedom of Information request {case.ref}"
    sent = dt.datetime.combine(case.sent, dt.time(9 + case.rng.randint(0, 7),
                                                  case.rng.randint(0, 59)), dt.UTC)
    msg["Date"] = format_datetime(sent)
    msg["Message-ID"] = f"<{case.ref.lower()}.{case.rng.randint(10**5, 10**6)}@{org.domain}>"
    msg.set_content(body)
    for filename, data, (maintype, subtype) in attachments:
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    if attachments:  # a fixed boundary, not email's random one
        msg.set_boundary(f"=_part_{case.rng.getrandbits(64):016x}")
    return msg.as_bytes()

"""What every FOI reply carries is not a leak; third parties named in it still are. Places,
bodies, role mailboxes and office holders are not people; a payee among suppliers is.

Fixtures are built here by code: reply letters (docx, pdf), a pivot cache of council names,
prose that names towns and bodies, a spending table.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from foi_guard.detect.engine import detect_personal_data
from foi_guard.model import ContentUnit, Severity, Verdict
from foi_guard.pipeline import scan_bytes, scan_path
from foi_guard.policy import load_policy
from tests.fixtures.xlsx_fixtures import add_pivot_cache, save

LETTERHEAD = ("If you are unhappy with this response, write to the Information Access Team, "
              "Police Headquarters, 65 Knock Road, Belfast BT5 6LE, telephone 028 9065 0222, "
              "or email foi@psni.police.uk.")
THIRD_PARTY = ("On 4 May DC Sarah Quinn attended the home of the complainant, Mairead "
               "Donnelly, who lives at 14 Antrim Road, Belfast BT15 2AA.")


def letter(*middle: str) -> list[str]:
    return ["Freedom of Information Request FOI-2026-0412", "Dear Mr Smith",
            "Thank you for your request of 3 November 2026. We hold the information you asked "
            "for and enclose it.", *middle, LETTERHEAD, "Yours sincerely", "Jane Doherty",
            "Information Access Officer"]


def docx_bytes(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.core_properties.author = ""
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def pdf_bytes(paragraphs: list[str]) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    canvas.setAuthor("")
    y = 800.0
    for text in paragraphs:
        for start in range(0, len(text), 90):
            canvas.drawString(60, y, text[start:start + 90])
            y -= 16
        y -= 8
    canvas.save()
    return buf.getvalue()


def blocking(result) -> list:  # type: ignore[no-untyped-def]
    return [f for f in result.findings if f.severity == Severity.BLOCK]


@pytest.mark.parametrize(("kind", "build"), [("docx", docx_bytes), ("pdf", pdf_bytes)])
def test_an_ordinary_reply_passes(kind: str, build) -> None:  # type: ignore[no-untyped-def]
    result = scan_bytes(build(letter()), f"reply.{kind}", policy=load_policy("default"))
    assert result.verdict == Verdict.PASS, [(f.rule, f.entity, f.location) for f in
                                            blocking(result)]


@pytest.mark.parametrize(("kind", "build"), [("docx", docx_bytes), ("pdf", pdf_bytes)])
def test_a_reply_naming_third_parties_blocks(kind: str, build) -> None:  # type: ignore[no-untyped-def]
    result = scan_bytes(build(letter(THIRD_PARTY)), f"reply.{kind}",
                        policy=load_policy("default"))
    assert result.verdict == Verdict.BLOCK
    entities = {f.entity for f in blocking(result)}
    assert {"PERSON", "STREET_ADDRESS", "UK_POSTCODE"} <= entities
    # the addressee and the signer are still not findings: only the third parties' names
    masked = {e for f in blocking(result) if f.entity == "PERSON" for e in f.evidence}
    assert masked and not any(e.startswith(("Ja", "Mr S")) for e in masked), masked


def test_a_reply_without_its_closing_block_names_the_officer() -> None:
    """The exemption is for the signer's name as signed, not for any officer's name: named in
    the prose with nothing private beside it, she is a warning (a block under `strict`)."""
    paragraphs = [*letter()[:2], "The search was made by Jane Doherty of our records team.",
                  *letter()[2:-3]]
    result = scan_bytes(docx_bytes(paragraphs), "reply.docx", policy=load_policy("default"))
    assert result.verdict == Verdict.PASS
    assert [f.severity for f in result.findings if f.entity == "PERSON"] == [Severity.WARN]
    strict = scan_bytes(docx_bytes(paragraphs), "reply.docx", policy=load_policy("strict"))
    assert [f.entity for f in blocking(strict)] == ["PERSON"]


@pytest.mark.parametrize("sentence", [
    "The complainant, Mairead Donnelly, was not told of the outcome.",
    "Mairead Donnelly was dismissed after the investigation.",
    "Mairead Donnelly, aged 34, was interviewed.",
    "Mairead Donnelly (mairead.donnelly@gmail.com) asked for the figures.",
    "DC Sarah Quinn attended.",
])
def test_a_name_with_something_private_beside_it_blocks(sentence: str) -> None:
    paragraphs = [*letter()[:2], sentence, *letter()[2:]]
    result = scan_bytes(docx_bytes(paragraphs), "reply.docx", policy=load_policy("default"))
    assert "PERSON" in {f.entity for f in blocking(result)}, sentence
    assert "PERSON" in {f.entity for f in blocking(result)}


def test_a_hidden_paragraph_gains_nothing_from_the_salutation() -> None:
    units = [ContentUnit("Dear Mr Smith", "word/document.xml"),
             ContentUnit("Note: Mr Smith's neighbour Mairead Donnelly complained twice.",
                         "word/comments.xml", hidden=("comment",))]  # type: ignore[arg-type]
    findings = detect_personal_data(units, "r.docx", load_policy("default"))
    assert any(f.entity == "PERSON" and f.severity == Severity.BLOCK for f in findings)


def text_findings(text: str) -> list:  # type: ignore[type-arg]
    units = [ContentUnit(text, "word/document.xml", detail="paragraph 1")]
    return detect_personal_data(units, "r.docx", load_policy("default"))


@pytest.mark.parametrize("text", [
    "Recorded crime rose in Milton Keynes and Kings Lynn but fell in West Kirby.",
    "Contracts were let to Grant Thornton LLP and to Harold Hill Library Friends.",
    "Patients were referred to St Thomas' and to the Royal Marsden Hospital.",
    "Susan asked whether Johnson had replied.",   # a forename or surname alone is nobody
    "Please contact PC Help desk for a password reset.",
])
def test_places_bodies_and_single_words_in_prose_are_not_people(text: str) -> None:
    assert not [f for f in text_findings(text) if f.entity == "PERSON"]


@pytest.mark.parametrize("text", [
    "The statement was taken by DC Sarah Quinn at the scene.",
    "The complainant, Mairead Donnelly, was spoken to on 4 May.",
])
def test_a_person_named_in_prose_is_still_found(text: str) -> None:
    assert any(f.entity == "PERSON" and f.severity == Severity.BLOCK
               for f in text_findings(text))


def test_an_organisations_address_in_prose_passes_and_a_persons_blocks() -> None:
    assert not text_findings(LETTERHEAD)
    found = {f.entity for f in text_findings(
        "The caller lives at 14 Antrim Road, Belfast BT15 2AA and rang from 028 9065 1111.")}
    assert {"STREET_ADDRESS", "UK_POSTCODE"} <= found


def test_a_role_mailbox_passes_and_a_persons_address_blocks() -> None:
    assert not text_findings("Statistics: school.stats@gov.wales, foi@council.gov.uk")
    assert {f.entity for f in text_findings("Write to jane.doherty@psni.police.uk")} == \
        {"EMAIL_ADDRESS"}


COUNCILS = ["Milton Keynes", "Hove UA", "Kings Lynn", "Wirral MBC", "North Tyneside Council",
            "Newton Abbot", "Leighton Buzzard", "Melton Mowbray", "Barnard Castle",
            "West Drayton", "Long Eaton", "Holmes Chapel"]


def test_a_pivot_cache_of_council_names_passes(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Summary"
    ws.append(["Authority", "Requests"])
    rows = [[name, 10 + i] for i, name in enumerate(COUNCILS)]
    for row in rows:
        ws.append(row)
    path = save(wb, tmp_path, "councils.xlsx", lambda parts: add_pivot_cache(
        parts, source_sheet="Data", fields=["Authority", "Requests"], rows=rows))
    result = scan_path(path, policy=load_policy("default"))
    assert not [f for f in result.findings if f.category == "personal_data"], \
        [(f.rule, f.location) for f in result.findings]


def test_a_pivot_cache_of_people_still_blocks(tmp_path: Path) -> None:
    people = ["Mairead Donnelly", "Siobhan McAteer", "Ciaran O'Hare", "Declan Murphy",
              "Aoife Kelly", "Patrick Quinn"]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Area", "Complaints"])
    ws.append(["Belfast", 6])
    rows = [[name, "Belfast"] for name in people]
    path = save(wb, tmp_path, "people.xlsx", lambda parts: add_pivot_cache(
        parts, source_sheet="Data", fields=["Complainant", "Area"], rows=rows))
    result = scan_path(path, policy=load_policy("default"))
    assert result.verdict == Verdict.BLOCK


def spending_table(payees: list[str]) -> list[ContentUnit]:
    suppliers = ["Balfour Beatty Ltd", "Capita Business Services Ltd", "Amey LG Ltd",
                 "Kier Highways Limited", "Northumbrian Water", "Civica UK Ltd", *payees]
    units = [ContentUnit("Supplier", "data.csv", row=1, column=1),
             ContentUnit("Amount", "data.csv", row=1, column=2)]
    for row, supplier in enumerate(suppliers, start=2):
        units += [ContentUnit(supplier, "data.csv", row=row, column=1),
                  ContentUnit(f"{1000 + 37 * row}", "data.csv", row=row, column=2,
                              is_number=True)]
    return units


def test_a_titled_payee_among_suppliers_blocks_and_office_holders_do_not() -> None:
    policy = load_policy("default")
    leaked = detect_personal_data(spending_table(["Mr J Rafferty"]), "spend.csv", policy)
    assert [f.entity for f in leaked if f.severity == Severity.BLOCK] == ["PERSON"]
    in_role = detect_personal_data(spending_table(["Lord Chancellor", "Dr Patel and Partners"]),
                                   "spend.csv", policy)
    assert not [f for f in in_role if f.category == "personal_data"]


def test_a_third_partys_name_in_a_documents_title_blocks_and_as_its_author_warns() -> None:
    def with_properties(**properties: str) -> bytes:
        document = docx.Document(io.BytesIO(docx_bytes(letter())))
        for name, value in properties.items():
            setattr(document.core_properties, name, value)
        buf = io.BytesIO()
        document.save(buf)
        return buf.getvalue()

    policy = load_policy("default")
    titled = scan_bytes(with_properties(title="Complaint by Mairead Donnelly"), "reply.docx",
                        policy=policy)
    assert titled.verdict == Verdict.BLOCK
    assert [f.location.detail for f in blocking(titled)] == ["title"]
    authored = scan_bytes(with_properties(author="Mairead Donnelly"), "reply.docx",
                          policy=policy)
    assert authored.verdict == Verdict.PASS
    assert any(f.entity == "PERSON" and f.severity == Severity.WARN for f in authored.findings)


def test_a_payee_named_as_a_person_among_suppliers_blocks_and_a_firm_named_so_does_not() -> None:
    policy = load_policy("default")
    for payee in ("Jane Doherty", "Richard T Hamilton", "DOHERTY, Jane"):
        found = detect_personal_data(spending_table([payee]), "spend.csv", policy)
        assert [f.entity for f in found if f.severity == Severity.BLOCK] == ["PERSON"], payee
    firms = ["Robert Half", "Bevan Brittan", "Hope Valley Trust", "Arden Court"]
    assert not [f for f in detect_personal_data(spending_table(firms), "spend.csv", policy)
                if f.category == "personal_data"]


@pytest.mark.parametrize(("choices", "verdict"), [
    ("Belfast,Lisburn and Castlereagh,Ards and North Down,Mid Ulster,Newry Mourne and Down",
     Verdict.PASS),
    ("Mairead Donnelly,John McLaughlin,Sarah Quinn,Ciaran O'Hare,Aoife Brennan", Verdict.BLOCK),
])
def test_a_drop_down_list_is_judged_as_a_column(tmp_path: Path, choices: str,
                                                verdict: Verdict) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Area", "Complaints"])
    ws.append(["Belfast", 16])
    validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    ws.add_data_validation(validation)
    validation.add("A3:A40")
    result = scan_path(save(wb, tmp_path, "validated.xlsx"), policy=load_policy("default"))
    assert result.verdict == verdict, [(f.rule, f.location) for f in blocking(result)]


@pytest.mark.parametrize(("footer", "verdict"), [
    ("Information Access Team, Police Headquarters, 65 Knock Road, Belfast BT5 6LE. "
     "Telephone 028 9065 0222", Verdict.PASS),
    ("Mairead Donnelly, who lives at 14 Antrim Road, Belfast BT15 2AA", Verdict.BLOCK),
])
def test_a_letterhead_in_the_page_footer_is_the_organisations(footer: str,
                                                             verdict: Verdict) -> None:
    document = docx.Document(io.BytesIO(docx_bytes(letter())))
    document.sections[0].footer.paragraphs[0].text = footer
    buf = io.BytesIO()
    document.save(buf)
    result = scan_bytes(buf.getvalue(), "reply.docx", policy=load_policy("default"))
    assert result.verdict == verdict, [(f.rule, f.entity, f.location) for f in blocking(result)]

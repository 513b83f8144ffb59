"""Named in their role, or a code that looks like an officer: a senior organogram's own work
emails, a private office's mailbox, a polling station named after a saint or a donor, a cost
centre 'CC85', a councillor's declaration of interest in the minutes, a firm named after its
founder in a note of its own row. Each beside the leak of the same shape that must still
block: a PA's address in an organogram, an officer named by rank, a name beside a private
word, a sole trader among the payees of a register's second page, a complainant named in a
note of a returns table.

Fixtures are cell units and text lines built here.
"""

from __future__ import annotations

from foi_guard.detect.columns import detectors
from foi_guard.detect.engine import detect_personal_data
from foi_guard.detect.mailboxes import is_personal_email
from foi_guard.detect.text import CellMode, analyse
from foi_guard.model import ContentUnit, Hidden, Severity
from foi_guard.policy import load_policy
from tests.test_judgement import blocking, table

ORGANOGRAM = ["Post Unique Reference", "Name", "Grade", "Job Title", "Contact E-mail",
              "Reports to Senior Post"]


def _organogram(emails: list[str]) -> list[ContentUnit]:
    names = ["Mairead Donnelly", "Ciaran O'Hare", "Aoife Brennan"]
    titles = ["Chair", "Chief Executive", "Director of Finance"]
    rows = [[f"{i + 1:03d}", name, "SCS2", title, email, "XX"]
            for i, (name, title, email) in enumerate(zip(names, titles, emails, strict=True))]
    return table(ORGANOGRAM, rows)


def test_an_organograms_own_work_emails_warn_and_a_pas_address_blocks() -> None:
    own = ["mairead.donnelly@board.gov.uk", "cohare@board.gov.uk", "aoife.brennan@board.gov.uk"]
    assert "EMAIL_ADDRESS" not in blocking(_organogram(own))
    pa = ["sarah.quinn@board.gov.uk", "sarah.quinn@board.gov.uk", "aoife.brennan@board.gov.uk"]
    found = detect_personal_data(_organogram(pa), "t.csv", load_policy("default"))
    blocked = [f for f in found if f.severity == Severity.BLOCK and f.entity == "EMAIL_ADDRESS"]
    assert [f.count for f in blocked] == [2], [(f.rule, f.count) for f in found]


def test_one_address_for_several_posts_is_their_private_offices() -> None:
    office = ["jkearney@board.gov.uk"] * 3  # a name, but the office's for three posts
    assert "EMAIL_ADDRESS" not in blocking(_organogram(office))
    assert not is_personal_email("PSPermSec@cabinetoffice.gov.uk")
    assert is_personal_email("p.smith@cabinetoffice.gov.uk")


def test_a_transparency_code_organisation_chart_is_of_office_holders() -> None:
    header = ["JobTitle", "Name", "Grade", "ContactDetails", "SharedPost", "SalaryBand"]
    rows = [["Chief Executive", "Mairead Donnelly", "CE", "mairead.donnelly@council.gov.uk",
             "No", "£150,000 - £154,999"],
            ["Corporate Director", "N/A", "CD", "access.council@council.gov.uk", "No",
             "£110,000 - £114,999"]]
    assert not blocking(table(header, rows))
    rows[1][3] = "sarah.quinn@council.gov.uk"  # a post left unnamed, its holder in the address
    assert "EMAIL_ADDRESS" in blocking(table(header, rows))


def test_a_polling_station_named_after_someone_is_a_venue_and_an_officer_is_not() -> None:
    venues = [["AC David Church", "Tuebrook"], ["Lister Drive Library", "Tuebrook"],
              ["St Cecilia's Church Hall", "Old Swan"], ["Millennium Centre", "Everton"]]
    assert "PERSON" not in blocking(table(["Polling Station", "Ward"], venues))
    officers = [["PC David Church", "Tuebrook"], ["DS Aoife Brennan", "Old Swan"],
                ["Sgt Ciaran O'Hare", "Everton"]]
    assert "PERSON" in blocking(table(["Officer", "Ward"], officers))


def _people_in_cells(text: str) -> list[str]:
    hits = analyse([text], detectors(), cells=CellMode(names=False, contact=False))[text]
    return [text[h.start:h.end] for h in hits if h.entity == "PERSON"]


def test_a_number_only_follows_ranks_that_carry_collar_numbers() -> None:
    assert _people_in_cells("CC85 Roads Bridges and Highways") == []
    assert _people_in_cells("Supt 4521 Kelly") == []
    assert _people_in_cells("PC1234 Bridges") == ["PC1234 Bridges"]
    assert _people_in_cells("Sgt 567 Kelly") == ["Sgt 567 Kelly"]
    assert _people_in_cells("CC Bridges") == ["CC Bridges"]  # the chief constable, by rank


def _minutes(line: str) -> list[ContentUnit]:
    lines = ["DECLARATIONS OF INTEREST", line, "RESOLVED: That the minutes be agreed."]
    return [ContentUnit(text, "minutes.pdf", (), detail=f"line {i}")
            for i, text in enumerate(lines, start=1)]


def test_a_declaration_of_interest_in_the_minutes_is_no_private_word() -> None:
    declared = "Mairead Donnelly declared a personal interest as a governor of Oak School."
    found = detect_personal_data(_minutes(declared), "m.pdf", load_policy("default"))
    assert not [f for f in found if f.severity == Severity.BLOCK], [f.rule for f in found]
    private = "Mairead Donnelly asked that her personal circumstances be noted."
    found = detect_personal_data(_minutes(private), "m.pdf", load_policy("default"))
    assert [f for f in found if f.severity == Severity.BLOCK and f.entity == "PERSON"]


def _register_pages(second_page_payee: str) -> list[ContentUnit]:
    """A payments register converted from a PDF: each page a sheet, the header only on the
    first, the council's title rows on every one."""
    titles = [["Sutton Coldfield Town Council"], ["Payments over £250, 2016/17"]]
    header = ["Inv Date", "Ref", "Payee", "Details", "£ (net)"]
    first = [["06/10/2016", "BCC 34", "Grant Thornton LLP", "External audit", "1,870"],
             ["07/10/2016", "BCC 35", "Royal Mail Group", "Postage", "300"]]
    second = [["20/01/2017", "CG 1", "Friends of Hill Hook", "Pond clearance", "3,000"],
              ["20/01/2017", "CG 2", "Royal Mail Group", "Postage", "310"],
              ["21/01/2017", "CG 3", "Grant Thornton LLP", "Interim audit", "900"],
              ["21/01/2017", "CG 4", "Sutton Coldfield Civic Society", "Grant", "500"],
              ["22/01/2017", "CG 5", "Birmingham City Council", "Rates", "1,200"],
              ["23/01/2017", "CG 6", second_page_payee, "Ecology survey", "2,400"]]
    units = []
    for sheet, rows in (("Page 1", [*titles, header, *first]), ("Page 2", [*titles, *second])):
        units += [ContentUnit(v, f"xl/worksheets/{sheet}.xml", (), sheet, r, c)
                  for r, row in enumerate(rows, start=1) for c, v in enumerate(row, start=1)]
    return units


def test_a_sheet_that_continues_a_register_is_read_with_its_header() -> None:
    assert "PERSON" in blocking(_register_pages("Mairead Donnelly"))
    assert "PERSON" not in blocking(_register_pages("Hill Hook Preservation Society"))


def _bag_returns(note: str) -> list[ContentUnit]:
    header = ["Year", "Company name", "Bags issued", "Any other information"]
    rows = [["2017", "Tesco Stores Ltd", "1,200,000", "All proceeds donated to local causes"],
            ["2017", "Boots UK Ltd", "300,000", "None"],
            ["2017", "John Lewis Partnership", "90,000", note],
            ["2017", "Greggs plc", "40,000", "Proceeds to the Greggs Foundation"]]
    return table(header, rows)


def test_a_note_naming_its_rows_firm_is_the_firm_and_a_person_there_is_not() -> None:
    tail = "the net proceeds of £12,000 went to charities chosen by staff in every shop"
    assert "PERSON" not in blocking(_bag_returns(f"John Lewis – {tail}"))
    assert "PERSON" in blocking(_bag_returns(f"John Smith – {tail}"))
    sole_trader = _bag_returns(f"John Lewis – {tail}")
    for u in sole_trader:
        if u.value == "John Lewis Partnership":
            u.value = "John Lewis"  # a person trading in their own name
    assert "PERSON" in blocking(sole_trader)


def test_a_complainant_named_in_a_note_of_a_returns_table_blocks_whatever_their_name() -> None:
    # spaCy's small model finds 'John Smith' here but not 'Mairead Donnelly'
    for name in ("Mairead Donnelly", "Ciaran O'Hare", "John Smith"):
        note = f"Complaint from {name} about the charge was upheld by the store manager"
        assert "PERSON" in blocking(_bag_returns(note)), name
    assert "PERSON" not in blocking(_bag_returns(
        "Complaints about Milton Keynes Council and Alder Hey Children's were both upheld"))


def _chart_lines(boxes: list[tuple[str, str, str]], alt: str = "") -> list[ContentUnit]:
    """An organisation chart published as a PDF: each box's name, post and email on lines of
    their own, and a figure's alt text."""
    lines = ["Posts are permanent unless stated.", "Salary band £70,000 - £80,000"]
    for name, post, email in boxes:
        lines += [name, post, email, "Salary band £90,000 - £100,000"]
    units = [ContentUnit(v, "page 1", (), detail=f"line {n}") for n, v in enumerate(lines, 1)]
    if alt:
        units.append(ContentUnit(alt, "structure tree", (Hidden.ALT_TEXT,),
                                 detail="alternative text of <Figure>"))
    return units


def test_an_organisation_chart_pdf_names_its_chief_officers_in_their_role() -> None:
    boxes = [("Mairead Donnelly", "Chief Executive", "mairead.donnelly@council.gov.uk"),
             ("Ciaran O'Hare", "Corporate Director of Place", "ciaran.ohare@council.gov.uk")]
    alt = "Organisation chart of Mairead Donnelly, Chief Executive, and her directors"
    found = detect_personal_data(_chart_lines(boxes, alt), "chart.pdf", load_policy("default"))
    assert not [f for f in found if f.severity == Severity.BLOCK], \
        [(f.rule, f.entity, f.location.describe()) for f in found]
    pa = [("Mairead Donnelly", "Chief Executive", "sarah.quinn@council.gov.uk")]
    junior = [("Mairead Donnelly", "Casework Officer", "mairead.donnelly@council.gov.uk")]
    for boxes in (pa, junior):
        found = detect_personal_data(_chart_lines(boxes), "chart.pdf", load_policy("default"))
        assert [f for f in found if f.severity == Severity.BLOCK and f.entity == "EMAIL_ADDRESS"]

"""What looks like a person and is not: a grant to a voluntary group, a number that passes a
check digit by chance, a year range after 'Blue Badge', macOS's zip litter, a Y/N column
beside names, councillors titled in their office, a takeaway called 'Mr Chips'. Each with the
leak of the same shape that must still block.

Fixtures are cell units and text built here.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from foi_guard.detect.columns import detectors
from foi_guard.detect.engine import detect_personal_data
from foi_guard.detect.names import load_names
from foi_guard.detect.recognizers import find_in_text, load_entity_rules
from foi_guard.detect.text import analyse
from foi_guard.model import ContentUnit, Hidden, Severity, Verdict
from foi_guard.pipeline import scan_bytes, scan_path
from foi_guard.policy import load_policy
from tests.fixtures.xlsx_fixtures import save
from tests.test_judgement import blocking, table


def found_in(text: str, entity: str) -> list[str]:
    """What text analysis (patterns, name lists and NER) finds of the entity in the text."""
    hits = analyse([text], detectors())[text]
    return [text[h.start:h.end] for h in hits if h.entity == entity]


def entities_in(text: str, entity: str) -> list[str]:
    rules = [r for r in load_entity_rules() if r.entity == entity]
    return [text[s:e] for _, s, e, _ in find_in_text(text, rules)]


@pytest.mark.parametrize("phrase", ["Park Voluntary Org", "Grant Funding", "AND THE HUMBER",
                                    "Friends Community Outreach", "IS NOT HELD"])
def test_ordinary_words_off_the_lists_make_no_name(phrase: str) -> None:
    assert load_names().shape(phrase) is None


@pytest.mark.parametrize("name", ["Chidi Okonkwo", "Mairead Donnelly", "Will Smith",
                                  "Timur ZAKHIROV"])
def test_surnames_off_the_lists_are_still_names(name: str) -> None:
    assert load_names().shape(name) is not None


def test_a_grant_to_a_voluntary_group_passes_and_one_to_a_person_blocks() -> None:
    def grants(payee: str) -> list[ContentUnit]:
        text = (f"13/06/2016 Sutton Coldfield Schools Easy Direct charity £1,000\n"
                f"13/06/2016 {payee} £750 Repair old and damaged signage.")
        return [ContentUnit(line, "grants.pdf", (), detail=f"line {i}")
                for i, line in enumerate(text.splitlines(), start=1)]

    policy = load_policy("default")
    group = detect_personal_data(grants("New Hall Valley Park Voluntary Org"), "g.pdf", policy)
    assert not [f for f in group if f.severity == Severity.BLOCK], [f.rule for f in group]
    person = detect_personal_data(grants("paid to Mairead Donnelly (tenant)"), "g.pdf", policy)
    assert [f for f in person if f.severity == Severity.BLOCK and f.entity == "PERSON"]


def test_a_number_named_as_another_kind_is_no_nhs_number() -> None:
    valid = "9434765919"  # passes the modulus 11 check
    assert entities_in(f"NHS number {valid}", "NHS_NUMBER") == [valid]
    assert entities_in(f"Postcode CF40 8AS UPRN : {valid}", "NHS_NUMBER") == []
    assert entities_in(f"http://www.facebook.com/profile.php?id={valid}", "NHS_NUMBER") == []
    assert entities_in(f"see www.example.org/{valid} or call", "NHS_NUMBER") == []


def test_years_forms_and_charity_numbers_are_no_collar_numbers() -> None:
    for text in ["Blue Badge Applications (2016 - 2017)", "Con 29 Enquiries of the Local "
                 "Authority", "Polling district DC 11", "Donated to Marie Curie, Charity No "
                 "SC 024414", "SEABANK-PC 905"]:
        assert entities_in(text, "SERVICE_NUMBER") == [], text
    assert entities_in("PC 1234 Kelly attended", "SERVICE_NUMBER") == ["1234"]
    assert entities_in("collar number 4471", "SERVICE_NUMBER") == ["4471"]


def test_a_rank_word_after_a_forename_is_a_surname_and_before_a_name_a_rank() -> None:
    assert found_in("Key contact: Mr Clive Constable", "POLICE_RANK") == []
    assert found_in("Key contact: Mr C Constable, Head of Planning", "POLICE_RANK") == []
    assert found_in("a portrait by John Constable, painted in 1821", "POLICE_RANK") == []
    assert found_in("Constable Kelly attended the scene", "POLICE_RANK") == ["Constable"]


def _zipped_workbook(tmp_path: Path, litter: bytes) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Date", "Height (cm)"])
    ws.append(["2020-01-01", 120])
    plain = save(wb, tmp_path, "chart.xlsx")
    out = tmp_path / "with_litter.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("__MACOSX/xl/._workbook.xml", litter)
    return out


def test_macos_zip_litter_names_nobody_but_text_in_it_is_read(tmp_path: Path) -> None:
    header = b"\x00\x05\x16\x07\x00\x02\x00\x00" + b"Mac OS X        " + b"\x00\x02" + bytes(40)
    clean = scan_path(_zipped_workbook(tmp_path, header), policy=load_policy("default"))
    assert clean.verdict == Verdict.PASS, [(f.rule, f.location.part) for f in clean.findings]
    leak = header + b"com.apple.metadata Mairead Donnelly, victim of assault" + bytes(8)
    leaked = scan_path(_zipped_workbook(tmp_path, leak), policy=load_policy("default"))
    assert leaked.verdict == Verdict.BLOCK


def test_a_yes_no_column_beside_names_is_no_column_of_initials() -> None:
    rows = [[f"Councillor {n}", "Y" if i % 2 else "N", "£9,000"] for i, n in enumerate(
        ["M Abbott", "A Barlow", "L Bennett", "E Coles", "J Doherty", "K Quinn"])]
    found = detect_personal_data(table(["Name", "Full Year", "Basic allowance"], rows), "t.csv",
                                 load_policy("default"))
    assert not [f for f in found if f.rule == "column.initials"], [f.rule for f in found]


def test_councillors_titled_in_their_office_warn_and_untitled_staff_block() -> None:
    names = ["Mairead Donnelly", "Ciaran O'Hare", "Aoife Brennan", "John McLaughlin",
             "Sarah Quinn", "Declan Kearney"]
    councillors = [[f"Councillor {n}", "£9,214"] for n in names]
    assert "PERSON" not in blocking(table(["Name", "Basic allowance"], councillors))
    staff = [[n, "£9,214"] for n in names]
    assert "PERSON" in blocking(table(["Name", "Overtime"], staff))


def test_a_takeaway_called_mr_chips_is_no_payee_and_mr_j_smith_is() -> None:
    def outlets(name: str) -> list[ContentUnit]:
        rows = [["Pizza Palace", "1 High Street", "M3 3BR"], ["Golden Fried Chicken",
                "2 Market Street", "M4 9JG"], [name, "3 Oak Road", "WA14 1RZ"],
                ["Kebab Corner", "4 Mill Lane", "M1 0LH"]]
        return table(["name", "address", "postcode"], rows)

    assert "PERSON" not in blocking(outlets("Mr Chips"))
    assert "PERSON" in blocking(outlets("Mr J Smith"))


def test_a_register_of_real_people_off_the_lists_still_blocks() -> None:
    data = b"Name,Date of birth\n" + b"".join(
        f"{n},{1970 + i}-03-0{i + 1}\n".encode() for i, n in enumerate(
            ["Timur Zakhirov", "Dilnoza Karimova", "Aram Hakobyan", "Chidubem Okonkwo",
             "Yusuf Al-Rashidi"]))
    result = scan_bytes(io.BytesIO(data).getvalue(), "people.csv", load_policy("default"))
    assert result.verdict == Verdict.BLOCK


def test_a_hidden_column_headed_as_libraries_is_read_as_its_header_says() -> None:
    libraries = [["Aberdeen Central", "Static"], ["Robert Jeffrey", "Static"],
                 ["Thomas Vint", "Mobile"], ["Burgh Oak", "Static"], ["Charles Hill", "Static"]]
    hidden = (Hidden.VERY_HIDDEN_SHEET,)
    assert "PERSON" not in blocking(table(["Library_Name", "Type"], libraries, hidden))
    officers = [[name, "Static"] for name, _ in libraries[1:]]
    assert "PERSON" in blocking(table(["Officer", "Type"], officers, hidden))


def test_polling_station_addresses_with_their_electorate_are_the_venues() -> None:
    venues = [["Wesley Church Hall, 420 Oxford Road, Reading RG30 1EA", "2,104", "31%"],
              ["St Michael's Community Centre, 146 Oxford Road, RG1 7YE", "1,877", "28%"],
              ["Hexham Gospel Hall, 252 Northumberland Avenue, RG2 8DU", "2,480", "25%"],
              ["Southcote Library, 163 Coronation Square, RG30 3QP", "1,590", "33%"]]
    header = ["Polling station", "Electorate", "Turnout in person"]
    assert not blocking(table(header, venues))
    homes = [["Mairead Donnelly, 14 Antrim Road, Reading RG30 1EA", "victim", "2"],
             ["Ciaran O'Hare, 3 Coronation Square, RG30 3QP", "witness", "1"],
             ["Aoife Brennan, 22 Pitts Lane, RG1 7YE", "victim", "4"]]
    assert blocking(table(["Person", "Role", "Incidents"], homes)) & {"PERSON", "UK_POSTCODE"}


def test_payees_listed_in_a_pdf_block_though_each_line_says_nothing_private() -> None:
    def page(head: str) -> list[ContentUnit]:
        lines = [head, "12/04/2017 158 Aaron Scott Studio Photography 480 PR and Marketing",
                 "18/05/2017 180 Sutton Coldfield Civic Society 250 Civic Awards"]
        return [ContentUnit(line, "p.pdf", (), detail=f"line {i}")
                for i, line in enumerate(lines, start=1)]

    policy = load_policy("default")
    listing = detect_personal_data(page("Inv Date Ref Payee Details £ (net) Category"),
                                   "p.pdf", policy)
    assert [f for f in listing if f.severity == Severity.BLOCK and f.entity == "PERSON"]
    minutes = detect_personal_data(page("Minutes of the grants committee"), "p.pdf", policy)
    assert not [f for f in minutes if f.severity == Severity.BLOCK], \
        [(f.rule, f.message) for f in minutes]


def test_a_column_of_bodies_names_is_not_read_for_people_in_them() -> None:
    bodies = [["Francis Bacon Pupil Referral Unit Lowestoft Road", "school"],
              ["Hampshire County Council", "council"], ["Alder Hey Children's NHS Trust", "nhs"],
              ["Sutton Coldfield Town Council", "council"], ["St Thomas' Hospital", "nhs"],
              ["Barnet Support Services Langley Hill Barnet Borough", "council"]]
    assert not blocking(table(["name", "tag"], bodies))
    notes = [["Called Sarah Jones at home about the assault on her son", "note"],
             ["Hampshire County Council", "council"], ["Alder Hey Children's NHS Trust", "nhs"],
             ["Sutton Coldfield Town Council", "council"], ["St Thomas' Hospital", "nhs"],
             ["Barnet Support Services Langley Hill Barnet Borough", "council"]]
    assert "PERSON" in blocking(table(["name", "tag"], notes))


def _council_letter(subject: str) -> list[str]:
    return ["Head of Corporate Governance & Monitoring Officer Dawn Fisher",
            "From Gill Lacey", "County Hall, Newport, Isle of Wight PO30 1UD",
            "Joanna Geraghty", "joanna.geraghty@example.com", "Email gill.lacey@iow.gov.uk",
            subject, "Dear Ms Geraghty",
            "Thank you for your request. A list of our polling stations is attached.",
            "Yours sincerely", "Gill Lacey", "For Head of Corporate Governance"]


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_a_letters_letterhead_and_address_block_are_what_a_reply_carries(kind: str) -> None:
    from tests.test_correspondence import docx_bytes, pdf_bytes

    build = docx_bytes if kind == "docx" else pdf_bytes
    ordinary = scan_bytes(build(_council_letter("Your ref: 1H2026")), f"r.{kind}",
                          load_policy("default"))
    assert ordinary.verdict == Verdict.PASS, [(f.rule, f.entity) for f in ordinary.findings
                                              if f.severity == Severity.BLOCK]
    about = scan_bytes(build(_council_letter("Re: the assault on Sarah Quinn at her home")),
                       f"r.{kind}", load_policy("default"))
    assert about.verdict == Verdict.BLOCK


def test_a_name_column_of_fire_services_is_no_list_of_people() -> None:
    services = [[f"{area} Fire and Rescue Service", str(n)] for n, area in enumerate(
        ["Avon", "Cornwall", "Devon and Somerset", "Dorset and Wiltshire", "Essex",
         "Hampshire and Isle of Wight"], start=3)]
    assert "PERSON" not in blocking(table(["FRS_FULLNAME", "Incidents"], services))
    surnames = [[s, "Custody"] for s in ["Preston", "Kent", "McLaughlin", "O'Hare", "Brennan",
                                          "Quinn", "Kearney", "Donnelly"]]
    assert "PERSON" in blocking(table(["Surname", "Unit"], surnames))


def test_lorem_ipsum_names_nobody_and_a_name_beside_it_still_counts() -> None:
    assert found_in("posuere Duis massa", "PERSON") == []
    assert found_in("vulputate Anna vitae", "PERSON") == []
    assert found_in("Called Mairead Donnelly about the assault", "PERSON") == ["Mairead Donnelly"]


def test_a_column_counting_up_is_row_numbers_not_ages() -> None:
    rows = [[str(i), name, "Director"] for i, name in enumerate(
        ["Mairead Donnelly", "Ciaran O'Hare", "Aoife Brennan", "John McLaughlin",
         "Sarah Quinn", "Declan Kearney", "Fiona Doherty"], start=20)]
    found = detect_personal_data(table(["", "Name", "Grade"], rows), "t.csv",
                                 load_policy("default"))
    assert not [f for f in found if f.entity == "AGE"], [f.rule for f in found]
    ages = [[str(a), name, "Director"] for a, (_, name, _) in zip(
        [34, 51, 29, 47, 38, 62, 44], rows, strict=True)]
    found = detect_personal_data(table(["", "Name", "Grade"], ages), "t.csv",
                                 load_policy("default"))
    assert [f for f in found if f.entity == "AGE"]


def test_london_boroughs_are_no_one() -> None:
    assert not blocking([ContentUnit("London Boroughs", "x.xls", (Hidden.DRAWING_TEXT,),
                                     detail="text box")])
    assert blocking([ContentUnit("Mairead Donnelly", "x.xls", (Hidden.DRAWING_TEXT,),
                                 detail="text box")])


CANDIDATES = [["Mairead Donnelly", "Alliance", "35701", "Yes"],
              ["Ciaran O'Hare", "SDLP", "2304", "No"],
              ["Aoife Brennan", "Sinn Fein", "2295", "Yes"],
              ["John McLaughlin", "DUP", "2102", "No"], ["Sarah Quinn", "UUP", "12011", "No"],
              ["Declan Kearney", "Green", "2096", "No"]]


def _in_part(units: list[ContentUnit], part: str) -> list[ContentUnit]:
    from dataclasses import replace

    return [replace(u, part=part) for u in units]


def test_candidates_in_a_pivot_cache_as_the_sheet_shows_them_warn() -> None:
    header = ["Name", "Party", "Votes", "Elected"]
    shown = _in_part(table(header, CANDIDATES), "sheet5.xml")
    cache = _in_part(table(header, CANDIDATES, (Hidden.PIVOT_CACHE,)), "pivotCache1.xml")
    assert "PERSON" not in blocking(shown + cache)
    assert "PERSON" in blocking(cache)  # kept only out of sight, they are hidden


def test_a_pivot_tables_sums_beside_names_are_no_dates_of_birth() -> None:
    rows = [["Row Labels", "Sum of Number of Votes"],
            *[[name, votes] for name, _, votes, _ in CANDIDATES]]
    units = table(["Elected", "Yes"], rows)
    found = detect_personal_data(units, "t.xlsx", load_policy("default"))
    assert not [f for f in found if f.entity == "DATE_OF_BIRTH"], [f.rule for f in found]


def test_a_surname_or_a_team_name_is_no_sensitive_word() -> None:
    def blocks(text: str) -> bool:
        found = detect_personal_data([ContentUnit(text, "r.xlsx", (), sheet="Front page",
                                                  row=17, column=2)], "r.xlsx",
                                     load_policy("default"))
        return any(f.severity == Severity.BLOCK for f in found)

    assert not blocks("The analyst with overall responsibility for this report is: Olwen "
                      "Child, Child Health Analytics, NHS England")
    assert blocks("The analyst spoke to the child of Olwen Mulholland about the report")


def test_a_ratepayer_who_is_a_person_blocks_and_a_charity_named_after_one_does_not() -> None:
    def rates(ratepayer: str) -> set[str]:
        rows = [["N0012", "Tesco Stores Ltd", "Market Street, Selby"],
                ["N0013", "Selby Town Council", "Park Street, Selby"],
                ["N0014", ratepayer, "Gowthorpe, Selby"],
                ["N0015", "Boots UK Limited", "Micklegate, Selby"]]
        return blocking(table(["Property Reference Number", "Ratepayer", "Address"], rows))

    assert "PERSON" in rates("Emma Rushworth")
    assert "PERSON" not in rates("Sue Ryder Care")


def test_only_venue_headers_make_a_tables_addresses_the_venues() -> None:
    from foi_guard.detect.columns import names_venues, says_not_people

    assert names_venues("Polling station") and names_venues("Library_Name")
    assert not names_venues("Location") and not names_venues("Ward")  # victims have both
    assert says_not_people("LibraryName") and not says_not_people("Place of birth")


def test_an_address_line_is_no_name_and_a_numbered_name_still_is() -> None:
    assert not found_in("Weardale Community Hospital, 6 Horn Hall, Stanhope, DL13 2JR", "PERSON")
    assert not found_in("Argraffwyd gan Gyngor Sir Ynys Môn, Parc Busnes Bryn Cefni, "
                        "Llangefni LL77 7TW", "PERSON")
    assert not found_in("West Park Hospital, Edward Pease Way, Darlington", "PERSON")
    assert found_in("6 Mairead Donnelly, Constable, Strand Road", "PERSON")
    assert found_in("The complainant, Bryn Donnelly, was seen at 6 Glen Road.", "PERSON")


def test_an_address_at_a_council_domain_is_no_social_media_handle() -> None:
    from foi_guard.detect.correspondence import sensitive

    assert not sensitive("an internal review by writing to jane.doherty @sevenoaks.gov.uk")
    assert sensitive("the messages came from @JaneD_1984 on Twitter")

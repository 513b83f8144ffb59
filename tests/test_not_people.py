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
from foi_guard.model import ContentUnit, Severity, Verdict
from foi_guard.pipeline import scan_bytes, scan_path
from foi_guard.policy import load_policy
from tests.fixtures.xlsx_fixtures import save
from tests.test_judgement import blocking, table


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
    def ranks(text: str) -> list[str]:
        hits = analyse([text], detectors())[text]
        return [text[h.start:h.end] for h in hits if h.entity == "POLICE_RANK"]

    assert ranks("Key contact: Mr Clive Constable") == []
    assert ranks("a portrait by John Constable, painted in 1821") == []
    assert ranks("Constable Kelly attended the scene") == ["Constable"]


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

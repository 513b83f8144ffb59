"""A block must be about an identifiable person: tables of office holders warn in their role,
forenames alone are nobody, names off the lists are still names under a 'Name' header, a value
shown in plain sight hides nothing in a hidden row, capitals are not names, age groups are not
ages.

Fixtures are cell units built here (a table as a reader yields it) and small workbooks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from foi_guard.detect.engine import detect_personal_data
from foi_guard.detect.recognizers import find_in_text, load_entity_rules
from foi_guard.model import ContentUnit, Hidden, Severity, Verdict
from foi_guard.pipeline import scan_path
from foi_guard.policy import load_policy
from tests.fixtures.xlsx_fixtures import save


def table(header: list[str], rows: list[list[str]],
          hidden: tuple[Hidden, ...] = ()) -> list[ContentUnit]:
    units = [ContentUnit(h, "t.csv", hidden, row=1, column=c)
             for c, h in enumerate(header, start=1)]
    for r, row in enumerate(rows, start=2):
        units += [ContentUnit(v, "t.csv", hidden, row=r, column=c,
                              is_number=v.replace(",", "").isdigit())
                  for c, v in enumerate(row, start=1)]
    return units


def blocking(units: list[ContentUnit]) -> set[str]:
    found = detect_personal_data(units, "t.csv", load_policy("default"))
    return {f.entity for f in found if f.severity == Severity.BLOCK}


CANDIDATES = [["Mairead Donnelly", "Alliance", "1,204"], ["Ciaran O'Hare", "SDLP", "988"],
              ["Aoife Brennan", "Sinn Fein", "1,530"], ["John McLaughlin", "DUP", "1,101"],
              ["Sarah Quinn", "UUP", "764"], ["Declan Kearney", "Green", "402"]]


def test_a_table_of_candidates_with_party_and_votes_warns_in_their_role() -> None:
    units = table(["Candidate", "Party", "Votes"], CANDIDATES)
    found = detect_personal_data(units, "t.csv", load_policy("default"))
    assert any(f.entity == "PERSON" for f in found)
    assert not [f for f in found if f.severity == Severity.BLOCK]


def test_the_same_table_hidden_or_with_home_addresses_blocks() -> None:
    assert "PERSON" in blocking(table(["Candidate", "Party", "Votes"], CANDIDATES,
                                      (Hidden.HIDDEN_SHEET,)))
    with_homes = [[*row, f"{n + 3} Antrim Road"] for n, row in enumerate(CANDIDATES)]
    assert "STREET_ADDRESS" in blocking(table(["Candidate", "Party", "Votes", "Home address"],
                                              with_homes))


def test_the_same_names_without_a_role_are_a_list_of_people() -> None:
    rows = [[name, "Custody", "Belfast"] for name, _, _ in CANDIDATES]
    assert "PERSON" in blocking(table(["Name", "Unit", "Station"], rows))


def test_forenames_alone_identify_nobody_and_beside_surnames_they_do() -> None:
    sales = [["Alice", "Widgets", "120"], ["Bob", "Gadgets", "98"], ["Charlie", "Widgets", "77"],
             ["Alice", "Gadgets", "40"], ["Diana", "Widgets", "66"], ["Bob", "Widgets", "31"]]
    assert "PERSON" not in blocking(table(["Salesperson", "Product", "Units"], sales))
    staff = [["Alice", "Doherty", "Custody"], ["Bob", "McLaughlin", "Response"],
             ["Charlie", "O'Hare", "CID"], ["Diana", "Brennan", "Custody"],
             ["Eamon", "Kearney", "Traffic"], ["Fiona", "Quinn", "CID"]]
    assert "PERSON" in blocking(table(["Forename", "Surname", "Unit"], staff))


def test_names_off_the_lists_under_a_name_header_are_people() -> None:
    rows = [["ZAKHIROV, Timur Bakhtiyorovich", "1979-03-02"],
            ["OKONKWO-ADEYEMI, Chidubem", "1981-11-23"],
            ["AL-RASHIDI, Yusuf Hamad", "1975-06-14"],
            ["NGUYEN VAN, Thanh", "1988-01-30"],
            ["KARIMOVA, Dilnoza", "1990-09-09"],
            ["HAKOBYAN, Aram", "1969-12-01"]]
    assert "PERSON" in blocking(table(["Name", "Date of Birth"], rows))


def test_a_value_shown_in_plain_sight_hides_nothing_in_a_hidden_row(tmp_path: Path) -> None:
    def workbook(hidden_value: str) -> Path:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(["Reported by", "Area", "Incidents"])
        ws.append(["Northshire Community Safety Partnership", "Belfast", 14])
        ws.append(["Northshire Community Safety Partnership", "Lisburn", 11])
        ws.append([hidden_value, "Newry", 12])
        ws.row_dimensions[4].hidden = True
        ws["E1"], ws["F1"] = "Prepared by", "Jane Doherty"  # in plain sight
        return save(wb, tmp_path, f"{len(hidden_value)}.xlsx")

    shown = scan_path(workbook("Jane Doherty"), policy=load_policy("default"))
    assert shown.verdict == Verdict.PASS, [(f.rule, f.location) for f in shown.findings]
    kept_out_of_sight = scan_path(workbook("Mairead Donnelly"), policy=load_policy("default"))
    assert kept_out_of_sight.verdict == Verdict.BLOCK


@pytest.mark.parametrize(("text", "blocks"), [
    ("IF ANY OF THE DATA BELOW REQUESTED IS NOT HELD PLEASE RESPOND WITH A NIL RETURN", False),
    ("VICTIM MAIREAD DONNELLY REPORTED THAT HER CAR WAS DAMAGED OUTSIDE THE SHOP", True),
])
def test_a_sentence_in_capitals_is_not_a_row_of_names_unless_it_speaks_of_someone(
        text: str, blocks: bool) -> None:
    found = detect_personal_data([ContentUnit(text, "letter.docx")], "letter.docx",
                                 load_policy("default"))
    assert any(f.severity == Severity.BLOCK for f in found) == blocks


@pytest.mark.parametrize(("text", "ages"), [
    ("people aged 70 and over should stay at home", 0),
    ("adults aged 16 to 64 in employment", 0),
    ("open to those aged 18+ only", 0),
    ("Mairead Donnelly, aged 34, was interviewed", 1),
])
def test_an_age_group_is_not_an_age(text: str, ages: int) -> None:
    found = [e for e, *_ in find_in_text(text, list(load_entity_rules())) if e == "AGE"]
    assert len(found) == ages


@pytest.mark.parametrize(("source", "blocks"), [
    ('Dim MonthLong As String\nDim Sarah As Integer\nSub Mairead_Donnelly()\n'
     'MonthLong = Format(Date, "mmmm")\nEnd Sub', False),
    ('Sub Notify()\nMsgBox "Ring Mairead Donnelly, the complainant, on 07700 900123"\nEnd Sub',
     True),
    ("x = 1 ' asked for by Mairead Donnelly, the complainant", True),
])
def test_macro_code_names_nobody_but_its_strings_and_comments_can(source: str,
                                                                 blocks: bool) -> None:
    unit = ContentUnit(source, "xl/vbaProject.bin", (Hidden.MACRO,),
                       detail="string in VBA project")
    found = detect_personal_data([unit], "book.xlsm", load_policy("default"))
    assert any(f.severity == Severity.BLOCK for f in found) == blocks


def test_a_header_that_says_what_its_numbers_are_is_not_read_as_ages() -> None:
    names = ["Mairead Donnelly", "Ciaran O'Hare", "Aoife Brennan", "John McLaughlin",
             "Sarah Quinn", "Declan Kearney"]
    numbers = ["23", "41", "35", "58", "29", "62"]

    def entities(header: str) -> set[str]:
        found = detect_personal_data(table(["Name", header], [[n, a] for n, a in
                                                               zip(names, numbers,
                                                                   strict=True)]),
                                     "t.csv", load_policy("default"))
        return {f.entity for f in found}

    assert "AGE" in entities("Col B")  # a header that says nothing: ages, beside names
    assert "AGE" not in entities("Post Unique Reference")
    assert "AGE" not in entities("Days absent")


@pytest.mark.parametrize(("address", "personal"), [
    ("test@test.es", False), ("demo.account@council.gov.uk", False),
    ("sample.data@council.gov.uk", False), ("mairead.donnelly@council.gov.uk", True),
])
def test_placeholder_mailboxes_are_nobodys(address: str, personal: bool) -> None:
    from foi_guard.detect.mailboxes import is_personal_email

    assert is_personal_email(address) == personal

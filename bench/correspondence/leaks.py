"""What a third-party reply must not carry: people named in prose, tables of staff."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .case import Block, Case, Table, long_date
from .people import HOMES, PEOPLE_HEADER, PERSONAL_DOMAINS, PROSE_ROLE, RANKS, pick_staff

LEAKS = ("complainant", "officer", "neighbour_mobile", "hidden_sheet", "personal_email",
         "people_table")
LEAK_WHY = {
    "complainant": "complainant/victim named in prose with home address and postcode",
    "officer": "junior officer named in prose",
    "neighbour_mobile": "neighbour named with their mobile number",
    "hidden_sheet": "attached workbook has a hidden sheet of staff surnames, forenames, ranks",
    "personal_email": "third party's personal email address in prose",
    "people_table": "table of people (surname, forename, rank, station) pasted into the letter",
}


def home_address(case: Case) -> str:
    street, town, postcode = case.rng.choice(HOMES)
    return f"{case.rng.randint(2, 148)} {street}, {town} {postcode}"


def incident_date(case: Case) -> str:
    return long_date(case.received - dt.timedelta(days=case.rng.randint(20, 200)))


def leak_complainant(case: Case) -> list[Block]:
    person, addr, day = case.other(), home_address(case), incident_date(case)
    role = case.rng.choice(("the complainant", "the victim"))
    return [case.rng.choice((
        f"For context, the request relates to a matter reported on {day} by {role}, "
        f"{person.full}, who lives at {addr}.",
        f"One of the cases counted above concerns {role}, {person.full}, of {addr}, who "
        f"contacted us on {day}.",
    ))]


def leak_officer(case: Case) -> list[Block]:
    person, day = case.other(), incident_date(case)
    role = case.rng.choice(PROSE_ROLE[case.org.kind])
    return [case.rng.choice((
        f"On {day} {role} {person.full} attended and recorded the incident.",
        f"The report was followed up by {role} {person.full}, who visited the address on "
        f"{day} and made a note of the damage.",
    ))]


def leak_neighbour_mobile(case: Case) -> list[Block]:
    person = case.other()
    mobile = f"07700 900{case.rng.randint(0, 999):03d}"
    return [f"A neighbour, {person.title} {person.surname}, was also spoken to and has asked to "
            f"be kept informed; {person.pronoun} mobile is {mobile}."]


def leak_personal_email(case: Case) -> list[Block]:
    person = case.other()
    address = f"{person.local}@{case.rng.choice(PERSONAL_DOMAINS)}"
    return [f"{person.full} also wrote to us about the same matter from {address} on "
            f"{incident_date(case)}, and that correspondence has been added to the file."]


def people_rows(case: Case, count: int) -> tuple[tuple[str, ...], ...]:
    people = pick_staff(case.rng, count, (case.requester, case.signer))
    return tuple((p.surname, p.forename, case.rng.choice(RANKS[case.org.kind]),
                  case.rng.choice(case.org.areas)) for p in people)


def leak_people_table(case: Case, as_lines: bool) -> list[Block]:
    rows = people_rows(case, case.rng.randint(5, 8))
    header = PEOPLE_HEADER[case.org.kind]
    return [case.rng.choice(("The staff who dealt with these cases are listed below.",
                             "For completeness, the officers on duty are:")),
            Table(header, rows, as_lines=as_lines)]


def leak_blocks(case: Case, leaks: Sequence[str], shape: str) -> list[Block]:
    blocks: list[Block] = []
    for leak in leaks:
        if leak == "complainant":
            blocks += leak_complainant(case)
        elif leak == "officer":
            blocks += leak_officer(case)
        elif leak == "neighbour_mobile":
            blocks += leak_neighbour_mobile(case)
        elif leak == "personal_email":
            blocks += leak_personal_email(case)
        elif leak == "people_table":
            blocks += leak_people_table(case, as_lines=not shape.endswith("docx"))
    return blocks


def hidden_staff(case: Case) -> Table:
    header = PEOPLE_HEADER[case.org.kind]
    return Table(header, people_rows(case, case.rng.randint(20, 40)))

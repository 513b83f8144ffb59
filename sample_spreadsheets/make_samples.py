"""Write the demo workbooks: python sample_spreadsheets/make_samples.py [outdir]

psni_style_workforce.xlsx  a visible 'Summary' of officer and staff numbers by rank/grade, and a
                           hidden 'Data' sheet with the 200 people it was counted from.
victims_pivot.xlsx         a pasted pivot-style summary of offences by ward whose pivot cache
                           still holds every victim's name, age and address (the source sheet
                           and the pivot table are gone).
crime_stats_clean.xlsx     recorded crimes by policing district and month: nothing hidden.

All people are fictitious. The output is deterministic (seeded data, fixed docProps dates and
zip member dates): rebuilding gives byte-identical files.
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from openpyxl.styles import Font  # noqa: E402

from tests.fixtures.xlsx_fixtures import (  # noqa: E402
    build_clean_stats,
    build_pivot_cache,
    new_workbook,
    save,
)

SURNAMES = (
    "McLaughlin", "O'Neill", "Murphy", "Kelly", "Doherty", "Quinn", "Gallagher", "McCann",
    "Donnelly", "Hughes", "Devlin", "Campbell", "Ferguson", "Maguire", "McKeown", "Brennan",
    "Devine", "Lavery", "Smyth", "Wilson", "Thompson", "Johnston", "Stewart", "Moore",
    "Robinson", "Graham", "Irvine", "Patterson", "McAllister", "McCormick", "Boyle", "O'Hare",
    "McGrath", "Cassidy", "Mulholland", "McVeigh", "Hamill", "Fitzpatrick", "Magee", "Crawford",
    "Kerr", "Armstrong", "McIlroy", "Toner", "Corr", "Rafferty", "McGuigan", "Burns", "Hegarty",
    "Maxwell",
)
FORENAMES = (
    "Aoife", "Ciaran", "Siobhan", "Declan", "Niamh", "Gerard", "Roisin", "Patrick", "Bronagh",
    "Eamon", "Mairead", "Kieran", "Orla", "Sean", "Grainne", "Conor", "Aisling", "Darren",
    "Claire", "Mark", "Louise", "Stephen", "Emma", "David", "Rachel", "Paul", "Laura", "Gary",
)
STATIONS = (
    "Musgrave Street", "Lisburn Road", "Strand Road", "Antrim Road", "Knock", "Lurgan",
    "Banbridge", "Newry", "Omagh", "Enniskillen", "Coleraine", "Ballymena", "Antrim",
    "Dungannon", "Armagh", "Bangor", "Newtownards", "Downpatrick", "Lisburn", "Strabane",
)
#: rank -> relative weight, for police officers and for police staff
OFFICER_RANKS = {"Constable": 70, "Sergeant": 16, "Inspector": 6, "Chief Inspector": 2,
                 "Superintendent": 1, "Chief Superintendent": 1}
STAFF_GRADES = {"Administrative Assistant": 10, "Administrative Officer": 18,
                "Executive Officer II": 8, "Executive Officer I": 5, "Staff Officer": 3,
                "Deputy Principal": 1}
#: unit -> department
OFFICER_UNITS = {"Response": "Local Policing", "Neighbourhood": "Local Policing",
                 "CID": "Crime Operations", "Public Protection": "Crime Operations",
                 "Roads Policing": "Operational Support",
                 "Tactical Support Group": "Operational Support",
                 "Intelligence": "Crime Operations"}
STAFF_UNITS = {"Contact Management": "Operational Support", "Custody": "Operational Support",
               "HR Services": "People and Organisational Development",
               "Finance": "Corporate Services", "Estate Services": "Corporate Services",
               "Records Management": "Corporate Services"}
OFFENCES = ("Assault", "Burglary", "Criminal damage", "Harassment", "Theft", "Robbery")
WARDS = ("Falls", "Shankill", "Ormeau", "Botanic", "Creggan", "Brandywell", "Drumgask",
         "Quoile", "Omagh Central", "Ballysally")
STREETS = ("Glen Road", "Ormeau Road", "Main Street", "Church Street", "Springfield Road",
           "Castle Street", "Mill Road", "Orchard Park", "Chapel Hill", "Station Road")
TOWNS = (("Belfast", "BT12"), ("Derry", "BT48"), ("Portadown", "BT62"), ("Downpatrick", "BT30"),
         ("Omagh", "BT78"), ("Coleraine", "BT52"))


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def workforce_rows(n: int = 200, seed: int = 1921) -> list[list[str]]:
    """Surname, Initial, Rank/Grade, Location, Unit, Department: about 3 officers to 1 staff."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        officer = rng.random() < 0.75
        rank = _pick(rng, OFFICER_RANKS if officer else STAFF_GRADES)
        units = OFFICER_UNITS if officer else STAFF_UNITS
        unit = rng.choice(sorted(units))
        rows.append([rng.choice(SURNAMES), rng.choice(FORENAMES)[0], rank,
                     rng.choice(STATIONS), unit, units[unit]])
    return sorted(rows, key=lambda r: (r[0], r[1]))


def build_psni_style_workforce(dest: Path, n: int = 200) -> Path:
    rows = workforce_rows(n)
    counts = Counter(r[2] for r in rows)
    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Summary"
    ws.append(["Workforce by rank and grade, headcount at 1 March 2024"])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([])
    for heading, ranks in (("Police officers", OFFICER_RANKS), ("Police staff", STAFF_GRADES)):
        ws.append([heading, "Headcount"])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        ws.cell(row=ws.max_row, column=2).font = Font(bold=True)
        for rank in ranks:
            ws.append([rank, counts.get(rank, 0)])
        ws.append(["Total", sum(counts.get(rank, 0) for rank in ranks)])
        ws.append([])
    ws.append(["All employees", len(rows)])
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 12

    data = wb.create_sheet("Data")
    data.append(["Surname", "Initial", "Rank/Grade", "Location", "Unit", "Department"])
    for row in rows:
        data.append(row)
    data.sheet_state = "hidden"
    return save(wb, dest, "psni_style_workforce.xlsx")


def victim_rows(n: int = 40, seed: int = 1998) -> list[list[str | int]]:
    """Victim, Age, Address, Offence, Ward."""
    rng = random.Random(seed)
    rows: list[list[str | int]] = []
    for _ in range(n):
        town, postcode = rng.choice(TOWNS)
        address = f"{rng.randint(1, 120)} {rng.choice(STREETS)}, {town} {postcode}"
        rows.append([f"{rng.choice(FORENAMES)} {rng.choice(SURNAMES)}", rng.randint(16, 88),
                     address, rng.choice(OFFENCES), rng.choice(WARDS)])
    return rows


def build_victims_pivot(dest: Path) -> Path:
    """The pivot-cache fixture under its demo name: victims' rows kept in a cache whose pivot
    table and source sheet are gone."""
    return build_pivot_cache(dest if dest.suffix else dest / "victims_pivot.xlsx")


def main(argv: list[str]) -> int:
    outdir = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    outdir.mkdir(parents=True, exist_ok=True)
    for path in (build_psni_style_workforce(outdir / "psni_style_workforce.xlsx"),
                 build_victims_pivot(outdir / "victims_pivot.xlsx"),
                 build_clean_stats(outdir / "crime_stats_clean.xlsx")):
        print(f"{path}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

"""Seeded, deterministic generator of LABELLED tables for the personal-data accuracy benchmark.

    python bench/accuracy/generate.py OUTDIR [--seed 2024] [--workbooks 5]

Writes OUTDIR/accuracy_01.xlsx ... (one table per sheet, header in row 1, ~30 sheets each) and
OUTDIR/truth.json, the ground truth at column level:

    {"seed": 2024, "conventions": {...},
     "workbooks": {"accuracy_01.xlsx": {"<sheet>": {
         "kind": "officer_list", "personal": true, "hidden": false, "rows": 120,
         "header_mode": "generic",
         "columns": {"A": {"header": "Col A", "kind": "surname",
                           "entities": ["PERSON"], "allowed": []}, ...}}}}}

`entities` is what a detector must report for the column (empty for a clean column); `allowed`
is what it may also report without that counting as a false positive. A table is personal when
any of its columns has entities, clean otherwise.

Truth conventions (also written into truth.json):
- Record-level tables (one row per person) are personal; aggregate and organisational tables
  are clean, even where their values look like personal data.
- Names: a surname, forename or full-name column is PERSON; so is an initial column beside a
  surname ('McLaughlin' + 'J') and an initials-only column ('J.McL.'), which identify in
  context. 'PC 1234 McLaughlin' is {PERSON, POLICE_RANK, SERVICE_NUMBER}; 'DS Kelly' is
  {PERSON, POLICE_RANK}.
- Roles: the name column of victims is {PERSON, VICTIM} (WITNESS, SUSPECT, OFFENDER, COMPLAINANT
  likewise); the role is also *allowed* on the other personal columns of the same people (a
  victim's age, address), never required there. Detainees in custody health referrals have no
  required role; SUSPECT is allowed on their columns.
- Workforce lists: rank -> POLICE_RANK; collar/service/pay number -> SERVICE_NUMBER; unit,
  department and station of posting -> POLICE_UNIT; vetting level -> VETTING_LEVEL. A police
  staff grade ('Executive Officer II') is not a police rank: no entity, POLICE_RANK allowed.
- Addresses: a home address column is STREET_ADDRESS (UK_POSTCODE allowed when the postcode is
  inside it). Police stations' addresses, postcodes and telephone numbers are organisational,
  not personal data (the FOI convention): clean.
- Ranks, units, stations, vetting levels, age bands and postcode districts with counts are
  aggregate: clean. So are towns that are surnames, colours, months, plants and dogs' names.
- Free-text notes: the union of the entities the generated notes actually contain (each note
  comes from a template whose entities are known), roles included when a note names someone as
  complainant, witness, suspect or victim.
- Other columns of personal tables (offence, outcome, dates of events, references, gender) have
  no entity: a detector reporting one there scores a false positive.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import sys
import textwrap
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from accuracy.clean_tables import CLEAN_MAKERS
from accuracy.tables import PERSONAL_MAKERS, Column, Table
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

DEFAULT_SEED = 2024
DEFAULT_WORKBOOKS = 5
FIXED_TIME = datetime(2024, 4, 2, 9, 0, 0)
CONVENTIONS = {
    "personal_table": "record level (one row per person); any column with entities",
    "names": "surname, forename, full name, initial beside a surname, initials-only: PERSON",
    "rank_with_name": "'PC 1234 Kelly' = PERSON+POLICE_RANK+SERVICE_NUMBER; 'DS Kelly' without "
                      "the number",
    "roles": "name column of victims = {PERSON, VICTIM} (likewise WITNESS, SUSPECT, OFFENDER, "
             "COMPLAINANT); the role is allowed on the same people's other personal columns; "
             "custody detainees: SUSPECT allowed, not required",
    "workforce": "rank POLICE_RANK; collar/service/pay no SERVICE_NUMBER; unit, department, "
                 "station of posting POLICE_UNIT; vetting VETTING_LEVEL; staff grade: none "
                 "(POLICE_RANK allowed)",
    "addresses": "home address STREET_ADDRESS (+UK_POSTCODE allowed if inside); police "
                 "stations' addresses, postcodes, phones are organisational: clean",
    "aggregates": "ranks/units/stations/vetting levels/age bands/postcode districts with "
                  "counts: clean",
    "notes": "free text: union of the entities the notes contain",
    "allowed": "entities a detector may report on a column without a false positive",
}

GENERIC_HEADERS = ("Col {letter}", "Column{i}", "Field{i}", "F{i}", "Column {letter}", "Data",
                   "Value", "Unnamed: {i0}", "")
MISLEADING_HEADERS = ("Ref", "Code", "ID", "Item", "Type", "Key", "Category", "Description",
                      "Notes", "Misc")
GENERIC_TITLES = ("Sheet{n}", "Table {n}", "Data{n}", "Tab {n}", "Export{n}")


@dataclass(slots=True)
class Placed:
    """A table placed in a workbook, under its sheet title."""

    workbook: str
    title: str
    table: Table


# --- tables and headers --------------------------------------------------------------------------
def header_mode(rng: random.Random, personal: bool) -> str:
    roll = rng.random()
    if personal:
        return "informative" if roll < 0.55 else "generic" if roll < 0.75 else "mixed"
    return "informative" if roll < 0.7 else "generic" if roll < 0.85 else "mixed"


def generic_header(rng: random.Random, index: int) -> str:
    letter = get_column_letter(index)
    return rng.choice(GENERIC_HEADERS).format(letter=letter, i=index, i0=index - 1)


def pick_header(rng: random.Random, column: Column, index: int, mode: str) -> str:
    if column.fixed_header or mode == "informative":
        return column.headers[0] if column.fixed_header else rng.choice(column.headers)
    if mode == "generic":
        return generic_header(rng, index)
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(column.headers)
    if roll < 0.75:
        return generic_header(rng, index)
    return rng.choice(MISLEADING_HEADERS)


def apply_headers(rng: random.Random, table: Table) -> None:
    table.header_mode = table.header_mode or header_mode(rng, table.personal)
    for index, column in enumerate(table.columns, start=1):
        column.header = pick_header(rng, column, index, table.header_mode)


def make_tables(seed: int) -> list[Table]:
    """Every table of the benchmark, each from its own seeded generator, in a seeded order."""
    tables: list[Table] = []
    for maker, count in (*PERSONAL_MAKERS, *CLEAN_MAKERS):
        for k in range(count):
            rng = random.Random(f"{seed}:{maker.__name__}:{k}")
            table = maker(rng)
            apply_headers(rng, table)
            tables.append(table)
    random.Random(seed).shuffle(tables)
    return tables


# --- workbooks -----------------------------------------------------------------------------------
def sheet_title(rng: random.Random, table: Table, n: int, taken: set[str]) -> str:
    base = (rng.choice(table.titles) if rng.random() < 0.6
            else rng.choice(GENERIC_TITLES).format(n=n))[:27]
    title, k = base, 2
    while title.lower() in taken:
        title, k = f"{base} ({k})", k + 1
    taken.add(title.lower())
    return title


def place_tables(tables: list[Table], seed: int, workbooks: int) -> list[Placed]:
    rng = random.Random(f"{seed}:titles")
    placed: list[Placed] = []
    taken: dict[str, set[str]] = {}
    for index, table in enumerate(tables):
        name = f"accuracy_{index % workbooks + 1:02d}.xlsx"
        seen = taken.setdefault(name, set())
        placed.append(Placed(name, sheet_title(rng, table, len(seen) + 1, seen), table))
    return placed


def write_sheet(wb: Workbook, placed: Placed) -> None:
    ws = wb.create_sheet(placed.title)
    table = placed.table
    ws.append([c.header or None for c in table.columns])
    for row in table.rows():
        ws.append(row)
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = 18
        if column.number_format:
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                if isinstance(cell.value, int | float | date):
                    cell.number_format = column.number_format
    if table.hidden:
        ws.sheet_state = "hidden"


def write_workbook(path: Path, members: list[Placed]) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "Statistics Unit"
    wb.properties.lastModifiedBy = None
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    for placed in members:
        write_sheet(wb, placed)
    visible = [i for i, ws in enumerate(wb.worksheets) if ws.sheet_state == "visible"]
    wb.active = visible[0] if visible else 0
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(pinned_zip(buffer.getvalue()))


def pinned_zip(data: bytes) -> bytes:
    """The same package with fixed member dates, so rebuilding gives byte-identical files."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            body = src.read(info)
            if info.filename == "docProps/core.xml":  # openpyxl stamps 'modified' when saving
                stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, body)
            dst.writestr(member, body)
    return out.getvalue()


# --- truth ---------------------------------------------------------------------------------------
def column_truth(column: Column) -> dict[str, Any]:
    return {"header": column.header or "", "kind": column.kind,
            "entities": sorted(column.entities), "allowed": sorted(column.allowed)}


def table_truth(table: Table) -> dict[str, Any]:
    return {
        "kind": table.kind, "personal": table.personal, "hidden": table.hidden,
        "rows": table.n_rows, "header_mode": table.header_mode,
        "columns": {get_column_letter(i): column_truth(c)
                    for i, c in enumerate(table.columns, start=1)},
    }


def build(outdir: str | Path, seed: int = DEFAULT_SEED,
          workbooks: int = DEFAULT_WORKBOOKS) -> dict[str, Any]:
    """Write the workbooks and truth.json into `outdir`; return the truth."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    placed = place_tables(make_tables(seed), seed, workbooks)
    truth: dict[str, Any] = {"seed": seed, "conventions": CONVENTIONS, "workbooks": {}}
    for name in sorted({p.workbook for p in placed}):
        members = [p for p in placed if p.workbook == name]
        write_workbook(out / name, members)
        truth["workbooks"][name] = {p.title: table_truth(p.table) for p in members}
    (out / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n",
                                    encoding="utf-8")
    return truth


def summary(truth: dict[str, Any]) -> str:
    sheets = [t for wb in truth["workbooks"].values() for t in wb.values()]
    personal = sum(t["personal"] for t in sheets)
    kinds: dict[str, int] = {}
    for t in sheets:
        kinds[t["kind"]] = kinds.get(t["kind"], 0) + 1
    listing = textwrap.fill(", ".join(f"{k}\0{v}" for k, v in sorted(kinds.items())), 96,
                            initial_indent="  ", subsequent_indent="  ").replace("\0", " ")
    return (f"{len(truth['workbooks'])} workbooks, {len(sheets)} tables ({personal} personal, "
            f"{len(sheets) - personal} clean):\n{listing}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--workbooks", type=int, default=DEFAULT_WORKBOOKS)
    args = parser.parse_args()
    truth = build(args.outdir, args.seed, args.workbooks)
    print(summary(truth))
    return 0


if __name__ == "__main__":
    sys.exit(main())

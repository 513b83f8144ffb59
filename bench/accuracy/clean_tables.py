"""Clean look-alike tables for the accuracy benchmark: aggregate or non-personal, they must pass.

Each is built to resemble personal data to a naive recogniser: towns that are surnames (Kent,
Lincoln, Preston), colours and words that are names (Brown, Rose, May), ranks and units with
headcounts, police stations with their addresses and telephone numbers (organisational, not
personal: the FOI convention), postcode districts, age bands, dogs' names, code-named operations.
Every column of every table here has no entities.
"""

from __future__ import annotations

import random

from accuracy import fakes, pools
from accuracy.tables import MONEY_FMT, Column, Table, col

FINANCIAL_YEARS = ("2019/20", "2020/21", "2021/22", "2022/23", "2023/24")
EVENTS = ("the Twelfth parades", "the Open at Portrush", "Halloween in Derry",
          "the Belfast Marathon", "St Patrick's Day", "the Ulster Grand Prix", "the NI Open")


def counts(rng: random.Random, n: int, low: int, high: int) -> list[int]:
    return [rng.randint(low, high) for _ in range(n)]


def period_columns(rng: random.Random, n: int, low: int, high: int) -> list[Column]:
    """Count columns headed by months or by financial years."""
    if rng.random() < 0.5:
        start = rng.randint(0, 6)
        periods = [f"{m[:3]}-23" if rng.random() < 0.3 else m
                   for m in pools.MONTHS[start:start + rng.randint(3, 6)]]
    else:
        periods = list(FINANCIAL_YEARS[-rng.randint(2, 5):])
    columns = []
    for p in periods:
        c = col("count", counts(rng, n, low, high), (p,))
        c.fixed_header = True
        columns.append(c)
    return columns


def sample(rng: random.Random, pool: tuple[str, ...], low: int, high: int) -> list[str]:
    return rng.sample(pool, min(len(pool), rng.randint(low, high)))


# === clean tables ===============================================================================
def crimes_by_district(rng: random.Random) -> Table:
    pool = pools.SURNAME_TOWNS if rng.random() < 0.7 else pools.NI_DISTRICTS + pools.SURNAME_TOWNS
    places = sample(rng, pool, 8, 30)
    columns = [col("place", places, ("Policing District", "District", "Area", "Name", "Town",
                                     "Command Unit")),
               *period_columns(rng, len(places), 40, 2600)]
    return Table("crimes_by_district", ("Summary", "By District", "Recorded Crime", "Table 1"),
                 columns)


def district_matrix(rng: random.Random) -> Table:
    """Offences down, districts across: the header row itself is towns that are surnames."""
    offences = sample(rng, pools.OFFENCES, 6, 14)
    towns = sample(rng, pools.SURNAME_TOWNS, 4, 8)
    columns = [col("offence", offences, ("Offence", "Crime Type", "Offence Group"))]
    for town in towns:
        c = col("count", counts(rng, len(offences), 0, 900), (town,))
        c.fixed_header = True
        columns.append(c)
    return Table("district_matrix", ("Offences by Area", "Matrix", "Crime by District"), columns)


def stolen_by_colour(rng: random.Random) -> Table:
    colours = sample(rng, pools.COLOURS, 8, 17)
    n = len(colours)
    columns = [col("colour", colours, ("Colour", "Vehicle Colour", "Name")),
               col("count", counts(rng, n, 5, 900), ("2022", "Stolen 2022")),
               col("count", counts(rng, n, 5, 900), ("2023", "Stolen 2023")),
               col("percent", [round(rng.uniform(-40, 40), 1) for _ in range(n)],
                   ("Change %", "% Change"))]
    return Table("stolen_by_colour", ("Vehicle Colours", "Stolen Vehicles", "Colours"), columns)


def plants(rng: random.Random) -> Table:
    names = sample(rng, pools.PLANTS, 8, 24)
    n = len(names)
    columns = [col("plant", names, ("Plant", "Item", "Name", "Species")),
               col("count", counts(rng, n, 1, 200), ("Quantity", "Qty")),
               col("money", [round(rng.uniform(1.5, 40), 2) for _ in range(n)],
                   ("Unit Cost (£)", "Price"), number_format="£0.00"),
               col("station", [rng.choice(pools.STATIONS) for _ in range(n)],
                   ("Site", "Location", "Station"))]
    return Table("plants", ("Grounds Maintenance", "Planting", "Estates Order"), columns)


def response_by_month(rng: random.Random) -> Table:
    months = list(pools.MONTHS)
    if rng.random() < 0.4:
        months = [f"{m} 2023" for m in months]
    n = len(months)
    columns = [col("month", months, ("Month", "Period", "Name")),
               col("minutes", [round(rng.uniform(8, 20), 1) for _ in range(n)],
                   ("Emergency (mins)", "Average Emergency Response")),
               col("minutes", [round(rng.uniform(30, 120), 1) for _ in range(n)],
                   ("Priority (mins)", "Average Priority Response")),
               col("count", counts(rng, n, 3000, 12000), ("Calls", "999 Calls"))]
    return Table("response_by_month", ("Response Times", "Monthly", "Performance"), columns)


def incidents_by_day(rng: random.Random) -> Table:
    n = len(pools.DAYS)
    columns = [col("day", list(pools.DAYS), ("Day", "Day of Week", "Name")),
               col("count", counts(rng, n, 200, 1500), ("Incidents", "ASB Incidents")),
               col("count", counts(rng, n, 10, 300), ("Arrests",))]
    return Table("incidents_by_day", ("By Day", "Day of Week", "Weekly Pattern"), columns)


def rank_values(rng: random.Random) -> list[str]:
    style = rng.choice(["full", "full", "upper", "abbrev"])
    names = list(pools.RANKS)[:6] + list(pools.SENIOR_RANKS[:3])
    if rng.random() < 0.4:
        names = list(pools.RANKS)
    if style == "upper":
        return [r.upper() for r in names]
    if style == "abbrev":
        return [pools.RANKS[r][1][0] if r in pools.RANKS else r for r in names]
    return names


def rank_headcount(rng: random.Random) -> Table:
    """Rank | Headcount | FTE: ranks are not personal data when counted."""
    ranks = rank_values(rng)
    n = len(ranks)
    heads = counts(rng, n, 3, 4000)
    columns = [col("rank_aggregate", ranks, ("Rank", "RANK", "Officer Rank", "Grade")),
               col("count", heads, ("Headcount", "Officers", "Number")),
               col("fte", [round(h * rng.uniform(0.9, 1.0), 1) for h in heads], ("FTE",)),
               col("percent", [round(rng.uniform(10, 45), 1) for _ in range(n)],
                   ("% Female", "Female %"))]
    return Table("rank_headcount", ("Headcount", "Officers by Rank", "Strength", "Table 2"),
                 columns)


def overtime_by_rank(rng: random.Random) -> Table:
    ranks = rank_values(rng)
    n = len(ranks)
    columns = [col("rank_aggregate", ranks, ("Rank", "Rank/Grade")),
               col("hours", counts(rng, n, 100, 90000), ("Overtime Hours", "Hours")),
               col("money", counts(rng, n, 3000, 3_000_000), ("Cost (£)", "Overtime Cost"),
                   number_format=MONEY_FMT)]
    return Table("overtime_by_rank", ("Overtime", "Overtime by Rank", "OT 2023-24"), columns)


def misconduct_by_rank(rng: random.Random) -> Table:
    ranks = rank_values(rng)
    n = len(ranks)
    alleged = counts(rng, n, 0, 400)
    columns = [col("rank_aggregate", ranks, ("Rank", "Rank of Officer")),
               col("count", alleged, ("Allegations", "Cases")),
               col("count", [rng.randint(0, a) for a in alleged], ("Upheld", "Proven")),
               col("count", counts(rng, n, 0, 6), ("Dismissals",))]
    return Table("misconduct_by_rank", ("Misconduct by Rank", "Conduct", "Table 5"), columns)


def numbers_by_unit(rng: random.Random) -> Table:
    units = sample(rng, pools.OFFICER_UNITS + pools.STAFF_UNITS, 8, 25)
    n = len(units)
    columns = [col("unit_aggregate", units, ("Unit", "Department", "Branch", "Name")),
               col("count", counts(rng, n, 3, 900), ("Officers",)),
               col("count", counts(rng, n, 0, 300), ("Staff",)),
               col("count", counts(rng, n, 0, 40), ("Vacancies",))]
    return Table("numbers_by_unit", ("By Unit", "Establishment", "Strength by Unit"), columns)


def numbers_by_station(rng: random.Random) -> Table:
    stations = sample(rng, pools.STATIONS, 8, 30)
    n = len(stations)
    columns = [col("station_aggregate", stations, ("Station", "Location", "Name", "Site")),
               col("count", counts(rng, n, 5, 400), ("Officers", "Officers Based")),
               col("count", counts(rng, n, 1, 40), ("Vehicles", "Fleet"))]
    return Table("numbers_by_station", ("By Station", "Stations", "Deployment"), columns)


def station_list(rng: random.Random) -> Table:
    """Police stations with addresses and telephone numbers: organisational, labelled clean."""
    stations = sample(rng, pools.STATIONS, 8, 30)
    n = len(stations)
    towns = list(pools.TOWNS)[:10]
    homes = [(f"{rng.randint(1, 200)} {fakes.street(rng)}", rng.choice(towns))
             for _ in range(n)]
    columns = [col("station_aggregate", stations, ("Station", "Station Name", "Name")),
               col("station_address", [a for a, _ in homes], ("Address", "Street Address")),
               col("town", [t for _, t in homes], ("Town", "City")),
               col("station_postcode",
                   [fakes.postcode(rng, rng.choice(pools.TOWNS[t])) for _, t in homes],
                   ("Postcode",))]
    if rng.random() < 0.6:
        columns.append(col("station_phone", [rng.choice(["101", fakes.landline(rng)])
                                             for _ in range(n)], ("Telephone", "Phone")))
    hours = ("24 hours", "9am-5pm Mon-Fri", "Closed to public", "10am-4pm", "By appointment")
    columns.append(col("hours", [rng.choice(hours) for _ in range(n)],
                       ("Opening Hours", "Front Counter")))
    return Table("station_list", ("Stations", "Station Addresses", "Front Counters"), columns)


def budgets(rng: random.Random) -> Table:
    depts = sample(rng, pools.DEPARTMENTS, 6, 14)
    n = len(depts)
    budget = counts(rng, n, 200_000, 90_000_000)
    actual = [int(b * rng.uniform(0.85, 1.12)) for b in budget]
    notes = ("Underspend due to vacancies in {unit}.", "Includes overtime for {event}.",
             "Figures for {month} are provisional.", "Transfer from {dept} budget.",
             "Fleet replacement in {town} deferred.", "", "Pay award backdated to {month}.")
    comments = [rng.choice(notes).format(
        unit=rng.choice(pools.OFFICER_UNITS), event=rng.choice(EVENTS),
        month=rng.choice(pools.MONTHS), dept=rng.choice(pools.DEPARTMENTS),
        town=rng.choice(pools.SURNAME_TOWNS)) or None for _ in range(n)]
    columns = [col("department", depts, ("Department", "Business Area", "Cost Centre")),
               col("money", budget, ("Budget 2023/24 (£)", "Budget"), number_format=MONEY_FMT),
               col("money", actual, ("Actual (£)", "Outturn"), number_format=MONEY_FMT),
               col("money", [a - b for a, b in zip(actual, budget, strict=True)],
                   ("Variance (£)", "Variance"), number_format=MONEY_FMT),
               col("comment", comments, ("Comments", "Notes", "Commentary"))]
    return Table("budgets", ("Budget", "Finance", "Budget Monitoring", "Table 4"), columns)


def small_counts(rng: random.Random) -> Table:
    offences = sample(rng, pools.OFFENCES, 6, 16)
    n = len(offences)
    columns = [col("offence", offences, ("Offence", "Offence Type")),
               col("count", [rng.choice([0, 1, 2, 3, 4, "<5", 6, 11]) for _ in range(n)],
                   ("Number", "Count", "Offences")),
               col("count", [rng.choice([0, 1, 2, 3, "*"]) for _ in range(n)],
                   ("Of which detected", "Detected"))]
    return Table("small_counts", ("Hate Crime", "Small Counts", "Table 3"), columns)


def products(rng: random.Random) -> Table:
    items = sample(rng, pools.PRODUCTS, 8, 20)
    n = len(items)
    columns = [col("product", items, ("Item", "Product", "Description")),
               col("supplier", [rng.choice(pools.SUPPLIERS) for _ in range(n)],
                   ("Supplier", "Vendor", "Name")),
               col("money", [round(rng.uniform(2, 1800), 2) for _ in range(n)],
                   ("Unit Cost", "Price (£)"), number_format="£#,##0.00"),
               col("count", counts(rng, n, 1, 5000), ("Quantity", "Units")),
               col("reference", [f"CON-{rng.randint(1000, 9999)}" for _ in range(n)],
                   ("Contract Ref", "PO Number"))]
    return Table("products", ("Purchases", "Procurement", "Product List"), columns)


GLOSSARY = {
    "Constable": "Patrols, responds to calls and investigates crime.",
    "Sergeant": "Supervises a team of constables on a shift; first line manager.",
    "Inspector": "Manages sergeants and constables across a section or shift.",
    "Chief Inspector": "Leads a district's operations or a specialist branch.",
    "Superintendent": "Commands a district or a major department.",
    "Chief Superintendent": "Heads an area command or a large department.",
    "Assistant Chief Constable": "Chief officer with a portfolio across the service.",
    "Deputy Chief Constable": "Second in command; leads professional standards.",
    "Chief Constable": "Head of the police service.",
    "Detective Constable": "Constable working in criminal investigation (CID).",
    "Detective Sergeant": "Sergeant supervising detectives.",
    "Student Officer": "Constable in training at the Police College.",
}


def rank_glossary(rng: random.Random) -> Table:
    ranks = sample(rng, tuple(GLOSSARY), 6, len(GLOSSARY))
    columns = [col("rank_glossary", ranks, ("Rank", "Term")),
               col("abbreviation", [pools.RANKS[r][1][0] if r in pools.RANKS else "-"
                                    for r in ranks], ("Abbreviation", "Abbr.")),
               col("description", [GLOSSARY[r] for r in ranks], ("Description", "Role"))]
    return Table("rank_glossary", ("Glossary", "Rank Structure", "Notes"), columns)


def vetting_aggregate(rng: random.Random) -> Table:
    levels = sample(rng, pools.VETTING_LEVELS, 5, 10)
    n = len(levels)
    columns = [col("vetting_aggregate", levels, ("Vetting Level", "Clearance", "Level")),
               col("count", counts(rng, n, 0, 3000), ("Officers",)),
               col("count", counts(rng, n, 0, 1500), ("Staff",)),
               col("count", counts(rng, n, 0, 300), ("Contractors",))]
    return Table("vetting_aggregate", ("Vetting", "Vetting Summary", "Clearances"), columns)


def age_bands(rng: random.Random) -> Table:
    bands = ["Under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+", "Not known"]
    n = len(bands)
    columns = [col("age_band", bands, ("Age Band", "Age", "Age Group")),
               col("count", counts(rng, n, 0, 5000), ("Victims",)),
               col("count", counts(rng, n, 0, 3000), ("Suspects",))]
    return Table("age_bands", ("By Age", "Age Profile", "Victims by Age"), columns)


def postcode_districts(rng: random.Random) -> Table:
    districts = sample(rng, tuple(d for ds in pools.TOWNS.values() for d in ds), 8, 25)
    n = len(districts)
    columns = [col("postcode_district", districts, ("Postcode District", "Postcode", "Area")),
               col("count", counts(rng, n, 0, 400), ("Burglaries", "Dwelling Burglary")),
               col("count", counts(rng, n, 0, 300), ("Vehicle Crime",))]
    return Table("postcode_districts", ("By Postcode", "Postcode Districts", "Burglary"),
                 columns)


def nationality_counts(rng: random.Random) -> Table:
    nats = sample(rng, pools.NATIONALITIES, 8, 20)
    n = len(nats)
    columns = [col("nationality", nats, ("Nationality", "Name")),
               col("count", counts(rng, n, 1, 9000), ("Arrests",)),
               col("percent", [round(rng.uniform(0, 60), 1) for _ in range(n)],
                   ("% Charged",))]
    return Table("nationality_counts", ("Nationality", "Arrests by Nationality"), columns)


def language_counts(rng: random.Random) -> Table:
    langs = sample(rng, pools.LANGUAGES, 8, 19)
    n = len(langs)
    columns = [col("language", langs, ("Language", "Language Requested")),
               col("count", counts(rng, n, 1, 4000), ("Requests", "Interpreter Requests")),
               col("money", counts(rng, n, 100, 400_000), ("Cost (£)",),
                   number_format=MONEY_FMT)]
    return Table("language_counts", ("Interpreters", "Languages"), columns)


def road_collisions(rng: random.Random) -> Table:
    roads = sample(rng, pools.ROADS, 8, len(pools.ROADS))
    n = len(roads)
    columns = [col("road", roads, ("Road", "Location", "Route")),
               col("count", counts(rng, n, 3, 200), ("Collisions",)),
               col("count", counts(rng, n, 0, 30), ("KSI", "Killed or Seriously Injured")),
               col("count", counts(rng, n, 0, 4), ("Fatal",))]
    return Table("road_collisions", ("Collisions", "Roads", "Road Safety"), columns)


def police_dogs(rng: random.Random) -> Table:
    """Police dogs: names like Max and Bella are dogs', not people's."""
    dogs = sample(rng, pools.DOG_NAMES, 8, 20)
    n = len(dogs)
    roles = ("General purpose", "Drugs search", "Explosives search", "Victim recovery",
             "Cash detection", "Firearms support")
    columns = [col("dog", dogs, ("Dog", "Dog Name", "Name")),
               col("breed", [rng.choice(pools.DOG_BREEDS) for _ in range(n)], ("Breed",)),
               col("dog_role", [rng.choice(roles) for _ in range(n)], ("Role", "Licence")),
               col("year", [rng.randint(2012, 2023) for _ in range(n)], ("Year Joined",))]
    return Table("police_dogs", ("Police Dogs", "Dog Section", "Dogs"), columns)


def operations(rng: random.Random) -> Table:
    ops = sample(rng, pools.OPERATIONS, 6, len(pools.OPERATIONS))
    n = len(ops)
    columns = [col("operation", ops, ("Operation", "Operation Name", "Name")),
               col("year", [rng.randint(2005, 2023) for _ in range(n)], ("Start Year",)),
               col("count", counts(rng, n, 0, 300), ("Arrests",)),
               col("money", counts(rng, n, 10_000, 9_000_000), ("Cost (£)",),
                   number_format=MONEY_FMT)]
    return Table("operations", ("Operations", "Operation Costs"), columns)


def foi_log(rng: random.Random) -> Table:
    n = rng.randint(12, 60)
    subjects = ("Number of officers by rank in {town}", "Overtime paid to {rank}s in 2022/23",
                "Cost of interpreters for {lang}", "Police dogs: names and breeds",
                "Stop and search in {town} by age band", "Budget of {dept}",
                "Vehicles stolen by colour ({colour})", "Use of Taser in {month}")
    text = [rng.choice(subjects).format(
        town=rng.choice(pools.SURNAME_TOWNS), rank=rng.choice(list(pools.RANKS)).lower(),
        lang=rng.choice(pools.LANGUAGES), dept=rng.choice(pools.DEPARTMENTS),
        colour=rng.choice(pools.COLOURS), month=rng.choice(pools.MONTHS)) for _ in range(n)]
    outcomes = ("Released in full", "Partially released", "Refused s.40(2)",
                "Information not held", "Refused s.12 (cost)", "Withdrawn")
    columns = [col("reference", [f"FOI-{rng.randint(2022, 2024)}-{rng.randint(1, 2000):04d}"
                                 for _ in range(n)], ("Request Ref", "Ref")),
               col("date", [fakes.recent_date(rng) for _ in range(n)], ("Date Received",),
                   number_format="dd/mm/yyyy"),
               col("subject", text, ("Subject", "Request Summary")),
               col("outcome", [rng.choice(outcomes) for _ in range(n)], ("Outcome",)),
               col("count", counts(rng, n, 2, 60), ("Days to Respond", "Working Days"))]
    return Table("foi_log", ("FOI Log", "Disclosure Log", "Requests"), columns)


def courts(rng: random.Random) -> Table:
    names = sample(rng, pools.COURTS, 6, len(pools.COURTS))
    n = len(names)
    columns = [col("court", names, ("Court", "Court House", "Venue")),
               col("count", counts(rng, n, 50, 4000), ("Cases Listed",)),
               col("count", counts(rng, n, 5, 800), ("Adjourned",)),
               col("weeks", [round(rng.uniform(4, 60), 1) for _ in range(n)],
                   ("Average Wait (weeks)",))]
    return Table("courts", ("Courts", "Court Business"), columns)


def shift_pattern(rng: random.Random) -> Table:
    shifts = ["Earlies", "Lates", "Nights", "Days", "Rest Day", "Training"]
    starts = ["07:00", "15:00", "23:00", "09:00", "-", "08:30"]
    ends = ["15:00", "23:00", "07:00", "17:00", "-", "16:30"]
    n = len(shifts)
    columns = [col("shift", shifts, ("Shift", "Tour of Duty")),
               col("time", starts, ("Start",)), col("time", ends, ("End",)),
               col("count", counts(rng, n, 0, 60), ("Officers on Duty", "Minimum Strength"))]
    return Table("shift_pattern", ("Shift Pattern", "Rota"), columns)


def training(rng: random.Random) -> Table:
    names = sample(rng, pools.COURSES, 6, len(pools.COURSES))
    n = len(names)
    columns = [col("course", names, ("Course", "Training Course")),
               col("provider", [rng.choice(pools.TRAINING_PROVIDERS) for _ in range(n)],
                   ("Provider", "Delivered By")),
               col("count", counts(rng, n, 4, 900), ("Delegates", "Attendees")),
               col("money", counts(rng, n, 500, 250_000), ("Cost (£)",),
                   number_format=MONEY_FMT)]
    return Table("training", ("Training", "Courses"), columns)


def wards(rng: random.Random) -> Table:
    names = sample(rng, pools.WARDS, 8, len(pools.WARDS))
    n = len(names)
    columns = [col("ward", names, ("Ward", "Electoral Ward", "Name")),
               col("count", counts(rng, n, 10, 900), ("ASB Incidents", "Incidents")),
               col("count", counts(rng, n, 2000, 9000), ("Population",))]
    return Table("wards", ("Wards", "ASB by Ward"), columns)


CLEAN_MAKERS = (
    (crimes_by_district, 10), (district_matrix, 4), (stolen_by_colour, 4), (plants, 3),
    (response_by_month, 6), (rank_headcount, 6), (overtime_by_rank, 5), (misconduct_by_rank, 3),
    (numbers_by_unit, 5), (numbers_by_station, 4), (station_list, 5), (budgets, 6),
    (small_counts, 5), (products, 4),
    (rank_glossary, 3), (vetting_aggregate, 3), (age_bands, 3), (postcode_districts, 3),
    (nationality_counts, 2), (language_counts, 2), (road_collisions, 3), (police_dogs, 2),
    (operations, 2), (foi_log, 3), (courts, 2), (shift_pattern, 2), (training, 2),
    (incidents_by_day, 2), (wards, 3),
)

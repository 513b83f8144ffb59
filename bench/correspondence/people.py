"""Who appears in a reply: name pools, the public bodies that write, and picking people."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

FEMALE = ("Sarah", "Mairead", "Siobhan", "Aoife", "Niamh", "Emma", "Claire", "Fiona", "Grainne",
          "Rachel", "Hannah", "Chloe", "Megan", "Priya", "Amara", "Deirdre", "Orla", "Catherine",
          "Louise", "Rebecca", "Bronagh", "Eilidh", "Joanne", "Helen")
MALE = ("John", "Patrick", "Ciaran", "Sean", "Conor", "Declan", "James", "David", "Michael",
        "Thomas", "Liam", "Gareth", "Rhys", "Callum", "Ravi", "Chinedu", "Daniel", "Mark",
        "Stephen", "Eoin", "Padraig", "Niall", "Andrew", "Kevin")
SURNAMES = ("Smith", "Okafor", "Patel", "Donnelly", "Quinn", "McAllister", "McLaughlin",
            "McCann", "McGuinness", "McKenna", "O'Neill", "O'Brien", "O'Connor", "O'Reilly",
            "O'Hara", "Murphy", "Kelly", "Doherty", "Gallagher", "Byrne", "Walsh", "Campbell",
            "Wilson", "Thompson", "Hughes", "Evans", "Jones", "Williams", "Davies", "Robinson",
            "Clarke", "Fitzgerald", "Nolan", "Kavanagh", "Hamilton", "Morrison", "Khan", "Ahmed",
            "Brennan", "Lynch", "MacDonald", "Fraser", "Reid", "Begum")
REQUESTER_DOMAINS = ("example.com", "example.org", "example.net", "example.co.uk")
PERSONAL_DOMAINS = ("gmail.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com")
# home addresses of third parties: (street, town, postcode)
HOMES = (("Antrim Road", "Belfast", "BT15 2AA"), ("Station Road", "Preston", "PR1 8DX"),
         ("Church Lane", "Lancaster", "LA1 4XQ"), ("Glenview Park", "Derry", "BT48 7NN"),
         ("Victoria Avenue", "Leeds", "LS6 3HN"), ("Orchard Close", "Truro", "TR1 2HE"),
         ("Mill Street", "Newry", "BT34 1EY"), ("Gloucester Road", "Bristol", "BS7 8AQ"),
         ("Stoke Newington Church Street", "London", "N16 7UJ"), ("Moor Lane", "Kendal",
                                                                   "LA9 6DQ"))
JOB_TITLES = ("Information Access Officer", "Freedom of Information Team",
              "Data Protection Officer", "Disclosure Officer")


@dataclass(frozen=True)
class Person:
    forename: str
    surname: str
    female: bool

    @property
    def full(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def title(self) -> str:
        return "Ms" if self.female else "Mr"

    @property
    def local(self) -> str:
        """first.last, as people name their own mailboxes."""
        return f"{self.forename}.{self.surname}".lower().replace("'", "")

    @property
    def pronoun(self) -> str:
        return "her" if self.female else "his"


@dataclass(frozen=True)
class Org:
    name: str
    kind: str  # "police", "council", "nhs"
    domain: str
    address: str  # building and street
    town: str
    postcode: str
    switchboard: str
    mailboxes: tuple[str, ...]  # local parts of role mailboxes
    team: str
    areas: tuple[str, ...]  # the towns or districts its statistics are broken down by
    partners: tuple[str, ...]  # other bodies its statistics paragraphs mention

    def mailbox(self, index: int = 0) -> str:
        return f"{self.mailboxes[index % len(self.mailboxes)]}@{self.domain}"


ORGS = (
    Org("Northshire Police", "police", "northshire.police.uk", "Force Headquarters, 40 Bridewell "
        "Lane", "Northampton", "NN4 0JQ", "0117 496 0418", ("foi", "information.governance"),
        "Information Access Team", ("Northampton", "Kettering", "Corby", "Wellingborough",
                                    "Daventry", "Towcester"),
        ("West Northamptonshire Council", "North Northamptonshire Council",
         "Northampton General Hospital NHS Trust", "Leicestershire Police")),
    Org("Westmoor Borough Council", "council", "westmoor.gov.uk", "Civic Centre, 1 Market Place",
        "Kendal", "LA9 4DL", "020 7946 0372", ("information.governance", "foi"),
        "Information Governance Team", ("Kendal", "Windermere", "Ambleside", "Ulverston",
                                        "Grange-over-Sands", "Sedbergh"),
        ("Cumbria Constabulary", "Lancashire Constabulary", "University Hospitals of Morecambe "
         "Bay NHS Foundation Trust", "Lancaster City Council")),
    Org("Eastvale NHS Foundation Trust", "nhs", "eastvale.nhs.uk", "Trust Headquarters, Eastvale "
        "General Hospital, 2 Infirmary Road", "Leeds", "LS9 7TF", "0113 496 0551",
        ("foi.requests", "information.governance"), "Freedom of Information Office",
        ("Leeds", "Wakefield", "Pontefract", "Castleford", "Dewsbury", "Harrogate"),
        ("Leeds City Council", "Wakefield Council", "West Yorkshire Police",
         "Leeds Teaching Hospitals NHS Trust")),
    Org("Kingsbridge City Council", "council", "kingsbridge.gov.uk", "The Guildhall, 10 High "
        "Street", "Bristol", "BS1 1JG", "0117 496 0902", ("foi.requests", "foi"),
        "Freedom of Information Team", ("Bedminster", "Clifton", "Fishponds", "Henleaze",
                                        "Southmead", "Knowle"),
        ("Avon and Somerset Police", "North Bristol NHS Trust", "South Gloucestershire Council",
         "Bath and North East Somerset Council")),
    Org("Mid Ulster Police Service", "police", "midulster.police.uk", "Police Headquarters, 65 "
        "Knockmore Road", "Lisburn", "BT28 2XS", "028 9649 6210",
        ("foi", "foi.requests"), "Information Access Team",
        ("Dungannon", "Cookstown", "Magherafelt", "Omagh", "Enniskillen", "Armagh"),
        ("Mid Ulster District Council", "Fermanagh and Omagh District Council",
         "Southern Health and Social Care Trust", "Police Service of Northern Ireland")),
    Org("Carrow Valley District Council", "council", "carrowvalley.gov.uk", "Council Offices, "
        "Lower Bridge Street", "Newry", "BT35 8DJ", "028 9649 6377",
        ("foi.requests", "information.governance"), "Information Governance Unit",
        ("Newry", "Banbridge", "Kilkeel", "Warrenpoint", "Newcastle", "Downpatrick"),
        ("Police Service of Northern Ireland", "Southern Health and Social Care Trust",
         "Armagh City, Banbridge and Craigavon Borough Council", "Belfast City Council")),
)


@dataclass(frozen=True)
class Topic:
    request: str  # what the requester asked for, after "the number of"
    measure: str  # what the counts are, in prose
    area_header: str


TOPICS = {
    "police": (Topic("reports of anti-social behaviour recorded in each policing district",
                     "reports of anti-social behaviour", "Policing district"),
               Topic("thefts of catalytic converters recorded in each district",
                     "thefts of catalytic converters", "District"),
               Topic("stop and search encounters in each neighbourhood policing area",
                     "stop and search encounters", "Neighbourhood area")),
    "council": (Topic("fly-tipping incidents reported in each town",
                      "reported fly-tipping incidents", "Town"),
                Topic("penalty charge notices issued in each town's council car parks",
                      "penalty charge notices", "Town"),
                Topic("homelessness applications received from each area",
                      "homelessness applications", "Area")),
    "nhs": (Topic("ambulance handovers that took longer than 60 minutes, by hospital site",
                  "ambulance handovers over 60 minutes", "Site"),
            Topic("patients referred to the community mental health team, by locality",
                  "referrals to the community mental health team", "Locality"),
            Topic("missed outpatient appointments, by clinic location",
                  "missed outpatient appointments", "Clinic location")),
}
YEARS = ("2023", "2024", "2025")
RANKS = {
    "police": ("Constable", "Constable", "Constable", "Detective Constable", "Sergeant",
               "Inspector", "PCSO"),
    "council": ("Enforcement Officer", "Housing Officer", "Environmental Health Officer",
                "Customer Services Adviser", "Team Leader"),
    "nhs": ("Band 5 Staff Nurse", "Band 6 Sister", "Band 3 Healthcare Assistant",
            "Band 4 Ward Clerk", "Band 7 Charge Nurse"),
}
PROSE_ROLE = {
    "police": ("DC", "PC", "Sergeant", "Detective Constable", "Police Constable", "PCSO"),
    "council": ("Enforcement Officer", "Housing Officer", "Environmental Health Officer"),
    "nhs": ("Staff Nurse", "Healthcare Assistant", "Ward Sister"),
}
PEOPLE_HEADER = {
    "police": ("Surname", "Forename", "Rank", "Station"),
    "council": ("Surname", "Forename", "Job title", "Office"),
    "nhs": ("Surname", "Forename", "Grade", "Ward"),
}


def pick_people(rng: random.Random, count: int) -> list[Person]:
    """count people with different forenames and surnames."""
    surnames = rng.sample(SURNAMES, count)
    forenames = rng.sample(FEMALE + MALE, count)
    return [Person(f, s, f in FEMALE) for f, s in zip(forenames, surnames, strict=True)]


def pick_staff(rng: random.Random, count: int, exclude: Sequence[Person]) -> list[Person]:
    """count people for a list of staff (names may repeat), none sharing a name with exclude."""
    taken = {p.forename for p in exclude} | {p.surname for p in exclude}
    surnames = [s for s in SURNAMES if s not in taken]
    forenames = [f for f in FEMALE + MALE if f not in taken]
    chosen = (rng.choice(forenames) for _ in range(count))
    return [Person(f, rng.choice(surnames), f in FEMALE) for f in chosen]


def requester_email(rng: random.Random, person: Person) -> str:
    first, last = person.forename.lower(), person.surname.lower().replace("'", "")
    year = rng.randint(60, 99)
    local = rng.choice((f"{first}.{last}", f"{first[0]}.{last}", f"{first}{last}{year}",
                        f"{first[0]}{last}"))
    return f"{local}@{rng.choice(REQUESTER_DOMAINS)}"

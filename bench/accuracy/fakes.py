"""Fictitious values for the accuracy benchmark: people, their names written many ways, numbers
that pass the real checks (NHS mod-11, NINO prefixes, postcode shapes), addresses, phones...

Every function takes the caller's `random.Random`, so the output depends only on the seed.
"""

from __future__ import annotations

import random
import string
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from accuracy import pools

#: the date ages and dates of birth are reckoned from (fixed, so output never depends on today)
AS_AT = date(2024, 3, 31)
_TRANSLIT = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "ß": "ss",
                           "ı": "i", "'": "", " ": "", "’": ""})


@dataclass(frozen=True, slots=True)
class Person:
    forename: str
    surname: str
    female: bool
    middle: str | None = None


def pick_weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def person(rng: random.Random, irish_bias: bool = False) -> Person:
    """A fictitious person of varied origin; `irish_bias` doubles the Irish/NI share."""
    weights = [o.weight * (2 if irish_bias and o.name == "irish" else 1) for o in pools.ORIGINS]
    origin = rng.choices(pools.ORIGINS, weights=weights)[0]
    female = rng.random() < 0.5
    first_origin = origin if rng.random() < 0.85 else rng.choice(pools.ORIGINS)
    forename = rng.choice(first_origin.female if female else first_origin.male)
    male_form, _, female_form = rng.choice(origin.surnames).partition("|")
    surname = female_form if female and female_form else male_form
    middle = None
    if rng.random() < 0.15:
        middle = rng.choice(first_origin.female if female else first_origin.male)
    return Person(forename, surname, female, middle if middle != forename else None)


def people(rng: random.Random, n: int, irish_bias: bool = False) -> list[Person]:
    return [person(rng, irish_bias) for _ in range(n)]


# --- names written down ------------------------------------------------------------------------
def initial(name: str) -> str:
    return name.strip()[:1].upper()


def initials(p: Person, style: str) -> str:
    """'J', 'J.', 'JA', 'J.A.' from the forename (and middle name)."""
    letters = [initial(p.forename)] + ([initial(p.middle)] if p.middle else [])
    if style == "single":
        return letters[0]
    if style == "single_dot":
        return letters[0] + "."
    if style == "all":
        return "".join(letters)
    return "".join(f"{c}." for c in letters)


def full_initials(p: Person) -> str:
    """Initials of forename and surname, as an initials-only column shows them ('J.McL.')."""
    sur = p.surname.replace("'", " ").split()
    first = sur[0] if sur else p.surname
    tail = first[:3] if first[:2] in ("Mc", "Ma") and len(first) > 3 else first[:1]
    return f"{initial(p.forename)}.{tail}."


def surname_as(p: Person, style: str) -> str:
    return p.surname.upper() if style == "upper" else p.surname


NAME_STYLES = ("first_last", "first_last", "last_comma_first", "LAST_init", "init_dot_last",
               "UPPER_full", "title_full", "LAST_first", "first_middle_last", "init_last")


def full_name(p: Person, style: str, rng: random.Random) -> str:
    """One person's name in one of NAME_STYLES ('John Smith', 'SMITH J', 'Smith, John'...)."""
    mid = f" {p.middle}" if p.middle else ""
    match style:
        case "last_comma_first":
            return f"{p.surname}, {p.forename}"
        case "LAST_init":
            return f"{p.surname.upper()} {initial(p.forename)}"
        case "init_dot_last":
            return f"{initial(p.forename)}. {p.surname}"
        case "init_last":
            return f"{initial(p.forename)} {p.surname}"
        case "UPPER_full":
            return f"{p.forename} {p.surname}".upper()
        case "title_full":
            titles = pools.TITLES_FEMALE if p.female else pools.TITLES_MALE
            return f"{rng.choice(titles)} {p.forename} {p.surname}"
        case "LAST_first":
            return f"{p.surname.upper()} {p.forename}"
        case "first_middle_last":
            return f"{p.forename}{mid} {p.surname}"
        case _:
            return f"{p.forename} {p.surname}"


def ascii_fold(text: str) -> str:
    text = text.translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).encode("ascii", "ignore") \
        .decode()


# --- police ------------------------------------------------------------------------------------
def rank(rng: random.Random, style: str) -> str:
    """A rank as a workforce list writes it: 'Constable', 'CONSTABLE', 'Con', 'PC'..."""
    name = pick_weighted(rng, {k: w for k, (w, _) in pools.RANKS.items()})
    if rng.random() < 0.01:
        name = rng.choice(pools.SENIOR_RANKS)
        return name.upper() if style == "upper" else name
    if style == "upper":
        return name.upper()
    if style == "abbrev":
        return rng.choice(pools.RANKS[name][1])
    return name


def collar_number(rng: random.Random, style: str) -> str | int:
    match style:
        case "int":
            return rng.randint(100, 9999)
        case "padded":
            return f"{rng.randint(1, 99999):05d}"
        case "met":
            return f"{rng.randint(1, 999)}{rng.choice(['AW', 'CW', 'EK', 'NE', 'SX', 'TX', 'YR'])}"
        case "warrant":
            return rng.randint(100000, 299999)
        case _:
            return str(rng.randint(1000, 9999))


def pay_number(rng: random.Random, style: str = "P") -> str:
    if style == "E":
        return f"E{rng.randint(10000, 99999)}"
    if style == "spaced":
        return f"P {rng.randint(100000, 999999)}"
    return f"P{rng.randint(100000, 999999)}"


# --- identifiers that carry check rules --------------------------------------------------------
_NINO_FIRST = [c for c in string.ascii_uppercase if c not in "DFIQUV"]
_NINO_SECOND = [c for c in _NINO_FIRST if c != "O"]
_NINO_BAD = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def nino(rng: random.Random, spaced: bool) -> str:
    while True:
        prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
        if prefix not in _NINO_BAD:
            break
    digits = f"{rng.randint(0, 999999):06d}"
    suffix = rng.choice("ABCD")
    if spaced:
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return f"{prefix}{digits}{suffix}"


def nhs_number(rng: random.Random, spaced: bool) -> str:
    """A ten-digit number that passes the NHS (and NI Health and Care) modulus-11 check."""
    while True:
        body = [rng.randint(0, 9) for _ in range(9)]
        body[0] = rng.choice([3, 4, 6, 9])
        check = 11 - sum(d * w for d, w in zip(body, range(10, 1, -1), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            break
    text = "".join(map(str, body)) + str(check)
    return f"{text[:3]} {text[3:6]} {text[6:]}" if spaced else text


# --- places ------------------------------------------------------------------------------------
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def postcode(rng: random.Random, district: str | None = None, style: str = "normal") -> str:
    if district is None:
        district = rng.choice(rng.choice(list(pools.TOWNS.values())))
    inward = f"{rng.randint(0, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
    if style == "nospace":
        return district + inward
    if style == "lower":
        return f"{district} {inward}".lower()
    return f"{district} {inward}"


def street(rng: random.Random) -> str:
    return f"{rng.choice(pools.STREET_STEMS)} {rng.choice(pools.STREET_TYPES)}"


def street_address(rng: random.Random, with_town: bool = False) -> tuple[str, str, str]:
    """(address line, town, postcode district) of a fictitious home."""
    town = rng.choice(list(pools.TOWNS))
    district = rng.choice(pools.TOWNS[town])
    roll = rng.random()
    if roll < 0.12:
        line = f"Flat {rng.randint(1, 24)}, {rng.randint(1, 240)} {street(rng)}"
    elif roll < 0.18:
        line = f"{rng.choice(pools.HOUSE_NAMES)}, {street(rng)}"
    elif roll < 0.26:
        line = f"{rng.randint(1, 120)}{rng.choice('abc')} {street(rng)}"
    else:
        line = f"{rng.randint(1, 240)} {street(rng)}"
    return (f"{line}, {town}" if with_town else line), town, district


# --- contact details ---------------------------------------------------------------------------
def phone(rng: random.Random) -> str:
    d = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    return rng.choice([
        f"07{d(3)} {d(6)}", f"07{d(3)} {d(3)} {d(3)}", f"+44 7{d(3)} {d(6)}", f"07{d(9)}",
        f"028 9{d(3)} {d(4)}", f"(028) {d(4)} {d(4)}", f"0161 {d(3)} {d(4)}",
        f"020 7{d(3)} {d(4)}", f"0113 {d(3)} {d(4)}", f"+44 (0)28 9{d(3)} {d(4)}",
    ])


def landline(rng: random.Random) -> str:
    """An organisation's switchboard number (police station front desks)."""
    d = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    return rng.choice([f"028 9{d(3)} {d(4)}", f"028 {d(4)} {d(4)}", f"(028) 9{d(3)} {d(4)}"])


def email(rng: random.Random, p: Person) -> str:
    first, last = ascii_fold(p.forename).lower(), ascii_fold(p.surname).lower()
    domain = rng.choice(["gmail.com", "hotmail.co.uk", "yahoo.co.uk", "btinternet.com",
                         "outlook.com", "icloud.com", "live.co.uk", "aol.com"])
    local = rng.choice([f"{first}.{last}", f"{first[:1]}{last}", f"{last}{rng.randint(1, 99)}",
                        f"{first}{last}{rng.randint(60, 99)}", f"{first}_{last}"])
    return f"{local}@{domain}"


# --- dates and vehicles ------------------------------------------------------------------------
def birth_date(rng: random.Random, min_age: int, max_age: int) -> date:
    oldest = AS_AT - timedelta(days=365 * max_age + 364)
    youngest = AS_AT - timedelta(days=365 * min_age)
    return oldest + timedelta(days=rng.randint(0, (youngest - oldest).days))


def age_on(born: date) -> int:
    years = AS_AT.year - born.year
    return years - ((AS_AT.month, AS_AT.day) < (born.month, born.day))


def format_date(d: date, style: str) -> date | str:
    match style:
        case "iso":
            return d.isoformat()
        case "text":
            return f"{d.day} {d.strftime('%b %Y')}"
        case "slash":
            return d.strftime("%d/%m/%Y")
        case "dots":
            return d.strftime("%d.%m.%y")
        case _:
            return d


def recent_date(rng: random.Random, days_back: int = 730) -> date:
    """A date up to `days_back` days before AS_AT (after it, when negative)."""
    return AS_AT - timedelta(days=rng.randint(min(0, days_back), max(0, days_back)))


_REG_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXY"


def vehicle_reg(rng: random.Random) -> str:
    """GB current ('AB12 CDE'), GB prefix ('A123 BCD') or Northern Ireland ('ABZ 1234')."""
    letters = lambda n: "".join(rng.choice(_REG_LETTERS) for _ in range(n))  # noqa: E731
    roll = rng.random()
    if roll < 0.55:
        age = rng.choice([rng.randint(2, 24), rng.randint(51, 73)])
        return f"{letters(2)}{age:02d} {letters(3)}"
    if roll < 0.65:
        return f"{rng.choice('ABCDEFGHJKLMNPRSTVWXY')}{rng.randint(1, 999)} {letters(3)}"
    mark = rng.choice(["AZ", "BZ", "CZ", "DZ", "FZ", "GZ", "HZ", "IA", "IJ", "IL", "JZ",
                       "KZ", "LZ", "MZ", "NZ", "OI", "PZ", "RZ", "SZ", "TZ", "UI", "VZ", "WZ"])
    return f"{rng.choice(_REG_LETTERS)}{mark} {rng.randint(1, 9999)}"

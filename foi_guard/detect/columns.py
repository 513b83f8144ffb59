"""Judge a whole column at once, from its header and a profile of its values.

A column of surnames is personal data although spaCy would tag a lone 'O'Neill' as an
organisation; a column of force areas ('Kent', 'Lincoln', 'Preston') is not, although every
value is a surname somewhere. Ranks, units, ages and dates of birth identify people only when the
same rows also say who they are: they are reported only in tables with a direct identifier.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import pairwise

import yaml

from foi_guard.detect.names import STRONG, WRITTEN_AS_NAMES, NameBook, Shape, load_names
from foi_guard.detect.places import places
from foi_guard.detect.recognizers import (
    EntityRule,
    HeaderRules,
    RankVocabulary,
    load_entity_rules,
    load_header_rules,
    match_cell,
    normalise_header,
    rank_vocabulary,
)
from foi_guard.detect.tables import Column, Table
from foi_guard.model import ContentUnit
from foi_guard.policy import rules_dir

PERSON = "PERSON"
NAME_WORDS = "name-words"  # a column of single words on the name lists: needs corroboration
NEEDS_CORROBORATION = {NAME_WORDS, "header+names"}
WEAK_EVIDENCE = {"POLICE_UNIT"}
DIRECT = {PERSON, "SERVICE_NUMBER", "UK_NINO", "NHS_NUMBER", "EMAIL_ADDRESS", "PHONE_NUMBER",
          "STREET_ADDRESS", "VEHICLE_REGISTRATION", "UK_POSTCODE"}
QUASI = {"POLICE_RANK", "POLICE_UNIT", "AGE", "DATE_OF_BIRTH", "VETTING_LEVEL"}
ROLES = {"VICTIM", "WITNESS", "SUSPECT", "OFFENDER", "COMPLAINANT"}
CONTACT = {"STREET_ADDRESS", "UK_POSTCODE", "PHONE_NUMBER", "EMAIL_ADDRESS"}
_NOT_PEOPLE = re.compile(
    r"\b(?:dogs?|horses?|animals?|pets?|breeds?|plants?|species|products?|vendors?|"
    r"suppliers?|compan(?:y|ies)|providers?|manufacturers?|makes?|models?|courses?|"
    r"operations?|stations?|districts?|areas?|wards?|towns?|cit(?:y|ies)|streets?|roads?|"
    r"locations?|sites?|languages?|nationalit(?:y|ies)|countr(?:y|ies)|offen[cs]es?|crimes?|"
    r"venues?|schools?|courts?|hospitals?|teams?|units?|departments?|brands?|questions?|"
    r"labels?|fields?|headings?|prompts?|librar(?:y|ies)|buildings?|premises|places?(?! of birth)|"
    r"organi[sz]ations?|bodies|authorit(?:y|ies)|councils?|trusts?|practices?|surger(?:y|ies)|"
    r"pharmac(?:y|ies)|charit(?:y|ies)|clubs?|churche?s?|parks?|estates?|propert(?:y|ies)|"
    r"outlets?|shops?|stores?|businesse?s?|establishments?|facilit(?:y|ies))\b",
    re.IGNORECASE)


_VENUES = re.compile(
    r"\b(?:stations?|venues?|premises|librar(?:y|ies)|buildings?|sites?|schools?|halls?|"
    r"churche?s?|outlets?|shops?|stores?|establishments?|facilit(?:y|ies)|surger(?:y|ies)|"
    r"practices?|pharmac(?:y|ies)|hospitals?)\b", re.IGNORECASE)


def names_venues(header: str) -> bool:
    """The header says its column lists venues or premises ('Polling station', 'Library_Name'):
    addresses in its table are theirs. Not 'Location' or 'Ward', which a list of victims has."""
    return bool(header) and _VENUES.search(normalise_header(header)) is not None


def says_not_people(header: str) -> bool:
    """The header says what a column's names are, and they are not people's: 'Dog', 'Vendor',
    'District', 'LibraryName', 'Library_Name'."""
    return bool(header) and _NOT_PEOPLE.search(normalise_header(header)) is not None


_ANIMALS = re.compile(r"\b(?:breeds?|dogs?|horses?|animals?|species|k9|canine)\b", re.IGNORECASE)
MIN_DISTINCT_NAMES = 0.4  # share of distinct values below which a column is categories
MAX_PROFILED = 3000  # distinct values profiled per column; enough to judge, bounded in time
_ROLE_WORDS = {
    "VICTIM": r"victim|injured part|\bip\b",
    "WITNESS": r"witness",
    "SUSPECT": r"suspect|accused|arrested",
    "OFFENDER": r"offender|defendant|convicted|perpetrator",
    "COMPLAINANT": r"complainant|complaint",
}
_ROLE_RE = {role: re.compile(rx, re.IGNORECASE) for role, rx in _ROLE_WORDS.items()}


def names_a_role(text: str) -> bool:
    """The text calls someone a victim, witness, suspect, offender or complainant."""
    return any(rx.search(text) for rx in _ROLE_RE.values())


@dataclass(slots=True, frozen=True)
class Judgement:
    entity: str
    confidence: float
    rule: str   # which evidence fired: header, names, pattern, vocabulary...
    why: str    # in words, for the report


@dataclass(slots=True, frozen=True)
class Detectors:
    names: NameBook
    entities: tuple[EntityRule, ...]
    headers: HeaderRules
    ranks: RankVocabulary


@cache
def detectors() -> Detectors:
    return Detectors(load_names(), tuple(load_entity_rules()), load_header_rules(),
                     rank_vocabulary())


@dataclass(slots=True)
class Profile:
    count: int
    numbers: float
    words: float                  # share of values made only of letters and name punctuation
    shapes: dict[Shape, float]
    ranks: float
    entities: dict[str, float]
    integers_under_120: float
    date_like: float
    distinct: float               # distinct values / values
    forenames: float              # single words that are forenames (Alice, Siobhan)
    written: float = 0.0          # two to four capitalised words, as a name is written


_WORDY = re.compile(r"^[^\W\d_][\w'’ .-]*$")
# 'Abdul Rahman Al Hakim', 'SMITH, John', "O'Neill-Byrne Aoife": a name in any language's
# spelling, not only the lists'
_NAME_WORD = r"(?:[A-Z][A-Za-z'’-]+|[A-Z]\.?)"
_WRITTEN_AS_NAME = re.compile(rf"^{_NAME_WORD}(?:,?[ ](?:{_NAME_WORD}"
                              r"|al|el|bin|bint|ibn|de|van|von|da|di|du|le|la)){1,4}$")
_DATEISH = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
_MONTH_DATE = re.compile(r"^\d{1,2}(?:st|nd|rd|th)? [A-Za-z]{3,9}\.? \d{4}$")


def profile(column: Column, det: Detectors, context_entities: set[str]) -> Profile:
    rules = list(det.entities)
    counts = Counter(map(str.strip, column.values()))
    counts.pop("", None)
    total = sum(counts.values()) or 1
    sample = list(counts.items())[:MAX_PROFILED]
    seen = sum(n for _, n in sample) or 1
    shapes: Counter[Shape] = Counter()
    entities: Counter[str] = Counter()
    numbers = words = ranks = small_ints = dates = forenames = written = 0
    for value, n in sample:
        if SUPPRESSED.match(value):
            numbers += n
            continue
        number = _number(value)
        if number is not None:
            numbers += n
            if number.is_integer() and 0 <= number <= 120:
                small_ints += n
            if 1 <= number <= 60_000:
                dates += n  # Excel keeps dates as serial day numbers
        elif _DATEISH.match(value) or _MONTH_DATE.match(value):
            dates += n
        # a value that starts with a digit is no shape of name (shape() says so last) and, a
        # decimal digit, not wordy: most of a table of numbers skips both
        first = value[0]
        if not first.isdecimal() and _WORDY.match(value):
            words += n
        if value.count(",") <= 1 and _WRITTEN_AS_NAME.match(value) and \
                not det.names.has_ordinary_word(value.replace(",", " ").split()):
            written += n  # not "Al's Fried Chicken": its words off the lists are English
        shape = None if first.isdigit() else det.names.shape(value)
        if shape is not None:
            shapes[shape] += n
            if shape == Shape.NAME_WORD and det.names.is_forename(value):
                forenames += n
        if det.ranks.is_rank(value):
            ranks += n
        plain_value = _plain(value)
        found = match_cell(plain_value, rules, context_ok=False)
        if context_entities:
            found |= match_cell(plain_value, rules, context_ok=True) & context_entities
        for entity in found:
            entities[entity] += n
    return Profile(total, numbers / seen, words / seen, {s: c / seen for s, c in shapes.items()},
                   ranks / seen, {e: c / seen for e, c in entities.items()}, small_ints / seen,
                   dates / seen, len(counts) / total, forenames / seen, written / seen)


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _plain(value: str) -> str:
    """'1234.0' as Excel may store a collar number -> '1234'."""
    return value[:-2] if value.endswith(".0") and value[:-2].isdigit() else value


def judge_column(column: Column, det: Detectors, aggregate: bool) -> list[Judgement]:
    header = column.header or ""
    weights = det.headers.judge(header) if header else {}
    prof = profile(column, det, {e for e, w in weights.items() if w >= 0.5})
    found = [*_person(header, weights, prof, aggregate), *_vocabulary(header, weights, prof),
             *_patterns(header, weights, prof)]
    if any(j.entity == PERSON for j in found):
        share = _places_share(column)
        headed = any(j.entity == PERSON and j.rule == "header+values" for j in found)
        if share >= (MAX_PLACES_HEADED if headed else MAX_PLACES):
            found = [j for j in found if j.entity != PERSON]
    if prof.shapes.get(Shape.RANK_NAME, 0.0) >= 0.5 and any(j.entity == PERSON for j in found):
        found += _ranks_before_names(column, det, {j.entity for j in found})
    return found


WRITTEN_AS_NAMES_SHARE = 0.6
FLAG_MIN_CELLS, FLAG_MAX_DISTINCT = 6, 3  # 'Y'/'N' down a column: a flag, not initials
MAX_PLACES = 0.3  # a column this full of towns, councils and trusts is not a list of people
MAX_PLACES_HEADED = 0.8  # ... nor, this full, under 'FRS_FULLNAME' ('Avon Fire and Rescue')
PLACES_SAMPLE = 500


def _places_share(column: Column) -> float:
    """The share of a column's distinct values that are places or bodies ('Milton Keynes',
    'West Berkshire', 'Grant Thornton LLP'): a column of them is not people, however many of
    their words are names."""
    distinct = list(dict.fromkeys(v.strip() for v in column.values() if v.strip()))
    return places().share(distinct[:PLACES_SAMPLE])


def _ranks_before_names(column: Column, det: Detectors, found: set[str]) -> list[Judgement]:
    """'PC 1234 Kelly': the rank, and the collar number when there is one, are there too."""
    values = [v for v in column.values() if v.strip()][:MAX_PROFILED]
    ranked = [found[0] for found in map(det.ranks.ranked_names, values) if found]
    out = []
    if "POLICE_RANK" not in found and len(ranked) >= 0.5 * len(values):
        out.append(Judgement("POLICE_RANK", 0.85, "rank+name", "ranks written before names"))
    numbered = [m for m in ranked if m.groupdict().get("number")]
    if "SERVICE_NUMBER" not in found and len(numbered) >= 0.5 * len(values):
        out.append(Judgement("SERVICE_NUMBER", 0.85, "rank+name",
                             "collar numbers written between rank and name"))
    return out


def _person(header: str, weights: dict[str, float], prof: Profile,
            aggregate: bool) -> list[Judgement]:
    strong = sum(prof.shapes.get(s, 0.0) for s in STRONG)
    weak = prof.shapes.get(Shape.COMMON_NAME_WORD, 0.0)
    initials = prof.shapes.get(Shape.INITIAL, 0.0)
    shaped = sum(prof.shapes.get(s, 0.0) for s in WRITTEN_AS_NAMES)
    said = weights.get(PERSON, 0.0)
    # words alone (names off the lists) need a few of them: a form's two labels under
    # 'Applicant Name' ('Invoice Date', 'Request ID') are no list of people
    if said >= 0.8 and (strong + weak + initials >= 0.3 or (prof.words >= 0.8
                                                           and prof.count >= 3)):
        return [Judgement(PERSON, 0.95, "header+values",
                          f"header '{header}'; {_pct(prof.words)} of values are words, "
                          f"{_pct(strong + weak + initials)} look like names")]
    if prof.numbers >= 0.2 or prof.distinct < MIN_DISTINCT_NAMES:
        return []  # names of people seldom repeat like categories ('German Shepherd' x 5)
    if says_not_people(header):
        return []  # 'Dog', 'Vendor', 'District': the header says what the names are
    if said >= 0.5 and prof.written >= WRITTEN_AS_NAMES_SHARE and prof.distinct >= 0.8 and \
            prof.count >= 3 and not aggregate:
        return [Judgement(PERSON, 0.85, "header+written",
                          f"header '{header}'; {_pct(prof.written)} of values are written as "
                          "names are (two to five capitalised words), though not on the lists")]
    if shaped >= 0.5 and (not aggregate or shaped >= 0.6):
        return [Judgement(PERSON, 0.9, "names",
                          f"{_pct(shaped)} of values are names written as names are")]
    if prof.count < 3:
        return []
    if aggregate:
        return []
    if prof.forenames >= 0.6:
        return [Judgement(PERSON, 0.8, "forenames",
                          f"{_pct(prof.forenames)} of values are forenames")]
    if said >= 0.5 and strong + initials >= 0.5:
        return [Judgement(PERSON, 0.85, "header+names",
                          f"header '{header}'; {_pct(strong + initials)} of values are names")]
    if strong + 0.5 * weak >= 0.6:
        return [Judgement(PERSON, 0.6, NAME_WORDS,
                          f"{_pct(strong + 0.5 * weak)} of values are on the name lists")]
    return []


def _vocabulary(header: str, weights: dict[str, float], prof: Profile) -> list[Judgement]:
    out = []
    rank_said = weights.get("POLICE_RANK", 0.0)
    if prof.ranks >= 0.6 or (rank_said >= 0.5 and prof.ranks >= 0.3):
        out.append(Judgement("POLICE_RANK", 0.9, "ranks",
                             f"{_pct(prof.ranks)} of values are police ranks or grades"))
    if weights.get("POLICE_UNIT", 0.0) >= 0.5 and prof.numbers <= 0.3:
        out.append(Judgement("POLICE_UNIT", 0.7, "header",
                             f"header '{header}' names a station, unit or department"))
    if weights.get("AGE", 0.0) >= 0.5 and prof.integers_under_120 >= 0.8:
        out.append(Judgement("AGE", 0.8, "header+values", f"header '{header}'; ages"))
    if weights.get("DATE_OF_BIRTH", 0.0) >= 0.5 and prof.date_like >= 0.6:
        out.append(Judgement("DATE_OF_BIRTH", 0.85, "header+values",
                             f"header '{header}'; {_pct(prof.date_like)} of values are dates"))
    return out


def _patterns(header: str, weights: dict[str, float], prof: Profile) -> list[Judgement]:
    out = []
    for entity, share in sorted(prof.entities.items()):
        if entity in (PERSON, "POLICE_RANK", "DATE_OF_BIRTH", "AGE"):
            continue
        said = weights.get(entity, 0.0)
        if share >= 0.5 or (said >= 0.5 and share >= 0.2):
            basis = f"header '{header}'; " if said >= 0.5 else ""
            out.append(Judgement(entity, 0.9 if said >= 0.5 else 0.8,
                                 "header+pattern" if said >= 0.5 else "pattern",
                                 f"{basis}{_pct(share)} of values match"))
    return out


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def is_aggregate(table: Table, det: Detectors) -> bool:
    """Counts by category: a numeric column of counts or amounts, each text column a list of
    labels that appear once each (districts, ranks), and no column headed as people's names.
    Registers repeat their categories (many constables) and their numbers are identifiers."""
    if any(det.headers.judge(c.header or "").get(PERSON, 0.0) >= 0.8 for c in table.columns):
        return False
    numeric = [c for c in table.columns if _numeric_share(c) >= 0.8]
    counts = [c for c in numeric if not _identifier_column(c, det)]
    if not counts:
        return False
    numeric_ids = {id(c) for c in numeric}
    labels = [c for c in table.columns if id(c) not in numeric_ids and len(c.cells) >= 2]
    return all(_distinct_share(c) >= 0.9 for c in labels)


def _identifier_column(column: Column, det: Detectors) -> bool:
    """A column of reference numbers (collar, pay, warrant numbers), not of counts."""
    if column.header and any(det.headers.judge(column.header).get(e, 0.0) >= 0.5
                             for e in DIRECT):
        return True
    if column.header and (det.headers.is_aggregate(column.header) or _PERIOD.search(column.header)):
        return False
    return _id_like(column)


# A column headed by a year, financial year, month or quarter holds a statistic for that period.
_PERIOD = re.compile(
    r"^\s*(?:(?:19|20)\d\d(?:\s*[/-]\s*\d{2,4})?|q[1-4]\b.*|(?:jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|oct|nov|dec)[a-z]*\.?(?:[\s-]*\d{2,4})?|fy\s*\d{2,4}.*)\s*$", re.IGNORECASE)


def _id_like(column: Column) -> bool:
    values = [_plain(u.value) for u in column.cells if u.value.strip()]
    if len(values) < 5 or len(set(values)) < 0.95 * len(values):
        return False
    return sum(v.isdigit() and 3 <= len(v) <= 8 for v in values) >= 0.9 * len(values) and \
        not all(1900 <= int(v) <= 2100 for v in values if v.isdigit())


def _distinct_share(column: Column) -> float:
    values = [u.value.strip().casefold() for u in column.cells if u.value.strip()]
    return len(set(values)) / len(values) if values else 1.0


# How published statistics show a suppressed or missing count: '<5', '*', '-', '..', '[c]'.
SUPPRESSED = re.compile(r"^\s*(?:<\s*\d+|\*+|-|–|\.\.|\[[a-z]\]|n/?a|x)\s*$", re.IGNORECASE)


def _numeric_share(column: Column) -> float:
    cells = column.cells
    if not cells:
        return 0.0
    words = Counter([u.value for u in cells if not u.is_number])
    suppressed = sum(n for value, n in words.items() if SUPPRESSED.match(value))
    return (len(cells) - words.total() + suppressed) / len(cells)


def judge_table(table: Table, det: Detectors) -> list[tuple[Column, Judgement]]:
    """Column judgements that make personal data, with the table's context applied."""
    aggregate = is_aggregate(table, det)
    judged = [(c, j) for c in table.columns for j in judge_column(c, det, aggregate)]
    if any(_ANIMALS.search(c.header or "") for c in table.columns):
        # police dogs and horses have people's names: only a header saying so makes people
        judged = [(c, j) for c, j in judged if j.entity != PERSON or j.rule.startswith("header")]
    judged = _corroborated(judged, table, det)
    judged = _not_forenames_alone(judged)
    judged += _by_context(table, judged, det, aggregate)
    found = {j.entity for _, j in judged}
    judged += _initials_beside_names(table, det, found)
    direct = found & DIRECT
    if not direct:
        return []
    if direct <= CONTACT and not is_about_people(table):
        return []
    judged += _roles(table, [(c, j) for c, j in judged if j.entity == PERSON], det)
    return judged


def _not_forenames_alone(judged: list[tuple[Column, Judgement]]) -> list[tuple[Column, Judgement]]:
    """A column of forenames with no surname, initial or full name beside it ('Salesperson':
    Alice, Bob) identifies nobody."""
    people = [j for _, j in judged if j.entity == PERSON]
    if people and all(j.rule == "forenames" for j in people) and \
            not any(j.entity in DIRECT - {PERSON} for _, j in judged):
        return [(c, j) for c, j in judged if j.entity != PERSON]
    return judged


def _corroborated(judged: list[tuple[Column, Judgement]], table: Table,
                  det: Detectors) -> list[tuple[Column, Judgement]]:
    """A column of single name-list words (Kent, Preston, Bella), or one merely headed 'Name',
    is people only beside something else about people: initials, forenames, ranks, reference
    numbers, dates of birth. A station or department column is no such evidence."""
    if not any(j.rule in NEEDS_CORROBORATION for _, j in judged):
        return judged  # nothing to corroborate: spare reading every column for initials
    sure = {id(c) for c, j in judged
            if j.rule not in NEEDS_CORROBORATION and j.entity not in WEAK_EVIDENCE}
    initials = any(_initial_share(c, det.names) >= 0.7 for c in table.columns)
    keep = []
    for column, judgement in judged:
        alone = not initials and not (sure - {id(column)})
        if judgement.rule in NEEDS_CORROBORATION and alone:
            continue
        keep.append((column, judgement))
    return keep


_PIVOT_OUTPUT = re.compile(r"^(?:Sum|Count|Average|Max|Min) of\b")


def _pivot_output(table: Table) -> bool:
    """A pivot table's layout: its title or a data field's caption says 'Sum of ...'."""
    captions = [table.title.split(": ", 1)[-1], *(c.header or "" for c in table.columns),
                *(u.value for c in table.columns for u in c.cells[:3])]
    return any(_PIVOT_OUTPUT.match(t.strip()) for t in captions)


def _by_context(table: Table, judged: list[tuple[Column, Judgement]], det: Detectors,
                aggregate: bool) -> list[tuple[Column, Judgement]]:
    """Columns whose header says nothing, read in the light of the rest of the table:
    reference numbers in a list of officers, dates of birth and ages in a list of people."""
    if _pivot_output(table):
        return []  # a pivot table's body is sums and counts ('Sum of Number of Votes')
    found = {j.entity for _, j in judged}
    done = {id(c) for c, _ in judged}
    out = []
    people = PERSON in found
    officers = bool(found & {"POLICE_RANK", "VETTING_LEVEL"})
    for column in table.columns:
        if id(column) in done or (column.header and (det.headers.judge(column.header)
                                                     or det.headers.says_what_it_is(
                                                         column.header))):
            continue
        if officers and not aggregate and (_id_like(column) or _code_like(column)):
            out.append((column, Judgement("SERVICE_NUMBER", 0.75, "context",
                                          "distinct reference numbers in a list of officers")))
        elif people and _birth_dates(column):
            out.append((column, Judgement("DATE_OF_BIRTH", 0.75, "context",
                                          "dates decades apart in a list of people")))
        elif people and _ages(column):
            out.append((column, Judgement("AGE", 0.7, "context",
                                          "whole numbers from 0 to 110 in a list of people")))
    return out


_CODE = re.compile(r"^[A-Z]{1,2} ?\d{4,8}$")


def _code_like(column: Column) -> bool:
    values = [u.value.strip() for u in column.cells if u.value.strip()]
    return len(values) >= 3 and sum(bool(_CODE.match(v)) for v in values) >= 0.9 * len(values)


_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


def _birth_dates(column: Column) -> bool:
    years = [y for y in (_year_of(u) for u in column.cells) if y is not None]
    if len(years) < 3 or len(years) < 0.8 * len(column.cells):
        return False
    this_year = date.today().year
    return all(1900 <= y <= this_year - 5 for y in years) and max(years) - min(years) >= 10


def _year_of(u: ContentUnit) -> int | None:
    if u.is_number:
        number = _number(u.value)
        if number is None or not 1 <= number <= 60_000:
            return None
        return 1900 + int(number / 365.25)  # Excel's serial day number
    match = _YEAR.search(u.value)
    return int(match.group(1)) if match and (_DATEISH.match(u.value) or _MONTH_DATE.match(
        u.value)) else None


def _ages(column: Column) -> bool:
    numbers = [_number(u.value) for u in column.cells if u.is_number]
    if len(numbers) < 3 or len(numbers) < 0.9 * len(column.cells):
        return False
    whole = [n for n in numbers if n is not None and n.is_integer() and 0 <= n <= 110]
    return len(whole) == len(numbers) and 10 <= sum(whole) / len(whole) <= 90 and \
        len(set(whole)) >= 3 and not _row_numbers(whole)


def _row_numbers(numbers: list[float]) -> bool:
    """0, 1, 2, 3 ... down the column: an index or a row number, not ages."""
    return len(numbers) >= 5 and all(b - a == 1 for a, b in pairwise(numbers))


def _initials_beside_names(table: Table, det: Detectors,
                           found: set[str]) -> list[tuple[Column, Judgement]]:
    if PERSON not in found:
        return []
    out = []
    for column in table.columns:
        prof_initials = _initial_share(column, det.names)
        if prof_initials >= 0.7:
            out.append((column, Judgement(PERSON, 0.8, "initials",
                                          f"{_pct(prof_initials)} of values are initials, "
                                          "beside a column of names")))
    return out


def _initial_share(column: Column, names: NameBook) -> float:
    """Share of the column's values that are initials. A column of few letters over and over
    (Y/N, M/F, a grade A-C) is a flag or a category, not people's initials."""
    cells = [u for u in column.cells if u.value.strip()][:MAX_PROFILED]
    if not cells:
        return 0.0
    if len(cells) >= FLAG_MIN_CELLS and len({u.value.strip().upper() for u in cells}) <= \
            FLAG_MAX_DISTINCT:
        return 0.0
    return sum(not u.is_number and names.shape(u.value) == Shape.INITIAL
               for u in cells) / len(cells)


@cache
def _about_people() -> tuple[re.Pattern[str], ...]:
    doc = yaml.safe_load((rules_dir() / "small_numbers.yaml").read_text(encoding="utf-8"))
    return tuple(re.compile(p, re.IGNORECASE) for p in doc.get("about_people") or [])


def is_about_people(table: Table) -> bool:
    words = " ".join([table.title, *(c.header or "" for c in table.columns)])
    return any(p.search(words) for p in _about_people())


def _roles(table: Table, people: list[tuple[Column, Judgement]],
           det: Detectors) -> list[tuple[Column, Judgement]]:
    out = []
    for column, _ in people:
        weights = det.headers.judge(column.header or "") if column.header else {}
        for role, pattern in _ROLE_RE.items():
            if weights.get(role, 0.0) >= 0.5 or pattern.search(column.header or ""):
                out.append((column, Judgement(role, 0.85, "header",
                                              f"header '{column.header}' says {role.lower()}")))
            elif pattern.search(table.title):
                out.append((column, Judgement(role, 0.7, "context",
                                              f"names in '{table.title[:40]}'")))
    return out

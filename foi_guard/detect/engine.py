"""Personal-data findings for a file's content units: columns first, then free text, then small
numbers in tables about people."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from foi_guard.detect.columns import (
    Detectors,
    Judgement,
    detectors,
    is_about_people,
    is_aggregate,
    judge_table,
    names_venues,
    says_not_people,
)
from foi_guard.detect.correspondence import (
    Correspondents,
    junior_official,
    letterhead_tables,
    read_correspondents,
    sensitive,
    tied_to_a_person,
)
from foi_guard.detect.mailboxes import mailboxes
from foi_guard.detect.office import Rows, of_office_holders
from foi_guard.detect.places import places
from foi_guard.detect.tables import Column, Grouped, Table, group
from foi_guard.detect.text import CellMode, Hit, analyse, identifying
from foi_guard.findings import locate, samples
from foi_guard.limits import Deadline
from foi_guard.model import DOCUMENT_TABLE, ContentUnit, Finding, Hidden, Severity
from foi_guard.policy import Policy

PERSONAL = "personal_data"
PERSON_ENTITY = "PERSON"
OFFICE_HOLDER = "office_holder"
ALONE = "alone"  # a name with nothing private beside it: the policy's names_alone weighs it
ALONE_RULES = {"names", "ner.PERSON"}  # not 'rank+name' (an officer) nor 'payee'
ROLE_WORDS = {"POLICE_RANK", "POLICE_UNIT", "VETTING_LEVEL"}
OFFICE_CONTACT = {PERSON_ENTITY, "EMAIL_ADDRESS", "PHONE_NUMBER"}  # an office holder's, at work
# what a table of office holders gives of them in their role: not a home address or a birthday
OFFICE_ROLE = OFFICE_CONTACT | {"POLICE_UNIT", "POLICE_RANK"}
CONTACT_IN_PROSE = {"STREET_ADDRESS", "UK_POSTCODE", "PHONE_NUMBER"}
# Hiding places whose words are read as the document's own text: metadata someone wrote, and
# alt text, which a screen reader reads out with the page
_READ_AS_TEXT = {Hidden.METADATA, Hidden.ALT_TEXT}
_NAME_WORD = re.compile(r"[^\W\d_]{2,}")
FREE_TEXT_MIN_CHARS = 5
MAX_HEADER_LINE = 120  # a line of column headers is short
MIN_BODIES, MAX_BODIES_SAMPLE = 3, 500
BODIES_SHARE = 0.6  # a column most of whose values are places or bodies lists organisations
WHOLE = -1  # a mark's end when the whole value is to go
# A cell kept out of sight is read as suspiciously as a table of people: nobody hides the name
# of a town, and one complainant's name and address in a hidden row of a statistics table is
# the leak this tool exists for.
HIDDEN_CELL = CellMode(names=True, contact=True)
_LEADING_WORDS = re.compile(r"[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*)*")
_VBA_TEXT = re.compile(r'"(?:[^"\n]|"")*"|(?:^|(?<=\s))(?:\'|Rem\s)[^\n]*', re.MULTILINE)


@dataclass(slots=True)
class Marks:
    """What redaction must change, by unit (keyed by id): spans of personal data that block,
    and small numbers to suppress."""

    spans: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    small: set[int] = field(default_factory=set)

    def add(self, unit: ContentUnit, start: int, end: int, entity: str) -> None:
        self.spans.setdefault(id(unit), []).append((start, end, entity))

    def add_small(self, units: list[ContentUnit]) -> None:
        self.small.update(id(u) for u in units)


class _Unkept(Marks):
    """A scan that redacts nothing keeps no marks: a whole column of a million names would
    otherwise cost a list and a tuple per cell."""

    def add(self, unit: ContentUnit, start: int, end: int, entity: str) -> None:
        pass

    def add_small(self, units: list[ContentUnit]) -> None:
        pass


def detect_personal_data(units: list[ContentUnit], name: str, policy: Policy,
                         deadline: Deadline | None = None,
                         marks: Marks | None = None) -> list[Finding]:
    """Findings of personal data and small numbers; with `marks`, also what redaction must
    change in each unit."""
    marks = marks if marks is not None else _Unkept()
    det = detectors()
    if policy.allowlist:
        units = [u for u in units
                 if " ".join(u.value.split()).casefold() not in policy.allowlist]
    grouped = group(units)
    if any(t.sheet and t.sheet.startswith(DOCUMENT_TABLE) for t in grouped.tables):
        grouped = group(units, letterhead_tables(units))
    shown = _shown_values(units)
    findings: list[Finding] = []
    cells: dict[CellMode, list[ContentUnit]] = defaultdict(list)
    rows = Rows()  # of the office holders' tables
    for table in grouped.tables:
        judged = judge_table(table, det)
        judged_columns = {id(column) for column, _ in judged}
        office = of_office_holders(table, det)
        if office:
            rows.add(table)
        for column, judgement in judged:
            findings += _column_findings(column, judgement, name, policy, marks,
                                         rows if office else None, shown)
        mode = CellMode(names=bool(judged), contact=bool(judged) or _people_not_places(table),
                        office=office)
        for column in table.columns:
            if id(column) not in judged_columns:
                own = _cell_mode(mode, column, det)
                # a hidden cell is read as suspiciously as a table of people, unless its
                # column's header says what it holds ('LibraryName', 'Ward'); even then a
                # name with a rank or title in it is read ('Mr J Smith')
                suspect = HIDDEN_CELL if not says_not_people(column.header or "") else \
                    replace(own, venues=False)
                for u in _texts(column.cells):
                    hidden = u.hidden and u.hidden_in_its_file()
                    cells[suspect if hidden and u.value not in shown else own].append(u)
    known = read_correspondents(_letter_units(units, grouped), det.names, policy)
    findings += _text_findings(grouped.text, det, name, policy, deadline, None, marks, known)
    bodies = _RowBodies(grouped.tables)
    for mode, units in cells.items():
        findings += _text_findings(units, det, name, policy, deadline, mode, marks,
                                   shown=shown, rows=rows, bodies=bodies)
    findings += _small_numbers(grouped.tables, det, name, policy, marks)
    return findings


def _letter_units(units: list[ContentUnit], grouped: Grouped) -> list[ContentUnit]:
    """The text a letter is read from for its addressee, signer and letterhead, in document
    order: with the cells of a document's tables, where Word letters lay out their letterhead
    ('Enquiries to', 'Direct line'); a workbook's cells are not letters."""
    if not any(t.sheet and t.sheet.startswith(DOCUMENT_TABLE) for t in grouped.tables):
        return grouped.text
    return [u for u in units if u.row is None or (u.sheet or "").startswith(DOCUMENT_TABLE)]


def _people_not_places(table: Table) -> bool:
    """A table about people whose addresses are theirs: not a list of polling stations,
    libraries or premises with their electorate or staff counts."""
    return is_about_people(table) and not any(names_venues(c.header or "")
                                              for c in table.columns)


def _shown_values(units: list[ContentUnit]) -> frozenset[str]:
    """Values the file shows in plain sight. The same value kept in a pivot cache, a filtered
    row or a link cache hides nothing: it is read as its column reads it, not as hidden text."""
    if not any(u.hidden_in_its_file() for u in units):
        return frozenset()
    return frozenset(u.value for u in units if not u.hidden_in_its_file())


def _cell_mode(table_mode: CellMode, column: Column, det: Detectors) -> CellMode:
    """A column of who was paid reads a person's name as a payee's; in a column of bodies'
    names ('Francis Bacon Pupil Referral Unit', 'Chelmsford Support Services Langley Hill'),
    the names NER finds are the bodies'."""
    header = column.header or ""
    if header and det.headers.is_payees(header):
        return replace(table_mode, payees=True)
    if names_venues(header):
        return replace(table_mode, venues=True)
    if _of_bodies(column):
        return replace(table_mode, bodies=True)
    return table_mode


def _of_bodies(column: Column) -> bool:
    values = [u.value for u in column.cells[:MAX_BODIES_SAMPLE] if not u.is_number]
    return len(values) >= MIN_BODIES and places().share(values) >= BODIES_SHARE


def _texts(units: list[ContentUnit]) -> list[ContentUnit]:
    return [u for u in units if not u.is_number and len(u.value) >= FREE_TEXT_MIN_CHARS]


def _by_place(units: list[ContentUnit]) -> dict[tuple, list[ContentUnit]]:
    groups: dict[tuple, list[ContentUnit]] = defaultdict(list)
    for u in units:
        groups[(u.path, u.part, u.sheet, u.hidden)].append(u)
    return groups


def _column_findings(column: Column, judgement: Judgement, name: str, policy: Policy,
                     marks: Marks, office: Rows | None = None,
                     shown: frozenset[str] = frozenset()) -> list[Finding]:
    detail = f"{column.label}" + (f" '{column.header}'" if column.header else "")
    out = []
    for members in _by_place(column.cells).values():
        hidden = members[0].hidden
        # office holders kept in a pivot cache as the sheet shows them hide nothing
        in_the_open = not hidden or all(u.value in shown for u in members)
        if office is None or not in_the_open or judgement.entity not in OFFICE_ROLE:
            parts = [(members, False)]
        elif judgement.entity == "EMAIL_ADDRESS":  # a PA's address beside a director's name
            owned = {id(u) for u in members if office.owns_all(u)}
            parts = [(p, in_role) for p, in_role in (
                ([u for u in members if id(u) in owned], True),
                ([u for u in members if id(u) not in owned], False)) if p]
        else:
            parts = [(members, True)]
        for part, in_role in parts:
            out.append(_column_finding(column, judgement, part, name, policy, marks, detail,
                                       in_role))
    return out


def _column_finding(column: Column, judgement: Judgement, members: list[ContentUnit],
                    name: str, policy: Policy, marks: Marks, detail: str,
                    in_role: bool) -> Finding:
    hidden = members[0].hidden
    severity = Severity.WARN if in_role else policy.for_personal_data(hidden)
    if severity == Severity.BLOCK:
        for u in members:
            marks.add(u, 0, WHOLE, judgement.entity)
    return Finding(
        rule=f"column.{judgement.rule}",
        category=PERSONAL,
        severity=severity,
        hidden=hidden,
        location=locate(members, name, detail=detail, columns=column.letter),
        entity=judgement.entity,
        evidence=samples(u.value for u in members),
        count=len(members),
        message=f"{judgement.entity} column: {judgement.why}" + (
            "; a table of public office holders (party, votes, senior posts), in their "
            "role" if in_role else ""),
    )


def _text_findings(units: list[ContentUnit], det: Detectors, name: str, policy: Policy,
                   deadline: Deadline | None, mode: CellMode | None, marks: Marks,
                   known: Correspondents | None = None,
                   shown: frozenset[str] = frozenset(),
                   rows: Rows | None = None,
                   bodies: _RowBodies | None = None) -> list[Finding]:
    hits = analyse((u.value for u in units), det, deadline, mode)
    groups: dict[tuple, list[tuple[ContentUnit, Hit]]] = defaultdict(list)
    per_unit = [hits.get(u.value, []) for u in units]
    if bodies is not None:
        per_unit = [[h for h in unit_hits if not bodies.names(u, h)]
                    for u, unit_hits in zip(units, per_unit, strict=True)]
    per_unit = [_outside_code(u, unit_hits) for u, unit_hits in zip(units, per_unit,
                                                                     strict=True)]
    if known is not None:
        per_unit = _about_someone(units, per_unit, known)
    if mode is not None and mode.office:
        per_unit = [[replace(h, rule=OFFICE_HOLDER) if _in_office(u, h, shown, rows) else h
                     for h in unit_hits] for u, unit_hits in zip(units, per_unit, strict=True)]
    if mode is None or not (mode.names or mode == HIDDEN_CELL):
        per_unit = _names_alone(units, per_unit, policy, known or Correspondents(),
                                in_prose=mode is None)
    for u, unit_hits in zip(units, per_unit, strict=True):
        for hit in unit_hits:
            key = (u.path, u.part, u.sheet, u.hidden, u.column, hit.entity,
                   hit.rule == OFFICE_HOLDER, hit.note, _severity(u, hit, policy))
            groups[key].append((u, hit))
    out = []
    for pairs in groups.values():
        members = list({id(u): u for u, _ in pairs}.values())
        first_unit, first_hit = pairs[0]
        severity = _severity(first_unit, first_hit, policy)
        if severity == Severity.BLOCK:
            for u, hit in pairs:
                marks.add(u, hit.start, hit.end, hit.entity)
        rules = sorted({h.rule for _, h in pairs})
        out.append(Finding(
            rule=rules[0] if len(rules) == 1 else "+".join(rules),
            category=PERSONAL,
            severity=severity,
            hidden=first_unit.hidden,
            location=locate(members, name),
            entity=first_hit.entity,
            evidence=samples(u.value[h.start:h.end] for u, h in pairs),
            count=len(pairs),
            message=_message(first_hit),
        ))
    return out


class _RowBodies:
    """Each row's cells under a header that says they are no people ('Company name',
    'Retailer'), by (file, part, sheet, row): indexed only once a note's name is to be looked
    up, and weighed as a body's name ('John Lewis Partnership', not a sole trader's 'Mairead
    Donnelly') only where the name is in one."""

    def __init__(self, tables: list[Table]) -> None:
        self._tables = tables
        self._index: dict[tuple, list[ContentUnit]] | None = None

    def names(self, unit: ContentUnit, hit: Hit) -> bool:
        """A name in a note that its row gives as the firm's ('John Lewis' beside 'John Lewis
        Partnership'): the firm, named after its founder."""
        if hit.entity != PERSON_ENTITY or hit.rule not in ALONE_RULES:
            return False
        words = _LEADING_WORDS.match(unit.value[hit.start:hit.end])  # 'John Lewis' of '– SPAR'
        span = (words.group() if words else unit.value[hit.start:hit.end]).casefold()
        return any(other is not unit and span in other.value.casefold()
                   and places().is_place_or_body(other.value)
                   for other in self._row(unit))

    def _row(self, unit: ContentUnit) -> list[ContentUnit]:
        if self._index is None:
            self._index = defaultdict(list)
            for table in self._tables:
                for column in table.columns:
                    if column.letter is not None and says_not_people(column.header or ""):
                        for u in column.cells:
                            if not u.is_number:
                                self._index[(u.path, u.part, u.sheet, u.row)].append(u)
        return self._index.get((unit.path, unit.part, unit.sheet, unit.row), [])


def _in_office(unit: ContentUnit, hit: Hit, shown: frozenset[str], rows: Rows | None) -> bool:
    """An office holder's name, work phone or own email, in sight; not a PA's address."""
    if hit.entity not in OFFICE_CONTACT or (unit.hidden_in_its_file() and
                                            unit.value not in shown):
        return False
    return hit.entity != "EMAIL_ADDRESS" or rows is None or \
        rows.owns(unit, unit.value[hit.start:hit.end])


def _outside_code(unit: ContentUnit, hits: list[Hit]) -> list[Hit]:
    """In macro source only its strings and comments are text someone wrote: 'Dim MonthLong As
    String' or 'Sub Sarah_Report()' name nobody; MsgBox "Ring Jane Doherty" does."""
    if not hits or Hidden.MACRO not in unit.hidden:
        return hits
    written = [m.span() for m in _VBA_TEXT.finditer(unit.value)]
    return [h for h in hits if any(a <= h.start and h.end <= b for a, b in written)]


def _severity(unit: ContentUnit, hit: Hit, policy: Policy) -> Severity:
    if hit.rule == OFFICE_HOLDER:
        return Severity.WARN
    found = policy.for_personal_data(unit.hidden_in_its_file(), unit.detail)
    if hit.note == ALONE and found == Severity.BLOCK:
        return policy.names_alone
    return found


def _message(hit: Hit) -> str:
    if hit.rule == OFFICE_HOLDER:
        return "a public office holder named in their role" if hit.entity == PERSON_ENTITY \
            else f"{hit.entity} of a public office holder, in their role"
    if hit.note == ALONE:
        return (f"{hit.entity} in text, with nothing private beside it: check they are named "
                "in their role")
    return f"{hit.entity} in text"


def _names_alone(units: list[ContentUnit], hits: list[list[Hit]], policy: Policy,
                 known: Correspondents, in_prose: bool) -> list[list[Hit]]:
    """Names in visible text with nothing private beside them: no sensitive word (the victim,
    dismissed, aged), contact detail, identifier, age, rank or officer named by rank in their
    paragraph (in a table: their cell), and no sensitive word or identifier in the paragraphs
    either side. Most are people named in their role ('the report was written by', an
    organogram's director); they are marked ALONE for the policy to weigh.
    Hidden text is never weighed so: nobody hides the name of someone named in their role;
    nor is an addressee who is not the recipient (a requester's name in a reply sent
    elsewhere)."""
    listings = _payee_listings(units) if in_prose else set()
    here = [sensitive(_names_out(u.value, unit_hits))
            or any(_makes_private(h) for h in unit_hits) or u.path in listings
            for u, unit_hits in zip(units, hits, strict=True)]
    # beside it (a PDF's lines split sentences): the words and identifiers, not an address or
    # phone number, which is as often the letterhead's
    beside = [sensitive(_names_out(u.value, unit_hits))
              or any(h.entity not in CONTACT_IN_PROSE | {PERSON_ENTITY} for h in unit_hits)
              for u, unit_hits in zip(units, hits, strict=True)]
    out = []
    for i, (u, unit_hits) in enumerate(zip(units, hits, strict=True)):
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(units)
                and units[j].part == u.part and units[j].path == u.path] if in_prose else []
        hidden = u.hidden_in_its_file()
        # a title, keywords, a picture's alt text
        written = policy.is_descriptive(hidden, u.detail) or hidden == (Hidden.ALT_TEXT,)
        if not unit_hits or (hidden and not written) or here[i] or \
                any(beside[j] for j in near):
            out.append(unit_hits)
            continue
        marked = [replace(h, note=ALONE) if _alone(u.value, h, known) else h
                  for h in unit_hits]
        out.append(identifying(marked, lambda h: h.note != ALONE))  # 'constable' alone
    return out


def _names_out(text: str, hits: list[Hit]) -> str:
    """The text without the names found in it: a surname such as Child or Ward says nothing
    private about its bearer."""
    for h in hits:
        if h.entity == PERSON_ENTITY:
            text = text[:h.start] + " " * (h.end - h.start) + text[h.end:]
    return text


_AMOUNT_HEADER = re.compile(r"(?i)\b(?:date|amount|value|net|gross|total|invoice|ref)\b|£")


def _payee_listings(units: list[ContentUnit]) -> set[tuple[str, ...]]:
    """Documents (by path) that list payments: a line of column headers names the payee
    ('Inv Date Ref Payee Details £ (net)'), so the names on its lines are who was paid, as in
    a table's payee column, not people named in their role."""
    heads = detectors().headers
    return {u.path for u in units if not u.hidden_in_its_file() and len(u.value) <= MAX_HEADER_LINE
            and heads.is_payees(u.value) and _AMOUNT_HEADER.search(u.value)}


def _makes_private(hit: Hit) -> bool:
    """An address, an identifier, an age or an officer named by rank makes a name beside it
    private; a rank or unit word alone ('the constable') does not."""
    if hit.entity == PERSON_ENTITY:
        return hit.rule not in ALONE_RULES | {OFFICE_HOLDER}
    return hit.entity not in ROLE_WORDS


def _alone(text: str, hit: Hit, known: Correspondents) -> bool:
    return hit.entity == PERSON_ENTITY and hit.rule in ALONE_RULES and \
        not known.is_stranger(text[hit.start:hit.end]) and \
        not junior_official(text[max(0, hit.start - 40):hit.start], text[hit.end:hit.end + 60])


def _about_someone(units: list[ContentUnit], hits: list[list[Hit]],
                   known: Correspondents) -> list[list[Hit]]:
    """Prose and metadata, without what every reply carries: the addressee's, recipients' and
    signer's names, the organisation's own details (its profile), and contact details tied to
    nobody (a letterhead, a switchboard). A detail is someone's when a person is named, or
    words such as 'lives at' stand, in its paragraph or the ones either side (a PDF's lines
    split sentences). Office holders named in their role in visible prose are re-ruled
    `office_holder`, which warns."""
    out = [_expected_dropped(u, unit_hits, known, _next_line(units, i))
           for i, (u, unit_hits) in enumerate(zip(units, hits, strict=True))]
    out = _office_mailboxes(units, out)
    tied = [any(h.entity == PERSON_ENTITY and h.rule != OFFICE_HOLDER for h in unit_hits)
            or tied_to_a_person(u.value) for u, unit_hits in zip(units, out, strict=True)]
    for i, u in enumerate(units):
        if (u.hidden_in_its_file() and not _letterhead(u)) or not out[i]:
            continue
        near = [j for j in (i - 1, i, i + 1)
                if 0 <= j < len(units) and units[j].part == u.part and units[j].path == u.path]
        if not any(tied[j] for j in near):
            out[i] = [h for h in out[i] if h.entity not in CONTACT_IN_PROSE]
    return out


def _next_line(units: list[ContentUnit], i: int) -> str:
    """The next unit's text when it goes on the same page or part: an organisation chart's
    'Jane Doherty' is followed by 'Corporate Director of Place' on the next line."""
    if i + 1 < len(units) and units[i + 1].part == units[i].part and \
            units[i + 1].path == units[i].path:
        return units[i + 1].value
    return ""


def _office_mailboxes(units: list[ContentUnit], hits: list[list[Hit]]) -> list[list[Hit]]:
    """An office holder's own work address beside their name in their role (an organisation
    chart's box: name, post, email) is their office's contact, as in a table of office
    holders; an address naming anyone else there is not."""
    holders: dict[int, set[str]] = {}
    for i, (u, unit_hits) in enumerate(zip(units, hits, strict=True)):
        for h in unit_hits:
            if h.entity == PERSON_ENTITY and h.rule == OFFICE_HOLDER:
                holders.setdefault(i, set()).update(
                    w.lower() for w in _NAME_WORD.findall(u.value[h.start:h.end]))
    if not holders:
        return hits
    out = []
    for i, (u, unit_hits) in enumerate(zip(units, hits, strict=True)):
        words = set().union(*(holders.get(j, set()) for j in range(i - 2, i + 3)
                              if 0 <= j < len(units) and units[j].part == u.part
                              and units[j].path == u.path))
        out.append([replace(h, rule=OFFICE_HOLDER) if h.entity == "EMAIL_ADDRESS" and words
                    and mailboxes().names_one_of(u.value[h.start:h.end], words) else h
                    for h in unit_hits])
    return out


def _letterhead(unit: ContentUnit) -> bool:
    """A page's header or footer (perhaps in a text box there): where a letter's letterhead,
    with the organisation's address and switchboard, is printed."""
    hidden = unit.hidden_in_its_file()
    return Hidden.HEADER_FOOTER in hidden and \
        set(hidden) <= {Hidden.HEADER_FOOTER, Hidden.DRAWING_TEXT}


def _expected_dropped(unit: ContentUnit, hits: list[Hit], known: Correspondents,
                      next_line: str = "") -> list[Hit]:
    # metadata, alt text and a letterhead printed on every page are read as the document's
    # own text
    in_the_open = _letterhead(unit) or all(h in _READ_AS_TEXT
                                           for h in unit.hidden_in_its_file())
    kept = []
    for hit in hits:
        span = unit.value[hit.start:hit.end]
        if known.owns(hit.entity, span):
            continue
        if hit.entity == PERSON_ENTITY and in_the_open:
            if known.covers(span):
                continue
            after = unit.value[hit.end:hit.end + 40]
            if not after.strip():
                after = f" {next_line[:40]}"  # a name alone on its line, its post below
            if known.holds_office(span, unit.value[max(0, hit.start - 40):hit.start], after):
                hit = replace(hit, rule=OFFICE_HOLDER)
        kept.append(hit)
    if len(kept) < len(hits) or any(h.rule == OFFICE_HOLDER for h in kept):
        # the signer's 'Information Access Officer', the Chief Constable's rank
        kept = identifying(kept, lambda h: h.rule != OFFICE_HOLDER)
    return kept


def _small_numbers(tables: list[Table], det: Detectors, name: str, policy: Policy,
                   marks: Marks) -> list[Finding]:
    out = []
    for table in tables:
        if not is_aggregate(table, det) or not is_about_people(table):
            continue
        for column in table.columns:
            if _is_year_or_rate(column):
                continue
            small = [u for u in column.cells if u.is_number and _small(u.value,
                                                                        policy.small_number_max)]
            marks.add_small(small)
            for members in _by_place(small).values():
                out.append(Finding(
                    rule="small-number",
                    category="small_number",
                    severity=policy.small_numbers,
                    hidden=members[0].hidden,
                    location=locate(members, name, detail=f"{column.label}"
                                    + (f" '{column.header}'" if column.header else ""),
                                    columns=column.letter),
                    count=len(members),
                    message=f"{len(members)} count(s) from 1 to {policy.small_number_max} in a "
                            "table about people: they can identify someone",
                ))
    return out


def _is_year_or_rate(column: Column) -> bool:
    header = (column.header or "").casefold()
    return any(w in header for w in ("year", "%", "percent", "rate", "ratio", "average", "mean"))


def _small(value: str, limit: int) -> bool:
    try:
        number = float(value)
    except ValueError:
        return False
    return number.is_integer() and 1 <= number <= limit


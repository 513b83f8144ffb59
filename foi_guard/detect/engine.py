"""Personal-data findings for a file's content units: columns first, then free text, then small
numbers in tables about people."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from foi_guard.detect.columns import (
    DIRECT,
    Detectors,
    Judgement,
    detectors,
    is_about_people,
    is_aggregate,
    judge_table,
)
from foi_guard.detect.correspondence import (
    Correspondents,
    read_correspondents,
    tied_to_a_person,
)
from foi_guard.detect.tables import Column, Table, group
from foi_guard.detect.text import CellMode, Hit, analyse
from foi_guard.findings import locate, samples
from foi_guard.limits import Deadline
from foi_guard.model import ContentUnit, Finding, Hidden, Severity
from foi_guard.policy import Policy

PERSONAL = "personal_data"
PERSON_ENTITY = "PERSON"
OFFICE_HOLDER = "office_holder"
CONTACT_IN_PROSE = {"STREET_ADDRESS", "UK_POSTCODE", "PHONE_NUMBER"}
FREE_TEXT_MIN_CHARS = 5
WHOLE = -1  # a mark's end when the whole value is to go
# A cell kept out of sight is read as suspiciously as a table of people: nobody hides the name
# of a town, and one complainant's name and address in a hidden row of a statistics table is
# the leak this tool exists for.
HIDDEN_CELL = CellMode(names=True, contact=True)


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
    findings: list[Finding] = []
    cells: dict[CellMode, list[ContentUnit]] = defaultdict(list)
    for table in grouped.tables:
        judged = judge_table(table, det)
        judged_columns = {id(column) for column, _ in judged}
        for column, judgement in judged:
            findings += _column_findings(column, judgement, name, policy, marks)
        mode = CellMode(names=bool(judged), contact=bool(judged) or is_about_people(table))
        for column in table.columns:
            if id(column) not in judged_columns:
                own = replace(mode, payees=det.headers.is_payees(column.header or ""))
                for u in _texts(column.cells):
                    cells[HIDDEN_CELL if u.hidden else own].append(u)
    known = read_correspondents(grouped.text, det.names, policy)
    findings += _text_findings(grouped.text, det, name, policy, deadline, None, marks, known)
    for mode, units in cells.items():
        findings += _text_findings(units, det, name, policy, deadline, mode, marks)
    findings += _small_numbers(grouped.tables, det, name, policy, marks)
    return findings


def _texts(units: list[ContentUnit]) -> list[ContentUnit]:
    return [u for u in units if not u.is_number and len(u.value) >= FREE_TEXT_MIN_CHARS]


def _by_place(units: list[ContentUnit]) -> dict[tuple, list[ContentUnit]]:
    groups: dict[tuple, list[ContentUnit]] = defaultdict(list)
    for u in units:
        groups[(u.path, u.part, u.sheet, u.hidden)].append(u)
    return groups


def _column_findings(column: Column, judgement: Judgement, name: str, policy: Policy,
                     marks: Marks) -> list[Finding]:
    detail = f"{column.label}" + (f" '{column.header}'" if column.header else "")
    out = []
    for members in _by_place(column.cells).values():
        hidden = members[0].hidden
        if policy.for_personal_data(hidden) == Severity.BLOCK:
            for u in members:
                marks.add(u, 0, WHOLE, judgement.entity)
        out.append(Finding(
            rule=f"column.{judgement.rule}",
            category=PERSONAL,
            severity=policy.for_personal_data(hidden),
            hidden=hidden,
            location=locate(members, name, detail=detail, columns=column.letter),
            entity=judgement.entity,
            evidence=samples(u.value for u in members),
            count=len(members),
            message=f"{judgement.entity} column: {judgement.why}",
        ))
    return out


def _text_findings(units: list[ContentUnit], det: Detectors, name: str, policy: Policy,
                   deadline: Deadline | None, mode: CellMode | None, marks: Marks,
                   known: Correspondents | None = None) -> list[Finding]:
    hits = analyse((u.value for u in units), det, deadline, mode)
    groups: dict[tuple, list[tuple[ContentUnit, Hit]]] = defaultdict(list)
    per_unit = [hits.get(u.value, []) for u in units]
    if known is not None:
        per_unit = _about_someone(units, per_unit, known)
    for u, unit_hits in zip(units, per_unit, strict=True):
        for hit in unit_hits:
            key = (u.path, u.part, u.sheet, u.hidden, u.column, hit.entity,
                   hit.rule == OFFICE_HOLDER, policy.for_personal_data(u.hidden, u.detail))
            groups[key].append((u, hit))
    out = []
    for pairs in groups.values():
        members = list({id(u): u for u, _ in pairs}.values())
        first_unit, first_hit = pairs[0]
        severity = Severity.WARN if first_hit.rule == OFFICE_HOLDER else \
            policy.for_personal_data(first_unit.hidden, first_unit.detail)
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
            message="a public office holder named in their role" if first_hit.rule ==
            OFFICE_HOLDER else f"{first_hit.entity} in text",
        ))
    return out


def _about_someone(units: list[ContentUnit], hits: list[list[Hit]],
                   known: Correspondents) -> list[list[Hit]]:
    """Prose and metadata, without what every reply carries: the addressee's, recipients' and
    signer's names, the organisation's own details (its profile), and contact details tied to
    nobody (a letterhead, a switchboard). A detail is someone's when a person is named, or
    words such as 'lives at' stand, in its paragraph or the ones either side (a PDF's lines
    split sentences). Office holders named in their role in visible prose are re-ruled
    `office_holder`, which warns."""
    out = [_expected_dropped(u, unit_hits, known) for u, unit_hits in zip(units, hits,
                                                                          strict=True)]
    tied = [any(h.entity == PERSON_ENTITY and h.rule != OFFICE_HOLDER for h in unit_hits)
            or tied_to_a_person(u.value) for u, unit_hits in zip(units, out, strict=True)]
    for i, u in enumerate(units):
        if u.hidden or not out[i]:
            continue
        near = [j for j in (i - 1, i, i + 1)
                if 0 <= j < len(units) and units[j].part == u.part and units[j].path == u.path]
        if not any(tied[j] for j in near):
            out[i] = [h for h in out[i] if h.entity not in CONTACT_IN_PROSE]
    return out


def _expected_dropped(unit: ContentUnit, hits: list[Hit], known: Correspondents) -> list[Hit]:
    in_the_open = all(h == Hidden.METADATA for h in unit.hidden)
    kept = []
    for hit in hits:
        span = unit.value[hit.start:hit.end]
        if known.owns(hit.entity, span):
            continue
        if hit.entity == PERSON_ENTITY and in_the_open:
            if known.covers(span):
                continue
            if known.holds_office(
                    span, unit.value[max(0, hit.start - 40):hit.start],
                    unit.value[hit.end:hit.end + 8]):
                hit = replace(hit, rule=OFFICE_HOLDER)
        kept.append(hit)
    if len(kept) < len(hits) or any(h.rule == OFFICE_HOLDER for h in kept):
        kept = _still_identifying(kept)
    return kept


def _still_identifying(hits: list[Hit]) -> list[Hit]:
    """With the expected names gone, a rank or a date left alone identifies nobody: the
    signer's 'Information Access Officer', the Chief Constable's rank."""
    if any(h.entity in DIRECT and h.rule != OFFICE_HOLDER for h in hits):
        return hits
    return [h for h in hits if h.rule == OFFICE_HOLDER]


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


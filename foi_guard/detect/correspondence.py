"""Who a letter or mail is to and from: its addressee and its signer are not leaks.

Every FOI reply says "Dear Mr Smith" to the requester it goes to, and is signed by the officer
who answers in their role. Blocking those names would block every reply. They are read from the
visible text itself (the salutation, the lines after the closing), and hits on them are dropped
from that text; any other person named there is still found. The words are data in
rules/correspondence.yaml.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import yaml

from foi_guard.detect.names import TITLES, NameBook, Shape, fold
from foi_guard.detect.places import key, places
from foi_guard.model import DOCUMENT_TABLE, ContentUnit, InspectionError
from foi_guard.policy import Policy, rules_dir
from foi_guard.profile import Profile, Recipient

NAME_SHAPES = {Shape.FULL_NAME, Shape.SURNAME_INITIAL, Shape.RANK_NAME, Shape.NAME_WORD,
               Shape.SURNAME_FORENAME}
LETTERHEAD_TABLE_MAX_ROWS = 12  # a letterhead laid out as a table: reference, enquiries to
LETTERHEAD_MAX_LINES = 30  # a letter's heading and address block are above these
SENTENCE_MIN_WORDS = 4  # lower-case words of 4+ letters that make a line a sentence
_NAME = r"(?P<name>[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3})"


@dataclass(frozen=True, slots=True)
class Words:
    salutation: re.Pattern[str]
    closing: re.Pattern[str]
    not_names: frozenset[str]
    lines_after_closing: int
    personal_contact: re.Pattern[str]
    office_before: re.Pattern[str]   # an office title just before a name
    office_after: re.Pattern[str]    # a post-nominal or senior post just after it
    sensitive: re.Pattern[str]       # words that make a name beside them private (group
                                     # 'said': a set phrase of them that does not)
    junior_before: re.Pattern[str]   # a junior job title just before a name
    junior_after: re.Pattern[str]    # ... or just after it, after a comma


@cache
def words() -> Words:
    path = rules_dir() / "correspondence.yaml"
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InspectionError(f"cannot read {path}: {exc}") from None

    def any_of(items: Iterable[str]) -> str:
        return "|".join(r"\s+".join(map(re.escape, str(w).split()))
                        for w in sorted(items, key=len, reverse=True))

    said = any_of(doc.get("not_sensitive") or []) or "(?!)"
    return Words(
        salutation=re.compile(rf"(?m)^[ \t]*(?i:{any_of(doc['salutations'])})[ \t,]+{_NAME}"),
        closing=re.compile(rf"(?im)^[ \t]*(?:{any_of(doc['closings'])})[ \t]*[,.!]?[ \t]*"
                           r"(?P<rest>[^\n]*)$"),
        not_names=frozenset(fold(w) for w in doc.get("not_names") or []),
        lines_after_closing=int(doc.get("lines_after_closing", 3)),
        personal_contact=re.compile(rf"(?i)\b(?:{any_of(doc['personal_contact_words'])})\b"),
        office_before=re.compile(rf"\b(?:{any_of(doc['office_titles'])})\.?[ \t]+{_NAME}$"),
        sensitive=re.compile(rf"(?i)(?P<said>\b(?:{said})\b)|"
                             rf"\b(?:{any_of(doc['sensitive_words'])})\b|"
                             + "|".join(f"(?:{p})" for p in doc.get("sensitive_patterns") or [])),
        junior_before=re.compile(rf"\b(?:{any_of(doc['junior_titles'])})[ \t]+$"),
        junior_after=re.compile(rf"^,[ \t]*(?:[A-Z][\w&-]*[ \t]+){{0,4}}"
                                rf"(?:{any_of(doc['junior_titles'])})\b"),
        office_after=re.compile(rf"[ \t]*,?[ \t]*(?:{any_of(doc['post_nominals'])}|"
                                rf"(?:the[ \t]+)?(?:{any_of(doc['senior_titles'])}))\b"),
    )


@dataclass(frozen=True, slots=True)
class Correspondents:
    """Who a reply is expected to name, each as the set of their folded name words (titles
    out): the addressees and recipients, the signers (as signed, and the profile's), and the
    public office holders; with the organisation's own details from its profile."""

    people: tuple[frozenset[str], ...] = ()
    office_holders: tuple[frozenset[str], ...] = ()
    addresses: frozenset[str] = frozenset()  # the recipients' own mail addresses
    # addressees who are not the recipients: a requester's name in a reply sent elsewhere
    strangers: tuple[frozenset[str], ...] = ()
    profile: Profile = field(default_factory=Profile)

    def covers(self, span: str) -> bool:
        """The span names one of them: 'Mr Smith', 'John Smith', 'Smith' for John Smith."""
        return _among(span, self.people) or self.is_organisation(span)

    def is_stranger(self, span: str) -> bool:
        return _among(span, self.strangers)

    def holds_office(self, span: str, before: str = "", after: str = "") -> bool:
        """An office holder named in their role: one in the profile, or a name after an office
        title ('Councillor', 'Chief Constable') or before a post-nominal ('MP', 'MLA')."""
        if _among(span, self.office_holders):
            return True
        w = words()
        last = span.rsplit(None, 1)[-1] if " " in span.strip() else ""
        return bool(w.office_before.search(f"{before} {span}".strip())
                    or w.office_after.match(after) or w.office_after.fullmatch(last))

    def is_organisation(self, span: str) -> bool:
        wanted = f" {key(span)} "
        return len(wanted) > 2 and any(wanted in f" {key(n)} " for n in self.profile.names)

    def owns(self, entity: str, value: str) -> bool:
        """A contact detail that is the organisation's (its profile) or goes to its owner."""
        profile = self.profile
        if entity == "EMAIL_ADDRESS":
            address = value.strip().lower()
            # the addressee's own address, or the signer's at work, whatever the domain
            return address in self.addresses or profile.is_own_mailbox(address) or \
                _mailbox_of(address.partition("@")[0], self.people)
        if entity == "UK_POSTCODE":
            return profile.is_own_postcode(value)
        if entity == "PHONE_NUMBER":
            return profile.is_own_phone(value)
        if entity == "STREET_ADDRESS":
            wanted = key(value)
            return any(wanted in key(a) for a in profile.addresses)
        return False


def _among(span: str, people: tuple[frozenset[str], ...]) -> bool:
    """'Mr Smith' or 'Smith' for John Smith; 'Joanna Smith' for the 'Ms Smith' a letter is
    addressed to (one word more: her forename)."""
    wanted = _name_words(span)
    return bool(wanted) and any(wanted <= person or (person < wanted and
                                                     len(wanted) == len(person) + 1)
                                for person in people)


def _mailbox_of(local: str, people: tuple[frozenset[str], ...]) -> bool:
    """jane.doherty@, j.doherty@, jdoherty@ for Jane Doherty, one of the people."""
    pieces = [p for p in re.split(r"[._\d-]+", local.lower()) if p]  # jane.doherty2@
    joined = "".join(pieces)
    for person in people:
        if any(len(w) > 2 and w in joined for w in person) and all(
                any(w.startswith(p) or p in w for w in person) for p in pieces):
            return True
    return False


def _name_words(text: str) -> frozenset[str]:
    return frozenset(w for w in (fold(p) for p in re.split(r"[\s,]+", text))
                     if w and w not in TITLES and len(w) > 1)


def read_correspondents(units: list[ContentUnit], names: NameBook,
                        policy: Policy | None = None) -> Correspondents:
    """The addressee and signer of each visible document (its paragraphs in order), the
    recipients and the profile's signers and office holders. When the recipients are known
    (`--requester`, a message's envelope), an addressee counts only if it is one of them:
    "Dear Mr Smith" in a reply that goes to someone else is a third party's name."""
    profile = policy.profile if policy is not None else Profile()
    recipients = policy.recipients if policy is not None else None
    parts: dict[str, list[str]] = defaultdict(list)  # a letter's pages, in order
    for u in units:
        if not u.hidden_in_its_file():
            parts[u.path].append(u.value)
    known = [_name_words(r.name) for r in recipients or ()]
    people: list[frozenset[str]] = [*known, *(_name_words(s) for s in profile.signers)]
    strangers: list[frozenset[str]] = []
    for texts in parts.values():
        text = "\n".join(texts)
        addressees = _addressees(text)
        if recipients is not None:
            strangers += [a for a in addressees if not _is_recipient(a, recipients)]
            addressees = [a for a in addressees if _is_recipient(a, recipients)]
        people += [*addressees, *_signers(text, names), *_letterhead_names(text, names)]
    return Correspondents(
        people=tuple(dict.fromkeys(p for p in people if p)),
        strangers=tuple(dict.fromkeys(strangers)),
        office_holders=tuple(p for p in (_name_words(o) for o in profile.office_holders) if p),
        addresses=frozenset(r.address for r in recipients or () if r.address),
        profile=profile)


_RUN = re.compile(r"[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)+")


def _letterhead_names(text: str, names: NameBook) -> list[frozenset[str]]:
    """Names above a letter's salutation: its letterhead and address block give the officer it
    is from ('Head of Governance Dawn Fisher', 'From: Gill Lacey') and the requester's full name
    and address. A line there with a sensitive word ('Re: assault on ...') is no such line."""
    first = words().salutation.search(text)
    top = text[:first.start()] if first is not None else _top_of_a_letter(text)
    out = []
    for line in top.splitlines():
        if sensitive(line):
            continue
        for run in _RUN.finditer(line):
            parts = run.group().split()
            for size in (3, 2):
                spans = [" ".join(parts[i:i + size]) for i in range(len(parts) - size + 1)]
                out += [_name_words(s) for s in spans if names.shape(s) == Shape.FULL_NAME]
    return out


def letterhead_tables(units: list[ContentUnit]) -> set[tuple[tuple[str, ...], str]]:
    """(path, table) of each letter's small tables above its salutation: its letterhead laid out
    as a table ('Our ref', 'Enquiries to: Jane Doherty', 'Direct line'), to be read as the
    letter's text, not judged as a table of people."""
    w = words()
    above: dict[tuple[str, ...], dict[str, int]] = defaultdict(dict)  # table -> its last row
    greeted: set[tuple[str, ...]] = set()
    closed: set[tuple[str, ...]] = set()
    for u in units:
        if u.hidden_in_its_file():
            continue
        if u.row is not None and u.sheet and u.sheet.startswith(DOCUMENT_TABLE):
            if u.path not in greeted:
                tables = above[u.path]
                tables[u.sheet] = max(tables.get(u.sheet, 0), u.row)
        elif u.path not in greeted and w.salutation.search(u.value):
            greeted.add(u.path)
        if u.path in greeted and w.closing.search(u.value):
            closed.add(u.path)
    return {(path, table) for path in closed for table, rows in above[path].items()
            if rows <= LETTERHEAD_TABLE_MAX_ROWS}


def _top_of_a_letter(text: str) -> str:
    """A letter with no salutation ('Mr J Smith' and the address, then 'Thank you for your
    request...'): its lines before the first sentence, when it closes as a letter does."""
    if words().closing.search(text) is None:
        return ""
    lines = text.splitlines(keepends=True)[:LETTERHEAD_MAX_LINES]
    for i, line in enumerate(lines):
        if sum(w[:1].islower() and len(w) > 3 for w in line.split()) >= SENTENCE_MIN_WORDS:
            return "".join(lines[:i])
    return ""


def _is_recipient(addressee: frozenset[str], recipients: tuple[Recipient, ...]) -> bool:
    """'Dear Mr Smith' to 'John Smith <...>' or to j.smith@example.com."""
    for r in recipients:
        if addressee <= _name_words(r.name):
            return True
        local = re.sub(r"[._-]+", "", r.address.partition("@")[0])
        if local and all(w in local for w in addressee):
            return True
    return False


def _addressees(text: str) -> list[frozenset[str]]:
    w = words()
    out = []
    for match in w.salutation.finditer(text):
        found = _name_words(match.group("name"))
        if found and not found & w.not_names:
            out.append(found)
    return out


def _signers(text: str, names: NameBook) -> list[frozenset[str]]:
    w = words()
    out = []
    for match in w.closing.finditer(text):
        following = [match.group("rest"), *text[match.end():].split("\n")]
        lines = [line.strip() for line in following if line.strip()][:w.lines_after_closing]
        for line in lines:
            candidate = line.split(",")[0].strip()
            if names.shape(candidate) in NAME_SHAPES:
                out.append(_name_words(candidate))
                break
    return out


def sensitive(text: str) -> bool:
    """Words that make a name beside them private ('the victim', 'was dismissed', 'aged'); not
    inside a body's name ('Child Health Analytics', 'Domestic Abuse Unit', 'Victim Support
    Services')."""
    return any(not m.group("said") and not _in_a_body_name(text, m.start(), m.end())
               for m in words().sensitive.finditer(text))


_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’&-]*(?:[ \t]+(?:and[ \t]+|of[ \t]+|for[ \t]+)?"
                              r"[A-Z][\w'’&-]*)+")


def _in_a_body_name(text: str, start: int, end: int) -> bool:
    if not text[start:start + 1].isupper():
        return False
    for run in _CAPITALISED_RUN.finditer(text, max(0, start - 80), min(len(text), end + 80)):
        if run.start() <= start and end <= run.end():
            return places().is_place_or_body(run.group())
    return False


def junior_official(before: str, after: str) -> bool:
    """'Environmental Health Officer <name>' or '<name>, Press Officer'."""
    w = words()
    return bool(w.junior_before.search(before) or w.junior_after.match(after))


def tied_to_a_person(text: str) -> bool:
    """Words near a contact detail that make it someone's ('lives at', 'her mobile')."""
    return words().personal_contact.search(text) is not None

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
from dataclasses import dataclass
from functools import cache

import yaml

from foi_guard.detect.names import TITLES, NameBook, Shape, fold
from foi_guard.model import ContentUnit, InspectionError
from foi_guard.policy import rules_dir

NAME_SHAPES = {Shape.FULL_NAME, Shape.SURNAME_INITIAL, Shape.RANK_NAME, Shape.NAME_WORD,
               Shape.SURNAME_FORENAME}
_NAME = r"(?P<name>[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3})"


@dataclass(frozen=True, slots=True)
class Words:
    salutation: re.Pattern[str]
    closing: re.Pattern[str]
    not_names: frozenset[str]
    lines_after_closing: int
    personal_contact: re.Pattern[str]


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

    return Words(
        salutation=re.compile(rf"(?m)^[ \t]*(?i:{any_of(doc['salutations'])})[ \t,]+{_NAME}"),
        closing=re.compile(rf"(?im)^[ \t]*(?:{any_of(doc['closings'])})[ \t]*[,.!]?[ \t]*"
                           r"(?P<rest>[^\n]*)$"),
        not_names=frozenset(fold(w) for w in doc.get("not_names") or []),
        lines_after_closing=int(doc.get("lines_after_closing", 3)),
        personal_contact=re.compile(rf"(?i)\b(?:{any_of(doc['personal_contact_words'])})\b"),
    )


@dataclass(frozen=True, slots=True)
class Correspondents:
    """The addressees' and signers' names, each as the set of its folded words (titles out)."""

    people: tuple[frozenset[str], ...] = ()

    def covers(self, span: str) -> bool:
        """The span names one of them: 'Mr Smith', 'John Smith', 'Smith' for John Smith."""
        wanted = _name_words(span)
        return bool(wanted) and any(wanted <= person for person in self.people)


def _name_words(text: str) -> frozenset[str]:
    return frozenset(w for w in (fold(p) for p in re.split(r"[\s,]+", text))
                     if w and w not in TITLES and len(w) > 1)


def read_correspondents(units: list[ContentUnit], names: NameBook) -> Correspondents:
    """The addressee and signer of each visible document part (its paragraphs in order)."""
    parts: dict[tuple, list[str]] = defaultdict(list)
    for u in units:
        if not u.hidden:
            parts[(u.path, u.part)].append(u.value)
    people: list[frozenset[str]] = []
    for texts in parts.values():
        text = "\n".join(texts)
        people += [p for p in (*_addressees(text), *_signers(text, names)) if p]
    return Correspondents(tuple(dict.fromkeys(people)))


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


def tied_to_a_person(text: str) -> bool:
    """Words near a contact detail that make it someone's ('lives at', 'her mobile')."""
    return words().personal_contact.search(text) is not None

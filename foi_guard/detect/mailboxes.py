"""Whose is an email address: a person's, or the organisation's role mailbox.

Every statistics table and FOI letter gives a mailbox (foi@, school.stats@,
PublicOrderStatistics@): those are the organisation's. An address is personal data when its
local part names a person, as first.last@, initial.surname@, jdoherty@ or doherty.j@ do, or
when it is on a mail service people sign up to themselves. The words are in rules/mailboxes.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from foi_guard.detect.names import NameBook, load_names, plain
from foi_guard.model import InspectionError
from foi_guard.policy import rules_dir

_PIECES = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
MIN_SURNAME = 3
MIN_CONTAINED = 4  # a name word this long inside a local part is that name's


@dataclass(frozen=True, slots=True)
class Mailboxes:
    role_words: frozenset[str]
    personal_domains: frozenset[str]
    names: NameBook

    def is_personal(self, address: str) -> bool:
        local, _, domain = address.strip().rpartition("@")
        if domain.lower().rstrip(".") in self.personal_domains:
            return True
        pieces = [p.lower() for p in _PIECES.findall(local.partition("+")[0])]
        if not pieces or any(self._role(p) for p in pieces):
            return False
        if len(pieces) >= 2:
            return self._names_a_person(pieces[0], pieces[-1])
        return self._joined_name(pieces[0])

    def names_one_of(self, address: str, words: set[str]) -> bool:
        """The local part is made from one of these (lower-case) name words: 'jane.doherty@',
        'jdoherty@' or 'doherty.j@' for a row that names Jane Doherty."""
        local = address.strip().rpartition("@")[0].partition("+")[0]
        pieces = [p.lower() for p in _PIECES.findall(local)]
        if any(len(p) >= MIN_SURNAME and p in words for p in pieces):
            return True
        return any(len(w) >= MIN_SURNAME and _joined(p, w, words) for p in pieces for w in words)

    def _role(self, piece: str) -> bool:
        if piece in self.role_words:
            return True
        return len(piece) > 4 and any(
            len(word) >= 3 and (piece.startswith(word) or piece.endswith(word))
            and not self.names.is_name_word(piece) for word in self.role_words)

    def _names_a_person(self, first: str, last: str) -> bool:
        """first.last, j.doherty, doherty.j, jane.m.doherty."""
        if len(first) <= 2 and len(last) >= MIN_SURNAME:
            return last.isalpha()
        if len(last) <= 2 and len(first) >= MIN_SURNAME:
            return self.names.is_listed(first)
        return self.names.is_forename(first) or (
            self.names.is_listed(first) and self.names.is_listed(last))

    def _joined_name(self, piece: str) -> bool:
        """jdoherty, dohertyj, janedoherty, or a forename alone (sarah@)."""
        if self.names.is_forename(piece) and self.names.is_name_word(piece):
            return True
        if len(piece) > MIN_SURNAME and (self._surname(piece[1:]) or self._surname(piece[:-1])):
            return True
        return any(self.names.is_forename(piece[:i]) and self._surname(piece[i:])
                   for i in range(3, len(piece) - MIN_SURNAME + 1))

    def _surname(self, word: str) -> bool:
        return len(word) >= MIN_SURNAME and plain(word) in self.names.surnames and \
            self.names.is_name_word(word)


def _joined(piece: str, word: str, words: set[str]) -> bool:
    """'jdoherty', 'dohertyj', 'janedoherty', 'jondoherty2': a name word of four letters or more
    anywhere in the piece; a shorter one at its start or end, beside initials or another of the
    words."""
    if len(word) >= MIN_CONTAINED:
        return word in piece
    if piece.startswith(word):
        rest = piece[len(word):]
    elif piece.endswith(word):
        rest = piece[:-len(word)]
    else:
        return False
    return len(rest) <= 2 or rest in words


@cache
def mailboxes() -> Mailboxes:
    path = rules_dir() / "mailboxes.yaml"
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InspectionError(f"cannot read {path}: {exc}") from None
    return Mailboxes(frozenset(str(w).lower() for w in doc.get("role_words") or []),
                     frozenset(str(d).lower() for d in doc.get("personal_domains") or []),
                     load_names())


def is_personal_email(address: str) -> bool:
    return mailboxes().is_personal(address)

"""Tables of public office holders: councillors with party and votes, MPs, a senior organogram.

Their names, and their work email and phone, are published in their role: they warn. A row's
email is its office holder's when it names them or is a role mailbox: a senior post's contact
address that names someone else (a PA) is that person's own. One address given for several
posts is their private office's mailbox.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from foi_guard.detect.columns import Detectors
from foi_guard.detect.correspondence import Correspondents
from foi_guard.detect.mailboxes import mailboxes
from foi_guard.detect.tables import Column, Table
from foi_guard.model import ContentUnit

# a column of people is of office holders when most of its names carry an office title
MIN_TITLED, MAX_TITLED_SAMPLE, OFFICE_TITLED_SHARE = 3, 500, 0.6
OFFICE_MAILBOX_POSTS = 3  # a PA may serve a chair and a chief executive; an office, more
_ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_WORD = re.compile(r"[^\W\d_]{3,}")


def of_office_holders(table: Table, det: Detectors) -> bool:
    """Candidates and councillors with party and votes, MPs, a senior organogram's posts; or a
    column whose names carry their office ('Councillor M Abbott', 'Jane Smith MP')."""
    return any(det.headers.is_office_holders(c.header or "") or _titled_in_office(c)
               for c in table.columns)


def _titled_in_office(column: Column) -> bool:
    values = [u.value.strip() for u in column.cells if not u.hidden and u.value.strip()]
    if len(values) < MIN_TITLED:
        return False
    none = Correspondents()
    titled = sum(none.holds_office(v) for v in values[:MAX_TITLED_SAMPLE])
    return titled >= OFFICE_TITLED_SHARE * min(len(values), MAX_TITLED_SAMPLE)


def _row(unit: ContentUnit) -> tuple:
    return (unit.path, unit.part, unit.sheet, unit.row)


@dataclass(slots=True)
class Rows:
    """The words of each row of the office holders' tables, cell by cell."""

    cells: dict[tuple, list[tuple[int, frozenset[str]]]] = field(
        default_factory=lambda: defaultdict(list))
    posts: dict[str, set[tuple]] = field(default_factory=lambda: defaultdict(set))

    def add(self, table: Table) -> None:
        for column in table.columns:
            for u in column.cells:
                if not u.is_number and u.row is not None:
                    words = frozenset(w.casefold() for w in _WORD.findall(u.value))
                    self.cells[_row(u)].append((id(u), words))
                    for address in _ADDRESS.findall(u.value):
                        self.posts[address.casefold()].add(_row(u))

    def owns(self, unit: ContentUnit, address: str) -> bool:
        """The address is a role or office mailbox, or names someone named elsewhere in its
        row."""
        if not mailboxes().is_personal(address) or \
                len(self.posts.get(address.casefold(), ())) >= OFFICE_MAILBOX_POSTS:
            return True
        words = set()
        for unit_id, cell_words in self.cells.get(_row(unit), ()):
            if unit_id != id(unit):
                words |= cell_words
        return mailboxes().names_one_of(address, words)

    def owns_all(self, unit: ContentUnit) -> bool:
        """Every address in the cell is its row's office holder's (or a role mailbox)."""
        return all(self.owns(unit, a) for a in _ADDRESS.findall(unit.value))

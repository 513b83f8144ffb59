"""What every format module is handed, and what it hands back.

A format module exposes `inspect(data, ctx)`, yielding ContentUnits (every value it can find, with
the reasons it is hidden) and Facts (structure that holds no data). It raises InspectionError when
it cannot read the whole file. It never judges whether anything is personal data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from foi_guard.limits import Deadline, Limits
from foi_guard.model import ContentUnit, Fact

Item = ContentUnit | Fact
Items = Iterator[Item]


@dataclass(slots=True)
class Context:
    limits: Limits
    deadline: Deadline
    depth: int = 0
    notes: list[str] = field(default_factory=list)
    # Sheets of the scanned workbook itself, with their hidden rows and columns (SheetInfo):
    # what a redacted copy is rebuilt from.
    sheets: list[Any] = field(default_factory=list)
    # Mail attachments read, at any depth: {"name", "sha256"} each, for the gateway's audit.
    attachments: list[dict[str, str]] = field(default_factory=list)

    def nested(self) -> Context:
        """For a file inside this one: its own layout."""
        return Context(self.limits, self.deadline, self.depth + 1, self.notes,
                       attachments=self.attachments)

    def unwrapped(self) -> Context:
        """For this very file, decrypted: one level deeper, the same layout."""
        return Context(self.limits, self.deadline, self.depth + 1, self.notes, self.sheets,
                       self.attachments)

"""Plain data handed from stage to stage: content units, facts, findings and file results.

Formats yield ContentUnits and Facts and know nothing of personal data; detection and policy turn
them into Findings; reports read Findings. No stage hands another a parser object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Hidden(StrEnum):
    """Why a piece of content would not be seen by someone opening the file. Names are output."""

    HIDDEN_SHEET = "hidden_sheet"
    VERY_HIDDEN_SHEET = "very_hidden_sheet"
    HIDDEN_ROW = "hidden_row"
    HIDDEN_COLUMN = "hidden_column"
    FILTERED_ROW = "filtered_row"
    COLLAPSED_OUTLINE = "collapsed_outline"
    ZERO_SIZE = "zero_size"
    WHITE_TEXT = "white_text"
    HIDDEN_NUMBER_FORMAT = "hidden_number_format"
    OUT_OF_VIEW = "out_of_view"
    COMMENT = "comment"
    HEADER_FOOTER = "header_footer"
    DRAWING_TEXT = "drawing_text"
    DEFINED_NAME = "defined_name"
    DATA_VALIDATION = "data_validation"
    PIVOT_CACHE = "pivot_cache"
    CHART_CACHE = "chart_cache"
    EXTERNAL_LINK_CACHE = "external_link_cache"
    TABLE_DEFINITION = "table_definition"
    METADATA = "metadata"
    CONNECTION = "connection"
    DATA_MODEL = "data_model"
    MACRO = "macro"
    EMBEDDED_OBJECT = "embedded_object"
    UNKNOWN_PART = "unknown_part"
    # Documents, slides, PDFs and mail (issue 5)
    TRACKED_CHANGE = "tracked_change"
    HIDDEN_TEXT = "hidden_text"
    ALT_TEXT = "alt_text"
    SPEAKER_NOTES = "speaker_notes"
    HIDDEN_SLIDE = "hidden_slide"
    COVERED_TEXT = "covered_text"
    ANNOTATION = "annotation"
    FORM_FIELD = "form_field"
    ATTACHMENT = "attachment"
    OPTIONAL_CONTENT = "optional_content"
    EARLIER_REVISION = "earlier_revision"


class Severity(StrEnum):
    BLOCK = "block"
    WARN = "warn"


class Verdict(StrEnum):
    PASS = "pass"
    BLOCK = "block"
    ERROR = "error"

    @staticmethod
    def worst(verdicts: list[Verdict]) -> Verdict:
        for v in (Verdict.ERROR, Verdict.BLOCK):
            if v in verdicts:
                return v
        return Verdict.PASS


class InspectionError(Exception):
    """The file could not be fully inspected. The message is the one-line reason shown to people."""

    def within(self, name: str) -> InspectionError:
        """The same error, of the same kind, naming the nested file it happened in."""
        reason = str(self)
        return type(self)(reason if reason.startswith(name) else f"{name}: {reason}")


class TimeLimitExceeded(InspectionError):
    """The scan ran out of time: not the file's fault, so a mail gateway asks for a retry."""


@dataclass(slots=True)
class ContentUnit:
    """One value found in a file, where it is, and why nobody looking at the file would see it.

    `path` is the chain of containers inside the scanned file (empty for the file itself, e.g.
    ("xl/embeddings/Book1.xlsx",) for a workbook embedded in it). `row` and `column` are 1-based.
    `detail` says what the value is when a cell reference does not (e.g. "cacheField Surname").
    """

    value: str
    part: str
    hidden: tuple[Hidden, ...] = ()
    sheet: str | None = None
    row: int | None = None
    column: int | None = None
    detail: str | None = None
    path: tuple[str, ...] = ()
    is_number: bool = False

    def hidden_in_its_file(self) -> tuple[Hidden, ...]:
        """Why nobody sees it in the document that holds it. An embedded document's own text is
        judged as that document's, as a mail attachment's is: that it is embedded is said in
        the finding, not weighed as if its every word were hidden."""
        if Hidden.EMBEDDED_OBJECT not in self.hidden:
            return self.hidden
        return tuple(h for h in self.hidden if h is not Hidden.EMBEDDED_OBJECT)


# The sheet a document's table is given ("table 2" of a Word file, a mail or a text document).
DOCUMENT_TABLE = "table "
SHEET_FACT = "sheet"  # a Fact of this kind lists a sheet and its state; it is not a finding


@dataclass(slots=True, frozen=True)
class Fact:
    """Something structural about a file that holds no data itself: an empty hidden column,
    a macro project, encryption with the default password, an external link's target."""

    kind: str
    part: str
    sheet: str | None = None
    where: str | None = None
    detail: str | None = None
    path: tuple[str, ...] = ()
    hidden: tuple[Hidden, ...] = ()


@dataclass(slots=True)
class Location:
    file: str
    part: str
    sheet: str | None = None
    cell: str | None = None
    range: str | None = None
    rows: str | None = None
    columns: str | None = None
    detail: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in (
            ("file", self.file), ("part", self.part), ("sheet", self.sheet), ("cell", self.cell),
            ("range", self.range), ("rows", self.rows), ("columns", self.columns),
            ("detail", self.detail),
        ) if v is not None}

    def describe(self) -> str:
        bits = [self.file, self.part]
        if self.sheet is not None:
            bits.append(f"sheet '{self.sheet}'")
        for label, value in (("cell", self.cell), ("range", self.range), ("rows", self.rows),
                             ("columns", self.columns)):
            if value:
                bits.append(f"{label} {value}")
        if self.detail:
            bits.append(self.detail)
        return " › ".join(bits)


@dataclass(slots=True)
class Finding:
    rule: str
    category: str
    severity: Severity
    hidden: tuple[Hidden, ...]
    location: Location
    entity: str | None = None
    evidence: list[str] = field(default_factory=list)
    count: int = 1
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": str(self.severity),
            "hidden": [str(h) for h in self.hidden],
            "location": self.location.as_dict(),
            "entity": self.entity,
            "evidence": self.evidence,
            "count": self.count,
            "message": self.message,
        }


@dataclass(slots=True)
class FileResult:
    path: str
    verdict: Verdict
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)
    file_type: str | None = None
    notes: list[str] = field(default_factory=list)
    sha256: str | None = None
    sheets: list[dict[str, str]] = field(default_factory=list)
    attachments: list[dict[str, str]] = field(default_factory=list)  # of a mail message
    # An error that may not recur (the time budget ran out, an internal fault): a gateway
    # answers "try again later" rather than refusing the message.
    transient: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "verdict": str(self.verdict),
            "error": self.error,
            "type": self.file_type,
            "sha256": self.sha256,
            "notes": self.notes,
            "sheets": self.sheets,
            "findings": [f.as_dict() for f in self.findings],
        }

"""Findings in words an FOI officer acts on: the verdict as a sentence, findings grouped by the
place they hide, and for each place what it is, why it matters and how to fix it by hand.

The texts are data, in rules/explanations.yaml, keyed by the hiding reasons of
foi_guard.model.Hidden, plus `personal_data` (in plain sight), `small_number` and the kinds of
structural findings that are not hiding places.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from foi_guard.findings import SEP
from foi_guard.model import FileResult, Finding, Severity, Verdict
from foi_guard.policy import rules_dir

EXPLANATIONS_FILE = "explanations.yaml"
FIELDS = ("title", "place", "what", "why", "fix")
DEFAULT = "default"
PERSONAL = "personal_data"


@dataclass(slots=True, frozen=True)
class Explanation:
    key: str
    title: str
    place: str
    what: str
    why: str
    fix: str


@dataclass(slots=True)
class Group:
    """Findings that hide in the same kind of place, with its explanation."""

    key: str
    explanation: Explanation
    findings: list[Finding] = field(default_factory=list)

    @property
    def blocking(self) -> bool:
        return any(f.severity == Severity.BLOCK for f in self.findings)

    @property
    def values(self) -> int:
        """Values in this place: personal-data findings and the hidden-content finding of the
        same cells count them twice, so the larger of the two."""
        personal = sum(f.count for f in self.findings if f.category == PERSONAL)
        return max(personal, sum(f.count for f in self.findings) - personal)


def explanations_path() -> Path:
    return rules_dir() / EXPLANATIONS_FILE


@cache
def explanations(path: Path | None = None) -> dict[str, Explanation]:
    """Every explanation by key; a missing field is an error, so the page never shows a gap."""
    source = path or explanations_path()
    raw = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    out: dict[str, Explanation] = {}
    for key, entry in raw.items():
        missing = [f for f in FIELDS if not isinstance(entry, dict) or not entry.get(f)]
        if missing:
            raise ValueError(f"{source.name}: '{key}' lacks {', '.join(missing)}")
        out[str(key)] = Explanation(str(key), *(" ".join(str(entry[f]).split()) for f in FIELDS))
    if DEFAULT not in out:
        raise ValueError(f"{source.name}: no '{DEFAULT}' entry")
    return out


def explain(key: str) -> Explanation:
    known = explanations()
    return known.get(key, known[DEFAULT])


def group_key(finding: Finding) -> str:
    """Where a finding hides: its first hiding reason, else what kind of finding it is."""
    if finding.hidden:
        return str(finding.hidden[0])
    if finding.category == PERSONAL:
        return PERSONAL
    if finding.category == "small_number":
        return "small_number"
    return finding.rule


def group_findings(findings: list[Finding]) -> list[Group]:
    """Groups in order: those that block first, then by how many values they hold."""
    groups: dict[str, Group] = {}
    for f in findings:
        key = group_key(f)
        groups.setdefault(key, Group(key, explain(key))).findings.append(f)
    for g in groups.values():
        g.findings.sort(key=lambda f: (f.severity != Severity.BLOCK, f.category != PERSONAL))
    return sorted(groups.values(), key=lambda g: (not g.blocking, -g.values))


def verdict_words(result: FileResult) -> str:
    """'Do not release: personal data in a hidden sheet', 'Cleared for release' or
    'Could not be checked: <reason>'."""
    if result.verdict == Verdict.ERROR:
        return f"Could not be checked: {result.error}"
    if result.verdict == Verdict.PASS:
        return "Cleared for release"
    blocking = [f for f in result.findings if f.severity == Severity.BLOCK]
    personal = [f for f in blocking if f.category == PERSONAL]
    chosen = personal or blocking
    places = [g.explanation.place for g in group_findings(chosen)]
    what = "personal data" if personal else "hidden data"
    return f"Do not release: {what} in {_join(places)}"


def _join(places: list[str]) -> str:
    if len(places) <= 2:
        return " and ".join(places)
    others = len(places) - 2
    return f"{places[0]}, {places[1]} and {others} other place{'s' if others > 1 else ''}"


def warnings_count(result: FileResult) -> int:
    return sum(1 for f in result.findings if f.severity == Severity.WARN)


def where(f: Finding) -> str:
    """A finding's place in a short phrase: "sheet 'Data', range A2:A201, column A 'Surname'"."""
    loc = f.location
    bits = [] if SEP not in loc.file else [f"inside {loc.file.partition(SEP)[2]}"]
    if loc.sheet is not None:
        bits.append(f"sheet '{loc.sheet}'")
    named_column = (loc.detail or "").startswith("column ")
    bits += [f"{label} {value}" for label, value in (
        ("cell", loc.cell), ("range", loc.range), ("rows", loc.rows),
        ("columns", None if named_column else loc.columns)) if value]
    if loc.detail:
        bits.append(loc.detail)
    return ", ".join(bits) or loc.part


def what_found(f: Finding) -> str:
    """'200 values', or the finding's message when it counts no values."""
    if not f.count:
        return f.message
    return f"{f.count:,} value{'' if f.count == 1 else 's'}"


def reasons_words(f: Finding) -> str:
    return ", ".join(explain(str(h)).title.lower() for h in f.hidden) or "not hidden"

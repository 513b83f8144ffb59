"""The one scan function every face (CLI, gateway, web page) calls.

bytes -> sniff -> format reader -> ContentUnits and Facts -> policy -> Findings -> verdict.
Whatever goes wrong inside ends as verdict `error` with a one-line reason: nothing is passed
that was not fully read.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from foi_guard.formats import inspect_data
from foi_guard.formats.base import Context
from foi_guard.formats.xlsx.cells import column_list, range_ref, row_list
from foi_guard.limits import Deadline, Limits
from foi_guard.model import (
    SHEET_FACT,
    ContentUnit,
    Fact,
    FileResult,
    Finding,
    Hidden,
    InspectionError,
    Location,
    Severity,
    Verdict,
)
from foi_guard.policy import Policy, load_policy
from foi_guard.report.mask import mask

SEP = " › "
EVIDENCE_SAMPLES = 3
_ROW_REASONS = {Hidden.HIDDEN_ROW, Hidden.FILTERED_ROW, Hidden.COLLAPSED_OUTLINE}
_COL_REASONS = {Hidden.HIDDEN_COLUMN}


def scan_path(path: str | Path, policy: Policy | None = None,
              limits: Limits | None = None) -> FileResult:
    label = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return FileResult(label, Verdict.ERROR, error=f"cannot read file: {exc.strerror or exc}")
    return scan_bytes(data, label, policy, limits)


def scan_bytes(data: bytes, label: str, policy: Policy | None = None,
               limits: Limits | None = None) -> FileResult:
    limits = limits or Limits()
    result = FileResult(label, Verdict.PASS, sha256=hashlib.sha256(data).hexdigest())
    try:
        policy = policy or load_policy()
        ctx = Context(limits, Deadline(limits.max_seconds))
        units, facts = _collect(inspect_data(data, ctx))
        result.notes = ctx.notes
        result.sheets = [{"file": SEP.join((Path(label).name, *f.path)), "name": f.sheet or "",
                          "state": f.where or ""} for f in facts if f.kind == SHEET_FACT]
        facts = [f for f in facts if f.kind != SHEET_FACT]
        result.findings = findings_for(units, facts, Path(label).name, policy)
    except InspectionError as exc:
        return _error(result, str(exc))
    except MemoryError:
        return _error(result, "ran out of memory while inspecting")
    except RecursionError:
        return _error(result, "structure nested too deeply to inspect")
    except Exception as exc:  # fail closed: an unexpected fault must never pass a file
        return _error(result, f"internal error ({type(exc).__name__}: {str(exc)[:100]})")
    blocking = any(f.severity == Severity.BLOCK for f in result.findings)
    result.verdict = Verdict.BLOCK if blocking else Verdict.PASS
    return result


def _error(result: FileResult, reason: str) -> FileResult:
    result.verdict = Verdict.ERROR
    result.error = " ".join(reason.split())
    result.findings = []
    return result


def _collect(items: Iterable[ContentUnit | Fact]) -> tuple[list[ContentUnit], list[Fact]]:
    units: list[ContentUnit] = []
    facts: list[Fact] = []
    for item in items:
        (units if isinstance(item, ContentUnit) else facts).append(item)
    return units, facts


def findings_for(units: list[ContentUnit], facts: list[Fact], file_label: str,
                 policy: Policy) -> list[Finding]:
    groups: dict[tuple, list[ContentUnit]] = defaultdict(list)
    for u in units:
        if u.hidden:
            groups[(u.path, u.part, u.sheet, u.hidden)].append(u)
    findings = [_hidden_finding(key, members, file_label, policy)
                for key, members in groups.items()]
    findings += [_fact_finding(f, file_label, policy) for f in facts]
    findings.sort(key=lambda f: (f.severity != Severity.BLOCK, f.location.file, f.location.part,
                                 f.location.sheet or ""))
    return findings


def _file_label(file_label: str, path: tuple[str, ...]) -> str:
    return SEP.join((file_label, *path))


def _hidden_finding(key: tuple, members: list[ContentUnit], file_label: str,
                    policy: Policy) -> Finding:
    path, part, sheet, hidden = key
    location = Location(_file_label(file_label, path), part, sheet)
    cells = [(u.row, u.column) for u in members if u.row is not None and u.column is not None]
    if cells:
        rows = [r for r, _ in cells]
        cols = [c for _, c in cells]
        bounds = range_ref(min(rows), min(cols), max(rows), max(cols))
        if ":" in bounds:
            location.range = bounds
        else:
            location.cell = bounds
        if _ROW_REASONS & set(hidden):
            location.rows = row_list(set(rows))
        if _COL_REASONS & set(hidden):
            location.columns = column_list(set(cols))
    details = list(dict.fromkeys(u.detail for u in members if u.detail))
    if details:
        location.detail = "; ".join(details[:3]) + (f"; … {len(details) - 3} more"
                                                    if len(details) > 3 else "")
    severity = policy.for_hidden_content(hidden)
    metadata_only = set(hidden) == {Hidden.METADATA}
    samples = _samples(members)
    return Finding(
        rule="metadata" if metadata_only else "hidden-data",
        category="metadata" if metadata_only else "hidden_content",
        severity=severity,
        hidden=hidden,
        location=location,
        evidence=samples,
        count=len(members),
        message=_message(hidden, len(members)),
    )


def _samples(members: list[ContentUnit]) -> list[str]:
    """The first few distinct masked values: enough to recognise, never the data itself."""
    found: dict[str, None] = {}
    for u in members:
        if u.value.strip():
            found[mask(u.value)] = None
            if len(found) == EVIDENCE_SAMPLES:
                break
    return list(found)


def _message(hidden: tuple[Hidden, ...], count: int) -> str:
    places = " + ".join(h.replace("_", " ") for h in hidden)
    noun = "value" if count == 1 else "values"
    return f"{count} {noun} in {places}"


def _fact_finding(fact: Fact, file_label: str, policy: Policy) -> Finding:
    location = Location(_file_label(file_label, fact.path), fact.part, fact.sheet,
                        detail=fact.where)
    if fact.where and fact.where.startswith("rows "):
        location.rows, location.detail = fact.where[5:], None
    elif fact.where and fact.where.startswith("columns "):
        location.columns, location.detail = fact.where[8:], None
    return Finding(
        rule="hidden-structure" if fact.hidden and fact.kind != "thumbnail" else fact.kind,
        category="hidden_structure",
        severity=policy.for_fact(fact.kind),
        hidden=fact.hidden,
        location=location,
        count=0,
        message=fact.detail or f"{fact.kind.replace('_', ' ')} present, holding no data",
    )

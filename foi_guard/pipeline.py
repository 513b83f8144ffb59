"""The one scan function every face (CLI, gateway, web page) calls.

bytes -> sniff -> format reader -> ContentUnits and Facts -> policy -> Findings -> verdict.
Whatever goes wrong inside ends as verdict `error` with a one-line reason: nothing is passed
that was not fully read.
"""

from __future__ import annotations

import gc
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foi_guard.detect.engine import Marks, detect_personal_data
from foi_guard.findings import SEP, file_label, locate, samples
from foi_guard.formats import inspect_data
from foi_guard.formats.base import Context
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
    TimeLimitExceeded,
    Verdict,
)
from foi_guard.policy import Policy, load_policy


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector for one scan, then collect once.

    A scan makes tens of thousands of short-lived objects (one per cell), which reference
    counting frees. Left on, the collector walks them, and everything else alive (spaCy's model
    among it), again and again: a quarter of a large workbook's scan. What survives the
    collection afterwards is long-lived (the model, caches), so it is frozen out of later
    collections' way.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect()
            gc.freeze()


def scan_path(path: str | Path, policy: Policy | None = None,
              limits: Limits | None = None) -> FileResult:
    label = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return FileResult(label, Verdict.ERROR, error=f"cannot read file: {exc.strerror or exc}")
    return scan_bytes(data, label, policy, limits)


def scan_bytes(data: bytes, label: str, policy: Policy | None = None,
               limits: Limits | None = None, kind: str | None = None) -> FileResult:
    return scan_in_full(data, label, policy, limits, kind=kind, marks=False).result


@dataclass(slots=True)
class Scan:
    """A scan and what it read: the units, what redaction must change, the workbook's sheets."""

    result: FileResult
    units: list[ContentUnit] = field(default_factory=list)
    marks: Marks = field(default_factory=Marks)
    sheets: list[Any] = field(default_factory=list)


def scan_in_full(data: bytes, label: str, policy: Policy | None = None,
                 limits: Limits | None = None, deadline: Deadline | None = None,
                 kind: str | None = None, marks: bool = True) -> Scan:
    """Scan, keeping what was read and (unless not `marks`) what redaction must change;
    `deadline` when the scan is part of a longer job, `kind` to name the file's type rather
    than sniff it."""
    limits = limits or Limits()
    scan = Scan(FileResult(label, Verdict.PASS, sha256=hashlib.sha256(data).hexdigest()))
    result = scan.result
    try:
        policy = policy or load_policy()
        ctx = Context(limits, deadline or Deadline(limits.max_seconds))
        units, facts = _collect(inspect_data(data, ctx, kind))
        result.notes = ctx.notes
        result.sheets = [{"file": SEP.join((Path(label).name, *f.path)), "name": f.sheet or "",
                          "state": f.where or "visible"} for f in facts if f.kind == SHEET_FACT]
        facts = [f for f in facts if f.kind != SHEET_FACT]
        result.findings = findings_for(units, facts, Path(label).name, policy, ctx.deadline,
                                       scan.marks if marks else None)
        scan.units, scan.sheets = units, ctx.sheets
        result.attachments = ctx.attachments
    except TimeLimitExceeded as exc:
        _error(result, str(exc)).transient = True
        return scan
    except InspectionError as exc:
        _error(result, str(exc))
        return scan
    except MemoryError:
        _error(result, "ran out of memory while inspecting")
        return scan
    except RecursionError:
        _error(result, "structure nested too deeply to inspect")
        return scan
    except Exception as exc:  # fail closed: an unexpected fault must never pass a file
        _error(result, f"internal error ({type(exc).__name__}: {str(exc)[:100]})").transient = True
        return scan
    blocking = any(f.severity == Severity.BLOCK for f in result.findings)
    result.verdict = Verdict.BLOCK if blocking else Verdict.PASS
    return scan


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


def findings_for(units: list[ContentUnit], facts: list[Fact], name: str, policy: Policy,
                 deadline: Deadline | None = None, marks: Marks | None = None) -> list[Finding]:
    groups: dict[tuple, list[ContentUnit]] = defaultdict(list)
    for u in units:
        if u.hidden:
            groups[(u.path, u.part, u.sheet, u.hidden)].append(u)
    findings = [_hidden_finding(members, name, policy) for members in groups.values()]
    findings += [_fact_finding(f, name, policy) for f in facts]
    findings += detect_personal_data(units, name, policy, deadline, marks)
    findings.sort(key=lambda f: (f.severity != Severity.BLOCK, f.category != "personal_data",
                                 f.location.file, f.location.part, f.location.sheet or ""))
    return findings


def _hidden_finding(members: list[ContentUnit], name: str, policy: Policy) -> Finding:
    hidden = members[0].hidden
    metadata_only = set(hidden) == {Hidden.METADATA}
    return Finding(
        rule="metadata" if metadata_only else "hidden-data",
        category="metadata" if metadata_only else "hidden_content",
        severity=policy.for_hidden_content(hidden),
        hidden=hidden,
        location=locate(members, name),
        evidence=samples(u.value for u in members),
        count=len(members),
        message=_message(hidden, len(members)),
    )


def _message(hidden: tuple[Hidden, ...], count: int) -> str:
    places = " + ".join(h.replace("_", " ") for h in hidden)
    noun = "value" if count == 1 else "values"
    return f"{count} {noun} in {places}"


def _fact_finding(fact: Fact, name: str, policy: Policy) -> Finding:
    location = Location(file_label(name, fact.path), fact.part, fact.sheet, detail=fact.where)
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

"""Redaction: a new file that is safe to release, proven by scanning it again.

The input is never modified. The copy is written to a temporary file beside the output and moved
into place only after it re-scans without a blocking finding and every visible cell that was not
redacted reads back exactly as in the input; otherwise nothing is left behind and the reason is
given.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from foi_guard.limits import Deadline, Limits
from foi_guard.model import FileResult, InspectionError, Verdict
from foi_guard.pipeline import Scan, scan_in_full
from foi_guard.policy import Policy, load_policy
from foi_guard.redact.plan import DEFAULT_MARKER, Plan, build_plan
from foi_guard.redact.verify import check_values
from foi_guard.redact.writers import csv_names, write_csv, write_xlsx
from foi_guard.report.mask import mask
from foi_guard.sniff import sniff


@dataclass(slots=True)
class Redaction:
    input: str
    outputs: list[str] = field(default_factory=list)
    ok: bool = False
    error: str | None = None
    source: FileResult | None = None
    changes: list[dict[str, object]] = field(default_factory=list)
    rescans: list[FileResult] = field(default_factory=list)


def default_output(path: Path, fmt: str) -> Path:
    return path.with_name(f"{path.stem}.redacted.{fmt}")


def redact(path: Path, output: Path | None = None, fmt: str | None = None,
           policy: Policy | None = None, limits: Limits | None = None, force: bool = False,
           bom: bool = False, marker: str = DEFAULT_MARKER) -> Redaction:
    """Redact a workbook (to xlsx or csv) or a Word document (to docx); `fmt` None keeps the
    input's kind."""
    policy = policy or load_policy()
    limits = limits or Limits()
    deadline = Deadline(limits.max_seconds)  # one budget for every pass of the job
    job = Redaction(str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        job.error = f"cannot read the input: {exc.strerror or exc}"
        return job
    try:
        if sniff(data) == "docx":
            _redact_document(data, path, output, fmt, policy, limits, deadline, force, marker,
                             job)
        else:
            _redact_workbook(data, path, output, fmt or "xlsx", policy, limits, deadline,
                             force, bom, marker, job)
        job.ok = True
    except InspectionError as exc:
        job.error = str(exc)
    except OSError as exc:
        job.error = f"cannot write the redacted copy: {exc.strerror or exc}"
    except Exception as exc:  # fail closed: no traceback, no copy
        job.error = f"internal error while redacting ({type(exc).__name__}: {str(exc)[:100]})"
    return job


def _redact_workbook(data: bytes, path: Path, output: Path | None, fmt: str, policy: Policy,
                     limits: Limits, deadline: Deadline, force: bool, bom: bool, marker: str,
                     job: Redaction) -> None:
    output = output or default_output(path, fmt)
    if fmt not in ("xlsx", "csv"):
        raise InspectionError(f"a workbook is redacted to xlsx or csv, not {fmt}")
    scan = scan_in_full(data, str(path), policy, limits, deadline)
    job.source = scan.result
    _check_input(scan)
    plan = build_plan(scan.units, scan.sheets, scan.marks, marker)
    job.changes = describe_changes(scan, plan)
    plan = _settle(plan, policy, limits, deadline, marker, job, output.parent)
    targets = [(None, output)] if fmt == "xlsx" else csv_names(plan, output)
    for _sheet, target in targets:
        if target.exists() and not force:
            raise InspectionError(f"{target} exists; use --force to replace it")
    job.outputs = _write_proven(plan, targets, fmt, bom, policy, limits, deadline, job)


MAX_PASSES = 3


def _settle(plan: Plan, policy: Policy, limits: Limits, deadline: Deadline, marker: str,
            job: Redaction, folder: Path) -> Plan:
    """Redact the copy again while scanning it still finds personal data.

    Taking one name out of a sentence can let NER see the next one, and removing hidden rows
    can turn a table of counts into a list. Each pass is checked against the one before, so
    cells no pass redacted still equal the input's."""
    for attempt in range(2, MAX_PASSES + 1):
        fd, name = tempfile.mkstemp(prefix=".foi-guard-", suffix=".xlsx", dir=folder)
        os.close(fd)
        tmp = Path(name)
        try:
            write_xlsx(plan, tmp)
            deadline.check()
            check_values(plan, tmp, "xlsx")
            scan = scan_in_full(tmp.read_bytes(), str(tmp), policy, limits, deadline)
        finally:
            tmp.unlink(missing_ok=True)
        if scan.result.verdict == Verdict.ERROR:
            raise InspectionError(f"the redacted copy could not be checked: {scan.result.error}")
        blocking = [f for f in scan.result.findings if str(f.severity) == "block"]
        if scan.result.verdict != Verdict.BLOCK or any(
                f.category != "personal_data" for f in blocking):
            return plan
        plan = build_plan(scan.units, scan.sheets, scan.marks, marker)
        job.changes += [dict(c, **{"pass": attempt}) for c in describe_changes(scan, plan)
                        if "cell" in c]
    return plan


def _redact_document(data: bytes, path: Path, output: Path | None, fmt: str | None,
                     policy: Policy, limits: Limits, deadline: Deadline, force: bool,
                     marker: str, job: Redaction) -> None:
    from foi_guard.redact import docx

    output = output or default_output(path, "docx")
    if fmt not in (None, "docx"):
        raise InspectionError(f"a Word document is redacted to docx, not {fmt}")
    job.source = scan_in_full(data, str(path), policy, limits, deadline, marks=False).result
    if job.source.verdict == Verdict.ERROR:
        raise InspectionError(f"the input could not be fully inspected: {job.source.error}")
    if output.exists() and not force:
        raise InspectionError(f"{output} exists; use --force to replace it")
    copy, job.changes = docx.redact_document(data, policy, limits, deadline, marker)
    job.outputs = [_write_bytes_proven(copy, output, policy, limits, deadline, job)]


def _write_bytes_proven(copy: bytes, target: Path, policy: Policy, limits: Limits,
                        deadline: Deadline, job: Redaction) -> str:
    """Write beside the target, scan what was written, and only then move it into place."""
    fd, name = tempfile.mkstemp(prefix=".foi-guard-", suffix=target.suffix, dir=target.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(copy)
        _rescan(tmp, target, policy, limits, deadline, job)
        os.replace(tmp, target)
        return str(target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _rescan(tmp: Path, target: Path, policy: Policy, limits: Limits, deadline: Deadline,
            job: Redaction) -> None:
    """Scan a copy written for `target` into the job's record; one that does not pass is
    refused."""
    rescan = scan_in_full(tmp.read_bytes(), str(tmp), policy, limits, deadline,
                          marks=False).result
    rescan.path = str(target)
    job.rescans.append(rescan)
    if rescan.verdict != Verdict.PASS:
        raise InspectionError(f"the redacted copy still does not pass ({_why(rescan)}); "
                              "nothing was written")


def _why(result: FileResult) -> str:
    return result.error or ", ".join(sorted(
        {f.entity or str(f.hidden[0]) for f in result.findings if str(f.severity) == "block"}))


def _check_input(scan: Scan) -> None:
    if scan.result.verdict == Verdict.ERROR:
        raise InspectionError(f"the input could not be fully inspected: {scan.result.error}")
    if not scan.sheets:
        raise InspectionError("only workbooks (.xlsx, .xlsm) and Word documents (.docx) can "
                              "be redacted")


def _write_proven(plan: Plan, targets: list, fmt: str, bom: bool, policy: Policy,
                  limits: Limits, deadline: Deadline, job: Redaction) -> list[str]:
    temps: list[tuple[Path, Path]] = []
    try:
        for sheet, target in targets:
            fd, tmp = tempfile.mkstemp(prefix=".foi-guard-", suffix=target.suffix,
                                       dir=target.parent)
            os.close(fd)
            temps.append((Path(tmp), target))
            if fmt == "xlsx":
                write_xlsx(plan, Path(tmp))
            else:
                write_csv(sheet, Path(tmp), bom)
        for (tmp, target), (sheet, _t) in zip(temps, targets, strict=True):
            deadline.check()
            _rescan(tmp, target, policy, limits, deadline, job)
            check_values(plan if sheet is None else _only(plan, sheet), tmp, fmt)
        for tmp, target in temps:
            os.replace(tmp, target)
        return [str(target) for _tmp, target in temps]
    finally:
        for tmp, _target in temps:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def _only(plan: Plan, sheet: object) -> Plan:
    return Plan([sheet], [], {}, {}, 0, 0)  # type: ignore[list-item]


def describe_changes(scan: Scan, plan: Plan) -> list[dict[str, object]]:
    """Every change, with its place and masked evidence: the redaction report."""
    changes: list[dict[str, object]] = []
    for name in plan.removed_sheets:
        changes.append({"action": "removed sheet", "sheet": name})
    for name, count in plan.removed_rows.items():
        if count:
            changes.append({"action": "removed hidden rows", "sheet": name, "count": count})
    for name, count in plan.removed_columns.items():
        if count:
            changes.append({"action": "removed hidden columns", "sheet": name, "count": count})
    parts = sorted({f.location.part for f in scan.result.findings
                    if f.hidden and f.location.sheet is None})
    for part in parts:
        changes.append({"action": "not copied", "part": part})
    for sheet in plan.sheets:
        for (row, col), cell in sorted(sheet.cells.items()):
            if cell.change:
                changes.append({"action": cell.change, "sheet": sheet.name,
                                "cell": _ref(row, col), "evidence": mask(cell.original)})
    changes.append({"action": "metadata reset", "part": "docProps"})
    return changes


def _ref(row: int, col: int) -> str:
    from foi_guard.formats.xlsx.cells import cell_ref

    return cell_ref(row, col)

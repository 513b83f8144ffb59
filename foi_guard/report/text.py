"""A per-file report an FOI officer can act on: what, where, why it is hidden, masked samples."""

from __future__ import annotations

from collections import Counter

from foi_guard.model import FileResult, Finding, Severity, Verdict
from foi_guard.report import overall

_HEADLINE = {
    Verdict.PASS: "PASS   ",
    Verdict.BLOCK: "BLOCK  ",
    Verdict.ERROR: "ERROR  ",
}


def render(results: list[FileResult]) -> str:
    lines: list[str] = []
    for result in results:
        lines += _file_lines(result)
    lines.append(_summary(results))
    return "\n".join(lines) + "\n"


def _file_lines(result: FileResult) -> list[str]:
    counts = Counter(str(f.severity) for f in result.findings)
    head = f"{_HEADLINE[result.verdict]}{result.path}"
    if result.verdict == Verdict.ERROR:
        return [f"{head}: {result.error}", ""]
    head += f"  ({counts['block']} blocking, {counts['warn']} warnings)"
    lines = [head]
    lines += [f"  note: {n}" for n in result.notes]
    lines += [_finding_line(f) for f in result.findings]
    lines.append("")
    return lines


def _finding_line(f: Finding) -> str:
    where = f.location.describe()
    why = ", ".join(str(h) for h in f.hidden) or "visible"
    mark = "✗" if f.severity == Severity.BLOCK else "!"
    text = f"  {mark} [{f.severity}] {f.rule} ({why}) at {where}"
    if f.count:
        text += f": {f.count:,} value{'s' if f.count != 1 else ''}"
    if f.evidence:
        text += f", e.g. {', '.join(f.evidence)}"
    elif f.message:
        text += f": {f.message}"
    return text


def _summary(results: list[FileResult]) -> str:
    verdicts = Counter(r.verdict for r in results)
    parts = [f"{verdicts[v]} {v}" for v in (Verdict.PASS, Verdict.BLOCK, Verdict.ERROR)]
    return f"{len(results)} file(s): {', '.join(parts)}. Overall: {overall(results).upper()}"

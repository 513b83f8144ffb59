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
    blocking = _plural(counts["block"], "blocking finding")
    head += f"  ({blocking}, {_plural(counts['warn'], 'warning')})"
    lines = [head]
    lines += [f"  note: {n}" for n in result.notes]
    lines += [_finding_line(f) for f in result.findings]
    lines.append("")
    return lines


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _finding_line(f: Finding) -> str:
    mark = "✗ BLOCK" if f.severity == Severity.BLOCK else "! warn "
    what = f"{f.count:,} value{'s' if f.count != 1 else ''}" if f.count else f.message
    samples = f" (e.g. {', '.join(f.evidence)})" if f.evidence else ""
    why = ", ".join(str(h) for h in f.hidden) or "not hidden"
    entity = f"{f.entity} " if f.entity else ""
    explain = f"          {f.message}\n" if f.entity and f.message else ""
    return (f"  {mark} {entity}{_where(f)}: {what}{samples}\n{explain}"
            f"          hidden by: {why} · part {f.location.part} · rule {f.rule}")


def _where(f: Finding) -> str:
    loc = f.location
    bits = [] if " › " not in loc.file else [f"inside {loc.file.partition(' › ')[2]}"]
    if loc.sheet is not None:
        bits.append(f"sheet '{loc.sheet}'")
    bits += [f"{label} {value}" for label, value in (
        ("cell", loc.cell), ("range", loc.range), ("rows", loc.rows), ("columns", loc.columns))
        if value]
    if loc.detail:
        bits.append(loc.detail)
    return ", ".join(bits) or loc.part


def _summary(results: list[FileResult]) -> str:
    verdicts = Counter(r.verdict for r in results)
    parts = [f"{verdicts[v]} {v}" for v in (Verdict.PASS, Verdict.BLOCK, Verdict.ERROR)]
    return f"{len(results)} file(s): {', '.join(parts)}. Overall: {overall(results).upper()}"

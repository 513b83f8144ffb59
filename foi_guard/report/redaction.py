"""The redaction report: every change with its place and masked evidence, and the proof."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from foi_guard.redact import Redaction

MAX_LISTED = 40


def redaction_text(job: Redaction) -> str:
    if not job.ok:
        return f"ERROR  {job.input}: {job.error}\n"
    lines = [f"REDACTED  {job.input} -> {', '.join(job.outputs)}"]
    cells = [c for c in job.changes if "evidence" in c]
    for change in [c for c in job.changes if "evidence" not in c]:
        lines.append("  " + _describe(change))
    counts = Counter(str(c["action"]) for c in cells)
    for action, n in sorted(counts.items()):
        lines.append(f"  {action}: {n} place(s)")
    for change in cells[:MAX_LISTED]:
        lines.append(f"    {_place(change)} {change['action']} ({change['evidence']})")
    if len(cells) > MAX_LISTED:
        lines.append(f"    … {len(cells) - MAX_LISTED} more (see --report)")
    unit = "paragraph and table cell" if job.outputs and job.outputs[0].endswith(".docx") \
        else "cell"
    lines.append("  proof: the copy re-scans as PASS with the same policy, and every visible "
                 f"{unit} not redacted reads back unchanged")
    return "\n".join(lines) + "\n"


def _place(change: dict[str, Any]) -> str:
    if "cell" in change:
        return f"{change['sheet']}!{change['cell']}"
    return f"{change.get('part', '')} › {change.get('where', '')}"


def _describe(change: dict[str, Any]) -> str:
    where = change.get("sheet") or change.get("part")
    if where is None:
        return f"{change['action']}: {change.get('count', '')}"
    count = f" ({change['count']})" if "count" in change else ""
    return f"{change['action']}: {where}{count}"


def redaction_json(job: Redaction) -> str:
    doc = {
        "input": job.input,
        "outputs": job.outputs,
        "ok": job.ok,
        "error": job.error,
        "changes": job.changes,
        "rescans": [r.as_dict() for r in job.rescans],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n"

"""Accepted findings, as gitleaks and detect-secrets keep them: a re-release is not re-blocked.

A finding's fingerprint is the hash of the file's sha256, the rule, the entity and the location,
so a baseline names no personal data and only matches the very file that was accepted.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from foi_guard.model import FileResult, Finding, InspectionError, Severity, Verdict

VERSION = 1


def fingerprint(result: FileResult, finding: Finding) -> str:
    key = "|".join((result.sha256 or "", finding.rule, finding.entity or "",
                    finding.location.describe()))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def load_baseline(path: str | Path) -> frozenset[str]:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InspectionError(f"cannot read baseline {path}: {exc}") from None
    return frozenset(entry["fingerprint"] for entry in doc.get("findings", []))


def write_baseline(path: str | Path, results: list[FileResult]) -> int:
    entries = [{"fingerprint": fingerprint(r, f), "file": r.path, "rule": f.rule,
                "entity": f.entity, "where": f.location.describe()}
               for r in results for f in r.findings]
    doc = {"version": VERSION, "tool": "foi-guard", "findings": entries}
    Path(path).write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(entries)


def apply_baseline(result: FileResult, accepted: frozenset[str]) -> FileResult:
    """Drop findings accepted before; the verdict follows what is left (errors stay errors)."""
    if result.verdict == Verdict.ERROR or not accepted:
        return result
    kept = [f for f in result.findings if fingerprint(result, f) not in accepted]
    dropped = len(result.findings) - len(kept)
    if dropped:
        result.notes.append(f"{dropped} finding(s) accepted in the baseline")
        result.findings = kept
        blocking = any(f.severity == Severity.BLOCK for f in kept)
        result.verdict = Verdict.BLOCK if blocking else Verdict.PASS
    return result

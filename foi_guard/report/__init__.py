"""Reports of scan results: text for people, JSON and SARIF for programs. Evidence is masked."""

from __future__ import annotations

from foi_guard.model import FileResult, Verdict


def overall(results: list[FileResult]) -> Verdict:
    return Verdict.worst([r.verdict for r in results])


EXIT_CODES = {Verdict.PASS: 0, Verdict.BLOCK: 1, Verdict.ERROR: 2}

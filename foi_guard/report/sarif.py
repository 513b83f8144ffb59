"""SARIF 2.1.0, the format code-scanning dashboards and gitleaks speak."""

from __future__ import annotations

import json
from typing import Any

from foi_guard import __version__
from foi_guard.baseline import fingerprint
from foi_guard.model import FileResult, Finding, Severity

_RULES = {
    "hidden-data": "Data in a place someone opening the file would not see",
    "hidden-structure": "A hiding place (hidden sheet, row, column, name) that holds no data",
    "small-number": "A count from 1 to 4 in a table about people, which can identify someone",
    "metadata": "Document properties that may name people",
    "thumbnail": "A saved picture of the first sheet",
}


def render(results: list[FileResult]) -> str:
    rule_ids = sorted({f.rule for r in results for f in r.findings} | set(_RULES))
    run = {
        "tool": {"driver": {
            "name": "foi-guard",
            "version": __version__,
            "rules": [{"id": rid, "shortDescription": {"text": _RULES.get(rid, rid)}}
                      for rid in rule_ids],
        }},
        "results": [_result(r, f) for r in results for f in r.findings],
        "invocations": [{
            "executionSuccessful": all(r.error is None for r in results),
            "toolExecutionNotifications": [
                {"level": "error", "message": {"text": r.error},
                 "locations": [{"physicalLocation": {"artifactLocation": {"uri": r.path}}}]}
                for r in results if r.error
            ],
        }],
    }
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _result(file: FileResult, f: Finding) -> dict[str, Any]:
    where = f.location.describe()
    return {
        "ruleId": f.rule,
        "level": "error" if f.severity == Severity.BLOCK else "warning",
        "message": {"text": f"{f.message or f.rule} at {where}"},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": file.path}},
            "logicalLocations": [{"fullyQualifiedName": where, "kind": "element"}],
        }],
        "partialFingerprints": {"foiGuardFinding/v1": fingerprint(file, f)},
        "properties": {"hidden": [str(h) for h in f.hidden], "evidence": f.evidence,
                       "count": f.count, "entity": f.entity, "category": f.category},
    }

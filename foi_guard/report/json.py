"""One JSON document for a whole run."""

from __future__ import annotations

import json

from foi_guard import __version__
from foi_guard.model import FileResult
from foi_guard.report import overall


def render(results: list[FileResult]) -> str:
    doc = {
        "tool": {"name": "foi-guard", "version": __version__},
        "verdict": str(overall(results)),
        "files": [r.as_dict() for r in results],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"

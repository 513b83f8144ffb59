"""A self-contained HTML report for people: verdicts in words, findings grouped by where they
hide with the plain-English explanation of each place, masked evidence and counts.

One file that opens anywhere: the style sheet is inlined, there are no scripts, fonts, pictures
or links to other hosts. The texts come from rules/explanations.yaml, as on the web page.
"""

from __future__ import annotations

from collections import Counter

from foi_guard import __version__
from foi_guard.model import FileResult, Verdict
from foi_guard.report import overall

STYLE_SHEET = "report.css"


def render(results: list[FileResult]) -> str:
    from foi_guard.web.templating import STATIC, environment

    counts = Counter(str(r.verdict) for r in results)
    template = environment().get_template("report.html")
    return template.render(
        results=results,
        overall=overall(results),
        counts={v: counts.get(str(v), 0) for v in (Verdict.PASS, Verdict.BLOCK, Verdict.ERROR)},
        version=__version__,
        css=(STATIC / STYLE_SHEET).read_text(encoding="utf-8"),
    )

"""Word documents (tests/fixtures/docx_fixtures.py): each hiding place is found, located and
explained; the clean letter passes; broken files are errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from foi_guard.model import Verdict
from foi_guard.pipeline import scan_path
from foi_guard.report import json as json_report
from tests.fixtures.docx_fixtures import FIXTURES
from tests.fixtures.xlsx_fixtures import SURNAMES

HIDING = sorted(n for n, e in FIXTURES.items() if e.reasons)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Any]:
    root = tmp_path_factory.mktemp("docx")
    cache: dict[str, Any] = {}

    def scan(name: str) -> Any:
        if name not in cache:
            cache[name] = scan_path(FIXTURES[name].builder(root))
        return cache[name]

    return scan


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_verdict(name: str, scanned: Callable[[str], Any]) -> None:
    result = scanned(name)
    expected = FIXTURES[name]
    assert result.verdict == Verdict(expected.verdict), (result.error, [
        (f.rule, f.hidden, f.location.describe()) for f in result.findings])
    if expected.error:
        assert expected.error in (result.error or "").lower()
        assert "\n" not in result.error


@pytest.mark.parametrize("name", HIDING)
def test_found_in_its_hiding_place(name: str, scanned: Callable[[str], Any]) -> None:
    expected = FIXTURES[name]
    hits = [f for f in scanned(name).findings
            if (f.category == "personal_data") == expected.personal
            and set(expected.reasons) <= {str(h) for h in f.hidden}]
    assert hits, [(f.rule, f.hidden, f.location.describe()) for f in scanned(name).findings]
    if expected.part:
        assert any(f.location.part == expected.part for f in hits)
    if expected.entity:
        assert any(f.entity == expected.entity for f in hits)


def test_visible_table_of_officers_is_judged_as_columns(scanned: Callable[[str], Any]) -> None:
    hits = [f for f in scanned("visible_names").findings if f.category == "personal_data"]
    assert any(f.location.sheet == "table 2" and f.location.columns for f in hits), [
        f.location.describe() for f in hits]


def test_embedded_workbook_is_opened_and_its_hidden_sheet_named(
        scanned: Callable[[str], Any]) -> None:
    hits = [f for f in scanned("embedded_workbook").findings if "hidden_sheet" in f.hidden]
    assert hits
    assert all(f.location.file.endswith("› word/embeddings/Microsoft_Excel_Worksheet.xlsx")
               for f in hits)
    assert {f.location.sheet for f in hits} == {"Officers"}


def test_metadata_author_warns_but_does_not_block(scanned: Callable[[str], Any]) -> None:
    result = scanned("metadata")
    warned = [f for f in result.findings if f.category == "personal_data"
              and "metadata" in f.hidden]
    assert warned and all(str(f.severity) == "warn" for f in warned)


def test_deleted_text_is_told_apart_from_the_visible_paragraph(
        scanned: Callable[[str], Any]) -> None:
    hits = [f for f in scanned("tracked_deletion").findings if "tracked_change" in f.hidden]
    assert any("deleted text" in (f.location.detail or "") for f in hits)


@pytest.mark.parametrize("name", HIDING)
def test_reports_never_show_a_full_surname(name: str, scanned: Callable[[str], Any]) -> None:
    text = json.dumps(json_report.render([scanned(name)]))
    leaked = [s for s in SURNAMES if len(s) > 3 and s in text]
    assert not leaked


# --- the real-world corpus ---------------------------------------------------------------------
# Where our counts and MANIFEST.tsv's differ, we are right, for these reasons:
# - MANIFEST counts every w:vanish element, including those on empty paragraph marks and in
#   styles no run uses; we report hidden *text*, and those files have none.
# - MANIFEST's tracked changes count w:ins and w:del only; a tracked move (w:moveFrom, w:moveTo)
#   is a tracked change too, and its moved-from text stays in the file.
VANISH_WITHOUT_TEXT = {"45690.docm", "drawing.docx", "cat_a.docx", "cctv.docx",
                       "cross_border.docx", "mappa.docx", "pdp.docx", "prison.docx",
                       "probation.docx", "security.docx", "standard.docx", "telephone.docx"}
TRACKED_MOVES = {"revision_move.docx"}
# Documents python-docx opens that we refuse, failing closed on purpose.
REFUSED_ON_PURPOSE = {
    "broken_xml_content_types.docx": "[Content_Types].xml is not well-formed XML: we cannot "
                                     "know what each part is",
    "malformed_content_types.docx": "the same, another way",
    "test_recursive_embedded.docx": "zips nested five deep inside an OLE object: over the "
                                    "nesting limit (4)",
}


def _manifest_rows() -> list[dict[str, str]]:
    import csv

    from tests.conftest import corpus_dir

    root = corpus_dir()
    if root is None:
        return []
    with open(root / "MANIFEST.tsv", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh, delimiter="\t")
                if r["ext"] in ("docx", "docm", "dotx") and r["container"] == "zip"]


DOCX_ROWS = _manifest_rows()


@pytest.mark.skipif(not DOCX_ROWS, reason="../shared/corpus is not beside the checkout")
@pytest.mark.parametrize("row", DOCX_ROWS, ids=[r["path"] for r in DOCX_ROWS])
def test_corpus_document_agrees_with_the_manifest(row: dict[str, str]) -> None:
    import re

    from foi_guard.model import Hidden
    from foi_guard.pipeline import scan_in_full
    from tests.conftest import corpus_dir

    path = corpus_dir() / row["path"]  # type: ignore[operator]
    scan = scan_in_full(path.read_bytes(), str(path))
    result = scan.result
    if result.verdict == Verdict.ERROR:
        assert result.error and "\n" not in result.error
        assert "internal error" not in result.error, result.error
        if path.name not in REFUSED_ON_PURPOSE:
            assert row["loads"] == "fail", f"a readable document was refused: {result.error}"
        return
    top = [u for u in scan.units if not u.path]
    comments = {u.detail for u in top if re.fullmatch(r"comment \d+", u.detail or "")}
    assert len(comments) == int(row["comments"] or 0)
    embedded = {u.path[0] for u in scan.units if u.path} | {
        f.location.file.split(" › ")[1] for f in result.findings if " › " in f.location.file}
    assert len({e for e in embedded if "embeddings/" in e}) == int(row["embeddings"] or 0)
    changes = re.search(r"tracked-changes:ins=(\d+),del=(\d+)", row["notes"])
    tracked = any(Hidden.TRACKED_CHANGE in u.hidden for u in top)
    assert tracked == (bool(changes and int(changes[1]) + int(changes[2]))
                       or path.name in TRACKED_MOVES)
    hidden_text = any("hidden text" in (u.detail or "") for u in top)
    assert hidden_text == ("hidden-text(vanish)" in row["notes"]
                           and path.name not in VANISH_WITHOUT_TEXT)

"""Word documents (tests/fixtures/docx_fixtures.py): each hiding place is found, located and
explained; the clean letter passes; broken files are errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
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


def test_corpus_word_documents_all_get_a_verdict(tmp_path: Path) -> None:
    from tests.conftest import corpus_dir

    root = corpus_dir()
    if root is None:
        pytest.skip("../shared/corpus is not beside the checkout")
    from foi_guard.sniff import sniff

    internal = []
    count = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in (".docx", ".docm", ".dotx"):
            continue
        if sniff(path.read_bytes()) != "docx":
            continue
        count += 1
        result = scan_path(path)
        if result.verdict == Verdict.ERROR and "internal error" in (result.error or ""):
            internal.append((path.name, result.error))
    assert count > 200
    assert not internal

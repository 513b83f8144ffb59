"""OpenDocument files (tests/fixtures/ods_fixtures.py): each hiding place is found, located and
explained; clean files pass; broken files are errors. Then the reader itself: cell values and
their types, coordinates through repeated rows and cells, sheets listed, and the real-world
corpus read without an internal error."""

from __future__ import annotations

import csv
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple, range_boundaries

from foi_guard.formats import inspect_data
from foi_guard.formats.base import Context
from foi_guard.limits import Deadline, Limits
from foi_guard.model import SHEET_FACT, ContentUnit, Fact, Hidden, InspectionError
from foi_guard.pipeline import scan_in_full, scan_path
from foi_guard.policy import load_policy
from foi_guard.report import json as json_report
from foi_guard.sniff import sniff
from tests.conftest import corpus_dir
from tests.fixture_cache import cached_builder, cached_scanner
from tests.fixtures import ods_fixtures as ods
from tests.fixtures.ods_fixtures import FIXTURES, Raw
from tests.fixtures.xlsx_fixtures import SURNAMES

HIDING = sorted(n for n, e in FIXTURES.items() if e.verdict in ("block", "warn-only"))
CLEAN = sorted(n for n, e in FIXTURES.items() if e.verdict == "pass")
ERRORS = sorted(n for n, e in FIXTURES.items() if e.verdict == "error")
READABLE = sorted(n for n, e in FIXTURES.items() if e.verdict != "error")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    return cached_builder(FIXTURES, tmp_path_factory.mktemp("ods"))


@pytest.fixture(scope="module")
def scanned(built: Callable[[str], Path]) -> Callable[..., Any]:
    return cached_scanner(built)


def _describe(result: Any) -> str:
    lines = [f"verdict={result.verdict!s} error={result.error!r}"]
    lines += [f"  {f.severity!s:5} {[str(h) for h in f.hidden]} {f.location.describe()}"
              for f in result.findings]
    return "\n".join(lines)


def _covers(location: Any, cell: str) -> bool:
    row, col = coordinate_to_tuple(cell)
    for ref in (location.cell, location.range):
        if ref:
            c0, r0, c1, r1 = range_boundaries(ref)
            if c0 <= col <= c1 and r0 <= row <= r1:
                return True
    return False


def _spans(text: str | None) -> list[tuple[str, str]]:
    """'5-7,9' -> [('5', '7'), ('9', '9')]; 'C:D' -> [('C', 'D')]."""
    out = []
    for piece in (text or "").split(","):
        m = re.fullmatch(r"\s*(\w+)(?:[-:](\w+))?\s*", piece)
        if m:
            out.append((m.group(1), m.group(2) or m.group(1)))
    return out


def _rows_include(rows: str | None, row: int) -> bool:
    return any(int(lo) <= row <= int(hi) for lo, hi in _spans(rows))


def _columns_include(columns: str | None, letter: str) -> bool:
    col = column_index_from_string(letter)
    return any(column_index_from_string(lo) <= col <= column_index_from_string(hi)
               for lo, hi in _spans(columns))


def _matching(result: Any, expected: ods.Expected) -> list[Any]:
    found = [f for f in result.findings if expected.reason in {str(h) for h in f.hidden}]
    checks: list[tuple[str, Callable[[Any], bool]]] = [
        ("sheet", lambda f: expected.sheet is None or f.location.sheet == expected.sheet),
        ("part", lambda f: expected.part is None or expected.part in (f.location.part or "")),
        ("file", lambda f: expected.file is None or expected.file in (f.location.file or "")),
        ("cell", lambda f: expected.cell is None or _covers(f.location, expected.cell)),
        ("rows", lambda f: expected.rows is None
         or _rows_include(f.location.rows, int(expected.rows))),
        ("columns", lambda f: expected.columns is None
         or _columns_include(f.location.columns, expected.columns)),
    ]
    assert found, f"no finding with reason {expected.reason}\n{_describe(result)}"
    for what, check in checks:
        found = [f for f in found if check(f)]
        assert found, f"no such finding with the expected {what}\n{_describe(result)}"
    return found


# --- the fixtures -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", HIDING)
def test_hidden_content_is_found_and_located(name: str, scanned: Callable[[str], Any]) -> None:
    expected = FIXTURES[name]
    result = scanned(name)
    found = _matching(result, expected)
    if expected.verdict == "warn-only":
        assert str(result.verdict) == "pass", _describe(result)
        assert all(str(f.severity) == "warn" for f in result.findings), _describe(result)
    else:
        assert str(result.verdict) == "block", _describe(result)
        assert any(str(f.severity) == "block" for f in found), _describe(result)
    assert result.error is None


@pytest.mark.parametrize("name", CLEAN)
@pytest.mark.parametrize("policy", ["default", "strict"])
def test_clean_files_pass(name: str, policy: str, built: Callable[[str], Path]) -> None:
    result = scan_path(built(name), policy=load_policy(policy))
    assert str(result.verdict) == "pass", _describe(result)
    assert all({str(h) for h in f.hidden} <= {"metadata"} for f in result.findings), (
        _describe(result))


@pytest.mark.parametrize("name", ERRORS)
def test_unreadable_files_fail_closed(name: str, scanned: Callable[[str], Any]) -> None:
    result = scanned(name)
    assert str(result.verdict) == "error", _describe(result)
    assert "\n" not in result.error and "internal error" not in result.error
    assert FIXTURES[name].error in result.error.lower(), result.error


@pytest.mark.parametrize("name", READABLE)
def test_evidence_is_masked_in_json(name: str, scanned: Callable[[str], Any]) -> None:
    text = json_report.render([scanned(name)])
    leaked = sorted(s for s in SURNAMES if s in text)
    assert not leaked, f"json output shows {leaked} in full"


def test_fixtures_are_what_sniff_says() -> None:
    assert sniff(ods.ods_bytes(ods.summary())) == "ods"
    assert sniff(ods.flat("spreadsheet", ods.summary()).encode()) == "fods"
    assert sniff(ods.package({"content.xml": "<x/>"}, kind="text")) == "odf"


# --- the reader -------------------------------------------------------------------------------
def _items(data: bytes, seconds: float = 60) -> list[Any]:
    return list(inspect_data(data, Context(Limits(), Deadline(seconds))))


def _cells(items: list[Any]) -> dict[tuple[str | None, int, int], ContentUnit]:
    return {(u.sheet, u.row, u.column): u for u in items
            if isinstance(u, ContentUnit) and u.row is not None and u.detail is None}


def test_cell_values_and_types() -> None:
    typed = [
        Raw('<table:table-cell office:value-type="percentage" office:value="0.125">'
            "<text:p>12.5%</text:p></table:table-cell>"),
        Raw('<table:table-cell office:value-type="currency" office:currency="GBP" '
            'office:value="1234.5"><text:p>£1,234.50</text:p></table:table-cell>'),
        Raw('<table:table-cell office:value-type="date" office:date-value="2024-03-01">'
            "<text:p>01/03/24</text:p></table:table-cell>"),
        Raw('<table:table-cell office:value-type="date" office:date-value='
            '"2024-03-01T09:30:15.123"><text:p>01/03/24 09:30</text:p></table:table-cell>'),
        Raw('<table:table-cell office:value-type="time" office:time-value="PT13H45M00S">'
            "<text:p>13:45</text:p></table:table-cell>"),
        Raw('<table:table-cell office:value-type="string"><text:p>two<text:s text:c="2"/>'
            "spaces</text:p><text:p>and a line</text:p></table:table-cell>"),
    ]
    data = ods.ods_bytes(ods.table("Types", ods.row([42, *typed])))
    cells = _cells(_items(data))
    assert cells[("Types", 1, 1)].value == "42" and cells[("Types", 1, 1)].is_number
    assert cells[("Types", 1, 2)].value == "0.125" and cells[("Types", 1, 2)].is_number
    assert cells[("Types", 1, 3)].value == "1234.5" and cells[("Types", 1, 3)].is_number
    assert cells[("Types", 1, 4)].value == "2024-03-01" and not cells[("Types", 1, 4)].is_number
    assert cells[("Types", 1, 5)].value == "2024-03-01T09:30:15"
    assert cells[("Types", 1, 6)].value == "13:45:00"
    assert cells[("Types", 1, 7)].value == "two  spaces\nand a line"
    assert all(u.part == "content.xml" and u.hidden == () for u in cells.values())


def test_repeated_rows_and_cells_are_expanded_where_they_hold_content() -> None:
    rows = ('<table:table-row table:number-rows-repeated="3"><table:table-cell/>'
            '<table:table-cell table:number-columns-repeated="2" office:value-type="string">'
            "<text:p>n/a</text:p></table:table-cell></table:table-row>"
            + ods.row(["after"]))
    cells = _cells(_items(ods.ods_bytes(ods.table("R", rows))))
    assert sorted((r, c) for _s, r, c in cells) == [
        (1, 2), (1, 3), (2, 2), (2, 3), (3, 2), (3, 3), (4, 1)]


def test_huge_empty_repeats_cost_nothing() -> None:
    rows = (ods.row(["Header"]) + '<table:table-row table:number-rows-repeated="1048000">'
            '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
            + ods.row(["End of table"]))
    body = (f'<table:table table:name="Long"><table:table-column '
            f'table:number-columns-repeated="16384"/>{rows}</table:table>')
    started = time.monotonic()
    items = _items(ods.ods_bytes(body))
    assert time.monotonic() - started < 2
    cells = _cells(items)
    assert set(cells) == {("Long", 1, 1), ("Long", 1_048_002, 1)}


def test_every_sheet_is_listed_with_its_state(built: Callable[[str], Path]) -> None:
    items = _items(built("hidden_sheet").read_bytes())
    sheets = [(f.sheet, f.where) for f in items if isinstance(f, Fact) and f.kind == SHEET_FACT]
    assert sheets == [("Summary", "visible"), ("Officers", "hidden_sheet")]


def test_comment_is_placed_at_its_cell_with_its_author(built: Callable[[str], Path]) -> None:
    items = _items(built("comment").read_bytes())
    comments = [u for u in items if isinstance(u, ContentUnit) and Hidden.COMMENT in u.hidden]
    text = [u for u in comments if u.detail == "comment 1"]
    author = [u for u in comments if u.detail == "author of comment 1"]
    assert text and (text[0].sheet, text[0].row, text[0].column) == ("Summary", 3, 2)
    assert author and author[0].value == "Sgt Ciaran O'Neill"


def test_empty_hidden_rows_and_columns_are_facts() -> None:
    columns = ('<table:table-column table:number-columns-repeated="2"/>'
               '<table:table-column table:visibility="collapse" '
               'table:number-columns-repeated="2"/><table:table-column/>')
    rows = ods.row(["a", "b", None, None, "e"]) + ods.row(["c"], ' table:visibility="collapse"') \
        + '<table:table-row table:visibility="collapse" table:number-rows-repeated="3">' \
          "<table:table-cell/></table:table-row>"
    body = f'<table:table table:name="S">{columns}{rows}</table:table>'
    facts = [f for f in _items(ods.ods_bytes(body)) if isinstance(f, Fact)]
    assert any(f.kind == "hidden_row" and f.where == "rows 3-5" for f in facts), facts
    assert any(f.kind == "hidden_column" and f.where == "columns C:D" for f in facts), facts


def test_localised_page_labels_in_footers_are_not_findings() -> None:
    for footer in ("<text:p>Seite <text:page-number>1</text:page-number></text:p>",
                   "<text:p>Oldal <text:page-number>1</text:page-number> / "
                   "<text:page-count>9</text:page-count></text:p>"):
        data = ods.package({"content.xml": ods.content_xml(ods.summary()),
                            "styles.xml": ods.styles_xml(footer=footer)})
        assert not [u for u in _items(data) if isinstance(u, ContentUnit)
                    and Hidden.HEADER_FOOTER in u.hidden]


def test_broken_metadata_is_read_as_text() -> None:
    meta = ods.meta_xml(creator="Declan Murphy").replace("</dc:creator>", "</dc:creatr>")
    data = ods.package({"content.xml": ods.content_xml(ods.summary()), "meta.xml": meta})
    units = [u for u in _items(data) if isinstance(u, ContentUnit) and u.part == "meta.xml"]
    assert any(u.value == "Declan Murphy" and u.hidden == (Hidden.METADATA,) for u in units)


def test_an_expired_deadline_stops_the_read() -> None:
    data = ods.ods_bytes(ods.table("Many", "".join(ods.row([f"r{i}", i]) for i in range(3000))))
    with pytest.raises(InspectionError, match="longer than"):
        _items(data, seconds=0)


# --- the real-world corpus --------------------------------------------------------------------
_EXPECTED_ERRORS = ("a password is needed", "repeated cells", "malformed xml")


def test_corpus_opendocument_files() -> None:
    root = corpus_dir()
    if root is None:
        pytest.skip("no corpus: ../shared/corpus (or $FOI_GUARD_CORPUS) is absent")
    with (root / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    strict = load_policy("strict")
    verdicts: Counter[str] = Counter()
    disagreements: list[str] = []
    started = time.monotonic()
    for entry in rows:
        data = (root / entry["path"]).read_bytes()
        if sniff(data) not in ("ods", "fods", "odf"):
            continue
        scan = scan_in_full(data, entry["path"], strict)
        result = scan.result
        verdicts[str(result.verdict)] += 1
        if result.error:
            assert "internal error" not in result.error, (entry["path"], result.error)
            assert any(e in result.error.lower() for e in _EXPECTED_ERRORS), result.error
            continue
        hidden = sum(1 for s in result.sheets if s["state"] != "visible"
                     and "›" not in s["file"])
        if entry["sheets_hidden"].isdigit() and hidden != int(entry["sheets_hidden"]):
            disagreements.append(f"{entry['path']}: hidden sheets {hidden}")
        comments = {u.detail for u in scan.units if not u.path and u.detail
                    and re.fullmatch(r"comment \d+", u.detail)}
        if entry["comments"].isdigit() and len(comments) != int(entry["comments"]):
            disagreements.append(f"{entry['path']}: comments {len(comments)}")
    assert sum(verdicts.values()) >= 50, verdicts
    assert not disagreements, disagreements
    assert time.monotonic() - started < 90

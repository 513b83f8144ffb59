"""One workbook per hiding place (tests/fixtures/xlsx_fixtures.py): the scanner must find it,
say where, mask the evidence, and fail closed on files it cannot read."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple, range_boundaries

from tests.fixture_cache import cached_builder, cached_scanner
from tests.fixtures.xlsx_fixtures import FIXTURES, SURNAMES, Expected

HIDING = sorted(n for n, e in FIXTURES.items() if e.verdict in ("block", "warn-only"))
CLEAN = sorted(n for n, e in FIXTURES.items() if e.verdict == "pass")
ERRORS = sorted(n for n, e in FIXTURES.items() if e.verdict == "error")
READABLE = sorted(n for n, e in FIXTURES.items() if e.verdict != "error")


# --- building and scanning, once per session --------------------------------------------------
@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    return cached_builder(FIXTURES, tmp_path_factory.mktemp("xlsx_fixtures"))


@pytest.fixture(scope="session")
def scanned(built: Callable[[str], Path]) -> Callable[..., Any]:
    return cached_scanner(built)


# --- location helpers -------------------------------------------------------------------------
def _areas(ref: str) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of each area in 'A1:F200', 'B3', "'S'!A1 C2:D4"."""
    out = []
    for area in ref.replace(",", " ").split():
        area = area.rsplit("!", 1)[-1].replace("$", "")
        min_col, min_row, max_col, max_row = range_boundaries(area)
        out.append((min_col or 1, min_row or 1, max_col or 16384, max_row or 1048576))
    return out


def covers(location: Any, cell: str) -> bool:
    """Whether location.cell or location.range includes `cell`."""
    row, col = coordinate_to_tuple(cell)
    for ref in (location.cell, location.range):
        if ref and any(c0 <= col <= c1 and r0 <= row <= r1 for c0, r0, c1, r1 in _areas(ref)):
            return True
    return False


def _spans(text: str, parse: Callable[[str], int]) -> list[tuple[int, int]]:
    spans = []
    for piece in text.replace(" ", "").split(","):
        if not piece:
            continue
        sep = ":" if ":" in piece else "-" if "-" in piece else None
        lo, hi = piece.split(sep, 1) if sep else (piece, piece)
        spans.append((parse(lo), parse(hi)))
    return spans


def rows_include(rows: str | None, row: int) -> bool:
    """'5-7,9' (or '5:7') includes row."""
    return bool(rows) and any(a <= row <= b for a, b in _spans(str(rows), int))


def columns_include(columns: str | None, letter: str) -> bool:
    """'C:D,F' (or 'C-D') includes column letter."""
    col = column_index_from_string(letter)
    return bool(columns) and any(
        a <= col <= b for a, b in _spans(str(columns).replace("$", ""), column_index_from_string))


def test_location_helpers() -> None:
    def loc(cell: str | None = None, range: str | None = None) -> SimpleNamespace:
        return SimpleNamespace(cell=cell, range=range)

    assert covers(loc(range="A1:F200"), "C150")
    assert not covers(loc(range="A1:F200"), "G1") and not covers(loc(range="A1:F200"), "A201")
    assert covers(loc(cell="XFA50000"), "XFA50000") and not covers(loc("XFA50000"), "XFA49999")
    assert covers(loc(range="'Data'!$B$2:$C$3 E5"), "C3") and covers(loc(range="B2:C3,E5"), "E5")
    assert not covers(loc(range="B2:C3 E5"), "D4") and not covers(loc(), "A1")
    assert rows_include("5-7,9", 6) and rows_include("5-7,9", 9) and not rows_include("5-7,9", 8)
    assert columns_include("C:D,F", "D") and columns_include("E", "E")
    assert not columns_include("C:D,F", "E") and not columns_include(None, "A")


# --- describing results on failure -------------------------------------------------------------
def _describe(result: Any) -> str:
    lines = [f"verdict={result.verdict!s} error={result.error!r}"]
    for f in result.findings:
        lines.append(f"  {f.severity!s:5} {[str(h) for h in f.hidden]} {f.location!r}")
    return "\n".join(lines)


def _matching(result: Any, expected: Expected) -> list[Any]:
    """Findings carrying the expected reason(s) and matching every expected location field."""
    wanted = {expected.reason, *expected.also}
    found = [f for f in result.findings if wanted <= {str(h) for h in f.hidden}]
    assert found, f"no finding with hidden ⊇ {sorted(wanted)}\n{_describe(result)}"
    if expected.sheet is not None:
        found = [f for f in found if f.location.sheet == expected.sheet]
        assert found, f"no such finding on sheet {expected.sheet!r}\n{_describe(result)}"
    if expected.part is not None:
        found = [f for f in found if expected.part in (f.location.part or "")]
        assert found, f"no such finding in a part containing {expected.part!r}\n{_describe(result)}"
    if expected.file is not None:
        found = [f for f in found if expected.file in (f.location.file or "")]
        assert found, f"no such finding in a file containing {expected.file!r}\n{_describe(result)}"
    if expected.cell is not None:
        found = [f for f in found if covers(f.location, expected.cell)]
        assert found, f"no such finding covering {expected.cell}\n{_describe(result)}"
    if expected.rows is not None:
        found = [f for f in found if rows_include(f.location.rows, int(expected.rows))]
        assert found, f"no such finding with rows including {expected.rows}\n{_describe(result)}"
    if expected.columns is not None:
        found = [f for f in found if columns_include(f.location.columns, expected.columns)]
        assert found, f"no such finding with columns incl. {expected.columns}\n{_describe(result)}"
    return found


# --- the fixtures themselves ------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_fixture_holds_what_it_claims(name: str, built: Callable[[str], Path]) -> None:
    path = built(name)
    assert path.is_file() and path.stat().st_size > 0
    expected = FIXTURES[name]
    if expected.probe is None:
        return
    member, needle = expected.probe
    if member == "":
        data = path.read_bytes()
    else:
        with zipfile.ZipFile(path) as zf:
            data = zf.read(member)
    assert needle in data, f"{name}: {member or 'file'} lacks {needle!r}"


# --- the scanner ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", HIDING)
def test_hidden_content_is_found(name: str, scanned: Callable[[str], Any]) -> None:
    expected = FIXTURES[name]
    result = scanned(name)
    found = _matching(result, expected)
    assert any(str(f.severity) == expected.severity for f in found), (
        f"expected severity {expected.severity}\n{_describe(result)}")
    if expected.verdict == "warn-only":
        assert str(result.verdict) == "pass", _describe(result)
        assert not [f for f in result.findings if str(f.severity) == "block"], _describe(result)
    else:
        assert str(result.verdict) == expected.verdict, _describe(result)
        assert result.error is None, _describe(result)


@pytest.mark.parametrize("name", CLEAN)
def test_clean_workbook_passes(name: str, scanned: Callable[[str], Any]) -> None:
    result = scanned(name)
    assert str(result.verdict) == "pass", _describe(result)
    assert result.error is None
    assert not [f for f in result.findings if str(f.severity) == "block"], _describe(result)
    # Nothing at all beyond, possibly, a metadata warning.
    assert all({str(h) for h in f.hidden} <= {"metadata"} for f in result.findings), (
        _describe(result))


@pytest.mark.parametrize("name", ERRORS)
def test_unreadable_files_fail_closed(name: str, scanned: Callable[[str], Any]) -> None:
    result = scanned(name)
    assert str(result.verdict) == "error", _describe(result)
    assert isinstance(result.error, str) and result.error.strip(), _describe(result)
    assert "\n" not in result.error.strip() and "\r" not in result.error, repr(result.error)
    assert "Traceback" not in result.error


@pytest.mark.parametrize("name", READABLE)
def test_evidence_is_masked(name: str, scanned: Callable[[str], Any]) -> None:
    result = scanned(name)
    for finding in result.findings:
        for evidence in finding.evidence:
            leaked = sorted(s for s in SURNAMES if s in evidence)
            assert not leaked, f"evidence {evidence!r} shows {leaked} in full"


# --- the command line -------------------------------------------------------------------------
FILE_KEYS = {"path", "verdict", "error", "findings"}
FINDING_KEYS = {"rule", "category", "severity", "hidden", "location", "entity", "evidence",
                "count"}


def _cli_json(path: Path) -> tuple[int, dict[str, Any]]:
    from click.testing import CliRunner

    from foi_guard.cli import main

    result = CliRunner().invoke(main, ["scan", "--format", "json", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{result.exception!r}\n{result.output}")
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as exc:
        raise AssertionError(f"stdout is not JSON ({exc}):\n{result.stdout}") from None
    assert {"verdict", "files"} <= set(report), report
    assert isinstance(report["files"], list) and len(report["files"]) == 1, report
    entry = report["files"][0]
    assert set(entry) >= FILE_KEYS, entry
    assert isinstance(entry["findings"], list)
    for finding in entry["findings"]:
        assert set(finding) >= FINDING_KEYS, finding
        assert isinstance(finding["hidden"], list) and isinstance(finding["location"], dict)
        assert isinstance(finding["evidence"], list) and isinstance(finding["count"], int)
    return result.exit_code, report


def test_cli_blocks_hidden_sheet(built: Callable[[str], Path]) -> None:
    code, report = _cli_json(built("hidden_sheet"))
    assert code == 1, report
    assert report["verdict"] == "block"
    entry = report["files"][0]
    assert entry["verdict"] == "block" and entry["error"] is None
    hits = [f for f in entry["findings"] if "hidden_sheet" in f["hidden"]]
    assert hits and any(f["location"].get("sheet") == "Officers" for f in hits), entry
    assert all(f["severity"] in ("block", "warn") for f in entry["findings"])


def test_cli_passes_clean_stats(built: Callable[[str], Path]) -> None:
    code, report = _cli_json(built("clean_stats"))
    assert code == 0, report
    assert report["verdict"] == "pass"
    assert report["files"][0]["verdict"] == "pass"


def test_cli_errors_on_not_a_zip(built: Callable[[str], Path]) -> None:
    code, report = _cli_json(built("not_a_zip"))
    assert code == 2, report
    assert report["verdict"] == "error"
    entry = report["files"][0]
    assert entry["verdict"] == "error"
    assert isinstance(entry["error"], str) and "\n" not in entry["error"].strip()


def test_hyperlink_target_behind_harmless_text_is_read(tmp_path: Path) -> None:
    """'Contact' on the sheet, a person's address behind it: the target is hidden text."""
    from openpyxl import Workbook

    from foi_guard.pipeline import scan_path

    wb = Workbook()
    ws = wb.active
    ws.title = "Contacts"
    ws["A1"] = "Contact"
    ws["A1"].hyperlink = "mailto:siobhan.mclaughlin@police.example"
    path = tmp_path / "link.xlsx"
    wb.save(path)
    result = scan_path(path)
    hits = [f for f in result.findings if f.entity == "EMAIL_ADDRESS"]
    assert hits and all("hidden_text" in f.hidden for f in hits)
    assert hits[0].location.sheet == "Contacts" and "hyperlink target" in hits[0].location.detail
    assert str(result.verdict) == "block"

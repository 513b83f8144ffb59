"""Redaction: every hiding place a scan blocks on is gone from the copy, the copy re-scans clean,
visible cells survive unchanged, the input is never touched and failures leave nothing behind."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foi_guard.cli import main
from foi_guard.model import Verdict
from foi_guard.pipeline import scan_in_full, scan_path
from foi_guard.policy import load_policy
from foi_guard.redact import redact
from sample_spreadsheets.make_samples import build_psni_style_workforce, build_victims_pivot
from tests.fixtures import detect_fixtures as dfx
from tests.fixtures.xlsx_fixtures import FIXTURES

STRICT = load_policy("strict")
BLOCKING = sorted(n for n, e in FIXTURES.items() if e.verdict == "block")
UNREADABLE = sorted(n for n, e in FIXTURES.items() if e.verdict == "error")


def hidden_values(path: Path) -> set[str]:
    """Words found only in hiding places of the input (not even inside a visible value): none
    may reach the copy."""
    scan = scan_in_full(path.read_bytes(), str(path), STRICT)
    visible = "\n".join([u.value for u in scan.units if not u.hidden]
                        + [s["name"] for s in scan.result.sheets if s["state"] == "visible"])
    return {u.value for u in scan.units if u.hidden and not u.is_number and len(u.value) >= 5
            and u.value not in visible and not u.value.isdigit()}


def package_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())


@pytest.mark.parametrize("name", BLOCKING)
def test_every_blocked_fixture_redacts_to_a_copy_that_passes(name: str, tmp_path: Path) -> None:
    source = FIXTURES[name].builder(tmp_path)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    job = redact(source, tmp_path / "out.xlsx", policy=STRICT)
    assert job.ok, job.error
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before, "input was modified"
    out = Path(job.outputs[0])
    assert scan_path(out, STRICT).verdict == Verdict.PASS
    text = package_text(out)
    leaked = sorted(v for v in hidden_values(source) if v in text)
    assert not leaked, f"hidden content survived: {[v[:3] for v in leaked]}"
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".foi-guard-")] == []


@pytest.mark.parametrize("name", UNREADABLE)
def test_unreadable_input_gives_a_reason_and_no_output(name: str, tmp_path: Path) -> None:
    source = FIXTURES[name].builder(tmp_path)
    job = redact(source, tmp_path / "out.xlsx", policy=STRICT)
    assert not job.ok and job.error and "\n" not in job.error
    assert not (tmp_path / "out.xlsx").exists()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".foi-guard-")] == []


def test_psni_copy_keeps_the_summary_drops_the_hidden_tab_and_opens_everywhere(
        tmp_path: Path) -> None:
    source = build_psni_style_workforce(tmp_path / "psni.xlsx")
    result = CliRunner().invoke(main, ["redact", str(source)])
    assert result.exit_code == 0, result.stdout
    out = tmp_path / "psni.redacted.xlsx"
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Summary"]
    assert wb["Summary"]["A1"].value == openpyxl.load_workbook(source)["Summary"]["A1"].value
    frame = pd.read_excel(out, sheet_name=None)
    assert list(frame) == ["Summary"]
    assert scan_path(out).verdict == Verdict.PASS


def test_personal_data_is_replaced_in_place_and_counts_stay(tmp_path: Path) -> None:
    source = dfx.build_victims_visible(tmp_path / "victims.xlsx")
    job = redact(source, tmp_path / "out.xlsx")
    assert job.ok, job.error
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert ws["A1"].value == "Victim name"
    assert ws["A2"].value == "[redacted: PERSON]"
    assert ws["E2"].value == "Burglary"  # the offence is not personal: kept
    assert all(c.get("evidence") != "Siobhan McAteer" for c in job.changes)


def test_free_text_keeps_its_words_around_the_marker(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Ref", "Incidents", "Notes"])
    ws.append(["A1", 3, "Statement taken from Mrs O'Neill at 14 Antrim Road, BT15 2AA"])
    ws.append(["A2", 5, "No further action"])
    wb.save(tmp_path / "notes.xlsx")
    job = redact(tmp_path / "notes.xlsx", tmp_path / "out.xlsx")
    assert job.ok, job.error
    note = openpyxl.load_workbook(tmp_path / "out.xlsx").active["C2"].value
    assert note.startswith("Statement taken from") and "O'Neill" not in note
    assert "BT15" not in note and "[redacted:" in note


def test_csv_copy_neutralises_formulas_and_can_carry_a_bom(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Item", "Note"])
    ws.append(["Budget", "=1+1"])
    ws["B2"].data_type = "s"
    ws.append(["Other", "@SUM(A1)"])
    wb.save(tmp_path / "f.xlsx")
    result = CliRunner().invoke(main, ["redact", "--format", "csv", "--bom",
                                       str(tmp_path / "f.xlsx")])
    assert result.exit_code == 0, result.stdout
    raw = (tmp_path / "f.redacted.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "'=1+1" in text and "'@SUM(A1)" in text


def test_several_sheets_make_one_csv_each(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Crimes"
    wb.active.append(["Month", "Count"])
    wb.active.append(["January", 120])
    other = wb.create_sheet("Arrests")
    other.append(["Month", "Count"])
    other.append(["January", 44])
    wb.save(tmp_path / "two.xlsx")
    job = redact(tmp_path / "two.xlsx", tmp_path / "two.csv", fmt="csv")
    assert job.ok, job.error
    assert sorted(Path(p).name for p in job.outputs) == ["two.Arrests.csv", "two.Crimes.csv"]


def test_existing_output_is_not_overwritten_without_force(tmp_path: Path) -> None:
    source = dfx.build_officers_by_rank(tmp_path / "ranks.xlsx")
    out = tmp_path / "ranks.redacted.xlsx"
    out.write_bytes(b"keep me")
    result = CliRunner().invoke(main, ["redact", str(source)])
    assert result.exit_code == 2 and "--force" in result.stdout
    assert out.read_bytes() == b"keep me"
    assert CliRunner().invoke(main, ["redact", "--force", str(source)]).exit_code == 0
    assert zipfile.is_zipfile(out)


def test_pivot_cache_of_victims_is_gone_and_small_numbers_suppressed(tmp_path: Path) -> None:
    source = build_victims_pivot(tmp_path / "pivot.xlsx")
    job = redact(source, tmp_path / "out.xlsx", policy=STRICT)
    assert job.ok, job.error
    assert "pivotCache" not in package_text(tmp_path / "out.xlsx")
    assert any(c["action"] == "small number" for c in job.changes)
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert "<5" in {c.value for row in ws.iter_rows() for c in row}


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: apt-get install "
                           "libreoffice-calc-nogui to run this check")
def test_libreoffice_opens_the_copy(tmp_path: Path) -> None:
    source = build_psni_style_workforce(tmp_path / "psni.xlsx")
    job = redact(source, tmp_path / "out.xlsx")
    assert job.ok, job.error
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "csv", "--outdir",
                           str(tmp_path / "lo"), str(tmp_path / "out.xlsx")],
                          capture_output=True, timeout=180, check=False)
    assert done.returncode == 0 and (tmp_path / "lo" / "out.csv").exists()


WORDS = st.sampled_from(["Total", "January", "Budget", "Open", "Closed", "Area A", "n/a"])
VALUES = st.one_of(st.integers(min_value=5, max_value=10**6), WORDS)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(grid=st.lists(st.lists(VALUES, min_size=3, max_size=3), min_size=2, max_size=8),
       hidden_rows=st.sets(st.integers(min_value=2, max_value=9), max_size=3),
       hidden_col=st.sampled_from([None, "A", "B", "C"]))
def test_visible_cells_survive_and_hidden_ones_do_not(tmp_path: Path, grid, hidden_rows,
                                                      hidden_col) -> None:
    path = tmp_path / "g.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in grid:
        ws.append(row)
    for r in hidden_rows:
        ws.row_dimensions[r].hidden = True
    if hidden_col:
        ws.column_dimensions[hidden_col].hidden = True
    wb.save(path)
    out = tmp_path / "g.out.xlsx"
    job = redact(path, out, policy=STRICT, force=True)
    assert job.ok, job.error
    expected = [[v for c, v in zip("ABC", row, strict=True) if c != hidden_col]
                for r, row in enumerate(grid, 1) if r not in hidden_rows]
    got = [list(r) for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)]
    got = [[v for v in row] for row in got][:len(expected)]
    assert [[str(v) for v in row] for row in got] == [[str(v) for v in row] for row in expected]

